"""Skill names (tui.normalize.skills): aliases, keys, lists and skills found in prose."""

from __future__ import annotations

import pytest

from tui.normalize.skills import (
    VOCABULARY,
    canonical_skill,
    find_skills,
    parse_skills,
    skill_key,
)

CANONICAL = [
    ("pytorch", "PyTorch"),
    ("PYTORCH", "PyTorch"),
    ("sklearn", "scikit-learn"),
    ("scikit learn", "scikit-learn"),
    ("Scikit-Learn", "scikit-learn"),
    ("k8s", "Kubernetes"),
    ("tf", "TensorFlow"),
    ("gcp", "GCP"),
    ("google cloud", "GCP"),
    ("aws", "AWS"),
    ("llm", "LLM"),
    ("LLMs", "LLM"),
    ("nlp", "NLP"),
    ("自然言語処理", "NLP"),
    ("cv", "Computer Vision"),
    ("画像認識", "Computer Vision"),
    ("機械学習", "Machine Learning"),
    ("golang", "Go"),
    ("node.js", "Node.js"),
    ("c++", "C++"),
    ("ｐｙｔｈｏｎ", "Python"),
    ("  Weird Thing  ", "Weird Thing"),
    ("", ""),
]


@pytest.mark.parametrize("name,expected", CANONICAL)
def test_canonical_skill(name: str, expected: str) -> None:
    assert canonical_skill(name) == expected


def test_canonical_is_idempotent_over_the_vocabulary() -> None:
    assert len(VOCABULARY) >= 80
    for canon in VOCABULARY:
        assert canonical_skill(canon) == canon


@pytest.mark.parametrize(
    "a,b",
    [("PyTorch", "pytorch"), ("sklearn", "scikit-learn"), ("k8s", "Kubernetes"),
     ("Node.js", "nodejs"), ("Machine Learning", "機械学習"), ("Unknown Tool", "unknown-tool")],
)
def test_skill_key_matches_aliases(a: str, b: str) -> None:
    assert skill_key(a) == skill_key(b)


def test_skill_key_keeps_distinct_skills_apart() -> None:
    assert skill_key("C++") != skill_key("C#") != skill_key("C")
    assert skill_key("Java") != skill_key("JavaScript")


PARSE = [
    ("Python, PyTorch", ("Python", "PyTorch")),
    ("Python、PyTorch・SQL", ("Python", "PyTorch", "SQL")),
    ("python / pytorch | k8s；AWS", ("Python", "PyTorch", "Kubernetes", "AWS")),
    ("Python\nPandas\nNumPy", ("Python", "Pandas", "NumPy")),
    ("CI/CD, Docker", ("CI/CD", "Docker")),
    ("python, Python, PYTHON", ("Python",)),
    ("sklearn, scikit-learn", ("scikit-learn",)),
    (["pytorch", "PyTorch", 3, None, ["numpy"]], ("PyTorch", "3", "NumPy")),
    ({"pytorch": 3, "python": 2}, ("PyTorch", "Python")),
    ([{"name": "JAX"}], ("JAX",)),
    ("", ()),
    (None, ()),
]


@pytest.mark.parametrize("value,expected", PARSE)
def test_parse_skills(value: object, expected: tuple[str, ...]) -> None:
    assert parse_skills(value) == expected


FIND = [
    ("PyTorchでの開発経験", ("PyTorch",)),
    ("PyTorch only", ("PyTorch",)),  # no "R" inside PyTorch
    ("Python/R、SQLが必須", ("Python", "R", "SQL")),
    ("Experience with R&D teams", ()),
    ("Send your CV to jobs@example.com", ()),
    ("Go to our website", ()),
    ("Go言語またはRustでの開発", ("Go", "Rust")),
    ("GitHub and PostgreSQL", ("PostgreSQL",)),
    ("LLMs and RAG with LangChain on GCP", ("LLM", "RAG", "LangChain", "GCP")),
    ("scikit-learn, pandas and numpy", ("scikit-learn", "Pandas", "NumPy")),
    ("C++ and C# and Node.js", ("C++", "C#", "Node.js")),
    ("Kubernetes (k8s) on AWS", ("Kubernetes", "AWS")),
    ("画像認識モデル開発", ("Computer Vision",)),
    ("生成AIを活用した自然言語処理", ("Generative AI", "NLP")),
    ("機械学習エンジニア（Python, TensorFlow）", ("Machine Learning", "Python", "TensorFlow")),
    ("Apache Spark and spark of joy", ("Spark",)),
    ("ｐｙｔｏｒｃｈ", ("PyTorch",)),
    ("", ()),
]


@pytest.mark.parametrize("prose,expected", FIND)
def test_find_skills(prose: str, expected: tuple[str, ...]) -> None:
    assert find_skills(prose) == expected

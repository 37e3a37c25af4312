"""Skill names: one spelling per skill, matching keys, and skills found in prose.

``canonical_skill("pytorch") == "PyTorch"``; ``skill_key`` folds case and punctuation so
the query and fit layers can compare ``sklearn`` with ``scikit-learn``. Unknown skills
keep their own spelling.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from .text import sanitize_line

#: canonical name -> aliases (matched case-insensitively after folding).
VOCABULARY: dict[str, tuple[str, ...]] = {
    "Python": ("python3", "python 3", "パイソン"),
    "PyTorch": ("torch", "pytorch lightning"),
    "TensorFlow": ("tensorflow2", "tensorflow 2", "tf", "tf2"),
    "Keras": (),
    "JAX": (),
    "scikit-learn": ("sklearn", "scikit learn", "scikitlearn", "scikit"),
    "Pandas": (),
    "NumPy": (),
    "SciPy": (),
    "Polars": (),
    "Matplotlib": (),
    "Jupyter": ("jupyter notebook", "jupyterlab"),
    "SQL": (),
    "PostgreSQL": ("postgres",),
    "MySQL": (),
    "BigQuery": ("big query",),
    "Snowflake": (),
    "Databricks": (),
    "Spark": ("apache spark", "pyspark"),
    "Hadoop": (),
    "Airflow": ("apache airflow",),
    "dbt": (),
    "Kafka": ("apache kafka",),
    "Docker": (),
    "Kubernetes": ("k8s",),
    "Terraform": (),
    "AWS": ("amazon web services",),
    "GCP": ("google cloud", "google cloud platform"),
    "Azure": ("microsoft azure",),
    "SageMaker": ("amazon sagemaker", "aws sagemaker"),
    "Vertex AI": ("vertexai",),
    "MLflow": (),
    "Kubeflow": (),
    "MLOps": ("ml ops",),
    "LLM": ("llms", "large language model", "large language models", "大規模言語モデル"),
    "NLP": ("natural language processing", "自然言語処理"),
    "RAG": ("retrieval augmented generation", "retrieval-augmented generation"),
    "LangChain": (),
    "LlamaIndex": ("llama index",),
    "Hugging Face": ("huggingface", "hugging face transformers"),
    "OpenAI API": ("openai",),
    "Computer Vision": ("cv", "画像認識", "画像処理", "コンピュータビジョン", "コンピュータービジョン"),
    "OpenCV": (),
    "YOLO": (),
    "Deep Learning": ("dl", "深層学習", "ディープラーニング"),
    "Machine Learning": ("ml", "機械学習"),
    "Reinforcement Learning": ("強化学習",),
    "Recommender Systems": ("recommender system", "recommendation systems",
                            "recommendation system", "レコメンド", "レコメンデーション", "推薦システム"),
    "Time Series": ("time-series", "時系列", "時系列解析", "時系列分析"),
    "Statistics": ("統計", "統計解析", "統計学"),
    "Generative AI": ("genai", "gen ai", "生成ai", "生成系ai"),
    "Data Analysis": ("データ分析", "data analytics"),
    "R": ("r言語",),
    "Go": ("golang", "go言語"),
    "Rust": (),
    "TypeScript": ("ts",),
    "JavaScript": ("js",),
    "Java": (),
    "Scala": (),
    "C++": ("cpp",),
    "C#": ("csharp",),
    "Julia": (),
    "CUDA": (),
    "ONNX": (),
    "TensorRT": (),
    "Triton": ("triton inference server",),
    "FastAPI": (),
    "Flask": (),
    "Django": (),
    "React": ("react.js", "reactjs"),
    "Node.js": ("node", "nodejs"),
    "Git": (),
    "GitHub Actions": (),
    "Linux": (),
    "CI/CD": ("cicd",),
    "Redis": (),
    "Elasticsearch": ("elastic search",),
    "MongoDB": ("mongo",),
    "Tableau": (),
    "Power BI": ("powerbi",),
    "Looker": (),
    "LightGBM": ("lgbm",),
    "XGBoost": (),
    "CatBoost": (),
    "Stable Diffusion": (),
    "BERT": (),
    "Ray": (),
    "Dask": (),
    "Streamlit": (),
}

# Short or common words: found in prose only in a list-like context or their own forms.
_AMBIGUOUS = {"r", "go", "cv", "tf", "ts", "js", "dl", "ml", "node", "ray", "torch", "git",
              "mongo", "scikit", "spark", "julia", "triton", "looker", "react",
              "flask", "rust", "scala"}
# Of those, the ones that read unambiguously once case is right ("Spark", "Rust").
_CASE_OK = {"spark", "rust", "scala", "julia", "react", "flask", "looker", "triton", "ray",
            "ml", "dl", "git"}


def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[^\w+#]|_", "", s)


_ALIASES: dict[str, str] = {}
for _canon, _aliases in VOCABULARY.items():
    _ALIASES[_fold(_canon)] = _canon
    for _a in _aliases:
        _ALIASES.setdefault(_fold(_a), _canon)


def canonical_skill(name: object) -> str:
    """The one spelling of a skill (``pytorch`` → ``PyTorch``, ``k8s`` → ``Kubernetes``).

    Unknown names keep their own spelling, sanitized and stripped.
    """
    s = sanitize_line(name)
    if not s:
        return ""
    return _ALIASES.get(_fold(s), s)


def skill_key(name: object) -> str:
    """The folded key skills are compared by: ``skill_key("sklearn") == skill_key("scikit-learn")``."""
    return _fold(canonical_skill(name))


_PROTECT = ("CI/CD", "TCP/IP", "A/B", "I/O")
_SPLIT = re.compile(r"[,、・/|；;，\n]+|\s+(?:and|&)\s+")


def _flatten(value: object) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name") if isinstance(value.get("name"), str) else None
        return [name] if name else [str(k) for k in value if isinstance(k, str)]
    if isinstance(value, (list, tuple, set, frozenset)):
        out: list[str] = []
        for item in value:
            if isinstance(item, (list, tuple, dict)):
                out.extend(_flatten(item))
            elif item is not None and not isinstance(item, bool):
                out.append(str(item))
        return out
    if isinstance(value, (int, float)):
        return [str(value)]
    return []


def parse_skills(value: object) -> tuple[str, ...]:
    """Skills from a list or a delimited string (``,`` ``、`` ``・`` ``/`` ``|`` ``；``
    newlines), canonicalized and deduplicated case-insensitively, order kept."""
    out: list[str] = []
    seen: set[str] = set()
    for text in _flatten(value):
        text = sanitize_line(text) if "\n" not in text else text
        for i, p in enumerate(_PROTECT):
            text = re.sub(re.escape(p), f"\x00{i}\x00", text, flags=re.IGNORECASE)
        for part in _SPLIT.split(text):
            part = re.sub(r"\x00(\d)\x00", lambda m: _PROTECT[int(m.group(1))], part)
            name = canonical_skill(part.strip(" \t-•*・:：()（）[]「」"))
            key = _fold(name)
            if name and key and key not in seen and len(name) <= 60:
                seen.add(key)
                out.append(name)
    return tuple(out)


_TOKEN = re.compile(r"[A-Za-z0-9]+|\+\+|#")
_JOINERS = frozenset({"", " ", "-", ".", "/", "_"})


def _build() -> tuple[dict[str, str], set[str], list[tuple[str, str]]]:
    """ASCII folded term -> canonical; case-exact keys; non-ASCII (CJK) terms."""
    ascii_terms: dict[str, str] = {}
    exact: set[str] = set()
    cjk: list[tuple[str, str]] = []
    for canon, aliases in VOCABULARY.items():
        for term in (canon, *aliases):
            key = _fold(term)
            if not term.isascii():
                cjk.append((unicodedata.normalize("NFKC", term).casefold(), canon))
                continue
            if key in _AMBIGUOUS:
                if key in _CASE_OK and term == canon:
                    exact.add(canon)
                continue
            ascii_terms.setdefault(key, canon)
    return ascii_terms, exact, cjk


_ASCII_TERMS, _EXACT_TERMS, _CJK_TERMS = _build()
#: Folded beginnings of multi-word terms ("machine" of "machine learning"), so the scan
#: only looks past a word when a longer term could start there.
_PREFIXES = frozenset(
    "".join(parts[:k])
    for parts in (_TOKEN.findall(t.lower()) for t in _ASCII_TERMS)
    for k in range(1, len(parts))
) | frozenset(
    "".join(parts[:k])
    for canon, aliases in VOCABULARY.items()
    for parts in (_TOKEN.findall(t.lower()) for t in (canon, *aliases) if t.isascii())
    for k in range(1, len(parts))
)
# Ambiguous short names count only in a list: "Python, R, SQL", "Python/Go", "(CV)".
_LISTABLE = {"r": "R", "go": "Go", "cv": "Computer Vision", "tf": "TensorFlow",
             "ts": "TypeScript", "js": "JavaScript", "dl": "Deep Learning",
             "ml": "Machine Learning", "node": "Node.js", "torch": "PyTorch", "git": "Git"}
_LIST_BEFORE = frozenset(",、・/|(（:：")
_LIST_AFTER = frozenset(",、・/|)）")


def _listed(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" ")
    if before and before[-1] not in _LIST_BEFORE:
        return False
    after = text[end:]
    rest = after.lstrip(" ")
    if not rest or rest[0] in _LIST_AFTER:
        return True
    return after.startswith((" and ", " & ", " or "))


def find_skills(prose: object) -> tuple[str, ...]:
    """Known skills named in free text, in order of first appearance.

    Word boundaries are ASCII-aware: ``R`` is not found in ``PyTorch`` and ``PyTorchでの開発``
    finds PyTorch. Short ambiguous names (R, Go, CV, ML…) count only in a list context.
    """
    text = unicodedata.normalize("NFKC", sanitize_line(prose))
    if not text:
        return ()
    hits: list[tuple[int, str]] = []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    n = len(tokens)
    i = 0
    while i < n:
        start, end, word = tokens[i]
        low = word.lower()
        acc = low
        best: tuple[int, str] | None = None
        canon = _ASCII_TERMS.get(acc)
        if canon is None and word in _EXACT_TERMS:
            canon = word
        if canon is None and low in _LISTABLE and _listed(text, start, end):
            canon = _LISTABLE[low]
        if canon:
            best = (i, canon)
        j = i
        while acc in _PREFIXES and j + 1 < n and text[tokens[j][1]:tokens[j + 1][0]] in _JOINERS:
            j += 1
            acc += tokens[j][2].lower()
            longer = _ASCII_TERMS.get(acc)
            if longer:
                best = (j, longer)
        if best:
            hits.append((start, best[1]))
            i = best[0] + 1
        else:
            i += 1
    folded = text.casefold()
    for term, canon in _CJK_TERMS:
        pos = folded.find(term)
        if pos >= 0:
            hits.append((pos, canon))
    out: list[str] = []
    for _, canon in sorted(hits):
        if canon not in out:
            out.append(canon)
    return tuple(out)


def canonical_skills(names: Iterable[object]) -> tuple[str, ...]:
    """Canonicalize and deduplicate an iterable of names (helper for other layers)."""
    return parse_skills(list(names))

"""The names the filter language knows: qualifiers, their aliases and enum values.

Everything here is data plus two tiny helpers (``fold`` and ``skill_key``), so the
lexer, the parser, the evaluator and the help screen all read one table.
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from ..model import CONTRACT_FORMS, ENGAGEMENTS, REMOTES


def fold(text: str | None) -> str:
    """Text for case-insensitive comparison: NFKC (full-width → ASCII) then casefold."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


# --------------------------------------------------------------------------- skills

#: A small alias table, used only when ``tui.normalize.skills.skill_key`` is not
#: installed. Keys and values are folded; values are the canonical key.
_SKILL_ALIASES: dict[str, str] = {
    "pytorch": "pytorch", "torch": "pytorch", "py torch": "pytorch",
    "sklearn": "scikit-learn", "scikit learn": "scikit-learn", "scikitlearn": "scikit-learn",
    "scikit-learn": "scikit-learn", "sk-learn": "scikit-learn",
    "k8s": "kubernetes", "kubernetes": "kubernetes", "kube": "kubernetes",
    "tf": "tensorflow", "tensorflow": "tensorflow", "tensor flow": "tensorflow",
    "py": "python", "python3": "python", "python 3": "python", "python": "python",
    "golang": "go", "go": "go",
    "js": "javascript", "javascript": "javascript",
    "ts": "typescript", "typescript": "typescript",
    "postgres": "postgresql", "postgresql": "postgresql", "psql": "postgresql",
    "gcp": "gcp", "google cloud": "gcp", "google cloud platform": "gcp",
    "aws": "aws", "amazon web services": "aws",
    "numpy": "numpy", "np": "numpy",
    "pandas": "pandas", "pd": "pandas",
    "hf": "hugging face", "huggingface": "hugging face", "hugging face": "hugging face",
    "llm": "llm", "llms": "llm", "large language models": "llm",
    "ml": "machine learning", "machine learning": "machine learning", "機械学習": "machine learning",
    "dl": "deep learning", "deep learning": "deep learning", "深層学習": "deep learning",
    "ディープラーニング": "deep learning",
    "nlp": "nlp", "自然言語処理": "nlp",
    "cv": "computer vision", "computer vision": "computer vision", "画像認識": "computer vision",
    "mlops": "mlops", "ml ops": "mlops",
}

def _fallback_skill_key(name: str) -> str:
    """Canonical key of a skill name: folded, spaces squeezed, aliases resolved."""
    key = " ".join(fold(name).replace("_", " ").split())
    return _SKILL_ALIASES.get(key, key)


def _resolve_skill_key() -> tuple[Callable[[str], str], bool]:
    """``tui.normalize.skills.skill_key`` when another module provides it, else ours."""
    try:
        from ..normalize.skills import skill_key as external  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - absent or broken: the local table serves
        return _fallback_skill_key, False

    def key(name: str) -> str:
        try:
            value = external(name)
        except Exception:  # noqa: BLE001 - untrusted text must never raise here
            value = None
        if not isinstance(value, str) or not value:
            return _fallback_skill_key(name)
        return fold(value)

    return key, True


def skill_key(name: str) -> str:
    """The canonical key of a skill or alias (``sklearn`` and ``scikit-learn`` agree).

    Uses ``tui.normalize.skills.skill_key`` when it exists, else a small local table.
    """
    global _SKILL_KEY
    if _SKILL_KEY is None:  # resolved on first use: importing the normalizers is not free
        _SKILL_KEY = _resolve_skill_key()[0]
    return _SKILL_KEY(name)


_SKILL_KEY: Callable[[str], str] | None = None


# --------------------------------------------------------------------------- qualifiers

#: Text qualifiers: substring, case-insensitive, on one field.
TEXT_FIELDS = ("client", "agent", "title", "source")
#: Comparison fields and the units they take.
COMPARE_FIELDS = ("rate", "hourly", "days", "fit", "posted")
#: Enum-valued qualifiers.
ENUM_FIELDS = ("remote", "form", "type", "status", "is", "has")
#: Every qualifier name (canonical).
QUALIFIERS = TEXT_FIELDS + ("skill",) + ENUM_FIELDS + COMPARE_FIELDS

#: Other spellings of qualifier names (folded) → canonical name.
QUALIFIER_ALIASES: dict[str, str] = {
    "skills": "skill",
    "company": "client",
    "engagement": "type",
    "contract": "form",
    "posted_at": "posted",
    "age": "posted",
    "day": "days",
    "salary": "rate",
}

STATUSES = ("interested", "applied", "interviewing", "offered", "contracted", "declined", "rejected")

#: Enum values: canonical value → accepted spellings (folded; the canonical one is implied).
ENUM_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "remote": {
        "full": ("fullremote", "full-remote", "full_remote", "remote", "yes", "フル",
                 "フルリモート", "完全リモート", "リモート"),
        "partial": ("hybrid", "part", "partly", "一部", "一部リモート", "リモート併用", "併用",
                    "ハイブリッド"),
        "onsite": ("on-site", "on_site", "office", "no", "常駐", "出社", "オンサイト"),
        "unknown": (),
    },
    "form": {
        "quasi_mandate": ("quasi", "quasi-mandate", "quasimandate", "準委任", "準委任契約"),
        "contract_for_work": ("ukeoi", "contract-for-work", "請負", "請負契約"),
        "dispatch": ("派遣", "haken", "労働者派遣"),
        "employment": ("雇用", "employee"),
        "unknown": (),
    },
    "type": {
        "freelance": ("freelancer", "フリーランス"),
        "contract": (),
        "part_time": ("part-time", "parttime", "pt"),
        "full_time": ("full-time", "fulltime", "ft"),
        "temporary": ("temp",),
        "internship": ("intern",),
    },
    "status": {s: () for s in STATUSES},
    "is": {
        "starred": ("star", "shortlisted"),
        "new": (),
    },
    "has": {
        "rate": ("pay", "salary"),
        "days": (),
        "settlement": ("精算幅",),
        "payment": ("site",),
        "skills": ("skill",),
        "description": ("desc",),
        "posted": (),
        "status": (),
    },
}

assert set(ENUM_VALUES["remote"]) == set(REMOTES)
assert set(ENUM_VALUES["form"]) == set(CONTRACT_FORMS)
assert set(ENUM_VALUES["type"]) == set(ENGAGEMENTS)


def _value_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for name, values in ENUM_VALUES.items():
        spellings: dict[str, str] = {}
        for canonical, aliases in values.items():
            spellings[canonical] = canonical
            for alias in aliases:
                spellings[fold(alias)] = canonical
        table[name] = spellings
    return table


_ENUM_LOOKUP = _value_table()


def canonical_qualifier(name: str) -> str | None:
    """The canonical qualifier for ``name`` (any case, aliases resolved), or None."""
    key = fold(name)
    key = QUALIFIER_ALIASES.get(key, key)
    return key if key in QUALIFIERS else None


def canonical_enum(qualifier: str, value: str) -> str | None:
    """The canonical enum value of ``qualifier`` for ``value`` (aliases resolved), or None."""
    return _ENUM_LOOKUP[qualifier].get(fold(value).strip())


def enum_choices(qualifier: str) -> tuple[str, ...]:
    """The canonical values of an enum qualifier, for error messages and help."""
    return tuple(ENUM_VALUES[qualifier])


#: Units a comparison value may carry, per field (folded unit → multiplier into the
#: field's own unit). ``None`` key = no unit given.
UNITS: dict[str, dict[str | None, float]] = {
    "rate": {None: 1.0, "万": 1.0, "万円": 1.0, "man": 1.0},
    "hourly": {None: 1.0, "円": 1.0, "jpy": 1.0, "yen": 1.0, "k": 1000.0},
    "days": {None: 1.0, "d": 1.0, "日": 1.0},
    "fit": {None: 1.0, "%": 1.0},
    # posted: seconds; a bare number means days.
    "posted": {None: 86400.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0,
               "w": 604800.0},
}

"""Normalization: free text of real listings (Japanese and English) into Gig fields.

Plain Python, no Textual. ``gig_from_record`` builds a ``Gig`` from any source's record;
the parsers below it are usable on their own (the ``add`` command, the query layer).
"""

from importlib import import_module
from typing import Any

#: Where each public name lives. Imported on first use (PEP 562): importing one parser
#: (``tui.normalize.skills`` for the query layer) does not import them all.
_EXPORTS = {
    "parse_datetime": "dates",
    "detect_language": "prose", "extract_terms": "prose",
    "find_rate": "rates", "parse_rate": "rates",
    "gig_from_record": "record",
    "VOCABULARY": "skills", "canonical_skill": "skills", "find_skills": "skills",
    "parse_skills": "skills", "skill_key": "skills",
    "parse_contract_form": "terms", "parse_days": "terms", "parse_engagement": "terms",
    "parse_payment": "terms", "parse_remote": "terms", "parse_settlement": "terms",
    "html_to_text": "text", "sanitize": "text", "sanitize_line": "text",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "VOCABULARY",
    "canonical_skill",
    "detect_language",
    "extract_terms",
    "find_rate",
    "find_skills",
    "gig_from_record",
    "html_to_text",
    "parse_contract_form",
    "parse_datetime",
    "parse_days",
    "parse_engagement",
    "parse_payment",
    "parse_rate",
    "parse_remote",
    "parse_settlement",
    "parse_skills",
    "sanitize",
    "sanitize_line",
    "skill_key",
]

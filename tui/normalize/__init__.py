"""Normalization: free text of real listings (Japanese and English) into Gig fields.

Plain Python, no Textual. ``gig_from_record`` builds a ``Gig`` from any source's record;
the parsers below it are usable on their own (the ``add`` command, the query layer).
"""

from .dates import parse_datetime
from .prose import detect_language, extract_terms
from .rates import find_rate, parse_rate
from .record import gig_from_record
from .skills import VOCABULARY, canonical_skill, find_skills, parse_skills, skill_key
from .terms import (
    parse_contract_form,
    parse_days,
    parse_engagement,
    parse_payment,
    parse_remote,
    parse_settlement,
)
from .text import html_to_text, sanitize, sanitize_line

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

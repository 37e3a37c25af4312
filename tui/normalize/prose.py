"""Terms found in free prose: an agent's chat or mail message, a board's description.

``extract_terms`` runs every parser over the text and returns only what it found, so a
caller can fill the gaps of a record (``gig_from_record``) or a hand-added gig from a
pasted message such as
``画像認識モデル開発／80〜90万円／週4日〜／一部リモート／準委任／精算幅140-180h／月末締め翌月末払い``.
"""

from __future__ import annotations

import re

from .rates import find_rate
from .skills import find_skills
from .terms import (
    parse_contract_form,
    parse_days,
    parse_engagement,
    parse_payment,
    parse_remote,
    parse_settlement,
)
from .text import sanitize, sanitize_line

_JA_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")
_SEGMENTS = re.compile(r"\s*(?:[／｜|\n]|\s/\s|\s-\s)\s*")
_TITLE_LABEL = re.compile(
    r"^\s*(?:[【\[［]\s*(?:案件名|案件|タイトル|ポジション|職種)\s*[】\]］]\s*[:：]?|"
    r"(?:案件名|タイトル|ポジション|職種|title|position|role|job\s+title)\s*[:：])\s*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_GREETING = re.compile(
    r"お世話|お疲れ|いつも|こんにちは|こんばんは|はじめまして|ご紹介|ご提案|ご連絡|よろしく|宜しく|"
    r"^(?:hi|hello|hey|dear|thanks|thank you|good (?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"^[【\[［](?:新着|急募|new|urgent|remote|リモート)[】\]］]\s*", re.IGNORECASE)
_SEEKING = re.compile(r"^\s*(?:SEEKING\s+FREELANCER|HIRING)\s*[:|,-]?\s*", re.IGNORECASE)
_PAYMENT_CUE = re.compile(r"締|〆|支払|払い|サイト|\bnet[\s-]?\d|within\s+\d+\s+days", re.IGNORECASE)


def detect_language(text: object) -> str:
    """``"ja"`` when kana/kanji are a meaningful share of the letters, else ``"en"``."""
    s = sanitize(text)
    ja = len(_JA_CHARS.findall(s))
    latin = len(_LATIN.findall(s))
    if ja == 0:
        return "en"
    # A kana/kanji carries about what a short Latin word does: weigh it 3 letters.
    if ja >= 50 or 3 * ja / (3 * ja + latin) >= 0.3:
        return "ja"
    return "en"


def _segment_has_terms(seg: str) -> bool:
    return any(
        (
            find_rate(seg),
            parse_days(seg),
            parse_settlement(seg),
            _PAYMENT_CUE.search(seg) and parse_payment(seg),
            parse_contract_form(seg) != "unknown",
            parse_remote(seg) != "unknown",
        )
    )


def _title(text: str) -> str | None:
    m = _TITLE_LABEL.search(text)
    if m:
        t = sanitize_line(m.group(1))
        t = _SEGMENTS.split(t)[0] if t else t
        if t:
            return t[:120]
    # Greetings and segments that only state terms are skipped; a long sentence means
    # the message does not begin with a title.
    for seg in _SEGMENTS.split(text.strip())[:4]:
        seg = _SEEKING.sub("", _BRACKETS.sub("", sanitize_line(seg)))
        if len(seg) < 2 or _GREETING.search(seg):
            continue
        if len(seg) > 80 or seg.endswith(("。", ".", "?", "？", "!", "！")):
            return None
        if _segment_has_terms(seg):
            continue
        return seg
    return None


def extract_terms(prose: object) -> dict[str, object]:
    """Every term found in ``prose``; keys only for what was found.

    Keys: ``rate`` (Rate), ``days_per_week`` (Span), ``settlement_hours`` (Settlement),
    ``payment`` (Payment, only when a payment site could be read), ``contract_form``,
    ``remote`` (str), ``skills``, ``engagement`` (tuples), ``title`` (str: the first
    segment of a ``／``-, ``|``- or newline-separated message when it reads like a title).
    Never raises.
    """
    out: dict[str, object] = {}
    try:
        text = sanitize(prose)
        if not text.strip():
            return out
        rate = find_rate(text)
        if rate is not None:
            out["rate"] = rate
        days = parse_days(text)
        if days is not None:
            out["days_per_week"] = days
        settlement = parse_settlement(text)
        if settlement is not None:
            out["settlement_hours"] = settlement
        if _PAYMENT_CUE.search(text):
            payment = parse_payment(text)
            if payment is not None and payment.site_days is not None:
                out["payment"] = payment
        form = parse_contract_form(text)
        if form != "unknown":
            out["contract_form"] = form
        remote = parse_remote(text)
        if remote != "unknown":
            out["remote"] = remote
        skills = find_skills(text)
        if skills:
            out["skills"] = skills
        engagement = parse_engagement(text)
        if engagement:
            out["engagement"] = engagement
        title = _title(text)
        if title:
            out["title"] = title
    except Exception:  # pragma: no cover - prose must never break a caller
        return out
    return out

"""Build a :class:`~tui.model.Gig` from a source record, the same way for every source.

A record is a dict whose keys are the gig JSON field names of INTERFACES.md plus ``id``
(the native id) and ``description_html``. Values may be raw text (``"rate": "60〜90万円/月"``),
structured (``"rate": {"min": 60, "max": 80, "currency": "USD", "period": "hour"}``) or the
wrong type altogether; nothing here raises on a bad value: it is coerced or dropped.
Fields a record leaves out are looked for in its title and description.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import datetime
from typing import Any, Mapping

from ..model import (
    CONTRACT_FORMS,
    ENGAGEMENTS,
    PERIODS,
    REMOTES,
    Gig,
    Payment,
    Rate,
    Settlement,
    SourceRef,
    Span,
)
from ..money import Money, monthly_jpy
from .dates import parse_datetime
from .prose import _PAYMENT_CUE, detect_language, extract_terms
from .rates import find_rate, parse_rate
from .skills import canonical_skill, find_skills, parse_skills
from .terms import (
    parse_contract_form,
    parse_days,
    parse_engagement,
    parse_payment,
    parse_remote,
    parse_settlement,
)
from .text import html_to_text, looks_like_html, sanitize, sanitize_line

TITLE_MAX = 300
DESCRIPTION_MAX = 100_000
UNTITLED = "(untitled)"

_KNOWN_KEYS = frozenset(
    "uid source source_id sources id title client agent url apply_url description "
    "description_html skills tags rate monthly_jpy days_per_week settlement_hours payment "
    "contract_form engagement remote location posted_at first_seen is_new language fit "
    "fit_reasons extra".split()
)
_PERIOD_ALIASES = {
    "hour": "hour", "hourly": "hour", "hr": "hour", "h": "hour", "per hour": "hour",
    "day": "day", "daily": "day", "d": "day", "per day": "day",
    "week": "week", "weekly": "week", "wk": "week",
    "month": "month", "monthly": "month", "mo": "month", "per month": "month",
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "yr": "year",
    "annum": "year", "per year": "year",
    "project": "project", "fixed": "project", "one-off": "project", "total": "project",
    "時給": "hour", "日給": "day", "日額": "day", "月額": "month", "月": "month", "年": "year",
    "年収": "year", "一式": "project",
}
_CURRENCY_ALIASES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "円": "JPY",
                     "YEN": "JPY", "RMB": "CNY"}
_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


# --- coercion helpers ----------------------------------------------------------------
def _present(value: object) -> bool:
    """True when a record value says something (``""``, ``[]``, ``{}``, None do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict, set)):
        return bool(value)
    if isinstance(value, float) and math.isnan(value):
        return False
    return True


def _text(value: object) -> str | None:
    """A one-line text from a text-ish value; dicts give their name/title; None if empty."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dict):
        for key in ("name", "title", "text", "value", "raw"):
            if isinstance(value.get(key), (str, int, float)) and not isinstance(value.get(key), bool):
                return _text(value[key])
        return None
    if isinstance(value, (list, tuple, set)):
        parts = [t for t in (_text(v) for v in value) if t]
        return ", ".join(parts) or None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer():
            value = int(value)
    s = sanitize_line(value)
    return s or None


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        v = float(value)
    elif isinstance(value, str):
        s = sanitize_line(value).replace(",", "").replace("，", "")
        s = s.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        try:
            v = float(s)
        except ValueError:
            return None
    else:
        return None
    if math.isnan(v) or math.isinf(v):
        return None
    return v


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value == 1
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "y", "on", "はい")
    return False


def _url(value: object) -> str | None:
    s = _text(value)
    if not s or " " in s:
        return None
    m = _SCHEME.match(s)
    if m and m.group(1).lower() not in ("http", "https", "mailto"):
        return None  # javascript:, file:, data: ... are never opened from a listing
    return s


def _ordered(lo: float | None, hi: float | None) -> tuple[float | None, float | None]:
    if lo is not None and hi is not None and lo > hi:
        return hi, lo
    return lo, hi


def _positive(value: object) -> float | None:
    """A positive, finite, sane number (0 and negatives mean "unknown" in sources)."""
    v = _number(value)
    return v if v is not None and 0 < v < 1e12 else None


# --- field readers -------------------------------------------------------------------
def _fmt(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}"


def _rate_text(lo: float | None, hi: float | None, cur: str | None, period: str | None) -> str:
    if lo is not None and hi is not None:
        amount = _fmt(lo) if lo == hi else f"{_fmt(lo)}–{_fmt(hi)}"
    elif lo is not None:
        amount = f"{_fmt(lo)}+"
    elif hi is not None:
        amount = f"up to {_fmt(hi)}"
    else:
        amount = "?"
    unit = f" {cur}" if cur else ""
    per = f"/{period}" if period else ""
    return f"{amount}{unit}{per}"


def _rate_from_dict(d: Mapping[str, Any]) -> Rate | None:
    lo = _positive(d.get("min", d.get("minValue", d.get("value", d.get("amount")))))
    hi = _positive(d.get("max", d.get("maxValue", d.get("value", d.get("amount")))))
    lo, hi = _ordered(lo, hi)
    raw = _text(d.get("raw")) or ""
    if lo is None and hi is None:
        if raw:
            parsed = parse_rate(raw)
            return parsed or Rate(None, None, None, None, raw, True)
        return None
    cur_text = _text(d.get("currency"))
    currency = None
    if cur_text:
        currency = _CURRENCY_ALIASES.get(cur_text.upper(), cur_text.upper())
        if not re.fullmatch(r"[A-Z]{3}", currency):
            currency = None
    period_text = _text(d.get("period", d.get("unit", d.get("unitText"))))
    period = None
    if period_text:
        p = period_text.lower()
        period = p if p in PERIODS else _PERIOD_ALIASES.get(p)
    parsed = _bool(d["parsed"]) if "parsed" in d else False
    return Rate(lo, hi, currency, period, raw or _rate_text(lo, hi, currency, period), parsed)


def _rate(value: object) -> Rate | None:
    if isinstance(value, dict):
        return _rate_from_dict(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (list, tuple)):
        value = " ".join(t for t in (_text(v) for v in value) if t)
    text = _text(value)
    if not text:
        return None
    return parse_rate(text) or Rate(None, None, None, None, text, True)


def _span(value: object, parse: Any, lo_ok: float, hi_ok: float) -> Span | None:
    if isinstance(value, dict):
        lo, hi = _ordered(_positive(value.get("min")), _positive(value.get("max")))
    elif isinstance(value, (list, tuple)) and value and all(_number(v) is not None for v in value):
        nums = [_number(v) for v in value][:2]
        lo, hi = _ordered(nums[0], nums[-1])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        lo = hi = _positive(value)
    else:
        text = _text(value)
        return parse(text) if text else None
    if lo is None and hi is None:
        return None
    if any(v is not None and not (lo_ok <= v <= hi_ok) for v in (lo, hi)):
        return None
    return Span(lo, hi)


def _days(value: object) -> Span | None:
    return _span(value, parse_days, 0.1, 7)


def _settlement(value: object) -> Settlement | None:
    if isinstance(value, dict):
        fixed = _bool(value.get("fixed", False))
        lo, hi = _ordered(_positive(value.get("min")), _positive(value.get("max")))
        if lo is None and hi is None and not fixed:
            return None
        return Settlement(lo, hi, fixed)
    if isinstance(value, bool):
        return Settlement(None, None, True) if value is False else None
    span = _span(value, lambda t: None, 1, 744)
    if span is not None and not isinstance(value, str):
        return Settlement(span.min, span.max, False)
    text = _text(value)
    return parse_settlement(text) if text else None


def _payment(value: object) -> Payment | None:
    if isinstance(value, dict):
        raw = _text(value.get("raw")) or ""
        site = _number(value.get("site_days"))
        if site is not None and 0 <= site <= 400:
            return Payment(raw or f"{int(site)}日サイト", int(site))
        if raw:
            parsed = parse_payment(raw)
            return Payment(raw, parsed.site_days if parsed else None)
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        site = _number(value)
        if site is None or not 0 <= site <= 400:
            return None
        return Payment(str(int(site)), int(site))
    text = _text(value)
    if not text:
        return None
    parsed = parse_payment(text)
    return Payment(text, parsed.site_days if parsed else None)


def _enum(value: object, allowed: tuple[str, ...], parse: Any) -> str:
    if isinstance(value, bool):
        return "unknown"
    text = _text(value)
    if not text:
        return "unknown"
    if text.lower() in allowed:
        return text.lower()
    return parse(text)


def _remote(value: object) -> str:
    if isinstance(value, bool):
        return "full" if value else "onsite"
    return _enum(value, REMOTES, parse_remote)


def _strings(value: object) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [p for p in (sanitize_line(x) for x in re.split(r"[,、\n]", value)) if p]
    if isinstance(value, (list, tuple, set)):
        out = []
        for v in value:
            t = _text(v)
            if t:
                out.append(t)
        return out
    t = _text(value)
    return [t] if t else []


def _dedupe(items: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def _sources(value: object) -> list[SourceRef]:
    refs: list[SourceRef] = []
    if not isinstance(value, (list, tuple)):
        return refs
    for item in value:
        if not isinstance(item, dict):
            continue
        src, uid = _text(item.get("source")), _text(item.get("uid"))
        if src and uid:
            refs.append(SourceRef(src, uid, _url(item.get("url"))))
    return refs


def _fit(value: object) -> int | None:
    v = _number(value)
    if v is None or not 0 <= v <= 100:
        return None
    return int(round(v))


def _description(record: Mapping[str, Any]) -> str:
    html = record.get("description_html")
    if isinstance(html, str) and html.strip():
        text = html_to_text(html)
    else:
        value = record.get("description")
        if isinstance(value, (list, tuple)):
            value = "\n".join(sanitize(v) for v in value if isinstance(v, (str, int, float)))
        elif isinstance(value, dict) or isinstance(value, bool):
            value = _text(value) or ""
        raw = sanitize(value)
        text = html_to_text(raw) if looks_like_html(raw) else raw
    return text.strip()[:DESCRIPTION_MAX].rstrip()


def _native_id(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value)


def _term(text: str, key: str) -> object | None:
    """What ``extract_terms(text)`` finds for ``key`` (``text`` already sanitized)."""
    if key == "rate":
        return find_rate(text)
    if key == "days_per_week":
        return parse_days(text)
    if key == "settlement_hours":
        return parse_settlement(text)
    if key == "payment":
        if not _PAYMENT_CUE.search(text):
            return None
        payment = parse_payment(text)
        return payment if payment is not None and payment.site_days is not None else None
    if key == "contract_form":
        form = parse_contract_form(text)
        return None if form == "unknown" else form
    if key == "remote":
        remote = parse_remote(text)
        return None if remote == "unknown" else remote
    if key == "skills":
        return find_skills(text) or None
    if key == "engagement":
        return parse_engagement(text) or None
    return extract_terms(text).get(key)


# --- the builder ---------------------------------------------------------------------
def gig_from_record(
    record: Mapping[str, Any],
    source: str,
    money: Money,
    *,
    now: datetime | None = None,
) -> Gig:
    """A :class:`Gig` from one source record. Never raises on bad values.

    * ``uid``: the record's own ``uid`` when it has one (its ``source``, ``source_id`` and
      ``sources`` are then kept too, so ``gigs list --format json`` reads back unchanged);
      else ``"<source>:<id>"``; else ``"<source>:"`` + 12 hex of sha1(title, client, url).
    * Texts are sanitized; ``description_html`` is converted to text; title ≤ 300 chars,
      description ≤ 100,000; a missing title is the title a message names first
      (``extract_terms``) or the description's first line (≤ 80), else ``(untitled)``.
    * ``rate``: text is parsed (its raw kept even when unreadable), a dict is taken as
      structured figures, a missing rate is looked for in the description.
      ``monthly_jpy`` is always derived with ``money``, never read from the record.
    * Missing days, settlement, payment, contract form, remote, engagement and skills are
      looked for in the title and description.
    * ``posted_at`` / ``first_seen`` through ``parse_datetime``; ``now`` (if given) reads
      relative dates ("3 days ago") and stands in for a missing ``first_seen``.
    """
    if not isinstance(record, Mapping):
        record = {}
    get = record.get

    description = _description(record)
    title = _text(get("title"))
    if not title and description:
        # A pasted message ("画像認識モデル開発／80〜90万円／…") names its title first;
        # otherwise the description's first line stands in.
        named = extract_terms(description).get("title")
        first = next((ln.strip() for ln in description.split("\n") if ln.strip()), "")
        title = sanitize_line(named if isinstance(named, str) else first)[:80]
    title = title or UNTITLED
    title = title[:TITLE_MAX]
    client = _text(get("client"))
    agent = _text(get("agent"))
    url = _url(get("url"))
    apply_url = _url(get("apply_url"))

    # Identity.
    native = _native_id(get("id"))
    given_uid = _text(get("uid"))
    refs: list[SourceRef] = []
    src_name = sanitize_line(source) or "unknown"
    if given_uid:
        uid = given_uid
        src_name = _text(get("source")) or src_name
        source_id = _text(get("source_id")) or native or uid.split(":", 1)[-1]
        refs = _sources(get("sources"))
    elif native:
        uid = f"{src_name}:{native}"
        source_id = native
    else:
        digest = hashlib.sha1(
            "\x1f".join((title, client or "", url or "")).encode("utf-8")
        ).hexdigest()[:12]
        uid = f"{src_name}:{digest}"
        source_id = digest

    # Terms found in the title and description, computed only when a field is missing.
    # A field that is present but unreadable also falls back to them, so a gig read
    # back from its own JSON (where that field is null) comes out the same.
    # gigs' own JSON (it carries uid, monthly_jpy and language) was derived already: a
    # null there means "nothing found", so the prose is not searched again. Reading a
    # cache of hundreds of gigs stays fast, and the result is the same.
    # Each missing field runs only its own parser (what ``extract_terms`` would give
    # for that key), not all of them.
    derived = all(k in record for k in ("uid", "monthly_jpy", "language"))
    prose: list[str] = []

    def found(key: str, kind: type) -> Any:
        if derived:
            return None
        if not prose:
            prose.append(sanitize(f"{title}\n{description}"))
        text = prose[0]
        if not text.strip():
            return None
        try:
            value = _term(text, key)
        except Exception:  # noqa: BLE001 - prose never breaks a record
            return None
        return value if isinstance(value, kind) else None

    def field(key: str, reader: Any) -> Any:
        value = get(key)
        return reader(value) if _present(value) else None

    rate = field("rate", _rate)
    if rate is None:
        rate = found("rate", Rate)
    days = field("days_per_week", _days) or found("days_per_week", Span)
    settlement = field("settlement_hours", _settlement) or found("settlement_hours", Settlement)
    payment = field("payment", _payment) or found("payment", Payment)

    contract_form = _enum(get("contract_form"), CONTRACT_FORMS, parse_contract_form)
    if contract_form == "unknown":
        contract_form = found("contract_form", str) or "unknown"
    remote = _remote(get("remote"))
    if remote == "unknown":
        remote = found("remote", str) or "unknown"

    engagement = tuple(
        e for e in parse_engagement(_strings(get("engagement"))) if e in ENGAGEMENTS
    ) or found("engagement", tuple) or ()

    skills = parse_skills(get("skills")) if _present(get("skills")) else ()
    if not skills:
        skills = found("skills", tuple) or ()

    tags = _dedupe(_strings(get("tags")))

    location_value = get("location")
    location = _text(location_value)

    posted_at = parse_datetime(get("posted_at"), now=now)
    first_seen = parse_datetime(get("first_seen"), now=now) or now

    language = _text(get("language"))
    if not language or not _LANG.fullmatch(language.lower()):
        language = detect_language(f"{title}\n{description}")
    else:
        language = language.lower()

    fit_reasons = [r for r in (_text(x) for x in _listish(get("fit_reasons"))) if r]

    extra: dict[str, Any] = {}
    if isinstance(get("extra"), dict):
        extra.update(get("extra"))
    for key, value in record.items():
        if isinstance(key, str) and key not in _KNOWN_KEYS:
            extra[key] = value

    return Gig(
        uid=uid,
        source=src_name,
        source_id=source_id,
        title=title,
        client=client,
        agent=agent,
        url=url,
        apply_url=apply_url,
        description=description,
        skills=tuple(canonical_skill(s) for s in skills),
        tags=tags,
        rate=rate,
        monthly_jpy=monthly_jpy(rate, money),
        days_per_week=days,
        settlement_hours=settlement,
        payment=payment,
        contract_form=contract_form if contract_form in CONTRACT_FORMS else "unknown",
        engagement=engagement,
        remote=remote if remote in REMOTES else "unknown",
        location=location,
        posted_at=posted_at,
        first_seen=first_seen,
        is_new=_bool(get("is_new")),
        language=language,
        fit=_fit(get("fit")),
        fit_reasons=fit_reasons,
        sources=refs,
        extra=extra,
    )


def _listish(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]

"""Payload helpers shared by the JSON board sources, and their option readers.

Boards send whatever they like: numbers as strings, ``false`` for a missing logo, lists
where a string was documented. These helpers coerce one value and never raise (the
option readers raise a ``SourceError`` naming the option). They hold no network code:
a source module imports them when it is built (to read its options), and
``tui.sources.http``, the fetch layer, is imported only when something is fetched.
Nothing here imports Textual.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..errors import SourceError
from .base import Record

__all__ = [
    "as_text",
    "as_number",
    "as_strings",
    "as_url",
    "fix_mojibake",
    "iso_from_epoch",
    "iso_from_text",
    "engagements",
    "structured_rate",
    "plain_text",
    "html_text",
    "int_option",
    "bool_option",
    "text_option",
    "payload_kind",
    "map_jobs",
]

_MOJIBAKE_MARKS = ("Ã", "Â", "â€", "Ä", "Å", "Ð", "ã€", "ã‚", "ã")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1/CP1252 (``CafÃ©`` -> ``Café``) when that is clearly it.

    The repair is kept only when the text re-encodes and decodes cleanly; otherwise the
    text is returned unchanged.
    """
    if not text or not any(mark in text for mark in _MOJIBAKE_MARKS):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return text


def as_text(value: Any) -> str | None:
    """A stripped string, or None for missing/blank/``false``; numbers become text."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def as_url(value: Any) -> str | None:
    """An http(s) URL string, or None."""
    text = as_text(value)
    if text and text.lower().startswith(("http://", "https://")):
        return text
    return None


def as_number(value: Any) -> float | None:
    """A finite number from a number or numeric text (``"90000"``, ``"$90,000"``)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("_", "").lstrip("$€£¥ ")
        if not cleaned:
            return None
        try:
            number = float(cleaned)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def as_strings(value: Any, *, unescape: bool = True) -> list[str]:
    """A list of clean, de-duplicated strings from a list, or from one comma-list string."""
    import html

    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        return []
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        text = as_text(item)
        if not text:
            continue
        if unescape:
            text = html.unescape(text)
        text = " ".join(text.split())
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


#: 2000-01-01T00:00:00Z: an epoch below this is not a real posting date.
_EPOCH_FLOOR = 946_684_800


def iso_from_epoch(value: Any) -> str | None:
    """UTC ISO 8601 from epoch seconds or milliseconds (decided by magnitude); None for
    values that cannot be a posting date (before 2000)."""
    number = as_number(value)
    if number is None or number <= 0:
        return None
    if number > 1e11:  # milliseconds: 1e11 s would be the year 5138
        number /= 1000.0
    if number < _EPOCH_FLOOR:  # "5" is not a posting date: nothing was posted in 1970
        return None
    try:
        dt = datetime.fromtimestamp(number, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return dt.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def iso_from_text(value: Any) -> str | None:
    """UTC ISO 8601 from an ISO-ish date string; zone-less times are taken as UTC.

    Numbers (or numeric strings) are read as epoch seconds/milliseconds.
    """
    import email.utils

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return iso_from_epoch(value)
    text = as_text(value)
    if not text:
        return None
    if text.isdigit():
        return iso_from_epoch(text)
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        dt = datetime.fromisoformat(candidate)
    except ValueError:
        try:
            dt = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if dt is None:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


_ENGAGEMENT_WORDS = {
    "full time": "full_time",
    "fulltime": "full_time",
    "full_time": "full_time",
    "permanent": "full_time",
    "part time": "part_time",
    "parttime": "part_time",
    "part_time": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "contract to hire": "contract",
    "freelance": "freelance",
    "freelancer": "freelance",
    "freelancing": "freelance",
    "temporary": "temporary",
    "temp": "temporary",
    "internship": "internship",
    "intern": "internship",
    "working student": "part_time",
    "mini job": "part_time",
}


def engagements(value: Any) -> list[str]:
    """Engagement enums (INTERFACES.md) from a board's job types; unknown words dropped."""
    out: list[str] = []
    for item in as_strings(value):
        key = item.lower().replace("-", " ").strip()
        mapped = _ENGAGEMENT_WORDS.get(key) or _ENGAGEMENT_WORDS.get(key.replace("_", " "))
        if mapped and mapped not in out:
            out.append(mapped)
    return out


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else repr(float(n))


def _whole(n: float | None) -> float | int | None:
    """Integral floats as ints (``175000.0`` -> ``175000``), others unchanged."""
    return int(n) if n is not None and float(n).is_integer() else n


def structured_rate(
    low: Any, high: Any, currency: Any, period: str | None, *, zero_is_unknown: bool = True
) -> dict[str, Any] | None:
    """A structured rate dict ``{min,max,currency,period,raw,parsed: False}`` from salary
    fields, or None when neither bound is known. Swapped bounds are put in order."""
    lo = as_number(low)
    hi = as_number(high)
    if zero_is_unknown:
        lo = lo if lo else None
        hi = hi if hi else None
    if lo is not None and lo < 0:
        lo = None
    if hi is not None and hi < 0:
        hi = None
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    cur = as_text(currency)
    cur = cur.upper() if cur and len(cur) == 3 and cur.isalpha() else None
    span = _fmt(lo) if hi is None else _fmt(hi) if lo is None else f"{_fmt(lo)} - {_fmt(hi)}"
    if lo is None:
        span = f"up to {span}"
    elif hi is None:
        span = f"from {span}"
    raw = " ".join(p for p in (span, cur) if p) + (f"/{period}" if period else "")
    return {"min": _whole(lo), "max": _whole(hi), "currency": cur, "period": period, "raw": raw, "parsed": False}


def plain_text(value: Any) -> str | None:
    """A one-line label (title, company): entities decoded, mojibake repaired, spaces
    collapsed; None when blank. Numbers become text (a title sent as ``42``)."""
    import html

    text = as_text(value)
    if not text:
        return None
    text = " ".join(html.unescape(fix_mojibake(text)).split())
    return text or None


def html_text(value: Any) -> str | None:
    """An HTML description as sent (mojibake repaired), or None when blank/not text."""
    if not isinstance(value, str) or not value.strip():
        return None
    return fix_mojibake(value.strip())


def int_option(
    source: str, options: dict[str, Any], key: str, *, maximum: int | None = None
) -> int | None:
    """A positive whole-number option (``limit = 20`` or ``"20"``), capped at ``maximum``;
    None when unset; SourceError naming the option when it is not a positive number."""
    if options.get(key) is None:
        return None
    number = as_number(options[key])
    if number is None or number < 1 or not float(number).is_integer():
        raise SourceError(source, f"option {key!r} must be a positive whole number, "
                                  f"not {options[key]!r}")
    value = int(number)
    return min(value, maximum) if maximum is not None else value


def bool_option(source: str, options: dict[str, Any], key: str, default: bool = False) -> bool:
    """A true/false option (``true``, ``"yes"``, ``1``); SourceError when it is neither."""
    value = options.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise SourceError(source, f"option {key!r} must be true or false, not {value!r}")


def text_option(source: str, options: dict[str, Any], key: str) -> str | None:
    """A text option (``category = "data"``); None when unset or blank."""
    value = options.get(key)
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise SourceError(source, f"option {key!r} must be text, not {value!r}")
    text = str(value).strip()
    return text or None


def payload_kind(value: Any) -> str:
    """What a JSON value is, for error messages (``an object``, ``an array``...)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null" if value is None else type(value).__name__


def map_jobs(
    items: Any,
    mapper: Callable[[dict[str, Any]], Record | None],
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> list[Record]:
    """Map a board's job objects to records; one odd job never fails the source.

    Items that are not objects, that ``keep`` rejects, whose mapping raises, or that map
    to None are skipped.
    """
    records: list[Record] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or (keep is not None and not keep(item)):
            continue
        try:
            record = mapper(item)
        except Exception:  # noqa: BLE001 - one odd job never fails the source
            continue
        if record is not None:
            records.append(record)
    return records

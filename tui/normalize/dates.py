"""Dates as sources write them, read into aware UTC datetimes.

ISO 8601 (no zone = UTC), epoch seconds or milliseconds (decided by magnitude), RFC 822
(feeds), ``2026/11/03``, ``2026年11月3日``; with ``now`` also relative forms
(``3 days ago``, ``2日前``, ``yesterday``). Anything else gives ``None``, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from .text import sanitize_line

_MS_THRESHOLD = 100_000_000_000  # 1e11 s is the year 5138; as ms it is 1973
_YMD = re.compile(
    r"(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})[:時](\d{2})(?:[:分](\d{2}))?)?"
)
_RELATIVE = re.compile(
    r"(\d+)\s*(?:(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago|"
    r"(?P<ja>分|時間|日|週間|ヶ月|か月|カ月)前)",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"min": 60, "hou": 3600, "hr": 3600, "day": 86400, "wee": 7 * 86400,
                 "mon": 30 * 86400, "分": 60, "時間": 3600, "日": 86400, "週間": 7 * 86400,
                 "ヶ月": 30 * 86400, "か月": 30 * 86400, "カ月": 30 * 86400}


def _utc(dt: datetime) -> datetime | None:
    try:
        if dt.tzinfo is None:
            return dt.replace(tzinfo=timezone.utc)
        return dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def _epoch(value: float) -> datetime | None:
    if value != value or value <= 0:  # NaN, 0 and negatives are not dates here
        return None
    if value >= _MS_THRESHOLD:
        value /= 1000
    try:
        return datetime.fromtimestamp(value, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def parse_datetime(value: object, *, now: datetime | None = None) -> datetime | None:
    """An aware UTC datetime from whatever a source sent, or ``None``.

    ``now`` enables relative forms (``3 days ago``, ``2日前``, ``today``, ``昨日``).
    """
    try:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime):
            return _utc(value)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
        if isinstance(value, (int, float)):
            return _epoch(float(value))
        s = unicodedata.normalize("NFKC", sanitize_line(value))
        if not s or len(s) > 100:
            return None
        if re.fullmatch(r"\d+(?:\.\d+)?", s):
            return _epoch(float(s))
        iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
        try:
            return _utc(datetime.fromisoformat(iso))
        except ValueError:
            pass
        try:
            dt = parsedate_to_datetime(s)
            if dt is not None:
                return _utc(dt)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        m = _YMD.search(s)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            hh = int(m.group(4) or 0)
            mm = int(m.group(5) or 0)
            ss = int(m.group(6) or 0)
            try:
                return datetime(y, mo, d, hh, mm, ss, tzinfo=timezone.utc)
            except ValueError:
                return None
        if now is not None:
            return _relative(s, _utc(now) or now)
    except Exception:  # pragma: no cover - never break a fetch
        return None
    return None


def _relative(s: str, now: datetime) -> datetime | None:
    low = s.lower()
    if low in ("today", "just now", "本日", "今日", "new"):
        return now
    if low in ("yesterday", "昨日"):
        return now - timedelta(days=1)
    m = _RELATIVE.search(s)
    if not m:
        return None
    n = int(m.group(1))
    unit = (m.group("unit") or "").lower()
    key = m.group("ja") or (unit[:2] if unit.startswith("hr") else unit[:3])
    seconds = _UNIT_SECONDS.get(key)
    if seconds is None:
        return None
    try:
        return now - timedelta(seconds=n * seconds)
    except OverflowError:
        return None

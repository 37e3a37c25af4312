"""Sort keys (``-rate``, ``rate:desc``, ``+title``, comma-separated) and a stable,
multi-key sort of gig indices where unknown values go last in both directions."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from itertools import compress, islice, repeat
from operator import eq, is_not, itemgetter, lt, not_
from typing import Any, Callable, Sequence

from ..errors import UsageError
from ..model import COLUMN_IDS, Gig
from ..record import record
from .evaluate import QueryContext, SearchIndex, _text, _ts
from .fields import STATUSES


@record
class SortKey:
    """One sort key: a column id and a direction."""

    column: str
    descending: bool = False

    def __str__(self) -> str:
        return f"-{self.column}" if self.descending else self.column

    def reversed(self) -> "SortKey":
        """The same column in the other direction."""
        return SortKey(self.column, not self.descending)


_SUFFIXES = {"desc": True, "descending": True, "asc": False, "ascending": False}


def parse_sort(spec: str | Sequence[str] | None) -> list[SortKey]:
    """Sort keys from ``"-rate,title"``, ``["rate:desc", "+title"]`` and the like.

    Raises ``UsageError`` naming the bad key and listing the valid column ids.
    """
    if spec is None:
        return []
    items = [spec] if isinstance(spec, str) else list(spec)
    keys: list[SortKey] = []
    for item in items:
        if not isinstance(item, str):
            raise UsageError(f"sort keys must be text, got {item!r}")
        for raw in item.split(","):
            part = raw.strip()
            if part:
                keys.append(_parse_key(part))
    return keys


def _parse_key(part: str) -> SortKey:
    text = part
    sign: bool | None = None
    if text[0] in "+-":
        sign = text[0] == "-"
        text = text[1:].strip()
    suffix: bool | None = None
    if ":" in text:
        text, _, direction = text.partition(":")
        suffix = _SUFFIXES.get(direction.strip().casefold())
        if suffix is None:
            raise UsageError(f"bad sort direction in {part!r}: use :asc or :desc")
    if sign is not None and suffix is not None and sign != suffix:
        raise UsageError(f"conflicting sort directions in {part!r}")
    column = text.strip().casefold()
    if column not in COLUMN_IDS:
        raise UsageError(f"unknown sort key {column or part!r}; valid keys: "
                         + ", ".join(COLUMN_IDS))
    descending = suffix if suffix is not None else bool(sign)
    return SortKey(column, descending)


def format_sort(keys: Sequence[SortKey]) -> str:
    """The canonical text of sort keys (``-rate,title``)."""
    return ",".join(str(k) for k in keys)


_REMOTE_ORDER = {"full": 0, "partial": 1, "onsite": 2}
_FORM_ORDER = {"quasi_mandate": 0, "contract_for_work": 1, "dispatch": 2, "employment": 3}
_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return None if math.isnan(value) else float(value)


def _span_mid(span: Any) -> float | None:
    if span is None:
        return None
    lo, hi = _number(getattr(span, "min", None)), _number(getattr(span, "max", None))
    if lo is not None and hi is not None:
        return (lo + hi) / 2
    return lo if lo is not None else hi


def _time(value: datetime | None) -> float | None:
    ts = _ts(value)
    return None if math.isnan(ts) else ts


def _getter(column: str, ctx: QueryContext) -> Callable[[Gig], Any]:
    """The function giving the value a column sorts a gig by (None = unknown)."""
    if column == "star":
        starred = ctx.is_starred
        return lambda g: 1 if starred(g.uid) else 0
    if column in ("title", "client", "agent", "source"):
        return lambda g: _text(getattr(g, column)) or None
    if column in ("rate", "hourly"):  # hourly = monthly ÷ hours: the same order
        return lambda g: _span_mid(g.monthly_jpy)
    if column == "days":
        return _days
    if column == "remote":
        return lambda g: _REMOTE_ORDER.get(g.remote)
    if column == "form":
        return lambda g: _FORM_ORDER.get(g.contract_form)
    if column == "skills":
        return lambda g: ", ".join(_text(s) for s in g.skills if isinstance(s, str)) or None
    if column == "posted":
        return lambda g: _time(g.posted_at)
    if column == "first_seen":
        return lambda g: _time(g.first_seen)
    if column == "status":
        status_of = ctx.status_of
        return lambda g: _STATUS_ORDER.get(status_of(g.uid) or "")
    if column == "checks":
        checks_of = ctx.checks_of

        def checks(g: Gig) -> Any:
            value = checks_of(g.uid)
            return tuple(value) if value else None
        return checks
    if column == "fit":
        fit_of = ctx.fit_of
        if fit_of is None:
            return lambda g: _number(g.fit)
        return lambda g: _number(fit_of(g.uid))
    raise UsageError(f"unknown sort key {column!r}; valid keys: " + ", ".join(COLUMN_IDS))


def _days(gig: Gig) -> float | None:
    span = gig.days_per_week
    if span is None:
        return None
    lo = _number(span.min)
    return lo if lo is not None else _number(span.max)


def sort_value(column: str, gig: Gig, ctx: QueryContext) -> Any:
    """The value a column sorts ``gig`` by; None = unknown (sorted last).

    rate/hourly: monthly JPY midpoint; days: the minimum; remote full < partial <
    onsite; form quasi_mandate < contract_for_work < dispatch < employment; status in
    pipeline order; text columns casefolded; checks: the tuple ``ctx.checks_of`` gives.
    """
    return _getter(column, ctx)(gig)


def _indexed_getter(column: str, index: SearchIndex) -> Callable[[int], Any] | None:
    """A row-number getter reading the index's prepared columns, when it has them."""
    if column in ("title", "client", "agent"):
        col = getattr(index, column)
        return lambda i: col[i] or None
    if column in ("rate", "hourly"):
        lo, hi = index.rate_lo, index.rate_hi
        return lambda i: _mid(lo[i], hi[i])
    if column == "posted":
        posted = index.posted
        return lambda i: None if posted[i] != posted[i] else posted[i]
    return None


def _indexed_column(column: str, index: SearchIndex) -> tuple[list, str] | None:
    """A column of ``index`` holding each row's sort value, and how an unknown value
    looks in it (``"text"``: empty, ``"none"``: None, ``"nan"``: NaN)."""
    if column in ("title", "client", "agent"):
        return getattr(index, column), "text"
    if column in ("rate", "hourly"):
        mid = index.__dict__.get("rate_mid")
        if mid is None:
            mid = index.__dict__["rate_mid"] = list(map(_mid, index.rate_lo, index.rate_hi))
        return mid, "none"
    if column == "posted":
        return index.posted, "nan"
    return None


def _mid(lo: float, hi: float) -> float | None:
    lo_ok = lo == lo and lo != -math.inf
    hi_ok = hi == hi and hi != math.inf
    if lo_ok and hi_ok:
        return (lo + hi) / 2
    return lo if lo_ok else (hi if hi_ok else None)


def sort_indices(gigs: Sequence[Gig], indices: Sequence[int], keys: Sequence[SortKey],
                 ctx: QueryContext, *, index: SearchIndex | None = None) -> list[int]:
    """``indices`` sorted by ``keys`` (first key most significant); stable, and gigs
    whose value is unknown come last whether the key ascends or descends.

    Pass the ``SearchIndex`` built from the same ``gigs`` to reuse its folded text and
    numbers (faster for 100,000 rows); the order is the same either way.
    """
    order = list(indices)
    if index is not None and len(index) != len(gigs):
        index = None
    keys = list(keys)
    if (index is not None and len(keys) == 1 and len(order) == len(index) and order
            and order[0] == 0 and order[-1] == len(order) - 1
            and _indexed_column(keys[0].column, index) is not None
            and all(map(lt, order, islice(order, 1, None)))):
        # Every row, in index order: the same answer each time, kept in the index.
        cache = index.__dict__.setdefault("_full_orders", {})
        got = cache.get(keys[0])
        if got is None or len(got) != len(order):
            got = cache[keys[0]] = _sort(order, keys, gigs, ctx, index)
            if all(map(eq, got, order)):  # the gigs are stored in this order
                index.__dict__.setdefault("_native_orders", set()).add(keys[0])
        return list(got)
    if index is not None and len(keys) == 1 and order:
        full = index.__dict__.get("_full_orders", {}).get(keys[0])
        if full is not None and len(full) == len(index) and (
                keys[0] in index.__dict__.get("_native_orders", ())
                or len(order) * 2 >= len(index)) and all(map(lt, order, islice(order, 1, None))):
            # Rows in ascending order (a qualifier's result), and the order of every row
            # is kept: pick them out of it instead of sorting them. Ties keep ascending
            # order in both, so the answer is the same. When the gigs are stored in this
            # very order, ascending rows are the answer already.
            if keys[0] in index.__dict__.get("_native_orders", ()):
                return order
            mask = bytearray(len(index))
            deque(map(mask.__setitem__, order, repeat(1)), maxlen=0)
            return list(compress(full, map(mask.__getitem__, full)))
    return _sort(order, keys, gigs, ctx, index)


def _sort(order: list[int], keys: list[SortKey], gigs: Sequence[Gig], ctx: QueryContext,
          index: SearchIndex | None) -> list[int]:
    for key in reversed(keys):
        got = _indexed_column(key.column, index) if index is not None else None
        if got is not None:
            # Unknown values are None, NaN or "" in these columns; the rest sort in C.
            col, kind = got
            vals = list(map(col.__getitem__, order))
            if kind == "nan":
                flags = list(map(eq, vals, vals))  # NaN is not equal to itself
            elif kind == "none":
                flags = list(map(is_not, vals, repeat(None)))
            else:
                flags = list(map(bool, vals))
            known = list(compress(order, flags))
            if len(known) == len(order):
                unknown: list[int] = []
            else:
                unknown = list(compress(order, map(not_, flags)))
            known.sort(key=col.__getitem__, reverse=key.descending)
            order = known + unknown
            continue
        by_row = _indexed_getter(key.column, index) if index is not None else None
        if by_row is not None:
            pairs = [(by_row(i), i) for i in order]
        else:
            get = _getter(key.column, ctx)
            pairs = [(get(gigs[i]), i) for i in order]
        known = [p for p in pairs if p[0] is not None]
        unknown = [i for v, i in pairs if v is None]
        try:
            known.sort(key=itemgetter(0), reverse=key.descending)
        except TypeError:  # mixed types from a callback: compare their text
            known.sort(key=lambda p: repr(p[0]), reverse=key.descending)
        order = [i for _, i in known] + unknown
    return order

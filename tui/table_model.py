"""The gig table's data side: column specs, display strings, filtering and sorting.

Plain Python (Rich for cell widths, never Textual). ``GigRows`` holds, per column, one
list of display strings and one list of sort keys, each filled the first time it is
needed, plus a folded search haystack per gig built up front. The table widget renders
only the visible rows, and a filter keystroke over 100,000 gigs is one C-speed pass
over a list of strings (less when the query extends the previous one).

Widths are terminal cells: Japanese is double width, so ``cut``/``pad`` measure with
Rich's cell tables and never split a double-width character or an emoji sequence.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_right
from datetime import datetime, timezone
from itertools import accumulate, compress, repeat
from operator import attrgetter, contains, is_, is_not, itemgetter
from typing import Any, Callable, Iterable, Sequence

from rich.cells import cell_len, get_character_cell_size, split_graphemes

from .lazyre import lazy
from .model import COLUMN_IDS, CONTRACT_FORMS, REMOTES, Gig, Span
from .money import MAN, Money, hourly_jpy, monthly_jpy
from .record import record

ELLIPSIS = "…"
#: Space between two columns, in cells.
GAP = 1
#: The narrowest a flex column (title) may get before columns are dropped.
FLEX_MIN = 10
#: A flex column's comfortable width: non-essential columns go before title shrinks below it.
FLEX_COMFORT = 20
#: Columns kept on narrow terminals (80 cells must still show all of them).
ESSENTIAL = frozenset({"star", "title", "client", "rate", "remote", "days"})
#: Narrowest a fixed column may be squeezed to before essential columns are dropped.
SHRINK_MIN = {"client": 8, "agent": 8, "skills": 8, "source": 6}


@record
class ColumnSpec:
    """One table column: its id (also the sort key), header label and width in cells.

    ``align`` is ``"left"`` or ``"right"``; a ``flex`` column shares the width that the
    fixed columns leave.
    """

    id: str
    label: str
    width: int
    align: str = "left"
    flex: bool = False


COLUMNS: dict[str, ColumnSpec] = {
    c.id: c
    for c in (
        ColumnSpec("star", "★", 2),
        ColumnSpec("title", "Title", 20, flex=True),
        ColumnSpec("client", "Client / Agent", 16),
        ColumnSpec("agent", "Agent", 14),
        ColumnSpec("rate", "万円/月", 9, align="right"),
        ColumnSpec("hourly", "円/h", 11, align="right"),
        ColumnSpec("remote", "Remote", 6),
        ColumnSpec("days", "日/週", 5, align="right"),
        ColumnSpec("form", "Form", 6),
        ColumnSpec("skills", "Skills", 20),
        ColumnSpec("source", "Source", 10),
        ColumnSpec("posted", "Posted", 6, align="right"),
        ColumnSpec("first_seen", "Seen", 6, align="right"),
        ColumnSpec("status", "Status", 12),
        ColumnSpec("checks", "Checks", 7),
        ColumnSpec("fit", "Fit", 4, align="right"),
    )
}
if tuple(COLUMNS) != COLUMN_IDS:  # pragma: no cover - a model change must update this table
    raise RuntimeError("tui.table_model.COLUMNS is out of step with model.COLUMN_IDS")

DEFAULT_COLUMNS = (
    "star", "title", "client", "rate", "remote", "days", "skills", "source", "posted",
)

#: Columns whose text comes from the ``dynamic`` callback (shortlist, fit).
DYNAMIC_COLUMNS = frozenset({"star", "status", "checks", "fit"})

REMOTE_SHORT = {"full": "full", "partial": "part", "onsite": "site", "unknown": "?"}
FORM_SHORT = {
    "quasi_mandate": "準委任",
    "contract_for_work": "請負",
    "dispatch": "派遣",
    "employment": "正社員",
    "unknown": "?",
}
UNKNOWN = "?"

# C0/C1 control characters never reach a Segment (an escape would reach the terminal).
_CONTROLS = {c: None for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
_CONTROLS[0x09] = " "
_CONTROLS[0x0A] = " "
_CONTROLS[0x0D] = " "


# --------------------------------------------------------------------------- cells


def _width_patterns() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Character classes of Rich's double-width and zero-width code points (or None)."""
    try:
        from rich._unicode_data import load

        table = load("auto").widths
    except Exception:  # a Rich without its private table: measure with cell_len
        return None

    def char_class(ranges: Iterable[tuple[int, int]]) -> re.Pattern[str]:
        parts = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
        return re.compile(f"[{parts}]")

    wide = char_class((a, b) for a, b, w in table if w == 2)
    zero = char_class(
        [(a, b) for a, b, w in table if w == 0 and a > 0] + [(0x01, 0x1F), (0x7F, 0x9F)]
    )
    return wide, zero


#: Built by ``prepare_cell_widths`` (False until then: Rich's ``cell_len`` measures).
_PATTERNS: tuple[re.Pattern[str], re.Pattern[str]] | None | bool = False
_PATTERNS_LOCK = threading.Lock()
_GETITEM = type([].__getitem__)
_JOINERS = lazy("\u200d+")


def prepare_cell_widths() -> None:
    """Build the character classes that measure many strings fast (about 15 ms, once).

    Until then ``cell_width`` asks Rich, which is quick for one screenful: the app's
    first paint does not wait for the build; the loader calls this before measuring
    thousands of gigs.
    """
    global _PATTERNS
    if _PATTERNS is False:
        with _PATTERNS_LOCK:
            if _PATTERNS is False:
                _PATTERNS = _width_patterns()


def cell_width(text: str) -> int:
    """Width of ``text`` in terminal cells, as Rich (and so Textual) measures it."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _PATTERNS is False or _PATTERNS is None or "\u200d" in text or "\ufe0f" in text:
        return cell_len(text)
    wide, zero = _PATTERNS  # type: ignore[misc]
    return len(text) + len(wide.findall(text)) - len(zero.findall(text))


def _fit(text: str, width: int) -> tuple[str, int]:
    """``text`` cut to ``width`` cells (with "…" when cut) and its width in cells."""
    if width <= 0:
        return "", 0
    if "\u200d" in text:
        # A joiner with nothing to join makes Rich skip the next character (padding).
        text = _JOINERS.sub("\u200d", text).strip("\u200d")
    if text.isascii() and text.isprintable():
        if len(text) <= width:
            return text, len(text)
        return text[: width - 1] + ELLIPSIS, width
    if _PATTERNS is False and "\u200d" not in text and "\ufe0f" not in text:
        # Before the fast tables exist (the first paint): the running widths, summed
        # and searched in C; the cut falls before the first character past ``room``.
        ends = list(accumulate(map(get_character_cell_size, text)))
        if not ends or ends[-1] <= width:
            return text, ends[-1] if ends else 0
        cut_at = bisect_right(ends, width - 1)  # room for the ellipsis
        return text[:cut_at] + ELLIPSIS, (ends[cut_at - 1] if cut_at else 0) + 1
    size = cell_width(text)
    if size <= width:
        return text, size
    room = width - 1  # for the ellipsis
    used = end = 0
    if "\u200d" in text or "\ufe0f" in text:
        spans, _ = split_graphemes(text)
    else:
        # Measured as far as the cut only (a long Japanese title is cut early).
        spans = ((k, k + 1, get_character_cell_size(ch)) for k, ch in enumerate(text))
    for _start, stop, cells in spans:
        if used + cells > room:
            break
        used += cells
        end = stop
    return text[:end] + ELLIPSIS, used + 1


def cut(text: str, width: int) -> str:
    """``text`` shortened to at most ``width`` cells, ending in "…" when it was cut.

    Never splits a double-width character or a grapheme (emoji with joiners): the cut
    may leave the result one cell short, which ``pad`` fills.
    """
    return _fit(text, width)[0]


def pad(text: str, width: int, align: str = "left") -> str:
    """``text`` cut to ``width`` cells and padded with spaces to exactly ``width`` cells."""
    text, size = _fit(text, width)
    if size == width:
        return text
    fill = " " * (width - size)
    return fill + text if align == "right" else text + fill


def layout(columns: Sequence[ColumnSpec], total_width: int) -> list[int]:
    """Widths for ``columns`` (same order) within ``total_width`` cells; 0 = not shown.

    Fixed columns get their width, flex columns share what is left (at least FLEX_MIN),
    with GAP cells between shown columns. When that does not fit, right-most
    non-essential columns are dropped first (so title keeps FLEX_COMFORT cells), then
    wide columns shrink, then flex columns go down to FLEX_MIN, and only then are
    essential columns dropped from the right.
    """
    n = len(columns)
    shown = [True] * n
    widths = [0 if c.flex else max(0, c.width) for c in columns]
    min_widths = [SHRINK_MIN.get(c.id, w) if not c.flex else 0 for c, w in zip(columns, widths)]
    min_widths = [min(m, w) for m, w in zip(min_widths, widths)]

    def need(flex_total: int) -> int:
        """Cells needed with the flex columns at FLEX_MIN each, and ``flex_total`` all."""
        count = sum(shown)
        fixed = sum(w for w, s, c in zip(widths, shown, columns) if s and not c.flex)
        flex = sum(1 for s, c in zip(shown, columns) if s and c.flex)
        return fixed + max(flex * FLEX_MIN, flex_total if flex else 0) + max(0, count - 1) * GAP

    def drop_rightmost(predicate: Callable[[ColumnSpec], bool]) -> bool:
        for i in range(n - 1, -1, -1):
            if shown[i] and predicate(columns[i]):
                shown[i] = False
                return True
        return False

    while need(FLEX_COMFORT) > total_width and drop_rightmost(
        lambda c: c.id not in ESSENTIAL and not c.flex
    ):
        pass
    # Squeeze the wide fixed columns, widest first, down to their minimum.
    while need(0) > total_width:
        candidates = [i for i in range(n) if shown[i] and widths[i] > min_widths[i]]
        if not candidates:
            break
        i = max(candidates, key=lambda k: widths[k])
        widths[i] -= min(widths[i] - min_widths[i], need(0) - total_width)
    while need(0) > total_width and sum(shown) > 1:
        if not drop_rightmost(lambda c: not c.flex):
            break
    result = [w if s else 0 for w, s in zip(widths, shown)]
    flex_ids = [i for i in range(n) if shown[i] and columns[i].flex]
    if flex_ids:
        count = sum(shown)
        fixed = sum(result[i] for i in range(n) if shown[i] and not columns[i].flex)
        room = max(0, total_width - fixed - max(0, count - 1) * GAP)
        share, extra = divmod(room, len(flex_ids))
        for k, i in enumerate(flex_ids):
            result[i] = max(1, share + (1 if k < extra else 0))
    # Last resort on absurdly narrow widths: clip the right-most shown column.
    overflow = sum(result) + max(0, sum(1 for w in result if w) - 1) * GAP - total_width
    for i in range(n - 1, -1, -1):
        if overflow <= 0:
            break
        if result[i]:
            take = min(result[i], overflow)
            result[i] -= take
            overflow -= take + (GAP if result[i] == 0 else 0)
    return result


# ---------------------------------------------------------------------- formatting


def _clean(text: str | None) -> str:
    """Display text with control characters removed (escapes never reach the terminal)."""
    if not text:
        return ""
    if text.isprintable():
        return text
    return text.translate(_CONTROLS)


def _figure(value: float, decimals_below: float = 10) -> str:
    """A compact number: 80, 2.5 (one decimal under ``decimals_below``), 62.5 -> 63."""
    if abs(value) < decimals_below:
        rounded = round(value, 1)
        return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
    return str(int(value + 0.5) if value >= 0 else -int(-value + 0.5))  # half up


def _range(span: Span | None, fmt: Callable[[float], str], open_min: str) -> str:
    """``a–b``, ``a`` (equal ends), ``〜b`` (max only) or ``a{open_min}`` (min only)."""
    if span is None or (span.min is None and span.max is None):
        return UNKNOWN
    lo, hi = span.min, span.max
    if lo is not None and hi is not None:
        a, b = fmt(lo), fmt(hi)
        return a if a == b else f"{a}–{b}"
    if hi is not None:
        return f"〜{fmt(hi)}"
    return f"{fmt(lo)}{open_min}"  # type: ignore[arg-type]


def format_rate(monthly: Span | None) -> str:
    """Monthly JPY as 万円: "60–90", "〜100", "80〜", "80"; "?" when unknown."""
    return _range(monthly, lambda v: _figure(v / MAN), "〜")


def format_hourly(hourly: Span | None) -> str:
    """JPY per hour: "5,000–7,500"; "?" when unknown."""
    return _range(hourly, lambda v: f"{int(round(v)):,}", "〜")


def format_days(days: Span | None) -> str:
    """Days a week: "2–5", "3+", "〜4", "5"; "?" when unknown."""
    return _range(days, _figure, "+")


def format_age(when: datetime | None, now: datetime) -> str:
    """How long ago: "5m", "3h", "2d", "5w", "2y"; "" when unknown."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = max(0.0, (now - when).total_seconds())
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    days = int(seconds // 86400)
    if days < 14:
        return f"{days}d"
    if days < 365:
        return f"{days // 7}w"
    return f"{days // 365}y"


def fold(text: str) -> str:
    """Text folded for matching: NFKC (全角 = half width) then casefold."""
    return unicodedata.normalize("NFKC", text).casefold()


def _timestamp(when: datetime | None) -> float | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


_REMOTE_ORDER = {r: i for i, r in enumerate(REMOTES) if r != "unknown"}
_FORM_ORDER = {f: i for i, f in enumerate(CONTRACT_FORMS) if f != "unknown"}


# -------------------------------------------------------------------------- rows

#: Most recent filter results kept per GigRows (typing extends or erases a query).
FILTER_CACHE = 24


class GigRows:
    """Display strings, sort keys and a search haystack for a list of gigs.

    The search haystack is built up front; a column's display strings and sort keys
    are computed the first time they are needed and then kept (plain lists), so opening
    100,000 gigs formats only what is on screen.

    ``dynamic(column, uid) -> str`` supplies the star/status/checks/fit cells; it can be
    replaced later (``rows.dynamic = ...``), after which the table calls
    ``refresh_rows()``. Without one, ``fit`` shows the gig's own score.
    """

    def __init__(
        self,
        gigs: Sequence[Gig],
        money: Money | None = None,
        now: datetime | None = None,
        dynamic: Callable[[str, str], str] | None = None,
    ) -> None:
        self.gigs: list[Gig] = list(gigs)
        self.money = money or Money()
        self.now = now or datetime.now(timezone.utc)
        self._dynamic = dynamic
        self.uids: list[str] = list(map(attrgetter("uid"), self.gigs))
        #: column -> {gig index: display text}, filled as rows are drawn (a dict: 100,000
        #: gigs show a few dozen rows, and a list per column would cost 0.8 MB each)
        self._text: dict[str, dict[int, str]] = {}
        self._keys: dict[str, list[Any]] = {}
        self._monthly: list[Span | None] | None = None
        self._hay: list[str] | None = None
        self._filter_cache: dict[str, list[int]] = {}
        #: Class-level functions (not closures over ``self``): a GigRows holds no
        #: reference cycle, so a replaced one is freed at once even with the GC frozen.
        self._formatters = _FORMATTERS

    @property
    def _haystack(self) -> list[str]:
        """The folded search text of every gig, built on the first ``filter_substring``."""
        if self._hay is None:
            self._hay = [_haystack(g) for g in self.gigs]
        return self._hay

    # -- access
    def __len__(self) -> int:
        return len(self.gigs)

    @property
    def dynamic(self) -> Callable[[str, str], str]:
        """The callback for star/status/checks/fit cells: ``(column, uid) -> text``."""
        return self._dynamic or self._own_dynamic

    @dynamic.setter
    def dynamic(self, callback: Callable[[str, str], str] | None) -> None:
        self._dynamic = callback

    def _own_dynamic(self, column: str, uid: str) -> str:
        return ""

    def monthly(self, index: int) -> Span | None:
        """Gig ``index``'s pay in JPY per month (its ``monthly_jpy``, else derived)."""
        if self._monthly is not None:
            return self._monthly[index]
        g = self.gigs[index]
        return g.monthly_jpy if g.monthly_jpy is not None else monthly_jpy(g.rate, self.money)

    def _source_text(self, index: int) -> str:
        g = self.gigs[index]
        source = _clean(g.source)
        return f"{source} +{len(g.sources) - 1}" if len(g.sources) > 1 else source

    def cell(self, index: int, column: str) -> str:
        """The display text of gig ``index`` in ``column`` (already free of escapes)."""
        texts = self._text.get(column)
        if texts is None:
            if column not in self._formatters:
                if column == "fit" and self._dynamic is None:
                    fit = self.gigs[index].fit
                    return "" if fit is None else str(fit)
                if column in DYNAMIC_COLUMNS:
                    return _clean(self.dynamic(column, self.uids[index]))
                raise KeyError(f"unknown column {column!r}")
            texts = self._text[column] = {}
        text = texts.get(index)
        if text is None:
            if not 0 <= index < len(self.gigs):
                raise IndexError(index)
            text = texts[index] = self._formatters[column](self, index)
        return text

    def uid(self, index: int) -> str:
        """The uid of gig ``index``."""
        return self.uids[index]

    def gig(self, index: int) -> Gig:
        """The gig at ``index``."""
        return self.gigs[index]

    def is_new(self, index: int) -> bool:
        """Whether gig ``index`` was first seen since the app was last opened."""
        return self.gigs[index].is_new

    # -- filtering
    def filter_substring(self, text: str, within: Sequence[int] | None = None) -> list[int]:
        """Indices whose haystack (title, client, agent, skills, tags) holds every word.

        Case-insensitive, full-width = half-width; empty text keeps every index (of
        ``within`` when given, in its order). Without ``within``, recent results are
        kept, so a query that extends an earlier one searches only that one's matches
        and erasing back to an earlier query costs nothing.
        """
        folded = " ".join(fold(text).split())
        words = folded.split()
        if within is not None:
            return self._search(words, within)
        cache = self._filter_cache
        hit = cache.get(folded)
        if hit is None:
            # A query that extends a cached one matches a subset of its matches, and
            # that one's complete words need no second look.
            base: list[int] | None = None
            done: set[str] = set()
            for key, found in cache.items():
                if folded.startswith(key) and (base is None or len(found) < len(base)):
                    base, done = found, set(key.split())
            if base is not None and len(base) * 3 > len(self._haystack):
                base, done = None, set()  # scanning everything is as fast
            hit = self._search([w for w in words if w not in done], base)
            cache.pop(folded, None)
            cache[folded] = hit
            while len(cache) > FILTER_CACHE:
                del cache[next(iter(cache))]
        return list(hit)

    def _search(self, words: list[str], within: Sequence[int] | None) -> list[int]:
        hay = self._haystack
        current: Sequence[int] = range(len(hay)) if within is None else within
        for word in words:
            if isinstance(current, range):
                current = list(compress(current, map(contains, hay, repeat(word))))
            else:
                current = list(
                    compress(current, map(contains, map(hay.__getitem__, current), repeat(word)))
                )
        return list(current)

    # -- sorting
    def sort_key(self, column: str) -> Callable[[int], Any]:
        """A key function over indices for ``column``; it returns None for unknown values."""
        if column in DYNAMIC_COLUMNS and not (column == "fit" and self._dynamic is None):
            return self._dynamic_key(column)
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = self._column_keys(column)
        return keys.__getitem__

    def _column_keys(self, column: str) -> list[Any]:
        gigs = self.gigs
        if column == "rate":
            if self._monthly is None:
                money = self.money
                self._monthly = [
                    g.monthly_jpy if g.monthly_jpy is not None else monthly_jpy(g.rate, money)
                    for g in gigs
                ]
            return [m.mid if m is not None else None for m in self._monthly]
        if column == "hourly":
            hours = self.money.hours_per_month or 160.0
            rate = self._keys.get("rate") or self._keys.setdefault(
                "rate", self._column_keys("rate")
            )
            return [None if v is None else v / hours for v in rate]
        if column == "days":
            return [g.days_per_week.mid if g.days_per_week else None for g in gigs]
        if column == "remote":
            return [_REMOTE_ORDER.get(g.remote) for g in gigs]
        if column == "form":
            return [_FORM_ORDER.get(g.contract_form) for g in gigs]
        if column in ("posted", "first_seen"):
            from .gigstore import timestamps

            field = "posted_at" if column == "posted" else "first_seen"
            try:
                return timestamps(gigs, field)
            except TypeError:  # rows that are not Gig instances
                return [_timestamp(getattr(g, field)) for g in gigs]
        if column == "fit":
            return [g.fit for g in gigs]
        if column in self._formatters:
            return [self.cell(i, column).casefold() or None for i in range(len(gigs))]
        raise KeyError(f"unknown column {column!r}")

    def _dynamic_key(self, column: str) -> Callable[[int], Any]:
        def key(index: int) -> Any:
            text = self.cell(index, column).strip()
            if not text:
                return None
            try:
                return (0, float(text), "")
            except ValueError:
                return (1, 0.0, text.casefold())

        return key

    def sort(self, indices: Sequence[int], column: str, descending: bool = False) -> list[int]:
        """``indices`` sorted by ``column``: stable, unknown values last in both directions."""
        key = self.sort_key(column)
        values = list(map(key, indices))
        known = list(compress(indices, map(is_not, values, repeat(None))))
        if len(known) == len(values):
            unknown: list[int] = []
        else:
            unknown = list(compress(indices, map(is_, values, repeat(None))))
        # sort(reverse=True) keeps equal items in their original order: still stable.
        if key.__class__ is _GETITEM:  # a plain list look-up: cheap to call again
            known.sort(key=key, reverse=descending)
        else:
            pairs = [(v, i) for v, i in zip(values, indices) if v is not None]
            pairs.sort(key=itemgetter(0), reverse=descending)
            known = [i for _, i in pairs]
        return known + unknown


_FORMATTERS: dict[str, Callable[[GigRows, int], str]] = {
    "title": lambda r, i: _clean(r.gigs[i].title),
    "client": lambda r, i: _clean(r.gigs[i].client) or _clean(r.gigs[i].agent),
    "agent": lambda r, i: _clean(r.gigs[i].agent),
    "rate": lambda r, i: format_rate(r.monthly(i)),
    "hourly": lambda r, i: format_hourly(hourly_jpy(r.monthly(i), r.money)),
    "remote": lambda r, i: REMOTE_SHORT.get(r.gigs[i].remote, UNKNOWN),
    "days": lambda r, i: format_days(r.gigs[i].days_per_week),
    "form": lambda r, i: FORM_SHORT.get(r.gigs[i].contract_form, UNKNOWN),
    "skills": lambda r, i: _clean(", ".join(r.gigs[i].skills)),
    "source": lambda r, i: r._source_text(i),
    "posted": lambda r, i: format_age(r.gigs[i].posted_at, r.now),
    "first_seen": lambda r, i: format_age(r.gigs[i].first_seen, r.now),
}


def _haystack(g: Gig) -> str:
    """The folded search text of a gig: title, client, agent, skills, tags (one a line)."""
    text = "\n".join(
        (g.title or "", g.client or "", g.agent or "", " ".join(g.skills), " ".join(g.tags))
    )
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()

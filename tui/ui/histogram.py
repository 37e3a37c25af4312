"""A histogram of monthly rates drawn with block characters, inside Textual itself.

``render_histogram`` is a pure function from plain data (bins, size, marks) to a Rich
``Text`` of exactly ``height`` lines no wider than ``width`` cells; nothing in it is parsed
as markup. ``Histogram`` is the widget that redraws it at its current size.

Layout, top to bottom: the bars (eighth blocks ▁▂▃▄▅▆▇█, the tallest count at the top
left), the axis with rate labels (万円/月), and a legend line naming the marks: the market
average (84万円) and the user's ``min_rate`` are dotted vertical lines (┊) at their exact
place on the axis (with a ▲ under them when there is room), and bar cells they cross
take the mark's colour.
"""

from __future__ import annotations

import math
from typing import Sequence

from rich.text import Text
from textual.widget import Widget

from ..i18n import t
from ..record import record
from .css import compact

_EIGHTHS = " ▁▂▃▄▅▆▇█"
BAR_STYLE = "bold #4e9bd6"
REFERENCE_STYLE = "bold yellow"
FLOOR_STYLE = "bold green"
AXIS_STYLE = "dim"
#: Steps tried for axis labels, in 万円.
_STEPS = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


@record
class Mark:
    """A vertical line at ``value`` (万円/月) with a legend ``label`` and a Rich style."""

    value: float
    label: str
    style: str


def _num(value: float) -> str:
    return f"{value:g}"


def _merge(bins: Sequence[tuple[float, float, int]], k: int) -> list[tuple[float, float, int]]:
    """Groups of ``k`` consecutive bins as one (for plots narrower than the bin count)."""
    if k <= 1:
        return [tuple(b) for b in bins]  # type: ignore[misc]
    out = []
    for i in range(0, len(bins), k):
        group = bins[i:i + k]
        out.append((group[0][0], group[-1][1], sum(b[2] for b in group)))
    return out


def render_histogram(
    bins: Sequence[tuple[float, float, int]],
    width: int,
    height: int,
    *,
    marks: Sequence[Mark] = (),
    unit: str | None = None,
    empty: str | None = None,
    lang: str = "en",
) -> Text:
    """The histogram as ``height`` lines of at most ``width`` cells, labels in ``lang``.

    ``unit`` (default 万円/月) names the axis; ``empty`` is shown when nothing can be drawn.

    ``bins`` are ``(lo, hi, count)`` of equal width from 0 up. When there are more bins
    than cells, neighbours are merged (2 or more per column) so the whole range shows.
    """
    unit = t("market.unit", lang) if unit is None else unit
    empty = t("histogram.empty", lang) if empty is None else empty
    width = max(int(width), 0)
    height = max(int(height), 0)
    out = Text(no_wrap=True, overflow="crop", end="")
    if height == 0 or width == 0:
        return out
    counts = [int(b[2]) for b in bins]
    if not bins or not any(counts) or width < 12 or height < 3:
        out.append(empty[:width], style="dim italic")
        out.append("\n" * (height - 1))
        return out

    top = max(counts)
    # Extend the axis with empty bins so every mark (84万, the floor) has its place.
    bins = [tuple(b) for b in bins]
    step_man = bins[0][1] - bins[0][0]
    reach = max((m.value for m in marks), default=0.0)
    while step_man > 0 and bins[-1][1] <= reach:
        bins.append((bins[-1][1], bins[-1][1] + step_man, 0))
    gutter = len(str(top))
    plot = width - gutter - 1
    k = max(1, math.ceil(len(bins) / plot))
    cols = _merge(bins, k)
    cw = max(1, min(plot // len(cols), 8))
    bar_w = cw - 1 if cw >= 3 else cw
    span = (bins[0][1] - bins[0][0]) * k  # 万円 per column
    start = bins[0][0]
    used = cw * len(cols)
    # Bars, then (when there is room) a row of ▲ under the marks, the axis, the legend.
    mark_row = bool(marks) and height >= 6
    rows = max(height - 2 - mark_row, 1)

    def x_of(value: float) -> int | None:
        x = (value - start) / span * cw
        if x < 0 or x >= used:
            return None
        return int(x)

    mark_x = [(x_of(m.value), m) for m in marks]
    eighths = []
    for _, _, count in cols:
        e = round(count * rows * 8 / top)
        eighths.append(max(e, 1) if count else 0)

    for r in range(rows - 1, -1, -1):
        label = str(top) if r == rows - 1 else ""
        out.append(label.rjust(gutter), style=AXIS_STYLE)
        out.append("│", style=AXIS_STYLE)
        cells: list[tuple[str, str]] = []
        for j, e in enumerate(eighths):
            level = e - r * 8
            ch = _EIGHTHS[8] if level >= 8 else (_EIGHTHS[level] if level > 0 else " ")
            for c in range(cw):
                cells.append((ch if c < bar_w else " ", BAR_STYLE if c < bar_w and ch != " " else ""))
        for x, mark in mark_x:
            if x is None:
                continue
            ch, _ = cells[x]
            cells[x] = ("┊", mark.style) if ch == " " else (ch, mark.style)
        for ch, style in cells:
            out.append(ch, style=style)
        out.append("\n")

    if mark_row:
        row = [(" ", "")] * plot
        for x, mark in mark_x:
            if x is not None:
                row[x] = ("▲", mark.style)
        out.append(" " * (gutter + 1))
        for ch, style in row:
            out.append(ch, style=style)
        out.append("\n")

    # Axis labels: bin edges at a step wide enough for the labels not to touch.
    axis = [" "] * plot
    step = next((s for s in _STEPS if s / span * cw >= len(_num(s)) + 2), _STEPS[-1])
    v = math.ceil(start / step) * step
    end = start + span * len(cols)
    last = -2
    while v <= end:
        text = _num(v)
        x = int((v - start) / span * cw)
        if x > last + 1 and x + len(text) <= plot:
            axis[x:x + len(text)] = list(text)
            last = x + len(text)
        v += step
    out.append(" " * gutter + "└", style=AXIS_STYLE)
    out.append("".join(axis), style=AXIS_STYLE)
    out.append("\n")

    legend = Text(no_wrap=True, overflow="crop", end="")
    legend.append(" " * (gutter + 1))
    for _, mark in mark_x:
        legend.append("┊ ", style=mark.style)
        legend.append(f"{_num(mark.value)} {mark.label}", style=mark.style)
        legend.append("   ")
    legend.append(t("histogram.per_column", lang, unit=unit, span=_num(span)), style=AXIS_STYLE)
    legend.truncate(width, overflow="crop")
    out.append_text(legend)
    drawn = rows + 2 + mark_row
    if drawn < height:  # a 1-row plot area still gets axis + legend
        out.append("\n" * (height - drawn))
    return out


class Histogram(Widget):
    """The rate histogram: give it bins and marks; it redraws at its own size."""

    DEFAULT_CSS = compact("""
    Histogram { height: 1fr; min-height: 5; width: 1fr; }
    """)

    def __init__(
        self,
        bins: Sequence[tuple[float, float, int]] = (),
        *,
        marks: Sequence[Mark] = (),
        unit: str | None = None,
        empty: str | None = None,
        lang: str = "en",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.bins = [tuple(b) for b in bins]
        self.marks = list(marks)
        self.unit = unit
        self.empty = empty
        self.lang = lang

    def set_data(
        self, bins: Sequence[tuple[float, float, int]], marks: Sequence[Mark] = ()
    ) -> None:
        """Replace what is drawn."""
        self.bins = [tuple(b) for b in bins]
        self.marks = list(marks)
        self.refresh()

    def render(self) -> Text:
        size = self.content_size
        return render_histogram(
            self.bins, size.width, size.height, marks=self.marks, unit=self.unit,
            empty=self.empty, lang=self.lang,
        )

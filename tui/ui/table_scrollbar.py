"""The gig table's vertical scrollbar, drawn as the last cells of the table's own lines.

Textual's scrollbar is a widget of its own: each frame draws its column through Rich's
layout and cuts every line of the table where the two meet. The table instead appends
one cell of this bar to each line it draws, so the scrollbar costs nothing when the
table is drawn from its line cache. The bar looks as Textual draws it (a test compares
the two cell by cell): a track in the scrollbar's background colour, a thumb in its
colour, and eighth-block glyphs at the thumb's ends for sub-cell positions.
"""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from rich.style import Style
from textual.color import Color

#: Glyphs for the thumb's ends, by how much of the cell the thumb leaves free (in
#: eighths, from the top); the last one is a plain cell.
END_GLYPHS = "▁▂▃▄▅▆▇ "
EIGHTHS = len(END_GLYPHS)


def thumb_span(size: int, virtual: int, window: int, position: float) -> tuple[int, int] | None:
    """Where the thumb is, in eighths of a cell from the top of a bar ``size`` cells long,
    for a view of ``window`` lines at line ``position`` of ``virtual``; None: no thumb
    (everything fits)."""
    if not (window and size and virtual and size != virtual and virtual > window):
        return None
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (position / (virtual - window)) * EIGHTHS)
    return start, start + ceil(thumb * EIGHTHS)


def bar_colors(background: Color, color: Color, base: Color) -> tuple[Color, Color]:
    """The track's and the thumb's colours: a translucent track over ``base`` (the
    widget's background), the thumb over the track."""
    if background.a < 1:
        background = base + background
    return background, background + color


def bar_cells(
    size: int, virtual: int, window: int, position: float, thickness: int,
    track: Color, thumb: Color, base: Color, *, show_thumb: bool = True,
) -> list[Segment]:
    """The bar's ``size`` cells, top to bottom, each ``thickness`` cells wide.

    ``position`` counts in eighths, as Textual's does. ``show_thumb`` False draws the
    track alone (a screen whose scrollbar colour is fully transparent).
    """
    blank = " " * thickness
    back = track.rich_color
    bar = thumb.rich_color
    track_cell = Segment(blank, Style(bgcolor=back))
    span = thumb_span(size, virtual, window, int(position * 8) / 8) if show_thumb else None
    if span is None:
        return [track_cell] * size
    start, end = span
    first, first_eighth = divmod(max(0, start), EIGHTHS)
    last, last_eighth = divmod(max(0, end), EIGHTHS)
    # Drawn reversed, as Textual draws it: the thumb stays visible without colours.
    thumb_cell = Segment(blank, Style(color=bar, bgcolor=base.rich_color, reverse=True))
    cells = [track_cell] * size
    cells[first:last] = [thumb_cell] * (min(last, size) - min(first, size))
    if first < size:
        glyph = END_GLYPHS[EIGHTHS - 1 - first_eighth]
        if glyph != " ":
            cells[first] = Segment(glyph * thickness, Style(color=bar, bgcolor=back))
    if last < size:
        glyph = END_GLYPHS[EIGHTHS - 1 - last_eighth]
        if glyph != " ":
            cells[last] = Segment(glyph * thickness, Style(color=bar, bgcolor=back, reverse=True))
    return cells


def position_for(grab_position: float, moved: int, virtual: int, window: int) -> float:
    """The scroll position after dragging a thumb grabbed at scroll position
    ``grab_position`` by ``moved`` cells (a cell of bar is ``virtual / window`` lines)."""
    if not window:
        return grab_position
    return grab_position + moved * (virtual / window)

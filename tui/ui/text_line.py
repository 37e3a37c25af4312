"""``TextLine``: one line of Rich ``Text``, drawn with the Line API.

The bars of the main screen (preset tabs, status line, key bar) are one line each and
change often. A ``Static`` converts its text into Textual ``Content`` and wraps it on
every update; this draws the text once per change and width: cut with "…" at the
width, never wrapped, never read as markup (text from sources shows literally).
"""

from __future__ import annotations

from typing import Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from .css import compact

#: Control characters become spaces, one for one (the text's styled spans keep their
#: places): no escape sequence reaches the terminal. A wrapped text keeps its newlines
#: (it is split at them first).
_ONE_LINE = {c: " " for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
_NULL = Style.null()


def text_strips(
    text: Text, console: Console, width: int, style: Style, *, one_line: bool = False,
    frame: tuple[Sequence[Segment], Sequence[Segment]] = ((), ()),
) -> list[Strip]:
    """``text`` as lines ``width`` cells wide over ``style``: wrapped, or with
    ``one_line`` cut with "…". Never read as markup; control characters show as spaces.
    (``TextLine`` and the detail pane draw their text with this.) No room: no lines.
    ``frame``: cells drawn before and after the text on every line (a rule, padding)."""
    if width <= 0:
        return []
    if one_line:
        return [one_line_strip(text, console, width, style, frame)]
    justify, overflow = text.justify or "default", text.overflow or "fold"
    strips = []
    for line in text.split("\n", allow_blank=True):  # new lines (or a copy): ours to change
        plain = line.plain
        if not plain.isprintable():  # a control character (or another unprintable one)
            line.plain = plain.translate(_ONE_LINE)
        if justify == "default" and line.cell_len <= width:  # most lines: nothing to wrap
            strips.append(_strip(line, console, width, style, frame))
            continue
        for part in line.wrap(console, width, justify=justify, overflow=overflow, no_wrap=False):
            strips.append(_strip(part, console, width, style, frame))
    return strips


def one_line_strip(text: Text, console: Console, width: int, style: Style,
                   frame: tuple[Sequence[Segment], Sequence[Segment]] = ((), ())) -> Strip:
    """``text`` on one line ``width`` cells wide over ``style``, cut with "…" when
    longer, padded with ``style`` when shorter (between ``frame``'s cells)."""
    safe = text.copy()
    safe.plain = safe.plain.translate(_ONE_LINE)
    if safe.cell_len > width:
        safe.truncate(width, overflow="ellipsis")
    return _strip(safe, console, width, style, frame)


def _strip(line: Text, console: Console, width: int, style: Style,
           frame: tuple[Sequence[Segment], Sequence[Segment]] = ((), ())) -> Strip:
    """One line of text (at most ``width`` cells) over ``style``, padded to ``width``,
    between ``frame``'s cells.

    ``text_strips`` gives the same cells as Rich's ``render_lines`` (a property test
    holds them equal) without its layout pipeline: the bars are redrawn often, and the
    first frame draws several bars and a screenful of a gig's details.
    """
    before, after = frame
    segments = [*before, *_styled(line, console, style)]
    room = width - line.cell_len
    if room > 0:
        segments.append(Segment(" " * room, style))
    segments += after
    if before or after:
        width += sum(s.cell_length for s in before) + sum(s.cell_length for s in after)
    return Strip(segments, width)


def _styled(line: Text, console: Console, style: Style) -> list[Segment]:
    """The segments of one line of text (no newline in it) over ``style``: the text's
    own style, then its spans' styles on top, as Rich's console draws them.

    Spans that do not overlap (the bars' and the detail's lines are built by appending)
    are drawn here directly: Rich's ``Text.render`` sorts and stacks them for any
    overlap, at several times the cost. Others go through it.
    """
    text = line.plain
    if not text:
        return []
    get_style = console.get_style
    base = get_style(line.style, default=_NULL) if line.style else _NULL
    under = style + base if style else base
    spans = line.spans
    if not spans:
        return [Segment(text, under)]
    pieces: list[Segment] = []
    end = len(text)
    at = 0
    for span in spans:
        start, stop = span.start, span.end
        if start < at or stop > end or start >= stop:  # overlapping, or odd: Rich's way
            rendered = line.render(console, end="")  # (its own style under every span)
            return list(Segment.apply_style(rendered, style) if style else rendered)
        if start > at:
            pieces.append(Segment(text[at:start], under))
        pieces.append(Segment(text[start:stop], under + get_style(span.style, default=_NULL)))
        at = stop
    if at < end:
        pieces.append(Segment(text[at:], under))
    return pieces


class TextLine(Widget):
    """One line of text; ``update(text)`` shows another."""

    DEFAULT_CSS = compact("""
    TextLine { height: 1; }
    """)

    def __init__(self, text: Text | str = "", *, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = Text(text) if isinstance(text, str) else text
        self._strip: Strip | None = None
        self._strip_width = -1

    @property
    def text(self) -> Text:
        """The text shown."""
        return self._text

    def update(self, text: Text | str) -> None:
        """Show ``text`` (a str is plain text, not markup)."""
        self._text = Text(text) if isinstance(text, str) else text
        self._strip = None
        self.refresh()

    def render(self) -> Text:
        """The text (what the line shows, before it is cut to the width)."""
        return self._text

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None  # drawn again in the new colours

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        if self._strip is None or self._strip_width != width:
            lines = text_strips(self._text, self.app.console, width, base, one_line=True)
            first = lines[0] if lines else Strip.blank(width, base)
            self._strip = first.adjust_cell_length(width, base)
            self._strip_width = width
        return self._strip

"""The filter input and the line under it: a hint while typing, or the query's error.

The table keeps its last good result while the query is bad. The line under the input
is there for as long as the input has the focus, so a keystroke that makes the query
bad (or good again) changes its text, never the screen's layout: with 100,000 gigs a
layout change would re-render the whole screen on that keystroke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import Static

from ..errors import QueryError
from ..i18n import language_of, t
from .css import compact
from .text_line import one_line_strip

if TYPE_CHECKING:
    from .filter_input import FilterInput


def __getattr__(name: str):
    if name == "FilterInput":  # defined in its own module, loaded with the input
        from .filter_input import FilterInput

        return FilterInput
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FilterBar(Vertical):
    """The filter input and the line under it.

    The app's first frame shows the input's placeholder, drawn by the bar itself in the
    input's colours; the input itself (and the line under it) replace it right after
    that frame, or at once when asked for (``input()``): the first frame does not wait
    for them.
    """

    COMPONENT_CLASSES = {"filter-bar--placeholder"}
    #: The input and the line under it bring their own CSS (``tui.ui.filter_input``),
    #: parsed when they are mounted, after the first frame.
    DEFAULT_CSS = compact("""
    FilterBar { height: auto; visibility: hidden; }
    FilterBar > * { visibility: visible; }
    FilterBar.-placeholder { height: 1; visibility: visible; }
    FilterBar > .filter-bar--placeholder { background: $boost; color: $text-disabled; }
    """)

    @property
    def lang(self) -> str:
        return language_of(getattr(self.app, "config", None))

    def __init__(self, on_change: Callable[[str], None] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._on_change = on_change
        self._input: FilterInput | None = None
        self.add_class("-placeholder")

    def render_line(self, y: int) -> Strip:
        """The placeholder line, until the input replaces it (then the children cover
        the bar: nothing of its own shows)."""
        width = self.size.width
        if self._input is not None or y != 0:
            return Strip.blank(width, self.rich_style)
        style = self.get_component_rich_style("filter-bar--placeholder")
        text = Text(t("filter.placeholder", self.lang))
        inner = one_line_strip(text, self.app.console, max(width - 2, 0), style)
        pad = Strip.blank(1, style)  # the input's padding: 0 1
        return Strip.join([pad, inner, pad]).crop(0, width)

    def on_mount(self) -> None:
        self.call_after_refresh(self.input)

    def input(self) -> FilterInput:
        """The filter's input (mounted now if the first frame's placeholder is still up)."""
        if self._input is None:
            from .filter_input import FilterInput, FilterLine  # after the first frame

            self._input = FilterInput(
                self._on_change,
                placeholder=t("filter.placeholder", self.lang),
                id="filter",
            )
            self.remove_class("-placeholder")
            self.mount(self._input, FilterLine(self._hint(), id="filter-error"))
        return self._input

    def on_descendant_focus(self) -> None:
        self.add_class("-typing")

    def on_descendant_blur(self) -> None:
        self.remove_class("-typing")

    def _hint(self) -> Text:
        # One line at any width: the CSS cuts it with "…" (no resize handler, which
        # would cost the first frames a layout pass).
        return Text(t("filter.hint", self.lang), style="dim")

    def _show(self, text: Text) -> None:
        """Put ``text`` on the line; a layout pass only when its height changes (as
        Textual wraps it), so a keystroke that swaps a hint for an error, or one error
        for the next, does not re-lay the screen out."""
        self.input()  # and the line under it
        label = self.query_one("#filter-error", Static)
        label.update(text, layout=False)
        region = label.content_region
        if not region.width or label.visual.get_height(label.styles, region.width) != region.height:
            label.refresh(layout=True)

    def show_error(self, error: QueryError, offset: int | None = None) -> None:
        """Point at the bad character: in the user's own text when it is there."""
        text = Text()
        if offset is not None:
            pos = max(error.position - offset, 0)
            text.append(f"  {' ' * pos}^ ", style="bold")
            text.append(t("filter.at_column", self.lang, problem=error.problem, column=pos + 1))
        else:
            text.append(t("filter.in_query", self.lang, problem=error.problem))
            text.append(error.query)
        self._show(text)
        self.add_class("-error")

    def show_message(self, message: str) -> None:
        self._show(Text(message))
        self.add_class("-error")

    def clear_error(self) -> None:
        if self.has_class("-error"):
            self.remove_class("-error")
            self._show(self._hint())

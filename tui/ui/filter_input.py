"""``FilterInput`` and ``FilterLine``: the filter's input and the line under it, mounted
by ``FilterBar`` after the first frame (this module, their classes' setup in Textual and
their CSS load then: the first frame shows the bar's placeholder line)."""

from __future__ import annotations

from typing import Callable

from textual.geometry import Size
from textual.widgets import Input, Static

from .css import compact


class FilterInput(Input, inherit_css=False):
    """The filter's input: it calls ``on_change`` with each new value at once.

    Called from the value's watcher, the view is filtered in the same turn of the event
    loop as the keystroke, so the input and the table are painted in one frame (a
    ``Changed`` message would arrive after a frame showing only the input).

    Its CSS is its own, the part of ``Input``'s a one-line borderless input uses: the
    main screen's first frame does not wait for the rest of ``Input``'s to be parsed.
    """

    COMPONENT_CLASSES = Input.COMPONENT_CLASSES
    DEFAULT_CSS = compact("""
    FilterInput {
        background: $boost;
        color: $foreground;
        padding: 0 1;
        border: none;
        width: 1fr;
        height: 1;
        scrollbar-size-horizontal: 0;
        pointer: text;
        &:focus { background-tint: $foreground 5%; }
        &>.input--cursor {
            background: $input-cursor-background;
            color: $input-cursor-foreground;
            text-style: $input-cursor-text-style;
        }
        &>.input--selection {
            background: $input-selection-background;
            color: $input-selection-foreground;
        }
        &>.input--placeholder, &>.input--suggestion { color: $text-disabled; }
        &:ansi {
            background: ansi_default;
            color: ansi_default;
            &>.input--cursor { background: ansi_white; color: ansi_black; }
            &>.input--placeholder, &>.input--suggestion { text-style: dim; color: ansi_default; }
        }
    }
    """)

    def __init__(self, on_change: Callable[[str], None] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.on_change = on_change

    def watch_value(self, value: str) -> None:
        if self.on_change is not None:
            self.on_change(value)

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size here, which asks for a layout pass of the whole
        # screen on every keystroke. This input is one line of fixed width, so only its
        # own scrolling depends on it: update that in place.
        size = Size(self.content_width, 1)
        if size != self.virtual_size and self.is_mounted:
            self.set_reactive(Input.virtual_size, size)
            self._scroll_update(size)
        self._suggestion = ""
        if self.suggester and value:
            self.run_worker(self.suggester._get_suggestion(self, value))
        self.refresh()


class FilterLine(Static):
    """The line under the filter input: a hint while typing, or the query's error."""

    # Selectors on the bar's state classes: not scoped to this widget.
    SCOPED_CSS = False
    DEFAULT_CSS = compact("""
    FilterBar > #filter-error {
        height: auto; color: $text-muted; padding: 0 1; display: none;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    FilterBar.-typing > #filter-error { display: block; }
    FilterBar.-error > #filter-error { display: block; color: $error; text-wrap: wrap; }
    """)

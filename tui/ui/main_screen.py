"""The app's main screen (the table, the detail pane, the filter): a plain ``Screen``
that does not lay itself out twice for nothing.

Textual lays a new screen out, then lays it out again for the ``Resize`` that first
layout posts to the screen itself, at the very same size; and again for the layout
requests its widgets posted while being measured in that first pass. Nothing changes in
those passes, but with a table, a detail pane and a filter each costs 10–15 ms before
the first paint settles. A request made before a whole layout pass ended is answered by
that pass; a request made after it still gets its own.
"""

from __future__ import annotations

from textual import events, messages
from textual.geometry import Size
from textual.screen import Screen

try:  # the clock Textual stamps its messages with
    from textual._time import get_time
except ImportError:  # pragma: no cover - a Textual without it: never skip
    def get_time() -> float:
        return float("-inf")


class MainScreen(Screen):
    #: The screen's own lines are its background only, and its children cover them all:
    #: drawn as blank lines, without Textual's line-by-line styling.
    BLANK = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._laid_out: Size | None = None
        self._laid_out_at = float("-inf")
        self._resumed = False

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        first = self._laid_out is None
        super()._refresh_layout(size, scroll)
        if first and not scroll and self._compositor.layers:
            # The first pass arranged every widget (scrollbars too) from scratch, no
            # arrangement was cached before it: what they asked for while mounting and
            # while being measured in it is done. Left set, each asks for one more pass.
            for widget, _geometry in self._compositor.layers:
                widget._layout_required = False
        if not scroll:
            self._laid_out = self.outer_size if size is None else size
            self._laid_out_at = get_time()
            # Asked for before this pass (as Textual's own timed pass clears it); the
            # first pass, on resume, would leave it set and run a second one.
            self._layout_required = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual then restyles every widget of the screen (Screen's own handler runs
        # next). The first time, at start, each was styled a moment ago while mounting:
        # nothing changed since but their focus, which restyles itself.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def _screen_resized(self, size: Size) -> None:
        if size == self._laid_out:
            return  # laid out at this size already
        super()._screen_resized(size)

    async def _on_layout(self, message: messages.Layout) -> None:
        if message.time < self._laid_out_at and self._laid_out is not None:
            message.stop()
            message.prevent_default()  # Screen's own handler would ask for a new pass

"""The key bar at the bottom: the screen's shown bindings on one line.

Textual's ``Footer`` makes a widget per key and composes them again whenever the focus
moves; gigs has one line of keys that never changes size, so one widget draws it. That
keeps the first paint and every focus change (``/`` into the filter) cheap. A click on a
key presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.strip import Strip

from .css import compact
from .text_line import TextLine

_GAP = "  "


class KeyBar(TextLine):
    """One line of ``key description`` pairs for the active screen's shown bindings."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = compact("""
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    """)

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._keys: list[tuple[str, str, str]] = []  # (key, shown key, description)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) on screen
        self._stale = True

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        # The keys are read when the bar is drawn: at start (mount, focus, keymap) the
        # bindings change several times before the first frame, which draws them once.
        if self.is_attached and screen is self.screen and not self._stale:
            self._stale = True
            self.refresh()

    def _read_keys(self) -> None:
        self._stale = False
        screen = self.screen
        keys: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        palette = None
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.action == "command_palette" and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, self.app.get_key_display(binding),
                           binding.description)
                continue
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append((binding.key, self.app.get_key_display(binding), binding.description))
        if palette is not None:
            keys.append(palette)
        self._keys = keys

    def _rebuild(self) -> None:
        """The keys read again and the line's text made from them."""
        self._read_keys()
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for key, shown, description in self._keys:
            if line:
                line.append(_GAP)
            start = line.cell_len
            line.append(f" {shown} ", key_style)
            if description:
                line.append(description, text_style)
            self._spans.append((start, line.cell_len, key))
        self._text = line
        self._strip = None

    def render(self) -> Text:
        if self._stale:
            self._rebuild()
        return self._text

    def render_line(self, y: int) -> Strip:
        if self._stale:
            self._rebuild()
        return super().render_line(y)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._stale = True  # the keys' colours are part of the text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return

"""Preset tabs across the top: "1 All (160)  2 Remote ≥80万 (12) …" with live counts."""

from __future__ import annotations

from rich.text import Text
from textual.events import Click
from textual.message import Message

from .css import compact
from .text_line import TextLine


class PresetTabs(TextLine):
    DEFAULT_CSS = compact("""
    PresetTabs { height: 1; background: $panel; padding: 0 1; }
    """)

    class Chosen(Message):
        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.labels: list[str] = []
        self.counts: list[int | None] | None = None
        self.active = 0
        self._spans: list[tuple[int, int]] = []

    def set_tabs(self, labels: list[str], counts: list[int | None] | None, active: int) -> None:
        self.labels = labels
        if counts is not None:
            self.counts = counts
        self.active = active
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for i, label in enumerate(labels):
            start = text.cell_len
            key = f"{i + 1} " if i < 9 else ""
            count = ""
            if self.counts is not None and i < len(self.counts) and self.counts[i] is not None:
                count = f" ({self.counts[i]})"
            style = "bold reverse" if i == active else ""
            text.append(f" {key}{label}{count} ", style=style)
            self._spans.append((start, text.cell_len))
            text.append(" ")
        self.update(text)

    def on_click(self, event: Click) -> None:
        x = event.x - 1
        for i, (start, end) in enumerate(self._spans):
            if start <= x < end:
                self.post_message(self.Chosen(i))
                return

"""A multi-line note editor (Japanese input works: it is a TextArea).

``Esc`` or ``Ctrl+S`` saves and closes — a note is never lost by leaving the editor;
``Ctrl+G`` closes without saving.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..i18n import t
from .bindings import localize_bindings, ui_language
from .css import compact


class NoteScreen(ModalScreen[str | None]):
    DEFAULT_CSS = compact("""
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 90%; max-width: 110; height: 80%;
        border: round $accent; background: $surface;
    }
    NoteScreen #note-title { height: auto; padding: 0 1; }
    NoteScreen TextArea { height: 1fr; }
    """)
    BINDINGS = [
        Binding("escape,ctrl+s", "save", t("key.save", "en"), id="note_save", priority=True),
        Binding("ctrl+g", "discard", t("key.discard", "en"), id="note_discard", priority=True),
    ]

    def __init__(self, title: str, text: str, lang: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.original = text
        self.lang = lang or ui_language()
        localize_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        with Vertical():
            head = Text()
            head.append(t("note.title", self.lang), style="bold")
            head.append(self.title_text)
            head.append("\n" + t("note.hint", self.lang), style="dim")
            yield Static(head, id="note-title")
            yield TextArea(self.original, id="note-text", soft_wrap=True)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss(None if text == self.original else text)

    def action_discard(self) -> None:
        self.dismiss(None)

"""``P``: save the current view (preset query + filter, sort, columns) as a new preset.

Saved presets go to ``<data dir>/presets.toml`` through the store's safe writer — the
user's config.toml is never rewritten — and appear as tabs after the config's presets.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SavePresetScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    SavePresetScreen { align: center middle; }
    SavePresetScreen > Vertical { width: 70; max-width: 100%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    SavePresetScreen Input { border: none; background: $boost; height: 1; }
    """
    BINDINGS = [Binding("escape,ctrl+g", "cancel", "Cancel", id="back", priority=True)]

    def __init__(self, query: str, sort: str) -> None:
        super().__init__()
        self.query_text = query
        self.sort_text = sort

    def compose(self) -> ComposeResult:
        with Vertical():
            info = Text()
            info.append("Save this view as a preset\n", style="bold")
            info.append("query: ", style="dim")
            info.append(self.query_text or "(everything)")
            info.append("\nsort:  ", style="dim")
            info.append(self.sort_text or "(default)")
            info.append("\nName (Japanese is fine), Enter to save, Esc/Ctrl+G to cancel:", style="dim")
            yield Static(info)
            yield Input(placeholder="e.g. 副業-nlp", id="preset-name")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.notify("A preset needs a name.", severity="warning")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)

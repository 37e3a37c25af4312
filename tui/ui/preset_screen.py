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

from ..i18n import t
from .bindings import localize_bindings, ui_language
from .css import compact


class SavePresetScreen(ModalScreen[str | None]):
    DEFAULT_CSS = compact("""
    SavePresetScreen { align: center middle; }
    SavePresetScreen > Vertical { width: 70; max-width: 100%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    SavePresetScreen Input { border: none; background: $boost; height: 1; }
    """)
    BINDINGS = [Binding("escape,ctrl+g", "cancel", t("key.cancel", "en"), id="back", priority=True)]

    def __init__(self, query: str, sort: str, lang: str | None = None) -> None:
        super().__init__()
        self.query_text = query
        self.sort_text = sort
        self.lang = lang or ui_language()
        localize_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        with Vertical():
            info = Text()
            lang = self.lang
            info.append(t("preset.title", lang), style="bold")
            info.append(t("preset.query", lang), style="dim")
            info.append(self.query_text or t("preset.everything", lang))
            info.append(t("preset.sort", lang), style="dim")
            info.append(self.sort_text or t("preset.default", lang))
            info.append(t("preset.prompt", lang), style="dim")
            yield Static(info)
            yield Input(placeholder=t("preset.placeholder", lang), id="preset-name")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.notify(t("preset.needs_name", self.lang), severity="warning")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)

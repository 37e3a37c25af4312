"""``?``: every key (as remapped by ``[keymap]``) and the filter language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..i18n import language_of, t
from ..keymap import BINDINGS, display_key
from ..table_model import cell_width
from .bindings import localize_bindings
from .css import compact

if TYPE_CHECKING:
    from ..config import Config

#: The filter-language summary in English (the catalogue's ``help.filter`` has both).
FILTER_HELP = t("help.filter", "en")


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = compact("""
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """)
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", t("key.close", "en"), id="back"),
    ]

    def __init__(self, config: "Config") -> None:
        super().__init__()
        self.config = config
        localize_bindings(self, language_of(config))

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._text())

    def _text(self) -> Text:
        keymap = getattr(self.config, "keymap", {}) or {}
        lang = language_of(self.config)
        out = Text()
        out.append(t("help.keys", lang), style="bold underline")
        out.append(t("help.keys_note", lang), style="dim")
        for spec in BINDINGS:
            keys = keymap.get(spec.id, spec.keys)
            shown = ", ".join(display_key(k) for k in keys)
            desc = spec.description_ja if lang == "ja" else spec.description_en
            out.append(f"  {shown:<14}", style="bold")
            out.append(desc + " " * max(40 - cell_width(desc), 0))
            out.append(f"{spec.id}\n", style="dim")
        out.append("\n")
        out.append(t("help.filter", lang))
        return out

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

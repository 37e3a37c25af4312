"""``t``: pick a gig's status in the pipeline (interested → … → contracted, or declined /
rejected). Enter picks; the first letter jumps; Esc closes without change."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..i18n import t
from ..store.checklist import STATUSES
from .bindings import localize_bindings
from .css import compact


class StatusScreen(ModalScreen[str | None]):
    DEFAULT_CSS = compact("""
    StatusScreen { align: center middle; }
    StatusScreen > Vertical { width: 44; height: auto; border: round $accent; background: $surface; }
    StatusScreen OptionList { height: auto; border: none; }
    """)
    BINDINGS = [
        Binding("escape,q", "close", t("key.back", "en"), id="back"),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
    ]

    def __init__(self, current: str | None, lang: str = "ja") -> None:
        super().__init__()
        self.current = current
        self.lang = lang
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("status_screen.title", self.lang), style="bold"))
            options = []
            for s in STATUSES:
                prompt = Text()
                prompt.append("● " if s.id == self.current else "  ")
                prompt.append(f"{s.id:<13}", style="bold")
                prompt.append(s.label_ja if self.lang == "ja" else s.label_en, style="dim")
                options.append(Option(prompt, id=s.id))
            yield OptionList(*options)

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ids = [s.id for s in STATUSES]
        ol.highlighted = ids.index(self.current) if self.current in ids else 0
        ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

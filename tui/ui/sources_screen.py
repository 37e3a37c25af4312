"""``S``: every configured source with its state; refresh one with ``r`` or Enter."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..collect import SourceState
from ..i18n import has, t
from ..table_model import pad
from .bindings import localize_bindings, ui_language
from .css import compact
from .key_bar import KeyBar

STATE_STYLE = {
    "ok": "green", "error": "bold red", "cached": "yellow", "refreshing": "cyan",
    "disabled": "dim", "offline": "dim", "standby": "dim", "pending": "dim",
}


def source_text(
    state: SourceState, attribution: tuple[str, str | None] | None, now: datetime, lang: str = "en"
) -> Text:
    """One source's row of the panel: name, type, state, count, age, title, location, error."""
    from ..format import age

    text = Text()
    text.append(f"{state.name:<16}", style="bold")
    text.append(f"{state.type:<11}", style="dim")
    word = t(f"state.{state.status}", lang) if has(f"state.{state.status}") else state.status
    text.append(pad(word, 11, "left"), style=STATE_STYLE.get(state.status, ""))
    text.append(pad(t("sources.count", lang, count=state.count), 11, "right") if state.count else " " * 11)
    if state.fetched_at:
        text.append("   " + t("sources.updated", lang, age=age(state.fetched_at, now)), style="dim")
    if state.status == "refreshing" and state.progress:
        text.append(f"   {state.progress}", style="cyan")
    title = attribution[0] if attribution else state.title
    home = attribution[1] if attribution else None
    text.append(f"\n    {title}", style="italic")
    if home:
        text.append(f" — {home}", style="dim")
    if state.location:
        text.append(f"\n    {state.location}", style="dim")
    if state.error:
        text.append("\n    ")
        text.append(state.error, style=STATE_STYLE["error"] if state.status == "error" else "yellow")
    return text


class SourcesScreen(Screen[None]):
    DEFAULT_CSS = compact("""
    SourcesScreen #sources-title { height: auto; padding: 0 1; background: $panel; }
    SourcesScreen OptionList { height: 1fr; border: none; }
    """)
    BINDINGS = [
        Binding("r,enter", "refresh_source", t("key.refresh_source", "en"), id="refresh_source"),
        Binding("R", "refresh_all", t("key.refresh_all", "en"), id="refresh_all"),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
        Binding("escape,q", "close", t("key.back", "en"), id="back"),
    ]

    def __init__(
        self,
        states: Callable[[], list[SourceState]],
        attribution: dict[str, tuple[str, str | None]],
        refresh: Callable[[set[str] | None], None],
        lang: str | None = None,
    ) -> None:
        super().__init__()
        self.get_states = states
        self.attribution = attribution
        self.refresh_sources = refresh
        self.lang = lang or ui_language()
        localize_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        head = Text()
        head.append(t("sources.title", self.lang), style="bold")
        head.append("   " + t("sources.hint", self.lang), style="dim")
        yield Static(head, id="sources-title")
        yield OptionList(id="sources")
        yield KeyBar()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one(OptionList).focus()
        self.set_interval(0.5, self.redraw)

    def redraw(self) -> None:
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        now = datetime.now(timezone.utc)
        ol.clear_options()
        for state in self.get_states():
            ol.add_option(Option(source_text(state, self.attribution.get(state.name), now, self.lang), id=state.name))
        if ol.option_count:
            ol.highlighted = min(keep or 0, ol.option_count - 1)

    def action_refresh_source(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None:
            return
        name = ol.get_option_at_index(ol.highlighted).id
        self.refresh_sources({name})
        self.notify(t("app.refreshing_one", self.lang, name=name), timeout=2)

    def action_refresh_all(self) -> None:
        self.refresh_sources(None)
        self.notify(t("app.refreshing_all", self.lang), timeout=2)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

"""``S``: every configured source with its state; refresh one with ``r`` or Enter."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..collect import SourceState

STATE_STYLE = {
    "ok": "green", "error": "bold red", "cached": "yellow", "refreshing": "cyan",
    "disabled": "dim", "offline": "dim", "standby": "dim", "pending": "dim",
}


def source_text(state: SourceState, attribution: tuple[str, str | None] | None, now: datetime) -> Text:
    from ..cli.output import age

    text = Text()
    text.append(f"{state.name:<16}", style="bold")
    text.append(f"{state.type:<11}", style="dim")
    text.append(f"{state.status:<11}", style=STATE_STYLE.get(state.status, ""))
    text.append(f"{state.count:>6} gigs" if state.count else " " * 11)
    if state.fetched_at:
        text.append(f"   updated {age(state.fetched_at, now)} ago", style="dim")
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
    DEFAULT_CSS = """
    SourcesScreen #sources-title { height: auto; padding: 0 1; background: $panel; }
    SourcesScreen OptionList { height: 1fr; border: none; }
    """
    BINDINGS = [
        Binding("r,enter", "refresh_source", "Refresh this source", id="refresh_source"),
        Binding("R", "refresh_all", "Refresh all", id="refresh_all"),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
        Binding("escape,q", "close", "Back", id="back"),
    ]

    def __init__(
        self,
        states: Callable[[], list[SourceState]],
        attribution: dict[str, tuple[str, str | None]],
        refresh: Callable[[set[str] | None], None],
    ) -> None:
        super().__init__()
        self.get_states = states
        self.attribution = attribution
        self.refresh_sources = refresh

    def compose(self) -> ComposeResult:
        head = Text()
        head.append("Sources", style="bold")
        head.append("   r/Enter refresh the selected source · R refresh all · Esc back", style="dim")
        yield Static(head, id="sources-title")
        yield OptionList(id="sources")
        yield Footer()

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
            ol.add_option(Option(source_text(state, self.attribution.get(state.name), now), id=state.name))
        if ol.option_count:
            ol.highlighted = min(keep or 0, ol.option_count - 1)

    def action_refresh_source(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None:
            return
        name = ol.get_option_at_index(ol.highlighted).id
        self.refresh_sources({name})
        self.notify(f"Refreshing {name}…", timeout=2)

    def action_refresh_all(self) -> None:
        self.refresh_sources(None)
        self.notify("Refreshing all sources…", timeout=2)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

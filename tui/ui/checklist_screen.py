"""``c``: the pre-contract checklist of one gig (契約前チェックリスト).

Eleven items, each with its Japanese and English label, a state and a note, and hints read
from the listing beside it. Keys set states without a mouse: ``1`` todo, ``2`` ok,
``3`` concern, ``4`` NG, ``space`` cycles, ``n`` edits the item's note. Hints never set a
state by themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..i18n import t
from ..store.checklist import CHECK_ITEMS, STATE_IDS, STATES
from ..store.hints import Hint
from .bindings import localize_bindings
from .css import compact
from .key_bar import KeyBar
from .note_screen import NoteScreen

if TYPE_CHECKING:
    from ..store.shortlist import Entry

STATE_STYLE = {"todo": "dim", "ok": "green", "concern": "yellow", "ng": "bold red"}


def item_text(item, state: str, note: str, hints: list[Hint], lang: str) -> Text:
    """One checklist row: symbol, labels, state, note, hints (all plain text)."""
    sdef = next(s for s in STATES if s.id == state)
    other = "en" if lang == "ja" else "ja"
    text = Text()
    text.append(f" {sdef.symbol} ", style=STATE_STYLE[state])
    text.append(item.label(lang), style="bold")
    text.append(f"  {item.label(other)}", style="dim")
    text.append(f"  [{sdef.label(lang)}]", style=STATE_STYLE[state])
    text.append("\n    ")
    text.append(item.confirm(lang), style="dim italic")
    if note:
        text.append("\n    ✎ ")
        text.append(note.replace("\n", "\n      "))
    for hint in hints:
        style = "yellow" if hint.level == "warn" else "cyan"
        mark = "⚑" if hint.level == "warn" else "ℹ"
        text.append(f"\n    {mark} ", style=style)
        text.append(hint.text(lang), style=style)
        if hint.quote:
            text.append("\n      「", style="dim")
            text.append(hint.quote, style="dim")
            text.append("」", style="dim")
    return text


class ChecklistScreen(Screen[None]):
    """The checklist of one gig. ``save(item, state, note)`` persists off the UI thread."""

    DEFAULT_CSS = compact("""
    ChecklistScreen { layout: vertical; }
    ChecklistScreen #checklist-title { height: auto; padding: 0 1; background: $panel; }
    ChecklistScreen OptionList { height: 1fr; border: none; }
    """)
    BINDINGS = [
        Binding("1", "set_state('todo')", t("key.check_todo", "en"), id="check_todo"),
        Binding("2", "set_state('ok')", t("key.check_ok", "en"), id="check_ok"),
        Binding("3", "set_state('concern')", t("key.check_concern", "en"), id="check_concern"),
        Binding("4", "set_state('ng')", t("key.check_ng", "en"), id="check_ng"),
        Binding("space", "cycle", t("key.cycle", "en"), id="check_cycle"),
        Binding("n", "edit_item_note", t("key.note", "en"), id="edit_note"),
        Binding("j", "cursor_down", t("key.down", "en"), show=False, id="cursor_down"),
        Binding("k", "cursor_up", t("key.up", "en"), show=False, id="cursor_up"),
        Binding("escape,q", "close", t("key.back", "en"), id="back"),
    ]

    def __init__(
        self,
        title: str,
        uid: str,
        entry: "Entry | None",
        hints: dict[str, list[Hint]],
        save: Callable[[str, str, str | None], None],
        lang: str = "ja",
    ) -> None:
        super().__init__()
        self.gig_title = title
        self.uid = uid
        self.hints = hints
        self.save = save
        self.lang = lang
        localize_bindings(self, lang)
        self.states = {i.id: "todo" for i in CHECK_ITEMS}
        self.notes = {i.id: "" for i in CHECK_ITEMS}
        if entry is not None:
            for item_id, check in entry.checks.items():
                self.states[item_id] = check.state
                self.notes[item_id] = check.note or ""

    def compose(self) -> ComposeResult:
        header = Text()
        header.append(t("checklist.title", self.lang) + "  ", style="bold")
        header.append(self.gig_title)
        header.append(f"\n{self.uid}   {t('checklist.hint', self.lang)}", style="dim")
        yield Static(header, id="checklist-title")
        yield OptionList(*self._options(), id="checklist")
        yield KeyBar()

    def _options(self) -> list[Option]:
        return [
            Option(item_text(i, self.states[i.id], self.notes[i.id], self.hints.get(i.id, []), self.lang), id=i.id)
            for i in CHECK_ITEMS
        ]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @property
    def current_item(self) -> str | None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None:
            return None
        return CHECK_ITEMS[ol.highlighted].id

    def _redraw(self, item_id: str) -> None:
        ol = self.query_one(OptionList)
        pos = [i.id for i in CHECK_ITEMS].index(item_id)
        item = CHECK_ITEMS[pos]
        ol.replace_option_prompt_at_index(
            pos, item_text(item, self.states[item_id], self.notes[item_id], self.hints.get(item_id, []), self.lang)
        )

    def action_set_state(self, state: str) -> None:
        item_id = self.current_item
        if item_id is None:
            return
        self.states[item_id] = state
        self._redraw(item_id)
        self.save(item_id, state, None)

    def action_cycle(self) -> None:
        item_id = self.current_item
        if item_id is None:
            return
        states = list(STATE_IDS)
        nxt = states[(states.index(self.states[item_id]) + 1) % len(states)]
        self.action_set_state(nxt)

    def action_edit_item_note(self) -> None:
        item_id = self.current_item
        if item_id is None:
            return
        label = next(i for i in CHECK_ITEMS if i.id == item_id).label(self.lang)

        def done(text: str | None) -> None:
            if text is None:
                return
            self.notes[item_id] = text
            self._redraw(item_id)
            self.save(item_id, self.states[item_id], text)

        self.app.push_screen(NoteScreen(f"{label} — {self.gig_title}", self.notes[item_id], self.lang), done)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

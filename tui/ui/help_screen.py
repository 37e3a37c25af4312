"""``?``: every key (as remapped by ``[keymap]``) and the filter language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import BINDINGS, display_key

if TYPE_CHECKING:
    from ..config import Config

FILTER_HELP = """\
Filter language (type after /; every keystroke filters):
  pytorch nlp            all words must match (title, client, agent, skills, tags,
                         description); typos are tolerated: pyhton finds Python
  "computer vision"      a quoted phrase
  a b or c               (a AND b) OR c;  ( ) groups;  -term  -(group) negate
  client:acme agent:x title:llm source:remotive   substring qualifiers
  skill:pytorch          skill or alias (sklearn = scikit-learn, k8s = Kubernetes)
  remote:full|partial|onsite   form:準委任|請負|派遣   type:contract|part_time…
  status:applied  is:starred  is:new  has:rate  has:days
  rate>=80               万円/month (every currency converted with [money])
  hourly>=5000  days<=3  posted<7d  (also = < > <=)
  A range matches >= when its max does, <= when its min does; unknown values never
  match a comparison (use has:rate).
"""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "Close", id="back"),
    ]

    def __init__(self, config: "Config") -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._text())

    def _text(self) -> Text:
        keymap = getattr(self.config, "keymap", {}) or {}
        lang = getattr(getattr(self.config, "ui", None), "language", "en")
        out = Text()
        out.append("Keys", style="bold underline")
        out.append("   ([keymap] in config remaps any of these by id)\n\n", style="dim")
        for spec in BINDINGS:
            keys = keymap.get(spec.id, spec.keys)
            shown = ", ".join(display_key(k) for k in keys)
            desc = spec.description_ja if lang == "ja" else spec.description_en
            out.append(f"  {shown:<14}", style="bold")
            out.append(f"{desc:<40}")
            out.append(f"{spec.id}\n", style="dim")
        out.append("\n")
        out.append(FILTER_HELP)
        return out

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

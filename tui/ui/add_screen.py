"""``a``: add a gig by hand — or paste an agent's proposal and let gigs fill the fields.

The fields take raw text as an agent writes it (``80〜90万円/月``, ``週4日〜``); they are
normalized like every other source's. ``Ctrl+F`` reads the pasted text and fills every
field it recognises; ``Ctrl+S`` saves into ``manual.toml``; ``Esc`` cancels.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

FIELDS = (
    ("title", "Title 案件名", "画像認識モデル開発"),
    ("client", "Client 企業", ""),
    ("agent", "Agent エージェント", ""),
    ("rate", "Rate 単価", "80〜90万円/月"),
    ("days_per_week", "Days 稼働", "週4日〜"),
    ("remote", "Remote リモート", "一部リモート"),
    ("contract_form", "Form 契約形態", "準委任"),
    ("settlement_hours", "Settlement 精算幅", "140〜180h"),
    ("payment", "Payment 支払", "月末締め翌月末払い"),
    ("skills", "Skills スキル", "Python, PyTorch"),
    ("url", "URL", "https://"),
)


class AddGigScreen(ModalScreen[dict | None]):
    DEFAULT_CSS = """
    AddGigScreen { align: center middle; }
    AddGigScreen > Vertical { width: 96%; max-width: 120; height: 92%; border: round $accent; background: $surface; }
    AddGigScreen #add-help { height: auto; padding: 0 1; }
    AddGigScreen VerticalScroll { height: 1fr; }
    AddGigScreen Grid { grid-size: 2; grid-columns: 22 1fr; grid-rows: 1; grid-gutter: 0 1; height: auto; padding: 0 1; }
    AddGigScreen Grid Input { border: none; height: 1; padding: 0 1; background: $boost; }
    AddGigScreen TextArea { height: 8; margin: 1 1 0 1; }
    AddGigScreen #add-paste-label { padding: 0 1; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="add_save", priority=True),
        Binding("ctrl+f", "fill", "Fill from text", id="add_fill", priority=True),
        Binding("escape,ctrl+g", "cancel", "Cancel", id="back", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            head = Text()
            head.append("Add a gig", style="bold")
            head.append("   Ctrl+S save · Ctrl+F fill the fields from the pasted text · Esc/Ctrl+G cancel", style="dim")
            yield Static(head, id="add-help")
            with VerticalScroll():
                with Grid():
                    for key, label, placeholder in FIELDS:
                        yield Label(label)
                        yield Input(placeholder=placeholder, id=f"add-{key}")
                yield Label("Paste the agent's message (mail/chat) — it becomes the description:", id="add-paste-label")
                yield TextArea(id="add-text", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#add-title", Input).focus()

    def values(self) -> dict[str, str]:
        out = {key: self.query_one(f"#add-{key}", Input).value.strip() for key, _, _ in FIELDS}
        text = self.query_one("#add-text", TextArea).text
        if text.strip():
            out["description"] = text
        return {k: v for k, v in out.items() if v}

    def action_fill(self) -> None:
        from ..cli.add_cmd import fields_from_text

        text = self.query_one("#add-text", TextArea).text
        if not text.strip():
            self.notify("Paste the proposal into the text box first.", severity="warning")
            return
        found = fields_from_text(text)
        filled = []
        for key, _, _ in FIELDS:
            if key in found:
                widget = self.query_one(f"#add-{key}", Input)
                if not widget.value.strip():
                    widget.value = found[key]
                    filled.append(key)
        self.notify(f"Filled: {', '.join(filled) or 'nothing recognised'}", timeout=4)

    def action_save(self) -> None:
        values = self.values()
        if not values.get("title"):
            self.notify("A gig needs a title.", severity="error")
            self.query_one("#add-title", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

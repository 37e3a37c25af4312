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

from ..i18n import has, t
from .bindings import localize_bindings, ui_language
from .css import compact

#: (field, label id, placeholder id or "" for none): the catalogue's ``add.field.*`` and
#: ``add.example.*`` (examples of what agents write).
FIELDS = tuple(
    (key, f"add.field.{key}", f"add.example.{key}" if has(f"add.example.{key}") else "")
    for key in (
        "title", "client", "agent", "rate", "days_per_week", "remote", "contract_form",
        "settlement_hours", "payment", "skills", "url",
    )
)


class AddGigScreen(ModalScreen[dict | None]):
    DEFAULT_CSS = compact("""
    AddGigScreen { align: center middle; }
    AddGigScreen > Vertical { width: 96%; max-width: 120; height: 92%; border: round $accent; background: $surface; }
    AddGigScreen #add-help { height: auto; padding: 0 1; }
    AddGigScreen VerticalScroll { height: 1fr; }
    AddGigScreen Grid { grid-size: 2; grid-columns: 22 1fr; grid-rows: 1; grid-gutter: 0 1; height: auto; padding: 0 1; }
    AddGigScreen Grid Input { border: none; height: 1; padding: 0 1; background: $boost; }
    AddGigScreen TextArea { height: 8; margin: 1 1 0 1; }
    AddGigScreen #add-paste-label { padding: 0 1; margin-top: 1; }
    """)
    BINDINGS = [
        Binding("ctrl+s", "save", t("key.save", "en"), id="add_save", priority=True),
        Binding("ctrl+f", "fill", t("key.fill", "en"), id="add_fill", priority=True),
        Binding("escape,ctrl+g", "cancel", t("key.cancel", "en"), id="back", priority=True),
    ]

    def __init__(self, lang: str | None = None, initial: dict[str, str] | None = None) -> None:
        super().__init__()
        self.lang = lang or ui_language()
        #: Raw field values to start from (editing a hand-added gig).
        self.initial = initial or {}
        localize_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical():
            head = Text()
            head.append(t("add.title", lang), style="bold")
            head.append("   " + t("add.hint", lang), style="dim")
            yield Static(head, id="add-help")
            with VerticalScroll():
                with Grid():
                    for key, label, placeholder in FIELDS:
                        yield Label(t(label, lang))
                        yield Input(placeholder=t(placeholder, lang) if placeholder else "", id=f"add-{key}")
                yield Label(t("add.paste_label", lang), id="add-paste-label")
                yield TextArea(id="add-text", soft_wrap=True)

    def on_mount(self) -> None:
        for key, _, _ in FIELDS:
            if self.initial.get(key):
                self.query_one(f"#add-{key}", Input).value = str(self.initial[key])
        if self.initial.get("description"):
            self.query_one("#add-text", TextArea).text = str(self.initial["description"])
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
            self.notify(t("add.paste_first", self.lang), severity="warning")
            return
        found = fields_from_text(text)
        filled = []
        for key, _, _ in FIELDS:
            if key in found:
                widget = self.query_one(f"#add-{key}", Input)
                if not widget.value.strip():
                    widget.value = found[key]
                    filled.append(key)
        self.notify(t("add.filled", self.lang, fields=", ".join(filled) or t("add.nothing", self.lang)), timeout=4)

    def action_save(self) -> None:
        values = self.values()
        if not values.get("title"):
            self.notify(t("add.needs_title", self.lang), severity="error")
            self.query_one("#add-title", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

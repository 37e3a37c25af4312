"""The filter input and its inline error line (the table keeps its last good result)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from ..errors import QueryError
from ..i18n import language_of, t


class FilterBar(Vertical):
    DEFAULT_CSS = """
    FilterBar { height: auto; }
    FilterBar > Input { border: none; height: 1; padding: 0 1; background: $boost; }
    FilterBar > Input:focus { border: none; background: $boost; }
    FilterBar > #filter-error { height: auto; color: $error; padding: 0 1; display: none; }
    FilterBar.-error > #filter-error { display: block; }
    """

    @property
    def lang(self) -> str:
        return language_of(getattr(self.app, "config", None))

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder=t("filter.placeholder", self.lang),
            id="filter",
        )
        yield Static(id="filter-error")

    def show_error(self, error: QueryError, offset: int | None = None) -> None:
        """Point at the bad character: in the user's own text when it is there."""
        label = self.query_one("#filter-error", Static)
        text = Text()
        if offset is not None:
            pos = max(error.position - offset, 0)
            text.append(f"  {' ' * pos}^ ", style="bold")
            text.append(t("filter.at_column", self.lang, problem=error.problem, column=pos + 1))
        else:
            text.append(t("filter.in_query", self.lang, problem=error.problem))
            text.append(error.query)
        label.update(text)
        self.add_class("-error")

    def show_message(self, message: str) -> None:
        self.query_one("#filter-error", Static).update(Text(message))
        self.add_class("-error")

    def clear_error(self) -> None:
        self.remove_class("-error")

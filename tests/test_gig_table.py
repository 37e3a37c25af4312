"""The gig table widget, driven through Textual's Pilot at 80×24 (Aiko's tmux pane).

The rows hold Japanese (double-width) titles and titles full of Rich markup: the table
must show the markup literally and keep every row exactly as wide as the widget.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Input

from tui.model import Gig, Span
from tui.table_model import GigRows
from tui.ui.gig_table import GigTable

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
MARKUP = "[bold]x[/] [link=http://e]y[/link] [red]"


def make_gigs(n: int = 50) -> list[Gig]:
    """``n`` gigs: even ones Japanese, every fifth with markup, one with an escape."""
    gigs = []
    for i in range(n):
        if i % 5 == 3:
            title = f"{MARKUP} #{i}"
        elif i % 2 == 0:
            title = f"機械学習エンジニア（フルリモート）募集 #{i}"
        else:
            title = f"Machine Learning Engineer #{i}"
        if i == 7:
            title = f"osc\x1b]52;c;SGVsbG8=\x07 #{i}"
        gigs.append(Gig(
            uid=f"t:{i}", source="t", source_id=str(i), title=title,
            client="株式会社アオバ" if i % 3 else None, agent="レバテック",
            monthly_jpy=Span(600_000 + 10_000 * i, 900_000 + 10_000 * i),
            days_per_week=Span(3, 5), remote=("full", "partial", "onsite", "unknown")[i % 4],
            skills=("Python", "PyTorch"), posted_at=NOW - timedelta(hours=i),
            is_new=i == 2,
        ))
    return gigs


class TableApp(App[None]):
    """One GigTable, recording the messages it posts."""

    def __init__(self, rows: GigRows) -> None:
        super().__init__()
        self.rows = rows
        self.moved: list[int | None] = []
        self.selected: list[int] = []
        self.headers: list[str] = []

    def compose(self) -> ComposeResult:
        yield GigTable(self.rows)

    def on_mount(self) -> None:
        self.query_one(GigTable).focus()

    def on_gig_table_cursor_moved(self, message: GigTable.CursorMoved) -> None:
        self.moved.append(message.index)

    def on_gig_table_selected(self, message: GigTable.Selected) -> None:
        self.selected.append(message.index)

    def on_gig_table_header_clicked(self, message: GigTable.HeaderClicked) -> None:
        self.headers.append(message.column_id)


@pytest.fixture
def rows() -> GigRows:
    return GigRows(make_gigs(), now=NOW)


def row_line(table: GigTable, y: int):
    """Line ``y`` without its cells of the scrollbar (the rows' own cells)."""
    return table.render_line(y).crop(0, table._width())


def lines(table: GigTable) -> list[str]:
    """The text of every line the widget renders now."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_keys_move_the_cursor_and_post_cursor_moved(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        assert table.cursor_row == 0 and table.current_index == 0
        await pilot.press("j", "j", "down")
        assert table.cursor_row == 3 and table.current_index == 3
        await pilot.press("k", "up")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 49 and table.current_index == 49
        await pilot.press("j")  # already at the bottom
        assert table.cursor_row == 49
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("k")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        page = table.scrollable_content_region.height - 1  # 23 rows under the header
        assert table.cursor_row == page
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert table.cursor_row == 49
        await pilot.press("pageup")
        assert table.cursor_row == 49 - page
        await pilot.pause()
        assert app.moved == [1, 2, 3, 2, 1, 49, 0, page, 2 * page, 49, 49 - page]


async def test_enter_posts_selected(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert app.selected == [2]


async def test_markup_and_escapes_show_literally(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        shown = lines(table)
        markup_row = shown[1 + 3]  # header, then rows 0..; row 3 holds the markup
        assert markup_row.startswith("   [bold]x[/] [link=http://e]y[/link]")
        assert "osc]52;c;SGVsbG8=" in shown[1 + 7]
        assert not any("\x1b" in line or "\x07" in line for line in shown)
        for y in range(table.scrollable_content_region.height):
            for segment in table.render_line(y):
                assert not segment.style or not segment.style.link  # no [link=...] took
        screenshot = app.export_screenshot()
        assert "[bold]x[/]" in screenshot.replace("&#160;", " ")


async def test_every_row_has_exactly_the_widget_width(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        assert table.scrollable_content_region.width == 80
        assert table._width() == 78  # the rows: 80 minus the scrollbar's two cells
        for _ in range(3):
            for text in lines(table):
                assert cell_len(text) == 80, text  # the row and its cells of the bar
            await pilot.press("pagedown")
        header = lines(table)[0]
        # Columns line up: each row's cells start under the header's labels.
        starts = [header.index(label) for label in ("Title", "Client", "Remote")]
        assert starts == sorted(starts)
        for text in lines(table)[1:]:
            cells = _cell_offsets(text)
            # the character that starts each column sits at the same cell offset
            assert all(cells.get(start) is not None for start in starts), text


def _cell_offsets(text: str) -> dict[int, str]:
    """Cell offset -> character that starts there."""
    offsets, cell = {}, 0
    for ch in text:
        offsets[cell] = ch
        cell += cell_len(ch)
    return offsets


async def test_header_stays_on_top_after_scrolling(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.press("G")
        await pilot.pause()
        assert table.scroll_y > 0
        shown = lines(table)
        assert shown[0].startswith("★  Title")
        assert "#49" in shown[-1]  # the last row is visible at the bottom
        assert rows.cell(48, "rate") in shown[-2]  # (its title is cut before "#48")
        await pilot.press("g")
        await pilot.pause()
        assert table.scroll_y == 0
        assert lines(table)[0].startswith("★  Title")
        assert lines(table)[1].startswith("   機械学習") and "60–90" in lines(table)[1]


async def test_cursor_row_is_drawn_with_the_cursor_style(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.press("j")
        await pilot.pause()
        cursor_style = table.get_component_rich_style("gig-table--cursor")
        assert {s.style for s in row_line(table, 2)} == {cursor_style}
        assert cursor_style not in {s.style for s in row_line(table, 1)}


async def test_set_rows_keeps_the_cursor_on_the_same_gig(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.press("j", "j", "j", "j", "j")  # gig 5
        assert table.current_index == 5
        table.set_rows(list(range(49, -1, -1)))  # reversed: gig 5 is now row 44
        await pilot.pause()
        assert table.current_index == 5 and table.cursor_row == 44
        assert app.moved[-1] == 5
        assert table.scroll_y > 0  # scrolled so the cursor stays visible
        table.set_rows([1, 3, 5, 7])
        assert (table.cursor_row, table.current_index) == (2, 5)
        table.set_rows([0, 2, 4])  # gig 5 gone: position 2 clamps to the last row
        assert (table.cursor_row, table.current_index) == (2, 4)
        table.set_rows([0, 2, 4, 6, 8, 10])  # gig 4 still there, at row 2
        assert table.current_index == 4
        table.set_rows([11, 12, 13, 14])
        assert (table.cursor_row, table.current_index) == (2, 13)  # kept position
        table.set_rows([])
        assert table.current_index is None and table.row_count == 0
        await pilot.pause()
        assert app.moved[-1] is None
        assert lines(table)[0].startswith("★")
        assert all(not line.strip() for line in lines(table)[1:])
        await pilot.press("j", "G", "enter")  # nothing to move to or select
        assert table.current_index is None and app.selected == []


async def test_rows_drawn_again_after_set_rows_show_their_own_gig(rows: GigRows) -> None:
    """Lines are kept per gig across set_rows: each position still shows its gig, the
    cursor line is drawn as the cursor, and keep_gig=False puts the cursor on top."""
    app = TableApp(rows)
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(GigTable)
        fresh = {i: rows.cell(i, "title") for i in range(len(rows))}
        for order in (list(range(50)), list(range(49, -1, -1)), [3, 1, 4, 1, 5, 9, 2, 6],
                      list(range(0, 50, 2))):
            table.set_rows(order, keep_gig=False)
            await pilot.pause()
            assert table.cursor_row == 0 and table.scroll_y == 0
            shown = lines(table)[1:]
            for pos, line in enumerate(shown[: len(order)]):
                assert line.lstrip("★ ").startswith(fresh[order[pos]][:10]), (order, pos)
            cursor = table._render_row(order[0], table._width(), True)
            assert row_line(table, 1).text == cursor.text
        table.set_sort_indicator("title", False)
        await pilot.pause()
        assert "▲" in lines(table)[0]
        table.set_sort_indicator("title", True)
        await pilot.pause()
        assert "▼" in lines(table)[0] and "▲" not in lines(table)[0]


async def test_set_columns_and_sort_indicator(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        table.set_columns(["title", "rate", "form", "nonsense"])
        table.set_sort_indicator("rate", True)
        await pilot.pause()
        assert table.columns == ("title", "rate", "form")
        header = lines(table)[0]
        assert header.startswith("Title")
        assert "万円/月▼" in header and "Form" in header
        assert "Remote" not in header
        table.set_sort_indicator("title", False)
        await pilot.pause()
        assert lines(table)[0].startswith("Title▲")
        table.set_sort_indicator(None, False)
        await pilot.pause()
        assert "▲" not in lines(table)[0] and "▼" not in lines(table)[0]


async def test_refresh_rows_shows_new_dynamic_cells(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        assert not lines(table)[2].startswith("★")
        starred = {"t:1"}
        rows.dynamic = lambda column, uid: "★" if column == "star" and uid in starred else ""
        table.row_flags = lambda index: {"starred"} if rows.uid(index) in starred else set()
        table.refresh_rows()
        await pilot.pause()
        assert lines(table)[2].startswith("★")  # gig 1 is on line 2
        starred_style = table.get_component_rich_style("gig-table--starred", partial=True)
        row_styles = {s.style for s in row_line(table, 2)}
        assert all(s is not None and s.color == starred_style.color for s in row_styles)


async def test_new_gigs_are_highlighted_by_default(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        new_style = table.get_component_rich_style("gig-table--new", partial=True)
        assert any(s.style.color == new_style.color for s in row_line(table, 3))  # gig 2
        assert not any(s.style.color == new_style.color for s in row_line(table, 4))


async def test_mouse_click_moves_then_selects(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.click(GigTable, offset=(5, 4))  # line 4 = row 3
        await pilot.pause()
        assert table.cursor_row == 3
        assert app.selected == []
        await pilot.click(GigTable, offset=(5, 4))
        await pilot.pause()
        assert app.selected == [3]
        await pilot.click(GigTable, offset=(45, 0))  # the header over "Client / Agent"
        await pilot.pause()
        assert app.headers == ["client"]


async def test_resize_relayouts_columns(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        assert "Posted" not in lines(table)[0]
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        header = lines(table)[0]
        assert "Posted" in header and "Skills" in header
        assert all(cell_len(t) == table.scrollable_content_region.width for t in lines(table))


async def test_set_model_replaces_rows() -> None:
    app = TableApp(GigRows(make_gigs(5), now=NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.press("G")
        assert table.current_index == 4
        table.set_model(GigRows(make_gigs(30), now=NOW))
        await pilot.pause()
        assert table.row_count == 30 and table.cursor_row == 0 and table.current_index == 0
        assert app.moved[-1] == 0


async def test_bindings_have_the_contract_ids() -> None:
    ids = {b.id for b in GigTable.BINDINGS}  # type: ignore[union-attr]
    assert {"cursor_down", "cursor_up", "cursor_top", "cursor_bottom", "page_down",
            "page_up", "accept"} <= ids


class TwoWidgets(TableApp):
    """An input above the table, to take the focus from it."""

    def compose(self) -> ComposeResult:
        yield Input()
        yield GigTable(self.rows)


async def test_cursor_style_follows_focus(rows: GigRows) -> None:
    app = TwoWidgets(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        focused = {s.style for s in row_line(table, 1)}
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = {s.style for s in row_line(table, 1)}
        assert focused != blurred
        assert blurred == {table.get_component_rich_style("gig-table--cursor")}


async def test_focus_change_draws_only_the_cursor_line_again(rows: GigRows) -> None:
    app = TwoWidgets(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        table.focus()
        await pilot.pause()
        drawn: list[tuple[int, bool]] = []
        render_row = table._render_row

        def counting(index: int, width: int, is_cursor: bool, bar=None):
            drawn.append((index, is_cursor))
            return render_row(index, width, is_cursor, bar)

        table._render_row = counting  # type: ignore[method-assign]
        before = lines(table)
        assert drawn == []  # every line comes from the cache
        app.query_one(Input).focus()
        await pilot.pause()
        after = lines(table)
        assert after == before  # same text, only the cursor's colours change
        assert drawn == [(table.current_index, True)]
        assert {s.style for s in row_line(table, 1)} == {
            table.get_component_rich_style("gig-table--cursor")}


async def test_a_theme_change_draws_every_line_again(rows: GigRows) -> None:
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        old = row_line(table, 3)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        new = row_line(table, 3)
        assert new.text == old.text
        assert {s.style for s in new} != {s.style for s in old}
        fresh = table._render_row(table.rows[2], table._width(), False)  # line 3 = row 2
        assert list(new) == list(fresh)  # drawn with the new theme's styles

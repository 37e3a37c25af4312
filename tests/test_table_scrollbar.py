"""The gig table's own scrollbar (``tui.ui.table_scrollbar``): drawn in the table's lines,
cell for cell as Textual's scrollbar draws it, and driven by the mouse as that one is."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.color import Color
from textual.scrollbar import ScrollBarRender

from tui.model import Gig
from tui.table_model import GigRows
from tui.ui.gig_table import GigTable
from tui.ui.table_scrollbar import bar_cells, bar_colors, position_for, thumb_span

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
TRACK = Color.parse("#2b2b2b")
THUMB = Color.parse("#7f4fd0")
BASE = Color.parse("#1e1e1e")


def gigs(n: int) -> GigRows:
    return GigRows([
        Gig(uid=f"t:{i}", source="t", source_id=str(i), title=f"機械学習エンジニア #{i}",
            posted_at=NOW - timedelta(hours=i))
        for i in range(n)
    ], now=NOW)


class TableApp(App[None]):
    def __init__(self, rows: GigRows) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield GigTable(self.rows)

    def on_mount(self) -> None:
        self.query_one(GigTable).focus()


@asynccontextmanager
async def shown(n: int):
    """The app with a table of ``n`` gigs at 80×24, drawn once: (app, pilot, table)."""
    app = TableApp(gigs(n))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(GigTable)
        await pilot.pause()
        yield app, pilot, table


def textual_cells(size: int, virtual: int, window: int, position: float,
                  thickness: int) -> list[Segment]:
    """Textual's own scrollbar for the same numbers (as ``ScrollBar._render_bar`` calls
    it), one segment per line, cut to the bar's length as the screen cuts it."""
    window = window if window < virtual else 0
    bar = ScrollBarRender.render_bar(
        size=size, virtual_size=virtual, window_size=window, position=int(position * 8) / 8,
        thickness=thickness, vertical=True, back_color=TRACK.rich_color,
        bar_color=THUMB.rich_color,
    )
    return [s for s in bar.segments if not s.control and s.text != "\n"][:size]


@pytest.mark.parametrize("size", [1, 2, 5, 23, 44])
@pytest.mark.parametrize("virtual", [1, 3, 23, 24, 25, 51, 201, 100_001])
@pytest.mark.parametrize("thickness", [1, 2])
def test_the_bar_is_drawn_as_textual_draws_its_scrollbar(size, virtual, thickness) -> None:
    window = size
    positions = sorted({0, 0.5, 1, 2.25, max(0, virtual - window) / 3, max(0, virtual - window)})
    for position in positions:
        ours = bar_cells(size, virtual, window, position, thickness, TRACK, THUMB, BASE)
        theirs = textual_cells(size, virtual, window, position, thickness)
        assert len(ours) == len(theirs) == size
        for y, (mine, textual) in enumerate(zip(ours, theirs)):
            where = f"line {y} at {position} of {virtual} in {size}"
            assert mine.text == textual.text, where
            assert bool(mine.style.reverse) == bool(textual.style.reverse), where
            assert mine.style.color == textual.style.color, where
            if textual.style.bgcolor is not None:
                assert mine.style.bgcolor == textual.style.bgcolor, where
            else:  # the reversed thumb: drawn over the table's background
                assert mine.style.bgcolor == BASE.rich_color, where


def test_the_thumb_spans_the_view_and_nothing_when_everything_fits() -> None:
    assert thumb_span(20, 20, 20, 0) is None
    assert thumb_span(20, 10, 20, 0) is None
    start, end = thumb_span(20, 40, 20, 0)
    assert (start, end) == (0, 80)  # half the bar, in eighths, at the top
    start, end = thumb_span(20, 40, 20, 20)
    assert (start, end) == (80, 160)  # at the end: the lower half
    assert bar_cells(5, 5, 5, 0, 1, TRACK, THUMB, BASE) == [bar_cells(5, 5, 5, 0, 1, TRACK, THUMB, BASE)[0]] * 5
    only_track = bar_cells(5, 50, 5, 0, 1, TRACK, THUMB, BASE, show_thumb=False)
    assert {s.style.bgcolor for s in only_track} == {TRACK.rich_color}


def test_colours_and_dragging_follow_textual() -> None:
    translucent = Color(255, 255, 255, 0.5)
    track, thumb = bar_colors(translucent, THUMB, BASE)
    assert track == BASE + translucent and thumb == track + THUMB
    assert position_for(10.0, 3, 200, 20) == 40.0  # a cell of bar is ten lines
    assert position_for(10.0, 3, 200, 0) == 10.0


async def test_the_table_draws_its_bar_without_a_scrollbar_widget() -> None:
    async with shown(200) as (app, pilot, table):
        assert not table.show_vertical_scrollbar and table._width() == 78
        assert table._vertical_scrollbar is None  # Textual made no scrollbar widget
        cells = table._bar_cells()
        assert len(cells) == 24
        for y in range(24):
            line = list(table.render_line(y))
            assert line[-1] == cells[y] and len(line[-1].text) == 2
        thumb = [y for y, cell in enumerate(cells) if cell.style.reverse]
        assert thumb and thumb[0] == 0  # at the top
        await pilot.press("G")  # the last row
        await pilot.pause()
        cells = table._bar_cells()
        thumb = [y for y, cell in enumerate(cells) if cell.style.reverse or cell.text.strip()]
        assert thumb[-1] == 23  # at the bottom
        assert list(table.render_line(23))[-1] == cells[23]


async def test_rows_that_fit_draw_only_the_track_and_the_wheel_does_nothing() -> None:
    async with shown(10) as (app, pilot, table):
        assert len({cell for cell in table._bar_cells()}) == 1
        assert not table.allow_vertical_scroll
        assert not table._scroll_down_for_pointer(animate=False)


async def test_fewer_rows_update_the_bar_without_a_layout_pass() -> None:
    async with shown(200) as (app, pilot, table):
        before = table._bar_cells()
        layouts: list[int] = []
        screen = app.screen
        refresh_layout = screen._refresh_layout

        def counting(*args, **kwargs):
            layouts.append(1)
            return refresh_layout(*args, **kwargs)

        screen._refresh_layout = counting  # type: ignore[method-assign]
        table.set_rows(list(range(40)))  # as a filter keystroke does
        await pilot.pause()
        assert layouts == []
        after = table._bar_cells()
        assert sum(c.style.reverse or False for c in after) > sum(c.style.reverse or False for c in before)
        assert list(table.render_line(5))[-1] == after[5]
        table.set_rows(list(range(5)))  # now everything fits: no thumb
        await pilot.pause()
        assert layouts == [] and not any(c.style.reverse for c in table._bar_cells())


async def test_the_wheel_scrolls_the_rows_not_the_cursor() -> None:
    async with shown(200) as (app, pilot, table):
        assert table.allow_vertical_scroll
        assert table._scroll_down_for_pointer(animate=False)
        await pilot.pause()
        assert table.scroll_y > 0 and table.cursor_row == 0


async def test_dragging_the_thumb_scrolls_and_the_track_pages() -> None:
    async with shown(200) as (app, pilot, table):
        idle = table._bar_cells()[0]
        await pilot.mouse_down(table, offset=(79, 0))  # the thumb, at the top
        assert table._bar_grab is not None
        assert table._bar_cells()[0] != idle  # drawn in the "active" colours
        await pilot.hover(table, offset=(79, 3))
        await pilot.pause()
        assert table.scroll_y == pytest.approx(position_for(0, 3, 201, 24), abs=1)
        await pilot.mouse_up(table, offset=(79, 3))
        await pilot.pause()
        assert table._bar_grab is None and table.cursor_row == 0
        scrolled = table.scroll_y
        await pilot.click(table, offset=(79, 22))  # the track below the thumb: a page
        await pilot.pause()
        assert table.scroll_y == pytest.approx(scrolled + 24, abs=1)
        assert table.cursor_row == 0  # clicks on the bar never move the cursor
        await pilot.click(table, offset=(79, 0))  # above the thumb: a page back
        await pilot.pause()
        assert table.scroll_y == pytest.approx(scrolled, abs=1)


async def test_hovering_the_bar_draws_it_in_the_hover_colours() -> None:
    async with shown(200) as (app, pilot, table):
        idle = table._bar_cells()
        await pilot.hover(table, offset=(79, 10))
        await pilot.pause()
        assert table._bar_hover and table._bar_cells() != idle
        await pilot.hover(table, offset=(10, 10))
        await pilot.pause()
        assert not table._bar_hover and table._bar_cells() == idle


async def test_a_theme_change_draws_the_bar_in_its_colours() -> None:
    async with shown(200) as (app, pilot, table):
        before = table._bar_cells()
        app.theme = "textual-light"
        await pilot.pause()
        after = table._bar_cells()
        assert [c.text for c in after] == [c.text for c in before]
        assert after[-1].style.bgcolor != before[-1].style.bgcolor  # the track
        assert list(table.render_line(23))[-1] == after[-1]

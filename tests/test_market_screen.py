"""The market panel (``m``) driven by Pilot on the sample data, and the histogram renderer
as a pure function. Offline, isolated dirs (conftest)."""

from __future__ import annotations

from itertools import combinations

import pytest

from tests.support.pilot import wait_for
from tui.config import load_config
from tui.market import market_stats
from tui.ui.app import GigsApp
from tui.ui.histogram import Histogram, Mark, render_histogram
from tui.ui.market_screen import MESSAGES, MarketScreen

PARTS = ("#market-title", "#market-summary", "#market-skills", "#market-histogram", "#market-hint")


async def loaded(pilot) -> GigsApp:
    app = pilot.app
    await wait_for(pilot, lambda: app.index is not None and app.shown)
    return app


async def open_panel(pilot) -> MarketScreen:
    app = pilot.app
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(app.screen, MarketScreen))
    await pilot.pause()
    return app.screen


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_m_opens_panel_that_fits_without_overlap(size):
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        screen = await open_panel(pilot)
        expected = market_stats([app.gigs[i] for i in app.shown], app.config.money)
        assert screen.stats.to_json() == expected.to_json()
        regions = {sel: screen.query_one(sel).region for sel in PARTS}
        whole = screen.region
        for sel, region in regions.items():
            assert region.width > 0 and region.height > 0, sel
            assert whole.contains_region(region), (sel, region, whole)
        for (a, ra), (b, rb) in combinations(regions.items(), 2):
            assert not ra.overlaps(rb), (a, ra, b, rb)
        # the histogram draws exactly its own size, with bars and the 84万 mark
        hist = screen.query_one(Histogram)
        text = hist.render()
        lines = text.plain.split("\n")
        assert len(lines) == hist.content_size.height
        assert max(len(line) for line in lines) <= hist.content_size.width
        assert "█" in text.plain and "84 market average" in text.plain
        summary = str(screen.query_one("#market-summary").render())
        assert f"{expected.count}" in summary
        assert f"{expected.monthly_man.median:,.1f}" in summary
        assert f"{round(expected.hourly_jpy.median):,}" in summary
        skills = str(screen.query_one("#market-skills").render())
        assert expected.top_skills[0].skill in skills
        assert "Market rates" in str(screen.query_one("#market-title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MarketScreen))
        assert app.focused is app.table


async def test_panel_describes_the_current_view_and_q_closes():
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        total = len(app.shown)
        await pilot.press("slash", *"remote:onsite", "enter")
        await wait_for(pilot, lambda: 0 < len(app.shown) < total)
        screen = await open_panel(pilot)
        assert screen.stats.count == len(app.shown)
        assert screen.stats.to_json() == market_stats(
            [app.gigs[i] for i in app.shown], app.config.money).to_json()
        await pilot.press("q")
        await wait_for(pilot, lambda: not isinstance(app.screen, MarketScreen))
        assert app.is_running  # q closed the panel, not the app


async def test_profile_marks_floor_japanese_labels_and_fit_column(user_config):
    user_config.write_text(
        '[profile]\nskills = { pytorch = 3, python = 2 }\nmin_rate = 70\n'
        '[ui]\nlanguage = "ja"\n',
        encoding="utf-8",
    )
    app = GigsApp(load_config(user_config), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        assert "fit" in app._columns()
        gig = app.gigs[app.shown[0]]
        assert gig.fit is not None
        assert app.rows.cell(app.shown[0], "fit") == str(gig.fit)
        screen = await open_panel(pilot)
        assert screen.stats.min_rate_man == 70
        hist = str(screen.query_one(Histogram).render())
        assert f"70 {MESSAGES['floor']['ja']}" in hist
        summary = str(screen.query_one("#market-summary").render())
        assert MESSAGES["median"]["ja"] in summary
        await pilot.press("escape")


async def test_fit_column_hidden_without_profile():
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        assert app.config.profile is None
        assert "fit" not in app._columns()
        assert all(app.gigs[i].fit is None for i in app.shown)


# ----------------------------------------------------------------- histogram (pure)

BINS = [(i * 10.0, (i + 1) * 10.0, c) for i, c in enumerate([0, 1, 3, 8, 2, 0, 0, 5])]
MARKS = [Mark(84, "market average", "yellow"), Mark(35, "your floor", "green")]


@pytest.mark.parametrize("width, height", [(80, 10), (40, 6), (12, 3), (200, 30), (20, 4)])
def test_render_fits_the_box(width, height):
    text = render_histogram(BINS, width, height, marks=MARKS)
    lines = text.plain.split("\n")
    assert len(lines) == height
    assert all(len(line) <= width for line in lines)


def test_tallest_bin_reaches_the_top_and_empty_bins_stay_blank():
    text = render_histogram(BINS, 60, 12, marks=())
    lines = text.plain.split("\n")
    top, bottom = lines[0], lines[9]  # 10 bar rows, then axis and legend
    assert top.startswith("8│")
    gutter = 2
    cw = (60 - gutter) // len(BINS)
    columns = [bottom[gutter + j * cw: gutter + (j + 1) * cw] for j in range(len(BINS))]
    assert columns[0].strip() == "" and columns[5].strip() == ""  # zero counts
    assert all(col.strip() for j, col in enumerate(columns) if BINS[j][2])
    assert top[gutter + 3 * cw] == "█" and top[gutter + 7 * cw] != "█"
    assert "└0" in lines[10]


def test_marks_sit_at_their_value():
    text = render_histogram(BINS, 60, 12, marks=MARKS)
    lines = text.plain.split("\n")
    gutter = 2
    cw = (60 - gutter) // (len(BINS) + 1)  # the axis grows a bin to hold 84
    marker_row = lines[-3]
    assert marker_row[gutter + int(84 / 10 * cw)] == "▲"
    assert marker_row[gutter + int(35 / 10 * cw)] == "▲"
    assert "84 market average" in lines[-1] and "35 your floor" in lines[-1]
    # above the short bins the reference line is drawn
    assert any(line[gutter + int(84 / 10 * cw)] == "┊" for line in lines[:9])


def test_more_bins_than_cells_are_merged():
    many = [(i * 10.0, (i + 1) * 10.0, 1) for i in range(100)]
    text = render_histogram(many, 30, 5)
    lines = text.plain.split("\n")
    assert all(len(line) <= 30 for line in lines)
    assert "per column" in lines[-1] and "40 per column" in lines[-1]


def test_no_rates_says_so():
    text = render_histogram([], 40, 4, empty="nothing here")
    assert text.plain.startswith("nothing here")
    assert len(text.plain.split("\n")) == 4


def test_markup_in_labels_is_literal():
    text = render_histogram(BINS, 80, 8, marks=[Mark(84, "[bold]x[/bold]", "yellow")])
    assert "[bold]x[/bold]" in text.plain

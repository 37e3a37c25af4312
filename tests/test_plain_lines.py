"""``PlainLines``: the table's and the detail pane's lines, drawn without Textual's
per-line style work, are the lines Textual's styles cache draws, cell for cell."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.support.pilot import wait_for
from tui.config import load_config
from tui.ui.app import GigsApp
from tui.ui.detail import DetailPane
from tui.ui.gig_table import GigTable


def drawn(strips) -> list[tuple]:
    return [(list(strip), strip.cell_length) for strip in strips]


def crops(widget: Widget) -> list[Region]:
    width, height = widget.size
    return [
        Region(0, 0, width, height),  # the whole widget
        Region(0, 2, width, 3),  # a few lines
        Region(3, 1, max(width - 7, 1), height - 2),  # cut on both sides
        Region(0, height - 1, width, 1),  # the last line
    ]


def assert_as_textual_draws(widget: Widget, fast: bool = True) -> None:
    """``widget``'s lines are Textual's; ``fast``: drawn without the styles cache."""
    assert (widget._plain_background() is not None) == fast
    for crop in crops(widget):
        ours = widget.render_lines(crop)
        textual = Widget.render_lines(widget, crop)  # through the styles cache
        assert drawn(ours) == drawn(textual), crop


@pytest.mark.parametrize("size", [(160, 45), (80, 24)], ids=["wide", "narrow"])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark"])
async def test_lines_equal_textuals(size, theme) -> None:
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.index is not None and app.shown)
        app.theme = theme
        await pilot.pause()
        table, detail = app.query_one(GigTable), app.query_one(DetailPane)
        wide = size[0] >= 120  # narrow, the pane has a rule on top: a border, Textual's
        assert_as_textual_draws(table)
        assert_as_textual_draws(detail, fast=wide)
        await pilot.press("j", "j", "pagedown")  # the cursor moves, the table scrolls
        detail.scroll_to(0, 3, animate=False, immediate=True)
        await pilot.pause()
        assert_as_textual_draws(table)
        assert_as_textual_draws(detail, fast=wide)


async def test_line_filters_apply_as_textual_applies_them(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # Textual adds its monochrome filter
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.index is not None and app.shown)
        assert len(app.get_line_filters()) > 1
        assert_as_textual_draws(app.query_one(GigTable))
        assert_as_textual_draws(app.query_one(DetailPane))


async def test_styles_it_does_not_draw_go_to_textual() -> None:
    """Padding, a border, a tint or opacity: Textual draws the lines (and they show)."""
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.index is not None and app.shown)
        detail = app.query_one(DetailPane)
        edges = [f"border_{edge}" for edge in ("top", "right", "bottom", "left")]
        for rule, value, rules in [("padding", (0, 2), ["padding"]),
                                   ("border", ("round", "red"), edges),
                                   ("outline", ("solid", "red"), ["outline_left"]),
                                   ("tint", "red 30%", ["tint"]),
                                   ("opacity", 0.5, ["opacity"])]:
            setattr(detail.styles, rule, value)
            await pilot.pause()
            assert_as_textual_draws(detail, fast=False)
            for name in rules:
                detail.styles.clear_rule(name)
            if rule == "outline":
                detail.styles.outline = None
            await pilot.pause()
            assert_as_textual_draws(detail)

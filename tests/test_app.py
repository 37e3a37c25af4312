"""The app driven by Pilot on the embedded sample data (no network, isolated dirs)."""

from __future__ import annotations

import asyncio
import dataclasses
import tomllib
from pathlib import Path

import pytest
from textual.color import Color

from tests.support.pilot import wait_for
from tui.config import load_config
from tui.i18n import t
from tui.ui.app import GigsApp
from tui.ui.detail import DetailPane
from tui.ui.gig_table import GigTable


def make_app(**kwargs) -> GigsApp:
    return GigsApp(load_config(None), offline=True, **kwargs)


async def loaded(pilot) -> GigsApp:
    app = pilot.app
    await wait_for(pilot, lambda: app.index is not None and app.shown)
    return app


def screen_text(app) -> str:
    return app.export_screenshot()


def shortlist_file(isolated_dirs: Path) -> Path:
    return isolated_dirs / "data" / "gigs" / "shortlist.toml"


async def test_opens_on_sample_with_table_and_detail():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        table = app.query_one(GigTable)
        assert table.row_count >= 150
        gig = app.current_gig()
        assert gig is not None
        body = app.query_one(DetailPane).text.plain
        assert gig.title in body
        assert "SAMPLE DATA" in body


async def test_filter_narrows_on_each_keystroke_and_esc_returns():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        total = len(app.shown)
        await pilot.press("slash")
        counts = []
        for ch in "pytorch":
            await pilot.press(ch)
            await pilot.pause()
            counts.append(len(app.shown))
        assert app.filter_text == "pytorch"
        # from the third letter on, every keystroke narrows (or keeps) the rows
        assert counts[2:] == sorted(counts[2:], reverse=True)
        assert 0 < counts[-1] < total
        skills_hit = [i for i in app.shown if any(s.lower() == "pytorch" for s in app.gigs[i].skills)]
        assert skills_hit
        await pilot.press("escape")
        assert app.focused is app.table


async def test_bad_query_points_at_column_and_keeps_rows():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"rate>=80", "backspace")
        await pilot.pause()
        good = list(app.shown)
        assert app.filter_text == "rate>=8" and app.last_query_error is None
        await pilot.press("O")  # rate>=8O: a letter O
        await pilot.pause()
        assert app.last_query_error is not None
        assert app.shown == good
        bar = app.query_one("#filter-error")
        assert "column" in str(bar.render())


async def test_a_small_cache_is_in_the_first_frame(monkeypatch):
    import sqlite3
    import threading

    first = make_app()
    async with first.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)  # the first start reads the sample and caches it
        total = len(first.gigs)
    from tui.cache import Cache

    opened = Cache().last_open()
    app = make_app()
    painted: list[int] = []
    connections: list[int] = []
    connect = sqlite3.connect

    def counting(*args, **kwargs):
        if not painted and threading.current_thread() is threading.main_thread():
            connections.append(1)  # the UI thread's, before the first frame
        return connect(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", counting)

    def first_frame() -> None:
        painted.append(len(app.shown))

    app.call_after_refresh(first_frame)
    async with app.run_test(size=(120, 30)) as pilot:
        # Read on the UI thread while mounting: no empty table first, no worker needed.
        # The saved order is shown at once; the search index follows the paint.
        assert len(app.gigs) == total and len(app.shown) == total
        with monkeypatch.context() as m:  # the test's own read is not the app's
            m.setattr(sqlite3, "connect", connect)
            assert Cache().last_open() == opened  # nothing written before the first paint
        await wait_for(pilot, lambda: painted)
        assert painted[0] == total
        assert len(connections) == 1  # one connection for every read (the detail's too)
        await wait_for(pilot, lambda: app.index is not None)
        assert app.query_one("#status-line").render() is not None
        assert f"{total}" in screen_text(app)
        await app.workers.wait_for_complete()
        marked = Cache().last_open()  # then this opening is marked
        assert marked is not None and opened is not None and marked > opened
        assert Cache().previous_open() == opened


async def test_filter_line_shows_a_hint_then_errors_without_moving_the_table():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        line = app.query_one("#filter-error")
        assert not line.display  # the table has the focus: no line under the filter
        await pilot.press("slash")
        await pilot.pause()
        assert line.display and "rate>=80" in str(line.render())  # the hint
        await pilot.press(*"rate>=8")
        await pilot.pause()
        region = app.table.region
        await pilot.press("O")  # a bad query: the error takes the hint's place
        await pilot.pause()
        assert app.last_query_error is not None and "column" in str(line.render())
        assert app.table.region == region  # same line, no new row: nothing moved
        # The line's own CSS (``FilterLine``): the error in its colour, the hint not.
        colors = app.get_css_variables()
        assert line.styles.color == Color.parse(colors["error"])
        await pilot.press("backspace", "0")
        await pilot.pause()
        assert app.last_query_error is None and "rate>=80" in str(line.render())
        assert app.table.region == region
        assert line.styles.color != Color.parse(colors["error"])
        await pilot.press("enter")  # back to the table: the line goes
        await pilot.pause()
        assert not line.display and app.filter_text == "rate>=80"


async def test_typing_a_filter_puts_the_best_match_under_the_cursor():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("G")  # the cursor on the last gig
        await pilot.pause()
        last = app.current_gig()
        await pilot.press("slash", *"python")
        await pilot.pause()
        assert app.table.cursor_row == 0 and app.table.scroll_y == 0
        assert app.current_gig() is app.gigs[app.shown[0]]
        assert app.current_gig() is not last
        # A sort keeps the cursor on its gig (it is not a new search).
        await pilot.press("enter", "j", "j")
        await pilot.pause()
        chosen = app.current_gig()
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert app.current_gig() is chosen


async def test_table_scrolls_fully_after_the_filter_changes_its_length():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        total = len(app.shown)
        await pilot.press("slash", *"remote:full", "enter")
        await pilot.pause()
        fewer = len(app.shown)
        assert 0 < fewer < total
        await pilot.press("G")
        await pilot.pause()
        table = app.table
        assert table.cursor_row == fewer - 1
        assert table.virtual_size.height == fewer + 1
        assert table.scroll_y == table.max_scroll_y > 0
        await pilot.press("slash", "ctrl+u", "enter")  # everything again: a longer table
        await pilot.pause()
        assert len(app.shown) == total and table.virtual_size.height == total + 1
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == total - 1 and table.scroll_y == table.max_scroll_y


async def test_cursor_keys_and_detail_follow():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        table = app.table
        first = app.current_gig()
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        assert app.current_gig() is not first
        body = app.query_one(DetailPane).text.plain
        assert app.current_gig().title in body
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_sort_keys_change_order():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        # cycle to the rate column
        for _ in range(10):
            await pilot.press("greater_than_sign")
            if app.sort_column == "rate":
                break
        assert app.sort_column == "rate"
        mids = [app.gigs[i].monthly_jpy.mid for i in app.shown if app.gigs[i].monthly_jpy]
        assert mids == sorted(mids, reverse=app.sort_desc)
        await pilot.press("r")
        mids2 = [app.gigs[i].monthly_jpy.mid for i in app.shown if app.gigs[i].monthly_jpy]
        assert mids2 == sorted(mids2, reverse=app.sort_desc)
        assert mids2 != mids


async def test_help_screen_lists_keys_and_closes():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from tui.ui.help_screen import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        for binding in ("cursor_down", "open_checklist", "focus_filter", "quit", "rate>=80"):
            assert binding in text
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)


async def test_preset_keys_switch_views():
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        total = len(app.shown)
        names = list(app.config.presets)
        side = names.index("side") + 2
        await pilot.press(str(side))
        assert app.preset.name == "side"
        assert 0 < len(app.shown) < total
        assert all(app.gigs[i].days_per_week.min <= 2 for i in app.shown)
        await pilot.press("1")
        assert app.preset is None and len(app.shown) == total
        await pilot.press("right_square_bracket")
        assert app.preset is not None


async def test_markup_and_escapes_in_titles_show_literally():
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"title:bold")
        await wait_for(pilot, lambda: len(app.shown) >= 1)
        await pilot.press("enter")
        text = screen_text(app)
        assert "[bold]" in text


async def test_star_checklist_note_status_persist_and_reload(isolated_dirs):
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        gig = app.current_gig()
        uid = gig.uid
        await pilot.press("s")
        path = shortlist_file(isolated_dirs)
        await wait_for(pilot, lambda: path.exists() and uid in path.read_text(encoding="utf-8"))
        # checklist: move to "fee" (3rd item) and mark it ok, "liability" NG
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("j", "j", "2")
        await pilot.press("j", "j", "j", "j", "j", "j", "4")
        await wait_for(pilot, lambda: '"ng"' in path.read_text(encoding="utf-8"))
        await pilot.press("escape")
        # note with Japanese text
        await pilot.press("n")
        await pilot.pause()
        area = app.screen.query_one("TextArea")
        area.insert("面談は12/3。\n「条件」[確認]")
        await pilot.press("escape")
        await wait_for(pilot, lambda: "面談は12/3" in path.read_text(encoding="utf-8"))
        # status
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: 'status = "applied"' in path.read_text(encoding="utf-8"))
    data = tomllib.loads(path.read_text(encoding="utf-8"))["gigs"][uid]
    assert data["starred"] is True
    assert data["checks"]["fee"]["state"] == "ok"
    assert data["checks"]["liability"]["state"] == "ng"
    assert data["note"] == "面談は12/3。\n「条件」[確認]"
    assert data["history"][0]["status"] == "applied"
    # restart: everything shows again
    app2 = make_app()
    async with app2.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        assert app2.shortlist.is_starred(uid)
        assert app2.move_to_uid(uid)
        await pilot.pause()
        body = app2.query_one(DetailPane).text.plain
        assert "面談は12/3" in body and "applied" in body
        assert "2/11" in app2.shortlist.checks_summary(uid)


async def test_vanished_starred_gig_still_listed(isolated_dirs):
    from tui.store.shortlist import Shortlist

    store = Shortlist(shortlist_file(isolated_dirs))
    from tui.model import Gig

    ghost = Gig(uid="remotive:999", source="remotive", source_id="999", title="Gone gig", client="Old Co")
    store.star(ghost.uid, gig=ghost)
    app = make_app(preset="shortlist")
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        titles = [app.gigs[i].title for i in app.shown]
        assert titles == ["Gone gig"]


async def test_corrupt_shortlist_is_reported_and_untouched(isolated_dirs):
    path = shortlist_file(isolated_dirs)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"schema = 1\n[gigs.\n")
    before = path.read_bytes()
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        assert app.shortlist.read_only
        await pilot.press("s")
        await pilot.pause(0.3)
    assert path.read_bytes() == before


async def test_small_terminal_puts_detail_below():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = app.table
        detail = app.query_one(DetailPane)
        assert detail.region.y >= table.region.bottom
        assert table.region.width == 80
        # A rule on top divides the panes; none on the left (it is drawn when wide).
        assert detail.styles.border_top[0] == "hkey"
        assert not detail.render_line(0).text.startswith(DetailPane.RULE)
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert detail.region.y < table.region.bottom and not detail.styles.border_top[0]
        assert detail.render_line(0).text.startswith(DetailPane.RULE + " ")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not detail.render_line(0).text.startswith(DetailPane.RULE)
        await pilot.press("d")
        assert not detail.display


async def test_large_views_match_short_fields_first_then_descriptions():
    """Above SYNC_DEEP_LIMIT a keystroke matches short fields at once; the description
    and fuzzy matches arrive after the pause, without blocking typing."""
    app = make_app()
    app.SYNC_DEEP_LIMIT = 0  # behave as with 100k gigs
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        # a word that appears in descriptions but in no title/client/skill/tag
        word = "チャンク分割"
        in_desc = [g for g in app.gigs if word in g.description]
        assert in_desc and not any(word in g.title for g in in_desc)
        app.filter_text = word
        app.apply_view()
        assert app.shown == []  # short fields only, at once
        await wait_for(pilot, lambda: len(app.shown) == len(in_desc))
        assert {app.gigs[i].uid for i in app.shown} == {g.uid for g in in_desc}


async def test_keymap_remaps_bindings(user_config, isolated_dirs):
    user_config.write_text('[keymap]\nstar = "space"\nfocus_filter = "f"\n')
    app = GigsApp(load_config(user_config), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        uid = app.current_gig().uid
        await pilot.press("space")
        path = shortlist_file(isolated_dirs)
        await wait_for(pilot, lambda: path.exists() and uid in path.read_text(encoding="utf-8"))
        await pilot.press("f")
        assert app.focused.id == "filter"
    # Textual is handed the changed keys only (it applies its keymap on every lookup).
    assert app._keymap == {"star": "space", "focus_filter": "f"}  # noqa: SLF001
    assert GigsApp(load_config(None), offline=True)._keymap == {}  # noqa: SLF001


def test_unknown_theme_is_a_config_error(user_config, capsys):
    from tui.cli.main import main

    user_config.write_text('[ui]\ntheme = "no-such-theme"\n')
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "ui.theme" in err and "no-such-theme" in err


async def test_edits_by_another_process_show_up(isolated_dirs):
    """A CLI (or a hand edit) changing shortlist.toml while the app runs is picked up."""
    from tui.store.shortlist import Shortlist

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        gig = app.current_gig()
        assert not app.shortlist.is_starred(gig.uid)
        other = Shortlist(shortlist_file(isolated_dirs))
        other.star(gig.uid, gig=gig)
        await wait_for(pilot, lambda: app.shortlist.is_starred(gig.uid), timeout=10)


async def test_the_filter_hint_is_one_line_cut_with_an_ellipsis_when_narrow():
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await pilot.pause()
        line = app.query_one("#filter-error")
        assert line.region.height == 1
        shown = line.render_line(0).text
        assert shown.rstrip().endswith("…")
        assert shown.strip()[:-1] in t("filter.hint", "en")


def _first_order(app: GigsApp):
    """What a start of ``app`` would show before its search index is built."""
    from tui.cache import Cache, load_cached_now

    cache = Cache()
    quick = load_cached_now(app.config, app.prepared, cache=cache, now=app.now)
    assert quick is not None
    return app._saved_first_order(quick, cache), quick


async def test_a_saved_order_is_shown_first_only_when_it_is_the_view():
    first = make_app()
    async with first.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        expected = list(first.shown)
        await wait_for(pilot, lambda: _first_order(make_app())[0] is not None)  # saved
        await first.workers.wait_for_complete()
    app = make_app()
    order, quick = _first_order(app)
    assert order == expected  # the default view: newest first
    app.filter_text = "python"
    assert _first_order(app)[0] is None  # a filter: only the index can answer
    app.filter_text = ""
    app.sort_column = "status"  # sorts by the shortlist, which may have changed
    assert _first_order(app)[0] is None
    app.sort_column = None
    with_query = [i for i, p in enumerate(app.presets) if p is not None and p.query]
    app.preset_pos = with_query[0]
    assert _first_order(app)[0] is None
    app.preset_pos = 0
    app.shortlist.star("gone:1")  # a starred gig no source has: it joins the rows
    assert _first_order(app)[0] is None
    app.shortlist.unstar("gone:1")
    app.shortlist.star(quick.gigs[0].uid)
    assert _first_order(app)[0] == expected


async def test_the_first_view_from_a_saved_order_becomes_the_indexed_view():
    first = make_app()
    async with first.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: _first_order(make_app())[0] is not None)
        await first.workers.wait_for_complete()
        expected = list(first.shown)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        assert app.index is None and app.shown == expected  # before the first paint
        assert "Loading" not in str(app.query_one("#status-line").render())
        await pilot.press("j", "j")
        await loaded(pilot)
        assert app.shown == expected and app.table.cursor_row == 2  # the cursor stayed
        await pilot.press("slash", *"python")
        await pilot.pause()
        assert 0 < len(app.shown) < len(expected)  # filtering works once indexed


async def test_containers_covered_by_their_children_are_not_drawn():
    """#main and the filter bar are wholly covered by their children: the compositor
    skips their own lines (visibility hidden), the children show."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        drawn = app.screen._compositor.visible_widgets  # noqa: SLF001
        for selector in ("#main", "#filter-bar"):
            container = app.screen.query_one(selector)
            assert container not in drawn
            assert container.children and all(c in drawn for c in container.children
                                               if c.display)
        assert app.query_one("#filter").region.area and app.table.region.area


async def test_the_first_paint_takes_one_layout_pass_and_a_resize_still_lays_out():
    from tui.ui.main_screen import MainScreen

    passes: list[bool] = []
    original = MainScreen._refresh_layout

    def counting(self, size=None, scroll=False):
        passes.append(scroll)
        return original(self, size, scroll)

    warm = make_app()
    async with warm.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)  # the sample is cached: the next start shows it at once
    app = make_app()
    at_paint: list[int] = []
    app.call_after_refresh(lambda: at_paint.append(len([p for p in passes if not p])))
    MainScreen._refresh_layout = counting  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await loaded(pilot)
            assert isinstance(app.screen, MainScreen)
            assert at_paint == [1]  # Textual's Screen takes three passes here
            wide = app.table.region
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            assert app.table.region != wide and app.table.region.right <= 100
            detail = app.query_one(DetailPane).region
            assert detail.bottom <= 30 and detail.y > app.table.region.y  # narrow: below
    finally:
        MainScreen._refresh_layout = original  # type: ignore[method-assign]


async def test_the_filter_input_is_one_borderless_line_with_a_visible_cursor():
    """FilterInput carries its own CSS (not all of Input's): it must still look right."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", "p")
        field = app.query_one("#filter")
        assert field.region.height == 1 and field.content_region.height == 1  # no border
        cursor = field.get_component_rich_style("input--cursor")
        assert cursor.bgcolor is not None and cursor.bgcolor != field.rich_style.bgcolor
        assert field.get_component_rich_style("input--placeholder").color is not None


async def test_the_first_frames_filter_placeholder_looks_like_the_input(monkeypatch):
    """The filter bar's first frame is a plain line standing in for the input: same text,
    same colours; the input replaces it right after."""
    from rich.segment import Segment

    from tui.ui.filter_bar import FilterBar, FilterInput

    monkeypatch.setattr(FilterBar, "on_mount", lambda self: None)  # keep the stand-in
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        bar = app.query_one(FilterBar)
        assert not bar.children and bar.region.height == 1  # the bar draws the line itself
        line = bar.render_line(0)
        assert line.cell_length == bar.size.width
        field = bar.input()  # now the real one
        await pilot.pause()
        assert isinstance(field, FilterInput) and not bar.render_line(0).text.strip()
        real = Segment.simplify(list(field.render_line(0)))
        text = next(seg for seg in real if seg.text.strip())
        stand = next(seg for seg in line if seg.text.strip())
        assert stand.text.strip() == text.text.strip() == field.placeholder
        assert (stand.style.color, stand.style.bgcolor) == (text.style.color, text.style.bgcolor)


@pytest.mark.parametrize("theme", [None, "textual-light"])
async def test_the_start_skips_only_a_restyle_that_would_change_nothing(monkeypatch, theme):
    """At start the main screen does not restyle every widget on its first resume (they
    were styled while mounting): a full restyle afterwards must change no widget's
    styles, and the skip must be what happened."""
    import textual.css.stylesheet as stylesheet_module
    from tui.config import load_config

    config = load_config(None)
    if theme:
        config = dataclasses.replace(config, ui=dataclasses.replace(config.ui, theme=theme))
    applied: list[str] = []
    original = stylesheet_module.Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        applied.append(type(node).__name__)
        return original(self, node, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module.Stylesheet, "apply", counting)
    app = GigsApp(config, offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert applied.count("PresetTabs") == 1  # styled once: at mount
        nodes = [screen, *screen.walk_children(with_self=False)]

        def looks() -> list:
            return [(node, node.styles.base.get_rules(), node.rich_style) for node in nodes]

        before = looks()
        app.stylesheet.update(screen)  # what Textual's resume would have done
        await pilot.pause()
        assert looks() == before

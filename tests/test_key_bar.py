"""The key bar: the shown keys of the screen on top, in the UI language; a click presses."""

from __future__ import annotations

from tests.support.pilot import wait_for
from tui.config import load_config
from tui.i18n import t
from tui.keymap import BY_ID
from tui.ui.app import GigsApp
from tui.ui.bindings import FOOTER_IDS
from tui.ui.key_bar import KeyBar


def bar_text(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_the_bar_lists_the_shown_keys_and_the_palette() -> None:
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(200, 30)) as pilot:
        await wait_for(pilot, lambda: app.shown)
        text = bar_text(app)
        for key_id in FOOTER_IDS:
            if key_id in BY_ID:
                assert BY_ID[key_id].description("en") in text, key_id
        assert "palette" in text.lower()
        assert text.index(BY_ID["focus_filter"].description("en")) < text.index(
            BY_ID["quit"].description("en"))  # in the table's order
        # Another screen brings its own keys; back on the main screen they return.
        await pilot.press("S")
        await wait_for(pilot, lambda: app.screen.id != "_default" and bar_text(app) != text)
        other = bar_text(app)
        assert t("key.refresh_source", "en") in other and t("key.back", "en") in other
        assert BY_ID["star"].description("en") not in other  # the main screen's keys went
        await pilot.press("escape")
        await wait_for(pilot, lambda: bar_text(app) == text)


async def test_the_bar_speaks_japanese(tmp_path, monkeypatch) -> None:
    conf = tmp_path / "config.toml"
    conf.write_text('[ui]\nlanguage = "ja"\n', encoding="utf-8")
    app = GigsApp(load_config(conf, explicit=True), offline=True)
    async with app.run_test(size=(200, 30)) as pilot:
        await wait_for(pilot, lambda: app.shown)
        text = bar_text(app)
        assert BY_ID["star"].description("ja") in text
        assert BY_ID["star"].description("en") not in text


async def test_a_click_on_a_key_presses_it() -> None:
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(200, 30)) as pilot:
        await wait_for(pilot, lambda: app.shown)
        bar = app.screen.query_one(KeyBar)
        bar.render()
        span = next(s for s in bar._spans if s[2] in ("slash", "/"))
        await pilot.click(KeyBar, offset=(span[0] + 1, 0))
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "filter")

"""App features of the sources issue: add a gig (form + pasted text), the sources panel,
refresh, and links/clipboard (OSC 52 over SSH)."""

from __future__ import annotations

import tomllib

from tui.config import load_config
from tui.ui.app import GigsApp

from .test_app import loaded, wait_for


async def test_add_gig_form_fills_from_pasted_text_and_saves(isolated_dirs):
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        area = app.screen.query_one("#add-text")
        area.insert("画像認識モデル開発／80〜90万円／週4日〜／一部リモート／準委任／精算幅140-180h／月末締め翌月末払い")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen.query_one("#add-title").value == "画像認識モデル開発"
        assert app.screen.query_one("#add-rate").value
        await pilot.press("ctrl+s")
        manual = isolated_dirs / "data" / "gigs" / "manual.toml"
        await wait_for(pilot, lambda: manual.exists())
        await wait_for(pilot, lambda: any(g.uid == "manual:1" for g in app.gigs))
        await wait_for(pilot, lambda: app.current_gig() is not None and app.current_gig().uid == "manual:1")
        gig = app.current_gig()
        assert gig.monthly_jpy.min == 800000 and gig.monthly_jpy.max == 900000
        assert gig.remote == "partial" and gig.contract_form == "quasi_mandate"
        assert gig.payment.site_days == 30
    data = tomllib.loads(manual.read_text(encoding="utf-8"))
    assert data["gigs"][0]["title"] == "画像認識モデル開発"


async def test_add_gig_escape_cancels(isolated_dirs):
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"x", "escape")
        await pilot.pause()
    assert not (isolated_dirs / "data" / "gigs" / "manual.toml").exists()


async def test_sources_panel_lists_sources():
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        await pilot.pause()
        from tui.ui.sources_screen import SourcesScreen

        assert isinstance(app.screen, SourcesScreen)
        ol = app.screen.query_one("OptionList")
        text = "\n".join(str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count))
        assert "sample" in text and "Sample data" in text and "162 gigs" in text
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        assert not isinstance(app.screen, SourcesScreen)


async def test_open_over_ssh_sends_clipboard_not_browser(monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    launched = []
    import tui.ui.link_actions as links

    monkeypatch.setattr(links, "open_locally", lambda url, opener: launched.append(url))
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        url = app.current_gig().url
        await pilot.press("o")
        await pilot.pause()
        assert app.clipboard == url
        assert launched == []
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard.startswith("### ") and url in app.clipboard


async def test_open_locally_uses_opener(monkeypatch):
    launched = []
    import tui.ui.link_actions as links

    monkeypatch.setattr(links, "open_locally", lambda url, opener: launched.append(url))
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert launched == [app.current_gig().url]
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == app.current_gig().url


async def test_toggle_columns_and_edit_delete_manual_gig(isolated_dirs):
    from tui.sources.manual import add_manual_gig

    uid = add_manual_gig({"title": "音声認識PoC", "rate": "70万円/月"}, isolated_dirs / "data" / "gigs" / "manual.toml")
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        assert "source" in app.table.columns
        app.toggle_column("source")
        assert "source" not in app.table.columns
        app.toggle_column("hourly")
        assert "hourly" in app.table.columns
        await wait_for(pilot, lambda: app.move_to_uid(uid))
        app.edit_manual_gig()
        await pilot.pause()
        field = app.screen.query_one("#add-rate")
        assert field.value == "70万円/月"
        field.value = "80万円/月"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any(g.uid == uid and g.monthly_jpy and g.monthly_jpy.min == 800000 for g in app.gigs))
        await wait_for(pilot, lambda: app.current_gig() is not None and app.current_gig().uid == uid)
        app.delete_manual_gig()
        await wait_for(pilot, lambda: all(g.uid != uid for g in app.gigs))

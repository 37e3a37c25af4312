"""Presets in the app and CLI: tabs with counts, [filters] always, saving a preset."""

from __future__ import annotations

import asyncio
import json
import tomllib

from tui.cli.main import main
from tui.cli.session import with_saved_presets
from tui.config import load_config
from tui.ui.app import GigsApp

from .test_app import loaded, wait_for


async def test_tabs_show_live_counts_matching_the_cli(capsys):
    app = GigsApp(load_config(None), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        tabs = app.query_one("#tabs")
        await wait_for(pilot, lambda: tabs.counts is not None and all(c is not None for c in tabs.counts))
        counts = dict(zip(["All", *app.config.presets], tabs.counts))
    for name in ("side", "quasi", "remote-high"):
        assert await asyncio.to_thread(main, ["--offline", "--preset", name, "list", "--format", "json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert counts[name] == len(out), name


async def test_save_filter_as_preset_writes_data_file_not_config(isolated_dirs, user_config, capsys):
    user_config.write_text('[filters]\nalways = ""\n')
    before = user_config.read_bytes()
    app = GigsApp(with_saved_presets(load_config(user_config)), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"skill:pytorch", "enter")
        await pilot.pause()
        wanted = list(app.shown)
        await pilot.press("P")
        await pilot.pause()
        await pilot.press(*"副業nlp", "enter")
        saved = isolated_dirs / "data" / "gigs" / "presets.toml"
        await wait_for(pilot, saved.exists)
        assert app.preset is not None and app.preset.name == "副業nlp"
        assert sorted(app.shown) == sorted(wanted)
    data = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert data["presets"]["副業nlp"]["query"] == "skill:pytorch"
    assert user_config.read_bytes() == before
    # the CLI sees it too
    assert await asyncio.to_thread(main, ["--offline", "--preset", "副業nlp", "list", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == len(wanted)


async def test_always_filter_hides_everywhere(user_config, capsys):
    assert await asyncio.to_thread(main, ["--offline", "list", "--format", "json"]) == 0
    gigs = json.loads(capsys.readouterr().out)
    client = next(g["client"] for g in gigs if g["client"])
    user_config.write_text(f"[filters]\nalways = '-client:\"{client}\"'\n")
    assert await asyncio.to_thread(main, ["--offline", "list", "--format", "json"]) == 0
    rest = json.loads(capsys.readouterr().out)
    assert all(g["client"] != client for g in rest)
    app = GigsApp(load_config(user_config), offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        assert all(app.gigs[i].client != client for i in app.shown)
        await pilot.press("2")
        assert all(app.gigs[i].client != client for i in app.shown)

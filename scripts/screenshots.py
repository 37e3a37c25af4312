#!/usr/bin/env python3
"""Regenerate screenshots/ from the app, driven headless on the embedded sample data.

    python scripts/screenshots.py            # SVG, plus PNG when cairosvg is installed

Runs with throwaway config/data/cache folders, so the user's own files are never read.
Sizes are fixed (160×45 and 80×24) so the images stay comparable between releases.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"


def isolate() -> None:
    base = Path(tempfile.mkdtemp(prefix="gigs-shots-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        (base / var).mkdir()
        os.environ[var] = str(base / var)
    os.environ.pop("GIGS_CONFIG", None)
    os.environ["LANG"] = "C.UTF-8"


async def wait_loaded(pilot) -> None:
    for _ in range(400):
        if pilot.app.index is not None and pilot.app.shown:
            return
        await pilot.pause(0.05)
    raise SystemExit("the app did not load")


async def shoot() -> list[Path]:
    from tui.config import load_config
    from tui.ui.app import GigsApp

    written: list[Path] = []

    async def run(name: str, size: tuple[int, int], keys: list[str], setup=None) -> None:
        app = GigsApp(load_config(None), offline=True)
        async with app.run_test(size=size) as pilot:
            await wait_loaded(pilot)
            if setup:
                await setup(app, pilot)
            for key in keys:
                await pilot.press(key)
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            path = OUT / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(OUT))
            written.append(path)

    async def star_some(app, pilot) -> None:
        for _ in range(3):
            await pilot.press("s", "j", "j")
        await pilot.pause(0.5)

    await run("main-160x45", (160, 45), ["j", "j"])
    await run("main-80x24", (80, 24), ["j"])
    await run("filter-160x45", (160, 45), ["slash", *"pytorch remote:full rate>=80", "enter"])
    await run("bad-query-160x45", (160, 45), ["slash", *"rate>=8O"])
    await run("checklist-160x45", (160, 45), ["c", "j", "j", "2", "j", "j", "j", "j", "j", "j", "3"])
    await run("help-160x45", (160, 45), ["question_mark"])
    await run("sources-160x45", (160, 45), ["S"])
    await run("add-gig-160x45", (160, 45), ["a"])
    await run("shortlist-160x45", (160, 45), ["5"], setup=star_some)
    try:
        await run("market-160x45", (160, 45), ["m"])
        await run("market-80x24", (80, 24), ["m"])
    except Exception as exc:  # noqa: BLE001 - the market panel may not exist in older trees
        print(f"market panel skipped: {exc}", file=sys.stderr)
    return written


def to_png(paths: list[Path]) -> None:
    try:
        import cairosvg
    except ImportError:
        print("cairosvg not installed: SVG only (pip install cairosvg)", file=sys.stderr)
        return
    for svg in paths:
        cairosvg.svg2png(url=str(svg), write_to=str(svg.with_suffix(".png")))


def main() -> int:
    isolate()
    OUT.mkdir(exist_ok=True)
    paths = asyncio.run(shoot())
    to_png(paths)
    for p in paths:
        print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

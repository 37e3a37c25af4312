"""One benchmark scenario in a fresh process (run by ``bench/run.py``; prints one JSON line).

Times are taken from ``BENCH_T0`` (``time.time()`` the parent read just before starting
this process), so "startup" covers the interpreter, the imports and the first paint.
Modes: ``bare`` (a bare Textual app with one DataTable: the floor), ``app`` (gigs on its
sample data), ``big`` (gigs on a large file source: first load or load from the cache,
then keystrokes, sort, jump), ``store`` (shortlist edits with 1,000 entries), ``fetch``
(10 slow local servers).
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time

T0 = float(os.environ.get("BENCH_T0") or time.time())
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

#: Modules that must not be imported before the first paint.
HEAVY = ("httpx", "feedparser", "rapidfuzz", "tomli_w", "httpcore", "anyio", "h11", "certifi_x")
SIZE = (160, 45)


def since_start() -> float:
    return time.time() - T0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(data: dict) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


# ------------------------------------------------------------------------------ startup
def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    result: dict = {}

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("title", "client", "rate")
            table.add_row("ML engineer", "ACME", "80")
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            result["paint"] = since_start()
            self.exit()

    async def main() -> None:
        app = Bare()
        async with app.run_test(size=SIZE) as pilot:
            while "paint" not in result:
                await pilot.pause(0.005)

    asyncio.run(main())
    emit(result)


def run_app() -> None:
    from tui.config import load_config
    from tui.ui.app import GigsApp

    result: dict = {}

    class Timed(GigsApp):
        CSS_PATH = os.path.join(ROOT, "tui", "ui", "app.tcss")

        def _gigs_loaded(self, collection, rows, index) -> None:
            super()._gigs_loaded(collection, rows, index)
            if "paint" not in result and self.gigs:
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            if "paint" in result:
                return
            result["paint"] = since_start()
            result["rows"] = len(self.gigs)
            result["heavy"] = sorted(m for m in HEAVY if m in sys.modules)

    async def main() -> None:
        app = Timed(load_config(None), offline=True)
        async with app.run_test(size=SIZE) as pilot:
            while "paint" not in result:
                await pilot.pause(0.005)

    asyncio.run(main())
    emit(result)


if __name__ == "__main__":
    mode = sys.argv[1]
    {"bare": run_bare, "app": run_app}[mode]()

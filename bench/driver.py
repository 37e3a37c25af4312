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
import re
import resource
import sys
import time

T0 = float(os.environ.get("BENCH_T0") or time.time())
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

#: Modules that must not be imported before the first paint.
HEAVY = ("httpx", "httpcore", "anyio", "h11", "feedparser", "rapidfuzz")
SIZE = (160, 45)


def since_start() -> float:
    return time.time() - T0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def config():
    """The config gigs would read (``GIGS_CONFIG`` when set)."""
    from tui.config import load_config
    from tui.paths import resolve_config_path

    path, explicit = resolve_config_path()
    return load_config(path, explicit=explicit) if explicit else load_config(None)


def emit(data: dict) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


# ------------------------------------------------------------------------------ startup
class FirstFrame:
    """The first frame sent to the terminal that shows the rows: the first painted screen.

    Headless Textual composes every frame but skips turning it into the escape sequences
    a terminal is sent (``App._display``). This turns each frame into them, as Textual
    does for a terminal, and takes the time (wall and CPU) once a frame's text holds
    one of ``markers``: text of the rows, set when the rows are handed to the table.
    """

    _ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])")

    def __init__(self) -> None:
        self.markers: list[str] = []
        self.frames = 0
        self.result: dict = {}

    def display(self, app, renderable) -> None:
        """Call from ``App._display``: one frame (``CompositorUpdate``) to the terminal."""
        from textual._compositor import CompositorUpdate

        if "paint" in self.result or not isinstance(renderable, CompositorUpdate):
            return
        self.frames += 1
        text = renderable.render_segments(app.console)
        painted, cpu = since_start(), time.process_time()  # before the search below
        text = self._ESCAPE.sub("", text) if self.markers else ""
        if any(marker in text for marker in self.markers):
            self.result["paint"] = painted
            self.result["cpu"] = cpu  # CPU seconds of this process so far
            self.result["frames"] = self.frames
            if os.environ.get("BENCH_EXIT_AT_PAINT"):  # bench/instructions.py: stop here
                emit(self.result)
                os._exit(0)

    def idle(self, app, then=None) -> None:
        """Call (``call_after_refresh``) once the rows are set: the app has drawn them and
        gone idle. The rows may reach the screen a refresh later (from a worker): then this
        waits for the next refresh."""
        if "idle" in self.result:
            return
        if "paint" not in self.result:
            if since_start() > 300:
                raise SystemExit(f"no frame showed any of {self.markers[:3]!r}…: are they row text?")
            app.call_after_refresh(self.idle, app, then)
            return
        self.result["idle"] = since_start()
        if then is not None:
            then()


def textual_imported(clock: "FirstFrame") -> None:
    """Import ``textual.app`` (what both apps start with) and note the CPU time then:
    ``cpu - cpu_textual`` is each app's own work, without the interpreter's start and
    Textual's import, which vary most from run to run."""
    import textual.app  # noqa: F401

    clock.result["cpu_textual"] = time.process_time()


def run_bare() -> None:
    clock = FirstFrame()
    textual_imported(clock)
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("title", "client", "rate")
            table.add_row("ML engineer", "ACME", "80")
            clock.markers = ["ML engineer"]
            self.call_after_refresh(clock.idle, self)

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            clock.display(self, renderable)

    async def main() -> None:
        app = Bare()
        async with app.run_test(size=SIZE) as pilot:
            while "idle" not in clock.result:
                await pilot.pause(0.005)

    asyncio.run(main())
    emit(clock.result)


def run_app() -> None:
    """``gigs --offline`` as the command runs it (``tui.cli.main``), headless."""
    clock = FirstFrame()
    result = clock.result
    textual_imported(clock)
    from tui.cli.main import parse

    _parser, args = parse(["--offline"])
    from tui import gcpolicy

    gcpolicy.hold()  # as ``gigs`` does with no command; the app releases it
    from tui.cli.commands import build_app
    from tui.ui.app import GigsApp

    class Timed(GigsApp):
        def _gigs_loaded(self, collection, rows, index, **kwargs) -> None:
            super()._gigs_loaded(collection, rows, index, **kwargs)
            if not clock.markers and self.shown:
                # The rows' titles, as far as a narrow title column shows them (the
                # table may be scrolled to keep the cursor's gig in view).
                clock.markers = [self.gigs[i].title[:8] for i in self.shown[:200]]
                self.call_after_refresh(clock.idle, self, self._idle)

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            clock.display(self, renderable)

        def _idle(self) -> None:
            result["rows"] = len(self.gigs)
            result["heavy"] = sorted(m for m in HEAVY if m in sys.modules)

    async def main() -> None:
        app = build_app(args, app_class=Timed)
        async with app.run_test(size=SIZE) as pilot:
            while "idle" not in result:
                await pilot.pause(0.005)
            if os.environ.get("BENCH_SETTLE"):
                # A warm-up start: run on as a user's session would, until the work
                # after the first paint (saving the cache and its sorted order) is done.
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()

    asyncio.run(main())
    emit(result)


# ------------------------------------------------------------------------------ 100k
def run_big() -> None:
    """gigs on a large file source: time to the first painted rows with the full count;
    with BENCH_INTERACT=1 also keystrokes, sort, jump (after the load has settled)."""
    from time import perf_counter

    from textual.widgets import Input

    from tui.config import load_config
    from tui.ui.app import GigsApp

    expect = int(os.environ["BENCH_EXPECT"])
    interact = os.environ.get("BENCH_INTERACT") == "1"
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    result: dict = {}
    marks: list[tuple[float, bool]] = []

    class Timed(GigsApp):
        def _gigs_loaded(self, collection, rows, index, **kwargs) -> None:
            super()._gigs_loaded(collection, rows, index, **kwargs)
            if "paint" not in result and len(self.gigs) >= expect:
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            if "paint" not in result:
                result["paint"] = since_start()
                result["rows"] = len(self.gigs)
                result["rss_at_paint"] = peak_rss_mb()

        def _show_selection(self, selection, **kwargs) -> None:
            super()._show_selection(selection, **kwargs)
            partial = bool(selection.partial)
            self.call_after_refresh(lambda: marks.append((perf_counter(), partial)))

    async def idle(pilot, app) -> None:
        """Until no worker runs and the screen is painted."""
        while True:
            await pilot.pause(0.02)
            if not any(w.is_running for w in app.workers):
                break
        await painted(app)

    async def painted(app) -> None:
        done = asyncio.Event()
        app.call_after_refresh(done.set)
        await done.wait()

    async def wait_mark(after: float, deep: bool, timeout: float = 30.0) -> float | None:
        end = perf_counter() + timeout
        while perf_counter() < end:
            for t, partial in marks:
                if t > after and (partial is False if deep else True):
                    return t
            await asyncio.sleep(0.001)
        return None

    async def keystroke(pilot, app, query: str) -> dict:
        """Type the last character of ``query``: to the repaint (and the deep result)."""
        inp = app.query_one("#filter", Input)
        inp.value = query[:-1]
        inp.cursor_position = len(inp.value)
        await idle(pilot, app)
        await asyncio.sleep(app.DEEP_DELAY + 0.05)
        await idle(pilot, app)
        # As typed the first time: the shorter word's hits are kept, this word's are not
        # (the runs before this one would have left them in the index).
        for word in query.split():
            app.index.forget(word)
        marks.clear()
        t0 = perf_counter()
        await pilot.press(query[-1])
        first = await wait_mark(t0, deep=False)
        out = {"ms": None if first is None else (first - t0) * 1000}
        if marks and marks[0][1]:  # a partial view: the deep pass follows
            deep = await wait_mark(t0, deep=True)
            out["deep_ms"] = None if deep is None else (deep - t0) * 1000
        out["shown"] = len(app.shown)
        if os.environ.get("BENCH_DEBUG"):
            print(repr(inp.value), app.filter_text, app.focused, marks, t0, file=sys.stderr)
        return out

    async def main() -> None:
        app = Timed(config(), offline=True)
        async with app.run_test(size=SIZE) as pilot:
            while "paint" not in result:
                await pilot.pause(0.01)
            if not interact:
                return
            await idle(pilot, app)
            result["rss_settled"] = peak_rss_mb()
            await pilot.press("slash")
            await idle(pilot, app)
            queries = {"substring": "pytorch", "qualifier": "rate>=80 remote:full",
                       "fuzzy": "pyhton", "description": "observability"}
            for name, query in queries.items():
                runs = [await keystroke(pilot, app, query) for _ in range(repeat)]
                result[f"key_{name}"] = [r["ms"] for r in runs]
                if any("deep_ms" in r for r in runs):
                    result[f"key_{name}_deep"] = [r.get("deep_ms") for r in runs]
                result[f"key_{name}_shown"] = runs[-1]["shown"]
            inp = app.query_one("#filter", Input)
            inp.value = ""
            await idle(pilot, app)
            await pilot.press("escape")
            await idle(pilot, app)
            # sort: ">" steps title -> client -> rate; "r" reverses (a full sort again)
            for _ in range(10):  # to the column before rate, untimed
                await pilot.press("greater_than_sign")
                await idle(pilot, app)
                columns = [c for c in app._columns() if c != "star"]
                if columns[(columns.index(app.sort_column) + 1) % len(columns)] == "rate":
                    break
            sorts = []
            for i in range(repeat):
                marks.clear()
                t0 = perf_counter()
                await pilot.press("greater_than_sign" if i == 0 else "r")
                t = await wait_mark(t0, deep=False)
                sorts.append(None if t is None else (t - t0) * 1000)
                await idle(pilot, app)
            result["sort_rate"] = sorts
            result["sort_column"] = app.sort_column
            jumps = []
            for _ in range(repeat):
                await pilot.press("g")
                await idle(pilot, app)
                t0 = perf_counter()
                await pilot.press("G")
                await painted(app)
                jumps.append((perf_counter() - t0) * 1000)
                assert app.table.cursor_row == len(app.shown) - 1
            result["jump_last"] = jumps
            await idle(pilot, app)

    asyncio.run(main())
    result["peak_rss"] = peak_rss_mb()
    emit(result)


# ------------------------------------------------------------------------------ fetch
def run_fetch() -> None:
    """10 network sources, each on its own local server answering after 200 ms.

    The servers (``LocalServer`` from the tests) run in a process of their own, as remote
    servers would: their threads do not compete with gigs for the interpreter.
    """
    import subprocess
    from pathlib import Path
    from time import perf_counter

    from tui.collect import collect, prepare
    from tui.config import load_config

    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    server = subprocess.Popen(
        [sys.executable, __file__, "servers"], cwd=ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )
    try:
        urls = json.loads(server.stdout.readline())
        conf = Path(os.environ["XDG_CONFIG_HOME"]) / "fetch.toml"
        conf.write_text("".join(
            f'[[sources]]\nname = "board{i}"\ntype = "remotive"\nurl = "{url}"\ntimeout = 10\n'
            for i, url in enumerate(urls)), encoding="utf-8")
        config = load_config(conf, explicit=True)

        def once(only: set[str] | None) -> tuple[float, int]:
            prepared = prepare(config)
            t0 = perf_counter()
            got = asyncio.run(collect(config, prepared=prepared, only=only))
            wall = perf_counter() - t0
            bad = [s.error for s in got.states if s.status == "error"]
            if bad:
                raise SystemExit(f"fetch failed: {bad[:2]}")
            return wall, len(got.gigs)

        once({"board0"})  # warm: imports httpx once
        alls, slowest, counts = [], [], []
        for _ in range(repeat):
            wall, n = once(None)
            alls.append(wall * 1000)
            counts.append(n)
            slowest.append(max(once({f"board{i}"})[0] for i in range(10)) * 1000)
        emit({"all_ms": alls, "slowest_alone_ms": slowest, "gigs": counts[-1]})
    finally:
        server.stdin.close()
        server.wait(timeout=10)


def run_servers() -> None:
    """Serve the remotive fixture from 10 LocalServers (200 ms late) until stdin closes."""
    from pathlib import Path

    from tests.support.http_server import LocalServer

    delay = float(os.environ.get("BENCH_DELAY", "0.2"))
    body = (Path(ROOT) / "tests" / "fixtures" / "remotive" / "remote-jobs.json").read_bytes()
    servers = [LocalServer().__enter__() for _ in range(10)]
    for srv in servers:
        srv.route("/api/remote-jobs", body=body, delay=delay)
    print(json.dumps([srv.url for srv in servers]), flush=True)
    sys.stdin.read()
    for srv in servers:
        srv.__exit__(None, None, None)


# ------------------------------------------------------------------------------ store
def _big_shortlist(path, count: int):
    """A shortlist file with ``count`` starred gigs, each with a status, a note and a
    fully filled checklist."""
    from datetime import datetime, timezone

    from tui.store.checklist import CHECK_IDS
    from tui.store.shortlist import Check, Entry, HistoryItem, Snapshot, render_document

    when = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    entries = {}
    for i in range(count):
        uid = f"agents:{i}"
        checks = {cid: Check(("ok", "concern", "ng", "todo")[(i + k) % 4],
                             f"確認メモ {k}: 精算幅と支払サイトを確認済み", when)
                  for k, cid in enumerate(CHECK_IDS)}
        entries[uid] = Entry(
            uid, True, "applied", f"Note for gig {i}: 面談は来週。単価交渉の余地あり。" * 3, when,
            Snapshot(f"機械学習エンジニア #{i}", "株式会社アオバ", f"https://example.jp/{i}", "agents",
                     "80〜90万円/月"),
            (HistoryItem("interested", when), HistoryItem("applied", when)), checks)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_document(entries, path))
    return entries


def run_store() -> None:
    """One edit (star, check, note) with 1,000 shortlisted gigs: the store alone, and in
    the app (the save is a thread worker: a key pressed meanwhile is served at once)."""
    from time import perf_counter

    from tui import paths
    from tui.store.shortlist import Shortlist

    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    path = paths.shortlist_path()
    _big_shortlist(path, 1000)
    size = path.stat().st_size
    store = Shortlist(path)
    edits = {
        "star": lambda i: store.unstar(f"agents:{i}") if i % 2 else store.star(f"agents:{i}"),
        "check": lambda i: store.set_check(f"agents:{i}", "fee", ("ok", "ng")[i % 2], note=f"n{i}"),
        "note": lambda i: store.set_note(f"agents:{i}", f"note edited {i} 単価再確認"),
    }
    out: dict = {"file_kb": size / 1024}
    t0 = perf_counter()
    store.set_status("agents:0", "interviewing")  # the first edit renders every entry once
    out["store_first"] = (perf_counter() - t0) * 1000
    for name, edit in edits.items():
        times = []
        for i in range(repeat):
            t0 = perf_counter()
            edit(i + 1)
            times.append((perf_counter() - t0) * 1000)
        out[f"store_{name}"] = times

    from tui.config import load_config
    from tui.ui.app import GigsApp

    marks: list[float] = []

    class Timed(GigsApp):
        def _after_save(self, describe: str) -> None:
            super()._after_save(describe)
            self.call_after_refresh(lambda: marks.append(perf_counter()))

    async def painted(app) -> None:
        done = asyncio.Event()
        app.call_after_refresh(done.set)
        await done.wait()

    async def main() -> None:
        app = Timed(config(), offline=True)
        async with app.run_test(size=SIZE) as pilot:
            while not app.shown:
                await pilot.pause(0.02)
            saves, stalls = [], []
            for i in range(repeat):
                while any(w.is_running for w in app.workers):
                    await pilot.pause(0.02)
                marks.clear()
                gaps: list[float] = []
                watching = True

                async def watch() -> None:
                    """The UI's event loop: the longest gap between two of its turns."""
                    last = perf_counter()
                    while watching:
                        await asyncio.sleep(0.001)
                        now = perf_counter()
                        gaps.append(now - last)
                        last = now

                watcher = asyncio.create_task(watch())
                t0 = perf_counter()
                await pilot.press("s")
                while not marks:
                    await asyncio.sleep(0.001)
                watching = False
                await watcher
                saves.append((marks[0] - t0) * 1000)
                stalls.append(max(gaps) * 1000)
            out["app_save"] = saves
            out["ui_stall"] = stalls

    asyncio.run(main())
    emit(out)


if __name__ == "__main__":
    mode = sys.argv[1]
    {"bare": run_bare, "app": run_app, "big": run_big, "fetch": run_fetch,
     "servers": run_servers, "store": run_store}[mode]()

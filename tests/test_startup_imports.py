"""The way to the first paint stays light: modules it does not need are not imported.

Startup is budgeted at 1.2× a bare Textual app (``bench/run.py``); every module imported
before the first paint counts. These checks run the app's startup imports in a fresh
interpreter and list what got imported.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tui import lazyre
from tui.sources import registry

#: Imported only when a feature needs them (a fetch, a filter, a screen, a lookup).
DEFERRED = (
    "httpx", "feedparser", "rapidfuzz", "thefuzz", "email.utils", "html", "importlib.metadata",
    "tui.normalize", "tui.market", "tui.fit", "tui.dedup",
    "tui.store.hints", "tui.store.report", "tui.ui.checklist_screen", "tui.ui.note_screen",
    "tui.ui.status_screen", "tui.ui.help_screen", "tui.ui.market_screen", "tui.ui.sources_screen",
    "tui.ui.add_screen", "tui.ui.filter_input", "tomli_w", "csv", "hashlib", "argparse",
    "tui.cli.output",
    "tui.sources.http",  # the fetch layer: building a source checks its options only
)

STARTUP = """
import json, sys
base = set(sys.modules)
from tui.cli.main import parse
from tui.cli.commands import build_app
parser, args = parse(["--offline"])
build_app(args)
print(json.dumps(sorted(set(sys.modules) - base)))
"""


def test_the_startup_path_leaves_heavy_modules_alone() -> None:
    out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                         check=True)
    loaded = set(json.loads(out.stdout))
    assert "tui.ui.app" in loaded and "tui.sources.hn" in loaded  # the probe did run
    early = sorted(m for m in DEFERRED if m in loaded)
    assert early == [], f"imported before the first paint: {early}"


def test_builtin_source_types_resolve_without_scanning_installed_packages(monkeypatch) -> None:
    registry._installed.cache_clear()
    scans = []

    def scanned():
        scans.append(1)
        return ()

    monkeypatch.setattr(registry, "_installed", scanned)
    for name in registry.BUILTIN:
        assert registry.is_known(name)
        assert registry.load_type(name).__module__ == registry.BUILTIN[name].split(":")[0]
    assert scans == []
    # A name that is not built in is looked up among the installed plugins.
    assert not registry.is_known("no-such-type")
    assert scans


def test_plugin_types_still_come_from_entry_points(monkeypatch) -> None:
    monkeypatch.setattr(registry, "_installed",
                        lambda: (("inboxish", "tui.sources.manual:ManualSource", "demo"),))
    assert registry.is_known("inboxish")
    assert registry.target_of("inboxish") == "tui.sources.manual:ManualSource"
    # A plugin cannot take over a built-in name.
    monkeypatch.setattr(registry, "_installed",
                        lambda: (("remotive", "tui.sources.manual:ManualSource", "evil"),))
    assert registry.load_type("remotive").__name__ == "RemotiveSource"


@pytest.mark.parametrize("pattern, flags, text", [
    (r"\b(remote|onsite)\b", re.IGNORECASE, "Fully REMOTE, some onsite"),
    (r"(\d+)万", 0, "単価 80万〜90万"),
    (r"^x", re.MULTILINE, "a\nx\nb"),
])
def test_lazy_patterns_behave_like_compiled_ones(pattern, flags, text) -> None:
    lazy = lazyre.lazy(pattern, flags)
    eager = re.compile(pattern, flags)
    assert lazy._compiled is None  # nothing compiled yet
    assert [m.group(0) for m in lazy.finditer(text)] == [m.group(0) for m in eager.finditer(text)]
    assert lazy.sub("_", text) == eager.sub("_", text)
    assert bool(lazy.search(text)) == bool(eager.search(text))
    assert lazy.compiled() is lazy.compiled()  # compiled once
    assert lazy.pattern == pattern and lazy.flags == eager.flags


FIRST_PAINT = """
import asyncio, gc, json, sys
from tui import gcpolicy
gcpolicy.hold()  # as ``gigs`` does
from tui.config import load_config
from tui.ui.app import GigsApp

async def start():
    app = GigsApp(load_config(None), offline=True)
    seen = {}
    def painted():
        seen.update(modules=sorted(sys.modules), gc=gc.isenabled(),
                    index=app.index is not None, shown=list(app.shown))
    app.call_after_refresh(painted)
    async with app.run_test(size=(120, 30)) as pilot:
        while "modules" not in seen:
            await pilot.pause(0.01)
        while app.index is None:
            await pilot.pause(0.01)
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()  # the cache and its order are saved
        seen.update(gc_after=gc.isenabled(), shown_after=list(app.shown))
    return seen

print(json.dumps(asyncio.run(start())))
"""


def test_a_warm_start_paints_before_the_query_engine_loads(tmp_path) -> None:
    """The second start shows the cached gigs in their saved order; the search index
    (and the query engine's modules) come after the first paint, and the garbage
    collector is off until then."""
    env = {k: v for k, v in __import__("os").environ.items()
           if not k.startswith(("XDG_", "GIGS_"))}
    for sub in ("config", "data", "cache"):
        (tmp_path / sub).mkdir()
        env[f"XDG_{sub.upper()}_HOME"] = str(tmp_path / sub)

    def start() -> dict:
        out = subprocess.run([sys.executable, "-c", FIRST_PAINT], capture_output=True,
                             text=True, check=True, env=env, timeout=120)
        return json.loads(out.stdout.strip().splitlines()[-1])

    first, second = start(), start()
    # First start: nothing cached; the loading worker reads the sample, shows it and
    # saves it with its order.
    assert len(first["shown_after"]) > 100
    # Second start: the saved order, no index yet, no query engine.
    assert not second["index"] and second["shown"] == first["shown_after"]
    assert second["shown_after"] == second["shown"]  # the view agrees once indexed
    early = [m for m in ("tui.query", "tui.query.parser", "tui.view", "tui.normalize",
                         "hashlib")
             if m in second["modules"]]
    assert early == []
    assert second["gc"] is False and second["gc_after"] is True

"""gigs' benchmark: every speed figure the project promises, and its budget.

Run from the repository root::

    python bench/run.py            # the full run (5 runs per figure, 100,000 gigs)
    python bench/run.py --quick    # fewer runs (about 3 minutes)
    python bench/run.py --runs 7 --gigs 100000 --only startup,big

Every scenario runs in fresh processes with their own config, data and cache folders
(under ``--workdir``, default ``/tmp/gigs-bench``), driven headless by Textual's Pilot
(``bench/driver.py``). The table gives, per figure, the median and the spread (min–max)
over the runs, the budget and PASS/FAIL; the machine is printed above it. ``--json``
writes the raw figures too.

Figures:

* startup: process start to the first painted screen with the sample data, for gigs and
  for a bare Textual app with one DataTable (the floor), and their ratio; heavy modules
  (httpx, feedparser, rapidfuzz, ...) must not be imported before that paint;
* 100,000 generated gigs (half Japanese, ~1,500-character descriptions) in a ``file``
  source: first load (empty cache) and load from the cache, to the first painted rows
  with the full count; then, from a Pilot key press to the finished repaint, one
  keystroke in the filter for a substring, a qualifier, a fuzzy and a description
  query (the fuzzy/description matches land later, from a debounced deep pass, shown
  separately); sorting by rate; jumping to the last row; peak RSS;
* fetching: 10 sources on local servers that answer after 200 ms, all at once against
  the slowest alone;
* the shortlist: one edit (star, check, note) with 1,000 shortlisted gigs holding
  checklists and notes, in the store and end to end in the app, and a key pressed while
  the save runs (the save is a thread worker).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


# ------------------------------------------------------------------------------ running


def run_driver(mode: str, home: Path, env: dict[str, str] | None = None,
               timeout: float = 900) -> dict:
    """Run ``bench/driver.py MODE`` in a fresh process with its own XDG folders."""
    for sub in ("config", "data", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    full = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("XDG_", "GIGS_", "BENCH_")) and k not in ("NO_COLOR",)
    }
    full.update({
        "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"), "LANG": "C.UTF-8",
    })
    full.update(env or {})
    full["BENCH_T0"] = repr(time.time())
    done = subprocess.run(
        [sys.executable, str(HERE / "driver.py"), mode], cwd=ROOT, env=full,
        capture_output=True, text=True, timeout=timeout,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"driver {mode} failed (exit {done.returncode}):\n{tail}")
    return json.loads(lines[-1])


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# ------------------------------------------------------------------------------ figures


@dataclass
class Figure:
    section: str
    label: str
    unit: str
    values: list[float] = field(default_factory=list)
    budget: float | None = None
    budget_text: str = ""
    note: str = ""
    #: For ratio figures: the value is computed from medians (no spread).
    single: bool = False

    @property
    def median(self) -> float | None:
        vals = [v for v in self.values if v is not None]
        return statistics.median(vals) if vals else None

    def verdict(self) -> str:
        if self.budget is None:
            return ""
        m = self.median
        if m is None:
            return "FAIL"
        return "PASS" if m <= self.budget else "FAIL"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:g} {unit}".strip()


def spread(fig: Figure) -> str:
    vals = [v for v in fig.values if v is not None]
    if fig.single or len(vals) < 2:
        return ""
    return f"{fmt(min(vals), fig.unit)} – {fmt(max(vals), fig.unit)}"


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001
        textual = "?"
    try:
        import sqlite3

        sqlite = sqlite3.sqlite_version
    except Exception:  # noqa: BLE001
        sqlite = "?"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return {
        "cpu": cpu, "cores": str(os.cpu_count()),
        "python": platform.python_version(), "textual": textual, "sqlite": sqlite,
        "os": f"{platform.system()} {platform.release()}",
        "load": f"{load[0]:.2f}",
    }


# ------------------------------------------------------------------------------ scenarios


def bench_startup(work: Path, runs: int, figures: list[Figure], log) -> None:
    """Start the bare app and gigs alternately (in pairs of either order), ``runs`` times each.

    "First paint" is the first frame sent to the terminal that shows the rows (see
    ``FirstFrame`` in ``driver.py``). A start takes half a second, and one start's time
    moves by tens of percent on a shared machine, even in the part both apps share (the
    interpreter and Textual's import): with 25 or 35 pairs, the ratio of the medians
    still moved by ±0.05 from one run to the next. ``runs`` is 60 pairs or more
    (a minute and a half) so the medians, and their ratio, are steady.
    """
    home = fresh(work / "startup")
    # Warm: the first start builds the sample's cache (and saves the view's order).
    run_driver("app", home, env={"BENCH_SETTLE": "1"})
    run_driver("bare", home)
    bare, app, heavy = [], [], set()
    bare_cpu, app_cpu, bare_own, app_own, app_idle = [], [], [], [], []
    for i in range(runs):
        if i % 10 == 0:
            log(f"startup pairs {i + 1}–{min(i + 10, runs)} of {runs}")
        # Bare first in even pairs, gigs first in odd ones: neither start always follows
        # the other, so a machine that speeds up or slows down favours neither.
        for mode in ("bare", "app") if i % 2 == 0 else ("app", "bare"):
            got = run_driver(mode, home)
            if mode == "bare":
                bare.append(got["paint"] * 1000)
                bare_cpu.append(got["cpu"] * 1000)
                bare_own.append((got["cpu"] - got["cpu_textual"]) * 1000)
                continue
            app.append(got["paint"] * 1000)
            app_cpu.append(got["cpu"] * 1000)
            app_own.append((got["cpu"] - got["cpu_textual"]) * 1000)
            app_idle.append(got["idle"] * 1000)
            heavy.update(got.get("heavy", []))
    figures.append(Figure("Startup", "bare Textual app + DataTable: start → first paint",
                          "ms", bare, note="the floor"))
    figures.append(Figure("Startup", "gigs on the sample data: start → first paint", "ms", app,
                          note="gigs --offline, through its command line"))
    ratio = statistics.median(app) / statistics.median(bare)
    figures.append(Figure("Startup", "ratio gigs / bare (medians)", "x", [ratio], 1.2, "≤ 1.2×",
                          single=True))
    # The same two starts in CPU time (this process's, to the first paint): less moved by
    # other work on the machine than the wall-clock figures above.
    cpu_ratio = statistics.median(app_cpu) / statistics.median(bare_cpu)
    figures.append(Figure("Startup", "CPU time to first paint: bare", "ms", bare_cpu))
    figures.append(Figure("Startup", "CPU time to first paint: gigs", "ms", app_cpu,
                          note=f"ratio {cpu_ratio:.2f}× (not budgeted)"))
    # What each app does itself, once Python is up and textual.app imported.
    figures.append(Figure("Startup", "CPU after `import textual.app`: bare", "ms", bare_own))
    figures.append(Figure("Startup", "CPU after `import textual.app`: gigs", "ms", app_own,
                          note=f"{statistics.median(app_own) - statistics.median(bare_own):.0f} ms "
                               "more than bare"))
    figures.append(Figure("Startup", "gigs: start → idle after the first paint", "ms", app_idle,
                          note="the frame's refresh callbacks have run"))
    figures.append(Figure(
        "Startup", "heavy modules imported before the first paint", "",
        [float(len(heavy))], 0, "none",
        note=", ".join(sorted(heavy)) or "none (httpx, feedparser, rapidfuzz deferred)",
        single=True))


def bench_big(work: Path, n: int, runs: int, first_runs: int, repeat: int,
              figures: list[Figure], log) -> None:
    from datagen import write_json

    data = work / "data" / f"gigs-{n}.json"
    log(f"generating {n:,} gigs → {data}")
    write_json(data, n)
    size_mb = data.stat().st_size / 1e6

    def home_for(tag: str) -> tuple[Path, dict[str, str]]:
        home = fresh(work / tag)
        conf = home / "config" / "gigs" / "config.toml"
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(f'[[sources]]\nname = "agents"\ntype = "file"\npath = "{data}"\n',
                        encoding="utf-8")
        return home, {"GIGS_CONFIG": str(conf), "BENCH_EXPECT": str(n),
                      "BENCH_REPEAT": str(repeat)}

    first_paint, first_rss = [], []
    home, env = home_for("big")
    for i in range(first_runs):
        log(f"first load {i + 1}/{first_runs} (normalizes {n:,} gigs)")
        home, env = home_for("big")
        got = run_driver("big", home, env, timeout=1800)
        first_paint.append(got["paint"])
        first_rss.append(got["peak_rss"])
    keys: dict[str, list[float]] = {}
    cache_paint, rss, sort, jump, rss_paint = [], [], [], [], []
    shown: dict[str, int] = {}
    for i in range(runs):
        log(f"load from the cache + interactions {i + 1}/{runs}")
        got = run_driver("big", home, {**env, "BENCH_INTERACT": "1"})
        cache_paint.append(got["paint"])
        rss_paint.append(got["rss_at_paint"])
        rss.append(got["peak_rss"])
        sort += got["sort_rate"]
        jump += got["jump_last"]
        for k, v in got.items():
            if k.startswith("key_") and isinstance(v, list):
                keys.setdefault(k, []).extend(v)
            elif k.endswith("_shown"):
                shown[k] = v
    sec = f"{n:,} gigs"
    figures.append(Figure(sec, f"first load from a file source ({size_mb:.0f} MB JSON) → first paint",
                          "s", first_paint, note="normalizes every gig; empty cache"))
    figures.append(Figure(sec, "peak RSS during the first load", "MB", first_rss,
                          note="the source's records in memory"))
    figures.append(Figure(sec, "load from the cache → first paint, full count", "s", cache_paint,
                          1.5, "≤ 1.5 s"))
    labels = {
        "key_substring": ("keystroke → repaint: substring 'pytorch' (short fields)", 40),
        "key_qualifier": ("keystroke → repaint: 'rate>=80 remote:full'", 40),
        "key_fuzzy": ("keystroke → repaint: fuzzy 'pyhton' (exact pass)", None),
        "key_fuzzy_deep": ("   … its deep pass (typos) lands", None),
        "key_description": ("keystroke → repaint: description word 'observability'", None),
        "key_description_deep": ("   … its deep pass (descriptions) lands", None),
    }
    for key, (label, budget) in labels.items():
        if key in keys:
            rows = shown.get(key.replace("_deep", "") + "_shown")
            note = f"{rows:,} rows shown at the end" if rows is not None and "deep" not in key else ""
            if "deep" in key:
                note = "after a 150 ms pause, off the UI thread"
            figures.append(Figure(sec, label, "ms", keys[key], budget,
                                  f"≤ {budget} ms" if budget else "", note=note))
    figures.append(Figure(sec, "sort by rate (key press → repaint)", "ms", sort, 200, "≤ 200 ms"))
    figures.append(Figure(sec, "jump to the last row (G → repaint)", "ms", jump))
    figures.append(Figure(sec, "RSS at the first paint (from the cache)", "MB", rss_paint))
    figures.append(Figure(sec, "peak RSS (cache start, all of the above)", "MB", rss, 250,
                          "≤ 250 MB"))


def bench_normalize(work: Path, figures: list[Figure], log) -> None:
    """Raw listing records (prose parsed): what a first load of raw files costs per gig."""
    log("normalizing raw records")
    code = (
        "import sys, time, json; sys.path.insert(0, 'bench');"
        "from datagen import make_records; from tui.normalize.record import gig_from_record;"
        "from tui.money import Money; r = make_records(2000); m = Money();"
        "t = time.perf_counter(); [gig_from_record(x, 'agents', m) for x in r];"
        "print(json.dumps({'ms': (time.perf_counter() - t) / len(r) * 1000}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    ms = json.loads(out.stdout.strip().splitlines()[-1])["ms"]
    figures.append(Figure("Normalization", "raw listing record → Gig (prose parsed), per gig",
                          "ms", [ms], note=f"≈ {ms * 100:.0f} s per 100,000 raw records, one core",
                          single=True))


def bench_fetch(work: Path, repeat: int, figures: list[Figure], log) -> None:
    log("fetching from 10 slow local servers")
    got = run_driver("fetch", fresh(work / "fetch"), {"BENCH_REPEAT": str(repeat)})
    figures.append(Figure("Fetching", "10 sources, each answering after 200 ms: all", "ms",
                          got["all_ms"]))
    figures.append(Figure("Fetching", "the slowest of them alone", "ms", got["slowest_alone_ms"]))
    ratio = statistics.median(got["all_ms"]) / statistics.median(got["slowest_alone_ms"])
    figures.append(Figure("Fetching", "ratio all / slowest alone (medians)", "x", [ratio], 1.3,
                          "≤ 1.3×", single=True))


def bench_store(work: Path, repeat: int, figures: list[Figure], log) -> None:
    log("shortlist edits with 1,000 entries")
    got = run_driver("store", fresh(work / "store"), {"BENCH_REPEAT": str(repeat)})
    kb = got["file_kb"]
    figures.append(Figure("Shortlist (1,000 gigs)", "first edit after opening the file (cold)",
                          "ms", [got["store_first"]], single=True,
                          note="renders all 1,000 entries once; the app does this in its load "
                               "worker"))
    for key, label in (("store_star", "star"), ("store_check", "checklist item"),
                       ("store_note", "note")):
        figures.append(Figure("Shortlist (1,000 gigs)", f"one edit in the store: {label}", "ms",
                              got[key], 250, "≤ 250 ms",
                              note=f"lock, re-read, write, fsync; {kb:.0f} KB file"
                              if key == "store_star" else ""))
    figures.append(Figure("Shortlist (1,000 gigs)", "one edit in the app: s → saved, repainted",
                          "ms", got["app_save"], 250, "≤ 250 ms", note="a thread worker"))
    figures.append(Figure("Shortlist (1,000 gigs)", "longest UI event-loop stall during a save",
                          "ms", got["ui_stall"],
                          note="the save runs in a thread worker; this is the UI's own work"))


# ------------------------------------------------------------------------------ report


def report(figures: list[Figure], info: dict[str, str], args, elapsed: float) -> str:
    out = []
    out.append(f"gigs benchmark — {'quick' if args.quick else 'full'} run, "
               f"{args.runs} runs per figure, {elapsed:.0f} s")
    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    out.append(f"machine: {info['cpu']}, {info['cores']} cores, {info['os']}; "
               f"Python {info['python']}, Textual {info['textual']}, SQLite {info['sqlite']}; "
               f"load average {info['load']} at start, {end_load:.2f} at the end")
    if max(float(info["load"]), end_load) > 0.7:
        out.append("note: other work was running on this machine; figures may be inflated")
    out.append("")
    head = ("figure", "median", "spread (min – max)", "budget", "")
    rows = []
    section = None
    for f in figures:
        if f.section != section:
            rows.append((f"[{f.section}]", "", "", "", ""))
            section = f.section
        median = fmt(f.median, f.unit) if f.unit else f"{f.median:g}" if f.median is not None else "—"
        if f.label.startswith("heavy modules"):
            median = "none" if not f.median else f"{f.median:g}"
        rows.append((f"  {f.label}", median, spread(f), f.budget_text, f.verdict()))
        if f.note:
            rows.append((f"      {f.note}", "", "", "", ""))
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(5)]
    out.append("  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
    out.append("  ".join("-" * w for w in widths))
    for r in rows:
        out.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    failed = [f for f in figures if f.verdict() == "FAIL"]
    out.append("")
    out.append(f"{sum(1 for f in figures if f.verdict() == 'PASS')} budgets hold, "
               f"{len(failed)} do not" + (": " + "; ".join(f.label for f in failed) if failed else "."))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs (about 3 minutes)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, quick 3)")
    parser.add_argument("--gigs", type=int, default=100_000, help="gigs in the big scenario")
    parser.add_argument("--only", default="startup,big,normalize,fetch,store",
                        help="comma-separated scenarios to run")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/gigs-bench"))
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 5)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    info = machine()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    # An installed gigs runs from compiled bytecode (pip compiles it). A checkout under
    # PYTHONDONTWRITEBYTECODE would compile every module again in every timed start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui")],
                   check=False, capture_output=True)
    figures: list[Figure] = []
    if "startup" in only:
        bench_startup(work, max(15 * args.runs, 60), figures, log)
    if "big" in only:
        bench_big(work, args.gigs, runs=2 if args.quick else args.runs,
                  first_runs=1 if args.quick else 2, repeat=3 if args.quick else args.runs,
                  figures=figures, log=log)
    if "normalize" in only:
        bench_normalize(work, figures, log)
    if "fetch" in only:
        bench_fetch(work, args.runs, figures, log)
    if "store" in only:
        bench_store(work, args.runs, figures, log)
    text = report(figures, info, args, time.perf_counter() - started)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({
            "machine": info,
            "figures": [{"section": f.section, "label": f.label, "unit": f.unit,
                         "values": f.values, "median": f.median, "budget": f.budget,
                         "verdict": f.verdict()} for f in figures],
        }, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if any(f.verdict() == "FAIL" for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())

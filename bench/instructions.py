#!/usr/bin/env python3
"""Startup in instructions: a figure that does not move with the machine's load.

    python bench/instructions.py          # needs valgrind (Debian: apt install valgrind)

Wall-clock startup moves by tens of percent from one start to the next on a shared
machine. The number of instructions a start executes, from the process's start to the
first painted frame (the same frame ``bench/run.py`` times), is the same to a tenth of a
percent from run to run: use it to see whether a change to startup helps, then confirm
with ``python bench/run.py --only startup``. Each start runs under valgrind's callgrind
(about 20 s each) and stops at the first paint. Not a budget: the budget is wall time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import ROOT, run_driver  # noqa: E402


def instructions(mode: str, home: Path) -> int:
    """Instructions from the process's start to the first paint, under callgrind."""
    env = {"BENCH_EXIT_AT_PAINT": "1"}
    for sub in ("config", "data", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    full = {
        "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **env,
        "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, str(HERE / "driver.py"), mode],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=600,
    )
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode != 0 or not found:
        tail = "\n".join(done.stderr.strip().splitlines()[-10:])
        raise SystemExit(f"valgrind run of {mode} failed:\n{tail}")
    return int(found.group(1))


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui")],
                   check=False, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="gigs-instr-") as tmp:
        home = Path(tmp)
        # Warm: the first start builds the sample's cache and keeps the parsed config.
        run_driver("app", home, env={"BENCH_SETTLE": "1"})
        run_driver("app", home, env={"BENCH_SETTLE": "1"})
        bare = instructions("bare", home)
        app = instructions("app", home)
    print(f"instructions to the first paint: bare {bare / 1e6:,.1f} M, "
          f"gigs {app / 1e6:,.1f} M, ratio {app / bare:.3f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Real processes against one shortlist: concurrent writers lose nothing, SIGKILL mid-save
never leaves a broken file. Children run ``tests/support/store_worker.py``."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.support.store_worker import big_note
from tui.store.checklist import CHECK_IDS
from tui.store.shortlist import Shortlist

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "tests" / "support" / "store_worker.py"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and flock are POSIX")


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def test_many_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shortlist.toml"
    workers, edits = 8, 25
    procs = [_spawn("edit", str(path), str(w), str(edits)) for w in range(workers)]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()

    data = tomllib.loads(path.read_text("utf-8"))  # the file parses
    store = Shortlist(path)
    assert store.error is None
    expected_own = {f"own:{w}:{i}" for w in range(workers) for i in range(0, edits, 2)}
    assert store.starred_uids() == expected_own
    shared = store.get("shared:1")
    assert shared is not None
    last_odd = max(i for i in range(edits) if i % 2 == 1)
    for w in range(workers):
        check = shared.checks[CHECK_IDS[w % len(CHECK_IDS)]]
        assert check.state == "concern"
        assert check.note == f"{w}-{last_odd}"
    assert set(data["gigs"]) == expected_own | {"shared:1"}


def test_sigkill_in_the_middle_of_saves_never_breaks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "shortlist.toml"
    rng = random.Random(1234)
    seen_rounds: set[int] = set()
    for round_no in range(20):
        ready = tmp_path / f"ready-{round_no}"
        proc = _spawn("loop", str(path), str(ready))
        deadline = time.monotonic() + 20
        while not ready.exists():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "worker never saved"
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL

        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))  # whole, parseable TOML
        note = data["gigs"]["big:1"]["note"]
        head, _, rest = note.partition("|")
        k = int(head)
        assert note == big_note(k), "the note is one complete save, byte for byte"
        seen_rounds.add(k)
        store = Shortlist(path)
        assert store.error is None and store.get("big:1").note == big_note(k)  # type: ignore[union-attr]

    # A killed writer never leaves the lock held: a fresh save goes through at once.
    store = Shortlist(path)
    t0 = time.monotonic()
    store.set_note("after:kill", "still writable")
    assert time.monotonic() - t0 < 5
    assert Shortlist(path).get("after:kill").note == "still writable"  # type: ignore[union-attr]
    # Leftover temp files of killed writers are never mistaken for the store.
    assert [p.name for p in tmp_path.glob("shortlist.toml*")] and path.exists()
    assert len(seen_rounds) >= 1

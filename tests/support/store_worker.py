"""A child process that edits a shortlist, for the multi-process store tests.

Run as ``python tests/support/store_worker.py MODE PATH ...`` with the repo on PYTHONPATH.

- ``edit PATH WORKER N``: N edits. Even edits star a new uid ``own:<worker>:<i>``; odd edits
  set this worker's checklist item on the shared gig ``shared:1`` with note ``<worker>-<i>``.
  Each edit is its own lock/read/write cycle.
- ``loop PATH READY``: save big notes on ``big:1`` forever (``<k>|<body>|<k>``), creating the
  file READY after the first save, until the parent kills it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.store.checklist import CHECK_IDS
from tui.store.shortlist import Shortlist

BODY = "契約「終了後」の\"賠償\"\\[x]\t{y}\r\n'''\"\"\"改行\n" * 1200


def big_note(k: int) -> str:
    """The note the loop saves on its k-th round (the tests check both ends agree)."""
    return f"{k}|{BODY}|{k}"


def edit(path: Path, worker: int, n: int) -> None:
    store = Shortlist(path)
    item = CHECK_IDS[worker % len(CHECK_IDS)]
    for i in range(n):
        if i % 2 == 0:
            store.star(f"own:{worker}:{i}")
        else:
            store.set_check("shared:1", item, "concern", note=f"{worker}-{i}")


def loop(path: Path, ready: Path) -> None:
    store = Shortlist(path)
    k = 0
    while True:
        k += 1
        store.set_note("big:1", big_note(k))
        if k == 1:
            ready.write_text("ready")


def main(argv: list[str]) -> int:
    mode, path = argv[0], Path(argv[1])
    if mode == "edit":
        edit(path, int(argv[2]), int(argv[3]))
    elif mode == "loop":
        loop(path, Path(argv[2]))
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

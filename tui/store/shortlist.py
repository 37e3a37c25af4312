"""The shortlist: starred gigs, their status pipeline, notes and checklist, in one TOML file.

``<user data dir>/shortlist.toml``, in the shape INTERFACES.md shows::

    schema = 1
    [gigs."remotive:1934101"]          # one table per gig, sorted by uid
    starred = true
    status = "applied"
    note = "..."
    updated = 2026-11-27 08:00:00+00:00
    history = [{ status = "applied", at = 2026-11-27 08:00:00+00:00 }]
    [gigs."remotive:1934101".snapshot]  # title, client, url, source, rate (raw text)
    [gigs."remotive:1934101".checks.fee]  # state, note, updated; in checklist order

Every mutation takes the OS lock, re-reads the file (so another process's edits and hand
edits are kept), applies only its one change, writes atomically and refreshes the
in-memory copy. A file that does not parse or has a wrong shape is never overwritten: the
store records ``error`` (naming file and line), copies the file once to
``shortlist.toml.corrupt-<timestamp>`` and becomes ``read_only`` until the file is fixed
(``load()`` or ``reload_if_changed()`` clears it). Comments in a hand-edited file are not
kept by the next save (tomli-w writes the file); values are.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import field, replace
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

from ..errors import StoreError, UsageError
from ..model import Gig, iso
from ..record import record
from .atomic import _dump_chunk, atomic_write_bytes, dump_toml, parse_toml, read_bytes, update_file
from .checklist import CHECK_IDS, CHECK_ITEMS, STATE_IDS, STATUS_IDS, parse_item, parse_state, parse_status

__all__ = [
    "SCHEMA",
    "Check",
    "Entry",
    "HistoryItem",
    "Shortlist",
    "Snapshot",
    "default_path",
    "parse_document",
    "render_document",
]

SCHEMA = 1
#: The first chunk of the file (as ``render_document`` writes it).
_SCHEMA_CHUNK = f"schema = {SCHEMA}\n"
SNAPSHOT_KEYS = ("title", "client", "url", "source", "rate")
_ENTRY_KEYS = ("starred", "status", "note", "updated", "snapshot", "history", "checks")
_CHECK_KEYS = ("state", "note", "updated")

Clock = Callable[[], datetime]


def default_path() -> Path:
    """``<platformdirs.user_data_path("gigs")>/shortlist.toml``."""
    import platformdirs

    return Path(platformdirs.user_data_path("gigs")) / "shortlist.toml"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _norm_time(dt: datetime) -> datetime:
    """Aware UTC, whole seconds (naive times are taken as UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0)


# --------------------------------------------------------------------------- records


@record
class Check:
    """One checklist item's state and note."""

    state: str = "todo"
    note: str = ""
    updated: datetime | None = None

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state}
        if self.note:
            out["note"] = self.note
        if self.updated is not None:
            out["updated"] = self.updated
        return out

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "note": self.note, "updated": iso(self.updated)}


@record
class HistoryItem:
    """A status change and when it happened."""

    status: str
    at: datetime

    def to_toml(self) -> dict[str, Any]:
        return {"status": self.status, "at": self.at}

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "at": iso(self.at)}


@record
class Snapshot:
    """What the store remembers of a gig so the entry outlives the listing."""

    title: str | None = None
    client: str | None = None
    url: str | None = None
    source: str | None = None
    rate: str | None = None

    @classmethod
    def from_gig(cls, gig: Gig) -> Snapshot:
        """Title, client (or agent), url, source and the raw rate text of ``gig``."""
        rate = gig.rate.raw if gig.rate and gig.rate.raw else None
        return cls(
            title=gig.title or None,
            client=gig.client or gig.agent or None,
            url=gig.url or None,
            source=gig.source or None,
            rate=rate,
        )

    def to_toml(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in SNAPSHOT_KEYS if getattr(self, k) is not None}

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in SNAPSHOT_KEYS}


@record
class Entry:
    """One gig's shortlist record. Immutable: mutations go through ``Shortlist``."""

    uid: str
    starred: bool = False
    status: str | None = None
    note: str = ""
    updated: datetime | None = None
    snapshot: Snapshot = field(default_factory=Snapshot)
    history: tuple[HistoryItem, ...] = ()
    #: item id -> Check, in CHECK_ITEMS order; items never touched are absent.
    checks: dict[str, Check] = field(default_factory=dict)

    def check(self, item_id: str) -> Check:
        """The check for an item (a blank ``todo`` when never set)."""
        return self.checks.get(item_id) or Check()

    def counts(self) -> tuple[int, int, int]:
        """(items not todo, concern count, ng count)."""
        states = [c.state for c in self.checks.values()]
        done = sum(1 for s in states if s != "todo")
        return done, states.count("concern"), states.count("ng")

    def is_empty(self) -> bool:
        """Nothing worth keeping: not starred, no status, note, history or checks."""
        return not (self.starred or self.status or self.note or self.history or self.checks)

    def to_toml(self) -> dict[str, Any]:
        """The table written under ``[gigs."<uid>"]`` (stable key order)."""
        out: dict[str, Any] = {"starred": self.starred}
        if self.status:
            out["status"] = self.status
        if self.note:
            out["note"] = self.note
        if self.updated is not None:
            out["updated"] = self.updated
        snap = self.snapshot.to_toml()
        if snap:
            out["snapshot"] = snap
        if self.history:
            out["history"] = [h.to_toml() for h in self.history]
        if self.checks:
            out["checks"] = {k: self.checks[k].to_toml() for k in CHECK_IDS if k in self.checks}
        return out

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict (times as UTC ISO 8601)."""
        return {
            "uid": self.uid,
            "starred": self.starred,
            "status": self.status,
            "note": self.note,
            "updated": iso(self.updated),
            "snapshot": self.snapshot.to_json(),
            "history": [h.to_json() for h in self.history],
            "checks": {k: self.checks[k].to_json() for k in CHECK_IDS if k in self.checks},
        }


# --------------------------------------------------------------------------- reading


class _Shape(Exception):
    """A wrong value at a key path inside one gig's table."""

    def __init__(self, keys: tuple[str, ...], problem: str) -> None:
        super().__init__(problem)
        self.keys = keys
        self.problem = problem


def _as_time(value: Any, keys: tuple[str, ...]) -> datetime:
    if isinstance(value, datetime):
        return _norm_time(value)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=timezone.utc)
    raise _Shape(keys, f"expected a date-time, got {value!r}")


def _as_str(value: Any, keys: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise _Shape(keys, f"expected text, got {value!r}")
    return value


def _unknown(table: dict[str, Any], allowed: Iterable[str], keys: tuple[str, ...]) -> None:
    allowed = tuple(allowed)
    for k in table:
        if k not in allowed:
            raise _Shape(keys + (k,), f"unknown key (expected one of {', '.join(allowed)})")


def _entry_from_toml(uid: str, raw: Any) -> Entry:
    if not isinstance(raw, dict):
        raise _Shape((), "expected a table")
    _unknown(raw, _ENTRY_KEYS, ())
    starred = raw.get("starred", False)
    if not isinstance(starred, bool):
        raise _Shape(("starred",), f"expected true or false, got {starred!r}")
    status = raw.get("status")
    if status is not None:
        status = _as_str(status, ("status",))
        if status == "":
            status = None
        elif status not in STATUS_IDS:
            raise _Shape(("status",), f"unknown status {status!r} (use one of {', '.join(STATUS_IDS)})")
    note = _as_str(raw.get("note", ""), ("note",))
    updated = _as_time(raw["updated"], ("updated",)) if "updated" in raw else None

    snap_raw = raw.get("snapshot", {})
    if not isinstance(snap_raw, dict):
        raise _Shape(("snapshot",), "expected a table")
    _unknown(snap_raw, SNAPSHOT_KEYS, ("snapshot",))
    snapshot = Snapshot(**{k: _as_str(v, ("snapshot", k)) for k, v in snap_raw.items()})

    hist_raw = raw.get("history", [])
    if not isinstance(hist_raw, list):
        raise _Shape(("history",), "expected an array of tables")
    history: list[HistoryItem] = []
    for h in hist_raw:
        if not isinstance(h, dict):
            raise _Shape(("history",), f"expected a table, got {h!r}")
        _unknown(h, ("status", "at"), ("history",))
        if "status" not in h or "at" not in h:
            raise _Shape(("history",), "each item needs status and at")
        hs = _as_str(h["status"], ("history", "status"))
        if hs not in STATUS_IDS:
            raise _Shape(("history", "status"), f"unknown status {hs!r} (use one of {', '.join(STATUS_IDS)})")
        history.append(HistoryItem(hs, _as_time(h["at"], ("history", "at"))))
    history.sort(key=lambda h: h.at)  # stable: same-second changes keep their order

    checks_raw = raw.get("checks", {})
    if not isinstance(checks_raw, dict):
        raise _Shape(("checks",), "expected a table")
    _unknown(checks_raw, CHECK_IDS, ("checks",))
    checks: dict[str, Check] = {}
    for item_id in CHECK_IDS:
        if item_id not in checks_raw:
            continue
        c = checks_raw[item_id]
        keys = ("checks", item_id)
        if not isinstance(c, dict):
            raise _Shape(keys, "expected a table")
        _unknown(c, _CHECK_KEYS, keys)
        st = _as_str(c.get("state", "todo"), keys + ("state",))
        if st not in STATE_IDS:
            raise _Shape(keys + ("state",), f"unknown state {st!r} (use one of {', '.join(STATE_IDS)})")
        cnote = _as_str(c.get("note", ""), keys + ("note",))
        cup = _as_time(c["updated"], keys + ("updated",)) if "updated" in c else None
        checks[item_id] = Check(st, cnote, cup)

    return Entry(uid, starred, status, note, updated, snapshot, tuple(history), checks)


def _find_line(text: str, uid: str, keys: tuple[str, ...]) -> int | None:
    """Best-effort 1-based line of ``gigs.<uid>.<keys...>`` in hand-written TOML."""
    lines = text.splitlines()
    spellings = {json.dumps(uid, ensure_ascii=False), f"'{uid}'", uid}
    best: tuple[int, int] | None = None  # (specificity, index)
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s.startswith("["):
            continue
        hit = next((sp for sp in spellings if sp in s), None)
        if hit is None:
            continue
        rest = s[s.index(hit) + len(hit):]
        spec = 0
        for k in keys:
            if k in rest:
                spec += 1
            else:
                break
        if best is None or spec > best[0]:
            best = (spec, i)
    if best is None:
        for i, ln in enumerate(lines):
            if any(sp in ln for sp in spellings):
                return i + 1
        return None
    start = best[1]
    if keys:
        last = keys[-1]
        for j in range(start + 1, len(lines)):
            s = lines[j].strip()
            if s.startswith("[") and not s.startswith("[["):
                break
            if s.startswith(last) and s[len(last):].lstrip().startswith("=") or f"{last} =" in s:
                return j + 1
    return start + 1


def parse_document(path: Path, data: bytes | None, *, kept: bool = False) -> dict[str, Entry]:
    """Read shortlist.toml bytes into entries by uid (``kept``: see ``parse_toml``).

    Raises ``StoreError(path, problem, line)`` for bad TOML or a wrong shape.
    """
    raw = parse_toml(path, data, kept=kept)
    text = data.decode("utf-8", "replace") if data else ""
    for key in raw:
        if key not in ("schema", "gigs"):
            line = _find_line(text, key, ()) if key else None
            raise StoreError(path, f"unknown top-level key {key!r} (expected schema, gigs)", line)
    schema = raw.get("schema", SCHEMA)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise StoreError(path, f"schema: expected {SCHEMA}, got {schema!r}", _find_line(text, "schema", ()))
    if schema > SCHEMA:
        raise StoreError(
            path, f"schema {schema} was written by a newer gigs (this one reads {SCHEMA})",
            _find_line(text, "schema", ()),
        )
    gigs = raw.get("gigs", {})
    if not isinstance(gigs, dict):
        raise StoreError(path, "gigs: expected a table of gigs by uid", _find_line(text, "gigs", ()))
    entries: dict[str, Entry] = {}
    for uid, table in gigs.items():
        try:
            entries[uid] = _entry_from_toml(uid, table)
        except _Shape as exc:
            where = ".".join((json.dumps(uid, ensure_ascii=False),) + exc.keys)
            raise StoreError(path, f"gigs.{where}: {exc.problem}", _find_line(text, uid, exc.keys)) from None
    return entries


class _ChunkCache:
    """The TOML text of each entry, kept while the entry is unchanged.

    ``render_document`` writes the file as one chunk per gig (plus the schema line); an
    edit changes one entry, so only its chunk is written (and verified) again: with
    1,000 shortlisted gigs an edit costs milliseconds instead of a second. The bytes are
    the same as ``render_document``'s.
    """

    def __init__(self) -> None:
        self._texts: dict[str, tuple[Entry, str]] = {}
        self._lock = threading.Lock()

    def render(self, entries: dict[str, Entry], path: Path | str) -> bytes:
        with self._lock:
            return self._render(entries, path)

    def _render(self, entries: dict[str, Entry], path: Path | str) -> bytes:
        if not entries:
            return render_document(entries, path)
        texts = self._texts
        parts = [_SCHEMA_CHUNK]
        fresh: dict[str, str] = {}
        for uid in sorted(entries):
            entry = entries[uid]
            hit = texts.get(uid)
            if hit is not None and hit[0] is entry:
                parts.append(hit[1])
                continue
            table = {"gigs": {uid: entry.to_toml()}}
            text = _dump_chunk(table).rstrip("\n") + "\n"
            if not text.strip() or parse_toml(Path(str(path)), text.encode("utf-8")) != table:
                return render_document(entries, path)  # the whole-document way, as before
            fresh[uid] = text
            parts.append(text)
        for uid in [u for u in texts if u not in entries]:
            del texts[uid]
        for uid, text in fresh.items():
            texts[uid] = (entries[uid], text)
        return "\n".join(parts).encode("utf-8")


def render_document(entries: dict[str, Entry], path: Path | str = "shortlist.toml") -> bytes:
    """The file's bytes: deterministic (gigs sorted by uid, checks in checklist order)."""
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "gigs": {uid: entries[uid].to_toml() for uid in sorted(entries)},
    }
    return dump_toml(doc, path).encode("utf-8")


# --------------------------------------------------------------------------- the store


class Shortlist:
    """The shortlist file and an in-memory copy of it.

    Reads are served from memory; ``reload_if_changed()`` picks up hand edits and other
    processes' saves. Mutations are synchronous and block on the OS lock: run them off the
    UI thread. Each returns the gig's new ``Entry`` (None when the entry was dropped).
    """

    def __init__(self, path: Path | None = None, *, clock: Clock | None = None, load: bool = True) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._clock: Clock = clock or _utc_now
        self._entries: dict[str, Entry] = {}
        self._sig: tuple[int, int, int] | None = None
        #: The bytes ``_entries`` were read from (or last written): an unchanged file is
        #: not parsed again before an edit.
        self._bytes: bytes | None = None
        self._chunks = _ChunkCache()
        #: Why the store is read-only (names the file and line), or None.
        self.error: StoreError | None = None
        #: True while the file does not parse: mutations raise ``StoreError``.
        self.read_only = False
        #: The backup made of a broken file, if any.
        self.backup_path: Path | None = None
        if load:
            self.load()

    # ---- reading

    def _stat_sig(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def load(self) -> None:
        """(Re)read the file. Never raises for a bad file: see ``error`` / ``read_only``."""
        sig = self._stat_sig()
        data: bytes | None = None
        try:
            data = read_bytes(self.path)
            entries = parse_document(self.path, data, kept=True)  # read at every start
        except StoreError as exc:
            self._sig = sig
            self._broken(exc, data)
            return
        self._entries = entries
        self._bytes = data
        self._sig = sig
        self.error = None
        self.read_only = False

    def reload_if_changed(self) -> bool:
        """Reload when the file's mtime, size or inode changed; True when it reloaded."""
        sig = self._stat_sig()
        if sig == self._sig:
            return False
        self.load()
        return True

    def prepare_writes(self) -> None:
        """Render every entry's TOML now (e.g. in a worker after loading), so the first
        edit costs what the next ones do. Never raises."""
        if self.read_only or not self._entries:
            return
        try:
            self._chunks.render(dict(self._entries), self.path)
        except StoreError:
            pass

    def get(self, uid: str) -> Entry | None:
        """The entry for ``uid``, or None."""
        return self._entries.get(uid)

    def entries(self) -> list[Entry]:
        """Every entry, sorted by uid."""
        return [self._entries[u] for u in sorted(self._entries)]

    def starred_uids(self) -> set[str]:
        """The uids of starred gigs."""
        return {u for u, e in self._entries.items() if e.starred}

    def is_starred(self, uid: str) -> bool:
        e = self._entries.get(uid)
        return bool(e and e.starred)

    def status_of(self, uid: str) -> str | None:
        e = self._entries.get(uid)
        return e.status if e else None

    def checks_summary(self, uid: str) -> str:
        """``"7/11 ⚠1 ✗0"``: items not todo / all items, concern and ng counts.

        Empty when the gig has no checklist entries at all.
        """
        e = self._entries.get(uid)
        if e is None or not e.checks:
            return ""
        done, concern, ng = e.counts()
        return f"{done}/{len(CHECK_ITEMS)} ⚠{concern} ✗{ng}"

    # ---- broken files

    def _broken(self, exc: StoreError, data: bytes | None) -> None:
        self.error = exc
        self.read_only = True
        if data is not None:
            self.backup_path = self._backup(data)

    def _backup(self, data: bytes) -> Path | None:
        """Copy a broken file beside it once per distinct content; returns the copy."""
        prefix = self.path.name + ".corrupt-"
        try:
            for p in sorted(self.path.parent.glob(prefix + "*")):
                if p.is_file() and p.stat().st_size == len(data) and p.read_bytes() == data:
                    return p
        except OSError:
            pass
        stamp = _norm_time(self._clock()).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(prefix + stamp)
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{prefix}{stamp}-{n}")
        try:
            atomic_write_bytes(target, data)
        except StoreError:
            return None
        return target

    def _read_only_error(self) -> StoreError:
        err = self.error
        problem = "the shortlist is read-only until the file is fixed"
        if err is not None:
            problem += f" ({err.problem}"
            problem += f"; a copy is at {self.backup_path})" if self.backup_path else ")"
        return StoreError(self.path, problem, err.line if err else None)

    # ---- writing

    def _now(self) -> datetime:
        return _norm_time(self._clock())

    def _mutate(self, uid: str, change: Callable[[Entry, datetime], Entry]) -> Entry | None:
        """Lock, re-read, apply ``change`` to this one entry, write, refresh memory."""
        if not isinstance(uid, str) or not uid.strip():
            raise UsageError(f"bad uid {uid!r}")
        if self.read_only:
            raise self._read_only_error()
        result: list[Entry | None] = [None]

        def transform(old: bytes | None) -> bytes | None:
            if old is not None and old == self._bytes:
                entries = dict(self._entries)  # the file is what we last read or wrote
            else:
                try:
                    entries = parse_document(self.path, old)
                except StoreError as exc:
                    self._broken(exc, old)
                    raise self._read_only_error() from None
            now = self._now()
            before = entries.get(uid) or Entry(uid)
            after = change(before, now)
            self._entries = entries
            if after == before:
                result[0] = entries.get(uid)
                return None
            after = replace(after, updated=now)
            if after.is_empty():
                entries.pop(uid, None)
                result[0] = None
            else:
                entries[uid] = after
                result[0] = after
            return self._chunks.render(entries, self.path)

        written = update_file(self.path, transform)
        self._bytes = written
        self._sig = self._stat_sig()
        return result[0]

    @staticmethod
    def _snap(entry: Entry, gig: Gig | None) -> Entry:
        return replace(entry, snapshot=Snapshot.from_gig(gig)) if gig is not None else entry

    def star(self, uid: str, gig: Gig | None = None) -> Entry | None:
        """Star a gig (and refresh its snapshot from ``gig``)."""
        return self._mutate(uid, lambda e, now: replace(self._snap(e, gig), starred=True))

    def unstar(self, uid: str) -> Entry | None:
        """Unstar a gig; its status, note and checks are kept (an empty entry is dropped)."""
        return self._mutate(uid, lambda e, now: replace(e, starred=False))

    def toggle_star(self, uid: str, gig: Gig | None = None) -> Entry | None:
        """Star when not starred (as last read), unstar otherwise."""
        return self.unstar(uid) if self.is_starred(uid) else self.star(uid, gig)

    def set_status(self, uid: str, status: str, gig: Gig | None = None) -> Entry | None:
        """Set the pipeline status (id or label); a change is appended to the history."""
        sid = parse_status(status)

        def change(e: Entry, now: datetime) -> Entry:
            e = self._snap(e, gig)
            if e.status == sid:
                return e
            return replace(e, status=sid, history=e.history + (HistoryItem(sid, now),))

        return self._mutate(uid, change)

    def set_check(
        self, uid: str, item: str, state: str, note: str | None = None, gig: Gig | None = None
    ) -> Entry | None:
        """Set one checklist item's state (and note; None keeps the old note)."""
        iid, st = parse_item(item), parse_state(state)
        if note is not None and not isinstance(note, str):
            raise UsageError(f"bad note {note!r}")

        def change(e: Entry, now: datetime) -> Entry:
            e = self._snap(e, gig)
            old = e.checks.get(iid)
            new_note = (old.note if old else "") if note is None else note
            if old is not None and old.state == st and old.note == new_note:
                return e
            checks = dict(e.checks)
            checks[iid] = Check(st, new_note, now)
            return replace(e, checks={k: checks[k] for k in CHECK_IDS if k in checks})

        return self._mutate(uid, change)

    def set_note(self, uid: str, text: str, gig: Gig | None = None) -> Entry | None:
        """Replace the gig's free-form note, kept exactly (``\\r\\n`` included)."""
        if not isinstance(text, str):
            raise UsageError(f"bad note {text!r}")
        return self._mutate(uid, lambda e, now: replace(self._snap(e, gig), note=text))

    def remove(self, uid: str) -> bool:
        """Forget a gig entirely; True when there was an entry."""
        existed = [False]

        def change(e: Entry, now: datetime) -> Entry:
            existed[0] = not e.is_empty() or e.snapshot != Snapshot()
            return Entry(uid)

        self._mutate(uid, change)
        return existed[0]

"""The gig cache: what each source last returned, first-seen times, and "new" marks.

SQLite from the standard library, in ``platformdirs.user_cache_path("gigs")``. It is only
a cache: a file that cannot be read is moved aside (``.corrupt``) and started afresh. What
the user wrote (shortlist, manual gigs, presets) never lives here.

The flow (``collect_cached``):
- a network source whose cache is younger than its ``refresh_minutes`` is served from the
  cache; ``--refresh`` / ``R`` forces a fetch; ``--offline`` never fetches;
- a source that fails keeps its previous cache (state ``cached`` with the error);
- every gig keeps its first-seen time across re-fetches; ``is_new`` marks gigs first seen
  after the previous time the app was opened (only the app moves that mark).
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
import time
from array import array
from contextlib import closing, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

try:  # the blake2 module itself: ``import hashlib`` loads OpenSSL too (~4 ms of a start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from . import gigstore, paths
from .collect import (
    FALLBACK_TYPES, SAMPLE_NOTE, Collection, Prepared, SourceState, collect, prepare,
)
from .model import Gig

if TYPE_CHECKING:
    from .config import Config

SCHEMA = """
CREATE TABLE IF NOT EXISTS source_gigs (source TEXT, pos INTEGER, data TEXT, PRIMARY KEY (source, pos));
CREATE TABLE IF NOT EXISTS sources (name TEXT PRIMARY KEY, type TEXT, fetched_at TEXT, count INTEGER,
                                    error TEXT, error_at TEXT, stamp TEXT);
CREATE TABLE IF NOT EXISTS seen (uid TEXT PRIMARY KEY, first_seen TEXT);
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, data TEXT);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS source_blobs (source TEXT PRIMARY KEY, digest TEXT, count INTEGER,
                                         code TEXT, data BLOB);
CREATE TABLE IF NOT EXISTS descriptions (id INTEGER PRIMARY KEY, source TEXT, text BLOB, folded TEXT);
CREATE INDEX IF NOT EXISTS descriptions_by_source ON descriptions (source);
CREATE TABLE IF NOT EXISTS final (key TEXT PRIMARY KEY, data BLOB);
CREATE TABLE IF NOT EXISTS orders (key TEXT PRIMARY KEY, final TEXT, data BLOB);
"""
#: Owner of the descriptions a merged (deduplicated) row needs beyond its sources' own.
FINAL_OWNER = "(merged rows)"
#: Files whose code decides what a normalized, deduplicated, scored gig looks like.
_CODE_FILES = ("normalize", "dedup.py", "fit.py", "gigstore.py", "model.py")


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """What the stored gigs were made by: the version, the blob format, the code's mtimes.

    Stored gigs made by other code are re-read from their (local) source; network
    sources refresh them at their next fetch.
    """
    import tui

    base = Path(__file__).resolve().parent
    latest = 0
    for name in _CODE_FILES:
        path = base / name
        try:
            if path.is_dir():
                with os.scandir(path) as entries:
                    for entry in entries:
                        if entry.name.endswith(".py"):
                            latest = max(latest, entry.stat().st_mtime_ns)
            else:
                latest = max(latest, path.stat().st_mtime_ns)
        except OSError:
            continue
    return f"{tui.__version__}/{gigstore.FORMAT}/{latest}"


@functools.lru_cache(maxsize=1)
def _query_stamp() -> str:
    """The sorting code's mtimes: a saved row order is only as good as the code."""
    base = Path(__file__).resolve().parent / "query"
    latest = []
    for name in ("sort.py", "evaluate.py"):
        try:
            latest.append(str((base / name).stat().st_mtime_ns))
        except OSError:
            latest.append("?")
    return "/".join(latest)


def _ts(dt: datetime | None) -> str | None:
    return dt.astimezone(timezone.utc).isoformat() if dt else None


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """Is this the error of a damaged (or foreign) cache file, not of a busy one?"""
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return True
    text = str(exc).lower()
    return any(
        words in text
        for words in ("malformed", "not a database", "no such table", "no such column")
    )


def _recovering(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a Cache method; if the file turns out damaged, set it aside and run it again."""

    @functools.wraps(method)
    def wrapper(self: "Cache", *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self._set_aside()
            return method(self, *args, **kwargs)

    return wrapper


def _checked(data: bytes | None) -> bytes | None:
    """A stored blob whose checksum holds; a damaged one is a damaged cache file."""
    if data is None:
        return None
    data = bytes(data)
    try:
        gigstore.check(data)
    except gigstore.BlobFormatError:
        return None  # written by another version: as good as absent
    except gigstore.BlobError as exc:
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None
    return data


def _retire_descriptions(db: sqlite3.Connection, owner: str) -> None:
    """Drop the descriptions ``owner`` had two saves ago; keep the last ones a while.

    Gigs on screen (loaded before this save) still read their descriptions by id until
    the new gigs replace them, so the previous set goes only at the next save.
    """
    old = f"{owner} (previous)"  # DescriptionStore.search skips these
    db.execute("DELETE FROM descriptions WHERE source = ?", (old,))
    db.execute("UPDATE descriptions SET source = ? WHERE source = ?", (old, owner))


def _write_blob(db: sqlite3.Connection, table: str, rowid: int, header: bytes, body: bytes) -> None:
    """Fill the ``data`` column (a zeroblob of the right size) of ``rowid`` in ``table``
    with ``header + body``, written in place: no joined copy of a 20 MB blob."""
    with db.blobopen(table, "data", rowid) as blob:
        blob.write(header)
        blob.write(body)


def _store_source(db: sqlite3.Connection, source: str, type_: str, count: int,
                  parts: tuple[bytes, bytes], when: datetime, stamp: str | None) -> None:
    """Store ``source``'s blob (``parts`` = header, body) and its fetch record, inside
    the caller's transaction."""
    header, body = parts
    digest = blake2b(header, digest_size=16)
    digest.update(body)
    db.execute(
        "INSERT INTO source_blobs (source, digest, count, code, data) "
        "VALUES (?, ?, ?, ?, zeroblob(?)) "
        "ON CONFLICT(source) DO UPDATE SET digest=excluded.digest, count=excluded.count, "
        "code=excluded.code, data=excluded.data",
        (source, digest.hexdigest(), count, code_stamp(), len(header) + len(body)),
    )
    rowid = db.execute("SELECT rowid FROM source_blobs WHERE source = ?", (source,)).fetchone()[0]
    _write_blob(db, "source_blobs", rowid, header, body)
    db.execute(
        "INSERT INTO sources (name, type, fetched_at, count, error, error_at, stamp) "
        "VALUES (?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT(name) DO UPDATE SET "
        "type=excluded.type, fetched_at=excluded.fetched_at, count=excluded.count, "
        "error=NULL, error_at=NULL, stamp=excluded.stamp",
        (source, type_, _ts(when), count, stamp),
    )


class _Kept:
    """A connection that stays open when closed (``Cache`` keeps one per thread)."""

    __slots__ = ("_db",)

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def __enter__(self) -> sqlite3.Connection:
        return self._db.__enter__()

    def __exit__(self, *exc: Any) -> Any:
        return self._db.__exit__(*exc)

    def close(self) -> None:
        if self._db.in_transaction:
            self._db.rollback()


class Cache:
    """A small SQLite store. Each method opens its own connection (thread-safe use).

    A damaged file (found when opening it or by any later query) is moved aside as
    ``cache.sqlite3.corrupt`` and a fresh cache is started; ``resets`` counts that.

    Gigs are kept normalized (``tui.gigstore`` blobs, one per source, plus the
    deduplicated result of the last assembly), descriptions in their own table, read
    on demand through ``descriptions``.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.cache_dir() / "cache.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.resets = 0
        #: The key of the stored result the last ``_assemble`` read or wrote.
        self.last_final_key: str | None = None
        self._local = threading.local()
        #: Whether the tables were created (by the first connection: a connection of
        #: its own would cost another open and close of the file at every start).
        self._schema_ready = False
        #: Read through this cache's connections: within ``kept()``, the one kept open.
        self.descriptions = gigstore.DescriptionStore(self.path, connect=self._connect)

    def _set_aside(self) -> None:
        """Move the damaged file (and its WAL, which must not be replayed) aside; start afresh."""
        held = getattr(self._local, "db", None)
        if held is not None:
            held.close()
            self._local.db = None
        self.resets += 1
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        try:
            self.path.replace(self.path.with_name(self.path.name + ".corrupt"))
        except FileNotFoundError:
            pass
        with closing(self._connect()) as db:
            db.executescript(SCHEMA)

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Within this block, calls from this thread share one connection (opening one
        per call costs about a millisecond); it is closed at the end."""
        local = self._local
        local.keep = getattr(local, "keep", 0) + 1
        try:
            yield
        finally:
            local.keep -= 1
            if not local.keep:
                held = getattr(local, "db", None)
                local.db = None
                if held is not None:
                    held.close()

    def _connect(self) -> Any:
        """A connection: this thread's kept one inside ``kept()``, else a new one.

        Callers ``close()`` what they get (a kept connection stays open).
        """
        local = self._local
        keep = getattr(local, "keep", 0)
        held = getattr(local, "db", None)
        if keep and held is not None and local.generation == self.resets:
            return _Kept(held)
        if held is not None:
            held.close()
            local.db = None
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if not self._schema_ready:
                db.executescript(SCHEMA)
                self._schema_ready = True
        except BaseException:
            db.close()
            raise
        if not keep:
            return db
        local.db, local.generation = db, self.resets
        return _Kept(db)

    # -- per-source gigs
    @_recovering
    def blob_info(self, source: str) -> tuple[str, int, str] | None:
        """``(digest, count, code stamp)`` of the gigs stored for ``source``, if usable."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT digest, count, code FROM source_blobs WHERE source = ?", (source,)
            ).fetchone()
        if row is None or (row[2] or "").split("/")[1:2] != [str(gigstore.FORMAT)]:
            return None  # none, or stored in another blob format: as good as absent
        return (row[0], row[1] or 0, row[2] or "")

    @_recovering
    def load_blob(self, source: str) -> bytes | None:
        """The checked blob of ``source``'s gigs (None when there is none)."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT data FROM source_blobs WHERE source = ?", (source,)).fetchone()
        return _checked(row[0]) if row else None

    def load_gigs(self, source: str, money: Any, *, baseline: datetime | None = None) -> list[Gig] | None:
        """The gigs stored for ``source`` (descriptions read on demand), or None."""
        blob = self.load_blob(source)
        if blob is None:
            return None
        gigs, _ = gigstore.decode(blob, self.descriptions, money, baseline=baseline, checked=True)
        return gigs

    @_recovering
    def save_gigs(self, source: str, type_: str, gigs: list[Gig], when: datetime, stamp: str | None = None) -> None:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM source_gigs WHERE source = ?", (source,))  # older format
                _retire_descriptions(db, source)
                refs = gigstore.insert_descriptions(
                    db, source, [g.description for g in gigs])
                writer = gigstore.BlobWriter()
                writer.add(gigs, refs)
                _store_source(db, source, type_, len(gigs), writer.parts(release=True),
                              when, stamp)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def stream_gigs(self, source: str) -> "GigStream":
        """A sink (``tui.collect.GigSink``) saving ``source``'s gigs a batch at a time;
        ``finish`` then stores them as ``save_gigs`` would, ``abort`` forgets them."""
        return GigStream(self, source)

    # -- the assembled (deduplicated, scored) gigs of the last run
    @_recovering
    def load_final(self, key: str) -> bytes | None:
        """The checked blob of the assembled gigs stored under ``key`` (None if none)."""
        with closing(self._connect()) as db:
            # Memory-mapped reads: a 20 MB blob comes two to four times faster. The
            # map is dropped again at once (the file never shrinks under it: no VACUUM).
            db.execute(f"PRAGMA mmap_size={1 << 31}")
            try:
                row = db.execute("SELECT data FROM final WHERE key = ?", (key,)).fetchone()
            finally:
                db.execute("PRAGMA mmap_size=0")
        return _checked(row[0]) if row else None

    @_recovering
    def save_final(self, key: str, gigs: list[Gig]) -> None:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                _retire_descriptions(db, FINAL_OWNER)
                refs = [gigstore.description_ref(g) for g in gigs]
                held = [i for i, r in enumerate(refs) if r.__class__ is str and r]
                ids = gigstore.insert_descriptions(db, FINAL_OWNER, [refs[i] for i in held])
                for i, desc_id in zip(held, ids):
                    refs[i] = desc_id
                writer = gigstore.BlobWriter()
                writer.add(gigs, refs)
                del refs
                header, body = writer.parts(release=True)
                del writer
                db.execute("DELETE FROM final")
                cur = db.execute("INSERT INTO final (key, data) VALUES (?, zeroblob(?))",
                                 (key, len(header) + len(body)))
                _write_blob(db, "final", cur.lastrowid, header, body)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @_recovering
    def record_error(self, source: str, type_: str, error: str, when: datetime) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO sources (name, type, error, error_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET error=excluded.error, error_at=excluded.error_at",
                (source, type_, error, _ts(when)),
            )

    @_recovering
    def source_info(self, source: str) -> dict[str, Any] | None:
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT fetched_at, count, error, error_at, stamp FROM sources WHERE name = ?",
                (source,),
            ).fetchone()
        if row is None:
            return None
        return {
            "fetched_at": _dt(row[0]), "count": row[1] or 0, "error": row[2],
            "error_at": _dt(row[3]), "stamp": row[4],
        }

    # -- first seen
    def first_seen(self, uids: Iterable[str], now: datetime) -> dict[str, datetime]:
        """First-seen time of each uid; uids never seen before get ``now`` (and keep it)."""
        return self._first_seen(list(dict.fromkeys(uids)), now)

    @_recovering
    def _first_seen(self, uids: list[str], now: datetime) -> dict[str, datetime]:
        known: dict[str, datetime] = {}
        with closing(self._connect()) as db, db:
            db.execute("DROP TABLE IF EXISTS temp.want")  # the connection is kept
            db.execute("CREATE TEMP TABLE want (uid TEXT PRIMARY KEY)")
            db.executemany("INSERT OR IGNORE INTO want VALUES (?)", ((u,) for u in uids))
            for uid, ts in db.execute(
                "SELECT seen.uid, seen.first_seen FROM seen JOIN want ON want.uid = seen.uid"
            ):
                known[uid] = datetime.fromisoformat(ts)
            new = [(u, _ts(now)) for u in uids if u not in known]
            db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", new)
        for uid, _ in new:
            known[uid] = now
        return known

    # -- meta
    @_recovering
    def get_meta(self, key: str) -> str | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_recovering
    def set_meta(self, key: str, value: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def previous_open(self) -> datetime | None:
        """The time the app was opened before the current/last opening ("new" baseline)."""
        return _dt(self.get_meta("previous_opened"))

    def last_open(self) -> datetime | None:
        """The last opening marked: the "new" baseline of an opening not marked yet."""
        return _dt(self.get_meta("last_opened"))

    @_recovering
    def mark_opened(self, now: datetime) -> None:
        """Called by the app at start: the last opening becomes the "new" baseline."""
        with closing(self._connect()) as db, db:
            row = db.execute("SELECT value FROM meta WHERE key = 'last_opened'").fetchone()
            upsert = ("INSERT INTO meta VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value=excluded.value")
            if row and row[0]:
                db.execute(upsert, ("previous_opened", row[0]))
            db.execute(upsert, ("last_opened", _ts(now) or ""))

    # -- saved row orders (the view's sort of the last assembled gigs)
    @_recovering
    def load_order(self, key: str, count: int, rows: Sequence[int] | None = None,
                   ) -> list[int] | None:
        """The row order saved under ``key`` (see ``order_key``) for ``count`` gigs.

        With ``rows`` (``0..count-1``), the numbers are taken from it: lists of
        100,000 rows then share their int objects instead of holding new ones.
        """
        with closing(self._connect()) as db:
            row = db.execute("SELECT data FROM orders WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] is None:
            return None
        order = array("I")
        try:
            order.frombytes(bytes(row[0]))
        except ValueError:
            return None
        if len(order) != count or (count and max(order) >= count):
            return None
        return order.tolist() if rows is None else list(map(rows.__getitem__, order))

    @_recovering
    def save_order(self, key: str, order: Sequence[int]) -> None:
        """Keep ``order`` under ``key``; orders of other assembled gigs are dropped."""
        final = key.split(":", 1)[0]
        data = array("I", order).tobytes()
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM orders WHERE final != ?", (final,))
            db.execute(
                "INSERT INTO orders (key, final, data) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET final=excluded.final, data=excluded.data",
                (key, final, data),
            )

    def order_key(self, spec: str, money: Any) -> str | None:
        """Where the order of the gigs last assembled, sorted by ``spec``, is saved
        (None when those gigs were not read from a stored result)."""
        final = self.last_final_key
        if not final:
            return None
        text = json.dumps([spec, repr(money), _query_stamp()])
        return f"{final}:{blake2b(text.encode('utf-8'), digest_size=12).hexdigest()}"

    # -- conditional-request validators (ETag / Last-Modified and the body)
    @_recovering
    def load_validators(self) -> dict[str, dict]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT url, data FROM validators").fetchall()
        out = {}
        for url, data in rows:
            try:
                out[url] = json.loads(data)
            except ValueError:
                pass
        return out

    @_recovering
    def save_validators(self, validators: dict[str, dict]) -> None:
        """Store ``validators`` as the whole set: a URL missing from it (the server
        stopped sending ETag/Last-Modified) is forgotten, so it is never revalidated."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM validators")
            db.executemany(
                "INSERT INTO validators VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET data=excluded.data",
                ((u, json.dumps(d, ensure_ascii=False)) for u, d in validators.items()),
            )


class GigStream:
    """``Cache.save_gigs`` a batch at a time, for gigs that are never all in memory.

    Each batch's descriptions are written at once, in a short transaction of their own,
    under the source's name (with ids above all its current ones: the gigs on screen
    never refer to them), and its other fields are appended to a
    ``gigstore.BlobWriter``; the batch's gigs can then go. The stored gigs do not change
    until ``finish``, which in one transaction retires the descriptions the source had
    before this stream and stores the blob: the same stored gigs as ``save_gigs`` of all
    of them. ``abort`` (or a part dropped with ``drop_part``) deletes what was staged.
    Used from one thread at a time.

    A cache file found damaged midway is set aside (``Cache.resets`` moves on and the
    caller starts over); the stream then stores nothing.
    """

    def __init__(self, cache: Cache, source: str) -> None:
        self.cache = cache
        self.source = source
        self.writer = gigstore.BlobWriter()
        #: Ids from here on were written by this stream (None: nothing written yet).
        self._first_id: int | None = None
        #: Rows of the parts kept so far; the first id of the current part.
        self._kept_rows = 0
        self._part_first_id: int | None = None
        self.broken = False

    def _write(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``work(db)`` in a transaction; a damaged file is set aside (then None)."""
        if self.broken:
            return None
        try:
            with closing(self.cache._connect()) as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    got = work(db)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            return got
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self.broken = True
            self.cache._set_aside()
            return None

    def add(self, gigs: list[Gig]) -> None:
        """Stage ``gigs``: descriptions to the cache, the rest to the blob's columns."""
        def stage(db: sqlite3.Connection) -> tuple[int, list[Any]]:
            first = int(db.execute("SELECT coalesce(max(id), 0) FROM descriptions").fetchone()[0]) + 1
            return first, gigstore.insert_descriptions(
                db, self.source, [g.description for g in gigs])

        got = self._write(stage)
        if got is None:
            return
        first, refs = got
        if self._first_id is None:
            self._first_id = first
        if self._part_first_id is None:
            self._part_first_id = first
        self.writer.add(gigs, refs)

    def keep_part(self) -> None:
        """Keep the gigs added since the last part."""
        self._kept_rows = len(self.writer)
        self._part_first_id = None

    def drop_part(self) -> None:
        """Forget the gigs added since the last part (their staged descriptions too)."""
        self._forget(self._part_first_id)
        self.writer.truncate(self._kept_rows)
        self._part_first_id = None

    def abort(self) -> None:
        """Forget everything staged; the source's stored gigs stay as they were."""
        self._forget(self._first_id)
        self.writer = gigstore.BlobWriter()
        self._kept_rows = 0
        self._first_id = self._part_first_id = None

    def _forget(self, first: int | None) -> None:
        if first is not None:
            self._write(lambda db: db.execute(
                "DELETE FROM descriptions WHERE source = ? AND id >= ?", (self.source, first)))

    def finish(self, type_: str, when: datetime, stamp: str | None = None) -> int:
        """Store the kept gigs as ``source``'s (as ``save_gigs`` does); returns how many."""
        self.writer.truncate(self._kept_rows)
        count = len(self.writer)
        parts = self.writer.parts(release=True)  # the columns go now
        source, first = self.source, self._first_id

        def store(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM source_gigs WHERE source = ?", (source,))  # older format
            previous = f"{source} (previous)"
            db.execute("DELETE FROM descriptions WHERE source = ?", (previous,))
            db.execute("UPDATE descriptions SET source = ? WHERE source = ? AND id < ?",
                       (previous, source, first if first is not None else 1 << 62))
            _store_source(db, source, type_, count, parts, when, stamp)

        self._write(store)
        del parts
        _release_memory()
        return count


def _release_memory() -> None:
    """Hand freed heap memory back to the system (glibc keeps it otherwise): after a big
    source is streamed to the cache, the memory its batches used is not needed again."""
    trim = _malloc_trim()
    if trim is not None:
        try:
            trim(0)
        except Exception:  # noqa: BLE001 - only an optimization
            pass


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None (another C library, another system)."""
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _stamp(p: Prepared) -> str | None:
    """A change stamp for local sources (file mtimes), so unchanged files load from cache."""
    source = p.source
    files = getattr(source, "files", None)
    if not callable(files):
        return None
    try:
        parts = []
        for path in files():
            try:
                st = path.stat()
            except FileNotFoundError:  # absent is a state too: its appearing is a change
                parts.append(f"{path}:absent")
                continue
            parts.append(f"{path}:{st.st_mtime_ns}:{st.st_size}")
        return "|".join(parts) or "(no files)"
    except OSError:
        return None


def _decide(
    p: Prepared, cache: Cache, *, offline: bool, refresh: bool, only: set[str] | None,
    now: datetime, cache_only: bool,
) -> tuple[str, dict[str, Any] | None, str | None]:
    """What to do with one source: ``"cache"``, ``"fetch"``, ``"offline"`` or ``"skip"``.

    Also returns the source's cache info and its local change stamp.
    """
    assert p.source is not None
    name = p.spec.name
    wanted = only is None or name in only
    info = cache.source_info(name)
    stamp = _stamp(p)
    blob = cache.blob_info(name)
    cached = bool(info and info["fetched_at"] and blob)
    if p.spec.type in FALLBACK_TYPES:
        if cached and info["stamp"] == _sample_stamp() and blob[2] == code_stamp():
            return "cache", info, stamp
        return ("fetch" if wanted else "skip"), info, stamp
    fresh = False
    if cached:
        if blob[2] != code_stamp():
            fresh = False  # made by other code: read it again when we can
        elif p.source.network:
            fresh = now - info["fetched_at"] < timedelta(minutes=p.source.refresh_minutes)
        else:
            fresh = stamp is not None and stamp == info["stamp"]
    forced = refresh and wanted
    if cached and (cache_only or (offline and p.source.network) or (fresh and not forced)
                   or not wanted):
        return "cache", info, stamp
    if cache_only or (offline and p.source.network):
        return "offline", info, stamp
    return ("fetch" if wanted else "skip"), info, stamp


@functools.lru_cache(maxsize=1)
def _sample_stamp() -> str:
    """The embedded sample's identity (its data file) and the code that normalized it."""
    try:
        from importlib.resources import files

        data = files("tui.sources") / "data" / "sample_gigs.toml"
        st = os.stat(str(data))
        return f"sample:{st.st_mtime_ns}:{st.st_size}:{code_stamp()}"
    except (OSError, TypeError, ModuleNotFoundError):
        return f"sample:?:{code_stamp()}"


def needs_fetch(
    config: "Config",
    prepared: list[Prepared],
    *,
    offline: bool = False,
    refresh: bool = False,
    only: set[str] | None = None,
    now: datetime | None = None,
    cache: Cache | None = None,
    cache_only: bool = False,
) -> bool:
    """Would ``collect_cached`` with these arguments fetch any source?

    When it would not, its result is what the cache holds already (the app then skips
    its second, refreshing pass).
    """
    now = now or datetime.now(timezone.utc)
    cache = cache or Cache()
    for p in prepared:
        if p.source is None:
            continue
        action, _, _ = _decide(p, cache, offline=offline, refresh=refresh, only=only,
                               now=now, cache_only=cache_only)
        if action == "fetch":
            return True
    return False


def _rebase_sample(gigs: list[Gig]) -> None:
    """Move stored sample gigs' posted times as the sample source would move them now.

    The sample rebases its times so the newest is ``NEWEST_AGE`` old (to the second):
    a stored copy is shifted by the whole seconds elapsed since it was made.
    """
    from .sources.sample import NEWEST_AGE

    stamps = gigstore.timestamps(gigs, "posted_at")
    known = [t for t in stamps if t is not None]
    if not known:
        return
    made = max(known) + NEWEST_AGE.total_seconds()
    shift = float(int(time.time()) - int(made))
    if shift:
        gigstore.set_timestamps(gigs, "posted_at", [None if t is None else t + shift for t in stamps])


def _final_key(members: list[tuple[str, str]], config: "Config") -> str:
    text = json.dumps([code_stamp(), members, repr(config.profile)], ensure_ascii=False)
    return blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def cached_total(cache: Cache, prepared: list[Prepared]) -> int:
    """How many gigs the cache holds for these sources (0 when it holds none)."""
    total = 0
    for p in prepared:
        if p.source is None:
            continue
        blob = cache.blob_info(p.spec.name)
        if blob is not None:
            total += blob[1] or 0
    return total


def load_cached_now(
    config: "Config",
    prepared: list[Prepared],
    *,
    cache: Cache,
    now: datetime,
    on_state: Callable[[SourceState], None] | None = None,
    limit: int = 2_000,
) -> Collection | None:
    """The cache-only first pass of ``collect_cached``, done here and now (no event
    loop, no thread), when the cache holds at most ``limit`` gigs; None when it holds
    more or none (then load them off the UI thread).

    A small cache (the embedded sample, a few boards) reads in a few milliseconds: the
    app shows it in its very first paint instead of painting an empty table first.

    Nothing is written: the gigs are marked new against the last opening, as if this
    one were marked, and the caller marks it (``mark_opened``) after the first paint. A
    write before it would cost a commit and, when the connection closes, a checkpoint
    with its syncs to disk.
    """
    if not 0 < cached_total(cache, prepared) <= limit:
        return None
    # Even cache-only, the embedded sample re-reads itself after a code change.
    if needs_fetch(config, prepared, offline=True, now=now, cache=cache, cache_only=True):
        return None
    pending = collect_cached(config, offline=True, prepared=prepared, on_state=on_state,
                             now=now, cache=cache, cache_only=True, unmarked=True)
    # A cache-only pass fetches nothing, so the coroutine never suspends: one step runs
    # it to the end.
    try:
        pending.send(None)
    except StopIteration as done:
        return done.value
    pending.close()
    raise RuntimeError("a cache-only collection waited for something")


async def collect_cached(
    config: "Config",
    *,
    offline: bool = False,
    refresh: bool = False,
    only: set[str] | None = None,
    prepared: list[Prepared] | None = None,
    on_state: Callable[[SourceState], None] | None = None,
    now: datetime | None = None,
    cache: Cache | None = None,
    cache_only: bool = False,
    lazy: bool = False,
    stream_batch: int | None = None,
    unmarked: bool = False,
) -> Collection:
    """Serve each source from the cache when fresh, fetch the rest, dedupe, mark new.

    Gigs first seen after the previous opening are new; ``unmarked``: this opening is
    not marked yet (``mark_opened``), so the last opening is the baseline.

    Fetched gigs are stored at once; the gigs returned are read back from the cache
    (descriptions on demand). The deduplicated, scored result is stored too and reused
    as long as no source changed; ``lazy=True`` reads it back as lazy gigs (see
    ``tui.gigstore.decode``): made at once, each filled on first use.

    A big local source (a file source's lazy records) is normalized and stored
    ``stream_batch`` gigs at a time (see ``GigStream``): its gigs are never all in
    memory before they are read back (``stream_batch=0``: all at once, as a list;
    None: ``tui.collect.STREAM_BATCH``).
    """
    if stream_batch is None:
        from . import collect as collect_module

        stream_batch = collect_module.STREAM_BATCH
    now = now or datetime.now(timezone.utc)
    cache = cache or Cache()
    prepared = prepared if prepared is not None else prepare(config)
    args = dict(offline=offline, refresh=refresh, only=only, prepared=prepared,
                on_state=on_state, now=now, cache=cache, cache_only=cache_only, lazy=lazy,
                stream_batch=stream_batch, unmarked=unmarked)
    resets = cache.resets
    with cache.kept():
        got = await _collect_cached(config, **args)
        if cache.resets != resets:  # the file was damaged and set aside midway: start afresh
            got = await _collect_cached(config, **args)
    return got


async def _collect_cached(
    config: "Config", *, offline: bool, refresh: bool, only: set[str] | None,
    prepared: list[Prepared], on_state: Callable[[SourceState], None] | None,
    now: datetime, cache: Cache, cache_only: bool, lazy: bool = False,
    stream_batch: int = 0, unmarked: bool = False,
) -> Collection:
    notify = on_state or (lambda s: None)
    baseline = cache.last_open() if unmarked else cache.previous_open()
    #: name -> number of gigs the source contributes (from the cache or a fetch)
    counts: dict[str, int] = {}
    to_fetch: list[Prepared] = []
    #: Local files' stamps taken before reading them (a change while reading is seen next time).
    stamps: dict[str, str | None] = {}
    for p in prepared:
        if p.source is None:
            continue
        action, info, stamp = _decide(p, cache, offline=offline, refresh=refresh, only=only,
                                      now=now, cache_only=cache_only)
        if action == "cache":
            assert info is not None
            counts[p.spec.name] = info["count"]
            if p.spec.type not in FALLBACK_TYPES:
                p.state.status = "cached" if info["error"] else "ok"
                p.state.error = info["error"]
                p.state.count = info["count"]
                p.state.fetched_at = info["fetched_at"]
                notify(p.state)
        elif action == "offline":
            p.state.status = "offline" if p.source.network else "pending"
            notify(p.state)
        elif action == "fetch":
            stamps[p.spec.name] = stamp
            to_fetch.append(p)
    if to_fetch:
        validators = cache.load_validators()
        streams: dict[str, GigStream] = {}

        def sink(p: Prepared) -> GigStream | None:
            """A lazy (big local) source's gigs go to the cache a batch at a time."""
            if p.spec.type in FALLBACK_TYPES:
                return None
            streams[p.spec.name] = cache.stream_gigs(p.spec.name)
            return streams[p.spec.name]

        fetched = await collect(
            config, offline=offline, only={p.spec.name for p in to_fetch},
            on_state=notify, now=now, prepared=prepared, validators=validators,
            keep_fallback=True, sinks=sink if stream_batch > 0 else None,
            batch=max(1, stream_batch),
        )
        cache.save_validators(validators)
        for p in to_fetch:
            state = p.state
            name = p.spec.name
            stream = streams.pop(name, None)
            if state.status == "ok" and stream is not None and name in fetched.streamed:
                counts[name] = stream.finish(p.spec.type, now, stamps.get(name))
            elif state.status == "ok":
                gigs = fetched.per_source.get(name, [])
                sample = p.spec.type in FALLBACK_TYPES
                cache.save_gigs(name, p.spec.type, gigs, now,
                                _sample_stamp() if sample else stamps.get(name))
                counts[name] = len(gigs)
                del gigs
            if stream is not None and not (state.status == "ok" and name in fetched.streamed):
                stream.abort()
            if state.status == "error":
                cache.record_error(name, p.spec.type, state.error or "failed", now)
                info = cache.source_info(name)
                blob = cache.blob_info(name)
                if info and info["fetched_at"] and blob:
                    counts[name] = info["count"]
                    state.status = "cached"
                    state.count = info["count"]
                    state.fetched_at = info["fetched_at"]
                    notify(state)
        del fetched
    # Assemble in config order; the sample shows only when nothing else produced gigs.
    members = [p for p in prepared
               if counts.get(p.spec.name) and p.spec.type not in FALLBACK_TYPES]
    fallback = [p for p in prepared
                if counts.get(p.spec.name) and p.spec.type in FALLBACK_TYPES]
    notes: list[str] = []
    for p in fallback:
        if members:
            p.state.status = "standby"
        else:
            p.state.status = "ok"
            p.state.count = counts[p.spec.name]
            notes.append(SAMPLE_NOTE)
        notify(p.state)
    if members:
        gigs = _assemble(cache, config, members, now, baseline, lazy=lazy)
    elif fallback:
        gigs = _assemble(cache, config, fallback, now, baseline)
        # Every posted time moves by the same seconds: orders saved for the stored
        # result (``order_key``) still hold.
        _rebase_sample(gigs)
    else:
        gigs = []
    return Collection(gigs, [p.state for p in prepared], 0, notes, {})


def _mark_seen(cache: Cache, gigs: list[Gig], now: datetime, baseline: datetime | None) -> None:
    """First-seen times from the cache (new uids get ``now``) and the "new" marks."""
    seen = cache.first_seen((g.uid for g in gigs), now)
    for gig in gigs:
        gig.first_seen = seen.get(gig.uid, now)
        gig.is_new = bool(baseline and gig.first_seen > baseline)


def _assemble(cache: Cache, config: "Config", members: list[Prepared], now: datetime,
              baseline: datetime | None, lazy: bool = False) -> list[Gig]:
    """The deduplicated, scored gigs of ``members``: the stored result when nothing
    changed since it was made, else built from each source's stored gigs (and stored)."""
    digests = []
    for p in members:
        blob = cache.blob_info(p.spec.name)
        digests.append((p.spec.name, blob[0] if blob else ""))
    key = _final_key(digests, config)
    cache.last_final_key = None
    data = cache.load_final(key)
    import gc

    if data is not None:
        collecting = gc.isenabled()
        gc.disable()  # 100,000 gigs: no cycles among them, no collections while building
        try:
            gigs, _ = gigstore.decode(data, cache.descriptions, config.money, baseline=baseline,
                                      checked=True, lazy=lazy)
            cache.last_final_key = key
            return gigs
        except gigstore.BlobError:
            pass
        finally:
            del data
            if collecting:
                gc.enable()
    from .dedup import dedupe

    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, no cycles among them
    try:
        gigs: list[Gig] = []
        complete = True
        for p in members:
            got = cache.load_gigs(p.spec.name, config.money)
            complete = complete and got is not None
            gigs.extend(got or [])
        _mark_seen(cache, gigs, now, baseline)
        # Only gigs of different sources ever merge: one source's gigs are their own
        # deduplicated list (and dedupe's work on 100,000 titles is skipped).
        if len(set(gigstore.field_values(gigs, "source"))) > 1:
            gigs = dedupe(gigs)
        if config.profile is not None:
            from .fit import apply_fit

            apply_fit(gigs, config.profile, config.money)
        else:
            for gig in gigs:
                gig.fit, gig.fit_reasons = None, []
        if complete:
            cache.save_final(key, gigs)
            cache.last_final_key = key
    finally:
        if collecting:
            gc.enable()
    return gigs


def known_states(config: "Config", prepared: list[Prepared]) -> list[SourceState]:
    """Source states from the cache, without fetching (for ``gigs sources``)."""
    cache = Cache()
    now = datetime.now(timezone.utc)
    for p in prepared:
        if p.source is None:
            continue
        info = cache.source_info(p.spec.name)
        if p.spec.type in FALLBACK_TYPES:
            p.state.status = "ok"
            continue
        if not info or not info["fetched_at"]:
            p.state.status = "error" if info and info["error"] else "never fetched"
            p.state.error = info["error"] if info else None
            continue
        p.state.fetched_at = info["fetched_at"]
        p.state.count = info["count"]
        p.state.error = info["error"]
        p.state.status = "cached" if info["error"] else "ok"
        age = now - info["fetched_at"]
        if p.source.network and age > timedelta(minutes=p.source.refresh_minutes):
            p.state.status = "stale" if not info["error"] else "cached"
    return [p.state for p in prepared]

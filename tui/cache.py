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
import hashlib
import json
import os
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import gigstore, paths
from .collect import FALLBACK_TYPES, Collection, Prepared, SourceState, collect, prepare
from .model import Gig

if TYPE_CHECKING:
    from .config import Config

SCHEMA = """
DROP TABLE IF EXISTS source_gigs;
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
"""
#: Owner of the descriptions a merged (deduplicated) row needs beyond its sources' own.
FINAL_OWNER = "\x00final"
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
        gigstore.blob_extra(data)
    except gigstore.BlobFormatError:
        return None  # written by another version: as good as absent
    except gigstore.BlobError as exc:
        raise sqlite3.DatabaseError(f"database disk image is malformed ({exc})") from None
    return data


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
        self._create()
        self.descriptions = gigstore.DescriptionStore(self.path)

    @_recovering
    def _create(self) -> None:
        with closing(self._connect()) as db:
            db.executescript(SCHEMA)

    def _set_aside(self) -> None:
        """Move the damaged file (and its WAL, which must not be replayed) aside; start afresh."""
        self.resets += 1
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        try:
            self.path.replace(self.path.with_name(self.path.name + ".corrupt"))
        except FileNotFoundError:
            pass
        with closing(self._connect()) as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            db.close()
            raise
        return db

    # -- per-source gigs
    @_recovering
    def blob_info(self, source: str) -> tuple[str, int, str] | None:
        """``(digest, count, code stamp)`` of the gigs stored for ``source``, if any."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT digest, count, code FROM source_blobs WHERE source = ?", (source,)
            ).fetchone()
        return (row[0], row[1] or 0, row[2] or "") if row else None

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
        gigs, _ = gigstore.decode(blob, self.descriptions, money, baseline=baseline)
        return gigs

    @_recovering
    def save_gigs(self, source: str, type_: str, gigs: list[Gig], when: datetime, stamp: str | None = None) -> None:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM descriptions WHERE source = ?", (source,))
                refs = gigstore.insert_descriptions(
                    db, source, [g.description for g in gigs])
                blob = gigstore.encode(gigs, refs)
                digest = hashlib.blake2b(blob, digest_size=16).hexdigest()
                db.execute(
                    "INSERT INTO source_blobs (source, digest, count, code, data) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(source) DO UPDATE SET digest=excluded.digest, count=excluded.count, "
                    "code=excluded.code, data=excluded.data",
                    (source, digest, len(gigs), code_stamp(), blob),
                )
                db.execute(
                    "INSERT INTO sources (name, type, fetched_at, count, error, error_at, stamp) "
                    "VALUES (?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT(name) DO UPDATE SET "
                    "type=excluded.type, fetched_at=excluded.fetched_at, count=excluded.count, "
                    "error=NULL, error_at=NULL, stamp=excluded.stamp",
                    (source, type_, _ts(when), len(gigs), stamp),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    # -- the assembled (deduplicated, scored) gigs of the last run
    @_recovering
    def load_final(self, key: str) -> bytes | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT data FROM final WHERE key = ?", (key,)).fetchone()
        return _checked(row[0]) if row else None

    @_recovering
    def save_final(self, key: str, gigs: list[Gig]) -> None:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM descriptions WHERE source = ?", (FINAL_OWNER,))
                refs = [gigstore.description_ref(g) for g in gigs]
                held = [i for i, r in enumerate(refs) if r.__class__ is str and r]
                ids = gigstore.insert_descriptions(db, FINAL_OWNER, [refs[i] for i in held])
                for i, desc_id in zip(held, ids):
                    refs[i] = desc_id
                db.execute("DELETE FROM final")
                db.execute("INSERT INTO final (key, data) VALUES (?, ?)",
                           (key, gigstore.encode(gigs, refs)))
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

    def mark_opened(self, now: datetime) -> None:
        """Called by the app at start: the last opening becomes the "new" baseline."""
        last = self.get_meta("last_opened")
        if last:
            self.set_meta("previous_opened", last)
        self.set_meta("last_opened", _ts(now) or "")

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


def _stamp(p: Prepared) -> str | None:
    """A change stamp for local sources (file mtimes), so unchanged files load from cache."""
    source = p.source
    files = getattr(source, "files", None)
    if not callable(files):
        return None
    try:
        parts = []
        for path in files():
            st = path.stat()
            parts.append(f"{path}:{st.st_mtime_ns}:{st.st_size}")
        return "|".join(parts) or None
    except OSError:
        return None


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
) -> Collection:
    """Serve each source from the cache when fresh, fetch the rest, dedupe, mark new."""
    from .dedup import dedupe

    now = now or datetime.now(timezone.utc)
    cache = cache or Cache()
    prepared = prepared if prepared is not None else prepare(config)
    notify = on_state or (lambda s: None)
    per_source: dict[str, list[Gig]] = {}
    to_fetch: list[Prepared] = []
    #: Local files' stamps taken before reading them (a change while reading is seen next time).
    stamps: dict[str, str | None] = {}
    for p in prepared:
        if p.source is None:
            continue
        info = cache.source_info(p.spec.name)
        cached = bool(info and info["fetched_at"])
        stamp = _stamp(p)
        if p.spec.type == "sample":
            wanted = not cache_only or True
            if wanted and (only is None or p.spec.name in only):
                to_fetch.append(p)
            continue
        fresh = False
        if cached:
            age = now - info["fetched_at"]
            if p.source.network:
                fresh = age < timedelta(minutes=p.source.refresh_minutes)
            else:
                fresh = stamp is not None and stamp == info["stamp"]
        forced = refresh and (only is None or p.spec.name in only)
        use_cache = cached and (
            cache_only or (offline and p.source.network) or (fresh and not forced)
            or (only is not None and p.spec.name not in only)
        )
        if use_cache:
            resets = cache.resets
            records = cache.load_records(p.spec.name)
            if cache.resets != resets:  # the file was damaged and set aside: nothing cached
                use_cache = False
        if use_cache:
            gigs, _ = normalize_records(records, p.spec.name, config, now)
            per_source[p.spec.name] = gigs
            p.state.status = "cached" if info["error"] else "ok"
            p.state.error = info["error"]
            p.state.count = len(gigs)
            p.state.fetched_at = info["fetched_at"]
            notify(p.state)
        elif cache_only or (offline and p.source.network):
            p.state.status = "offline" if p.source.network else "pending"
            notify(p.state)
        elif only is None or p.spec.name in only:
            stamps[p.spec.name] = stamp
            to_fetch.append(p)
    if to_fetch:
        validators = cache.load_validators()
        fetched = await collect(
            config, offline=offline, only={p.spec.name for p in to_fetch},
            on_state=notify, now=now, prepared=prepared, validators=validators,
            keep_fallback=True,
        )
        cache.save_validators(validators)
        by_name = {}
        for gig in fetched.gigs:
            by_name.setdefault(gig.source, []).append(gig)
        for p in to_fetch:
            state = p.state
            if state.status == "ok":
                gigs = fetched.per_source.get(p.spec.name, [])
                per_source[p.spec.name] = gigs
                if p.spec.type not in FALLBACK_TYPES:
                    cache.save_gigs(p.spec.name, p.spec.type, gigs, now, stamps.get(p.spec.name))
            elif state.status == "error":
                cache.record_error(p.spec.name, p.spec.type, state.error or "failed", now)
                info = cache.source_info(p.spec.name)
                if info and info["fetched_at"]:
                    gigs, _ = normalize_records(
                        cache.load_records(p.spec.name), p.spec.name, config, now
                    )
                    per_source[p.spec.name] = gigs
                    state.status = "cached"
                    state.count = len(gigs)
                    state.fetched_at = info["fetched_at"]
                    notify(state)
    # Assemble in config order; the sample shows only when nothing else produced gigs.
    others = any(
        per_source.get(p.spec.name) for p in prepared if p.spec.type not in FALLBACK_TYPES
    )
    gigs: list[Gig] = []
    notes: list[str] = []
    for p in prepared:
        got = per_source.get(p.spec.name)
        if not got:
            continue
        if p.spec.type in FALLBACK_TYPES:
            if others:
                p.state.status = "standby"
                notify(p.state)
                continue
            notes.append("showing the embedded sample data: no other source has produced gigs")
        gigs.extend(got)
    seen = cache.first_seen((g.uid for g in gigs), now)
    baseline = cache.previous_open()
    for gig in gigs:
        gig.first_seen = seen.get(gig.uid, now)
        gig.is_new = bool(baseline and gig.first_seen > baseline)
    gigs = dedupe(gigs)
    from .fit import apply_fit; apply_fit(gigs, config.profile, config.money)  # noqa: E702
    return Collection(gigs, [p.state for p in prepared], 0, notes, per_source)


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

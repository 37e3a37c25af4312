"""Normalized gigs in a compact, fast-loading form: the cache's on-disk layout.

A list of gigs is stored as one ``marshal`` blob of *columns* (one list per field, plain
tuples, strings, numbers), never re-normalized when read back: 100,000 gigs load in a
few tenths of a second. Equal values (clients, skill tuples, rates, days...) are stored
once and shared again after loading, which keeps memory low.

Descriptions are the bulk of a gig (~1,500 characters each) and are not in the blob: they
live in the cache's SQLite ``descriptions`` table (raw text compressed, plus a folded copy
for searching) and are read on demand, by id. A gig loaded from the blob is a
``StoredGig``: a ``Gig`` whose ``description`` is fetched when first asked for (the detail
pane, the checklist hints, ``to_json``) and never kept in memory by the gig itself.
Searching descriptions is done by SQLite (``DescriptionStore.search``), off the UI thread.

Loading 100,000 gigs for the first paint, the app asks for *lazy* gigs
(``decode(lazy=True)``): each is made at once holding only its ``uid`` and ``posted_at``
and fills its other fields from the blob's columns the first time one is used (the rows
on screen); ``materialize`` then fills the rest in bulk, off the UI thread. A filled gig
is exactly what an eager decode gives; code reading slots directly (the helpers below)
fills first.

Gigs loaded from the blob share immutable empty containers: ``sources`` and
``fit_reasons`` are ``()`` when empty and ``extra`` is a read-only empty mapping. Code
must replace those fields, never mutate them (nothing in gigs does).

Plain Python (no Textual).
"""

from __future__ import annotations

import dataclasses
import marshal
import sqlite3
import struct
import threading
import zlib
from collections import OrderedDict
from datetime import datetime, timezone
from itertools import compress, filterfalse, repeat
from operator import attrgetter, is_
from types import MappingProxyType
from typing import Any, Callable, Iterable, Sequence

from .model import Gig, Payment, Rate, Settlement, SourceRef, Span
from .money import Money, monthly_jpy

#: Bump when the blob layout (or what a column means) changes: old blobs are ignored.
FORMAT = 4
EMPTY_EXTRA: Any = MappingProxyType({})
_UTC = timezone.utc
# The slots of the dataclass (member descriptors): read without the properties below.
_DESCRIPTION = Gig.description
_POSTED = Gig.posted_at
_SEEN = Gig.first_seen
_SOURCES = Gig.sources
_SOURCE_ID = Gig.source_id
#: In a blob: "the gig itself" (``sources`` = [its own SourceRef], ``source_id`` = the
#: part of ``uid`` after ``source:``).
SELF = "="


class _Self:
    """In a slot: the value is derived from the gig's own fields when asked for."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<derived>"


_SELF: Any = _Self()


def fold_text(text: str) -> str:
    """Text as the filter language matches it: NFKC, casefolded, whitespace squeezed.

    The same folding ``tui.query.evaluate`` applies to every searched field.
    """
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.lower().split())
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# --------------------------------------------------------------------------- descriptions


class DescriptionStore:
    """Descriptions kept in the cache's SQLite file, read and searched on demand.

    Thread-safe: each call opens its own read connection (``connect``: where it gets
    one; the cache hands over the connection its thread keeps open, if any). Never
    raises: a cache that cannot be read gives empty descriptions and no matches.
    """

    CACHE_SIZE = 64

    def __init__(self, path: Any, connect: Callable[[], Any] | None = None) -> None:
        self.path = path
        self._recent: OrderedDict[int, str] = OrderedDict()
        self._lock = threading.Lock()
        if connect is not None:
            self._connect = connect  # type: ignore[method-assign]

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def get(self, desc_id: int) -> str:
        """The description with this id ("" when it is gone)."""
        with self._lock:
            text = self._recent.get(desc_id)
            if text is not None:
                self._recent.move_to_end(desc_id)
                return text
        try:
            db = self._connect()
            try:
                row = db.execute("SELECT text FROM descriptions WHERE id = ?", (desc_id,)).fetchone()
            finally:
                db.close()
            text = zlib.decompress(row[0]).decode("utf-8") if row else ""
        except (sqlite3.Error, zlib.error, UnicodeDecodeError, TypeError):
            return ""
        with self._lock:
            self._recent[desc_id] = text
            while len(self._recent) > self.CACHE_SIZE:
                self._recent.popitem(last=False)
        return text

    def search(self, word: str, verify: Callable[[str], object] | None = None) -> set[int]:
        """Ids of the descriptions whose folded text holds ``word`` (already folded).

        ``verify(folded_text)`` narrows the matches further (whole-word rules).
        """
        if not word:
            return set()
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        try:
            db = self._connect()
            try:
                if verify is None:
                    rows = db.execute(
                        "SELECT id FROM descriptions WHERE substr(source, -11) != ' (previous)' "
                        "AND folded LIKE ? ESCAPE '\\'", (pattern,)
                    ).fetchall()
                    return {r[0] for r in rows}
                found = set()
                for desc_id, folded in db.execute(
                    "SELECT id, folded FROM descriptions WHERE substr(source, -11) != ' (previous)' "
                    "AND folded LIKE ? ESCAPE '\\'", (pattern,)
                ):
                    if verify(folded):
                        found.add(desc_id)
                return found
            finally:
                db.close()
        except sqlite3.Error:
            return set()


def insert_descriptions(db: sqlite3.Connection, owner: str, texts: Sequence[str]) -> list[Any]:
    """Store ``texts`` under ``owner`` (a source name) inside the caller's transaction.

    Returns, per text, its id (an int), or ``""`` for an empty text.
    """
    row = db.execute("SELECT coalesce(max(id), 0) FROM descriptions").fetchone()
    next_id = int(row[0]) + 1
    ids: list[Any] = []
    rows = []
    for text in texts:
        if not text:
            ids.append("")
            continue
        ids.append(next_id)
        rows.append((next_id, owner, zlib.compress(text.encode("utf-8"), 1), fold_text(text)))
        next_id += 1
    db.executemany("INSERT INTO descriptions (id, source, text, folded) VALUES (?, ?, ?, ?)", rows)
    return ids


class StoredGig(Gig):
    """A ``Gig`` read from the cache: its description is fetched when first asked for.

    ``posted_at`` and ``first_seen`` are kept as timestamps and given as datetimes.
    """

    __slots__ = ()
    #: Set on the subclass made for each store (see ``stored_class``).
    _store: DescriptionStore | None = None

    @property  # type: ignore[override]
    def description(self) -> str:
        value = _DESCRIPTION.__get__(self, Gig)
        if value.__class__ is int:
            store = self._store
            return store.get(value) if store is not None else ""
        return value

    @description.setter
    def description(self, value: Any) -> None:
        _DESCRIPTION.__set__(self, value)

    @property  # type: ignore[override]
    def sources(self) -> list[SourceRef]:
        value = _SOURCES.__get__(self, Gig)
        if value is _SELF:
            return [SourceRef(self.source, self.uid, self.url)]
        return value

    @sources.setter
    def sources(self, value: Any) -> None:
        _SOURCES.__set__(self, value)

    @property  # type: ignore[override]
    def source_id(self) -> str:
        value = _SOURCE_ID.__get__(self, Gig)
        if value is _SELF:
            return self.uid.split(":", 1)[1]
        return value

    @source_id.setter
    def source_id(self, value: Any) -> None:
        _SOURCE_ID.__set__(self, value)

    @property  # type: ignore[override]
    def posted_at(self) -> datetime | None:
        value = _POSTED.__get__(self, Gig)
        return datetime.fromtimestamp(value, _UTC) if value.__class__ is float else value

    @posted_at.setter
    def posted_at(self, value: Any) -> None:
        _POSTED.__set__(self, value)

    @property  # type: ignore[override]
    def first_seen(self) -> datetime | None:
        value = _SEEN.__get__(self, Gig)
        return datetime.fromtimestamp(value, _UTC) if value.__class__ is float else value

    @first_seen.setter
    def first_seen(self, value: Any) -> None:
        _SEEN.__set__(self, value)

    def __repr__(self) -> str:
        """As ``Gig``'s, without reading the description from the cache."""
        value = _DESCRIPTION.__get__(self, Gig)
        if value.__class__ is not int:
            return Gig.__repr__(self)
        parts = []
        for f in dataclasses.fields(Gig):
            shown = f"<description #{value} in the cache>" if f.name == "description" else repr(
                getattr(self, f.name))
            parts.append(f"{f.name}={shown}")
        return f"StoredGig({', '.join(parts)})"

    @property
    def description_id(self) -> int | None:
        """The id of the description in the cache (None when it is held in memory)."""
        value = _DESCRIPTION.__get__(self, Gig)
        return value if value.__class__ is int else None


def stored_class(store: DescriptionStore) -> type[StoredGig]:
    """A ``StoredGig`` subclass reading its descriptions from ``store``."""
    return type("StoredGig", (StoredGig,), {"__slots__": (), "_store": store})


def description_ref(gig: Gig) -> Any:
    """What the blob stores for a gig's description: its id, or the text in memory."""
    if isinstance(gig, StoredGig):
        if is_lazy(gig):
            type(gig)._batch.fill(gig)
        return _DESCRIPTION.__get__(gig, Gig)
    return gig.description or ""


def timestamps(gigs: Sequence[Gig], field: str) -> list[float | None]:
    """``posted_at`` or ``first_seen`` of every gig as UTC timestamps (None = unknown),
    read without building datetimes for gigs loaded from the cache."""
    slot = _POSTED if field == "posted_at" else _SEEN
    if slot is not _POSTED:  # set on lazy gigs at once; the others are filled first
        materialize(gigs)
    raw = list(map(slot.__get__, gigs))
    out: list[float | None] = raw
    if set(map(type, raw)) <= {float, type(None)}:  # as read from the cache
        return out
    for i, value in enumerate(raw):
        if value is not None and value.__class__ is not float:
            out[i] = _ts(value) if isinstance(value, datetime) else None
    return out


def set_timestamps(gigs: Sequence[Gig], field: str, values: Sequence[float | None]) -> None:
    """Set ``posted_at`` or ``first_seen`` from UTC timestamps (None = unknown)."""
    materialize(gigs)
    for gig, value in zip(gigs, values):
        if isinstance(gig, StoredGig):
            (_POSTED if field == "posted_at" else _SEEN).__set__(gig, value)
        else:
            setattr(gig, field, None if value is None else datetime.fromtimestamp(value, _UTC))


def other_sources(gig: Any) -> Any:
    """``gig.sources``, or ``()`` when it names only the gig itself (read from the cache:
    nothing is built)."""
    if isinstance(gig, StoredGig):
        if is_lazy(gig):
            type(gig)._batch.fill(gig)
        if _SOURCES.__get__(gig, Gig) is _SELF:
            return ()
    return getattr(gig, "sources", None) or ()


def has_description(gig: Gig) -> bool:
    """Whether ``gig`` has a description, without reading it from the cache."""
    if isinstance(gig, StoredGig):
        if is_lazy(gig):
            type(gig)._batch.fill(gig)
        value = _DESCRIPTION.__get__(gig, Gig)
        return value.__class__ is int or bool(value)
    return bool(gig.description)


# --------------------------------------------------------------------------- the blob


def _ts(dt: datetime | None) -> float | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_UTC)
    return dt.timestamp()


class _Share(dict):
    """value -> the one shared instance of an equal value (so marshal stores it once)."""

    def __missing__(self, key: Any) -> Any:
        self[key] = key
        return key


def encode(gigs: Sequence[Gig], descriptions: Sequence[Any], extra: dict | None = None) -> bytes:
    """The blob of ``gigs``; ``descriptions[i]`` is what gig ``i`` stores (an id or "").

    ``extra`` is any marshal-able mapping kept beside the columns (``decode`` returns it).
    """
    writer = BlobWriter()
    writer.add(gigs, descriptions)
    return writer.blob(extra)


#: The blob's columns, in the order they are written.
_COLUMNS = (
    "uid", "source", "source_id", "title", "client", "agent", "url", "apply_url",
    "description", "skills", "tags", "rate", "days", "settlement", "payment",
    "contract_form", "engagement", "remote", "location", "posted", "first_seen",
    "language", "fit", "fit_reasons", "sources",
)


class BlobWriter:
    """A blob built a batch of gigs at a time (``encode`` of all of them at once gives
    the same gigs back): the columns hold no gig and no description, so the gigs of a
    batch can go once it is added. ``truncate`` drops the rows added after a point.
    """

    def __init__(self) -> None:
        self._share = _Share()
        self.columns: dict[str, list] = {name: [] for name in _COLUMNS}

    def __len__(self) -> int:
        return len(self.columns["uid"])

    def truncate(self, count: int) -> None:
        """Keep only the first ``count`` rows."""
        for col in self.columns.values():
            del col[count:]

    def add(self, gigs: Sequence[Gig], descriptions: Sequence[Any]) -> None:
        """Append ``gigs``; ``descriptions[i]`` is what gig ``i`` stores (an id or "")."""
        if len(descriptions) != len(gigs):
            raise ValueError("one description reference per gig")
        materialize(gigs)
        share = self._share

        def s(value: Any) -> Any:
            return None if value is None else share[value]

        def rate(r: Rate | None) -> Any:
            return None if r is None else share[(r.min, r.max, r.currency, r.period, r.raw, bool(r.parsed))]

        def span(x: Span | None) -> Any:
            return None if x is None else share[(x.min, x.max)]

        def settle(x: Settlement | None) -> Any:
            return None if x is None else share[(x.min, x.max, bool(x.fixed))]

        def pay(x: Payment | None) -> Any:
            return None if x is None else share[(x.raw, x.site_days)]

        def refs(g: Gig) -> Any:
            if isinstance(g, StoredGig) and _SOURCES.__get__(g, Gig) is _SELF:
                return SELF
            sources = g.sources
            if not sources:
                return None
            got = tuple((r.source, r.uid, r.url) for r in sources)
            if len(got) == 1 and got[0] == (g.source, g.uid, g.url):
                return SELF  # the gig itself: rebuilt from its own fields when asked for
            return got

        def source_id(g: Gig) -> Any:
            sid = g.source_id
            return SELF if g.uid == f"{g.source}:{sid}" else sid

        c = self.columns
        c["uid"].extend([g.uid for g in gigs])
        c["source"].extend([s(g.source) for g in gigs])
        c["source_id"].extend([source_id(g) for g in gigs])
        c["title"].extend([g.title for g in gigs])
        c["client"].extend([s(g.client) for g in gigs])
        c["agent"].extend([s(g.agent) for g in gigs])
        c["url"].extend([g.url for g in gigs])
        c["apply_url"].extend([g.apply_url for g in gigs])
        c["description"].extend(descriptions)
        c["skills"].extend([share[tuple(g.skills)] for g in gigs])
        c["tags"].extend([share[tuple(g.tags)] for g in gigs])
        c["rate"].extend([rate(g.rate) for g in gigs])
        c["days"].extend([span(g.days_per_week) for g in gigs])
        c["settlement"].extend([settle(g.settlement_hours) for g in gigs])
        c["payment"].extend([pay(g.payment) for g in gigs])
        c["contract_form"].extend([s(g.contract_form) for g in gigs])
        c["engagement"].extend([share[tuple(g.engagement)] for g in gigs])
        c["remote"].extend([s(g.remote) for g in gigs])
        c["location"].extend([s(g.location) for g in gigs])
        c["posted"].extend([_ts(g.posted_at) for g in gigs])
        c["first_seen"].extend([s(_ts(g.first_seen)) for g in gigs])
        c["language"].extend([s(g.language) for g in gigs])
        c["fit"].extend([g.fit for g in gigs])
        c["fit_reasons"].extend(
            [share[tuple(g.fit_reasons)] if g.fit_reasons else () for g in gigs])
        c["sources"].extend([refs(g) for g in gigs])

    def blob(self, extra: dict | None = None) -> bytes:
        """The blob of every row added (``decode`` reads it)."""
        header, body = self.parts(extra)
        return header + body

    def parts(self, extra: dict | None = None, *, release: bool = False) -> tuple[bytes, bytes]:
        """The blob as ``(header, body)``: ``header + body`` is ``blob()``, for writers
        that can store it in two pieces (no third copy of 20 MB). With ``release`` the
        columns are let go as soon as they are packed (the writer is then empty)."""
        body = marshal.dumps((FORMAT, len(self), self.columns, extra or {}))
        if release:
            self._share = _Share()
            self.columns = {name: [] for name in _COLUMNS}
        return _MAGIC + struct.pack("<HI", FORMAT, zlib.crc32(body)), body


class BlobError(ValueError):
    """A blob that is damaged (its checksum does not hold)."""


class BlobFormatError(BlobError):
    """A sound blob written in another format (by another version of gigs)."""


_MAGIC = b"GIGS"
_HEADER = len(_MAGIC) + struct.calcsize("<HI")


def check(blob: bytes) -> None:
    """Raise ``BlobFormatError`` for another format, ``BlobError`` for a damaged blob
    (its checksum does not hold); cheap: nothing is unpacked."""
    if len(blob) < _HEADER or blob[:len(_MAGIC)] != _MAGIC:
        raise BlobFormatError("not a gigs blob (or an older format)")
    fmt, crc = struct.unpack_from("<HI", blob, len(_MAGIC))
    if fmt != FORMAT:
        raise BlobFormatError(f"blob format {fmt}, expected {FORMAT}")
    if zlib.crc32(memoryview(blob)[_HEADER:]) != crc:
        raise BlobError("blob checksum mismatch")


def _columns(blob: bytes, checked: bool = False) -> tuple[int, dict[str, list], dict]:
    if not checked:
        check(blob)
    try:
        data = marshal.loads(memoryview(blob)[_HEADER:])
    except (ValueError, EOFError, TypeError) as exc:
        raise BlobError(f"unreadable blob: {exc}") from None
    if not isinstance(data, tuple) or len(data) != 4 or data[0] != FORMAT:
        raise BlobFormatError("unexpected blob layout")
    _, count, columns, extra = data
    return count, columns, extra


def blob_extra(blob: bytes) -> dict:
    """The ``extra`` mapping stored with a blob."""
    return _columns(blob)[2]


class _Memo(dict):
    """value -> ``make(value)``, made once per distinct value (``None`` stays None)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make
        self[None] = None

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.make(key)
        return value


class _Swap(dict):
    """Listed values are swapped (``{SELF: _SELF}``), any other is made by ``make``
    each time (not kept: a list must not be shared between gigs)."""

    def __init__(self, swaps: dict, make: Callable[[Any], Any] | None = None) -> None:
        super().__init__(swaps)
        self.make = make

    def __missing__(self, key: Any) -> Any:
        return key if self.make is None else self.make(key)


def _source_refs(refs: Any) -> list[SourceRef]:
    return [SourceRef(*t) for t in refs]


#: The dataclass fields of ``Gig`` in order, and their slots (member descriptors).
_FIELDS = tuple(f.name for f in dataclasses.fields(Gig))
_SLOT = {name: Gig.__dict__[name] for name in _FIELDS}
_EXTRA = _SLOT["extra"]
_UID = _SLOT["uid"]
#: Set when a lazy gig is made (the rest are filled on first use).
_SET_AT_ONCE = ("uid", "posted_at")


def _plan(
    c: dict[str, list], money: Money, seen: list, baseline: datetime | None,
) -> list[tuple[str, list | None, Any]]:
    """How each field of a row is made from the blob's columns, in ``Gig`` field order:
    ``(field, column, convert)`` where ``convert`` is None (the value as stored), a
    callable applied to the stored value, or — when ``column`` is None — a constant."""
    rates = _Memo(lambda t: Rate(*t))
    monthly = _Memo(lambda t: monthly_jpy(rates[t], money))
    spans = _Memo(lambda t: Span(*t))
    settles = _Memo(lambda t: Settlement(*t))
    pays = _Memo(lambda t: Payment(*t))
    if baseline is not None:
        edge = _ts(baseline)
        new: Any = lambda s: s is not None and s > edge  # noqa: E731
    else:
        new = False
    return [
        ("uid", c["uid"], None),
        ("source", c["source"], None),
        ("source_id", c["source_id"], _Swap({SELF: _SELF}).__getitem__),
        ("title", c["title"], None),
        ("client", c["client"], None),
        ("agent", c["agent"], None),
        ("url", c["url"], None),
        ("apply_url", c["apply_url"], None),
        ("description", c["description"], None),
        ("skills", c["skills"], None),
        ("tags", c["tags"], None),
        ("rate", c["rate"], rates.__getitem__),
        ("monthly_jpy", c["rate"], monthly.__getitem__),
        ("days_per_week", c["days"], spans.__getitem__),
        ("settlement_hours", c["settlement"], settles.__getitem__),
        ("payment", c["payment"], pays.__getitem__),
        ("contract_form", c["contract_form"], None),
        ("engagement", c["engagement"], None),
        ("remote", c["remote"], None),
        ("location", c["location"], None),
        ("posted_at", c["posted"], None),
        ("first_seen", seen, None),
        ("is_new", seen if callable(new) else None, new),
        ("language", c["language"], None),
        ("fit", c["fit"], None),
        ("fit_reasons", c["fit_reasons"], None),  # tuples; () when empty
        ("sources", c["sources"], _Swap({None: (), SELF: _SELF}, _source_refs).__getitem__),
        ("extra", None, EMPTY_EXTRA),
    ]


def _full_columns(plan: list[tuple[str, list | None, Any]], count: int) -> list[Iterable]:
    """Every field's values for all rows (the plan applied column by column, in C)."""
    out: list[Iterable] = []
    for _name, col, convert in plan:
        if col is None:
            out.append(repeat(convert, count))
        elif convert is None:
            out.append(col)
        else:
            out.append(list(map(convert, col)))
    return out


def decode(
    blob: bytes,
    store: DescriptionStore | None,
    money: Money,
    *,
    cls: type[Gig] | None = None,
    first_seen: Callable[[list[str]], dict[str, datetime]] | None = None,
    baseline: datetime | None = None,
    checked: bool = False,
    lazy: bool = False,
) -> tuple[list[Gig], dict]:
    """Gigs from a blob, and the blob's ``extra``. Raises ``BlobError`` when damaged.

    ``monthly_jpy`` is derived from each rate with ``money``; ``is_new`` is set from
    ``baseline`` (gigs first seen after it are new). ``first_seen(uids)`` replaces the
    stored first-seen times when given.

    ``lazy=True`` makes the gigs at once with only ``uid`` and ``posted_at`` set; each
    fills its other fields from the blob's columns the first time one is used (or all
    at once with ``materialize``), and is then the same as an eagerly decoded gig.
    """
    count, c, extra = _columns(blob, checked)
    if cls is None:
        cls = stored_class(store) if store is not None else StoredGig
    if first_seen is not None:
        known = first_seen(c["uid"])
        seen: list = [_ts(known.get(u)) for u in c["uid"]]
    else:
        seen = c["first_seen"]
    plan = _plan(c, money, seen, baseline)
    if lazy and issubclass(cls, StoredGig):
        return _lazy_gigs(plan, count, cls), extra
    # Built as plain Gigs (no property setters), then given their class: same slots.
    gigs = list(map(Gig, *_full_columns(plan, count)))
    if cls is not Gig:
        setter = object.__setattr__
        list(map(setter, gigs, repeat("__class__"), repeat(cls)))
    return gigs, extra


# --------------------------------------------------------------------------- lazy gigs


class _Batch:
    """The columns the lazy gigs of one ``decode`` fill themselves from.

    A lazy gig holds its row number in its ``extra`` slot until it is filled; filling
    sets every other slot (under ``lock``) and then gives it its plain class.
    """

    __slots__ = ("plan", "fields", "lock", "lazy", "filled", "remaining")

    def __init__(self, plan: list, filled: type[Gig], count: int) -> None:
        #: (slot, column or None, convert or constant) for the slots filled later
        self.plan: list | None = [(_SLOT[name], col, convert) for name, col, convert in plan
                                  if name not in _SET_AT_ONCE]
        #: field -> (column or None, convert or constant), every field
        self.fields = {name: (col, convert) for name, col, convert in plan}
        self.lock = threading.Lock()
        self.lazy: Any = None
        self.filled = filled
        self.remaining = count

    def fill(self, gig: Any) -> None:
        """Fill one lazy gig of this batch (no-op when another thread did)."""
        with self.lock:
            plan = self.plan
            if gig.__class__ is not self.lazy or plan is None:
                return
            row = _EXTRA.__get__(gig)
            for slot, col, convert in plan:
                if col is None:
                    slot.__set__(gig, convert)
                elif convert is None:
                    slot.__set__(gig, col[row])
                else:
                    slot.__set__(gig, convert(col[row]))
            object.__setattr__(gig, "__class__", self.filled)
            self._done(1)

    def fill_many(self, gigs: list[Any], chunk: int = 8192) -> None:
        """Fill these gigs of this batch (those still lazy), column by column,
        ``chunk`` at a time: the lock is released between chunks, so other threads
        fill what they need meanwhile."""
        plan = self.plan
        if plan is None:
            return
        by_row = [(slot, col, convert) for slot, col, convert in plan if col is not None]
        constant = [(slot, value) for slot, col, value in plan if col is None]
        lazy, filled = self.lazy, self.filled
        for start in range(0, len(gigs), chunk):
            with self.lock:
                if self.plan is None:
                    return
                part = gigs[start:start + chunk]
                todo = list(compress(part, map(is_, map(type, part), repeat(lazy))))
                if not todo:
                    continue
                rows = list(map(_EXTRA.__get__, todo))
                lo = rows[0]
                in_order = rows == list(range(lo, lo + len(rows)))  # the usual case
                for slot, col, convert in by_row:
                    if in_order:
                        values: Iterable = col[lo:lo + len(rows)]
                    else:
                        values = map(col.__getitem__, rows)
                    if convert is not None:  # memos: in C for values seen before
                        values = map(convert, values)
                    list(map(slot.__set__, todo, values))
                for slot, value in constant:
                    list(map(slot.__set__, todo, repeat(value)))
                list(map(object.__setattr__, todo, repeat("__class__"), repeat(filled)))
                self._done(len(todo))

    def _done(self, n: int) -> None:
        self.remaining -= n
        if self.remaining <= 0:
            self.plan = None  # every gig is filled: the columns can go
            self.fields = {}

    def values(self, gigs: list[Any], name: str) -> list[Any] | None:
        """Field ``name`` of these gigs as they will be filled, without filling them;
        None when some are not lazy (any more)."""
        with self.lock:
            got = self.fields.get(name)
            if got is None or not all(map(is_, map(type, gigs), repeat(self.lazy))):
                return None
            col, convert = got
            if col is None:
                return [convert] * len(gigs)
            values = list(map(col.__getitem__, map(_EXTRA.__get__, gigs)))
            return values if convert is None else list(map(convert, values))


class _LazyGig:
    """Mixed into a batch's class: the first use of a field not filled yet fills the gig
    (its class then becomes the plain ``StoredGig`` one). ``extra`` holds the row until then."""

    __slots__ = ()
    _batch: _Batch

    def _fill(self, name: str) -> None:
        batch = type(self)._batch
        batch.fill(self)
        if type(self) is batch.lazy:  # the columns are gone (never expected)
            raise AttributeError(name)

    def __getattr__(self, name: str) -> Any:
        _LazyGig._fill(self, name)
        return getattr(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        _LazyGig._fill(self, name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        _LazyGig._fill(self, name)
        object.__delattr__(self, name)

    @property
    def extra(self) -> Any:
        _LazyGig._fill(self, "extra")
        return _EXTRA.__get__(self)

    def __repr__(self) -> str:
        _LazyGig._fill(self, "__repr__")
        return repr(self)

    def __eq__(self, other: object) -> bool:
        _LazyGig._fill(self, "__eq__")
        return self == other

    __hash__ = None  # type: ignore[assignment]


def _lazy_gigs(plan: list, count: int, filled: type[Gig]) -> list[Gig]:
    batch = _Batch(plan, filled, count)
    lazy = type("StoredGig", (_LazyGig, filled), {"__slots__": (), "_batch": batch})
    batch.lazy = lazy
    gigs = list(map(object.__new__, repeat(lazy, count)))
    columns = {name: col for name, col, _ in plan}
    for name in _SET_AT_ONCE:
        list(map(_SLOT[name].__set__, gigs, columns[name]))
    from .query.evaluate import row_numbers  # shared int objects: no 100,000 new ones

    list(map(_EXTRA.__set__, gigs, row_numbers(count)))
    if not count:
        batch.plan = None
    return gigs


def is_lazy(gig: Any) -> bool:
    """Whether ``gig`` (from ``decode(lazy=True)``) still waits to fill its fields."""
    batch = getattr(type(gig), "_batch", None)
    return batch is not None and type(gig) is batch.lazy


def _lazy_kinds(gigs: Sequence[Any]) -> tuple[list[type], list[type]]:
    """The class of each gig, and the lazy classes among them."""
    kinds = list(map(type, gigs))
    lazy = [k for k in set(kinds) if getattr(k, "_batch", None) is not None
            and k._batch.lazy is k]
    return kinds, lazy


def materialize(gigs: Sequence[Any]) -> int:
    """Fill every lazy gig in ``gigs`` now (fast, column by column); returns how many
    were lazy. Thread-safe: gigs that another thread fills meanwhile are skipped."""
    kinds, lazy = _lazy_kinds(gigs)
    done = 0
    for kind in lazy:
        todo = list(compress(gigs, map(is_, kinds, repeat(kind))))
        kind._batch.fill_many(todo)
        done += len(todo)
    return done


def field_values(gigs: Sequence[Gig], name: str) -> list[Any]:
    """``getattr(gig, name)`` for every gig, without filling lazy gigs: for a field of
    every row (``uid``, ``fit``, ``sources``...) before the first paint."""
    if name == "uid":  # set on every gig at once
        return list(map(_UID.__get__, gigs))
    kinds, lazy = _lazy_kinds(gigs)
    if not lazy:
        return list(map(attrgetter(name), gigs))
    out: list[Any] = [None] * len(gigs)
    rest = list(range(len(gigs)))
    for kind in lazy:
        flags = list(map(is_, kinds, repeat(kind)))
        rows = list(compress(range(len(gigs)), flags))
        got = kind._batch.values(list(compress(gigs, flags)), name)
        if got is None:  # filled meanwhile: read them as they are
            continue
        list(map(out.__setitem__, rows, got))
        rest = list(filterfalse(set(rows).__contains__, rest))
    getter = attrgetter(name)
    for i in rest:
        out[i] = getter(gigs[i])
    return out


def covered_uids(gigs: Sequence[Gig]) -> set[str]:
    """The uids of ``gigs`` and of every source row merged into them (without filling
    lazy gigs)."""
    present = set(field_values(gigs, "uid"))
    for refs in field_values(gigs, "sources"):
        if refs and refs is not _SELF:
            present.update(r.uid for r in refs)
    return present

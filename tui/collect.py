"""Run the configured sources and turn their records into gigs.

This is the one pipeline the app and the CLI share: build the sources from the config
(bad options are a config error, before anything starts), fetch them concurrently, and
normalize every record with the same ``gig_from_record``. A failing source never hides
the others' gigs: its state says what went wrong. Plain Python: no Textual.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol

from .errors import ConfigError, GigsError, SourceError
from .model import Gig, iso
from .record import record
from .sources import registry
from .sources.base import Record, Source, SourceSpec

if TYPE_CHECKING:
    from .config import Config

#: The embedded sample is shown only when no other source produced gigs.
FALLBACK_TYPES = frozenset({"sample"})
#: The note shown while the sample stands in (the UI translates it: ``note.sample_fallback``).
SAMPLE_NOTE = "showing the embedded sample data: no other source has produced gigs"
#: Batches up to this many records are normalized on the event loop; bigger ones in a
#: thread, so they never hold up the other sources' requests (and their timeouts).
INLINE_RECORDS = 200
#: A lazy source streamed to a sink (see ``GigSink``) hands it this many gigs at a time.
STREAM_BATCH = 5_000


@record(frozen=False)
class SourceState:
    """What the user sees about one configured source."""

    name: str
    type: str
    title: str
    enabled: bool
    network: bool
    location: str = ""
    status: str = "pending"  # pending | refreshing | ok | cached | error | disabled | offline | standby
    count: int = 0
    fetched_at: datetime | None = None
    error: str | None = None
    progress: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "enabled": self.enabled,
            "network": self.network,
            "location": self.location,
            "status": self.status,
            "count": self.count,
            "fetched_at": iso(self.fetched_at),
            "error": self.error,
        }


@record(frozen=False)
class Prepared:
    """A configured source, built (``source``) or not (disabled)."""

    spec: SourceSpec
    key: str
    source: Source | None
    state: SourceState


@record(frozen=False)
class Collection:
    """The gigs of one load, every source's state, and notes for the user."""

    gigs: list[Gig]
    states: list[SourceState]
    records_skipped: int = 0
    notes: list[str] = field(default_factory=list)
    per_source: dict[str, list[Gig]] = field(default_factory=dict)
    #: Sources whose gigs went to their sink (see ``collect``'s ``sinks``): name -> count.
    streamed: dict[str, int] = field(default_factory=dict)

    def __repr__(self) -> str:
        # Short: asyncio may repr a finished task's result (100,000 gigs).
        return (f"Collection({len(self.gigs)} gigs, states={self.states!r}, "
                f"records_skipped={self.records_skipped}, notes={self.notes!r})")

    @property
    def failed(self) -> list[SourceState]:
        return [s for s in self.states if s.status in ("error", "cached") and s.error]


def _config_file(config: "Config") -> object:
    """The file a source entry came from: the user's config, or the shipped default."""
    if config.path is not None:
        return config.path
    from .paths import default_config_path

    return default_config_path()


def prepare(config: "Config") -> list[Prepared]:
    """Build every configured source; a bad option is a ConfigError naming file and key."""
    prepared: list[Prepared] = []
    keys = list(getattr(config, "source_keys", [])) or [
        f"sources[{i + 1}]" for i in range(len(config.sources))
    ]
    keys = keys[: len(config.sources)]
    specs = list(config.sources)
    # Gigs added by hand (gigs add, `a`) always show, even when the user's [[sources]]
    # list does not name the manual source.
    if not any(s.type == "manual" or s.name == "manual" for s in specs):
        specs.append(SourceSpec(name="manual", type="manual"))
        keys.append("sources (implicit manual source)")
    for spec, key in zip(specs, keys):
        try:
            cls = registry.load_type(spec.type)
        except SourceError as exc:
            raise ConfigError(_config_file(config), f"{key}.type", exc.problem) from None
        state = SourceState(
            name=spec.name,
            type=spec.type,
            title=cls.title or spec.type,
            enabled=spec.enabled,
            network=cls.network,
        )
        source: Source | None = None
        if spec.enabled:
            try:
                source = cls(spec)
            except SourceError as exc:
                problem = exc.problem
                sub = ".options" if "option" in problem else ""
                raise ConfigError(_config_file(config), f"{key}{sub}", problem) from None
            state.location = source.describe()
        else:
            state.status = "disabled"
        prepared.append(Prepared(spec, key, source, state))
    return prepared


class _LocalContext:
    """FetchContext for sources that never touch the network.

    ``progress`` may be called from the thread that reads a lazy source's records: the
    report is then handed to the event loop, so ``on_state`` always runs on the loop.
    """

    max_pages = 1

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._loop = asyncio.get_running_loop()
        self._thread = threading.get_ident()

    async def get_json(self, url: str, *, params: dict[str, Any] | None = None) -> Any:
        raise SourceError("local", "this source has no network access")

    async def get_text(self, url: str, *, params: dict[str, Any] | None = None) -> str:
        raise SourceError("local", "this source has no network access")

    def progress(self, message: str) -> None:
        if threading.get_ident() == self._thread:
            self._report(message)
        elif not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._report, message)


def normalize_records(
    records: Iterable[Record], source: str, config: "Config", now: datetime
) -> tuple[list[Gig], int]:
    """Records to gigs; a record the normalizer cannot take is skipped and counted.

    ``records`` may be lazy: each is normalized as it comes, so the raw records need never
    all be in memory. An error raised by the iterable itself (SourceError) propagates.
    """
    from .normalize.record import gig_from_record

    gigs: list[Gig] = []
    skipped = 0
    for record in records:
        if not isinstance(record, dict):
            skipped += 1
            continue
        try:
            gigs.append(gig_from_record(record, source, config.money, now=now))
        except Exception:  # noqa: BLE001 - one bad record never fails a source
            skipped += 1
    return gigs, skipped


def normalize_stream(
    records: Iterable[Record], source: str, config: "Config", now: datetime
) -> tuple[list[Gig], int]:
    """Normalize what a source's ``fetch`` returned that is not a list: a lazy iterable.

    One with a ``parts()`` method (``tui.sources.file.FileRecords``: one part per file) is
    taken part by part, and a part whose reading raises SourceError adds nothing (its
    fault is the source's to report; ``parts()`` raises when nothing could be read).
    """
    parts = getattr(records, "parts", None)
    if not callable(parts):
        return normalize_records(records, source, config, now)
    gigs: list[Gig] = []
    skipped = 0
    for part in parts():
        try:
            got, bad = normalize_records(part, source, config, now)
        except SourceError:
            continue
        if gigs:
            gigs.extend(got)
        else:
            gigs = got
        skipped += bad
    return gigs, skipped


class GigSink(Protocol):
    """Where a lazy source's gigs go, a batch at a time, instead of into one list.

    Called from the thread that reads and normalizes the records. The gigs added since
    the last ``keep_part``/``drop_part`` are one part (one file): kept or dropped whole.
    """

    def add(self, gigs: list[Gig]) -> None:
        """Take these gigs (the caller drops them afterwards)."""

    def keep_part(self) -> None:
        """The part read to its end: keep its gigs."""

    def drop_part(self) -> None:
        """The part had a fault: forget the gigs added since the last part."""


def normalize_into(
    records: Iterable[Record], source: str, config: "Config", now: datetime, sink: GigSink,
    batch: int = STREAM_BATCH,
) -> tuple[int, int]:
    """Normalize a lazy source's records into ``sink``, ``batch`` gigs at a time.

    The same gigs, in the same order, as ``normalize_stream``, and the same rules: a
    part (file) whose reading raises SourceError adds nothing; a record the normalizer
    cannot take is skipped and counted. Returns ``(gigs kept, records skipped)``; an
    error raised by ``parts()`` itself (SourceError) propagates.
    """
    from .normalize.record import gig_from_record

    parts = getattr(records, "parts", None)
    chunks: Iterable[Iterable[Record]] = parts() if callable(parts) else [records]
    money = config.money
    batch = max(1, batch)
    kept = 0
    skipped = 0
    for part in chunks:
        count = 0
        bad = 0
        gigs: list[Gig] = []
        try:
            for record in part:
                if not isinstance(record, dict):
                    bad += 1
                    continue
                try:
                    gigs.append(gig_from_record(record, source, money, now=now))
                except Exception:  # noqa: BLE001 - one bad record never fails a source
                    bad += 1
                    continue
                if len(gigs) >= batch:
                    sink.add(gigs)
                    count += len(gigs)
                    gigs = []
        except SourceError:
            sink.drop_part()
            continue
        if gigs:
            sink.add(gigs)
            count += len(gigs)
        del gigs
        sink.keep_part()
        kept += count
        skipped += bad
    return kept, skipped


async def collect(
    config: "Config",
    *,
    offline: bool = False,
    only: set[str] | None = None,
    on_state: Callable[[SourceState], None] | None = None,
    now: datetime | None = None,
    prepared: list[Prepared] | None = None,
    validators: dict[str, dict] | None = None,
    keep_fallback: bool = False,
    sinks: Callable[[Prepared], GigSink | None] | None = None,
    batch: int = STREAM_BATCH,
) -> Collection:
    """Fetch every enabled source concurrently and normalize what they return.

    ``validators`` (ETag/Last-Modified per URL) is passed to the HTTP layer for
    conditional requests. With ``keep_fallback`` the sample is returned whatever the
    others produced (the cache layer decides what to show).

    ``sinks(prepared)`` may give a ``GigSink`` for a source: when that source's fetch
    returns a lazy iterable (a big local file), its gigs go to the sink ``batch`` at a
    time and are never all in memory; ``Collection.streamed`` then has its count (its
    ``per_source`` list is empty). Whether to keep what the sink got is the caller's
    call, from the source's final state.
    """
    now = now or datetime.now(timezone.utc)
    prepared = prepared if prepared is not None else prepare(config)
    notify = on_state or (lambda state: None)
    results: dict[str, list[Gig]] = {}
    streamed: dict[str, int] = {}
    skipped_total = 0

    wanted = [
        p for p in prepared
        if p.source is not None and (only is None or p.spec.name in only)
    ]
    needs_network = any(p.source.network for p in wanted if p.source) and not offline

    async def run_one(p: Prepared, fetcher: Any) -> None:
        nonlocal skipped_total
        assert p.source is not None
        state = p.state
        if p.source.network and offline:
            state.status = "offline"
            notify(state)
            return
        state.status = "refreshing"
        state.error = None
        notify(state)

        def report(message: str) -> None:
            state.progress = message
            notify(state)

        try:
            if p.source.network:
                from .sources.http import fetch_source

                records = await fetch_source(p.source, fetcher, progress=report)
            else:
                records = await p.source.fetch(_LocalContext(report))
            # Normalizing is CPU work: a big batch goes off the event loop, so a big
            # local file never makes the other sources' network timeouts run out. A lazy
            # source (a local file, streamed) is read and normalized there record by record.
            sink = sinks(p) if sinks is not None and not isinstance(records, list) else None
            if sink is not None:
                count, skipped = await asyncio.to_thread(
                    normalize_into, records, p.spec.name, config, now, sink, batch
                )
                streamed[p.spec.name] = count
                gigs = []
            elif not isinstance(records, list):
                gigs, skipped = await asyncio.to_thread(
                    normalize_stream, records, p.spec.name, config, now
                )
            elif len(records) > INLINE_RECORDS:
                gigs, skipped = await asyncio.to_thread(
                    normalize_records, records, p.spec.name, config, now
                )
            else:
                gigs, skipped = normalize_records(records, p.spec.name, config, now)
        except GigsError as exc:
            state.status = "error"
            state.error = exc.problem if isinstance(exc, SourceError) else str(exc)
            notify(state)
            return
        except Exception as exc:  # noqa: BLE001 - a broken plugin never takes the app down
            state.status = "error"
            state.error = f"{type(exc).__name__}: {exc}"
            notify(state)
            return
        skipped_total += skipped
        results[p.spec.name] = gigs
        state.status = "ok"
        state.count = streamed.get(p.spec.name, len(gigs))
        state.fetched_at = now
        state.progress = None
        notify(state)

    if needs_network:
        from .sources.http import HttpFetcher

        async with HttpFetcher(validators=validators) as fetcher:
            await asyncio.gather(*(run_one(p, fetcher) for p in wanted))
    else:
        await asyncio.gather(*(run_one(p, None) for p in wanted))

    gigs: list[Gig] = []
    others = [
        p for p in prepared
        if p.spec.type not in FALLBACK_TYPES
        and (results.get(p.spec.name) or streamed.get(p.spec.name))
    ]
    notes: list[str] = []
    for p in prepared:
        got = results.get(p.spec.name)
        if not got:
            continue
        if p.spec.type in FALLBACK_TYPES and others and not keep_fallback:
            p.state.status = "standby"
            notify(p.state)
            continue
        gigs.extend(got)
    if any(p.spec.type in FALLBACK_TYPES and results.get(p.spec.name) for p in prepared) and not others:
        notes.append(SAMPLE_NOTE)
    return Collection(gigs, [p.state for p in prepared], skipped_total, notes, results,
                      streamed)

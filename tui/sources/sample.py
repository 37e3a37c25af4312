"""The ``sample`` source: the embedded gigs a new user sees with no config and no network.

The data is a hand-written TOML file shipped inside the package
(``tui/sources/data/sample_gigs.toml``): fictional listings holding raw listing text
only, exactly as agents and boards write it, so the normaliser does all the parsing.
Every record is tagged ``"sample"`` so sample gigs are visibly marked, and ``posted_at``
is shifted so the data always looks current (the newest gig 3 hours old).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from importlib.resources import files
from typing import Any

from ..errors import SourceError
from .base import FetchContext, Record, Source

#: How old the newest sample gig looks after rebasing.
NEWEST_AGE = timedelta(hours=3)
#: The tag added to every sample record.
SAMPLE_TAG = "sample"


def _data_text() -> str:
    """The packaged TOML text of the sample gigs."""
    return (files("tui.sources") / "data" / "sample_gigs.toml").read_text(encoding="utf-8")


def _parse_time(value: str) -> datetime:
    """An ISO 8601 timestamp (``Z`` or offset; naive means UTC) as an aware datetime."""
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _format_time(dt: datetime) -> str:
    """``2026-11-03T15:10:28Z``: the same ISO format the data file uses."""
    return dt.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_sample_records(now: datetime | None = None) -> list[dict[str, Any]]:
    """Read the embedded sample gigs as raw-text records, rebased to look current.

    Every ``posted_at`` is shifted by one common offset so that the newest is
    :data:`NEWEST_AGE` before ``now`` (UTC; defaults to the current time); relative ages
    are kept. Each record gets ``"tags": ["sample"]``. Raises :class:`SourceError` if the
    packaged file is missing or broken (a packaging fault, never user input).
    """
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    import tomllib  # when the sample is read (its first run, or a new version of gigs)

    try:
        data = tomllib.loads(_data_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceError("sample", f"embedded sample data is unreadable: {exc}") from exc
    gigs = data.get("gigs")
    if not isinstance(gigs, list):
        raise SourceError("sample", "embedded sample data has no [[gigs]] tables")

    records: list[dict[str, Any]] = [dict(g) for g in gigs if isinstance(g, dict)]
    times: dict[int, datetime] = {}
    for index, rec in enumerate(records):
        raw = rec.get("posted_at")
        if isinstance(raw, str):
            try:
                times[index] = _parse_time(raw)
            except ValueError:
                pass  # leave an unreadable time as written; the normaliser copes
        elif isinstance(raw, datetime):  # a TOML datetime literal, should one be added
            times[index] = raw if raw.tzinfo else raw.replace(tzinfo=timezone.utc)

    if times:
        offset = (now - NEWEST_AGE) - max(times.values())
        for index, dt in times.items():
            records[index]["posted_at"] = _format_time(dt + offset)

    for rec in records:
        rec["tags"] = [SAMPLE_TAG]
    return records


class SampleSource(Source):
    """Embedded sample gigs: works offline, needs no options."""

    type_name = "sample"
    title = "Sample data (embedded)"
    network = False

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        """Return the embedded sample gigs as raw-text records (see module docstring)."""
        records = load_sample_records()
        ctx.progress(f"{len(records)} sample gigs")
        return records

    def describe(self) -> str:
        """Where this source reads from, for ``gigs sources``."""
        return "embedded sample data"

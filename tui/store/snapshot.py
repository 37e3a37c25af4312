"""A gig rebuilt from the shortlist's snapshot, for starred gigs that have vanished
from every source: the shortlist still shows them (title, client, URL, rate)."""

from __future__ import annotations

from ..model import Gig
from ..money import Money
from .shortlist import Entry


def gig_from_snapshot(entry: Entry, money: Money) -> Gig:
    """A Gig carrying what the snapshot kept; tagged ``vanished``."""
    from ..normalize.record import gig_from_record

    snap = entry.snapshot
    source = (snap.source if snap and snap.source else entry.uid.split(":", 1)[0]) or "unknown"
    record = {"uid": entry.uid, "source": source, "tags": ["vanished"]}
    if snap is not None:
        for key in ("title", "client", "url", "rate"):
            value = getattr(snap, key, None)
            if value:
                record[key] = value
    record.setdefault("title", entry.uid)
    gig = gig_from_record(record, source, money)
    gig.extra["vanished"] = True
    return gig

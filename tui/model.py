"""The one Gig record every source produces, and its small value types.

Plain Python only: this module is imported by the CLI, the sources and the UI alike.
The JSON shape (``Gig.to_json``) is the contract of ``gigs list --format json``
described in INTERFACES.md; ``tui.normalize.record.gig_from_record`` reads it back.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime, timezone
from typing import Any

from .record import record

# Enums are kept as plain strings: they travel to JSON, TOML and CSV unchanged.
CONTRACT_FORMS = ("quasi_mandate", "contract_for_work", "dispatch", "employment", "unknown")
REMOTES = ("full", "partial", "onsite", "unknown")
ENGAGEMENTS = ("freelance", "contract", "part_time", "full_time", "temporary", "internship")
PERIODS = ("hour", "day", "week", "month", "year", "project")

#: Column ids: also sort keys and ``columns`` entries in presets.
COLUMN_IDS = (
    "star", "title", "client", "agent", "rate", "hourly", "remote", "days", "form",
    "skills", "source", "posted", "first_seen", "status", "checks", "fit",
)


def _num(value: float | None) -> float | int | None:
    """A number for JSON: integral floats become ints (``80.0`` -> ``80``)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@record
class Span:
    """A closed range with optional ends (``None`` = unknown / open)."""

    min: float | None
    max: float | None

    def to_json(self) -> dict[str, Any]:
        return {"min": _num(self.min), "max": _num(self.max)}

    @property
    def mid(self) -> float | None:
        """The midpoint, or the one known bound."""
        if self.min is not None and self.max is not None:
            return (self.min + self.max) / 2
        return self.min if self.min is not None else self.max


@record
class Rate:
    """Pay in the source's own unit.

    ``parsed`` is True when the figures were read from prose, False when the source gave
    them as structured fields. ``raw`` keeps the text as the source wrote it.
    """

    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    raw: str = ""
    parsed: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "min": _num(self.min),
            "max": _num(self.max),
            "currency": self.currency,
            "period": self.period,
            "raw": self.raw,
            "parsed": self.parsed,
        }


@record
class Settlement:
    """精算幅: the monthly hours the fee holds for; ``fixed`` = no settlement (固定)."""

    min: float | None
    max: float | None
    fixed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"min": _num(self.min), "max": _num(self.max), "fixed": self.fixed}


@record
class Payment:
    """Payment terms; ``site_days`` = days from the closing day to pay day (支払サイト)."""

    raw: str
    site_days: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"raw": self.raw, "site_days": self.site_days}


@record
class SourceRef:
    """One member of a (possibly merged) gig: which source, its uid and URL."""

    source: str
    uid: str
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "uid": self.uid, "url": self.url}


def iso(dt: datetime | None) -> str | None:
    """UTC ISO 8601 with a ``Z`` (``2026-11-03T15:10:28Z``)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@record(frozen=False)
class Gig:
    """One gig, whatever its source. Build it with ``gig_from_record``."""

    uid: str
    source: str
    source_id: str
    title: str
    client: str | None = None
    agent: str | None = None
    url: str | None = None
    apply_url: str | None = None
    description: str = ""
    skills: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    rate: Rate | None = None
    monthly_jpy: Span | None = None
    days_per_week: Span | None = None
    settlement_hours: Settlement | None = None
    payment: Payment | None = None
    contract_form: str = "unknown"
    engagement: tuple[str, ...] = ()
    remote: str = "unknown"
    location: str | None = None
    posted_at: datetime | None = None
    first_seen: datetime | None = None
    is_new: bool = False
    language: str | None = None
    fit: int | None = None
    fit_reasons: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    #: Free-form extras a source wants to keep (attribution, region...). Not in the JSON.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def hourly_jpy(self) -> Span | None:
        """Kept for callers that have no money settings: see ``tui.money.hourly_jpy``."""
        return None

    def to_json(self) -> dict[str, Any]:
        """The INTERFACES.md JSON shape, in its documented key order."""
        sources = self.sources or [SourceRef(self.source, self.uid, self.url)]
        return {
            "uid": self.uid,
            "source": self.source,
            "source_id": self.source_id,
            "sources": [s.to_json() for s in sources],
            "title": self.title,
            "client": self.client,
            "agent": self.agent,
            "url": self.url,
            "apply_url": self.apply_url,
            "description": self.description,
            "skills": list(self.skills),
            "tags": list(self.tags),
            "rate": self.rate.to_json() if self.rate else None,
            "monthly_jpy": self.monthly_jpy.to_json() if self.monthly_jpy else None,
            "days_per_week": self.days_per_week.to_json() if self.days_per_week else None,
            "settlement_hours": (
                self.settlement_hours.to_json() if self.settlement_hours else None
            ),
            "payment": self.payment.to_json() if self.payment else None,
            "contract_form": self.contract_form,
            "engagement": list(self.engagement),
            "remote": self.remote,
            "location": self.location,
            "posted_at": iso(self.posted_at),
            "first_seen": iso(self.first_seen),
            "is_new": self.is_new,
            "language": self.language,
            "fit": self.fit,
            "fit_reasons": list(self.fit_reasons),
        }

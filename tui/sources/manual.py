"""The ``manual`` source: gigs the user adds by hand (``gigs add``, or ``a`` in the app).

They live in ``<data dir>/manual.toml`` as ``[[gigs]]`` tables of raw text, exactly as the
user typed or pasted them (an agent's proposal from mail or chat), and are normalized like
every other source's. Writes go through the store's safe writer (lock, re-read, atomic
replace), so a TUI and a CLI adding at once lose nothing. Uids are ``manual:<id>``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import SourceError, StoreError, UsageError
from .base import FetchContext, Record, Source

#: The fields a hand-added gig may carry (raw text, as for the file source).
FIELDS = (
    "title", "client", "agent", "url", "rate", "days_per_week", "remote",
    "contract_form", "settlement_hours", "payment", "skills", "location",
    "description", "engagement",
)


class ManualSource(Source):
    """Gigs added by hand, kept in the user's data dir."""

    type_name = "manual"
    title = "Added by hand"
    network = False
    default_refresh_minutes = 0

    def store_path(self) -> Path:
        return Path(self.spec.path).expanduser() if self.spec.path else paths.manual_path()

    def files(self) -> list[Path]:
        path = self.store_path()
        return [path] if path.exists() else []

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        try:
            return load_manual(self.store_path())
        except StoreError as exc:
            raise SourceError(self.name, str(exc)) from None

    def describe(self) -> str:
        return str(self.store_path())


def load_manual(path: Path) -> list[Record]:
    """The records of manual.toml (missing file = none). StoreError names file and line."""
    from ..store.atomic import parse_toml, read_bytes

    data = parse_toml(path, read_bytes(path), kept=True)  # read at every start
    gigs = data.get("gigs", [])
    if not isinstance(gigs, list):
        raise StoreError(path, "'gigs' must be an array of tables ([[gigs]])")
    return [dict(g) for g in gigs if isinstance(g, dict)]


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in FIELDS:
            raise UsageError(f"unknown field {key!r} for a hand-added gig (fields: {', '.join(FIELDS)})")
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        value = str(value)
        if value.strip():
            out[key] = value
    if not out.get("title", "").strip():
        raise UsageError("a gig needs a title (--title)")
    return out


def add_manual_gig(fields: dict[str, Any], path: Path | None = None, *, now: datetime | None = None) -> str:
    """Append a gig; returns its uid (``manual:<n>``)."""
    from ..store.atomic import update_toml

    path = path or paths.manual_path()
    record = _clean(fields)
    when = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    new_id: list[str] = []

    def mutate(doc: dict[str, Any]) -> None:
        gigs = doc.setdefault("gigs", [])
        if not isinstance(gigs, list):
            raise StoreError(path, "'gigs' must be an array of tables ([[gigs]])")
        numbers = [int(g["id"]) for g in gigs if isinstance(g, dict) and str(g.get("id", "")).isdigit()]
        ident = str(max(numbers, default=0) + 1)
        new_id.append(ident)
        gigs.append({"id": ident, **record, "posted_at": when})

    update_toml(path, mutate)
    return f"manual:{new_id[0]}"


def update_manual_gig(uid: str, fields: dict[str, Any], path: Path | None = None) -> None:
    """Replace the fields of a hand-added gig (others are kept)."""
    from ..store.atomic import update_toml

    path = path or paths.manual_path()
    ident = _ident(uid)
    record = _clean(fields)

    def mutate(doc: dict[str, Any]) -> None:
        for gig in doc.get("gigs", []):
            if isinstance(gig, dict) and str(gig.get("id")) == ident:
                for key in FIELDS:
                    gig.pop(key, None)
                gig.update(record)
                return
        raise UsageError(f"unknown uid {uid!r} (not a hand-added gig)")

    update_toml(path, mutate)


def delete_manual_gig(uid: str, path: Path | None = None) -> None:
    """Remove a hand-added gig (its shortlist notes stay in shortlist.toml)."""
    from ..store.atomic import update_toml

    path = path or paths.manual_path()
    ident = _ident(uid)

    def mutate(doc: dict[str, Any]) -> None:
        gigs = doc.get("gigs", [])
        keep = [g for g in gigs if not (isinstance(g, dict) and str(g.get("id")) == ident)]
        if len(keep) == len(gigs):
            raise UsageError(f"unknown uid {uid!r} (not a hand-added gig)")
        doc["gigs"] = keep

    update_toml(path, mutate)


def _ident(uid: str) -> str:
    prefix, _, ident = uid.partition(":")
    if prefix != "manual" or not ident:
        raise UsageError(f"{uid!r} is not a hand-added gig (uids look like manual:3)")
    return ident


def manual_record(uid: str, path: Path | None = None) -> dict[str, Any]:
    """The raw fields of a hand-added gig, as stored (for editing)."""
    ident = _ident(uid)
    for record in load_manual(path or paths.manual_path()):
        if str(record.get("id")) == ident:
            return {k: v for k, v in record.items() if k in FIELDS}
    raise UsageError(f"unknown uid {uid!r} (not a hand-added gig)")

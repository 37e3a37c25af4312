"""Printing gigs as a table, JSON, CSV or Markdown (cell-width aware)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, Iterable, Sequence

from ..format import age  # noqa: F401  (the CLI's tables use it)
from ..model import Gig
from ..table_model import COLUMNS, DEFAULT_COLUMNS, GigRows, cut, pad

if TYPE_CHECKING:
    from ..config import Config

CSV_FIELDS = (
    "uid", "title", "client", "agent", "rate", "monthly_min_jpy", "monthly_max_jpy",
    "days_min", "days_max", "remote", "contract_form", "settlement", "payment",
    "payment_site_days", "skills", "tags", "source", "posted_at", "first_seen", "url",
)


def plain_table(rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns measured in terminal cells."""
    from ..table_model import cell_width

    widths = [max(cell_width(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [pad(str(c), w, "left") for c, w in zip(row, widths)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _dynamic(shortlist):
    def dynamic(column: str, uid: str) -> str:
        if shortlist is None:
            return ""
        if column == "star":
            return "★" if shortlist.is_starred(uid) else ""
        if column == "status":
            return shortlist.status_of(uid) or ""
        if column == "checks":
            return shortlist.checks_summary(uid)
        return ""

    return dynamic


def _with_fit(dynamic, gigs):
    """Add the fit column (the score travels on the gig) to a dynamic-cell callback."""
    fits = {g.uid: g.fit for g in gigs}

    def cell(column: str, uid: str) -> str:
        if column == "fit":
            value = fits.get(uid)
            return "" if value is None else str(value)
        return dynamic(column, uid)

    return cell


def write_json_array(out: IO[str], items: Iterable[Any]) -> None:
    """``json.dump(list(items), out, ensure_ascii=False, indent=2)`` and a newline, one
    item at a time: 100,000 gigs are never all in memory as JSON objects at once."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2)
        out.write("[\n  " if first else ",\n  ")
        out.write(text.replace("\n", "\n  "))  # JSON text holds no raw newline in strings
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_gigs(
    out: IO[str],
    gigs: Sequence[Gig],
    fmt: str,
    *,
    config: "Config",
    columns: Sequence[str] | None = None,
    shortlist=None,
    width: int = 160,
) -> None:
    if fmt == "json":
        write_json_array(out, (g.to_json() for g in gigs))
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(out)
        writer.writerow(CSV_FIELDS)
        for g in gigs:
            writer.writerow(_csv_row(g))
        return
    from ..table_model import prepare_cell_widths

    prepare_cell_widths()  # every cell of every row is measured below
    rows = GigRows(list(gigs), config.money)
    rows.dynamic = _with_fit(_dynamic(shortlist), gigs)
    ids = [c for c in (columns or DEFAULT_COLUMNS) if c in COLUMNS]
    if fmt == "md":
        out.write("| " + " | ".join(COLUMNS[c].label for c in ids) + " |\n")
        out.write("|" + "|".join("---" for _ in ids) + "|\n")
        for i in range(len(rows)):
            cells = [rows.cell(i, c).replace("|", "\\|") for c in ids]
            out.write("| " + " | ".join(cells) + " |\n")
        return
    import shutil

    width = shutil.get_terminal_size((width, 24)).columns if out.isatty() else width
    specs = [COLUMNS[c] for c in ids]
    from ..table_model import layout

    widths = layout(specs, width)
    header = " ".join(pad(cut(s.label, w), w, s.align) for s, w in zip(specs, widths) if w)
    out.write(header.rstrip() + "\n")
    for i in range(len(rows)):
        line = " ".join(
            pad(cut(rows.cell(i, s.id), w), w, s.align) for s, w in zip(specs, widths) if w
        )
        out.write(line.rstrip() + "\n")


def _csv_row(g: Gig) -> list[str]:
    def num(v):
        return "" if v is None else str(int(v)) if float(v).is_integer() else str(v)

    s = g.settlement_hours
    settlement = ""
    if s is not None:
        settlement = "fixed" if s.fixed else f"{num(s.min)}-{num(s.max)}"
    return [
        g.uid, g.title, g.client or "", g.agent or "",
        g.rate.raw if g.rate else "",
        num(g.monthly_jpy.min) if g.monthly_jpy else "",
        num(g.monthly_jpy.max) if g.monthly_jpy else "",
        num(g.days_per_week.min) if g.days_per_week else "",
        num(g.days_per_week.max) if g.days_per_week else "",
        g.remote, g.contract_form, settlement,
        g.payment.raw if g.payment else "",
        "" if not g.payment or g.payment.site_days is None else str(g.payment.site_days),
        ", ".join(g.skills), ", ".join(g.tags), g.source,
        g.to_json()["posted_at"] or "", g.to_json()["first_seen"] or "", g.url or "",
    ]

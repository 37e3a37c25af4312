"""``gigs add URL`` (import a JobPosting page) and ``gigs add --title …`` (by hand)."""

from __future__ import annotations

import asyncio
import sys

from .. import paths
from ..errors import UsageError
from . import session

FLAGS = {
    "title": "title", "client": "client", "agent": "agent", "rate": "rate",
    "days": "days_per_week", "remote": "remote", "form": "contract_form",
    "settlement": "settlement_hours", "payment": "payment", "skills": "skills",
    "url": "url", "description": "description", "location": "location",
}


def add_parser(sub) -> None:
    p = sub.add_parser(
        "add",
        help="import a job page (schema.org JobPosting) or add a gig by hand; prints its uid",
        description=(
            "gigs add URL imports a page that embeds schema.org JobPosting JSON-LD. "
            "gigs add --title T [...] adds a gig by hand; values are raw text as an agent "
            "writes them (--rate '80〜90万円/月' --days '週4日〜'). --text reads a pasted "
            "proposal ('-' = standard input) and fills the fields it recognises."
        ),
    )
    p.add_argument("page_url", nargs="?", metavar="URL", help="a job page to import")
    p.add_argument("--title")
    p.add_argument("--client")
    p.add_argument("--agent")
    p.add_argument("--rate", help="e.g. '80〜90万円/月', '$60/hour'")
    p.add_argument("--days", help="e.g. '週3日〜', '3-4 days/week'")
    p.add_argument("--remote", help="e.g. フルリモート, hybrid, onsite")
    p.add_argument("--form", help="準委任, 請負, 派遣 …")
    p.add_argument("--settlement", help="e.g. 140〜180h, 固定")
    p.add_argument("--payment", help="e.g. 月末締め翌月末払い")
    p.add_argument("--skills", help="comma-separated")
    p.add_argument("--url", help="the listing's URL")
    p.add_argument("--location")
    p.add_argument("--description", help="free text")
    p.add_argument("--text", metavar="TEXT", help="a pasted proposal to parse ('-' reads stdin)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds, for URL imports")


def cmd_add(args) -> int:
    from ..sources.manual import add_manual_gig

    session.load(args)  # a bad config still stops here, exit 2
    if args.page_url:
        return _import_url(args)
    fields = {FLAGS[k]: getattr(args, k) for k in FLAGS if getattr(args, k, None)}
    if args.text:
        text = sys.stdin.read() if args.text == "-" else args.text
        fields = {**fields_from_text(text), **fields}
    if not fields.get("title"):
        raise UsageError("give a URL to import, or --title (or --text with a proposal)")
    uid = add_manual_gig(fields, paths.manual_path())
    print(uid)
    return 0


def fields_from_text(text: str) -> dict[str, str]:
    """Raw-text fields recognised in a pasted proposal; the whole text is the description."""
    from ..normalize.prose import extract_terms

    found = extract_terms(text)
    fields: dict[str, str] = {"description": text}
    if "title" in found:
        fields["title"] = str(found["title"])
    rate = found.get("rate")
    if rate is not None and getattr(rate, "raw", ""):
        fields["rate"] = rate.raw
    for key in ("days_per_week", "settlement_hours", "payment"):
        raw = _raw_of(found.get(key), text)
        if raw:
            fields[key] = raw
    if found.get("contract_form") and found["contract_form"] != "unknown":
        fields["contract_form"] = str(found["contract_form"])
    if found.get("remote") and found["remote"] != "unknown":
        fields["remote"] = str(found["remote"])
    if found.get("skills"):
        fields["skills"] = ", ".join(found["skills"])
    return fields


def _raw_of(value, text: str) -> str | None:
    """Raw text for a parsed term: its own raw, or a canonical rendering."""
    if value is None:
        return None
    raw = getattr(value, "raw", None)
    if raw:
        return raw
    lo, hi = getattr(value, "min", None), getattr(value, "max", None)
    if getattr(value, "fixed", False):
        return "固定"
    if lo is None and hi is None:
        return None
    from ..format import fmt_num

    if hasattr(value, "fixed"):
        return f"{fmt_num(lo) if lo is not None else ''}〜{fmt_num(hi) if hi is not None else ''}h"
    if lo == hi:
        return f"週{fmt_num(lo)}日"
    return f"週{fmt_num(lo) if lo is not None else ''}〜{fmt_num(hi) if hi is not None else ''}日"


def _import_url(args) -> int:
    from ..sources.jobposting import import_page
    from ..sources.manual import add_manual_gig

    records = asyncio.run(import_page(args.page_url, timeout=args.timeout))
    for record in records:
        fields = {}
        for key in ("title", "client", "location", "url"):
            if record.get(key):
                fields[key] = record[key]
        if record.get("description_html") or record.get("description"):
            from ..normalize.text import html_to_text

            html = record.get("description_html")
            fields["description"] = html_to_text(html) if html else record["description"]
        rate = record.get("rate")
        if isinstance(rate, dict):
            fields["rate"] = _structured_rate_text(rate)
        elif rate:
            fields["rate"] = str(rate)
        if record.get("remote"):
            fields["remote"] = str(record["remote"])
        if record.get("engagement"):
            eng = record["engagement"]
            fields["engagement"] = ", ".join(eng) if isinstance(eng, (list, tuple)) else str(eng)
        fields.setdefault("url", args.page_url)
        print(add_manual_gig(fields, paths.manual_path()))
    return 0


def _structured_rate_text(rate: dict) -> str:
    """A structured salary as text the normalizer reads back: 'JPY 800000-1000000 / month'."""
    from ..format import fmt_num

    lo, hi = rate.get("min"), rate.get("max")
    cur = rate.get("currency") or ""
    per = rate.get("period") or ""
    if rate.get("raw"):
        return str(rate["raw"])
    nums = "-".join(fmt_num(v).replace(",", "") for v in (lo, hi) if v is not None)
    return f"{cur} {nums} per {per}".strip()


def add_edit_parsers(sub) -> None:
    """``gigs edit UID [--rate …]`` and ``gigs delete UID`` for gigs added by hand."""
    p = sub.add_parser("edit", help="change fields of a gig you added by hand (manual:N)")
    p.add_argument("uid")
    for flag in ("title", "client", "agent", "rate", "days", "remote", "form", "settlement",
                 "payment", "skills", "url", "location", "description"):
        p.add_argument(f"--{flag}")
    p = sub.add_parser("delete", help="remove a gig you added by hand (its shortlist notes stay)")
    p.add_argument("uid")


def cmd_edit(args) -> int:
    from ..sources.manual import manual_record, update_manual_gig

    session.load(args)
    current = manual_record(args.uid, paths.manual_path())
    changes = {FLAGS[k]: getattr(args, k) for k in FLAGS if getattr(args, k, None) is not None}
    if not changes:
        raise UsageError("nothing to change (give --rate, --days, --title …)")
    update_manual_gig(args.uid, {**current, **changes}, paths.manual_path())
    print(f"updated {args.uid}")
    return 0


def cmd_delete(args) -> int:
    from ..sources.manual import delete_manual_gig

    session.load(args)
    delete_manual_gig(args.uid, paths.manual_path())
    print(f"deleted {args.uid} (its shortlist notes stay)")
    return 0

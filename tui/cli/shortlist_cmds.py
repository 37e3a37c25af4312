"""Shortlist commands: star, unstar, status, check, note, shortlist, export."""

from __future__ import annotations

import json
import sys

from .. import paths
from ..errors import UsageError
from . import output, session

STATUS_HELP = "interested, applied, interviewing, offered, contracted, declined, rejected"
ITEM_HELP = (
    "contract_form, scope, fee, expenses, hours, settlement, payment_date, term, "
    "liability, unfavorable, nda"
)


def add_parsers(sub) -> None:
    p = sub.add_parser("star", help="add a gig to the shortlist")
    p.add_argument("uid")
    p = sub.add_parser("unstar", help="remove the star (notes and checks are kept)")
    p.add_argument("uid")
    p = sub.add_parser("status", help=f"set a gig's status ({STATUS_HELP})")
    p.add_argument("uid")
    p.add_argument("state", metavar="STATE")
    p = sub.add_parser("check", help="set a pre-contract checklist item")
    p.add_argument("uid")
    p.add_argument("item", metavar="ITEM", help=ITEM_HELP)
    p.add_argument("state", metavar="STATE", help="todo, ok, concern, ng")
    p.add_argument("--note", default=None, help="a note for this item")
    p = sub.add_parser("note", help="set a gig's free-form note ('-' reads standard input)")
    p.add_argument("uid")
    p.add_argument("text")
    p = sub.add_parser("shortlist", help="print the shortlist (starred gigs, even vanished ones)")
    p.add_argument("--format", "-f", choices=("table", "json", "csv", "md"), default="table")
    p = sub.add_parser("export", help="a gig's checklist report (契約前確認リスト)")
    p.add_argument("uid")
    p.add_argument("--format", "-f", choices=("md", "json"), default="md")


def _open_store():
    from ..store.shortlist import Shortlist

    store = Shortlist(paths.shortlist_path())
    store.load()
    if store.error is not None:
        raise store.error
    return store


def _find_gig(args, uid: str, store, *, must_exist: bool = True):
    """The current gig for ``uid`` from the sources (cache/offline), or None if only the
    store knows it. Unknown everywhere: UsageError (exit 2)."""
    config = session.load(args)
    collection = session.gather(config, offline=True)
    for gig in collection.gigs:
        if gig.uid == uid or any(ref.uid == uid for ref in gig.sources):
            return config, gig
    if store.get(uid) is None and must_exist:
        raise UsageError(f"unknown uid {uid!r} (see 'gigs list --format json' for uids)")
    return config, None


def cmd_star(args) -> int:
    store = _open_store()
    _, gig = _find_gig(args, args.uid, store)
    store.star(args.uid, gig=gig)
    print(f"starred {args.uid}")
    return 0


def cmd_unstar(args) -> int:
    store = _open_store()
    _find_gig(args, args.uid, store)
    store.unstar(args.uid)
    print(f"unstarred {args.uid} (notes and checks kept)")
    return 0


def cmd_status(args) -> int:
    store = _open_store()
    _, gig = _find_gig(args, args.uid, store)
    store.set_status(args.uid, args.state, gig=gig)
    print(f"{args.uid}: status {args.state}")
    return 0


def cmd_check(args) -> int:
    store = _open_store()
    _, gig = _find_gig(args, args.uid, store)
    store.set_check(args.uid, args.item, args.state, note=args.note, gig=gig)
    print(f"{args.uid}: {args.item} = {args.state}")
    return 0


def cmd_note(args) -> int:
    store = _open_store()
    _, gig = _find_gig(args, args.uid, store)
    text = sys.stdin.read() if args.text == "-" else args.text
    store.set_note(args.uid, text, gig=gig)
    print(f"{args.uid}: note saved ({len(text)} characters)")
    return 0


def cmd_shortlist(args) -> int:
    from ..store.snapshot import gig_from_snapshot

    store = _open_store()
    config = session.load(args)
    collection = session.gather(config, offline=True)
    by_uid = {g.uid: g for g in collection.gigs}
    gigs = []
    for entry in store.entries():
        if not entry.starred:
            continue
        gig = by_uid.get(entry.uid) or gig_from_snapshot(entry, config.money)
        gigs.append(gig)
    columns = ("star", "title", "client", "rate", "remote", "days", "status", "checks", "source")
    output.write_gigs(sys.stdout, gigs, args.format, config=config, columns=columns, shortlist=store)
    return 0


def cmd_export(args) -> int:
    from ..store.report import report_json, report_markdown

    store = _open_store()
    config, gig = _find_gig(args, args.uid, store)
    entry = store.get(args.uid)
    lang = getattr(config.ui, "language", "ja")
    if args.format == "json":
        print(json.dumps(report_json(args.uid, entry, gig, config.money), ensure_ascii=False, indent=2, default=str))
    else:
        sys.stdout.write(report_markdown(args.uid, entry, gig, config.money, lang=lang))
    return 0

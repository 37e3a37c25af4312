"""``gigs stats``: the rate statistics of a view, as aligned text or JSON.

The view is chosen exactly as ``gigs list`` chooses it (config, ``[filters] always``, the
preset, ``--query``), so ``gigs stats --query X`` describes the gigs ``gigs list --query X``
prints. The figures come from ``tui.market.market_stats``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, TYPE_CHECKING

from ..table_model import cell_width, pad

if TYPE_CHECKING:  # tui.market (and the normalizer) load when ``gigs stats`` runs
    from ..market import MarketStats, Summary

#: Width of the longest text-histogram bar, in cells.
BAR_WIDTH = 40


def add_parser(sub) -> None:
    """Register ``gigs stats`` on the subcommand parser."""
    p = sub.add_parser(
        "stats",
        help="rate statistics of a view (median, quartiles, histogram, top skills)",
        description=(
            "Monthly (万円) and hourly (JPY) rate statistics of the gigs a view shows: the "
            "same preset, [filters] always and --query as 'gigs list'. Gigs without a "
            "monthly figure are counted apart, never as zero."
        ),
    )
    # SUPPRESS keeps a global --preset given before the command.
    p.add_argument("--preset", metavar="NAME", default=argparse.SUPPRESS)
    p.add_argument("--query", "-q", metavar="Q", default="", help="filter (see README: filter language)")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.add_argument("--refresh", action="store_true", help="fetch every source now")
    p.add_argument("--offline", action="store_true", default=argparse.SUPPRESS,
                   help="never touch the network (same as the global flag)")


def view_stats(args) -> MarketStats:
    """The statistics of the view ``args`` describes (config, preset, query)."""
    from ..query import SearchIndex
    from ..view import find_preset, make_context, select
    from . import session
    from .commands import read_shortlist

    config = session.load(args)
    preset = find_preset(config, getattr(args, "preset", None))
    collection = session.gather(
        config, offline=getattr(args, "offline", False), refresh=getattr(args, "refresh", False)
    )
    session.report_failures(collection)
    shortlist = read_shortlist()
    gigs = collection.gigs
    ctx = make_context(config, is_starred=shortlist.is_starred, status_of=shortlist.status_of)
    index = SearchIndex(gigs, config.money)
    selection = select(index, gigs, config, ctx, preset=preset, query=args.query)
    chosen = [gigs[i] for i in selection.indices]
    for note in collection.notes:
        print(f"gigs: {note}", file=sys.stderr)
    min_rate = config.profile.min_rate if config.profile is not None else None
    from ..market import market_stats

    return market_stats(chosen, config.money, min_rate=min_rate)


def cmd_stats(args) -> int:
    """``gigs stats [--preset NAME] [--query Q] [--format table|json]``."""
    stats = view_stats(args)
    if args.format == "json":
        json.dump(stats.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        write_table(sys.stdout, stats)
    return 0


# --------------------------------------------------------------------------- text


def _man(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _yen(value: float | None) -> str:
    return "-" if value is None else f"{round(value):,}"


def _num(value: float) -> str:
    return f"{value:g}"


def summary_lines(stats: MarketStats) -> list[str]:
    """The count line and the median/mean/p25/p75 table."""
    lines = [
        f"Gigs in view: {stats.count}  "
        f"(with a monthly rate: {stats.known}, rate unknown: {stats.unknown})",
    ]
    if stats.monthly_man is None:
        lines.append("No gig in this view has a monthly rate.")
        return lines
    rows: list[tuple[str, Summary | None, object]] = [
        ("万円/月", stats.monthly_man, _man),
        ("円/h", stats.hourly_jpy, _yen),
    ]
    header = ["", "median", "mean", "p25", "p75"]
    table = [header]
    for label, summary, fmt in rows:
        assert summary is not None
        table.append([label, *(fmt(v) for v in (summary.median, summary.mean, summary.p25, summary.p75))])  # type: ignore[operator]
    widths = [max(cell_width(r[i]) for r in table) for i in range(len(header))]
    lines.append("")
    for row in table:
        cells = [pad(row[0], widths[0], "left")]
        cells += [pad(c, w, "right") for c, w in zip(row[1:], widths[1:])]
        lines.append("   ".join(cells).rstrip())
    lines.append(
        f"(hourly = monthly ÷ {_num(stats.hours_per_month)} h; each gig counts once, "
        "at the midpoint of its range)"
    )
    return lines


def reference_line(stats: MarketStats) -> str:
    """The market average and the user's floor."""
    text = f"Market average: {_num(stats.reference_man)}万円/月 (ML gigs, DOMAIN.md)"
    if stats.min_rate_man is not None:
        text += f"   Your floor (min_rate): {_num(stats.min_rate_man)}万円/月"
    return text


def histogram_lines(stats: MarketStats, bar_width: int = BAR_WIDTH) -> list[str]:
    """One line per 10万円 bin: range, bar, count, and the reference/floor marks."""
    bins = stats.histogram
    if not bins:
        return []
    top = stats.max_count or 1
    labels = [f"{_num(b.lo)}–{_num(b.hi)}" for b in bins]
    lw = max(cell_width(s) for s in labels)
    cw = max(len(str(b.count)) for b in bins)
    out = [f"Monthly rate, {_num(stats.bin_man)}万円 bins:"]
    for label, b in zip(labels, bins):
        length = b.count * bar_width / top
        full = int(length)
        bar = "█" * full + (_PARTIAL[int((length - full) * 8)] if full < bar_width else "")
        if b.count and not bar.strip():
            bar = "▏"
        marks = []
        if b.lo <= stats.reference_man < b.hi:
            marks.append(f"◀ {_num(stats.reference_man)} market average")
        if stats.min_rate_man is not None and b.lo <= stats.min_rate_man < b.hi:
            marks.append(f"◀ {_num(stats.min_rate_man)} your floor")
        line = f"  {pad(label, lw, 'right')} │{pad(bar, bar_width, 'left')} {str(b.count).rjust(cw)}"
        if marks:
            line += "  " + "  ".join(marks)
        out.append(line.rstrip())
    return out


_PARTIAL = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


def skills_lines(stats: MarketStats) -> list[str]:
    """The top skills of the view with the median monthly rate of their gigs."""
    if not stats.top_skills:
        return []
    rows = [("skill", "gigs", "median 万円/月")]
    rows += [(s.skill, str(s.count), _man(s.median_man)) for s in stats.top_skills]
    widths = [max(cell_width(r[i]) for r in rows) for i in range(3)]
    out = ["Top skills:"]
    for r in rows:
        out.append(
            "  " + "   ".join(
                [pad(r[0], widths[0], "left"), pad(r[1], widths[1], "right"),
                 pad(r[2], widths[2], "right")]
            ).rstrip()
        )
    return out


def write_table(out: IO[str], stats: MarketStats) -> None:
    """The plain-text report: counts, figures, references, histogram, top skills."""
    blocks = [summary_lines(stats), [reference_line(stats)], histogram_lines(stats),
              skills_lines(stats)]
    text = "\n\n".join("\n".join(b) for b in blocks if b)
    out.write(text + "\n")

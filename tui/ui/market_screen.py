"""``m``: the market panel — the rate picture of the gigs in the current view.

Figures come from ``tui.market.market_stats`` (the same as ``gigs stats``); this screen
only lays them out: counts, median/mean/p25/p75 of the monthly (万円) and hourly (円)
rate, the histogram with the 84万円 market average and the user's ``min_rate`` marked,
and the top skills with the median rate of their gigs. Esc or q closes it.

Every label is a ``market.*`` entry of the one catalogue (``tui.i18n``), chosen by
``config.ui.language``; ``MESSAGES`` here is that part of it under its short keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..i18n import MESSAGES as CATALOGUE, language_of, t as _text
from ..market import MarketStats, Summary, market_stats
from ..table_model import cell_width, cut, pad
from .bindings import localize_bindings
from .css import compact
from .histogram import FLOOR_STYLE, REFERENCE_STYLE, Histogram, Mark

if TYPE_CHECKING:
    from ..config import Config
    from ..model import Gig

#: The catalogue's ``market.*`` entries under their short keys (``"floor"`` → en / ja).
MESSAGES: dict[str, dict[str, str]] = {
    msg_id.removeprefix("market."): texts
    for msg_id, texts in CATALOGUE.items()
    if msg_id.startswith("market.")
}


def message(key: str, language: str) -> str:
    """The text of catalogue entry ``market.<key>`` in ``language``."""
    return _text(f"market.{key}", language)


def _man(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _yen(value: float | None) -> str:
    return "-" if value is None else f"{round(value):,}"


def _num(value: float) -> str:
    return f"{value:g}"


def summary_text(stats: MarketStats, lang: str) -> Text:
    """Counts, the median/mean/p25/p75 table and the references, as safe Text."""
    msg = lambda key: message(key, lang)  # noqa: E731
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(f"{stats.count}", style="bold")
    out.append(f" {msg('gigs')} · {msg('with_rate')} ")
    out.append(f"{stats.known}", style="bold")
    out.append("\n")
    out.append(f"{msg('unknown')}: ")
    out.append(f"{stats.unknown}", style="bold yellow" if stats.unknown else "bold")
    out.append("\n")
    if stats.monthly_man is None or stats.hourly_jpy is None:
        out.append(msg("no_rates"), style="italic dim")
        return out
    rows: list[tuple[str, Summary, object]] = [
        (msg("monthly"), stats.monthly_man, _man), (msg("hourly"), stats.hourly_jpy, _yen),
    ]
    header = ["", msg("median"), msg("mean"), msg("p25"), msg("p75")]
    cells = [header] + [
        [label, *(fmt(v) for v in (s.median, s.mean, s.p25, s.p75))]  # type: ignore[operator]
        for label, s, fmt in rows
    ]
    widths = [max(cell_width(r[i]) for r in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        line = pad(row[0], widths[0], "left") + "".join(
            "  " + pad(c, w, "right") for c, w in zip(row[1:], widths[1:])
        )
        out.append(line, style="bold" if n == 0 else "")
        out.append("\n")
    out.append(msg("hourly_note").format(hours=_num(stats.hours_per_month)), style="dim")
    out.append("\n")
    out.append("┊ ", style=REFERENCE_STYLE)
    out.append(_text("market.man_value", lang, label=msg("reference"), value=_num(stats.reference_man)),
               style=REFERENCE_STYLE)
    if stats.min_rate_man is not None:
        out.append("  ┊ ", style=FLOOR_STYLE)
        out.append(_text("market.man_value", lang, label=msg("floor"), value=_num(stats.min_rate_man)),
                   style=FLOOR_STYLE)
    return out


def skills_text(stats: MarketStats, lang: str) -> Text:
    """The top skills with their gig counts and median monthly rate."""
    msg = lambda key: message(key, lang)  # noqa: E731
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(msg("skills"), style="bold")
    out.append(f" ({msg('unit')})", style="dim")
    if not stats.top_skills:
        out.append("\n")
        out.append(msg("no_skills"), style="dim")
        return out
    rows = [(s.skill, str(s.count), _man(s.median_man)) for s in stats.top_skills]
    w0 = min(max(cell_width(r[0]) for r in rows), 14)
    w1 = max(cell_width(msg("skill_gigs")), *(cell_width(r[1]) for r in rows))
    w2 = max(cell_width(msg("skill_median")), *(cell_width(r[2]) for r in rows))
    out.append("\n")
    out.append(pad("", w0, "left") + "  " + pad(msg("skill_gigs"), w1, "right") + "  "
               + pad(msg("skill_median"), w2, "right"), style="dim")
    for name, count, median in rows:
        out.append("\n")
        out.append(pad(cut(name, w0), w0, "left"))
        out.append("  " + pad(count, w1, "right") + "  ")
        out.append(pad(median, w2, "right"), style="bold")
    return out


class MarketScreen(ModalScreen[None]):
    """The market panel for a list of gigs (the current view)."""

    DEFAULT_CSS = compact("""
    MarketScreen { align: center middle; }
    MarketScreen > #market-box {
        width: 100%; max-width: 140; height: 100%; max-height: 50;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #market-title { height: 1; text-style: bold; }
    #market-top { height: 1fr; min-height: 7; max-height: 16; }
    #market-summary { width: 46; height: 1fr; }
    #market-skills { width: 1fr; height: 1fr; padding: 0 0 0 1; }
    #market-histogram { height: 2fr; min-height: 6; }
    #market-hint { height: 1; color: $text-muted; }
    """)
    BINDINGS = [Binding("escape,q", "close", _text("key.close", "en"), id="back")]

    def __init__(self, gigs: Sequence["Gig"], config: "Config", *, view: str | None = None) -> None:
        super().__init__()
        self.config = config
        self.view = view
        self.language = language_of(config)
        localize_bindings(self, self.language)
        profile = getattr(config, "profile", None)
        self.stats: MarketStats = market_stats(
            gigs, config.money, min_rate=profile.min_rate if profile is not None else None
        )

    def _t(self, key: str) -> str:
        return message(key, self.language)

    def compose(self) -> ComposeResult:
        stats = self.stats
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        title.append(self._t("title"))
        if self.view:
            title.append(f" — {self.view}")
        title.append(f"  ({stats.count} {self._t('gigs')})", style="dim")
        marks = [Mark(stats.reference_man, self._t("reference"), REFERENCE_STYLE)]
        if stats.min_rate_man is not None:
            marks.append(Mark(stats.min_rate_man, self._t("floor"), FLOOR_STYLE))
        with Vertical(id="market-box"):
            yield Static(title, id="market-title")
            with Horizontal(id="market-top"):
                yield Static(summary_text(stats, self.language), id="market-summary")
                yield Static(skills_text(stats, self.language), id="market-skills")
            yield Histogram(
                [(b.lo, b.hi, b.count) for b in stats.histogram], marks=marks,
                unit=self._t("unit"), empty=self._t("no_rates"), lang=self.language, id="market-histogram",
            )
            yield Static(Text(self._t("hint"), no_wrap=True, overflow="ellipsis"), id="market-hint")

    def action_close(self) -> None:
        self.dismiss(None)

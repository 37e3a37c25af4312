"""The detail pane: every field of the gig under the cursor, as safe plain text.

Text from sources is never parsed as markup: everything is assembled from ``rich.text.Text``
objects built from plain strings, so ``[bold]`` or ``[link=…]`` in a title shows literally.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..format import describe_days, describe_rate, describe_settlement, fmt_yen
from ..model import Gig
from ..money import Money, effective_hourly, hourly_jpy

REMOTE_LABEL = {
    "full": "full remote (フルリモート)",
    "partial": "partly remote (一部リモート)",
    "onsite": "on site (常駐)",
    "unknown": "not stated",
}
FORM_LABEL = {
    "quasi_mandate": "準委任 (quasi-mandate)",
    "contract_for_work": "請負 (contract for work)",
    "dispatch": "派遣 (dispatch)",
    "employment": "雇用 (employment)",
    "unknown": "not stated",
}


def _when(dt: datetime | None, now: datetime) -> str:
    if dt is None:
        return "unknown"
    from ..cli.output import age

    return f"{dt.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC ({age(dt, now)} ago)"


def render_gig(
    gig: Gig,
    money: Money,
    *,
    now: datetime | None = None,
    attribution: dict[str, tuple[str, str | None]] | None = None,
    extra_sections: list[Text] | None = None,
) -> Text:
    """The detail text of one gig. ``attribution`` maps source name -> (title, homepage)."""
    now = now or datetime.now(timezone.utc)
    out = Text()
    out.append(gig.title, style="bold")
    out.append("\n")
    who = " · ".join(x for x in (gig.client, gig.agent and f"via {gig.agent}") if x)
    if who:
        out.append(who, style="italic")
        out.append("\n")
    if "sample" in gig.tags or gig.source == "sample":
        out.append("SAMPLE DATA — not a real listing\n", style="reverse")
    out.append("\n")

    def row(label: str, value: str | Text | None, style: str = "") -> None:
        if value in (None, ""):
            return
        out.append(f"{label:<11}", style="dim")
        if isinstance(value, Text):
            out.append_text(value)
        else:
            out.append(value, style=style)
        out.append("\n")

    row("Rate", describe_rate(gig, money))
    row("Days", describe_days(gig.days_per_week, raw=None))
    row("Remote", REMOTE_LABEL.get(gig.remote, gig.remote))
    row("Contract", FORM_LABEL.get(gig.contract_form, gig.contract_form))
    if gig.settlement_hours is not None:
        eff = effective_hourly(gig.monthly_jpy, gig.settlement_hours)
        text = describe_settlement(gig.settlement_hours)
        if eff is not None:
            text += f"  → effective {fmt_yen(eff.min)}–{fmt_yen(eff.max)} 円/h"
        row("Settlement", text)
    if gig.payment is not None:
        site = gig.payment.site_days
        extra = f"  (site {site} days; ~{site + 30} days from the first day worked)" if site is not None else ""
        row("Payment", gig.payment.raw + extra)
    if gig.engagement:
        row("Type", ", ".join(gig.engagement))
    row("Skills", ", ".join(gig.skills))
    tags = [t for t in gig.tags if t]
    row("Tags", ", ".join(tags))
    row("Location", gig.location)
    row("Posted", _when(gig.posted_at, now))
    if gig.first_seen:
        row("First seen", _when(gig.first_seen, now) + ("  NEW" if gig.is_new else ""))
    if gig.fit is not None:
        row("Fit", f"{gig.fit}/100")
        for reason in gig.fit_reasons:
            row("", f"• {reason}")
    row("URL", gig.url, style="underline")
    if gig.apply_url and gig.apply_url != gig.url:
        row("Apply", gig.apply_url, style="underline")
    members = gig.sources or []
    attribution = attribution or {}
    if members:
        for ref in members:
            title, home = attribution.get(ref.source, (ref.source, None))
            line = f"{title} ({ref.uid})"
            if home:
                line += f" — {home}"
            row("Source", line)
    else:
        title, home = attribution.get(gig.source, (gig.source, None))
        row("Source", f"{title}" + (f" — {home}" if home else ""))
    row("UID", gig.uid, style="dim")
    for section in extra_sections or []:
        out.append("\n")
        out.append_text(section)
    if gig.description:
        out.append("\n")
        out.append("─" * 20, style="dim")
        out.append("\n")
        out.append(gig.description)
    return out


class DetailPane(VerticalScroll, can_focus=False):
    """A scrolling pane that shows one gig."""

    DEFAULT_CSS = """
    DetailPane {
        padding: 0 1;
        border-left: vkey $foreground 20%;
    }
    DetailPane > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(Text("No gig selected."), id="detail-body")

    def show(self, text: Text | None) -> None:
        body = self.query_one("#detail-body", Static)
        body.update(text if text is not None else Text("No gig selected.", style="dim"))
        self.scroll_home(animate=False)

"""Human text for money, days and settlement (shared by the detail pane, CLI and reports)."""

from __future__ import annotations

from datetime import datetime

from .model import Gig, Settlement, Span
from .money import Money, hourly_jpy


def fmt_num(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def fmt_yen(value: float | None) -> str:
    return "?" if value is None else f"{int(round(value)):,}"


def fmt_man(value: float | None) -> str:
    """JPY as 万円 with at most one decimal: 800000 -> '80', 755000 -> '75.5'."""
    if value is None:
        return "?"
    man = value / 10_000
    return f"{man:.0f}" if abs(man - round(man)) < 0.05 else f"{man:.1f}"


def span_text(span: Span | None, fmt=fmt_num, sep: str = "–") -> str:
    """'60–90', '〜100', '80〜' style ranges; '' when unknown."""
    if span is None or (span.min is None and span.max is None):
        return ""
    if span.min is not None and span.max is not None:
        if span.min == span.max:
            return fmt(span.min)
        return f"{fmt(span.min)}{sep}{fmt(span.max)}"
    if span.min is not None:
        return f"{fmt(span.min)}〜"
    return f"〜{fmt(span.max)}"


def describe_rate(gig: Gig, money: Money) -> str:
    """'60〜90万円/月  = 60–90 万円/月 · 3,750–5,625 円/h' (raw text kept first)."""
    parts = []
    if gig.rate is not None and gig.rate.raw:
        parts.append(gig.rate.raw)
    monthly = span_text(gig.monthly_jpy, fmt_man)
    if monthly:
        hourly = span_text(hourly_jpy(gig.monthly_jpy, money), fmt_yen)
        parts.append(f"= {monthly} 万円/月 · {hourly} 円/h")
    elif gig.rate is not None and gig.rate.period == "project":
        parts.append("(fixed price for the project)")
    return "  ".join(parts) if parts else "not stated"


def describe_days(days: Span | None, raw: str | None = None) -> str:
    text = span_text(days)
    return f"{text} days/week" if text else ""


def describe_settlement(s: Settlement) -> str:
    if s.fixed:
        return "fixed fee, no settlement (精算なし)"
    return f"{span_text(Span(s.min, s.max))} h/month (精算幅)"


def age(when: datetime | None, now: datetime) -> str:
    """A compact age: 5m, 3h, 2d, 6w."""
    if when is None:
        return "?"
    seconds = max((now - when).total_seconds(), 0)
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 86400 * 14:
        return f"{int(seconds // 86400)}d"
    return f"{int(seconds // (86400 * 7))}w"

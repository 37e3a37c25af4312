"""The one money setting: every rate comparison and conversion goes through it.

``[money]`` in config: ``hours_per_month`` (160), ``days_per_month`` (20) and ``fx``
(JPY per unit of a currency). No network look-ups: rates are the user's.
"""

from __future__ import annotations

from dataclasses import field

from .model import Rate, Settlement, Span
from .record import record

DEFAULT_FX: dict[str, float] = {
    "JPY": 1.0,
    "USD": 150.0,
    "EUR": 160.0,
    "GBP": 190.0,
    "CAD": 108.0,
    "AUD": 98.0,
    "CHF": 170.0,
    "SGD": 112.0,
    "INR": 1.8,
    "CNY": 21.0,
    "KRW": 0.11,
    "PLN": 37.0,
    "SEK": 14.0,
    "NZD": 90.0,
    "HKD": 19.0,
    "BRL": 28.0,
}

MAN = 10_000  # 1万円


@record
class Money:
    """Conversion settings: periods to a month, currencies to JPY."""

    hours_per_month: float = 160.0
    days_per_month: float = 20.0
    fx: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FX))

    def per_month_factor(self, period: str | None) -> float | None:
        """How many of ``period`` make one month; None for a project price or unknown."""
        return {
            "hour": self.hours_per_month,
            "day": self.days_per_month,
            "week": 52 / 12,
            "month": 1.0,
            "year": 1 / 12,
        }.get(period or "")

    def to_jpy_factor(self, currency: str | None) -> float | None:
        if currency is None:
            return None
        if currency.upper() == "JPY":
            return 1.0
        return self.fx.get(currency.upper())


def monthly_jpy(rate: Rate | None, money: Money) -> Span | None:
    """A rate as JPY per month (rounded to whole yen), or None when it cannot be derived."""
    if rate is None or (rate.min is None and rate.max is None):
        return None
    period = money.per_month_factor(rate.period)
    fx = money.to_jpy_factor(rate.currency)
    if period is None or fx is None:
        return None

    def conv(v: float | None) -> float | None:
        if v is None:
            return None
        value = v * period * fx
        # Absurd figures (a mis-parsed phone number) are unknown, never an overflow.
        if value != value or abs(value) > 1e13:
            return None
        return float(round(value))

    return Span(conv(rate.min), conv(rate.max))


def hourly_jpy(monthly: Span | None, money: Money) -> Span | None:
    """The hourly equivalent of a monthly figure: monthly ÷ hours_per_month."""
    if monthly is None:
        return None
    h = money.hours_per_month

    def conv(v: float | None) -> float | None:
        return None if v is None else float(round(v / h))

    return Span(conv(monthly.min), conv(monthly.max))


def effective_hourly(monthly: Span | None, settlement: Settlement | None) -> Span | None:
    """Effective JPY/hour over a settlement range: fee ÷ hours.

    The low end is the lowest fee over the most hours, the high end the highest fee over
    the fewest hours: 80万円 at 140–180 h gives 4,444–5,714 JPY/h.
    """
    if monthly is None or settlement is None or settlement.fixed:
        return None
    lo_fee = monthly.min if monthly.min is not None else monthly.max
    hi_fee = monthly.max if monthly.max is not None else monthly.min
    lo_h, hi_h = settlement.min, settlement.max
    if lo_fee is None or hi_fee is None or (lo_h is None and hi_h is None):
        return None
    most = hi_h if hi_h else lo_h
    fewest = lo_h if lo_h else hi_h
    if not most or not fewest:
        return None
    return Span(float(round(lo_fee / most)), float(round(hi_fee / fewest)))


def man(value: float | None) -> float | None:
    """JPY to 万円."""
    return None if value is None else value / MAN

"""Rate statistics of a view: the figures of the market panel (``m``) and ``gigs stats``.

Plain Python (no Textual). Each gig counts once, at the midpoint of its monthly range in
JPY, or at its one known bound (``80万〜`` counts 80万, ``〜100万`` counts 100万); the
monthly figure is the gig's ``monthly_jpy``, else derived from its rate with the one
``[money]`` setting. Gigs without a monthly figure (no rate, an unknown currency, a
project price) are counted apart as ``unknown`` — never as zero.

Percentiles are ``statistics.quantiles(data, n=4, method="inclusive")`` (linear
interpolation); with one known rate every figure is that rate. Hourly figures are the
monthly ones ÷ ``money.hours_per_month``.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import field
from typing import Any, Iterable, Sequence

from .model import Gig
from .money import MAN, Money, monthly_jpy
from .normalize.skills import canonical_skill, skill_key
from .record import record

#: The average monthly rate of ML gigs across the agents one aggregator indexes,
#: about 84万円/month (../shared/DOMAIN.md, "The market, in facts").
MARKET_AVERAGE_MAN = 84
#: Histogram bin width in 万円/month.
BIN_MAN = 10
#: How many skills ``top_skills`` lists by default.
TOP_SKILLS = 15


@record
class Summary:
    """Median, mean and quartiles of one list of figures (all in the same unit)."""

    median: float
    mean: float
    p25: float
    p75: float

    @classmethod
    def of(cls, values: Sequence[float]) -> "Summary | None":
        """The summary of ``values``; None when there are none."""
        if not values:
            return None
        if len(values) == 1:
            v = float(values[0])
            return cls(v, v, v, v)
        p25, _, p75 = statistics.quantiles(values, n=4, method="inclusive")
        return cls(
            float(statistics.median(values)), float(statistics.fmean(values)),
            float(p25), float(p75),
        )

    def to_json(self, digits: int) -> dict[str, float]:
        return {
            "median": _round(self.median, digits),
            "mean": _round(self.mean, digits),
            "p25": _round(self.p25, digits),
            "p75": _round(self.p75, digits),
        }


@record
class Bin:
    """One histogram bin: ``lo`` ≤ rate < ``hi`` (万円/month), and how many gigs."""

    lo: float
    hi: float
    count: int


@record
class SkillStat:
    """A skill of the view: how many gigs ask for it, and their median monthly rate."""

    skill: str
    count: int
    known: int  # of those, gigs with a monthly figure
    median_man: float | None


@record
class MarketStats:
    """The rate picture of a list of gigs. Monthly figures in 万円, hourly in JPY."""

    count: int
    known: int
    unknown: int
    monthly_man: Summary | None
    hourly_jpy: Summary | None
    histogram: list[Bin] = field(default_factory=list)
    top_skills: list[SkillStat] = field(default_factory=list)
    reference_man: float = MARKET_AVERAGE_MAN
    min_rate_man: float | None = None
    bin_man: float = BIN_MAN
    hours_per_month: float = 160.0
    #: Every gig's monthly figure (万円) that went into the figures, in view order.
    values_man: list[float] = field(default_factory=list)

    @property
    def max_count(self) -> int:
        """The tallest histogram bin (0 when empty)."""
        return max((b.count for b in self.histogram), default=0)

    def to_json(self) -> dict[str, Any]:
        """The figures as JSON (``gigs stats --format json``)."""
        return {
            "count": self.count,
            "known": self.known,
            "unknown": self.unknown,
            "monthly_man": self.monthly_man.to_json(2) if self.monthly_man else None,
            "hourly_jpy": self.hourly_jpy.to_json(0) if self.hourly_jpy else None,
            "histogram": [
                {"lo": _round(b.lo, 2), "hi": _round(b.hi, 2), "count": b.count}
                for b in self.histogram
            ],
            "bin_man": _round(self.bin_man, 2),
            "reference_man": _round(self.reference_man, 2),
            "min_rate_man": None if self.min_rate_man is None else _round(self.min_rate_man, 2),
            "hours_per_month": _round(self.hours_per_month, 2),
            "top_skills": [
                {"skill": s.skill, "count": s.count, "known": s.known,
                 "median_man": None if s.median_man is None else _round(s.median_man, 2)}
                for s in self.top_skills
            ],
        }


def _round(value: float, digits: int) -> float | int:
    """Rounded for JSON; integral results become ints (80.0 -> 80)."""
    r = round(float(value), digits)
    return int(r) if float(r).is_integer() else r


def monthly_man(gig: Gig, money: Money) -> float | None:
    """The one monthly figure a gig counts at (万円): midpoint, or its one known bound."""
    span = gig.monthly_jpy if gig.monthly_jpy is not None else monthly_jpy(gig.rate, money)
    if span is None:
        return None
    mid = span.mid
    if mid is None or not math.isfinite(mid):
        return None
    return mid / MAN


def histogram(values: Iterable[float], bin_man: float = BIN_MAN) -> list[Bin]:
    """Counts in bins ``[0, w)``, ``[w, 2w)`` … up to the bin holding the largest value.

    Negative values (never a real rate) count in the first bin. No values: no bins.
    """
    data = list(values)
    if not data:
        return []
    top = max(data)
    n = int(max(top, 0) // bin_man) + 1
    counts = [0] * n
    for v in data:
        counts[min(max(int(v // bin_man), 0), n - 1)] += 1
    return [Bin(i * bin_man, (i + 1) * bin_man, c) for i, c in enumerate(counts)]


def top_skills(
    gigs: Sequence[Gig], values: Sequence[float | None], limit: int = TOP_SKILLS
) -> list[SkillStat]:
    """The skills the most gigs ask for (canonical names), with their median rate.

    Ties go to the skill seen first. ``values[i]`` is gig i's monthly figure or None.
    """
    names: dict[str, str] = {}
    rates: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    keys: dict[str, str] = {}
    for gig, value in zip(gigs, values):
        seen: set[str] = set()
        for name in gig.skills or ():
            if not isinstance(name, str):
                continue
            key = keys.get(name)
            if key is None:
                key = keys[name] = skill_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            if key not in names:
                names[key] = canonical_skill(name)
                rates[key] = []
                counts[key] = 0
            counts[key] += 1
            if value is not None:
                rates[key].append(value)
    order = sorted(counts, key=lambda k: -counts[k])[: max(limit, 0)]
    return [
        SkillStat(names[k], counts[k], len(rates[k]),
                  float(statistics.median(rates[k])) if rates[k] else None)
        for k in order
    ]


def market_stats(
    gigs: Sequence[Gig],
    money: Money,
    *,
    min_rate: float | None = None,
    skills: int = TOP_SKILLS,
) -> MarketStats:
    """The rate statistics of ``gigs`` (the gigs of one view). See the module docstring.

    ``min_rate`` is the user's floor (``[profile] min_rate``, 万円/month), carried along
    for display; ``skills`` how many top skills to list.
    """
    per_gig = [monthly_man(g, money) for g in gigs]
    known = [v for v in per_gig if v is not None]
    hours = money.hours_per_month or 160.0
    hourly = [v * MAN / hours for v in known]
    return MarketStats(
        count=len(gigs),
        known=len(known),
        unknown=len(gigs) - len(known),
        monthly_man=Summary.of(known),
        hourly_jpy=Summary.of(hourly),
        histogram=histogram(known),
        top_skills=top_skills(gigs, per_gig, skills),
        reference_man=MARKET_AVERAGE_MAN,
        min_rate_man=None if min_rate is None else float(min_rate),
        bin_man=BIN_MAN,
        hours_per_month=float(hours),
        values_man=known,
    )


__all__ = [
    "BIN_MAN", "MARKET_AVERAGE_MAN", "Bin", "MarketStats", "SkillStat", "Summary",
    "histogram", "market_stats", "monthly_man", "top_skills",
]

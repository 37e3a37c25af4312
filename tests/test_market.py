"""Market statistics against figures computed independently here (statistics module on
hand-written lists), unknown rates counted apart, one-bound ranges, histogram bins."""

from __future__ import annotations

import json
import statistics

import pytest

from tui.market import (BIN_MAN, MARKET_AVERAGE_MAN, histogram, market_stats, monthly_man,
                        top_skills)
from tui.model import Gig, Rate, Span
from tui.money import Money

MONEY = Money()


def gig(n: int, monthly: tuple[float | None, float | None] | None = None, **kw) -> Gig:
    """A gig whose monthly rate is given in 万円 (None = no figure)."""
    span = None
    if monthly is not None:
        lo, hi = monthly
        span = Span(None if lo is None else lo * 10_000, None if hi is None else hi * 10_000)
    return Gig(uid=f"t:{n}", source="t", source_id=str(n), title=f"gig {n}", monthly_jpy=span, **kw)


def quartiles(values: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def test_market_average_is_the_domain_figure():
    assert MARKET_AVERAGE_MAN == 84
    assert market_stats([], MONEY).reference_man == 84


def test_figures_match_statistics_on_hand_lists():
    gigs = [
        gig(1, (60, 90)),      # midpoint 75
        gig(2, (80, 80)),      # 80
        gig(3, (100, None)),   # one known bound: 100万〜 counts 100
        gig(4, (None, 120)),   # 〜120万 counts 120
        gig(5, (50, 70)),      # 60
        gig(6, None),          # unknown
        gig(7, None, rate=Rate(3_000_000, None, "JPY", "project", "300万円", False)),  # project
    ]
    stats = market_stats(gigs, MONEY, min_rate=80)
    hand = [75.0, 80.0, 100.0, 120.0, 60.0]
    assert stats.count == 7
    assert stats.known == 5
    assert stats.unknown == 2
    assert sorted(stats.values_man) == sorted(hand)
    m = stats.monthly_man
    assert m is not None
    assert m.median == pytest.approx(statistics.median(hand))
    assert m.mean == pytest.approx(statistics.mean(hand))
    p25, p75 = quartiles(hand)
    assert (m.p25, m.p75) == (pytest.approx(p25), pytest.approx(p75))
    # hourly = monthly ÷ hours_per_month, in JPY
    hourly = [v * 10_000 / 160 for v in hand]
    h = stats.hourly_jpy
    assert h is not None
    assert h.median == pytest.approx(statistics.median(hourly))
    assert h.mean == pytest.approx(statistics.mean(hourly))
    assert (h.p25, h.p75) == (pytest.approx(quartiles(hourly)[0]), pytest.approx(quartiles(hourly)[1]))
    assert stats.min_rate_man == 80


def test_unknown_rates_are_never_zero():
    with_unknowns = [gig(1, (80, 80)), gig(2, (100, 100)), gig(3, None), gig(4, None)]
    known_only = with_unknowns[:2]
    a = market_stats(with_unknowns, MONEY)
    b = market_stats(known_only, MONEY)
    assert a.monthly_man == b.monthly_man
    assert a.unknown == 2 and b.unknown == 0
    assert sum(bin_.count for bin_ in a.histogram) == a.known == 2
    assert a.histogram[0].count == 0


def test_rates_are_converted_with_the_one_money_setting():
    money = Money(hours_per_month=140, fx={"USD": 100.0})
    gigs = [
        Gig(uid="t:1", source="t", source_id="1", title="a",
            rate=Rate(50, 70, "USD", "hour", "$50-70/h", False)),      # no monthly_jpy: derived
        Gig(uid="t:2", source="t", source_id="2", title="b",
            rate=Rate(40_000, None, "JPY", "day", "日額4万円", True)),   # × days_per_month 20
        Gig(uid="t:3", source="t", source_id="3", title="c",
            rate=Rate(90, None, "XYZ", "hour", "90 XYZ/h", True)),      # unknown currency
    ]
    stats = market_stats(gigs, money)
    first = (50 * 140 * 100 + 70 * 140 * 100) / 2 / 10_000
    second = 40_000 * 20 / 10_000
    assert sorted(stats.values_man) == sorted([first, second])
    assert stats.unknown == 1
    assert stats.hourly_jpy is not None
    assert stats.hourly_jpy.mean == pytest.approx(statistics.mean([first, second]) * 10_000 / 140)
    assert stats.hours_per_month == 140


def test_one_gig_and_no_gigs():
    one = market_stats([gig(1, (70, 90))], MONEY)
    assert one.monthly_man is not None
    assert (one.monthly_man.median, one.monthly_man.mean, one.monthly_man.p25,
            one.monthly_man.p75) == (80, 80, 80, 80)
    none = market_stats([gig(1, None)], MONEY)
    assert none.monthly_man is None and none.hourly_jpy is None
    assert none.histogram == [] and none.known == 0 and none.unknown == 1
    empty = market_stats([], MONEY)
    assert empty.count == 0 and empty.to_json()["monthly_man"] is None


@pytest.mark.parametrize(
    "values, expected",
    [
        ([0, 9.99, 10, 25, 84], [2, 1, 1, 0, 0, 0, 0, 0, 1]),
        ([90], [0] * 9 + [1]),                    # a value on an edge opens the next bin
        ([5, 5, 5], [3]),
        ([], []),
        ([12.5, 19.999, 20.0, 39.9], [0, 2, 1, 1]),
    ],
)
def test_histogram_bins(values, expected):
    bins = histogram(values)
    assert [b.count for b in bins] == expected
    for i, b in enumerate(bins):
        assert (b.lo, b.hi) == (i * BIN_MAN, (i + 1) * BIN_MAN)
    # every value lands in the bin whose [lo, hi) holds it
    for v in values:
        assert sum(1 for b in bins if b.lo <= v < b.hi) == 1


def test_histogram_of_stats_counts_each_known_gig_once():
    gigs = [gig(i, (v, v + 10)) for i, v in enumerate([55, 60, 75, 75, 80, 118])]
    stats = market_stats(gigs, MONEY)
    mids = [v + 5 for v in [55, 60, 75, 75, 80, 118]]
    assert len(stats.histogram) == int(max(mids) // 10) + 1
    for b in stats.histogram:
        assert b.count == sum(1 for m in mids if b.lo <= m < b.hi)
    assert stats.max_count == 3  # 80, 80 and 85 share [80, 90)


def test_top_skills_count_canonical_names_with_median_rate():
    gigs = [
        gig(1, (80, 80), skills=("Python", "PyTorch")),
        gig(2, (100, 100), skills=("python", "torch")),      # aliases and case fold together
        gig(3, (60, 60), skills=("Python", "SQL")),
        gig(4, None, skills=("PyTorch",)),                   # unknown rate: counted, no median
        gig(5, (90, 90), skills=("SQL", "sql")),             # one gig counts once per skill
    ]
    stats = market_stats(gigs, MONEY)
    by_name = {s.skill: s for s in stats.top_skills}
    assert [s.skill for s in stats.top_skills][:2] == ["Python", "PyTorch"]
    assert by_name["Python"].count == 3
    assert by_name["Python"].median_man == statistics.median([80, 100, 60])
    assert by_name["PyTorch"].count == 3 and by_name["PyTorch"].known == 2
    assert by_name["PyTorch"].median_man == statistics.median([80, 100])
    assert by_name["SQL"].count == 2
    assert by_name["SQL"].median_man == statistics.median([60, 90])
    assert len(top_skills(gigs, [monthly_man(g, MONEY) for g in gigs], limit=1)) == 1


def test_to_json_is_plain_json_with_the_figures():
    gigs = [gig(1, (60, 90), skills=("Python",)), gig(2, (100, 100)), gig(3, None)]
    data = market_stats(gigs, MONEY, min_rate=80).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["count"] == 3 and data["known"] == 2 and data["unknown"] == 1
    assert data["monthly_man"]["median"] == pytest.approx(statistics.median([75, 100]))
    assert data["reference_man"] == 84 and data["min_rate_man"] == 80
    assert data["bin_man"] == 10
    assert [b["count"] for b in data["histogram"]][7] == 1
    assert data["top_skills"] == [{"skill": "Python", "count": 1, "known": 1, "median_man": 75}]

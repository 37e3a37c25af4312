"""Sort keys and the stable multi-key sort with unknown values last."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.errors import UsageError
from tui.model import COLUMN_IDS, Gig, Span
from tui.money import Money
from tui.query import QueryContext, SearchIndex, SortKey, format_sort, parse_sort, sort_indices

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
MAN = 10_000


@pytest.mark.parametrize(("spec", "keys"), [
    ("rate", [SortKey("rate")]),
    ("-rate", [SortKey("rate", True)]),
    ("+rate", [SortKey("rate")]),
    ("rate:desc", [SortKey("rate", True)]),
    ("rate:asc", [SortKey("rate")]),
    ("RATE:DESC", [SortKey("rate", True)]),
    ("-rate:desc", [SortKey("rate", True)]),
    ("-rate,title", [SortKey("rate", True), SortKey("title")]),
    (" -fit , -rate ,", [SortKey("fit", True), SortKey("rate", True)]),
    (["-fit", "-rate"], [SortKey("fit", True), SortKey("rate", True)]),
    (["-fit,title", "posted:desc"],
     [SortKey("fit", True), SortKey("title"), SortKey("posted", True)]),
    ("", []),
    ([], []),
    (None, []),
])
def test_parse_sort(spec: object, keys: list[SortKey]) -> None:
    assert parse_sort(spec) == keys  # type: ignore[arg-type]


def test_every_column_id_is_a_sort_key() -> None:
    for column in COLUMN_IDS:
        assert parse_sort(f"-{column}") == [SortKey(column, True)]
    assert format_sort(parse_sort("-rate,title")) == "-rate,title"


@pytest.mark.parametrize(("spec", "fragment"), [
    ("salary", "unknown sort key 'salary'"),
    ("-rate,colour", "unknown sort key 'colour'"),
    ("rate:up", "bad sort direction"),
    ("-rate:asc", "conflicting"),
    ("-", "unknown sort key"),
])
def test_parse_sort_errors(spec: str, fragment: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_sort(spec)
    assert fragment in str(info.value)
    if "unknown" in fragment:
        assert ", ".join(COLUMN_IDS) in str(info.value)


def g(n: int, **kw: object) -> Gig:
    return Gig(uid=f"s:{n}", source="s", source_id=str(n), title=kw.pop("title", f"t{n}"),
               **kw)  # type: ignore[arg-type]


GIGS = [
    g(0, title="beta", monthly_jpy=Span(80 * MAN, 100 * MAN), remote="full",
      days_per_week=Span(3, 5), posted_at=NOW - timedelta(days=1), contract_form="dispatch"),
    g(1, title="Alpha", monthly_jpy=None, remote="onsite", days_per_week=Span(None, 2)),
    g(2, title="gamma", monthly_jpy=Span(None, 60 * MAN), remote="unknown",
      posted_at=NOW - timedelta(days=3), contract_form="quasi_mandate"),
    g(3, title="", monthly_jpy=Span(90 * MAN, None), remote="partial",
      days_per_week=Span(5, 5), posted_at=NOW - timedelta(hours=1)),
    g(4, title="delta", monthly_jpy=Span(90 * MAN, 90 * MAN), remote="full",
      contract_form="quasi_mandate"),
    g(5, title="ALPHA", monthly_jpy=None, remote="full", days_per_week=Span(3, 3)),
]
ROWS = list(range(len(GIGS)))


def ctx(**kw: object) -> QueryContext:
    return QueryContext(money=Money(), now=NOW, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("spec", "order"), [
    # rate: monthly midpoint (0: 90, 2: 60, 3: 90 open, 4: 90); unknown (1, 5) last
    ("rate", [2, 0, 3, 4, 1, 5]),
    ("-rate", [0, 3, 4, 2, 1, 5]),
    ("hourly", [2, 0, 3, 4, 1, 5]),
    ("-hourly", [0, 3, 4, 2, 1, 5]),
    # text casefolded; empty title is unknown
    ("title", [1, 5, 0, 4, 2, 3]),
    ("-title", [2, 4, 0, 1, 5, 3]),
    # remote: full < partial < onsite, unknown last
    ("remote", [0, 4, 5, 3, 1, 2]),
    ("-remote", [1, 3, 0, 4, 5, 2]),
    # days by the minimum (1 has only a max: 2)
    ("days", [1, 0, 5, 3, 2, 4]),
    ("-days", [3, 0, 5, 1, 2, 4]),
    # posted time: newest has the largest time
    ("posted", [2, 0, 3, 1, 4, 5]),
    ("-posted", [3, 0, 2, 1, 4, 5]),
    ("first_seen", [0, 1, 2, 3, 4, 5]),
    # form: quasi_mandate < contract_for_work < dispatch < employment
    ("form", [2, 4, 0, 1, 3, 5]),
    ("-form", [0, 2, 4, 1, 3, 5]),
    # several keys: the first is the most significant
    ("remote,-rate", [0, 4, 5, 3, 1, 2]),
    ("-rate,title", [0, 4, 3, 2, 1, 5]),
    ("-rate,-title", [4, 0, 3, 2, 1, 5]),  # "Alpha" = "ALPHA": input order
    ("", [0, 1, 2, 3, 4, 5]),
])
def test_sort_indices(spec: str, order: list[int]) -> None:
    keys = parse_sort(spec)
    assert sort_indices(GIGS, ROWS, keys, ctx()) == order
    index = SearchIndex(GIGS, Money())
    assert sort_indices(GIGS, ROWS, keys, ctx(), index=index) == order


def test_sort_is_stable_in_both_directions() -> None:
    same = [g(i, title="Same", monthly_jpy=Span(80 * MAN, 80 * MAN)) for i in range(5)]
    for spec in ("rate", "-rate", "title:asc", "remote", "-remote"):
        assert sort_indices(same, [3, 1, 4, 0, 2], parse_sort(spec), ctx()) == [3, 1, 4, 0, 2]


def test_sort_only_touches_the_given_indices() -> None:
    assert sort_indices(GIGS, [5, 2, 0], parse_sort("-rate"), ctx()) == [0, 2, 5]
    assert sort_indices(GIGS, [], parse_sort("-rate"), ctx()) == []


def test_context_columns() -> None:
    starred = {"s:2", "s:4"}
    status = {"s:0": "offered", "s:1": "interested", "s:3": "applied"}
    checks = {"s:0": (3, 1), "s:5": (5, 0), "s:2": ()}
    fits = {"s:1": 40, "s:3": 88}
    c = ctx(is_starred=starred.__contains__, status_of=status.get, checks_of=checks.get,
            fit_of=fits.get)
    assert sort_indices(GIGS, ROWS, parse_sort("-star"), c) == [2, 4, 0, 1, 3, 5]
    assert sort_indices(GIGS, ROWS, parse_sort("star"), c) == [0, 1, 3, 5, 2, 4]
    assert sort_indices(GIGS, ROWS, parse_sort("status"), c) == [1, 3, 0, 2, 4, 5]
    assert sort_indices(GIGS, ROWS, parse_sort("-status"), c) == [0, 3, 1, 2, 4, 5]
    assert sort_indices(GIGS, ROWS, parse_sort("-checks"), c) == [5, 0, 1, 2, 3, 4]
    assert sort_indices(GIGS, ROWS, parse_sort("-fit"), c) == [3, 1, 0, 2, 4, 5]
    assert sort_indices(GIGS, ROWS, parse_sort("fit"), c) == [1, 3, 0, 2, 4, 5]


def test_fit_defaults_to_the_gig_field() -> None:
    gigs = [g(0, fit=10), g(1), g(2, fit=70)]
    assert sort_indices(gigs, [0, 1, 2], parse_sort("-fit"), ctx()) == [2, 0, 1]


def test_skills_sort_by_their_text() -> None:
    gigs = [g(0, skills=("SQL",)), g(1), g(2, skills=("Python", "AWS"))]
    assert sort_indices(gigs, [0, 1, 2], parse_sort("skills"), ctx()) == [2, 0, 1]
    assert sort_indices(gigs, [0, 1, 2], parse_sort("-skills"), ctx()) == [0, 2, 1]


rates = st.one_of(st.none(), st.integers(min_value=0, max_value=200))


@settings(max_examples=200, deadline=None)
@given(st.lists(rates, max_size=30), st.booleans())
def test_unknowns_last_and_stable_for_any_rates(values: list[int | None], desc: bool) -> None:
    gigs = [g(i, monthly_jpy=None if v is None else Span(v * MAN, v * MAN))
            for i, v in enumerate(values)]
    order = sort_indices(gigs, list(range(len(gigs))), [SortKey("rate", desc)], ctx())
    assert sorted(order) == list(range(len(gigs)))
    known = [i for i in order if values[i] is not None]
    unknown = [i for i in order if values[i] is None]
    assert order == known + unknown
    assert unknown == sorted(unknown)
    got = [values[i] for i in known]
    assert got == sorted(got, reverse=desc)
    for a, b in zip(known, known[1:]):  # ties keep their input order
        if values[a] == values[b]:
            assert a < b

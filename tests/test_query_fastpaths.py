"""The fast paths a keystroke takes at 100,000 gigs give the plain paths' answers.

A qualifier on ``remote``/``form`` reads kept posting lists; sorting many rows picks them
out of the kept order of every row; a free word ranks title hits first, in C. Each is
checked against a plain Python reference over random gigs.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import CONTRACT_FORMS, REMOTES, Gig, Span
from tui.money import Money
from tui.query import QueryContext, SearchIndex, parse_sort, search, sort_indices
from tui.query.evaluate import _within
from tui.query.sort import _sort

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
MAN = 10_000
WORDS = ["pytorch", "vision", "llm", "データ", "基盤", "mlops", "rag", "torch"]

gig_st = st.builds(
    dict,
    title=st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
    client=st.lists(st.sampled_from(WORDS), max_size=2).map(" ".join),
    remote=st.sampled_from(REMOTES),
    form=st.sampled_from(CONTRACT_FORMS),
    rate=st.one_of(st.none(), st.integers(30, 200)),
    age=st.one_of(st.none(), st.integers(0, 90)),
)


def make(specs: list[dict]) -> tuple[list[Gig], SearchIndex]:
    gigs = []
    for n, s in enumerate(specs):
        gigs.append(Gig(
            uid=f"s:{n}", source="s", source_id=str(n), title=s["title"], client=s["client"],
            remote=s["remote"], contract_form=s["form"],
            monthly_jpy=None if s["rate"] is None else Span(s["rate"] * MAN, s["rate"] * MAN),
            posted_at=None if s["age"] is None else NOW - timedelta(days=s["age"]),
        ))
    return gigs, SearchIndex(gigs, Money())


def ctx() -> QueryContext:
    return QueryContext(money=Money(), now=NOW)


@settings(max_examples=60, deadline=None)
@given(st.lists(gig_st, min_size=1, max_size=80), st.data())
def test_remote_and_form_qualifiers_match_a_plain_scan(specs, data) -> None:
    gigs, index = make(specs)
    remote = data.draw(st.sampled_from(REMOTES))
    form = data.draw(st.sampled_from(CONTRACT_FORMS))
    assert search(index, f"remote:{remote}", ctx()) == [
        i for i, g in enumerate(gigs) if g.remote == remote]
    both = search(index, f"remote:{remote} form:{form}", ctx())
    assert both == [i for i, g in enumerate(gigs)
                    if g.remote == remote and g.contract_form == form]
    # And inside a set of candidates (an `and` with a cheaper part first).
    rate = search(index, f"rate>=90 remote:{remote}", ctx())
    assert rate == [i for i, g in enumerate(gigs) if g.remote == remote
                    and g.monthly_jpy is not None and g.monthly_jpy.max >= 90 * MAN]


@settings(max_examples=60, deadline=None)
@given(st.lists(gig_st, min_size=8, max_size=80), st.sampled_from(
    ["rate", "-rate", "posted", "-posted", "title", "-title"]), st.data())
def test_sorting_many_rows_from_the_kept_order_matches_a_real_sort(specs, spec, data) -> None:
    gigs, index = make(specs)
    keys = parse_sort(spec)
    everything = sort_indices(gigs, list(range(len(gigs))), keys, ctx(), index=index)  # kept
    assert index.__dict__["_full_orders"][keys[0]] == everything
    subset = sorted(data.draw(st.sets(st.integers(0, len(gigs) - 1),
                                      min_size=max(1, len(gigs) // 4))))
    fast = sort_indices(gigs, subset, keys, ctx(), index=index)
    assert fast == _sort(list(subset), keys, gigs, ctx(), index)
    assert sorted(fast) == subset


@settings(max_examples=60, deadline=None)
@given(st.lists(gig_st, min_size=1, max_size=80), st.sampled_from(WORDS))
def test_a_free_word_ranks_title_hits_first_then_index_order(specs, word) -> None:
    gigs, index = make(specs)
    got = search(index, word, ctx(), deep=False)
    in_title = [i for i, g in enumerate(gigs) if word in g.title.casefold()]
    elsewhere = [i for i, g in enumerate(gigs)
                 if word not in g.title.casefold() and word in (g.client or "").casefold()]
    assert got == in_title + elsewhere


@given(st.sets(st.integers(0, 299)), st.lists(st.integers(0, 299), unique=True))
def test_within_keeps_the_candidates_order(rows, cand) -> None:
    keep = set(rows)
    assert _within(sorted(rows), cand, 300) == [i for i in cand if i in keep]


@settings(max_examples=40, deadline=None)
@given(st.lists(gig_st, min_size=2, max_size=60), st.sampled_from(["-posted", "rate", "-title"]),
       st.data())
def test_gigs_stored_in_the_view_order_need_no_sort(specs, spec, data) -> None:
    gigs, index = make(specs)
    keys = parse_sort(spec)
    ordered = [gigs[i] for i in sort_indices(gigs, list(range(len(gigs))), keys, ctx(), index=index)]
    index = SearchIndex(ordered, Money())
    assert sort_indices(ordered, list(range(len(ordered))), keys, ctx(), index=index) == list(
        range(len(ordered)))
    assert keys[0] in index.__dict__["_native_orders"]
    subset = sorted(data.draw(st.sets(st.integers(0, len(ordered) - 1), min_size=1)))
    assert sort_indices(ordered, subset, keys, ctx(), index=index) == subset
    assert subset == _sort(list(subset), keys, ordered, ctx(), index)


@settings(max_examples=40, deadline=None)
@given(st.lists(gig_st, min_size=1, max_size=80), st.sampled_from(WORDS))
def test_typing_a_word_letter_by_letter_gives_the_fresh_answer(specs, word) -> None:
    gigs, index = make(specs)
    for end in range(1, len(word) + 1):  # "p", "py", "pyt"… each from the kept hits
        typed = word[:end]
        fresh = SearchIndex(gigs, Money())
        assert search(index, typed, ctx(), deep=False) == search(fresh, typed, ctx(), deep=False)
        assert index.title_hits(typed) == fresh.title_hits(typed)
    index.forget(word)
    assert word not in index.__dict__["_hits"] and word not in index.__dict__["_title_hits"]
    assert search(index, word, ctx(), deep=False) == search(
        SearchIndex(gigs, Money()), word, ctx(), deep=False)

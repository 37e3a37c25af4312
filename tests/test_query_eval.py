"""Evaluating queries against gigs: every qualifier, alias, comparison, range rule,
negation, `or` precedence, phrases, fuzzy typos and relevance order."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tui.errors import QueryError
from tui.model import Gig, Payment, Rate, Settlement, SourceRef, Span
from tui.money import Money, monthly_jpy
from tui.query import QueryContext, SearchIndex, combine, compile_query, parse, search

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
MONEY = Money()
MAN = 10_000


def gig(n: int, title: str, **kw: object) -> Gig:
    return Gig(uid=f"t:{n}", source=kw.pop("source", "file"), source_id=str(n), title=title,
               **kw)  # type: ignore[arg-type]


USD_RATE = Rate(60, 80, "USD", "hour", "$60 - $80/hour", False)

GIGS = [
    gig(0, "ML Engineer (Python)", client="Quillfeather Labs", agent="Levtech",
        skills=("Python", "PyTorch"), tags=("ml",), monthly_jpy=Span(80 * MAN, 100 * MAN),
        days_per_week=Span(3, 5), remote="full", contract_form="quasi_mandate",
        engagement=("freelance",), posted_at=NOW - timedelta(days=2), is_new=True,
        settlement_hours=Settlement(140, 180), payment=Payment("月末締め翌月15日払い", 15),
        source="levtech"),
    gig(1, "Data Analyst", client="Acme Body Shop", skills=("SQL", "Tableau"),
        description="Some Python scripting is a plus.", monthly_jpy=Span(None, 60 * MAN),
        days_per_week=Span(5, 5), remote="onsite", contract_form="contract_for_work",
        engagement=("contract",), posted_at=NOW - timedelta(days=20), source="remotive"),
    gig(2, "Go Backend Developer", client="Gopher Inc", skills=("Go", "Kubernetes"),
        monthly_jpy=Span(70 * MAN, None), remote="partial", contract_form="dispatch",
        engagement=("part_time",), source="file",
        sources=[SourceRef("file", "t:2"), SourceRef("jobicy", "jobicy:9")]),
    gig(3, "Research Scientist", client="Sora", skills=("scikit-learn", "TensorFlow"),
        description="Deep  learning research on computer vision.",
        days_per_week=Span(1, 2), engagement=("full_time",),
        posted_at=NOW - timedelta(hours=3)),
    gig(4, "Algorithm engineer", client="Kumo", skills=("R", "Statistics"),
        description="We love algorithms.", monthly_jpy=Span(50 * MAN, 50 * MAN),
        remote="full", contract_form="quasi_mandate", engagement=("temporary", "internship"),
        posted_at=NOW - timedelta(days=10)),
    gig(5, "Frontend Developer", client="Pythn Analytics", skills=("TypeScript", "React"),
        description="Build dashboards."),
    gig(6, "Java Developer", client="Beans Co", skills=("Java", "Spring"), remote="onsite"),
    gig(7, "Data Scientist", client="Hikari", skills=("Python",),
        contract_form="employment"),
    gig(8, "Freelance Data Scientist", client="Nova", skills=("SQL",), rate=USD_RATE,
        monthly_jpy=monthly_jpy(USD_RATE, MONEY), remote="full"),
]
ALL = set(range(len(GIGS)))
STARRED = {"t:0", "t:3"}
STATUS = {"t:0": "applied", "t:1": "interested"}


def ctx(**kw: object) -> QueryContext:
    return QueryContext(money=MONEY, now=NOW, is_starred=STARRED.__contains__,
                        status_of=STATUS.get, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(GIGS, MONEY)


def found(index: SearchIndex, query: str, **kw: object) -> set[int]:
    return set(search(index, query, ctx(), **kw))  # type: ignore[arg-type]


CASES: list[tuple[str, set[int]]] = [
    # empty
    ("", ALL),
    # text qualifiers: substring, case-insensitive
    ("client:acme", {1}),
    ('client:"Acme Body"', {1}),
    ("client:ACME", {1}),
    ("company:quill", {0}),
    ("agent:lev", {0}),
    ("title:engineer", {0, 4}),
    ("title:DATA", {1, 7, 8}),
    ("source:levtech", {0}),
    ("source:jobicy", {2}),  # a merged member's source counts
    ("source:file", {2, 3, 4, 5, 6, 7, 8}),
    # skills and aliases
    ("skill:python", {0, 7}),
    ("skill:PyTorch", {0}),
    ("skill:pytorch", {0}),
    ("skill:sklearn", {3}),
    ("skill:scikit-learn", {3}),
    ("skill:k8s", {2}),
    ("skill:kubernetes", {2}),
    ("skill:r", {4}),
    ("skill:go", {2}),
    ("skill:spark", set()),
    # enums and aliases
    ("remote:full", {0, 4, 8}),
    ("remote:フル", {0, 4, 8}),
    ("remote:partial", {2}),
    ("remote:hybrid", {2}),
    ("remote:onsite", {1, 6}),
    ("remote:常駐", {1, 6}),
    ("form:quasi_mandate", {0, 4}),
    ("form:準委任", {0, 4}),
    ("form:quasi", {0, 4}),
    ("form:contract_for_work", {1}),
    ("form:請負", {1}),
    ("form:ukeoi", {1}),
    ("form:dispatch", {2}),
    ("form:派遣", {2}),
    ("form:employment", {7}),
    ("type:freelance", {0}),
    ("type:contract", {1}),
    ("type:part_time", {2}),
    ("type:part-time", {2}),
    ("type:parttime", {2}),
    ("type:full_time", {3}),
    ("type:temporary", {4}),
    ("type:internship", {4}),
    ("status:applied", {0}),
    ("status:interested", {1}),
    ("status:rejected", set()),
    ("is:starred", {0, 3}),
    ("is:new", {0}),
    ("has:rate", {0, 1, 2, 4, 8}),
    ("has:days", {0, 1, 3}),
    ("has:settlement", {0}),
    ("has:payment", {0}),
    ("has:skills", ALL),
    ("has:status", {0, 1}),
    ("has:description", {1, 3, 4, 5}),
    # rate in 万円/month; 0: 80–100, 1: 〜60, 2: 70〜, 4: 50, 8: USD 60–80/h = 144–192
    ("rate>=100", {0, 2, 8}),
    ("rate>100", {2, 8}),
    ("rate>=200", {2}),  # an open top counts as unbounded
    ("rate<=10", {1}),  # an open bottom counts as unbounded
    ("rate<=50", {1, 4}),
    ("rate<50", {1}),
    ("rate=90", {0, 2}),
    ("rate=50", {1, 4}),
    ("rate=150", {2, 8}),
    ("rate>=150", {2, 8}),  # USD per hour converted with [money]
    ("rate:>=100", {0, 2, 8}),
    ("rate:90", {0, 2}),
    # hourly = monthly ÷ 160: 0: 5000–6250, 1: 〜3750, 2: 4375〜, 4: 3125, 8: 9000–12000
    ("hourly>=6000", {0, 2, 8}),
    ("hourly>6250", {2, 8}),
    ("hourly<=3125", {1, 4}),
    ("hourly<3125", {1}),
    ("hourly=5000", {0, 2}),
    ("hourly>=5k", {0, 2, 8}),
    # days/week; 0: 3–5, 1: 5, 3: 1–2
    ("days<=2", {3}),
    ("days<3", {3}),
    ("days>=5", {0, 1}),
    ("days>2", {0, 1}),
    ("days=4", {0}),
    ("days=2", {3}),
    # posted age; 0: 2 d, 1: 20 d, 3: 3 h, 4: 10 d, the rest unknown
    ("posted<7d", {0, 3}),
    ("posted<1w", {0, 3}),
    ("posted<12h", {3}),
    ("posted<180m", set()),
    ("posted<181m", {3}),
    ("posted>7d", {1, 4}),
    ("posted>=20d", {1}),
    ("posted<=20d", {0, 1, 3, 4}),
    ("posted=2d", {0}),
    ("posted=0d", {3}),
    # negation of terms, qualifiers, comparisons and groups
    ("-remote:full", ALL - {0, 4, 8}),
    ("-(remote:full or remote:onsite)", {2, 3, 5, 7}),
    ("--remote:full", {0, 4, 8}),
    ("-rate>=80", ALL - {0, 2, 8}),  # unknown rates DO appear under a negation
    ("-has:rate", {3, 5, 6, 7}),
    ("-python", {2, 3, 4, 6, 8}),  # 5 holds "pythn", a fuzzy match: negated too
    ("-is:starred remote:full", {4, 8}),
    ("-(skill:python remote:full)", ALL - {0}),
    # or precedence: a b or c == (a b) or c
    ("remote:full skill:python or remote:onsite", {0, 1, 6}),
    ("(remote:full skill:python) or remote:onsite", {0, 1, 6}),
    ("remote:full (skill:python or remote:onsite)", {0}),
    ("remote:onsite or remote:full skill:python", {0, 1, 6}),
    ("remote:onsite OR remote:partial or is:new", {0, 1, 2, 6}),
    # free words: title, client, agent, skills, tags, description; case-insensitive
    ("quillfeather", {0}),
    ("levtech", {0}),
    ("tableau", {1}),
    ("ml", {0}),
    ("scripting", {1}),
    ("ＰＹＴＯＲＣＨ", {0}),  # full-width text folds to ASCII
    ("torch", {0}),
    ("python scientist", {7}),
    ("data scientist", {7, 8}),
    # short words match whole words only: `go` is not in "algorithm" or "Gopher"
    ("go", {2}),
    ("r", {4}),
    ("GO", {2}),
    # phrases
    ('"deep learning"', {3}),  # whitespace in the text is squeezed
    ('"learning deep"', set()),
    ('"body shop"', {1}),
    ('-"body shop"', ALL - {1}),
    ('"data scientist" freelance', {8}),
    # fuzzy typos (4+ characters, short fields only)
    ("pyhton", {0, 7}),
    ("pytorh", {0}),
    ("tensorflw", {3}),
    ("kubernets", {2}),
    ("scientst", {3, 7, 8}),
    ("typescritp", {5}),
    # mixed
    ("python rate>=80", {0}),
    ("-client:acme python", {0, 5, 7}),
    ("(pytorch or tableau) -remote:onsite", {0}),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_query_matches(index: SearchIndex, query: str, expected: set[int]) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_matcher_agrees_with_search(query: str, expected: set[int]) -> None:
    matcher = compile_query(query, ctx())
    assert {i for i, g in enumerate(GIGS) if matcher(g) is not None} == expected


@pytest.mark.parametrize("query", [
    "pyhton",  # not Java, not a description-only mention
    "kava",  # one edit from "java", but short words must keep their first letter
    "rust",
    "goo",  # under 4 characters: never fuzzy
    "pythonista",
    "scala",
])
def test_fuzzy_does_not_match_unrelated_gigs(index: SearchIndex, query: str) -> None:
    assert not found(index, query) & {6, 1}


def test_fuzzy_words_are_not_tried_against_descriptions(index: SearchIndex) -> None:
    assert found(index, "scriptnig") == set()  # "scripting" is only in 1's description
    assert found(index, "computr") == set()  # "computer" only in 3's description
    assert found(index, "dashbords") == set()  # "dashboards" only in 5's description
    assert found(index, "algoritm") == {4}  # "Algorithm" is in 4's title


def test_relevance_title_then_fields_then_description_then_fuzzy(index: SearchIndex) -> None:
    # 0: title, 7: skills, 1: description, 5: fuzzy (client "Pythn")
    assert search(index, "python", ctx()) == [0, 7, 1, 5]


def test_relevance_adds_up_over_words(index: SearchIndex) -> None:
    # 7 and 8 hold both words in their titles; 1 holds "data", 3 "scientist"
    assert search(index, "data or scientist", ctx()) == [7, 8, 1, 3]
    assert search(index, "scientist data", ctx()) == [7, 8]


def test_exact_ranks_before_fuzzy(index: SearchIndex) -> None:
    ranked = search(index, "pythn", ctx())  # exact in 5's client, fuzzy "python" elsewhere
    assert ranked[0] == 5
    assert set(ranked) == {0, 5, 7}


def test_without_free_words_the_order_is_index_order(index: SearchIndex) -> None:
    assert search(index, "remote:full or remote:onsite", ctx()) == [0, 1, 4, 6, 8]
    assert search(index, "-python rate>=0", ctx()) == [2, 4, 8]


def test_negated_words_do_not_rank(index: SearchIndex) -> None:
    assert search(index, "-python", ctx()) == [2, 3, 4, 6, 8]


def test_within_restricts_and_keeps_ranking(index: SearchIndex) -> None:
    assert search(index, "python", ctx(), within=[5, 1, 6, 7]) == [7, 1, 5]
    assert search(index, "", ctx(), within=[5, 1]) == [1, 5]
    assert search(index, "-python", ctx(), within=[0, 2, 6]) == [2, 6]


def test_shallow_pass_skips_descriptions_and_fuzzy(index: SearchIndex) -> None:
    assert search(index, "python", ctx(), deep=False) == [0, 7]
    assert search(index, "pyhton", ctx(), deep=False) == []
    assert search(index, "remote:full", ctx(), deep=False) == [0, 4, 8]


def test_matcher_scores(index: SearchIndex) -> None:
    matcher = compile_query("python", ctx())
    scores = [matcher(g) for g in GIGS]
    assert scores[0] > scores[7] > scores[1] > scores[5] > 0
    assert scores[6] is None
    assert compile_query("remote:full", ctx())(GIGS[0]) == 0.0
    assert compile_query("", ctx())(GIGS[6]) == 0.0


def test_search_accepts_a_parsed_query(index: SearchIndex) -> None:
    assert search(index, parse("skill:k8s"), ctx()) == [2]


def test_combined_queries(index: SearchIndex) -> None:
    q = combine("-client:acme", "remote:full or remote:onsite", "python")
    assert search(index, q, ctx()) == [0]


def test_fit_needs_a_profile(index: SearchIndex) -> None:
    for query, position in [("fit>=70", 0), ("python fit>=70", 7), ("-(a or fit<3)", 7)]:
        with pytest.raises(QueryError) as info:
            search(index, query, ctx())
        assert info.value.position == position
        assert "[profile]" in info.value.problem
        with pytest.raises(QueryError):
            compile_query(query, ctx())


def test_fit_compares_once_enabled() -> None:
    gigs = [gig(0, "a", fit=90), gig(1, "b", fit=40), gig(2, "c")]
    index = SearchIndex(gigs, MONEY)
    assert search(index, "fit>=70", ctx(fit_enabled=True)) == [0]
    assert search(index, "fit<50", ctx(fit_enabled=True)) == [1]
    assert search(index, "-fit>=70", ctx(fit_enabled=True)) == [1, 2]
    by_uid = {"t:1": 95}
    assert search(index, "fit>=70", ctx(fit_enabled=True, fit_of=by_uid.get)) == [1]


def test_hourly_follows_money_settings() -> None:
    gigs = [gig(0, "a", monthly_jpy=Span(80 * MAN, 80 * MAN))]
    c = QueryContext(money=Money(hours_per_month=100), now=NOW)
    assert search(SearchIndex(gigs, Money(hours_per_month=100)), "hourly>=8000", c) == [0]
    assert search(SearchIndex(gigs, Money()), "hourly>=8000", c) == []


def test_callbacks_are_read_at_query_time(index: SearchIndex) -> None:
    starred: set[str] = set()
    c = QueryContext(money=MONEY, now=NOW, is_starred=starred.__contains__)
    assert search(index, "is:starred", c) == []
    starred.add("t:6")
    assert search(index, "is:starred", c) == [6]


def test_odd_gig_values_do_not_break_the_index() -> None:
    odd = Gig(uid="x:1", source="x", source_id="1", title=None,  # type: ignore[arg-type]
              client=None, skills=("", "  ", "Python"), tags=(), description=None,  # type: ignore[arg-type]
              monthly_jpy=Span(None, None), days_per_week=Span(float("nan"), 3))
    index = SearchIndex([odd], MONEY)
    assert search(index, "has:rate", ctx()) == []
    assert search(index, "days<=3", ctx()) == [0]
    assert search(index, "skill:python", ctx()) == [0]
    assert search(index, "anything", ctx()) == []


# ----------------------------------------------------------------- property-based

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "python", "pyhton", "go", "r", "data", "-", "(", ")", " ", " or ", '"', "remote:full",
    "client:acme", "rate>=80", "rate<=50", "days=4", "posted<7d", "skill:k8s", "is:starred",
    "has:rate", "status:applied", "type:contract", "form:準委任", "hourly>6000", "title:dat",
    "scientist", "ＰＹ", "fit>=3", "x",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_any_query_evaluates_consistently(text: str) -> None:
    index = SearchIndex(GIGS, MONEY)
    try:
        rows = search(index, text, ctx())
    except QueryError as err:
        assert 0 <= err.position <= len(text)
        return
    assert len(rows) == len(set(rows)) and set(rows) <= ALL
    matcher = compile_query(text, ctx())
    assert {i for i, g in enumerate(GIGS) if matcher(g) is not None} == set(rows)
    if text.strip():
        # negating the whole query gives exactly the other gigs
        assert set(search(index, f"-({text})", ctx())) == ALL - set(rows)


@pytest.mark.parametrize(("a", "b"), [
    ("pytorch", "PyTorch"), ("sklearn", "scikit-learn"), ("k8s", "Kubernetes"),
    ("golang", "Go"),
])
def test_local_skill_alias_table(a: str, b: str) -> None:
    from tui.query.fields import _fallback_skill_key, skill_key
    assert _fallback_skill_key(a) == _fallback_skill_key(b)
    assert skill_key(a) == skill_key(b)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_searches_or_raises_a_query_error(text: str) -> None:
    index = SearchIndex(GIGS, MONEY)
    try:
        rows = search(index, text, ctx(), within=[0, 1, 2, 99, -1])
    except QueryError as err:
        assert 0 <= err.position <= len(text)
        return
    assert set(rows) <= {0, 1, 2}

"""The filter language's parser: structure, normalized text, errors and positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.errors import QueryError
from tui.query import Query, combine, parse
from tui.query.parser import And, Choice, Compare, Not, Or, Phrase, Skill, Text, Word


def test_empty_query_matches_everything_shape() -> None:
    for text in ("", "   ", "\u3000"):
        q = parse(text)
        assert q.is_empty and q.root is None
        assert not q.has_free_words and q.free_words == ()
        assert str(q) == ""


@pytest.mark.parametrize(("text", "root"), [
    ("python", Word("python")),
    ("a b", And((Word("a"), Word("b")))),
    # AND binds tighter than or: a b or c == (a b) or c
    ("a b or c", Or((And((Word("a"), Word("b"))), Word("c")))),
    ("a or b c", Or((Word("a"), And((Word("b"), Word("c")))))),
    ("a OR b", Or((Word("a"), Word("b")))),
    ("a Or b or c", Or((Word("a"), Word("b"), Word("c")))),
    ("(a or b) c", And((Or((Word("a"), Word("b"))), Word("c")))),
    ("((a))", Word("a")),
    ("-a", Not(Word("a"))),
    ("--a", Not(Not(Word("a")))),
    ("-(a or b)", Not(Or((Word("a"), Word("b"))))),
    ("-(a b) c", And((Not(And((Word("a"), Word("b")))), Word("c")))),
    ('"machine learning"', Phrase("machine learning")),
    ('-"machine learning"', Not(Phrase("machine learning"))),
    ('"or"', Phrase("or")),
    ("e-commerce", Word("e-commerce")),
    ("C++", Word("C++")),
    ("https://example.com/x", Word("https://example.com/x")),
    ("a(b)", And((Word("a"), Word("b")))),
    ('ab"cd"', And((Word("ab"), Phrase("cd")))),
    ('client:"Acme Body Shop"', Text("client", "Acme Body Shop")),
    ("CLIENT:Acme", Text("client", "Acme")),
    ("company:acme", Text("client", "acme")),
    ("agent:levtech", Text("agent", "levtech")),
    ("title:engineer", Text("title", "engineer")),
    ("source:remotive", Text("source", "remotive")),
    ("skill:sklearn", Skill("sklearn")),
    ("skills:PyTorch", Skill("PyTorch")),
    ("-client:acme", Not(Text("client", "acme"))),
])
def test_structure(text: str, root: object) -> None:
    assert parse(text).root == root


@pytest.mark.parametrize(("text", "field", "value"), [
    ("remote:full", "remote", "full"),
    ("remote:FULL", "remote", "full"),
    ("Remote:Full", "remote", "full"),
    ("remote:full-remote", "remote", "full"),
    ("remote:フル", "remote", "full"),
    ("remote:フルリモート", "remote", "full"),
    ("remote:partial", "remote", "partial"),
    ("remote:hybrid", "remote", "partial"),
    ("remote:一部リモート", "remote", "partial"),
    ("remote:onsite", "remote", "onsite"),
    ("remote:on-site", "remote", "onsite"),
    ("remote:常駐", "remote", "onsite"),
    ('remote:"フルリモート"', "remote", "full"),
    ("form:quasi_mandate", "form", "quasi_mandate"),
    ("form:quasi", "form", "quasi_mandate"),
    ("form:準委任", "form", "quasi_mandate"),
    ("form:contract_for_work", "form", "contract_for_work"),
    ("form:請負", "form", "contract_for_work"),
    ("form:ukeoi", "form", "contract_for_work"),
    ("form:dispatch", "form", "dispatch"),
    ("form:派遣", "form", "dispatch"),
    ("form:employment", "form", "employment"),
    ("type:freelance", "type", "freelance"),
    ("type:contract", "type", "contract"),
    ("type:part_time", "type", "part_time"),
    ("type:part-time", "type", "part_time"),
    ("type:parttime", "type", "part_time"),
    ("type:full_time", "type", "full_time"),
    ("type:full-time", "type", "full_time"),
    ("type:temporary", "type", "temporary"),
    ("type:internship", "type", "internship"),
    ("status:interested", "status", "interested"),
    ("status:applied", "status", "applied"),
    ("status:interviewing", "status", "interviewing"),
    ("status:offered", "status", "offered"),
    ("status:contracted", "status", "contracted"),
    ("status:declined", "status", "declined"),
    ("status:rejected", "status", "rejected"),
    ("is:starred", "is", "starred"),
    ("is:new", "is", "new"),
    ("has:rate", "has", "rate"),
    ("has:days", "has", "days"),
    ("has:settlement", "has", "settlement"),
    ("has:payment", "has", "payment"),
    ("has:skills", "has", "skills"),
])
def test_enum_values_and_aliases(text: str, field: str, value: str) -> None:
    assert parse(text).root == Choice(field, value)


@pytest.mark.parametrize(("text", "field", "op", "value"), [
    ("rate>=80", "rate", ">=", 80),
    ("rate>80", "rate", ">", 80),
    ("rate<=80", "rate", "<=", 80),
    ("rate<80", "rate", "<", 80),
    ("rate=80", "rate", "=", 80),
    ("rate:>=80", "rate", ">=", 80),
    ("rate:80", "rate", "=", 80),
    ('hourly:"0"', "hourly", "=", 0),  # a quoted value holds no operator
    ("rate>=80万", "rate", ">=", 80),
    ("rate>=80万円", "rate", ">=", 80),
    ("rate>=82.5", "rate", ">=", 82.5),
    ("RATE>=80", "rate", ">=", 80),
    ("hourly>=5000", "hourly", ">=", 5000),
    ("hourly>=5,000", "hourly", ">=", 5000),
    ("hourly>=5k", "hourly", ">=", 5000),
    ("hourly>=5000円", "hourly", ">=", 5000),
    ("days<=3", "days", "<=", 3),
    ("days<=3d", "days", "<=", 3),
    ("fit>=70", "fit", ">=", 70),
    ("posted<7d", "posted", "<", 7 * 86400),
    ("posted<12h", "posted", "<", 12 * 3600),
    ("posted<30m", "posted", "<", 30 * 60),
    ("posted<2w", "posted", "<", 14 * 86400),
    ("posted<7", "posted", "<", 7 * 86400),
    ("posted<7D", "posted", "<", 7 * 86400),
    ("rate>=８０", "rate", ">=", 80),
])
def test_comparisons(text: str, field: str, op: str, value: float) -> None:
    assert parse(text).root == Compare(field, op, float(value))


@pytest.mark.parametrize(("text", "normal"), [
    ("a  b   OR c", "a b or c"),
    ("(a b) or c", "a b or c"),
    ("a (b or c)", "a (b or c)"),
    ("-(a or b)", "-(a or b)"),
    ("-(a b)", "-(a b)"),
    ("Remote:フル FORM:請負", "remote:full form:contract_for_work"),
    ('client:"Acme Body Shop"', 'client:"Acme Body Shop"'),
    ('client:"acme"', "client:acme"),
    ("rate:>=80", "rate>=80"),
    ("rate:80", "rate=80"),
    ('hourly:"5000"', "hourly=5000"),
    ("posted<7d", "posted<7d"),
    ('"big data"', '"big data"'),
    ("type:part-time", "type:part_time"),
])
def test_normalized_text(text: str, normal: str) -> None:
    q = parse(text)
    assert str(q) == normal
    assert parse(str(q)) == q


def test_free_words_ignore_negated_terms() -> None:
    q = parse('python "deep learning" -java (torch or -php) rate>=80')
    assert q.free_words == ("python", "deep learning", "torch")
    assert q.has_free_words
    assert not parse("-python rate>=80").has_free_words
    assert not parse("remote:full").has_free_words


# The exact 0-based position of each error: the offending character, or len(text)
# when something is missing at the very end.
@pytest.mark.parametrize(("text", "position", "fragment"), [
    ("rate>=8O", 7, "bad value"),
    ("rate>=", 6, "needs a number"),
    ("rate>=abc", 6, "needs a number"),
    ("rate>=-5", 6, "needs a number"),
    ("days<=3x", 7, "bad value"),
    ("posted<7y", 8, "bad value"),
    ("(a b", 0, "unbalanced"),
    ("x (a (b)", 2, "unbalanced"),
    ("a b)", 3, "unmatched ')'"),
    ('"abc', 0, "unterminated quote"),
    ('x client:"abc', 9, "unterminated quote"),
    ("a or", 2, "after it"),
    ("or a", 0, "before it"),
    ("a or or b", 2, "after it"),
    ("(or a)", 1, "before it"),
    ("(a or)", 3, "after it"),
    ("()", 0, "empty group"),
    ("a () b", 2, "empty group"),
    ("-()", 1, "empty group"),
    ("a - b", 2, "'-' needs a term"),
    ("a -", 2, "'-' needs a term"),
    ("(-)", 1, "'-' needs a term"),
    ("foo:bar", 0, "unknown qualifier"),
    ("python Foo:bar", 7, "unknown qualifier"),
    ("remote:mars", 7, "unknown remote"),
    ("form:x", 5, "unknown form"),
    ("is:lost", 3, "unknown is"),
    ("has:cats", 4, "unknown has"),
    ("status:maybe", 7, "unknown status"),
    ("client:", 7, "needs a value"),
    ('client:""', 8, "needs a value"),
    ("client>=3", 6, "takes ':'"),
    ("rate >= 80", 5, "comparison needs a field"),
    ('""', 0, "empty quoted phrase"),
])
def test_error_positions(text: str, position: int, fragment: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(text)
    err = info.value
    assert err.position == position, err.problem
    assert fragment in err.problem
    assert err.query == text
    assert err.pointer().splitlines()[1] == " " * position + "^"


def test_unknown_qualifier_lists_known_ones() -> None:
    with pytest.raises(QueryError) as info:
        parse("colour:red")
    assert "client:" in info.value.problem and "rate:" in info.value.problem


@pytest.mark.parametrize(("parts", "combined"), [
    ((), ""),
    (("", "  "), ""),
    (("a or b",), "a or b"),
    (("-client:acme", "remote:full rate>=80", "python"),
     "-client:acme remote:full rate>=80 python"),
    (("-word", "a or b", "c"), "-word (a or b) c"),
    (("(a or b)", "c or d"), "(a or b) (c or d)"),
    (("x", "a)"), "x (a))"),
])
def test_combine(parts: tuple[str, ...], combined: str) -> None:
    assert combine(*parts) == combined


def test_combine_keeps_or_inside_its_part() -> None:
    q = parse(combine("-client:acme", "a or b"))
    assert q.root == And((Not(Text("client", "acme")), Or((Word("a"), Word("b")))))


# ----------------------------------------------------------------- property-based

_ALPHABET = st.sampled_from(list('abcor -()":<>=!.,0123456789万日dhmwOR フ\u3000\t') + [
    "rate", "days", "posted", "client", "remote", "full", "is", "has", "fit", "or ",
    "skill", "form", "type", "status", "hourly", "title"])
query_text = st.lists(_ALPHABET, max_size=25).map("".join)


def _parse_or_error(text: str) -> Query | None:
    try:
        return parse(text)
    except QueryError as err:
        assert 0 <= err.position <= len(text), (text, err.position)
        assert err.query == text
        return None


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_query_or_a_query_error(text: str) -> None:
    _parse_or_error(text)


@settings(max_examples=1500, deadline=None)
@given(query_text)
def test_query_like_text_gives_a_query_or_a_query_error(text: str) -> None:
    q = _parse_or_error(text)
    if q is not None:
        # the normalized form parses back to the same query
        assert parse(str(q)) == q

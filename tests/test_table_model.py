"""The gig table's plain-Python side: cell widths, layout, formatting, filter, sort.

Widths are checked against Rich's own ``cell_len`` because that is how Textual measures
the segments the table hands it: if the two disagree, columns drift.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.model import COLUMN_IDS, Gig, Rate, SourceRef, Span
from tui.money import Money, monthly_jpy
from tui.table_model import (
    COLUMNS,
    DEFAULT_COLUMNS,
    ColumnSpec,
    GigRows,
    cell_width,
    cut,
    layout,
    pad,
)

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)


def gig(n: int, **kw: object) -> Gig:
    """A gig with uid ``t:n``; keywords override fields."""
    fields: dict[str, object] = {"uid": f"t:{n}", "source": "t", "source_id": str(n),
                                 "title": f"gig {n}"}
    fields.update(kw)
    return Gig(**fields)  # type: ignore[arg-type]


# ----------------------------------------------------------------- cut / pad


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Data Scientist", 20, "Data Scientist"),
        ("Data Scientist", 14, "Data Scientist"),
        ("Data Scientist", 8, "Data Sc…"),
        ("機械学習エンジニア", 18, "機械学習エンジニア"),
        ("機械学習エンジニア", 9, "機械学習…"),  # 8 cells + ellipsis
        ("機械学習エンジニア", 8, "機械学…"),  # 7 cells: never half a 機
        ("MLエンジニア", 6, "MLエ…"),
        ("🚀 launch", 3, "🚀…"),
        ("a👩‍💻b", 3, "a…"),  # the ZWJ sequence is 2 cells and is never split
        ("全角ＡＢＣ", 5, "全角…"),
        ("abc", 0, ""),
        ("abc", 1, "…"),
    ],
)
def test_cut(text: str, width: int, expected: str) -> None:
    assert cut(text, width) == expected
    assert cell_len(cut(text, width)) <= width


@pytest.mark.parametrize(
    ("text", "width", "align", "expected"),
    [
        ("80", 5, "right", "   80"),
        ("80", 5, "left", "80   "),
        ("機械", 5, "left", "機械 "),
        ("機械", 5, "right", " 機械"),
        ("機械学習", 5, "left", "機械…"),
        ("機械学習", 4, "left", "機… "),  # 機 + … = 3 cells, one space to make 4
        ("", 3, "left", "   "),
    ],
)
def test_pad_is_exact(text: str, width: int, align: str, expected: str) -> None:
    assert pad(text, width, align) == expected
    assert cell_len(pad(text, width, align)) == width


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),  # kana
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # kanji
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),  # full-width ASCII
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
        st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
        st.sampled_from(["\u200d", "\ufe0f", "…", "★"]),
    ),
    max_size=24,
)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, width=st.integers(min_value=0, max_value=30))
def test_pad_always_fills_exactly(text: str, width: int) -> None:
    padded = pad(text, width)
    assert cell_len(padded) == width
    # Adjacent cells must measure additively, or a row's columns would drift.
    assert cell_len(padded + " x") == width + 2
    if cell_len(text) > width > 0 and "\u200d" not in text:
        assert padded.rstrip(" ").endswith("…")


@settings(max_examples=300, deadline=None)
@given(text=_TEXT.filter(lambda t: "\u200d" not in t))
def test_cell_width_agrees_with_rich(text: str) -> None:
    from tui import table_model

    table_model.prepare_cell_widths()  # the fast character classes, not Rich itself
    assert table_model._PATTERNS not in (False, None)
    assert cell_width(text) == cell_len(text)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, width=st.integers(min_value=0, max_value=30))
def test_cut_is_the_same_before_and_after_the_fast_tables(text: str, width: int) -> None:
    """The first paint cuts in one pass (no tables yet); later the tables measure."""
    from tui import table_model

    table_model.prepare_cell_widths()
    tables = table_model._PATTERNS
    try:
        table_model._PATTERNS = False  # as at the first paint
        first = table_model._fit(text, width)
    finally:
        table_model._PATTERNS = tables
    assert first == table_model._fit(text, width)
    assert cell_len(first[0]) == first[1]


# -------------------------------------------------------------------- layout


def _used(widths: list[int]) -> int:
    shown = [w for w in widths if w]
    return sum(shown) + max(0, len(shown) - 1)


@pytest.mark.parametrize("total", [200, 160, 120, 100, 80, 78, 60, 40, 24])
def test_layout_fills_the_width_exactly(total: int) -> None:
    specs = [COLUMNS[c] for c in DEFAULT_COLUMNS]
    widths = layout(specs, total)
    assert len(widths) == len(specs)
    assert _used(widths) == total  # title (flex) takes the slack


def test_layout_wide_keeps_fixed_widths() -> None:
    specs = [COLUMNS[c] for c in DEFAULT_COLUMNS]
    widths = dict(zip(DEFAULT_COLUMNS, layout(specs, 160)))
    for cid in DEFAULT_COLUMNS:
        if cid != "title":
            assert widths[cid] == COLUMNS[cid].width
    assert widths["title"] >= 20


@pytest.mark.parametrize("total", [80, 78])
def test_layout_80_columns_keeps_the_essentials(total: int) -> None:
    specs = [COLUMNS[c] for c in DEFAULT_COLUMNS]
    widths = dict(zip(DEFAULT_COLUMNS, layout(specs, total)))
    for cid in ("star", "title", "client", "rate", "remote", "days"):
        assert widths[cid] > 0, cid
    assert widths["title"] >= 20
    # The right-most non-essential column goes first.
    assert widths["posted"] == 0


def test_layout_drops_from_the_right() -> None:
    specs = [COLUMNS[c] for c in DEFAULT_COLUMNS]
    widths = dict(zip(DEFAULT_COLUMNS, layout(specs, 100)))
    assert widths["posted"] == 0
    assert widths["skills"] > 0 and widths["source"] > 0


def test_layout_shares_flex_columns_and_never_below_min() -> None:
    specs = [ColumnSpec("a", "A", 0, flex=True), ColumnSpec("n", "N", 5),
             ColumnSpec("b", "B", 0, flex=True)]
    assert layout(specs, 27) == [10, 5, 10]
    assert layout(specs, 28) == [11, 5, 10]


def test_layout_without_flex_leaves_the_rest_blank() -> None:
    specs = [COLUMNS["rate"], COLUMNS["days"]]
    assert layout(specs, 100) == [9, 5]


def test_layout_very_narrow_never_overflows() -> None:
    specs = [COLUMNS[c] for c in COLUMN_IDS]
    for total in range(1, 60):
        assert _used(layout(specs, total)) <= total


# ---------------------------------------------------------------- formatting


def _rows(*gigs: Gig, money: Money | None = None) -> GigRows:
    return GigRows(list(gigs), money or Money(), now=NOW)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Rate(600_000, 900_000, "JPY", "month", "60〜90万円/月"), "60–90"),
        (Rate(None, 1_000_000, "JPY", "month", "〜100万円"), "〜100"),
        (Rate(800_000, None, "JPY", "month", "80万円〜"), "80〜"),
        (Rate(800_000, 800_000, "JPY", "month", "80万円"), "80"),
        (Rate(60, 80, "USD", "hour", "$60 - $80/hour"), "144–192"),  # ×160 h ×150
        (Rate(50_000, 50_000, "JPY", "day", "5万円/日"), "100"),  # ×20 days
        (Rate(625_000, 875_000, "JPY", "month", ""), "63–88"),  # whole 万, half up
        (Rate(55_000, 95_000, "JPY", "month", ""), "5.5–9.5"),  # under 10万: one decimal
        (Rate(None, None, None, None, "応相談"), "?"),
        (Rate(5_000_000, None, "JPY", "project", "500万円/案件"), "?"),
        (None, "?"),
    ],
)
def test_rate_cell_is_man_yen_per_month(rate: Rate | None, expected: str) -> None:
    money = Money()
    g = gig(1, rate=rate, monthly_jpy=monthly_jpy(rate, money))
    assert _rows(g, money=money).cell(0, "rate") == expected


def test_rate_derived_when_monthly_missing() -> None:
    g = gig(1, rate=Rate(60, 80, "USD", "hour", "$60-80/h"), monthly_jpy=None)
    assert _rows(g).cell(0, "rate") == "144–192"


def test_hourly_cell_follows_money_setting() -> None:
    g = gig(1, monthly_jpy=Span(800_000, 960_000))
    assert _rows(g).cell(0, "hourly") == "5,000–6,000"
    assert _rows(g, money=Money(hours_per_month=200)).cell(0, "hourly") == "4,000–4,800"
    assert _rows(gig(2)).cell(0, "hourly") == "?"


@pytest.mark.parametrize(
    ("days", "expected"),
    [(Span(2, 5), "2–5"), (Span(3, None), "3+"), (Span(5, 5), "5"), (Span(None, 4), "〜4"),
     (Span(2.5, 3), "2.5–3"), (None, "?")],
)
def test_days_cell(days: Span | None, expected: str) -> None:
    assert _rows(gig(1, days_per_week=days)).cell(0, "days") == expected


@pytest.mark.parametrize(
    ("remote", "expected"),
    [("full", "full"), ("partial", "part"), ("onsite", "site"), ("unknown", "?")],
)
def test_remote_cell(remote: str, expected: str) -> None:
    assert _rows(gig(1, remote=remote)).cell(0, "remote") == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [("quasi_mandate", "準委任"), ("contract_for_work", "請負"), ("dispatch", "派遣"),
     ("employment", "正社員"), ("unknown", "?")],
)
def test_form_cell(form: str, expected: str) -> None:
    assert _rows(gig(1, contract_form=form)).cell(0, "form") == expected


@pytest.mark.parametrize(
    ("ago", "expected"),
    [(timedelta(minutes=5), "5m"), (timedelta(hours=3, minutes=59), "3h"),
     (timedelta(days=2, hours=1), "2d"), (timedelta(days=13), "13d"),
     (timedelta(days=35), "5w"), (timedelta(days=800), "2y"),
     (timedelta(hours=-2), "0m")],  # a clock ahead of ours never shows a negative age
)
def test_posted_age(ago: timedelta, expected: str) -> None:
    rows = _rows(gig(1, posted_at=NOW - ago, first_seen=NOW - ago))
    assert rows.cell(0, "posted") == expected
    assert rows.cell(0, "first_seen") == expected


def test_naive_datetime_is_utc_and_unknown_age_is_blank() -> None:
    naive = (NOW - timedelta(hours=3)).replace(tzinfo=None)
    assert _rows(gig(1, posted_at=naive)).cell(0, "posted") == "3h"
    assert _rows(gig(1)).cell(0, "posted") == ""


def test_client_falls_back_to_agent_and_text_cells() -> None:
    rows = _rows(
        gig(1, client="株式会社アオバ", agent="レバテック", skills=("Python", "PyTorch")),
        gig(2, client=None, agent="Midworks"),
        gig(3, source="remotive", sources=[SourceRef("remotive", "t:3"),
                                           SourceRef("jobicy", "jobicy:9")]),
    )
    assert rows.cell(0, "client") == "株式会社アオバ"
    assert rows.cell(0, "agent") == "レバテック"
    assert rows.cell(1, "client") == "Midworks"
    assert rows.cell(0, "skills") == "Python, PyTorch"
    assert rows.cell(2, "source") == "remotive +1"
    assert rows.cell(0, "source") == "t"


def test_control_characters_never_reach_a_cell() -> None:
    rows = _rows(gig(1, title="evil\x1b]52;c;SGVsbG8=\x07 title\nnext", client="a\x9bb"))
    title = rows.cell(0, "title")
    assert "\x1b" not in title and "\x07" not in title and "\n" not in title
    assert title.startswith("evil]52;c;SGVsbG8= title next")
    assert rows.cell(0, "client") == "ab"


def test_markup_is_kept_as_text() -> None:
    rows = _rows(gig(1, title="[bold]x[/] [link=http://e]y"))
    assert rows.cell(0, "title") == "[bold]x[/] [link=http://e]y"


def test_dynamic_columns_use_the_callback() -> None:
    rows = _rows(gig(1, fit=72), gig(2))
    assert rows.cell(0, "fit") == "72"  # the gig's own score until a callback is set
    assert rows.cell(1, "fit") == ""
    assert rows.cell(0, "star") == ""
    seen: list[tuple[str, str]] = []

    def dynamic(column: str, uid: str) -> str:
        seen.append((column, uid))
        return "★" if column == "star" and uid == "t:2" else "x"

    rows.dynamic = dynamic
    assert rows.cell(1, "star") == "★"
    assert rows.cell(0, "star") == "x"
    assert rows.cell(0, "status") == "x"
    assert ("star", "t:2") in seen


def test_unknown_column_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        _rows(gig(1)).cell(0, "salary")


def test_every_column_id_has_a_spec_and_a_cell() -> None:
    rows = _rows(gig(1, title="x", monthly_jpy=Span(1, 2)))
    assert set(COLUMNS) == set(COLUMN_IDS)
    for cid in COLUMN_IDS:
        assert isinstance(rows.cell(0, cid), str)
    assert set(DEFAULT_COLUMNS) <= set(COLUMNS)
    assert COLUMNS["rate"].align == "right" and COLUMNS["title"].flex


# -------------------------------------------------------------------- filter


def _search_rows() -> GigRows:
    return _rows(
        gig(0, title="機械学習エンジニア", client="株式会社アオバ", skills=("PyTorch",)),
        gig(1, title="Data Scientist", client="Quillfeather Labs", skills=("Python", "SQL")),
        gig(2, title="ＭＬＯｐｓ エンジニア", agent="レバテック", tags=("mlops",)),
        gig(3, title="Frontend", client="Acme", skills=("React",)),
        gig(4, title="NLP researcher", client="Orbital", skills=("PyTorch", "Python")),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [0, 1, 2, 3, 4]),
        ("   ", [0, 1, 2, 3, 4]),
        ("pytorch", [0, 4]),
        ("PYTORCH python", [4]),
        ("エンジニア", [0, 2]),
        ("mlops", [2]),  # full-width ＭＬＯｐｓ folds to mlops
        ("ＰｙＴｏｒｃｈ", [0, 4]),  # and the other way round
        ("レバテック", [2]),  # agent
        ("quill", [1]),  # client
        ("sql scientist", [1]),
        ("zzz", []),
        ("pytorch acme", []),
    ],
)
def test_filter_substring(query: str, expected: list[int]) -> None:
    assert _search_rows().filter_substring(query) == expected


def test_filter_words_do_not_span_fields() -> None:
    rows = _rows(gig(0, title="deep", client="learning"))
    assert rows.filter_substring("deep learning") == [0]
    assert rows.filter_substring("deeplearning") == []
    assert rows.filter_substring("p l") == [0]  # across a field boundary is not a match
    assert rows.filter_substring("pl") == []


def test_filter_within_keeps_its_order() -> None:
    rows = _search_rows()
    assert rows.filter_substring("python", within=[4, 3, 1]) == [4, 1]
    assert rows.filter_substring("", within=[4, 3]) == [4, 3]


def test_filter_typing_and_erasing_gives_the_same_answers() -> None:
    rows = _search_rows()
    fresh = {q: _search_rows().filter_substring(q) for q in
             ["p", "py", "pyt", "pyto", "pytorch", "pytorch ", "pytorch n", "pytorch nl"]}
    typed = {q: rows.filter_substring(q) for q in fresh}
    erased = {q: rows.filter_substring(q) for q in reversed(list(fresh))}
    assert typed == fresh == erased
    result = rows.filter_substring("pytorch")
    result.append(99)  # callers get their own list
    assert rows.filter_substring("pytorch") == [0, 4]


# ---------------------------------------------------------------------- sort


def _sort_rows() -> GigRows:
    day = timedelta(days=1)
    return _rows(
        gig(0, title="b", monthly_jpy=Span(800_000, 800_000), days_per_week=Span(3, 5),
            posted_at=NOW - 3 * day, remote="partial"),
        gig(1, title="A", monthly_jpy=None, days_per_week=None, posted_at=None),
        gig(2, title="c", monthly_jpy=Span(600_000, 1_000_000), days_per_week=Span(5, 5),
            posted_at=NOW - day, remote="full"),
        gig(3, title="", monthly_jpy=Span(None, 500_000), days_per_week=Span(2, 2),
            posted_at=NOW - 2 * day),
        gig(4, title="a", monthly_jpy=None, days_per_week=Span(3, 5), posted_at=None,
            remote="onsite"),
        gig(5, title="d", monthly_jpy=Span(800_000, 800_000), posted_at=NOW - 5 * day),
    )


@pytest.mark.parametrize(
    ("column", "descending", "expected"),
    [
        # midpoints: 0→80, 2→80, 3→50, 5→80; 1 and 4 unknown stay last in input order
        ("rate", False, [3, 0, 2, 5, 1, 4]),
        ("rate", True, [0, 2, 5, 3, 1, 4]),  # stable: equal 80s keep their order
        ("hourly", True, [0, 2, 5, 3, 1, 4]),
        ("days", False, [3, 0, 4, 2, 1, 5]),
        ("days", True, [2, 0, 4, 3, 1, 5]),
        ("posted", True, [2, 3, 0, 5, 1, 4]),
        ("posted", False, [5, 0, 3, 2, 1, 4]),
        ("title", False, [1, 4, 0, 2, 5, 3]),  # case-insensitive; empty is unknown
        ("title", True, [5, 2, 0, 1, 4, 3]),  # A and a tie: stable in both directions
        ("remote", False, [2, 0, 4, 1, 3, 5]),  # full, partial, onsite, then unknown
    ],
)
def test_sort_is_stable_with_unknowns_last(
    column: str, descending: bool, expected: list[int]
) -> None:
    rows = _sort_rows()
    assert rows.sort(range(len(rows)), column, descending) == expected


def test_sort_a_subset_in_its_given_order() -> None:
    rows = _sort_rows()
    assert rows.sort([4, 5, 1, 0], "rate", True) == [5, 0, 4, 1]


def test_sort_dynamic_column_numbers_before_text_unknown_last() -> None:
    rows = _sort_rows()
    status = {"t:0": "applied", "t:2": "", "t:3": "Applied", "t:5": "interested"}
    rows.dynamic = lambda column, uid: status.get(uid, "")
    assert rows.sort(range(6), "status", False) == [0, 3, 5, 1, 2, 4]
    assert rows.sort(range(6), "status", True) == [5, 0, 3, 1, 2, 4]
    fits = {"t:0": "10", "t:1": "90", "t:4": "9"}
    rows.dynamic = lambda column, uid: fits.get(uid, "")
    assert rows.sort(range(6), "fit", True) == [1, 0, 4, 2, 3, 5]


def test_sort_fit_from_the_gig_without_callback() -> None:
    rows = _rows(gig(0, fit=40), gig(1), gig(2, fit=95))
    assert rows.sort([0, 1, 2], "fit", True) == [2, 0, 1]
    assert rows.sort([0, 1, 2], "fit", False) == [0, 2, 1]


def test_len_and_accessors() -> None:
    rows = _sort_rows()
    assert len(rows) == 6
    assert rows.uid(2) == "t:2"
    assert rows.gig(2).title == "c"


def test_table_model_never_imports_textual() -> None:
    code = ("import sys, tui.table_model; "
            "sys.exit(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

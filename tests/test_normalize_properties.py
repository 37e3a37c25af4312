"""Property tests: every parser takes any text without raising, and ranges come out
ordered. Strategies mix arbitrary Unicode with the characters listings are made of
(digits, 万円, dashes, currency signs, escape bytes) so the parsers' paths are hit."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.model import CONTRACT_FORMS, ENGAGEMENTS, PERIODS, REMOTES
from tui.money import Money
from tui.normalize import (
    canonical_skill,
    detect_language,
    extract_terms,
    find_rate,
    find_skills,
    gig_from_record,
    html_to_text,
    parse_contract_form,
    parse_datetime,
    parse_days,
    parse_engagement,
    parse_payment,
    parse_rate,
    parse_remote,
    parse_settlement,
    parse_skills,
    sanitize,
    sanitize_line,
    skill_key,
)

PIECES = [
    "万", "円", "万円", "〜", "～", "~", "-", "–", "—", "ー", "から", "to", "$", "€", "£", "¥", "￥",
    "k", "K", "M", "/月", "/h", "/hr", "/day", "per hour", "a year", "時給", "月額", "日額",
    "年収", "単価", "上限", "下限", "以上", "まで", "程度", "週", "日", "h", "時間", "精算幅",
    "精算なし", "固定", "締め", "月末", "翌月", "翌々月", "末", "払い", "サイト", "net", "Net ",
    "リモート", "フルリモート", "出社", "常駐", "hybrid", "remote", "準委任", "請負", "派遣",
    "full-time", "Contract", "副業", "Python", "PyTorch", "R", "Go", ",", "、", "・", "／", "|",
    "\n", " ", "\x1b[31m", "\x1b]52;c;", "\x07", "\u202e", "\x85", "<p>", "</p>", "<li>", "&amp;",
    "０", "８", "，", ".", "(", "（", "）", "+",
]
listing_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.integers(0, 2_000_000).map(str), st.text(max_size=4)),
    max_size=25,
).map("".join)
any_text = st.one_of(st.text(), listing_text)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ordered(lo, hi) -> bool:
    return lo is None or hi is None or lo <= hi


@FAST
@given(any_text)
def test_rate_parsers_never_raise_and_order_ranges(text: str) -> None:
    for rate in (parse_rate(text), find_rate(text)):
        if rate is None:
            continue
        assert _ordered(rate.min, rate.max)
        assert rate.min is None or rate.min > 0
        assert rate.max is None or rate.max > 0
        assert rate.period is None or rate.period in PERIODS
        assert rate.currency is None or len(rate.currency) == 3


@FAST
@given(any_text)
def test_term_parsers_never_raise(text: str) -> None:
    days = parse_days(text)
    if days is not None:
        assert _ordered(days.min, days.max)
        assert all(v is None or 0 < v <= 7 for v in (days.min, days.max))
    s = parse_settlement(text)
    if s is not None:
        assert _ordered(s.min, s.max)
        assert not (s.fixed and (s.min is not None or s.max is not None))
    p = parse_payment(text)
    if p is not None:
        assert p.site_days is None or p.site_days >= 0
    assert parse_contract_form(text) in CONTRACT_FORMS
    assert parse_remote(text) in REMOTES
    assert set(parse_engagement(text)) <= set(ENGAGEMENTS)


@FAST
@given(any_text)
def test_text_helpers_are_safe_and_idempotent(text: str) -> None:
    clean = sanitize(text)
    assert sanitize(clean) == clean
    assert "\x1b" not in clean and "\r" not in clean and "\u202e" not in clean
    assert not any(0x80 <= ord(c) <= 0x9F or (ord(c) < 32 and c != "\n") for c in clean)
    line = sanitize_line(text)
    assert "\n" not in line and line == line.strip()
    html = html_to_text(text)
    assert "\x1b" not in html and sanitize(html) == html


@FAST
@given(any_text)
def test_prose_skills_dates_never_raise(text: str) -> None:
    terms = extract_terms(text)
    assert set(terms) <= {"rate", "days_per_week", "settlement_hours", "payment",
                          "contract_form", "remote", "skills", "engagement", "title"}
    assert detect_language(text) in ("ja", "en")
    find_skills(text)
    parse_skills(text)
    assert skill_key(canonical_skill(text)) == skill_key(text)
    dt = parse_datetime(text)
    assert dt is None or dt.utcoffset() is not None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**13) | st.floats(allow_nan=True)
    | any_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["min", "max", "raw", "currency", "period", "site_days", "fixed",
                         "name", "source", "uid", "url", "value"]), children, max_size=4),
    max_leaves=8,
)
FIELDS = ["id", "uid", "title", "client", "agent", "url", "description", "description_html",
          "skills", "tags", "rate", "days_per_week", "settlement_hours", "payment",
          "contract_form", "engagement", "remote", "location", "posted_at", "first_seen",
          "is_new", "language", "fit", "fit_reasons", "sources", "source", "source_id"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=10))
def test_gig_from_any_record_never_raises_and_reads_back(record: dict) -> None:
    gig = gig_from_record(record, "prop", Money())
    out = gig.to_json()
    json.dumps(out)
    assert out["title"] and len(out["title"]) <= 300
    assert out["contract_form"] in CONTRACT_FORMS and out["remote"] in REMOTES
    if gig.rate is not None:
        assert _ordered(gig.rate.min, gig.rate.max)
    if gig.monthly_jpy is not None:
        assert _ordered(gig.monthly_jpy.min, gig.monthly_jpy.max)
    assert gig_from_record(json.loads(json.dumps(out)), "prop", Money()).to_json() == out

"""Building a Gig from a source record (tui.normalize.record.gig_from_record).

Records come from boards (structured fields, HTML descriptions), from the user's files
(raw text in every field, CSV strings everywhere) and from gigs' own JSON output (which
must read back unchanged).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

import pytest

from tui.model import Payment, Rate, Settlement, SourceRef, Span
from tui.money import Money
from tui.normalize.record import gig_from_record

MONEY = Money()
M = 10_000
UTC = timezone.utc


def build(record: dict, source: str = "agents", **kw: object):
    return gig_from_record(record, source, MONEY, **kw)  # type: ignore[arg-type]


# --- raw text values (a user's CSV / TOML) ----------------------------------------------
def test_raw_text_fields_are_parsed() -> None:
    g = build({
        "id": "a-1", "title": "需要予測モデル構築", "client": "株式会社サンプル",
        "rate": "60〜90万円/月", "days_per_week": "週3日〜", "remote": "フルリモート",
        "contract_form": "準委任", "settlement_hours": "140〜180h",
        "payment": "月末締め翌月末払い", "skills": "Python, PyTorch",
        "engagement": "業務委託", "posted_at": "2026/11/03",
    })
    assert g.uid == "agents:a-1" and g.source == "agents" and g.source_id == "a-1"
    assert g.rate == Rate(60 * M, 90 * M, "JPY", "month", "60〜90万円/月", True)
    assert g.monthly_jpy == Span(600_000, 900_000)
    assert g.days_per_week == Span(3, None)
    assert g.remote == "full"
    assert g.contract_form == "quasi_mandate"
    assert g.settlement_hours == Settlement(140, 180, False)
    assert g.payment == Payment("月末締め翌月末払い", 30)
    assert g.skills == ("Python", "PyTorch")
    assert g.engagement == ("freelance",)
    assert g.posted_at == datetime(2026, 11, 3, tzinfo=UTC)
    assert g.language == "ja"


def test_hourly_rate_converts_with_the_money_setting() -> None:
    g = gig_from_record({"id": 1, "title": "x", "rate": "$50/hour"}, "remotive",
                        Money(hours_per_month=160, fx={"USD": 150.0}))
    assert g.monthly_jpy == Span(1_200_000, 1_200_000)
    g2 = gig_from_record({"id": 1, "title": "x", "rate": "$50/hour"}, "remotive",
                         Money(hours_per_month=140, fx={"USD": 100.0}))
    assert g2.monthly_jpy == Span(700_000, 700_000)


def test_unparseable_rate_keeps_its_raw_text() -> None:
    g = build({"id": 1, "title": "x", "rate": "応相談"})
    assert g.rate == Rate(None, None, None, None, "応相談", True)
    assert g.monthly_jpy is None


# --- structured values (boards) ---------------------------------------------------------
def test_structured_rate_is_taken_as_fields() -> None:
    g = build({"id": 9, "title": "ML", "rate": {"min": 80, "max": 60, "currency": "usd",
                                                "period": "hourly"}}, "jobicy")
    assert (g.rate.min, g.rate.max, g.rate.currency, g.rate.period) == (60, 80, "USD", "hour")
    assert g.rate.parsed is False
    assert g.rate.raw == "60–80 USD/hour"
    assert g.monthly_jpy == Span(60 * 160 * 150, 80 * 160 * 150)


@pytest.mark.parametrize(
    "rate,expected",
    [
        ({"min": 0, "max": 120000, "currency": "USD", "period": "year"}, (None, 120000)),
        ({"min": -5, "max": 0, "currency": "USD", "period": "year", "raw": "$?"}, (None, None)),
        ({"min": "90000", "max": "105,000", "currency": "USD", "period": "annual"}, (90000, 105000)),
        ({"value": 70, "currency": "EUR", "unitText": "HOUR"}, (70, 70)),
    ],
)
def test_structured_rate_edge_values(rate: dict, expected: tuple) -> None:
    g = build({"id": 1, "title": "t", "rate": rate})
    assert g.rate is not None and (g.rate.min, g.rate.max) == expected


def test_structured_terms() -> None:
    g = build({
        "id": 2, "title": "t",
        "days_per_week": {"min": 5, "max": 3},
        "settlement_hours": {"min": 140, "max": 180, "fixed": False},
        "payment": {"raw": "月末締め翌月15日払い", "site_days": 15},
        "remote": True, "engagement": ["Full Time", "CONTRACTOR"],
        "skills": ["pytorch", "sklearn", "PyTorch"], "tags": ["data", "Data", "ml"],
        "posted_at": 1790000000, "is_new": "true", "fit": "85", "fit_reasons": ["PyTorch"],
    })
    assert g.days_per_week == Span(3, 5)
    assert g.settlement_hours == Settlement(140, 180, False)
    assert g.payment == Payment("月末締め翌月15日払い", 15)
    assert g.remote == "full"
    assert g.engagement == ("full_time", "contract")
    assert g.skills == ("PyTorch", "scikit-learn")
    assert g.tags == ("data", "ml")
    assert g.posted_at == datetime.fromtimestamp(1790000000, UTC)
    assert g.is_new is True and g.fit == 85 and g.fit_reasons == ["PyTorch"]


def test_html_description_and_missing_fields_from_prose() -> None:
    g = build({
        "id": 3, "title": "Freelance ML Engineer",
        "description_html": "<p>We need <b>PyTorch</b> &amp; MLOps help.</p><ul><li>Pay: "
                            "$90-$110/hr</li><li>3 days/week</li><li>Fully remote</li></ul>",
    }, "remotive")
    assert g.description == "We need PyTorch & MLOps help.\n\n• Pay: $90-$110/hr\n• 3 days/week\n• Fully remote"
    assert g.rate is not None and (g.rate.min, g.rate.max, g.rate.period) == (90, 110, "hour")
    assert g.rate.raw == "Pay: $90-$110/hr" and g.rate.parsed is True
    assert g.days_per_week == Span(3, 3)
    assert g.remote == "full"
    assert g.skills == ("PyTorch", "MLOps")
    assert g.engagement == ("freelance",)  # from the title
    assert g.language == "en"


def test_journey_two_message_as_description() -> None:
    msg = "画像認識モデル開発／80〜90万円／週4日〜／一部リモート／準委任／精算幅140-180h／月末締め翌月末払い"
    g = build({"description": msg}, "manual")
    assert g.title == "画像認識モデル開発"
    assert g.monthly_jpy == Span(800_000, 900_000)
    assert g.days_per_week == Span(4, None)
    assert g.remote == "partial" and g.contract_form == "quasi_mandate"
    assert g.settlement_hours == Settlement(140, 180, False)
    assert g.payment == Payment("月末締め翌月末払い", 30)


# --- wrong types never raise ------------------------------------------------------------
WRONG = [
    {"title": 12345},
    {"title": ["Senior", "ML"]},
    {"title": {"name": "Dict title"}},
    {"title": None, "description": None},
    {"skills": {"weird": {"nested": True}}},
    {"skills": 42},
    {"rate": ["80万円", "/月"]},
    {"rate": True},
    {"rate": 800000},
    {"rate": {"min": "abc", "max": None}},
    {"days_per_week": [3, 5]},
    {"days_per_week": 99},
    {"days_per_week": {"min": "x"}},
    {"settlement_hours": 160},
    {"settlement_hours": [140, 180]},
    {"payment": 30},
    {"payment": {"site_days": "x"}},
    {"remote": 1},
    {"contract_form": ["準委任"]},
    {"engagement": {"a": 1}},
    {"posted_at": {"when": "now"}},
    {"first_seen": [1]},
    {"is_new": "maybe"},
    {"fit": "high"},
    {"fit_reasons": "one reason"},
    {"language": 5},
    {"url": 5, "apply_url": ["x"]},
    {"location": ["Tokyo", "Osaka"]},
    {"tags": "a, b, a"},
    {"id": 3.0},
    {"id": True},
    {"sources": "nope", "uid": "x:1"},
    {"description": ["line one", "line two", 3]},
    {"description_html": 5, "description": "<p>fallback</p>"},
    {"title": float("nan"), "rate": float("nan")},
]


@pytest.mark.parametrize("record", WRONG)
def test_wrong_types_never_raise(record: dict) -> None:
    g = build(record)
    json.dumps(g.to_json(), ensure_ascii=False)  # always serializable
    assert g.title
    assert g.uid.startswith(("agents:", "x:"))


def test_specific_coercions() -> None:
    assert build({"title": 12345}).title == "12345"
    assert build({"title": ["Senior", "ML"]}).title == "Senior, ML"
    assert build({"title": {"name": "Dict title"}}).title == "Dict title"
    assert build({"id": 3.0, "title": "t"}).uid == "agents:3"
    assert build({"title": "t", "days_per_week": [3, 5]}).days_per_week == Span(3, 5)
    assert build({"title": "t", "days_per_week": 99}).days_per_week is None
    assert build({"title": "t", "settlement_hours": [180, 140]}).settlement_hours == Settlement(140, 180)
    assert build({"title": "t", "payment": 30}).payment == Payment("30", 30)
    assert build({"title": "t", "rate": ["80万円", "/月"]}).rate.min == 800_000  # type: ignore[union-attr]
    assert build({"title": "t", "rate": 800000}).rate == Rate(None, None, None, None, "800000", True)
    assert build({"title": "t", "remote": False}).remote == "onsite"
    assert build({"title": "t", "tags": "a, b, a"}).tags == ("a", "b")
    assert build({"title": "t", "is_new": "maybe"}).is_new is False
    assert build({"title": "t", "is_new": "False"}).is_new is False
    assert build({"title": "t", "fit": "high"}).fit is None
    assert build({"title": "t", "fit_reasons": "one reason"}).fit_reasons == ["one reason"]
    assert build({"title": "t", "location": ["Tokyo", "Osaka"]}).location == "Tokyo, Osaka"
    assert build({"title": "t", "url": "javascript:alert(1)"}).url is None
    assert build({"title": "t", "url": "https://example.com/j/1"}).url == "https://example.com/j/1"
    assert build({"description": "<p>fallback</p>", "description_html": 5}).description == "fallback"


def test_not_a_mapping_gives_an_untitled_gig() -> None:
    g = gig_from_record(["not", "a", "dict"], "agents", MONEY)  # type: ignore[arg-type]
    assert g.title == "(untitled)"


# --- identity -------------------------------------------------------------------------
def test_uid_from_native_id() -> None:
    assert build({"id": 1934101, "title": "t"}, "remotive").uid == "remotive:1934101"


def test_uid_hash_is_stable_and_depends_on_title_client_url() -> None:
    rec = {"title": "ML Engineer", "client": "Acme", "url": "https://x/1"}
    a, b = build(rec), build(dict(rec))
    digest = hashlib.sha1("ML Engineer\x1fAcme\x1fhttps://x/1".encode()).hexdigest()[:12]
    assert a.uid == b.uid == f"agents:{digest}"
    assert a.source_id == digest
    assert build({**rec, "client": "Other"}).uid != a.uid
    assert build({**rec, "url": "https://x/2"}).uid != a.uid


def test_record_uid_and_sources_are_kept() -> None:
    g = build({
        "uid": "remotive:1934101", "source": "remotive", "source_id": "1934101",
        "sources": [{"source": "remotive", "uid": "remotive:1934101", "url": "https://r/1"},
                    {"source": "jobicy", "uid": "jobicy:119803", "url": "https://j/1"}],
        "title": "Freelance Data Scientist",
    }, "myfile")
    assert g.uid == "remotive:1934101" and g.source == "remotive" and g.source_id == "1934101"
    assert g.sources == [SourceRef("remotive", "remotive:1934101", "https://r/1"),
                         SourceRef("jobicy", "jobicy:119803", "https://j/1")]


def test_uid_without_source_fields_uses_the_given_source() -> None:
    g = build({"uid": "manual:abc", "title": "t"}, "file")
    assert g.uid == "manual:abc" and g.source == "file" and g.source_id == "abc"


# --- sanitizing and caps -----------------------------------------------------------------
def test_texts_are_sanitized() -> None:
    g = build({
        "id": 1, "title": "\x1b[31mML\x1b[0m\nEngineer \u202e[bold]x[/]",
        "client": "Acme\x1b]52;c;ZXZpbA==\x07 Inc", "agent": " Agent\tA ",
        "description": "line\r\nnext\x1b[2J",
    })
    assert g.title == "ML Engineer [bold]x[/]"
    assert g.client == "Acme Inc"
    assert g.agent == "Agent A"
    assert g.description == "line\nnext"


def test_caps_and_missing_title() -> None:
    g = build({"title": "x" * 1000, "description": "y" * 200_000})
    assert len(g.title) == 300 and len(g.description) == 100_000
    g = build({"description": "\n\n  First line of the description that is rather long indeed "
                              "and keeps going on and on beyond eighty characters\nsecond"})
    assert g.title == ("First line of the description that is rather long indeed and keeps going "
                       "on and on")[:80]
    assert build({}).title == "(untitled)"


def test_monthly_jpy_is_never_trusted_from_the_record() -> None:
    g = build({"id": 1, "title": "t", "rate": "80万円", "monthly_jpy": {"min": 1, "max": 2}})
    assert g.monthly_jpy == Span(800_000, 800_000)


def test_now_fills_first_seen_and_relative_dates() -> None:
    now = datetime(2026, 11, 27, 8, tzinfo=UTC)
    g = build({"id": 1, "title": "t", "posted_at": "2日前"}, now=now)
    assert g.first_seen == now
    assert g.posted_at == datetime(2026, 11, 25, 8, tzinfo=UTC)
    g = build({"id": 1, "title": "t", "first_seen": "2026-11-01T00:00:00Z"}, now=now)
    assert g.first_seen == datetime(2026, 11, 1, tzinfo=UTC)


def test_extra_keys_are_kept_aside() -> None:
    g = build({"id": 1, "title": "t", "company_logo": "https://x/logo.png"})
    assert g.extra == {"company_logo": "https://x/logo.png"}
    assert "company_logo" not in g.to_json()


# --- round trip of gigs' own JSON -----------------------------------------------------------
ROUND_TRIP_RECORDS = [
    {"id": "a-1", "title": "需要予測モデル構築", "rate": "60〜90万円/月", "days_per_week": "週3日〜",
     "remote": "フルリモート", "contract_form": "準委任", "settlement_hours": "140〜180h",
     "payment": "月末締め翌月末払い", "skills": "Python, PyTorch", "posted_at": "2026/11/03",
     "description": "レコメンド改善。\r\nPython必須。", "tags": "data, ml"},
    {"id": 1934101, "title": "Freelance Data Scientist", "client": "Quillfeather Labs",
     "url": "https://remotive.com/x", "rate": {"min": 60, "max": 80, "currency": "USD",
                                               "period": "hour"},
     "engagement": ["contract"], "description_html": "<p>Python &amp; SQL</p><ul><li>a</li></ul>",
     "posted_at": "2026-09-18T15:10:28", "is_new": True, "fit": 72, "fit_reasons": ["Python"]},
    {"description": "画像認識モデル開発／80〜90万円／週4日〜／一部リモート／準委任／精算幅140-180h／月末締め翌月末払い"},
    {"title": "Odd", "rate": "応相談", "days_per_week": "応相談", "payment": "検収後払い",
     "engagement": ["???"], "skills": [None], "remote": "???"},
    {"uid": "remotive:1", "source": "remotive", "source_id": "1", "title": "Merged",
     "sources": [{"source": "remotive", "uid": "remotive:1", "url": "https://r/1"},
                 {"source": "jobicy", "uid": "jobicy:2", "url": None}],
     "rate": {"min": 90000, "max": 105000, "currency": "USD", "period": "year", "raw": "$90k - $105k",
              "parsed": True}, "first_seen": "2026-11-27T08:00:00Z", "language": "en"},
    {"title": "Huge", "description": ("word " * 30000) + "\n\n\n" + ("more " * 1000)},
]


@pytest.mark.parametrize("record", ROUND_TRIP_RECORDS)
def test_to_json_reads_back_unchanged(record: dict) -> None:
    first = build(record).to_json()
    again = gig_from_record(json.loads(json.dumps(first)), "other-name", MONEY).to_json()
    assert again == first

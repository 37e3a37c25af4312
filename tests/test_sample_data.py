"""The embedded sample gigs: enough, varied, raw, current, and understood by the normaliser."""

from __future__ import annotations

import re
import statistics
import tomllib
import unicodedata
from datetime import datetime, timedelta, timezone
from importlib.resources import files
from typing import Any

import pytest

from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.registry import load_type
from tui.sources.sample import SampleSource, load_sample_records

#: Every raw key a sample gig may carry (raw listing text only).
RAW_KEYS = {
    "id", "title", "client", "agent", "url", "rate", "days_per_week", "settlement_hours",
    "payment", "contract_form", "remote", "location", "skills", "engagement",
    "posted_at", "description",
}
#: Keys the source adds when serving the records.
ADDED_KEYS = {"tags"}

#: Every free-text form the data must show somewhere, by what it exercises.
FREE_TEXT_FORMS: list[tuple[str, str]] = [
    ("rate", "60〜90万円/月"),
    ("rate", "〜100万円"),
    ("rate", "80万円（スキル見合い）"),
    ("rate", "月額700,000円"),
    ("rate", "時給5,000円〜"),
    ("days", "週2〜5日"),
    ("days", "週3日〜"),
    ("days", "週5日"),
    ("days", "週1〜2日"),
    ("days", "土日"),
    ("settlement", "140〜180h"),
    ("settlement", "精算幅なし"),
    ("settlement", "固定"),
    ("payment", "月末締め翌月15日払い"),
    ("payment", "月末締め翌月末払い"),
    ("payment", "月末締め翌々月10日払い"),
    ("form", "準委任"),
    ("form", "請負"),
    ("form", "派遣"),
    ("remote", "フルリモート"),
    ("remote", "一部リモート"),
    ("remote", "リモート併用"),
    ("remote", "常駐"),
    ("rate", "$90k - $105k"),
    ("rate", "$50/hour"),
    ("rate", "€600/day"),
    ("remote", "remote"),
    ("remote", "hybrid"),
    ("remote", "on-site"),
]

#: Red-flag contract phrases of DOMAIN.md some descriptions must contain.
RED_FLAGS = ["契約終了後に発生した損害", "振込手数料は受注者負担", "検収期間は設けない", "損害賠償の上限なし"]

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
FIXED_NOW = datetime(2027, 3, 15, 12, 0, 0, tzinfo=timezone.utc)


def _raw_gigs() -> list[dict[str, Any]]:
    text = (files("tui.sources") / "data" / "sample_gigs.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["gigs"]


def _fold(text: str) -> str:
    """Width-insensitive, case-insensitive text: full/half-width and tilde variants match."""
    text = unicodedata.normalize("NFKC", text)
    for tilde in ("~", "〜", "～", "∼"):
        text = text.replace(tilde, "〜")
    return text.casefold()


def _is_japanese(rec: dict[str, Any]) -> bool:
    return bool(JAPANESE.search(rec["title"]))


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def raw() -> list[dict[str, Any]]:
    return _raw_gigs()


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return load_sample_records(FIXED_NOW)


# --- the data file ----------------------------------------------------------------------


def test_at_least_160_gigs(raw):
    assert len(raw) >= 160


def test_roughly_sixty_percent_japanese(raw):
    share = sum(_is_japanese(g) for g in raw) / len(raw)
    assert 0.55 <= share <= 0.65, share


def test_ids_unique(raw):
    ids = [g["id"] for g in raw]
    assert len(ids) == len(set(ids))


def test_only_raw_keys(raw):
    for gig in raw:
        extra = set(gig) - RAW_KEYS
        assert not extra, (gig.get("id"), extra)


def test_values_are_raw_text(raw):
    """No pre-parsed numbers or tables: every value is a string as a listing writes it."""
    for gig in raw:
        for key, value in gig.items():
            assert isinstance(value, str), (gig["id"], key, value)


def test_required_keys_present(raw):
    for gig in raw:
        for key in ("id", "title", "client", "url", "skills", "posted_at", "description"):
            assert gig.get(key, "").strip(), (gig.get("id"), key)
        assert gig["url"].startswith("https://sample.gigs.invalid/"), gig["id"]


def test_text_is_distinct(raw):
    """Hand-written, not templated: ≥95% distinct once digits are removed."""
    texts = [re.sub(r"\d", "", g["title"] + "\n" + g["description"]) for g in raw]
    assert len(set(texts)) / len(texts) >= 0.95
    titles = [re.sub(r"\d", "", g["title"]) for g in raw]
    assert len(set(titles)) / len(titles) >= 0.95


def test_description_lengths(raw):
    for gig in raw:
        assert 200 <= len(gig["description"].strip()) <= 900, gig["id"]


@pytest.mark.parametrize(("kind", "form"), FREE_TEXT_FORMS)
def test_free_text_form_appears(raw, kind, form):
    needle = _fold(form)
    haystack = [_fold(value) for gig in raw for value in gig.values()]
    assert any(needle in text for text in haystack), f"{kind} form {form!r} missing"


def test_some_terms_only_in_prose(raw):
    """About 25 gigs state rate/days/remote only in the description."""
    prose_only = [g for g in raw if "rate" not in g and "remote" not in g]
    assert len(prose_only) >= 20
    for gig in prose_only:
        assert re.search(r"\d", gig["description"]), gig["id"]


@pytest.mark.parametrize("phrase", RED_FLAGS)
def test_red_flag_phrases_present(raw, phrase):
    assert any(phrase in g["description"] for g in raw), phrase


def test_titles_with_literal_markup(raw):
    marked = [g for g in raw if re.search(r"\[(bold|link=[^\]]+|red)\]", g["title"])]
    assert len(marked) >= 2


def test_posted_at_in_the_data_window(raw):
    start = datetime(2026, 10, 1, tzinfo=timezone.utc)
    end = datetime(2026, 11, 27, tzinfo=timezone.utc)
    for gig in raw:
        assert start <= _when(gig["posted_at"]) < end, gig["id"]


def test_agents_only_on_japanese_gigs(raw):
    for gig in raw:
        if "agent" in gig:
            assert _is_japanese(gig), gig["id"]


# --- load_sample_records ----------------------------------------------------------------


def test_records_match_the_file(raw, records):
    assert [r["id"] for r in records] == [g["id"] for g in raw]
    for rec, gig in zip(records, raw):
        assert set(rec) - RAW_KEYS - ADDED_KEYS == set()
        assert rec["tags"] == ["sample"]
        assert rec["title"] == gig["title"] and rec["description"] == gig["description"]


def test_newest_is_three_hours_before_now(records):
    newest = max(_when(r["posted_at"]) for r in records)
    assert newest == FIXED_NOW - timedelta(hours=3)


def test_rebasing_keeps_relative_ages_and_order(raw, records):
    before = [_when(g["posted_at"]) for g in raw]
    after = [_when(r["posted_at"]) for r in records]
    offsets = {a - b for a, b in zip(after, before)}
    assert len(offsets) == 1
    order = sorted(range(len(raw)), key=lambda i: (before[i], i))
    assert order == sorted(range(len(raw)), key=lambda i: (after[i], i))


def test_rebased_times_keep_iso_format(records):
    for rec in records:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rec["posted_at"]), rec


def test_default_now_is_the_current_time():
    records = load_sample_records()
    newest = max(_when(r["posted_at"]) for r in records)
    age = datetime.now(timezone.utc) - newest
    assert timedelta(hours=3) - timedelta(minutes=1) <= age <= timedelta(hours=3, minutes=1)


def test_naive_now_is_taken_as_utc():
    naive = FIXED_NOW.replace(tzinfo=None)
    assert load_sample_records(naive) == load_sample_records(FIXED_NOW)


def test_each_call_returns_fresh_records():
    first = load_sample_records(FIXED_NOW)
    first[0]["title"] = "changed"
    first[0]["tags"].append("x")
    second = load_sample_records(FIXED_NOW)
    assert second[0]["title"] != "changed"
    assert second[0]["tags"] == ["sample"]


# --- the source --------------------------------------------------------------------------


class _Ctx:
    """A FetchContext for an offline source: any network call is a test failure."""

    max_pages = 1

    def __init__(self) -> None:
        self.messages: list[str] = []

    async def get_json(self, url, *, params=None):
        raise AssertionError("the sample source must not reach the network")

    async def get_text(self, url, *, params=None):
        raise AssertionError("the sample source must not reach the network")

    def progress(self, message: str) -> None:
        self.messages.append(message)


def test_source_class_attributes():
    assert SampleSource.type_name == "sample"
    assert SampleSource.title == "Sample data (embedded)"
    assert SampleSource.network is False
    assert SampleSource.options == {}


def test_registry_finds_the_sample_type():
    assert load_type("sample") is SampleSource


def test_unknown_option_is_rejected():
    with pytest.raises(SourceError, match="unknown option"):
        SampleSource(SourceSpec(name="sample", type="sample", options={"lang": "ja"}))


async def test_fetch_serves_the_rebased_records(raw):
    source = SampleSource(SourceSpec(name="sample", type="sample"))
    ctx = _Ctx()
    got = await source.fetch(ctx)
    assert [r["id"] for r in got] == [g["id"] for g in raw]
    assert all(r["tags"] == ["sample"] for r in got)
    newest = max(_when(r["posted_at"]) for r in got)
    assert abs((datetime.now(timezone.utc) - newest) - timedelta(hours=3)) < timedelta(minutes=1)
    assert ctx.messages


# --- the normaliser understands the wording ------------------------------------------------


@pytest.fixture(scope="module")
def normalized(records):
    record_mod = pytest.importorskip("tui.normalize.record")
    from tui.money import Money

    money = Money()
    return [(rec, record_mod.gig_from_record(rec, "sample", money)) for rec in records]


def test_every_record_normalizes(normalized, records):
    assert len(normalized) == len(records)
    for rec, gig in normalized:
        assert gig.uid == f"sample:{rec['id']}"
        assert gig.source == "sample"
        assert "sample" in gig.tags


def test_most_have_a_monthly_rate(normalized):
    missing = [rec["id"] for rec, gig in normalized if gig.monthly_jpy is None]
    assert len(missing) <= 0.10 * len(normalized), missing


def test_japanese_gigs_have_days(normalized):
    ja = [(rec, gig) for rec, gig in normalized if _is_japanese(rec)]
    missing = [rec["id"] for rec, gig in ja if gig.days_per_week is None]
    assert len(missing) <= 0.15 * len(ja), missing


def test_most_have_a_known_remote(normalized):
    unknown = [rec["id"] for rec, gig in normalized if gig.remote == "unknown"]
    assert len(unknown) <= 0.10 * len(normalized), unknown


def test_japanese_median_near_the_market_average(normalized):
    mids = [
        gig.monthly_jpy.mid
        for rec, gig in normalized
        if _is_japanese(rec) and gig.monthly_jpy is not None and gig.monthly_jpy.mid is not None
    ]
    assert len(mids) >= 80
    assert 700_000 <= statistics.median(mids) <= 1_000_000, statistics.median(mids)


def test_prose_terms_are_extracted(normalized):
    """Gigs that state their terms only in prose still get a rate and a remote value."""
    prose = [(rec, gig) for rec, gig in normalized if "rate" not in rec and "remote" not in rec]
    with_rate = [rec["id"] for rec, gig in prose if gig.rate is not None]
    with_remote = [rec["id"] for rec, gig in prose if gig.remote != "unknown"]
    assert len(with_rate) >= 0.8 * len(prose), with_rate
    assert len(with_remote) >= 0.8 * len(prose), with_remote

"""Dedup: the same gig on two boards becomes one row; different gigs never merge."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone

import pytest

from tui.dedup import client_key, dedupe
from tui.model import Gig, Rate, SourceRef, Span

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def gig(source: str, n: int | str, title: str, client: str | None = "ACME", **fields) -> Gig:
    """A gig of ``source`` with native id ``n`` and a URL that names both."""
    fields.setdefault("url", f"https://{source}.example/jobs/{n}")
    return Gig(uid=f"{source}:{n}", source=source, source_id=str(n), title=title,
               client=client, **fields)


def refs(row: Gig) -> list[tuple[str, str, str | None]]:
    return [(r.source, r.uid, r.url) for r in row.sources]


# ------------------------------------------------------------------ same gig, two boards

SAME_CLIENT = [
    ("ACME Inc.", "acme"),
    ("Acme, Inc", "ACME"),
    ("株式会社ACME", "ＡＣＭＥ"),
    ("ACME株式会社", "acme"),
    ("ＡＣＭＥ（株）", "Acme"),
    ("Kumo Cloud K.K.", "Kumo Cloud"),
    ("Sakura KK", "SAKURA"),
    ("Nordlicht Analytics GmbH ", "Nordlicht Analytics"),
    ("Abc Co., Ltd.", "ABC"),
    ("Tulp AI B.V.", "Tulp AI"),
    ("Foo GmbH & Co. KG", "foo"),
]

SAME_TITLE = [
    ("Senior Data Scientist", "senior data scientist"),
    ("Senior Data Scientist", "Senior Data Scientists"),
    ("Data Scientist (Senior)", "Senior Data Scientist"),
    ("Machine Learning Engineer - Recommendations", "Machine Learning Engineer – Recommendations"),
    ("Freelance Data Scientist (m/w/d)", "Freelance Data Scientist"),
    ("Senior Machine Learning Enginer", "Senior Machine Learning Engineer"),
    ("ＭＬエンジニア（ＮＬＰ）", "MLエンジニア (NLP)"),
    ("Zürich Computer Vision Engineer", "Zurich Computer Vision Engineer"),
]


@pytest.mark.parametrize("client_a, client_b", SAME_CLIENT)
def test_client_variants_merge(client_a: str, client_b: str) -> None:
    assert client_key(client_a) == client_key(client_b) != ""
    rows = dedupe([gig("remotive", 1, "Freelance Data Scientist", client_a),
                   gig("jobicy", 2, "Freelance Data Scientist", client_b)])
    assert len(rows) == 1
    assert [r.uid for r in rows[0].sources] == ["remotive:1", "jobicy:2"]


@pytest.mark.parametrize("title_a, title_b", SAME_TITLE)
def test_near_identical_titles_merge(title_a: str, title_b: str) -> None:
    rows = dedupe([gig("remotive", 1, title_a), gig("jobicy", 2, title_b)])
    assert len(rows) == 1, (title_a, title_b)


def test_merged_row_keeps_every_source_and_url() -> None:
    a = gig("remotive", 1, "Freelance Data Scientist", "Quillfeather Labs")
    b = gig("jobicy", 2, "Freelance Data Scientist", "quillfeather labs inc.")
    c = gig("himalayas", 3, "Freelance Data Scientists", "QUILLFEATHER LABS")
    other = gig("remotive", 4, "Data Engineer", "Bluefin")
    rows = dedupe([a, other, b, c])
    assert [r.uid for r in rows] == ["remotive:1", "remotive:4"]
    assert refs(rows[0]) == [
        ("remotive", "remotive:1", "https://remotive.example/jobs/1"),
        ("jobicy", "jobicy:2", "https://jobicy.example/jobs/2"),
        ("himalayas", "himalayas:3", "https://himalayas.example/jobs/3"),
    ]
    assert rows[1] is other  # untouched rows are passed through
    # the JSON shape carries them too
    assert [s["uid"] for s in rows[0].to_json()["sources"]] == ["remotive:1", "jobicy:2", "himalayas:3"]


def test_merged_row_keeps_the_uid_of_its_first_seen_member() -> None:
    late = gig("remotive", 1, "NLP Engineer", first_seen=T0, is_new=True)
    early = gig("jobicy", 2, "NLP Engineer", first_seen=T0 - timedelta(days=3), is_new=False)
    rows = dedupe([late, early])
    assert len(rows) == 1
    row = rows[0]
    assert row.uid == "jobicy:2" and row.source == "jobicy"
    assert row.first_seen == T0 - timedelta(days=3)
    assert row.is_new is False  # it was seen before, on another board
    assert {r.uid for r in row.sources} == {"remotive:1", "jobicy:2"}
    # unknown first-seen times: the first in input order wins
    rows = dedupe([gig("remotive", 1, "NLP Engineer"), gig("jobicy", 2, "NLP Engineer")])
    assert rows[0].uid == "remotive:1"


def test_merged_row_is_new_only_when_every_member_is() -> None:
    a = gig("remotive", 1, "NLP Engineer", first_seen=T0, is_new=True)
    b = gig("jobicy", 2, "NLP Engineer", first_seen=T0 + timedelta(hours=1), is_new=True)
    assert dedupe([a, b])[0].is_new is True


def test_missing_fields_are_filled_from_the_other_member() -> None:
    rate = Rate(60, 80, "USD", "hour", "$60 - $80/hour", False)
    first = gig("remotive", 1, "MLOps Consultant", first_seen=T0, skills=("Python",),
                description="")
    second = gig("jobicy", 2, "MLOps Consultant", first_seen=T0 + timedelta(hours=2),
                 rate=rate, monthly_jpy=Span(1_440_000, 1_920_000), remote="full",
                 contract_form="contract_for_work", location="Berlin",
                 days_per_week=Span(3, 5), skills=("python", "Kubernetes"),
                 description="Run our ML platform.", engagement=("contract",),
                 apply_url="https://jobicy.example/apply/2",
                 posted_at=T0 - timedelta(days=1))
    row = dedupe([first, second])[0]
    assert row.uid == "remotive:1"
    assert row.rate == rate and row.monthly_jpy == Span(1_440_000, 1_920_000)
    assert row.remote == "full" and row.contract_form == "contract_for_work"
    assert row.location == "Berlin" and row.days_per_week == Span(3, 5)
    assert row.skills == ("Python", "Kubernetes")
    assert row.description == "Run our ML platform."
    assert row.engagement == ("contract",)
    assert row.apply_url == "https://jobicy.example/apply/2"
    assert row.posted_at == T0 - timedelta(days=1)
    # the first-seen member's own values win where it has them
    own = gig("remotive", 1, "MLOps Consultant", first_seen=T0, remote="partial",
              location="Tokyo")
    row = dedupe([own, second])[0]
    assert row.remote == "partial" and row.location == "Tokyo"
    # the inputs are not changed
    assert first.rate is None and first.sources == []


# ------------------------------------------------------------------ never merge

DIFFERENT_TITLES = [
    ("Senior ML Engineer", "Junior Data Analyst"),
    ("ML Engineer (NLP)", "ML Engineer (CV)"),
    ("Machine Learning Engineer (NLP)", "Machine Learning Engineer (CV)"),
    ("Senior Staff Machine Learning Engineer, Platform (NLP)",
     "Senior Staff Machine Learning Engineer, Platform (CV)"),
    ("Senior Machine Learning Engineer I", "Senior Machine Learning Engineer II"),
    ("Senior Machine Learning Engineer (L4)", "Senior Machine Learning Engineer (L5)"),
    ("Machine Learning Engineer Intern 2025", "Machine Learning Engineer Intern 2026"),
    ("Staff Machine Learning Engineer - Search", "Staff Machine Learning Engineer - Ads"),
    ("Machine Learning Engineer (Tokyo)", "Machine Learning Engineer (Osaka)"),
    ("Frontend Engineer", "Backend Engineer"),
    ("Data Scientist", "Senior Data Scientist"),
    ("Senior Data Analyst", "Senior Data Analysis Lead"),
    ("大規模言語モデルのデータ前処理基盤開発", "大規模言語モデルのデータ後処理基盤開発"),
    ("機械学習エンジニア（NLP）", "機械学習エンジニア（画像）"),
]


@pytest.mark.parametrize("title_a, title_b", DIFFERENT_TITLES)
def test_different_gigs_of_the_same_client_never_merge(title_a: str, title_b: str) -> None:
    rows = dedupe([gig("remotive", 1, title_a), gig("jobicy", 2, title_b)])
    assert [r.uid for r in rows] == ["remotive:1", "jobicy:2"], (title_a, title_b)
    assert all(r.sources == [] for r in rows)


@pytest.mark.parametrize("client_a, client_b", [
    ("AG Labs", "AB Labs"),          # a suffix word at the start is part of the name
    ("Co-op Labs", "Op Labs"),
    ("Acme AI", "Acme Labs"),
    ("Oy Hacker", "Hacker"),
])
def test_different_clients_never_merge(client_a: str, client_b: str) -> None:
    assert client_key(client_a) != client_key(client_b)
    rows = dedupe([gig("remotive", 1, "Data Engineer", client_a),
                   gig("jobicy", 2, "Data Engineer", client_b)])
    assert len(rows) == 2


def test_two_gigs_of_the_same_source_never_merge() -> None:
    a = gig("remotive", 1, "Data Engineer")
    b = gig("remotive", 2, "Data Engineer")
    c = gig("jobicy", 3, "Data Engineer")
    rows = dedupe([a, b, c])
    # c merges with one of them; the two remotive gigs stay two rows
    assert [r.uid for r in rows] == ["remotive:1", "remotive:2"]
    assert [r.uid for r in rows[0].sources] == ["remotive:1", "jobicy:3"]
    assert rows[1] is b


@pytest.mark.parametrize("client", [None, "", "   ", "非公開", "Confidential", "N/A"])
def test_gigs_without_a_client_never_merge(client: str | None) -> None:
    rows = dedupe([gig("remotive", 1, "Data Engineer", client),
                   gig("jobicy", 2, "Data Engineer", client)])
    assert [r.uid for r in rows] == ["remotive:1", "jobicy:2"]


def test_an_already_merged_row_keeps_its_members_when_merged_again() -> None:
    merged = dedupe([gig("remotive", 1, "NLP Engineer"), gig("jobicy", 2, "NLP Engineer")])[0]
    rows = dedupe([merged, gig("himalayas", 3, "NLP Engineer")])
    assert [r.uid for r in rows[0].sources] == ["remotive:1", "jobicy:2", "himalayas:3"]


def test_empty_and_single() -> None:
    assert dedupe([]) == []
    one = gig("remotive", 1, "x")
    assert dedupe([one]) == [one]


# ------------------------------------------------------------------ scale

def _generated(n: int, seed: int = 7) -> tuple[list[Gig], int]:
    """``n`` gigs over 5 sources and many clients (one huge), with planted duplicates."""
    rng = random.Random(seed)
    words = ("machine learning engineer data scientist analyst mlops platform vision nlp "
             "llm research senior junior staff lead backend python pytorch recommendation "
             "search ads infra forecasting").split()
    clients = [f"Client {i} Inc." for i in range(n // 6)]
    gigs: list[Gig] = []
    planted = 0
    while len(gigs) < n:
        i = len(gigs)
        client = "Mega Corp" if rng.random() < 0.08 else rng.choice(clients)
        title = " ".join(rng.sample(words, rng.randint(2, 5))) + f" {i}"
        gigs.append(gig(f"s{i % 5}", i, title, client, first_seen=T0))
        if rng.random() < 0.1 and len(gigs) < n:
            j = len(gigs)
            twin = gig(f"s{(i + 1) % 5}", j, title.upper(), client.upper(), first_seen=T0)
            gigs.append(twin)
            planted += 1
    return gigs, planted


def test_dedupe_of_100k_gigs_is_near_linear() -> None:
    gigs, planted = _generated(100_000)
    start = time.perf_counter()
    rows = dedupe(gigs)
    took = time.perf_counter() - start
    small, small_planted = _generated(25_000)
    start = time.perf_counter()
    small_rows = dedupe(small)
    small_took = time.perf_counter() - start
    print(f"\ndedupe: 100k gigs in {took:.2f} s, 25k in {small_took:.2f} s "
          f"(ratio {took / max(small_took, 1e-9):.1f}, 4.0 is linear)")
    # every planted twin merged, nothing else did (the numbers make each title unique)
    assert len(rows) == len(gigs) - planted
    assert len(small_rows) == len(small) - small_planted
    assert sum(1 for r in rows if len(r.sources) == 2) == planted

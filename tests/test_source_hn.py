"""The ``hn`` source against recorded Algolia payloads served on 127.0.0.1.

The fixtures are captures-style Algolia answers: a ``search_by_date`` result per thread
(with look-alike stories that must not be chosen and an older month's thread) and the
``items/<id>`` comment tree of each thread (SEEKING WORK posts, deleted children, nested
replies, HTML entities such as ``&#x2F;`` and ``&quot;``). Search results are re-dated
relative to now so the ``max_age_days`` window behaves the same whatever day tests run.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply
from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.hn import HNSource, find_rate, html_to_text, parse_header
from tui.sources.http import fetch_once

FIXTURES = Path(__file__).parent / "fixtures" / "hn"
FREELANCER_ID = 45800001
HIRING_ID = 45800100


def _search(name: str, newest_age_days: float = 5) -> bytes:
    """A search fixture with every hit shifted so the newest is ``newest_age_days`` old."""
    data = json.loads((FIXTURES / name).read_text())
    newest = max(hit["created_at_i"] for hit in data["hits"])
    shift = int(time.time() - newest_age_days * 86400) - newest
    for hit in data["hits"]:
        hit["created_at_i"] += shift
        hit["created_at"] = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(hit["created_at_i"]))
    return json.dumps(data).encode()


def serve(server: LocalServer, newest_age_days: float = 5) -> None:
    """Route the Algolia endpoints of both threads on ``server``."""
    searches = {
        "Freelancer? Seeking freelancer?": _search("search_freelancer.json", newest_age_days),
        "Ask HN: Who is hiring?": _search("search_hiring.json", newest_age_days),
    }

    def search(path: str, query: dict[str, list[str]]) -> Reply:
        body = searches.get(query.get("query", [""])[0])
        if body is None:
            return Reply(b'{"hits": [], "nbHits": 0}')
        return Reply(body)

    server.route("/api/v1/search_by_date", search)
    server.route(f"/api/v1/items/{FREELANCER_ID}", body=(FIXTURES / "item_freelancer.json").read_bytes())
    server.route(f"/api/v1/items/{HIRING_ID}", body=(FIXTURES / "item_hiring.json").read_bytes())


async def run(server: LocalServer, progress: list[str] | None = None, **options) -> list[dict]:
    source = HNSource(SourceSpec(name="hn", type="hn", url=server.url, options=options))
    return await fetch_once(
        source, progress=progress.append if progress is not None else None, max_retries=0
    )


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


async def test_freelancer_thread_keeps_only_top_level_seeking_freelancer_posts():
    with LocalServer() as server:
        serve(server)
        records = await run(server, threads=["freelancer"])
    # 45800011/45800016 are SEEKING WORK, 45800012 deleted, 45800015 a meta comment,
    # 45800020/45800021 nested replies (one even says SEEKING FREELANCER).
    assert [r["id"] for r in records] == ["45800010", "45800013", "45800014"]


async def test_freelancer_post_mapping_field_by_field():
    with LocalServer() as server:
        serve(server)
        records = by_id(await run(server, threads=["freelancer"]))
    acme = records["45800010"]
    assert acme["title"] == "ML Engineer (PyTorch)"
    assert acme["client"] == "Acme Robotics"
    assert acme["rate"] == "$120/hr"  # &#x2F; decoded
    assert acme["remote"] == "Remote"
    assert acme["url"] == "https://news.ycombinator.com/item?id=45800010"
    assert acme["posted_at"] == "2026-11-02T16:05:11Z"
    assert acme["engagement"] == ["freelance"]
    assert acme["tags"] == ["seeking-freelancer"]
    assert acme["apply_url"] == "mailto:jobs@acme-robotics.example"
    assert {"Python", "PyTorch", "Kubernetes"} <= set(acme["skills"])
    text = html_to_text(acme["description_html"])
    assert "We're a 12-person robotics startup" in text
    assert '"pick and place"' in text
    assert "&#x27;" in acme["description_html"]  # the HTML itself is passed on untouched

    quill = records["45800013"]  # no | header: title from the first line, pay from prose
    assert quill["title"].startswith("Quillfeather Labs needs an LLM evaluation expert")
    assert "client" not in quill
    assert quill["rate"] == "€80/h"
    assert quill["remote"] == "ONSITE"

    north = records["45800014"]  # lower-case "Seeking Freelancer:" tag
    assert (north["client"], north["title"]) == ("Northwind Analytics", "Data Engineer (Spark)")
    assert north["remote"] == "Hybrid (NYC)"
    assert north["rate"] == "$150k/yr"
    assert {"Spark", "SQL"} <= set(north["skills"])


async def test_newest_matching_thread_is_chosen_and_search_is_by_date_for_stories():
    with LocalServer() as server:
        serve(server)
        await run(server)
        paths = [path for path, _, _ in server.requests]
        searches = [q for path, q, _ in server.requests if path == "/api/v1/search_by_date"]
    # Not the newer "Seeking freelancer for a Shopify migration" story, not last month's
    # thread, not "Who wants to be hired?".
    assert f"/api/v1/items/{FREELANCER_ID}" in paths
    assert f"/api/v1/items/{HIRING_ID}" in paths
    assert not any(p.endswith(("45900077", "45500001", "45800101", "45500100")) for p in paths)
    assert {q["query"][0] for q in searches} == {"Freelancer? Seeking freelancer?", "Ask HN: Who is hiring?"}
    assert all(q["tags"] == ["story"] for q in searches)
    assert all(q["numericFilters"][0].startswith("created_at_i>") for q in searches)


async def test_seeking_work_posts_kept_only_when_asked():
    with LocalServer() as server:
        serve(server)
        records = by_id(await run(server, threads=["freelancer"], include_seeking_work=True))
    assert {"45800011", "45800016"} <= set(records)
    assert records["45800011"]["tags"] == ["seeking-freelancer", "seeking-work"]
    assert "45800012" not in records  # still no deleted posts
    assert "45800015" not in records  # still no meta comments


async def test_hiring_thread_default_keywords_keep_ml_and_data_posts_only():
    with LocalServer() as server:
        serve(server)
        records = await run(server, threads=["hiring"])
    # Brickyard (Go/payroll) and Tiny Pixel ("HTML", "said": not ML, not AI) are dropped.
    assert [r["id"] for r in records] == ["45800200", "45800204"]


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        ([], ["45800200", "45800201", "45800202", "45800204"]),
        (["kafka"], ["45800201"]),
        (["css", "satellite"], ["45800202", "45800204"]),
        (["machine learning"], ["45800200"]),
    ],
)
async def test_hiring_keywords_option(keywords, expected):
    with LocalServer() as server:
        serve(server)
        records = await run(server, threads=["hiring"], keywords=keywords)
    assert [r["id"] for r in records] == expected


async def test_hiring_post_mapping():
    with LocalServer() as server:
        serve(server)
        records = by_id(await run(server, threads=["hiring"], keywords=[]))
    lumen = records["45800200"]
    assert lumen["title"] == "Senior Machine Learning Engineer"
    assert lumen["client"] == "Lumen Health"
    assert lumen["location"] == "San Francisco, CA"
    assert lumen["remote"] == "REMOTE (US)"
    assert lumen["rate"] == "$180k - $220k"
    assert lumen["apply_url"] == "https://lumen.example/jobs?team=ml&src=hn"
    assert lumen["tags"] == ["who-is-hiring"]
    assert "engagement" not in lumen
    assert {"Python", "PyTorch", "AWS", "LLM"} <= set(lumen["skills"])

    brick = records["45800201"]
    assert (brick["client"], brick["title"], brick["location"]) == ("Brickyard", "Backend Engineer (Go)", "Berlin")
    assert brick["remote"] == "ONSITE"
    assert brick["engagement"] == ["full_time"]
    assert "rate" not in brick

    orbital = records["45800204"]
    assert orbital["rate"] == "¥9,000,000/year"
    assert orbital["remote"] == "Hybrid"
    assert orbital["location"] == "Tokyo"
    assert {"Pandas", "scikit-learn"} <= set(orbital["skills"])


async def test_threads_older_than_max_age_are_ignored():
    progress: list[str] = []
    with LocalServer() as server:
        serve(server, newest_age_days=10)
        records = await run(server, progress, max_age_days=3)
        paths = [path for path, _, _ in server.requests]
    assert records == []
    assert not any(p.startswith("/api/v1/items/") for p in paths)
    assert any("Freelancer? Seeking freelancer?" in m and "3 days" in m for m in progress)


async def test_default_window_accepts_a_recent_thread():
    with LocalServer() as server:
        serve(server, newest_age_days=30)  # the thread itself: 38 days old
        records = await run(server, threads=["freelancer"])
    assert len(records) == 3


async def test_search_answer_without_hits_names_the_source():
    with LocalServer() as server:
        server.route("/api/v1/search_by_date", body=b'{"message": "maintenance"}')
        with pytest.raises(SourceError) as err:
            await run(server)
    assert err.value.source == "hn"
    assert "hits" in err.value.problem


async def test_item_that_is_not_a_tree_is_a_source_error():
    with LocalServer() as server:
        serve(server)
        server.route(f"/api/v1/items/{FREELANCER_ID}", body=b'[1, 2, 3]')
        with pytest.raises(SourceError) as err:
            await run(server, threads=["freelancer"])
    assert f"item {FREELANCER_ID}" in err.value.problem


async def test_wrong_types_in_children_are_skipped_not_fatal():
    tree = json.loads((FIXTURES / "item_freelancer.json").read_text())
    tree["children"] = ["junk", 7, None] + tree["children"]
    tree["children"][3]["created_at_i"] = "not a number"
    with LocalServer() as server:
        serve(server)
        server.route(f"/api/v1/items/{FREELANCER_ID}", body=json.dumps(tree))
        records = await run(server, threads=["freelancer"])
    assert [r["id"] for r in records] == ["45800010", "45800013", "45800014"]
    assert records[0]["posted_at"] == "2026-11-02T16:05:11Z"  # fell back to created_at


@pytest.mark.parametrize(
    "options",
    [{"threads": ["jobs"]}, {"threads": []}, {"max_age_days": 0}, {"max_age_days": "soon"},
     {"include_seeking_work": "maybe"}, {"keywords": 3}, {"colour": "red"}],
)
def test_bad_options_are_rejected_by_name(options):
    with pytest.raises(SourceError) as err:
        HNSource(SourceSpec(name="hn", type="hn", options=options))
    assert list(options)[0] in err.value.problem


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Acme Corp | ML Engineer | Remote | $120/hr",
         {"client": "Acme Corp", "title": "ML Engineer", "remote": "Remote", "rate": "$120/hr"}),
        ("Quillfeather Labs | Data Scientist | Contract | €80/h | Remote",
         {"client": "Quillfeather Labs", "title": "Data Scientist", "engagement": ["contract"],
          "rate": "€80/h", "remote": "Remote"}),
        ("Remote ML Engineer | Foo Inc", {"title": "Remote ML Engineer", "client": "Foo Inc"}),
        ("Bar Ltd. | https://bar.io | Part-time | Python dev | 100k USD/year",
         {"client": "Bar Ltd.", "title": "Python dev", "link": "https://bar.io",
          "engagement": ["part_time"], "rate": "100k USD/year"}),
        ("Startup ($5M seed) | AI researcher | Hybrid",
         {"client": "Startup ($5M seed)", "title": "AI researcher", "remote": "Hybrid"}),
    ],
)
def test_parse_header(line, expected):
    assert parse_header(line) == expected


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Pay: $90-120/hour depending", "$90-120/hour"),
        ("USD 100 per hour", "USD 100 per hour"),
        ("$5M raised, paying 5000 EUR/month", "5000 EUR/month"),
        ("we raised $50M", None),
        ("¥800,000/month", "¥800,000/month"),
        ("around $150k.", "$150k"),
        ("no pay mentioned", None),
    ],
)
def test_find_rate(text, rate):
    assert find_rate(text) == rate


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("|$€¥k/- <>&#;xp2FRemoteMLAIdata1,.") + ["<p>", "&#x2F;", "SEEKING ", "WORK", "FREELANCER"]), max_size=40).map("".join))
def test_untrusted_post_text_never_raises(text):
    source = HNSource(SourceSpec(name="hn", type="hn", options={"keywords": []}))
    post = {"id": 1, "author": "a", "text": text, "parent_id": 9, "created_at": text}
    for kind in ("freelancer", "hiring"):
        record = source._record(post, kind)
        assert record is None or record["title"]
    parse_header(html_to_text(text))

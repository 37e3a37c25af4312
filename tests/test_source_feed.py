"""The ``feed`` source against recorded feeds served on 127.0.0.1.

Fixtures: a We Work Remotely RSS 2.0 capture-style feed (``region``, ``country``,
``skills``, ``type``, escaped HTML descriptions, "Company: Role" titles), a generic Atom
feed, a Japanese RSS feed, an empty RSS feed, and an HTML page where a feed was expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.http_server import LocalServer
from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.feed import FeedSource, engagement_of
from tui.sources.http import fetch_once

FIXTURES = Path(__file__).parent / "fixtures" / "feed"
WWR = "https://weworkremotely.com/remote-jobs/"


def route(server: LocalServer, path: str, fixture: str, content_type: str = "application/rss+xml") -> str:
    server.route(path, body=(FIXTURES / fixture).read_bytes(), content_type=content_type)
    return server.url + path


async def run(url: str | None = None, progress: list[str] | None = None, **options) -> list[dict]:
    source = FeedSource(SourceSpec(name="jobsfeed", type="feed", url=url, options=options))
    return await fetch_once(
        source, progress=progress.append if progress is not None else None, max_retries=0
    )


async def test_wwr_feed_mapping_field_by_field():
    with LocalServer() as server:
        url = route(server, "/categories/remote-programming-jobs.rss", "wwr_programming.rss")
        records = await run(url)
    assert len(records) == 3
    quill, nimbus, brick = records
    assert quill["id"] == WWR + "quillfeather-labs-senior-machine-learning-engineer"
    assert quill["url"] == quill["id"]
    assert (quill["client"], quill["title"]) == ("Quillfeather Labs", "Senior Machine Learning Engineer")
    assert quill["location"] == "Anywhere in the World"
    assert quill["remote"] == "full"
    assert quill["skills"] == ["Python", "PyTorch", "MLOps"]
    assert quill["tags"] == ["Programming"]
    assert quill["engagement"] == ["contract"]
    assert quill["posted_at"] == "2026-11-24T15:10:28Z"
    assert quill["language"] == "en"
    # the escaped HTML arrives as HTML (feedparser unescapes one level, sanitizes)
    assert "<em>vision models</em>" in quill["description_html"]
    assert "&lt;" not in quill["description_html"]

    # split on the FIRST ": " only; region + country; -0500 converted to UTC
    assert (nimbus["client"], nimbus["title"]) == ("Nimbus Analytics", "Data Engineer: Streaming Platform")
    assert nimbus["location"] == "USA Only, United States"
    assert nimbus["remote"] == "full"  # every We Work Remotely job is remote
    assert nimbus["engagement"] == ["full_time"]
    assert nimbus["tags"] == ["Programming", "DevOps and Sysadmin"]
    assert nimbus["posted_at"] == "2026-11-23T14:00:00Z"

    assert brick["engagement"] == ["part_time"]
    assert brick["location"] == "Europe Only, Germany"


async def test_feed_option_wins_over_url():
    with LocalServer() as server:
        feed = route(server, "/feed.rss", "wwr_programming.rss")
        records = await run(server.url + "/elsewhere", feed=feed)
        paths = [p for p, _, _ in server.requests]
    assert paths == ["/feed.rss"]
    assert len(records) == 3


@pytest.mark.parametrize(
    ("keywords", "titles"),
    [
        (["machine learning"], ["Senior Machine Learning Engineer"]),
        (["kafka", "php"], ["Data Engineer: Streaming Platform", "PHP Developer"]),
        ("pytorch, laravel", ["Senior Machine Learning Engineer", "PHP Developer"]),
        (["ML"], []),  # "HTML"? no such word either; whole words only
    ],
)
async def test_keywords_filter(keywords, titles):
    with LocalServer() as server:
        url = route(server, "/wwr.rss", "wwr_programming.rss")
        progress: list[str] = []
        records = await run(url, progress, keywords=keywords)
    assert [r["title"] for r in records] == titles
    assert f"{len(titles)} of 3 entries" in progress


async def test_atom_feed_mapping():
    with LocalServer() as server:
        url = route(server, "/feed.atom", "jobs.atom", "application/atom+xml")
        records = await run(url)
    nlp, cv = records
    assert nlp["id"] == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert nlp["title"] == "Freelance NLP Engineer (LLM evaluation)"  # no ": " split outside WWR
    assert nlp["client"] == "Sakura Speech KK"  # Atom author
    assert nlp["url"] == "https://jobs.example.org/jobs/381"
    assert nlp["posted_at"] == "2026-11-25T01:00:00Z"  # published, +09:00 -> UTC
    assert nlp["tags"] == ["nlp", "contract"]
    assert "60 USD/hour" in nlp["description_html"]  # the content, not the short summary
    assert "remote" not in nlp
    assert nlp["language"] == "en"
    assert cv["id"] == "https://jobs.example.org/jobs/377"
    assert cv["posted_at"] == "2026-11-20T08:15:00Z"  # updated when no published
    assert "<b>segmentation</b>" in cv["description_html"]
    assert cv["client"] == "Orbital Data"


async def test_japanese_feed():
    with LocalServer() as server:
        url = route(server, "/ja.rss", "japanese.rss", "application/rss+xml; charset=utf-8")
        records = await run(url, keywords=["機械学習"])
    assert len(records) == 1
    rec = records[0]
    assert rec["title"] == "【フルリモート】機械学習エンジニア（LLM）／週4日"
    assert rec["id"] == "agent-1024"
    assert rec["url"] == "https://agent.example.jp/projects/1024"
    assert "準委任契約" in rec["description_html"]
    assert rec["tags"] == ["機械学習"]
    assert rec["posted_at"] == "2026-11-25T00:00:00Z"
    assert rec["language"] == "ja"
    assert "client" not in rec


async def test_empty_feed_is_empty_not_an_error():
    with LocalServer() as server:
        url = route(server, "/empty.rss", "empty.rss")
        assert await run(url) == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ((FIXTURES / "not_a_feed.html").read_bytes(), "text/html"),
        (b"garbage {] \x00 not xml", "application/octet-stream"),
        (b'{"jobs": []}', "application/json"),
        # a body that names a local file must never be opened as one
        (str(FIXTURES / "wwr_programming.rss").encode(), "text/plain"),
    ],
)
async def test_non_feed_body_is_a_source_error(body, content_type):
    with LocalServer() as server:
        server.route("/feed", body=body, content_type=content_type)
        with pytest.raises(SourceError) as err:
            await run(server.url + "/feed")
    assert err.value.source == "jobsfeed"
    assert "not an RSS/Atom feed" in err.value.problem
    assert "/feed" in err.value.problem


async def test_http_error_names_source_and_status():
    with LocalServer() as server:
        with pytest.raises(SourceError) as err:
            await run(server.url + "/missing.rss")
    assert err.value.source == "jobsfeed"
    assert "404" in err.value.problem


def test_title_option_is_the_attribution_name():
    source = FeedSource(SourceSpec(name="wwr", type="feed", url="https://x/f.rss", options={"title": "We Work Remotely"}))
    assert source.title == "We Work Remotely"
    assert FeedSource.title == "RSS/Atom feed"
    assert source.describe() == "https://x/f.rss"


@pytest.mark.parametrize(
    ("url", "options", "word"),
    [(None, {}, "url"), ("https://x/f.rss", {"title": ""}, "title"),
     ("https://x/f.rss", {"keywords": 5}, "keywords"), ("https://x/f.rss", {"limit": 3}, "limit")],
)
def test_bad_config_is_rejected(url, options, word):
    with pytest.raises(SourceError) as err:
        FeedSource(SourceSpec(name="f", type="feed", url=url, options=options))
    assert word in err.value.problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Full-Time", ["full_time"]), ("Contract", ["contract"]), ("Part-Time", ["part_time"]),
     ("Freelance / Contract", ["freelance", "contract"]), ("Sometimes", []), (None, [])],
)
def test_engagement_of(value, expected):
    assert engagement_of(value) == expected

"""Himalayas through the real fetch layer: mapping and ``nextCursor`` paging."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply
from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.http import fetch_once
from tui.sources.himalayas import HimalayasSource

FIXTURES = Path(__file__).parent / "fixtures" / "himalayas"
PATH = "/jobs/api"
CURSOR = "eyJpZCI6IjEyMzQifQ=="
_ids = itertools.count()


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


@pytest.fixture
def base() -> str:
    return f"/t{next(_ids)}"


def source(url: str | None, **options) -> HimalayasSource:
    return HimalayasSource(SourceSpec(name="himalayas", type="himalayas", url=url, timeout=5,
                                      options=options))


def sent(server: LocalServer, base: str) -> list[tuple]:
    return [r for r in server.requests if r[0].startswith(base + "/")]


def recorded(path: str, query: dict) -> Reply:
    page = "page2" if query.get("cursor") == [CURSOR] else "page1"
    return Reply((FIXTURES / f"{page}.json").read_bytes())


async def test_follows_the_cursor_and_maps_every_field(server: LocalServer, base: str) -> None:
    server.route(base + PATH, recorded)
    records = await fetch_once(source(server.url + base), backoff=0.01)
    queries = [q for _, q, _ in sent(server, base)]
    assert queries == [{"limit": ["20"]}, {"limit": ["20"], "cursor": [CURSOR]}]
    assert len(records) == 5
    guid = "https://himalayas.app/companies/fresh-basket/jobs/senior-machine-learning-engineer"
    assert records[0] == {
        "id": guid,  # no numeric id: the guid is the id
        "title": "Senior Machine Learning Engineer",
        "client": "Fresh Basket",
        "url": guid,
        "apply_url": guid + "/apply",
        "description_html": "<p>Demand forecasting with gradient boosting and deep "
                            "learning.</p>",
        "tags": ["Machine-Learning-Engineer", "Data-Science"],
        "rate": {"min": 145000.5, "max": 175000, "currency": "USD", "period": "year",
                 "raw": "145000.5 - 175000 USD/year", "parsed": False},
        "engagement": ["full_time"],
        "remote": "full",
        "location": "United States, Canada",
        "posted_at": "2026-09-22T08:00:00Z",  # seconds
    }
    by_title = {r["title"]: r for r in records}
    cv = by_title["Freelance Computer Vision Engineer"]
    assert cv["posted_at"] == "2026-09-21T08:00:00Z"  # milliseconds, by magnitude
    assert cv["location"] == "Worldwide"  # [] = worldwide
    assert cv["engagement"] == ["contract"]  # Contractor
    assert (cv["rate"]["min"], cv["rate"]["max"], cv["rate"]["period"]) == (70, 95.5, "hour")
    assert cv["rate"]["currency"] == "EUR"
    assert cv["apply_url"] == "https://skyframe.example/jobs/cv"
    lead = by_title["Data Annotation Lead"]
    assert lead["rate"] is None and lead["engagement"] == ["part_time"]
    assert lead["location"] == "Japan"
    assert by_title["Temporary LLM Red-Teamer"]["engagement"] == ["temporary"]
    intern = by_title["ML Research Intern"]
    assert intern["engagement"] == ["internship"]
    assert (intern["rate"]["min"], intern["rate"]["max"]) == (None, 4000)
    assert intern["rate"]["period"] == "month"


async def test_limit_and_max_pages_options(server: LocalServer, base: str) -> None:
    def endless(path: str, query: dict) -> Reply:
        n = int(query.get("cursor", ["0"])[0])
        job = {"title": f"Job {n}", "guid": f"https://himalayas.app/j/{n}"}
        return Reply(json.dumps({"jobs": [job], "nextCursor": str(n + 1)}).encode())

    server.route(base + PATH, endless)
    records = await fetch_once(source(server.url + base, limit=50, max_pages=3), backoff=0.01)
    assert [r["title"] for r in records] == ["Job 0", "Job 1", "Job 2"]
    requests = sent(server, base)
    assert len(requests) == 3
    assert requests[0][1] == {"limit": ["20"]}  # capped at the API's 20


async def test_paging_is_bounded_by_the_fetcher(server: LocalServer, base: str) -> None:
    def endless(path: str, query: dict) -> Reply:
        n = int(query.get("cursor", ["0"])[0])
        return Reply(json.dumps({"jobs": [{"title": f"Job {n}"}],
                                 "nextCursor": str(n + 1)}).encode())

    server.route(base + PATH, endless)
    records = await fetch_once(source(server.url + base, max_pages=50), max_pages=2,
                               backoff=0.01)
    assert len(records) == 2 and len(sent(server, base)) == 2
    assert records[0]["id"] is None  # no guid: the normalizer hashes a uid


async def test_a_cursor_that_repeats_stops_the_paging(server: LocalServer, base: str) -> None:
    def looping(path: str, query: dict) -> Reply:
        cursor = query.get("cursor", [None])[0]
        title = "first" if cursor is None else f"at {cursor}"
        return Reply(json.dumps({"jobs": [{"title": title}], "nextCursor": "same"}).encode())

    server.route(base + PATH, looping)
    records = await fetch_once(source(server.url + base, max_pages=10), backoff=0.01)
    assert [r["title"] for r in records] == ["first", "at same"]
    assert len(sent(server, base)) == 2


async def test_user_agent_and_conditional_request(server: LocalServer, base: str) -> None:
    body = (FIXTURES / "page2.json").read_bytes()

    def handler(path: str, query: dict) -> Reply:
        if server.requests[-1][2].get("If-None-Match") == '"hm"':
            return Reply(status=304)
        return Reply(body, headers={"ETag": '"hm"'})

    server.route(base + PATH, handler)
    validators: dict[str, dict] = {}
    first = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    second = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    assert first == second and len(first) == 2
    requests = sent(server, base)
    assert requests[0][2]["User-Agent"].startswith("gigs/")
    assert requests[1][2]["If-None-Match"] == '"hm"'


async def test_a_page_without_jobs_is_an_error(server: LocalServer, base: str) -> None:
    server.route(base + PATH, body=json.dumps([{"title": "x"}]))
    with pytest.raises(SourceError) as err:
        await fetch_once(source(server.url + base), backoff=0.01)
    assert err.value.source == "himalayas"
    assert "expected an object with a 'jobs' array" in err.value.problem
    assert "an array" in err.value.problem


def test_defaults() -> None:
    assert HimalayasSource.title == "Himalayas"
    assert source(None).base_url == "https://himalayas.app"
    assert HimalayasSource.min_refresh_minutes >= 60
    assert source(None).limit == 20 and source(None, limit="5").limit == 5

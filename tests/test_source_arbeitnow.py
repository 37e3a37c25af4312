"""Arbeitnow through the real fetch layer: mapping and ``links.next`` paging."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply
from tui.errors import SourceError
from tui.sources.arbeitnow import ArbeitnowSource
from tui.sources.base import SourceSpec
from tui.sources.http import fetch_once

FIXTURES = Path(__file__).parent / "fixtures" / "arbeitnow"
PATH = "/api/job-board-api"
_ids = itertools.count()


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


@pytest.fixture
def base() -> str:
    return f"/t{next(_ids)}"


def source(url: str | None, **options) -> ArbeitnowSource:
    return ArbeitnowSource(SourceSpec(name="arbeitnow", type="arbeitnow", url=url, timeout=5,
                                      options=options))


def sent(server: LocalServer, base: str) -> list[tuple]:
    return [r for r in server.requests if r[0].startswith(base + "/")]


def pages(server: LocalServer, base: str):
    """Serve the recorded pages, their absolute links pointed at the local server."""
    real = "https://www.arbeitnow.com" + PATH
    here = server.url + base + PATH

    def handler(path: str, query: dict) -> Reply:
        page = query.get("page", ["1"])[0]
        body = (FIXTURES / f"page{page}.json").read_text(encoding="utf-8")
        return Reply(body.replace(real, here).encode("utf-8"))

    return handler


async def test_follows_links_next_and_maps_every_field(server: LocalServer, base: str) -> None:
    server.route(base + PATH, pages(server, base))
    records = await fetch_once(source(server.url + base), backoff=0.01)
    assert [q.get("page") for _, q, _ in sent(server, base)] == [None, ["2"]]
    assert len(records) == 5
    assert records[0] == {
        "id": "machine-learning-engineer-computer-vision-berlin-vision-gmbh-412345",
        "title": "Machine Learning Engineer - Computer Vision",
        "client": "Berlin Vision GmbH",
        "url": "https://www.arbeitnow.com/jobs/companies/berlin-vision-gmbh/"
               "machine-learning-engineer-computer-vision-berlin-vision-gmbh-412345",
        "apply_url": None,
        "description_html": "<p>Du entwickelst Modelle für die Qualitätskontrolle.</p>",
        "tags": ["Software Development", "IT"],
        "engagement": ["full_time"],
        "remote": "full",
        "location": "Berlin",
        "posted_at": "2026-09-23T08:00:00Z",
    }
    by_id = {r["id"]: r for r in records}
    freelance = by_id["freelance-data-scientist-munich-datenwerk-412377"]
    assert freelance["remote"] == "onsite"  # remote: false
    assert freelance["engagement"] == ["freelance", "contract"]
    assert freelance["location"] == "München"
    assert by_id["mlops-engineer-hybrid-hamburg-hafenlogik-412390"]["remote"] == "partial"
    student = by_id["working-student-data-analytics-cologne-rheindata-412401"]
    assert student["engagement"] == ["part_time"]
    assert "rate" not in student  # Arbeitnow has no salary field


async def test_remote_only_filters_client_side(server: LocalServer, base: str) -> None:
    server.route(base + PATH, pages(server, base))
    records = await fetch_once(source(server.url + base, remote_only=True), backoff=0.01)
    assert {r["remote"] for r in records} == {"full"}
    assert len(records) == 3
    assert all(q == {} or q == {"page": ["2"]} for _, q, _ in sent(server, base))


async def test_paging_is_bounded_by_max_pages(server: LocalServer, base: str) -> None:
    here = server.url + base + PATH

    def endless(path: str, query: dict) -> Reply:
        n = int(query.get("page", ["1"])[0])
        job = {"slug": f"job-{n}", "title": f"Job {n}", "remote": True}
        return Reply(json.dumps({"data": [job], "links": {"next": f"{here}?page={n + 1}"}}).encode())

    server.route(base + PATH, endless)
    records = await fetch_once(source(server.url + base), max_pages=4, backoff=0.01)
    assert [r["id"] for r in records] == ["job-1", "job-2", "job-3", "job-4"]
    assert len(sent(server, base)) == 4


async def test_a_next_link_that_loops_stops_the_paging(server: LocalServer, base: str) -> None:
    here = server.url + base + PATH

    def looping(path: str, query: dict) -> Reply:
        n = int(query.get("page", ["1"])[0])
        nxt = f"{here}?page=2" if n == 1 else f"{here}?page=1"  # 2 points back to 1
        job = {"slug": f"job-{n}", "title": f"Job {n}", "remote": True}
        return Reply(json.dumps({"data": [job], "links": {"next": nxt}}).encode())

    server.route(base + PATH, looping)
    records = await fetch_once(source(server.url + base), max_pages=20, backoff=0.01)
    assert [r["id"] for r in records] == ["job-1", "job-2"]
    assert len(sent(server, base)) == 2


async def test_relative_next_links_are_followed(server: LocalServer, base: str) -> None:
    def relative(path: str, query: dict) -> Reply:
        n = int(query.get("page", ["1"])[0])
        nxt = "?page=2" if n == 1 else None
        job = {"slug": f"job-{n}", "title": f"Job {n}", "remote": True}
        return Reply(json.dumps({"data": [job], "links": {"next": nxt}}).encode())

    server.route(base + PATH, relative)
    records = await fetch_once(source(server.url + base), backoff=0.01)
    assert [r["id"] for r in records] == ["job-1", "job-2"]


async def test_user_agent_and_conditional_request(server: LocalServer, base: str) -> None:
    body = json.dumps({"data": [{"slug": "a", "title": "A", "remote": True}],
                       "links": {"next": None}}).encode()

    def handler(path: str, query: dict) -> Reply:
        if server.requests[-1][2].get("If-None-Match") == 'W/"an-1"':
            return Reply(status=304)
        return Reply(body, headers={"ETag": 'W/"an-1"'})

    server.route(base + PATH, handler)
    validators: dict[str, dict] = {}
    first = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    second = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    assert first == second == [
        {"id": "a", "title": "A", "client": None, "url": "https://www.arbeitnow.com/jobs/a",
         "apply_url": None, "description_html": None, "tags": [], "engagement": [],
         "remote": "full", "location": None, "posted_at": None}]
    requests = sent(server, base)
    assert requests[0][2]["User-Agent"].startswith("gigs/")
    assert requests[1][2]["If-None-Match"] == 'W/"an-1"'


async def test_a_page_without_data_is_an_error(server: LocalServer, base: str) -> None:
    server.route(base + PATH, body=json.dumps({"jobs": []}))
    with pytest.raises(SourceError) as err:
        await fetch_once(source(server.url + base), backoff=0.01)
    assert err.value.source == "arbeitnow"
    assert "expected an object with a 'data' array" in err.value.problem


def test_defaults_and_options() -> None:
    assert ArbeitnowSource.title == "Arbeitnow"
    assert source(None).base_url == "https://www.arbeitnow.com"
    assert ArbeitnowSource.min_refresh_minutes >= 60
    assert source(None, remote_only="yes").remote_only is True
    with pytest.raises(SourceError, match="'remote_only' must be true or false"):
        source(None, remote_only="maybe")

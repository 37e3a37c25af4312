"""Remotive through the real fetch layer against a recorded payload on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply
from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.http import fetch_once
from tui.sources.remotive import RemotiveSource

FIXTURE = Path(__file__).parent / "fixtures" / "remotive" / "remote-jobs.json"
_ids = itertools.count()


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


@pytest.fixture
def base() -> str:
    return f"/t{next(_ids)}"


def source(url: str | None, **options) -> RemotiveSource:
    return RemotiveSource(SourceSpec(name="remotive", type="remotive", url=url, timeout=5,
                                     options=options))


def sent(server: LocalServer, base: str) -> list[tuple]:
    return [r for r in server.requests if r[0].startswith(base + "/")]


async def test_maps_every_job_field_by_field(server: LocalServer, base: str) -> None:
    server.route(f"{base}/api/remote-jobs", body=FIXTURE.read_bytes())
    records = await fetch_once(source(server.url + base), backoff=0.01)
    assert [r["id"] for r in records] == ["1934101", "1934188", "1934202", "1934250",
                                          "1934290", "1934301"]
    assert records[0] == {
        "id": "1934101",
        "title": "Freelance Data Scientist",
        "client": "Quillfeather Labs",
        "url": "https://remotive.com/remote-jobs/data/freelance-data-scientist-1934101",
        "apply_url": None,
        "description_html": "<p>Quillfeather Labs needs a freelance data scientist for churn "
                            "models.</p>",
        "skills": ["python", "sql", "machine learning", "statistics"],  # trailing spaces gone
        "tags": ["python", "sql", "machine learning", "statistics", "Data Analysis"],
        "rate": "$60 - $80/hour",  # free text: kept raw for the normalizer
        "engagement": ["freelance"],
        "remote": "full",
        "location": "Worldwide",
        "posted_at": "2026-09-18T15:10:28Z",  # zone-less = UTC
    }
    by_id = {r["id"]: r for r in records}
    assert by_id["1934188"]["rate"] == "$90k - $105k"
    assert by_id["1934188"]["engagement"] == ["full_time"]
    assert by_id["1934188"]["location"] == "USA, Canada"
    assert by_id["1934202"]["rate"] is None  # "" = no salary
    assert by_id["1934202"]["engagement"] == ["contract"]
    assert by_id["1934250"]["engagement"] == ["part_time"]
    assert by_id["1934250"]["rate"] == "$50/hour"
    assert by_id["1934290"]["engagement"] == ["internship"]
    assert by_id["1934290"]["skills"] == []
    assert by_id["1934301"]["engagement"] == []  # job_type ""
    assert by_id["1934301"]["skills"] == ["opencv", "pytorch"]
    assert by_id["1934301"]["posted_at"] == "2026-09-13T08:30:00Z"


async def test_options_are_sent_as_query_parameters(server: LocalServer, base: str) -> None:
    server.route(f"{base}/api/remote-jobs", body=FIXTURE.read_bytes())
    src = source(server.url + base, category="data", search="machine learning",
                 company_name="Quillfeather Labs", limit=25)
    await fetch_once(src, backoff=0.01)
    (path, query, headers), = sent(server, base)
    assert query == {"category": ["data"], "search": ["machine learning"],
                     "company_name": ["Quillfeather Labs"], "limit": ["25"]}
    assert headers["User-Agent"].startswith("gigs/")


async def test_no_options_no_parameters(server: LocalServer, base: str) -> None:
    server.route(f"{base}/api/remote-jobs", body=FIXTURE.read_bytes())
    await fetch_once(source(server.url + base), backoff=0.01)
    (_, query, _), = sent(server, base)
    assert query == {}


async def test_conditional_request_reuses_the_body_on_304(server: LocalServer,
                                                         base: str) -> None:
    stamp = "Fri, 18 Sep 2026 15:10:28 GMT"

    def handler(path: str, query: dict) -> Reply:
        if server.requests[-1][2].get("If-Modified-Since") == stamp:
            return Reply(status=304)
        return Reply(FIXTURE.read_bytes(), headers={"Last-Modified": stamp})

    server.route(f"{base}/api/remote-jobs", handler)
    validators: dict[str, dict] = {}
    first = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    second = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    assert first == second and len(first) == 6
    assert sent(server, base)[1][2]["If-Modified-Since"] == stamp


@pytest.mark.parametrize("payload", [[], {"0-legal-notice": "x", "job-count": 0}, "jobs"])
async def test_a_payload_without_the_jobs_array_is_an_error(server: LocalServer, base: str,
                                                            payload) -> None:
    server.route(f"{base}/api/remote-jobs", body=json.dumps(payload))
    with pytest.raises(SourceError) as err:
        await fetch_once(source(server.url + base), backoff=0.01)
    assert err.value.source == "remotive"
    assert "expected an object with a 'jobs' array" in err.value.problem


def test_limits_options_and_attribution() -> None:
    assert RemotiveSource.title == "Remotive"
    assert source(None).base_url == "https://remotive.com"
    assert RemotiveSource.min_refresh_minutes >= 360
    src = RemotiveSource(SourceSpec(name="r", type="remotive", refresh_minutes=5))
    assert src.refresh_minutes == 360  # the board asks for a few requests a day
    with pytest.raises(SourceError, match="'limit' must be a positive whole number"):
        source(None, limit="many")
    with pytest.raises(SourceError, match="unknown option 'tag'"):
        source(None, tag="python")

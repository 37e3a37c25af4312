"""Jobicy through the real fetch layer against a recorded payload on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply
from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.http import fetch_once
from tui.sources.jobicy import JobicySource

FIXTURE = Path(__file__).parent / "fixtures" / "jobicy" / "remote-jobs.json"
PATH = "/api/v2/remote-jobs"
_ids = itertools.count()


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


@pytest.fixture
def base() -> str:
    return f"/t{next(_ids)}"


def source(url: str | None, **options) -> JobicySource:
    return JobicySource(SourceSpec(name="jobicy", type="jobicy", url=url, timeout=5,
                                   options=options))


def sent(server: LocalServer, base: str) -> list[tuple]:
    return [r for r in server.requests if r[0].startswith(base + "/")]


async def test_maps_every_job_field_by_field(server: LocalServer, base: str) -> None:
    server.route(base + PATH, body=FIXTURE.read_bytes())
    records = await fetch_once(source(server.url + base), backoff=0.01)
    assert [r["id"] for r in records] == ["119803", "119811", "119820", "119834", "98211",
                                          "119850"]
    assert records[0] == {
        "id": "119803",
        "title": "Freelance Data Scientist",
        "client": "Quillfeather Labs",
        "url": "https://jobicy.com/jobs/119803-freelance-data-scientist",
        "apply_url": None,
        "description_html": "<p>Churn and LTV models in Python.</p>",
        "tags": ["Data Science & Analytics"],  # entities decoded
        "rate": {"min": 60, "max": 80, "currency": "USD", "period": "hour",
                 "raw": "60 - 80 USD/hour", "parsed": False},
        "engagement": ["contract"],
        "remote": "full",
        "location": "Anywhere",
        "posted_at": "2026-09-20T08:15:00Z",
    }
    by_id = {r["id"]: r for r in records}
    yearly = by_id["119811"]
    assert yearly["title"] == "Machine Learning Engineer – Recommendations"
    assert yearly["rate"]["period"] == "year" and yearly["rate"]["max"] == 185000
    assert yearly["location"] == "USA, Canada"  # double spaces collapsed
    assert yearly["engagement"] == ["full_time"]
    assert yearly["tags"] == ["Data Science & Analytics", "Engineering"]
    monthly = by_id["119820"]
    assert (monthly["rate"]["currency"], monthly["rate"]["period"]) == ("EUR", "month")
    assert monthly["engagement"] == ["contract", "part_time"]
    assert monthly["location"] == "Germany, Austria, Switzerland"
    assert by_id["119834"]["rate"] is None  # salary keys absent = unknown
    old = by_id["98211"]["rate"]  # older payload: annualSalary* as strings
    assert old == {"min": 85000, "max": 110000, "currency": "GBP", "period": "year",
                   "raw": "85000 - 110000 GBP/year", "parsed": False}
    assert by_id["119850"]["engagement"] == ["part_time", "freelance"]
    assert by_id["119850"]["description_html"] == "<p>日本語の回答を評価します。</p>"


async def test_only_the_configured_options_are_sent(server: LocalServer, base: str) -> None:
    server.route(base + PATH, body=FIXTURE.read_bytes())
    await fetch_once(source(server.url + base, count=50, industry="data-science",
                            tag="python", geo="anywhere"), backoff=0.01)
    await fetch_once(source(server.url + base, tag="pytorch"), backoff=0.01)
    first, second = sent(server, base)
    assert first[1] == {"count": ["50"], "industry": ["data-science"], "tag": ["python"],
                        "geo": ["anywhere"]}
    assert second[1] == {"tag": ["pytorch"]}  # unknown params answer 400: send none extra
    assert second[2]["User-Agent"].startswith("gigs/")


async def test_http_400_names_the_options(server: LocalServer, base: str) -> None:
    server.route(base + PATH, status=400, body='{"error": "bad param"}')
    with pytest.raises(SourceError) as err:
        await fetch_once(source(server.url + base, industry="nope"), backoff=0.01)
    assert "HTTP 400 (bad request: check the source's options)" in err.value.problem
    assert len(sent(server, base)) == 1


async def test_conditional_request_reuses_the_body_on_304(server: LocalServer,
                                                         base: str) -> None:
    def handler(path: str, query: dict) -> Reply:
        if server.requests[-1][2].get("If-None-Match") == '"jy"':
            return Reply(status=304)
        return Reply(FIXTURE.read_bytes(), headers={"ETag": '"jy"'})

    server.route(base + PATH, handler)
    validators: dict[str, dict] = {}
    first = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    second = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    assert first == second and len(first) == 6
    assert sent(server, base)[1][2]["If-None-Match"] == '"jy"'


async def test_a_failed_envelope_names_the_notice(server: LocalServer, base: str) -> None:
    server.route(base + PATH, body=json.dumps(
        {"success": False, "friendlyNotice": "Too many requests, poll hourly."}))
    with pytest.raises(SourceError) as err:
        await fetch_once(source(server.url + base), backoff=0.01)
    assert "Jobicy reported a failure: Too many requests, poll hourly." in err.value.problem


def test_limits_and_options() -> None:
    assert JobicySource.title == "Jobicy"
    assert source(None).base_url == "https://jobicy.com"
    assert JobicySource.min_refresh_minutes >= 60  # poll at most hourly
    with pytest.raises(SourceError, match="'count' must be a positive whole number"):
        source(None, count=0)

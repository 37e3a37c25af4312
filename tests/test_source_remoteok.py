"""Remote OK through the real fetch layer against recorded payloads on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply
from tui.errors import SourceError
from tui.sources.base import SourceSpec
from tui.sources.http import fetch_once
from tui.sources.remoteok import RemoteOKSource

FIXTURES = Path(__file__).parent / "fixtures" / "remoteok"
_ids = itertools.count()


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


@pytest.fixture
def base(server: LocalServer) -> str:
    """A fresh path prefix on the shared server, so tests never see each other's routes."""
    return f"/t{next(_ids)}"


def source(url: str, **options) -> RemoteOKSource:
    return RemoteOKSource(SourceSpec(name="remoteok", type="remoteok", url=url, timeout=5,
                                     options=options))


def sent(server: LocalServer, base: str) -> list[tuple]:
    return [r for r in server.requests if r[0].startswith(base + "/")]


async def test_maps_every_job_field_by_field(server: LocalServer, base: str) -> None:
    server.route(f"{base}/api", body=(FIXTURES / "api.json").read_bytes())
    records = await fetch_once(source(server.url + base), backoff=0.01)
    assert len(records) == 6  # element 0 (the terms) is not a job
    by_id = {r["id"]: r for r in records}

    first = by_id["1137428"]
    assert first == {
        "id": "1137428",
        "title": "Senior Machine Learning Engineer",
        "client": "Quillfeather Labs",  # trailing spaces gone
        "url": "https://remoteok.com/remote-jobs/"
               "remote-senior-machine-learning-engineer-quillfeather-labs-1137428",
        "apply_url": "https://remoteok.com/remote-jobs/1137428?apply=1",
        "description_html": "<p>We train ranking models on <strong>PyTorch</strong> and ship "
                            "them with Kubeflow.</p><ul><li>5+ years Python</li></ul>",
        "skills": ["machine learning", "python", "pytorch", "mlops"],
        "tags": ["machine learning", "python", "pytorch", "mlops"],
        "rate": {"min": 140000, "max": 180000, "currency": "USD", "period": "year",
                 "raw": "140000 - 180000 USD/year", "parsed": False},
        "engagement": [],
        "remote": "full",
        "location": "Worldwide",
        "posted_at": "2026-09-23T21:40:19Z",
    }

    numeric = by_id["1137431"]  # the id arrived as a number
    assert numeric["client"] == "Nordlicht Analytics GmbH"
    assert numeric["title"] == "Freelance Data Scientist (München / remote)"  # mis-encoded
    assert "für" in numeric["description_html"]
    assert numeric["rate"] is None  # salary 0 = unknown
    assert numeric["engagement"] == ["freelance"]
    assert numeric["location"] == "Europe"

    strings = by_id["1137440"]  # salaries as strings
    assert strings["rate"]["min"] == 90000 and strings["rate"]["max"] == 120000
    assert strings["location"] is None  # "" = not said
    assert strings["engagement"] == ["contract"]
    assert "Café budget included 😀" in strings["description_html"]

    only_min = by_id["1137452"]["rate"]
    assert (only_min["min"], only_min["max"]) == (120000, None)
    assert by_id["1137466"]["apply_url"] is None
    assert by_id["1137466"]["engagement"] == ["part_time"]
    assert by_id["1137470"]["title"] == "Data Engineer (Spark & Airflow)"
    swapped = by_id["1137470"]["rate"]
    assert (swapped["min"], swapped["max"]) == (90000, 100000)


async def test_tag_is_sent_and_a_tag_without_match_is_empty(server: LocalServer,
                                                            base: str) -> None:
    server.route(f"{base}/api", body=(FIXTURES / "tag_nomatch.json").read_bytes())
    records = await fetch_once(source(server.url + base, tag="haskell"), backoff=0.01)
    assert records == []
    (path, query, headers), = sent(server, base)
    assert path == f"{base}/api" and query == {"tag": ["haskell"]}


async def test_sends_a_browser_like_user_agent_naming_gigs(server: LocalServer,
                                                          base: str) -> None:
    server.route(f"{base}/api", body=(FIXTURES / "tag_nomatch.json").read_bytes())
    await fetch_once(source(server.url + base), backoff=0.01)
    (_, query, headers), = sent(server, base)
    assert query == {}  # no tag, no parameter
    assert headers["User-Agent"].startswith("Mozilla/5.0") and "gigs" in headers["User-Agent"]


async def test_conditional_request_reuses_the_body_on_304(server: LocalServer,
                                                         base: str) -> None:
    body = (FIXTURES / "api.json").read_bytes()

    def handler(path: str, query: dict) -> Reply:
        if server.requests[-1][2].get("If-None-Match") == '"ro-1"':
            return Reply(status=304)
        return Reply(body, headers={"ETag": '"ro-1"'})

    server.route(f"{base}/api", handler)
    validators: dict[str, dict] = {}
    first = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    second = await fetch_once(source(server.url + base), validators=validators, backoff=0.01)
    assert second == first and len(first) == 6
    requests = sent(server, base)
    assert requests[1][2]["If-None-Match"] == '"ro-1"'


async def test_an_object_instead_of_the_array_is_an_error(server: LocalServer,
                                                         base: str) -> None:
    server.route(f"{base}/api", body=json.dumps({"jobs": []}))
    with pytest.raises(SourceError) as err:
        await fetch_once(source(server.url + base), backoff=0.01)
    assert err.value.source == "remoteok"
    assert "expected a JSON array of jobs" in err.value.problem and "an object" in err.value.problem


def test_attribution_and_limits() -> None:
    src = source("http://x")
    assert RemoteOKSource.title == "Remote OK" and RemoteOKSource.network
    assert src.base_url == "http://x"
    assert source(None).base_url == "https://remoteok.com"  # type: ignore[arg-type]
    assert RemoteOKSource.min_refresh_minutes >= 60
    with pytest.raises(SourceError):
        RemoteOKSource(SourceSpec(name="remoteok", type="remoteok", options={"tags": "x"}))

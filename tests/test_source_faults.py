"""Every network board against every fault, through the real fetch layer on 127.0.0.1.

For each fault the source either raises a SourceError whose message names the source and
the fault, or (empty payloads, odd field types) returns records without crashing.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply, dead_url
from tui.errors import SourceError
from tui.sources.arbeitnow import ArbeitnowSource
from tui.sources.base import Source, SourceSpec
from tui.sources.himalayas import HimalayasSource
from tui.sources.http import fetch_once
from tui.sources.jobicy import JobicySource
from tui.sources.remoteok import RemoteOKSource
from tui.sources.remotive import RemotiveSource

FIXTURES = Path(__file__).parent / "fixtures"
LEGAL = {"last_updated": 1790200000, "legal": "API Terms of Service"}
#: Odd values every board may send in a job's fields.
ODD = {"tags": "python, ml", "description": 7, "location": {"a": 1}, "url": 3}


@dataclass(frozen=True)
class Board:
    name: str
    cls: type[Source]
    path: str
    good: str  # a recorded payload with no further pages
    good_count: int
    empty: object  # the board's empty answer
    wrong_shape: object  # a top-level value of the wrong shape
    wrong_types: object  # jobs with odd types around one ordinary job

    def source(self, url: str, timeout: float = 1) -> Source:
        return self.cls(SourceSpec(name=self.name, type=self.name, url=url, timeout=timeout))


BOARDS = [
    Board(
        "remoteok", RemoteOKSource, "/api", "remoteok/api.json", 6,
        empty=[], wrong_shape={"jobs": []},
        wrong_types=[LEGAL, "oops", None, 17,
                     {"id": {"x": 1}, "position": 42, "company": ["A"], "salary_min": [1],
                      "salary_max": "lots", "epoch": "soon", "date": 5, **ODD},
                     {"id": "9", "position": "Good job"}, {"id": "10"}],
    ),
    Board(
        "remotive", RemotiveSource, "/api/remote-jobs", "remotive/remote-jobs.json", 6,
        empty={"0-legal-notice": "x", "job-count": 0, "jobs": []}, wrong_shape=[],
        wrong_types={"jobs": ["oops", None,
                              {"id": [1], "title": 42, "company_name": 5, "salary": 90000,
                               "job_type": ["contract"], "publication_date": "soon", **ODD},
                              {"id": 9, "title": "Good job"}, {"id": 10}]},
    ),
    Board(
        "arbeitnow", ArbeitnowSource, "/api/job-board-api", "arbeitnow/page2.json", 2,
        empty={"data": [], "links": {"next": None}, "meta": {}}, wrong_shape={"data": "none"},
        wrong_types={"data": ["oops", None,
                              {"slug": 5, "title": 42, "remote": "yes", "job_types": "Contract",
                               "created_at": "soon", **ODD},
                              {"slug": "good", "title": "Good job"}, {"slug": "x"}],
                     "links": {"next": 12}},
    ),
    Board(
        "jobicy", JobicySource, "/api/v2/remote-jobs", "jobicy/remote-jobs.json", 6,
        empty={"apiVersion": "2", "jobCount": 0, "jobs": [], "success": True},
        wrong_shape={"apiVersion": "2", "jobs": {"0": {}}},
        wrong_types={"jobs": ["oops", None,
                              {"id": None, "jobTitle": 42, "companyLogo": False,
                               "jobIndustry": "Data", "jobType": 3, "jobGeo": ["USA"],
                               "salaryMin": "n/a", "salaryMax": {}, "salaryPeriod": 5,
                               "pubDate": [], **ODD},
                              {"id": 9, "jobTitle": "Good job"}, {"id": 10}]},
    ),
    Board(
        "himalayas", HimalayasSource, "/jobs/api", "himalayas/page2.json", 2,
        empty={"jobs": [], "nextCursor": None, "totalCount": 0}, wrong_shape=[],
        wrong_types={"jobs": ["oops", None,
                              {"guid": 5, "title": 42, "minSalary": "x", "maxSalary": [],
                               "currency": 1, "salaryPeriod": None, "pubDate": "soon",
                               "locationRestrictions": "Japan", "employmentType": 3, **ODD},
                              {"guid": "https://himalayas.app/j/9", "title": "Good job"},
                              {"guid": "https://himalayas.app/j/10"}],
                     "nextCursor": {"bad": True}},
    ),
]

_ids = itertools.count()
FAST = {"backoff": 0.01, "max_retries": 2}
by_name = pytest.mark.parametrize("board", BOARDS, ids=[b.name for b in BOARDS])


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


@pytest.fixture
def base() -> str:
    """A fresh path prefix on the shared server for each test."""
    return f"/f{next(_ids)}"


def sent(server: LocalServer, base: str) -> list[tuple]:
    return [r for r in server.requests if r[0].startswith(base + "/")]


async def failure(board: Board, url: str, **fetcher) -> SourceError:
    with pytest.raises(SourceError) as err:
        await fetch_once(board.source(url), **{**FAST, **fetcher})
    assert err.value.source == board.name
    assert f"source {board.name!r}" in str(err.value)
    return err.value


@by_name
async def test_connection_refused(board: Board) -> None:
    url = dead_url()
    err = await failure(board, url)
    assert f"connection refused at {url}{board.path}" in err.problem


@by_name
async def test_a_server_that_never_answers(board: Board, server: LocalServer, base: str) -> None:
    server.route(base + board.path, delay=8, body=b"[]")
    start = time.monotonic()
    err = await failure(board, server.url + base)
    assert "timed out after 1 s" in err.problem
    assert time.monotonic() - start < 3


@by_name
async def test_500_after_bounded_retries(board: Board, server: LocalServer, base: str) -> None:
    server.route(base + board.path, status=500, body="Internal Server Error",
                 content_type="text/plain")
    err = await failure(board, server.url + base, max_retries=2)
    assert "HTTP 500 from" in err.problem and "after 3 attempts" in err.problem
    assert len(sent(server, base)) == 3


@by_name
async def test_429_with_retry_after_then_success(board: Board, server: LocalServer,
                                                 base: str) -> None:
    good = (FIXTURES / board.good).read_bytes()
    calls = {"n": 0}

    def handler(path: str, query: dict) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(b"Too Many Requests", status=429, headers={"Retry-After": "1"},
                         content_type="text/plain")
        return Reply(good)

    server.route(base + board.path, handler)
    start = time.monotonic()
    records = await fetch_once(board.source(server.url + base), **FAST)
    assert time.monotonic() - start >= 0.9  # waited as told
    assert len(records) == board.good_count
    assert len(sent(server, base)) == 2


@by_name
async def test_429_with_a_long_retry_after(board: Board, server: LocalServer, base: str) -> None:
    server.route(base + board.path, status=429, headers={"Retry-After": "120"}, body="later")
    err = await failure(board, server.url + base)
    assert "HTTP 429 (rate limited), retry after 120 s" in err.problem
    assert len(sent(server, base)) == 1


@by_name
async def test_malformed_json(board: Board, server: LocalServer, base: str) -> None:
    server.route(base + board.path, body='{"jobs": [{"title": "ML"},, ]}')
    err = await failure(board, server.url + base)
    assert "malformed JSON at line 1 column 27" in err.problem


@by_name
async def test_truncated_body(board: Board, server: LocalServer, base: str) -> None:
    server.route(base + board.path, body=(FIXTURES / board.good).read_bytes(), truncate_at=200)
    err = await failure(board, server.url + base)
    assert "truncated body (connection closed early)" in err.problem


@by_name
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_over_the_size_limit(board: Board, chunked: bool, server: LocalServer,
                                        base: str) -> None:
    body = (FIXTURES / board.good).read_bytes()
    assert len(body) > 1024
    server.route(base + board.path, body=body, chunked=chunked)
    err = await failure(board, server.url + base, max_body_bytes=1024)
    assert "body over the 1 KiB limit" in err.problem


@by_name
async def test_html_instead_of_json(board: Board, server: LocalServer, base: str) -> None:
    server.route(base + board.path, content_type="text/html; charset=UTF-8",
                 body="<!DOCTYPE html><html><title>Just a moment...</title></html>")
    err = await failure(board, server.url + base)
    assert "answered HTML instead of JSON (content-type text/html)" in err.problem


@by_name
async def test_an_empty_list_or_envelope(board: Board, server: LocalServer, base: str) -> None:
    server.route(base + board.path, body=json.dumps(board.empty))
    assert await fetch_once(board.source(server.url + base), **FAST) == []


@by_name
async def test_a_top_level_of_the_wrong_shape(board: Board, server: LocalServer,
                                              base: str) -> None:
    server.route(base + board.path, body=json.dumps(board.wrong_shape))
    err = await failure(board, server.url + base)
    assert "expected " in err.problem and "array" in err.problem


@by_name
async def test_wrong_types_in_fields_skip_or_coerce(board: Board, server: LocalServer,
                                                    base: str) -> None:
    server.route(base + board.path, body=json.dumps(board.wrong_types))
    records = await fetch_once(board.source(server.url + base), **FAST)
    # Non-objects and title-less jobs are skipped; a numeric title is coerced to text.
    assert sorted(r["title"] for r in records) == ["42", "Good job"]
    odd = next(r for r in records if r["title"] == "42")
    assert odd["description_html"] is None
    assert odd["url"] is None or odd["url"].startswith("https://")
    assert odd.get("rate") in (None, "90000")  # Remotive keeps a numeric salary as text
    assert odd["posted_at"] is None
    assert all(isinstance(t, str) for t in odd.get("tags", []))
    good = next(r for r in records if r["title"] == "Good job")
    assert good["id"] in ("9", "good", "https://himalayas.app/j/9")
    assert len(sent(server, base)) == 1  # an odd paging link ends the paging

"""The fetch layer against a real HTTP server on 127.0.0.1 (no httpx mocks)."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

import tui
from tests.support.http_server import LocalServer, Reply, dead_url
from tui.errors import SourceError
from tui.sources.base import FetchContext, Record, Source, SourceSpec
from tui.sources.http import (
    DEFAULT_USER_AGENT,
    HttpFetcher,
    _retry_after,
    fetch_once,
    fetch_source,
)
from tui.sources.payload import (
    as_number,
    as_strings,
    as_text,
    engagements,
    fix_mojibake,
    iso_from_epoch,
    iso_from_text,
    structured_rate,
)

PAYLOAD = {"jobs": [{"title": "ML engineer"}]}
_ids = itertools.count()


class Scoped:
    """One test's view of the shared LocalServer: its own path prefix, its own requests."""

    def __init__(self, server: LocalServer, prefix: str) -> None:
        self.server = server
        self.prefix = prefix

    @property
    def url(self) -> str:
        return self.server.url + self.prefix

    def route(self, path: str, reply=None, **kwargs) -> None:
        self.server.route(self.prefix + path, reply, **kwargs)

    @property
    def requests(self) -> list[tuple]:
        cut = len(self.prefix)
        return [(p[cut:], q, h) for p, q, h in self.server.requests
                if p.startswith(self.prefix + "/")]


@pytest.fixture(scope="module")
def shared_server():
    with LocalServer() as s:
        yield s


@pytest.fixture
def server(shared_server: LocalServer) -> Scoped:
    return Scoped(shared_server, f"/h{next(_ids)}")


class Probe(Source):
    """A minimal network source: GET <url>/api, records = the JSON's ``jobs``."""

    type_name = "probe"
    title = "Probe"
    network = True
    default_url = "http://invalid.example"

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        data = await ctx.get_json(self.base_url + "/api", params={"q": "ml", "none": None})
        ctx.progress("one page")
        return data["jobs"]


class TextProbe(Probe):
    async def fetch(self, ctx: FetchContext) -> list[Record]:
        return [{"text": await ctx.get_text(self.base_url + "/api")}]


class BrowserProbe(Probe):
    user_agent = "Mozilla/5.0 probe"


def probe(url: str, *, timeout: float | None = 2, cls: type[Source] = Probe) -> Source:
    return cls(SourceSpec(name="probe", type="probe", url=url, timeout=timeout))


FAST = {"backoff": 0.01, "max_retry_wait": 2}


async def test_get_json_sends_params_and_default_user_agent(server: Scoped) -> None:
    server.route("/api", body=json.dumps(PAYLOAD))
    records = await fetch_once(probe(server.url), **FAST)
    assert records == PAYLOAD["jobs"]
    path, query, headers = server.requests[0]
    assert path == "/api"
    assert query == {"q": ["ml"]}  # None-valued params are not sent
    assert headers["User-Agent"] == DEFAULT_USER_AGENT
    assert tui.__version__ in headers["User-Agent"] and "gigs" in headers["User-Agent"]
    assert "application/json" in headers["Accept"]


async def test_source_user_agent_overrides_the_default(server: Scoped) -> None:
    server.route("/api", body=json.dumps(PAYLOAD))
    await fetch_once(probe(server.url, cls=BrowserProbe), **FAST)
    await fetch_once(probe(server.url), user_agent="custom/1.0", **FAST)
    assert server.requests[0][2]["User-Agent"] == "Mozilla/5.0 probe"
    assert server.requests[1][2]["User-Agent"] == "custom/1.0"


async def test_get_text_decodes_the_declared_charset(server: Scoped) -> None:
    body = "業務委託 60〜90万円/月".encode("shift_jis")
    server.route("/api", body=body, content_type="text/plain; charset=shift_jis")
    records = await fetch_once(probe(server.url, cls=TextProbe), **FAST)
    assert records == [{"text": "業務委託 60〜90万円/月"}]


async def test_one_client_serves_several_sources_and_reports_progress(server: Scoped) -> None:
    seen: list[str] = []
    server.route("/api", body=json.dumps(PAYLOAD))
    async with HttpFetcher(**FAST) as fetcher:
        a, b = await asyncio.gather(
            fetch_source(probe(server.url), fetcher, progress=seen.append),
            fetch_source(probe(server.url), fetcher),
        )
        client = fetcher._client
    assert fetcher._client is None  # closed on exit
    assert a == b == PAYLOAD["jobs"]
    assert client is not None
    assert seen == ["one page"]


async def test_a_broken_progress_callback_does_not_fail_the_fetch(server: Scoped) -> None:
    def explode(message: str) -> None:
        raise RuntimeError("display gone")

    server.route("/api", body=json.dumps(PAYLOAD))
    assert await fetch_once(probe(server.url), progress=explode, **FAST) == PAYLOAD["jobs"]


def test_context_timeout_defaults_to_20_seconds_and_follows_the_spec() -> None:
    fetcher = HttpFetcher()
    assert fetcher.context(probe("http://x", timeout=None)).timeout == 20
    assert fetcher.context(probe("http://x", timeout=3)).timeout == 3
    assert fetcher.context(probe("http://x")).max_pages == 20
    assert HttpFetcher(max_pages=4).context(probe("http://x")).max_pages == 4


# -- retries -------------------------------------------------------------------------------


def flaky(status: int, failures: int, headers: dict[str, str] | None = None):
    """A route that fails ``failures`` times with ``status``, then answers PAYLOAD."""
    calls = {"n": 0}

    def handler(path: str, query: dict) -> Reply:
        calls["n"] += 1
        if calls["n"] <= failures:
            return Reply(b"busy", status=status, headers=headers or {}, content_type="text/plain")
        return Reply(json.dumps(PAYLOAD).encode())

    return handler


async def test_500_is_retried_with_backoff_then_succeeds(server: Scoped) -> None:
    server.route("/api", flaky(500, 2))
    records = await fetch_once(probe(server.url), max_retries=2, **FAST)
    assert records == PAYLOAD["jobs"]
    assert len(server.requests) == 3


async def test_500_gives_up_after_bounded_retries(server: Scoped) -> None:
    server.route("/api", status=500, body="oops", content_type="text/plain")
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), max_retries=1, **FAST)
    assert len(server.requests) == 2
    assert err.value.source == "probe"
    assert "HTTP 500 from http://127.0.0.1" in err.value.problem
    assert "after 2 attempts" in err.value.problem


async def test_backoff_grows_exponentially(server: Scoped) -> None:
    server.route("/api", status=503, body="down", content_type="text/plain")
    start = time.monotonic()
    with pytest.raises(SourceError):
        await fetch_once(probe(server.url), max_retries=2, backoff=0.2)
    elapsed = time.monotonic() - start
    assert len(server.requests) == 3
    assert elapsed >= 0.2 + 0.4  # waited 0.2 then 0.4


async def test_429_honours_retry_after_seconds(server: Scoped) -> None:
    server.route("/api", flaky(429, 1, {"Retry-After": "1"}))
    start = time.monotonic()
    records = await fetch_once(probe(server.url), backoff=0.01)
    elapsed = time.monotonic() - start
    assert records == PAYLOAD["jobs"]
    assert len(server.requests) == 2
    assert elapsed >= 0.9


async def test_429_honours_retry_after_http_date(server: Scoped) -> None:
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=2), usegmt=True)
    server.route("/api", flaky(429, 1, {"Retry-After": when}))
    start = time.monotonic()
    records = await fetch_once(probe(server.url), backoff=0.01)
    elapsed = time.monotonic() - start
    assert records == PAYLOAD["jobs"]
    assert elapsed >= 0.5  # an HTTP date a second or two ahead (whole-second precision)


async def test_429_beyond_the_cap_fails_at_once_naming_the_wait(server: Scoped) -> None:
    server.route("/api", status=429, headers={"Retry-After": "120"}, body="slow down")
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), max_retry_wait=30, backoff=0.01)
    assert len(server.requests) == 1
    assert "HTTP 429 (rate limited), retry after 120 s" in err.value.problem


async def test_429_without_retry_after_gives_up_after_retries(server: Scoped) -> None:
    server.route("/api", status=429, body="slow down", content_type="text/plain")
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), max_retries=2, **FAST)
    assert len(server.requests) == 3
    assert "HTTP 429 (rate limited)" in err.value.problem


def test_retry_after_parsing() -> None:
    assert _retry_after("7") == 7
    assert _retry_after(" 2.5 ") == 2.5
    assert _retry_after("-3") == 0
    assert _retry_after("") is None and _retry_after(None) is None
    assert _retry_after("soon") is None
    past = format_datetime(datetime.now(timezone.utc) - timedelta(hours=1), usegmt=True)
    assert _retry_after(past) == 0
    future = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=100), usegmt=True)
    assert 95 <= _retry_after(future) <= 100


async def test_4xx_is_not_retried_and_is_named(server: Scoped) -> None:
    server.route("/api", status=400, body="unknown param", content_type="text/plain")
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), **FAST)
    with pytest.raises(SourceError) as missing:
        await fetch_once(probe(server.url + "/nothing"), **FAST)
    assert len(server.requests) == 2
    assert "HTTP 400 (bad request" in err.value.problem
    assert "HTTP 404 (not found" in missing.value.problem


# -- faults -------------------------------------------------------------------------------


async def test_connection_refused_names_the_url() -> None:
    url = dead_url()
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(url), max_retries=1, **FAST)
    assert err.value.problem.startswith(f"connection refused at {url}/api")


async def test_bad_url_is_a_source_error() -> None:
    with pytest.raises(SourceError) as err:
        await fetch_once(probe("remotive.com"), **FAST)
    assert "bad URL" in err.value.problem


async def test_a_server_that_never_answers_times_out(server: Scoped) -> None:
    server.route("/api", delay=10, body=json.dumps(PAYLOAD))
    start = time.monotonic()
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url, timeout=0.5), **FAST)
    elapsed = time.monotonic() - start
    assert "timed out after 0.5 s" in err.value.problem
    assert elapsed < 2
    assert len(server.requests) == 1  # a timeout is not retried


async def test_a_server_that_trickles_bytes_forever_times_out() -> None:
    """The total timeout covers the whole body, not just each read."""

    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n[")
        try:
            while True:
                await asyncio.sleep(0.05)
                writer.write(b" ")
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(trickle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        start = time.monotonic()
        with pytest.raises(SourceError) as err:
            await fetch_once(probe(f"http://127.0.0.1:{port}", timeout=0.6), **FAST)
        elapsed = time.monotonic() - start
    finally:
        server.close()
    assert "timed out after 0.6 s" in err.value.problem
    assert elapsed < 2


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_over_the_limit(chunked: bool, server: Scoped) -> None:
    body = json.dumps({"jobs": [{"title": "x" * 100}] * 200}).encode()
    assert len(body) > 4096
    server.route("/api", body=body, chunked=chunked)
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), max_body_bytes=4096, **FAST)
    assert "body over the 4 KiB limit" in err.value.problem
    assert ("Content-Length" in err.value.problem) is not chunked


async def test_default_limit_is_8_mib(server: Scoped) -> None:
    assert HttpFetcher().max_body_bytes == 8 * 1024 * 1024
    body = b"[" + b" " * (8 * 1024 * 1024) + b"]"
    server.route("/api", body=body, chunked=True)
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), **FAST)
    assert "body over the 8 MiB limit" in err.value.problem


async def test_truncated_body(server: Scoped) -> None:
    body = json.dumps(PAYLOAD).encode()
    server.route("/api", body=body, truncate_at=10)
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), **FAST)
    assert "truncated body (connection closed early)" in err.value.problem


async def test_html_instead_of_json(server: Scoped) -> None:
    server.route("/api", body="<html><body>Just a moment...</body></html>",
                 content_type="text/html; charset=utf-8")
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), **FAST)
    assert "answered HTML instead of JSON (content-type text/html)" in err.value.problem


async def test_html_labelled_as_json_is_still_named_html(server: Scoped) -> None:
    server.route("/api", body="<!DOCTYPE html><html></html>")
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), **FAST)
    assert "instead of JSON" in err.value.problem


async def test_malformed_json_names_the_position(server: Scoped) -> None:
    server.route("/api", body='{"jobs": [1, 2,, 3]}')
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), **FAST)
    assert "malformed JSON at line 1 column 16" in err.value.problem


async def test_empty_body_is_not_json(server: Scoped) -> None:
    server.route("/api", body=b"")
    with pytest.raises(SourceError) as err:
        await fetch_once(probe(server.url), **FAST)
    assert "empty body instead of JSON" in err.value.problem


# -- conditional requests -----------------------------------------------------------------


def conditional(server: Scoped, etag: str | None, modified: str | None):
    """Answer 304 when the request carries the matching validator, else the payload."""

    def handler(path: str, query: dict) -> Reply:
        headers = server.requests[-1][2]
        if etag and headers.get("If-None-Match") == etag:
            return Reply(status=304)
        if modified and headers.get("If-Modified-Since") == modified:
            return Reply(status=304)
        sent = {}
        if etag:
            sent["ETag"] = etag
        if modified:
            sent["Last-Modified"] = modified
        return Reply(json.dumps(PAYLOAD).encode(), headers=sent)

    return handler


async def test_etag_is_sent_back_and_304_reuses_the_body(server: Scoped) -> None:
    validators: dict[str, dict] = {}
    server.route("/api", conditional(server, '"v1"', None))
    first = await fetch_once(probe(server.url), validators=validators, **FAST)
    second = await fetch_once(probe(server.url), validators=validators, **FAST)
    assert first == second == PAYLOAD["jobs"]
    assert "If-None-Match" not in server.requests[0][2]
    assert server.requests[1][2]["If-None-Match"] == '"v1"'
    (key, entry), = validators.items()
    assert key == f"{server.url}/api?q=ml"
    assert entry["etag"] == '"v1"' and json.loads(entry["body"]) == PAYLOAD


async def test_last_modified_is_sent_back(server: Scoped) -> None:
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"
    validators: dict[str, dict] = {}
    server.route("/api", conditional(server, None, stamp))
    await fetch_once(probe(server.url), validators=validators, **FAST)
    again = await fetch_once(probe(server.url), validators=validators, **FAST)
    assert again == PAYLOAD["jobs"]
    assert server.requests[1][2]["If-Modified-Since"] == stamp


async def test_no_validators_no_conditional_headers(server: Scoped) -> None:
    validators: dict[str, dict] = {}
    server.route("/api", body=json.dumps(PAYLOAD))
    await fetch_once(probe(server.url), validators=validators, **FAST)
    await fetch_once(probe(server.url), validators=validators, **FAST)
    assert validators == {}
    assert "If-None-Match" not in server.requests[1][2]


async def test_304_without_a_remembered_body_refetches(server: Scoped) -> None:
    calls = {"n": 0}

    def handler(path: str, query: dict) -> Reply:
        calls["n"] += 1
        return Reply(status=304) if calls["n"] == 1 else Reply(json.dumps(PAYLOAD).encode())

    server.route("/api", handler)
    records = await fetch_once(probe(server.url), **FAST)
    assert records == PAYLOAD["jobs"]
    assert len(server.requests) == 2


# -- fetch_source -------------------------------------------------------------------------


class Broken(Probe):
    async def fetch(self, ctx: FetchContext) -> list[Record]:
        return {"not": "a list"}["missing"]  # a plugin bug: KeyError


class NotAList(Probe):
    async def fetch(self, ctx: FetchContext) -> list[Record]:
        return "records"  # type: ignore[return-value]


class Mixed(Probe):
    async def fetch(self, ctx: FetchContext) -> list[Record]:
        return [{"title": "a"}, "junk", None, {"title": "b"}]  # type: ignore[list-item]


async def test_fetch_source_reports_plugin_bugs_as_source_errors() -> None:
    async with HttpFetcher() as fetcher:
        with pytest.raises(SourceError) as bug:
            await fetch_source(probe("http://x", cls=Broken), fetcher)
        with pytest.raises(SourceError) as shape:
            await fetch_source(probe("http://x", cls=NotAList), fetcher)
        mixed = await fetch_source(probe("http://x", cls=Mixed), fetcher)
    assert "KeyError" in bug.value.problem and bug.value.source == "probe"
    assert "instead of a list" in shape.value.problem
    assert mixed == [{"title": "a"}, {"title": "b"}]


def test_importing_the_sources_does_not_import_httpx() -> None:
    code = (
        "import sys\n"
        "import tui.sources.http, tui.sources.remoteok, tui.sources.remotive\n"
        "import tui.sources.arbeitnow, tui.sources.jobicy, tui.sources.himalayas\n"
        "print('httpx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- payload helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [("MÃ¼nchen", "München"), ("CafÃ© ðŸ˜€", "Café 😀"), ("São Paulo", "São Paulo"),
     ("plain", "plain"), ("Ã", "Ã")],
)
def test_fix_mojibake(value: str, expected: str) -> None:
    assert fix_mojibake(value) == expected


def test_coercions_never_raise() -> None:
    assert as_text(1137428) == "1137428" and as_text(1137428.0) == "1137428"
    assert as_text("  Acme  ") == "Acme" and as_text(False) is None and as_text([1]) is None
    assert as_number("90,000") == 90000 and as_number("$120000") == 120000
    assert as_number("n/a") is None and as_number(True) is None and as_number(float("nan")) is None
    assert as_strings(["python ", "Python", 3, None, "a &amp; b"]) == ["python", "3", "a & b"]
    assert as_strings("USA,  Canada") == ["USA", "Canada"]
    assert as_strings({"x": 1}) == []
    assert engagements(["Full-Time", "Contractor", "Intern", "???"]) == [
        "full_time", "contract", "internship"]


def test_dates() -> None:
    assert iso_from_epoch(1790199619) == "2026-09-23T21:40:19Z"
    assert iso_from_epoch(1790199619000) == "2026-09-23T21:40:19Z"  # milliseconds
    assert iso_from_epoch("x") is None and iso_from_epoch(0) is None
    assert iso_from_epoch(5) is None  # not a posting date
    assert iso_from_text("2026-09-18T15:10:28") == "2026-09-18T15:10:28Z"  # zone-less = UTC
    assert iso_from_text("2026-09-18T15:10:28+09:00") == "2026-09-18T06:10:28Z"
    assert iso_from_text("Wed, 23 Sep 2026 10:00:00 +0000") == "2026-09-23T10:00:00Z"
    assert iso_from_text("yesterday") is None and iso_from_text(None) is None


def test_structured_rate() -> None:
    assert structured_rate(0, 0, "USD", "year") is None
    assert structured_rate("100000", 90000, "usd", "year") == {
        "min": 90000, "max": 100000, "currency": "USD", "period": "year",
        "raw": "90000 - 100000 USD/year", "parsed": False}
    only_min = structured_rate(120000, 0, "USD", "year")
    assert only_min["min"] == 120000 and only_min["max"] is None
    assert structured_rate(None, [1], None, None) is None


class QueryProbe(Probe):
    async def fetch(self, ctx: FetchContext) -> list[Record]:
        data = await ctx.get_json(self.base_url + "/api?page=2", params={"limit": 20})
        return data["jobs"]


async def test_params_merge_with_a_query_already_in_the_url(server: Scoped) -> None:
    server.route("/api", body=json.dumps(PAYLOAD))
    await fetch_once(probe(server.url, cls=QueryProbe), **FAST)
    assert server.requests[0][1] == {"page": ["2"], "limit": ["20"]}


async def test_retries_are_reported_as_progress(server: Scoped) -> None:
    seen: list[str] = []
    server.route("/api", flaky(503, 1))
    await fetch_once(probe(server.url), progress=seen.append, **FAST)
    assert seen[0].startswith("HTTP 503 from") and "retrying in" in seen[0]
    assert seen[-1] == "one page"

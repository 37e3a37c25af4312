"""The fetch layer: one shared HTTP client for every network source of a refresh.

``HttpFetcher`` owns one ``httpx.AsyncClient``; ``fetcher.context(source)`` hands a source
the :class:`~tui.sources.base.FetchContext` it fetches through. Every request gets

* a ``User-Agent`` naming gigs and its version (a source may override it with a class
  attribute ``user_agent``),
* a connect timeout and a *total* timeout per request (the source's ``timeout``, default
  20 s) that covers connecting, headers and the whole body, so a server that trickles
  bytes forever still times out,
* bounded retries with exponential backoff on connection errors, 5xx and 429 (honouring
  ``Retry-After`` in seconds or as an HTTP date, up to ``max_retry_wait``),
* a body size limit enforced while streaming (and early from ``Content-Length``),
* conditional requests: the ETag / Last-Modified and body of each URL are remembered in
  ``validators`` (a mapping the cache layer may make persistent); a 304 returns the
  remembered body.

Every failure is a :class:`~tui.errors.SourceError` naming the source and the fault in
words a user understands ("connection refused at http://…", "timed out after 20 s",
"HTTP 500 from …", "answered HTML instead of JSON (content-type text/html)",
"malformed JSON at line 1 column 17", "body over the 8 MiB limit", "truncated body
(connection closed early)").

httpx is imported lazily (when the first request is made). The board sources' payload
and option helpers live in ``tui.sources.payload``: building a source (at start, to
check its options) does not import this module; fetching does. Nothing here imports
Textual.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
from collections.abc import Callable, MutableMapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import tui

from ..errors import GigsError, SourceError
from ..record import record
from .base import Record, Source

if TYPE_CHECKING:  # pragma: no cover
    import ssl

    import httpx

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "HttpContext",
    "HttpFetcher",
    "fetch_once",
    "fetch_source",
]

DEFAULT_USER_AGENT = f"gigs/{tui.__version__} (+terminal job board; httpx)"
#: Total timeout of one request when the source's config gives none (seconds).
DEFAULT_TIMEOUT = 20.0

ProgressFn = Callable[[str], None]


def _seconds(value: float) -> str:
    """``2.0`` -> ``"2 s"``, ``0.5`` -> ``"0.5 s"``."""
    if float(value).is_integer():
        return f"{int(value)} s"
    return f"{value:g} s"


def _size(n: int) -> str:
    """A byte count the way a user reads a limit: ``8 MiB``, ``4 KiB``, ``100 bytes``."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit}"
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or HTTP date)."""
    import email.utils

    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def _connect_problem(exc: BaseException, url: str) -> str:
    """Words for a failed connection, from the exception chain httpx raises."""
    import socket
    import ssl

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ConnectionRefusedError):
            return f"connection refused at {url}"
        if isinstance(cur, socket.gaierror):
            return f"cannot resolve the host of {url}"
        if isinstance(cur, ssl.SSLError):
            return f"TLS error talking to {url}: {cur}"
        if isinstance(cur, ConnectionResetError):
            return f"connection reset by {url}"
        cur = cur.__cause__ or cur.__context__
    detail = str(exc) or type(exc).__name__
    return f"cannot connect to {url}: {detail}"


_SSL: "ssl.SSLContext | None" = None


def _ssl_context() -> "ssl.SSLContext":
    """One TLS context for every client of the process (building one costs ~0.1 s).

    Honours ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` like httpx does, else certifi's bundle.
    """
    import ssl

    global _SSL
    if _SSL is None:
        cafile = os.environ.get("SSL_CERT_FILE") or None
        capath = os.environ.get("SSL_CERT_DIR") or None
        if cafile is None and capath is None:
            try:
                import certifi

                cafile = certifi.where()
            except ImportError:  # pragma: no cover - httpx depends on certifi
                pass
        _SSL = ssl.create_default_context(cafile=cafile, capath=capath)
    return _SSL


@record(frozen=False)
class _Body:
    """A successful answer: decoded text, its content type and the final URL."""

    text: str
    content_type: str
    url: str
    from_cache: bool = False


class _Retry(Exception):
    """Internal: this attempt failed in a way worth retrying."""

    def __init__(self, problem: str, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait = wait


class HttpFetcher:
    """One shared ``httpx.AsyncClient`` for all sources of a refresh.

    Use as an async context manager::

        async with HttpFetcher(validators=cache.validators) as fetcher:
            records = await fetch_source(source, fetcher)

    ``validators`` maps a full request URL to ``{"etag", "last_modified", "body",
    "content_type"}``; pass a persistent mapping to keep conditional requests working
    across runs. ``backoff`` is the first retry's wait in seconds (doubled each retry);
    ``max_retry_wait`` caps any single wait, including a server's ``Retry-After``.
    """

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        connect_timeout: float = 10.0,
        max_body_bytes: int = 8 * 1024 * 1024,
        max_retries: int = 2,
        backoff: float = 0.5,
        max_retry_wait: float = 30.0,
        max_pages: int = 20,
        validators: MutableMapping[str, dict] | None = None,
        default_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.user_agent = user_agent or DEFAULT_USER_AGENT
        self.connect_timeout = float(connect_timeout)
        self.max_body_bytes = int(max_body_bytes)
        self.max_retries = max(0, int(max_retries))
        self.backoff = max(0.0, float(backoff))
        self.max_retry_wait = max(0.0, float(max_retry_wait))
        self.max_pages = max(1, int(max_pages))
        self.validators: MutableMapping[str, dict] = (
            validators if validators is not None else {}
        )
        self.default_timeout = float(default_timeout)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> "HttpFetcher":
        self._ensure_client()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the shared client (idempotent)."""
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    def _ensure_client(self) -> "httpx.AsyncClient":
        if self._client is None:
            import httpx  # lazily: only the fetch layer needs it

            self._client = httpx.AsyncClient(
                headers={"User-Agent": self.user_agent},
                follow_redirects=True,
                max_redirects=5,
                verify=_ssl_context(),
            )
        return self._client

    def context(self, source: Source, progress: ProgressFn | None = None) -> "HttpContext":
        """The FetchContext ``source`` fetches through (its timeout, UA and progress)."""
        return HttpContext(self, source, progress)

    # -- one request -----------------------------------------------------------------

    async def _get(
        self,
        ctx: "HttpContext",
        url: str,
        params: dict[str, Any] | None,
        accept: str,
    ) -> _Body:
        """GET with retries; returns the body or raises SourceError."""
        import random
        import httpx

        name = ctx.source.name
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            parsed = httpx.URL(url)
            full = str(parsed.copy_merge_params(clean) if clean else parsed)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise SourceError(name, f"bad URL {url!r}: {exc}") from exc
        problem = "no attempt made"
        for attempt in range(self.max_retries + 1):
            try:
                return await self._attempt(ctx, full, accept)
            except _Retry as retry:
                problem = retry.problem
                if attempt >= self.max_retries:
                    break
                wait = retry.wait
                if wait is None:
                    wait = self.backoff * (2**attempt)
                    wait += random.uniform(0, wait * 0.1)  # a little jitter
                wait = min(wait, self.max_retry_wait)
                ctx.progress(f"{problem}; retrying in {wait:.1f} s")
                await asyncio.sleep(wait)
        attempts = self.max_retries + 1
        suffix = f" (after {attempts} attempts)" if attempts > 1 else ""
        raise SourceError(name, problem + suffix)

    async def _attempt(self, ctx: "HttpContext", full: str, accept: str) -> _Body:
        """One HTTP attempt under the source's total timeout."""
        import httpx

        name = ctx.source.name
        total = ctx.timeout
        headers = {"Accept": accept}
        if ctx.user_agent:
            headers["User-Agent"] = ctx.user_agent
        remembered = self.validators.get(full)
        if isinstance(remembered, dict) and isinstance(remembered.get("body"), str):
            if remembered.get("etag"):
                headers["If-None-Match"] = str(remembered["etag"])
            if remembered.get("last_modified"):
                headers["If-Modified-Since"] = str(remembered["last_modified"])
        else:
            remembered = None
        client = self._ensure_client()
        timeout = httpx.Timeout(total, connect=min(self.connect_timeout, total))
        try:
            async with asyncio.timeout(total):
                async with client.stream("GET", full, headers=headers, timeout=timeout) as resp:
                    return await self._read(ctx, resp, full, remembered)
        except TimeoutError as exc:
            raise SourceError(name, f"timed out after {_seconds(total)} ({full})") from exc
        except httpx.TimeoutException as exc:
            raise SourceError(name, f"timed out after {_seconds(total)} ({full})") from exc
        except httpx.ConnectError as exc:
            raise _Retry(_connect_problem(exc, full)) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            # Hung up before answering (a body cut short is caught in _read).
            raise _Retry(f"server closed the connection without answering ({full})") from exc
        except httpx.TooManyRedirects as exc:
            raise SourceError(name, f"too many redirects from {full}") from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise SourceError(name, f"bad URL {full!r}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise SourceError(name, f"HTTP failure from {full}: {exc}") from exc

    async def _read(
        self,
        ctx: "HttpContext",
        resp: "httpx.Response",
        full: str,
        remembered: dict | None,
    ) -> _Body:
        """Check the status, then stream the body within the size limit."""
        import httpx

        name = ctx.source.name
        status = resp.status_code
        content_type = resp.headers.get("content-type", "")
        if status == 304:
            if remembered is not None:
                return _Body(
                    remembered["body"],
                    str(remembered.get("content_type") or "application/json"),
                    full,
                    from_cache=True,
                )
            # 304 to a request we did not make conditional: a broken server.
            self.validators.pop(full, None)
            raise _Retry(f"HTTP 304 from {full} with nothing remembered to reuse")
        if status == 429:
            wait = _retry_after(resp.headers.get("retry-after"))
            if wait is not None and wait > self.max_retry_wait:
                raise SourceError(
                    name, f"HTTP 429 (rate limited), retry after {math.ceil(wait)} s ({full})"
                )
            raise _Retry(f"HTTP 429 (rate limited) from {full}", wait)
        if status >= 500:
            wait = _retry_after(resp.headers.get("retry-after"))
            if wait is not None and wait > self.max_retry_wait:
                wait = None
            raise _Retry(f"HTTP {status} from {full}", wait)
        if status >= 400:
            hint = {
                400: " (bad request: check the source's options)",
                401: " (unauthorized)",
                403: " (forbidden: the board may block this client)",
                404: " (not found: check the source's url)",
                410: " (gone)",
            }.get(status, "")
            raise SourceError(name, f"HTTP {status}{hint} from {full}")
        if status >= 300 or status < 200:
            raise SourceError(name, f"HTTP {status} from {full}")

        limit = self.max_body_bytes
        length = resp.headers.get("content-length")
        if length and length.strip().isdigit() and int(length) > limit:
            raise SourceError(
                name,
                f"body over the {_size(limit)} limit (Content-Length {int(length)}) from {full}",
            )
        chunks: list[bytes] = []
        got = 0
        try:
            async for chunk in resp.aiter_bytes():
                got += len(chunk)
                if got > limit:
                    raise SourceError(name, f"body over the {_size(limit)} limit from {full}")
                chunks.append(chunk)
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise SourceError(
                name, f"truncated body (connection closed early) from {full}"
            ) from exc
        raw = b"".join(chunks)
        text = _decode(raw, resp.charset_encoding)
        etag = resp.headers.get("etag")
        modified = resp.headers.get("last-modified")
        if etag or modified:
            self.validators[full] = {
                "etag": etag,
                "last_modified": modified,
                "body": text,
                "content_type": content_type,
            }
        elif full in self.validators:
            del self.validators[full]
        return _Body(text, content_type, str(resp.url))


def _decode(raw: bytes, charset: str | None) -> str:
    """Bytes to text with the declared charset (UTF-8 otherwise); never raises."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        charset = "utf-8"
    try:
        return raw.decode(charset or "utf-8", errors="replace")
    except LookupError:  # an unknown charset name
        return raw.decode("utf-8", errors="replace")


class HttpContext:
    """The :class:`~tui.sources.base.FetchContext` of one source in one refresh."""

    def __init__(
        self, fetcher: HttpFetcher, source: Source, progress: ProgressFn | None = None
    ) -> None:
        self.fetcher = fetcher
        self.source = source
        self._progress = progress
        self.max_pages: int = fetcher.max_pages
        timeout = getattr(source.spec, "timeout", None)
        self.timeout: float = float(timeout) if timeout else fetcher.default_timeout
        self.user_agent: str | None = getattr(source, "user_agent", None) or None
        #: How many requests this context made (pages fetched, retries not counted).
        self.requests = 0

    async def get_text(self, url: str, *, params: dict[str, Any] | None = None) -> str:
        """GET ``url`` and return the decoded body; SourceError naming the fault."""
        body = await self.fetcher._get(self, url, params, "*/*")
        self.requests += 1
        return body.text

    async def get_json(self, url: str, *, params: dict[str, Any] | None = None) -> Any:
        """GET ``url`` and decode JSON; SourceError on HTML, malformed or empty bodies."""
        body = await self.fetcher._get(
            self, url, params, "application/json, text/json;q=0.9, */*;q=0.1"
        )
        self.requests += 1
        name = self.source.name
        ctype = body.content_type.split(";")[0].strip().lower()
        if "html" in ctype:
            raise SourceError(
                name, f"answered HTML instead of JSON (content-type {ctype}) from {body.url}"
            )
        text = body.text
        if not text.strip():
            raise SourceError(name, f"empty body instead of JSON from {body.url}")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if text.lstrip().startswith("<"):
                raise SourceError(
                    name,
                    f"answered HTML/XML instead of JSON (content-type {ctype or 'none'}) "
                    f"from {body.url}",
                ) from exc
            raise SourceError(
                name,
                f"malformed JSON at line {exc.lineno} column {exc.colno} ({exc.msg}) "
                f"from {body.url}",
            ) from exc
        except RecursionError as exc:
            raise SourceError(name, f"JSON nested too deeply from {body.url}") from exc

    def progress(self, message: str) -> None:
        """Pass a progress line to the caller (never raises)."""
        if self._progress is not None:
            try:
                self._progress(message)
            except Exception:  # a broken progress display must not fail the fetch
                pass


async def fetch_source(
    source: Source, fetcher: HttpFetcher, progress: ProgressFn | None = None
) -> list[Record]:
    """Run ``source.fetch`` through ``fetcher``; always a list of dict records.

    Any failure is a SourceError naming the source — including bugs in a third-party
    source, which are reported rather than allowed to take the app down.
    """
    ctx = fetcher.context(source, progress)
    try:
        records = await source.fetch(ctx)
    except GigsError:
        raise
    except Exception as exc:
        raise SourceError(
            source.name, f"failed while reading the payload: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(records, list):
        raise SourceError(
            source.name, f"returned {type(records).__name__} instead of a list of records"
        )
    return [r for r in records if isinstance(r, dict)]


async def fetch_once(
    source: Source, progress: ProgressFn | None = None, **fetcher_kwargs: Any
) -> list[Record]:
    """Fetch one source with a fetcher of its own (tests, ``gigs add URL``)."""
    async with HttpFetcher(**fetcher_kwargs) as fetcher:
        return await fetch_source(source, fetcher, progress)

"""Arbeitnow (https://www.arbeitnow.com): ``GET /api/job-board-api?page=N``.

The answer is ``{"data": [...], "links": {"first", "last", "prev", "next"}, "meta": {...}}``;
pages are followed through ``links.next`` until it is null, at most ``ctx.max_pages``
pages, and never the same page twice (a next link that loops ends the paging). Jobs are
mostly in Germany/EU; ``remote`` is a boolean; there is no salary field.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from ..errors import SourceError
from .base import FetchContext, Record, Source, SourceSpec
from .payload import (
    map_jobs,
    as_strings,
    as_text,
    as_url,
    bool_option,
    engagements,
    html_text,
    iso_from_epoch,
    payload_kind,
    plain_text,
)

PATH = "/api/job-board-api"


class ArbeitnowSource(Source):
    """Jobs from the Arbeitnow job-board API, following its pages."""

    type_name = "arbeitnow"
    title = "Arbeitnow"
    homepage = "https://www.arbeitnow.com"
    network = True
    default_url = "https://www.arbeitnow.com"
    default_refresh_minutes = 120
    min_refresh_minutes = 60
    options = {"remote_only": "keep only jobs marked remote (true/false; filtered here)"}

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)
        self.remote_only = bool_option(spec.name, spec.options, "remote_only")

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        """Fetch page 1 and follow ``links.next`` (bounded, loop-guarded)."""
        url: str | None = self.base_url + PATH
        seen: set[str] = set()
        records: list[Record] = []
        pages = 0
        while url and pages < max(1, int(ctx.max_pages)):
            seen.add(_page_key(url))
            payload = await ctx.get_json(url)
            pages += 1
            jobs = payload.get("data") if isinstance(payload, dict) else None
            if not isinstance(jobs, list):
                raise SourceError(
                    self.name,
                    f"expected an object with a 'data' array from {url}, "
                    f"got {payload_kind(payload)}"
                    + (" without 'data'" if isinstance(payload, dict) else ""),
                )
            records.extend(
                r for r in map_jobs(jobs, self.record)
                if not self.remote_only or r["remote"] == "full"
            )
            ctx.progress(f"page {pages}: {len(records)} jobs")
            if not jobs:
                break
            url = _next_link(payload, url)
            if url is not None and _page_key(url) in seen:
                break  # a next link that points back: stop instead of looping
        return records

    def record(self, job: dict[str, Any]) -> Record | None:
        """One Arbeitnow job as a gig record; None when it has no title."""
        title = plain_text(job.get("title"))
        if not title:
            return None
        slug = as_text(job.get("slug"))
        url = as_url(job.get("url"))
        if url is None and slug:
            url = f"{self.homepage}/jobs/{slug}"
        tags = as_strings(job.get("tags"))
        location = plain_text(job.get("location"))
        return {
            "id": slug,
            "title": title,
            "client": plain_text(job.get("company_name")),
            "url": url,
            "apply_url": None,
            "description_html": html_text(job.get("description")),
            "tags": tags,
            "engagement": engagements(job.get("job_types")),
            "remote": _remote(job.get("remote"), title, location, tags),
            "location": location,
            "posted_at": iso_from_epoch(job.get("created_at")),
        }


def _remote(value: Any, title: str, location: str | None, tags: list[str]) -> str:
    """``true`` -> full; ``false`` -> partial when it says hybrid, else onsite."""
    if isinstance(value, str):
        value = {"true": True, "1": True, "false": False, "0": False}.get(value.strip().lower())
    elif isinstance(value, int) and not isinstance(value, bool):
        value = bool(value)
    if value is True:
        return "full"
    if value is False:
        words = " ".join([title, location or "", *tags]).lower()
        return "partial" if "hybrid" in words else "onsite"
    return "unknown"


def _next_link(payload: dict[str, Any], current: str) -> str | None:
    """``links.next`` as an absolute URL, or None at the last page."""
    links = payload.get("links")
    if not isinstance(links, dict):
        return None
    nxt = links.get("next")
    if not isinstance(nxt, str) or not nxt.strip():
        return None  # null at the last page; anything else is not a link
    nxt = nxt.strip()
    return urljoin(current, nxt)


def _page_key(url: str) -> str:
    """A URL compared without a trailing slash or an explicit ``page=1``."""
    key = url.rstrip("/")
    for suffix in ("?page=1", "&page=1"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    return key

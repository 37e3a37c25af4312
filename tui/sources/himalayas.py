"""Himalayas (https://himalayas.app): ``GET /jobs/api?limit=20&cursor=<nextCursor>``.

The answer is ``{comments, updatedAt, offset, limit, totalCount, nextCursor, jobs}`` with
at most 20 jobs a page; pages are followed through ``nextCursor`` (bounded by the
``max_pages`` option and ``ctx.max_pages``, never the same cursor twice). Jobs have no
numeric id: ``guid`` (a URL) is the id and the link back. Salaries may be floats or null;
``salaryPeriod`` is ``annual``/``hourly``/...; ``pubDate`` is documented in milliseconds
but seen in seconds (decided by magnitude); ``locationRestrictions: []`` = worldwide.
"""

from __future__ import annotations

from typing import Any

from ..errors import SourceError
from .base import FetchContext, Record, Source, SourceSpec
from .payload import (
    map_jobs,
    as_strings,
    as_text,
    as_url,
    engagements,
    html_text,
    int_option,
    iso_from_text,
    payload_kind,
    plain_text,
    structured_rate,
)

PATH = "/jobs/api"
PAGE_LIMIT = 20  # the API's cap
DEFAULT_MAX_PAGES = 5

_PERIODS = {
    "annual": "year",
    "annually": "year",
    "yearly": "year",
    "year": "year",
    "monthly": "month",
    "month": "month",
    "weekly": "week",
    "week": "week",
    "daily": "day",
    "day": "day",
    "hourly": "hour",
    "hour": "hour",
}


class HimalayasSource(Source):
    """Jobs from the Himalayas jobs API, following its cursor."""

    type_name = "himalayas"
    title = "Himalayas"
    homepage = "https://himalayas.app"
    network = True
    default_url = "https://himalayas.app"
    # Data refreshes daily and the API rate-limits (429).
    default_refresh_minutes = 360
    min_refresh_minutes = 60
    options = {
        "limit": f"jobs per page (at most {PAGE_LIMIT})",
        "max_pages": f"pages to follow per refresh (default {DEFAULT_MAX_PAGES})",
    }

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)
        opts = spec.options
        self.limit = int_option(spec.name, opts, "limit", maximum=PAGE_LIMIT) or PAGE_LIMIT
        self.max_pages = int_option(spec.name, opts, "max_pages") or DEFAULT_MAX_PAGES

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        """Fetch pages by cursor (bounded, loop-guarded) and map their jobs."""
        url = self.base_url + PATH
        bound = max(1, min(self.max_pages, int(ctx.max_pages)))
        cursor: str | None = None
        seen: set[str] = set()
        records: list[Record] = []
        for page in range(1, bound + 1):
            params: dict[str, Any] = {"limit": self.limit}
            if cursor:
                params["cursor"] = cursor
            payload = await ctx.get_json(url, params=params)
            jobs = payload.get("jobs") if isinstance(payload, dict) else None
            if not isinstance(jobs, list):
                raise SourceError(
                    self.name,
                    f"expected an object with a 'jobs' array from {url}, "
                    f"got {payload_kind(payload)}"
                    + (" without 'jobs'" if isinstance(payload, dict) else ""),
                )
            records.extend(map_jobs(jobs, self.record))
            ctx.progress(f"page {page}: {len(records)} jobs")
            if cursor:
                seen.add(cursor)
            cursor = as_text(payload.get("nextCursor"))
            if not jobs or not cursor or cursor in seen:
                break
        return records

    def record(self, job: dict[str, Any]) -> Record | None:
        """One Himalayas job as a gig record; None when it has no title."""
        title = plain_text(job.get("title"))
        if not title:
            return None
        guid = as_text(job.get("guid"))
        period = _PERIODS.get((as_text(job.get("salaryPeriod")) or "").lower())
        return {
            "id": guid,
            "title": title,
            "client": plain_text(job.get("companyName")),
            "url": as_url(guid),
            "apply_url": as_url(job.get("applicationLink")),
            "description_html": html_text(job.get("description"))
            or html_text(job.get("excerpt")),
            "tags": as_strings(job.get("categories")),
            "rate": structured_rate(
                job.get("minSalary"), job.get("maxSalary"), job.get("currency"), period
            ),
            "engagement": engagements(job.get("employmentType")),
            "remote": "full",
            "location": _location(job.get("locationRestrictions")),
            "posted_at": iso_from_text(job.get("pubDate")),
        }


def _location(value: Any) -> str | None:
    """``[]`` -> ``"Worldwide"``; a list of countries (strings or ``{name}``) joined."""
    if isinstance(value, list):
        names: list[str] = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("name") or item.get("country")
            text = plain_text(item)
            if text and text not in names:
                names.append(text)
        return ", ".join(names) if names else "Worldwide"
    return plain_text(value)

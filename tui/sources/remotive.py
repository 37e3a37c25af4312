"""Remotive (https://remotive.com): ``GET /api/remote-jobs``.

Parameters ``category`` (slug such as ``data`` or ``software-dev``), ``search``,
``company_name`` and ``limit``. The answer is an envelope
``{"0-legal-notice", "job-count", "total-job-count", "jobs": [...]}``. Dates carry no zone
(UTC), tags may have trailing spaces, ``salary`` is free text (kept raw for the
normalizer to parse) and ``job_type`` is ``full_time|contract|part_time|freelance|
internship|""``. Remotive advises at most ~4 requests a day and blocks more than 2 a
minute, hence the 6-hour minimum refresh. Link back and name Remotive.
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
    text_option,
)

PATH = "/api/remote-jobs"


class RemotiveSource(Source):
    """Jobs from the Remotive remote-jobs API."""

    type_name = "remotive"
    title = "Remotive"
    homepage = "https://remotive.com"
    network = True
    default_url = "https://remotive.com"
    default_refresh_minutes = 360
    min_refresh_minutes = 360
    options = {
        "category": "category slug, e.g. 'data', 'software-dev', 'ai-ml'",
        "search": "search words, e.g. 'machine learning'",
        "company_name": "only this company",
        "limit": "at most this many jobs",
    }

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)
        opts = spec.options
        self.params: dict[str, Any] = {
            "category": text_option(spec.name, opts, "category"),
            "search": text_option(spec.name, opts, "search"),
            "company_name": text_option(spec.name, opts, "company_name"),
            "limit": int_option(spec.name, opts, "limit"),
        }

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        """Fetch the jobs matching the options and map them."""
        url = self.base_url + PATH
        params = {k: v for k, v in self.params.items() if v is not None}
        payload = await ctx.get_json(url, params=params or None)
        jobs = payload.get("jobs") if isinstance(payload, dict) else None
        if not isinstance(jobs, list):
            raise SourceError(
                self.name,
                f"expected an object with a 'jobs' array from {url}, got {payload_kind(payload)}"
                + (" without 'jobs'" if isinstance(payload, dict) else ""),
            )
        records = map_jobs(jobs, self.record)
        ctx.progress(f"{len(records)} jobs")
        return records

    def record(self, job: dict[str, Any]) -> Record | None:
        """One Remotive job as a gig record; None when it has no title."""
        title = plain_text(job.get("title"))
        if not title:
            return None
        skills = as_strings(job.get("tags"))
        tags = list(skills)
        category = plain_text(job.get("category"))
        if category and category.lower() not in {t.lower() for t in tags}:
            tags.append(category)
        salary = as_text(job.get("salary"))
        return {
            "id": as_text(job.get("id")),
            "title": title,
            "client": plain_text(job.get("company_name")),
            "url": as_url(job.get("url")),
            "apply_url": None,
            "description_html": html_text(job.get("description")),
            "skills": skills,
            "tags": tags,
            "rate": salary,  # free text such as "$90k - $105k": the normalizer parses it
            "engagement": engagements(job.get("job_type")),
            "remote": "full",
            "location": plain_text(job.get("candidate_required_location")),
            "posted_at": iso_from_text(job.get("publication_date")),
        }

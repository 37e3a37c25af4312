"""Jobicy (https://jobicy.com): ``GET /api/v2/remote-jobs?count=&industry=&tag=&geo=``.

The envelope is ``{apiVersion, jobCount, lastUpdate, friendlyNotice, jobs, success}``.
Salary keys are absent when unknown; current payloads give ``salaryMin``/``salaryMax``/
``salaryCurrency``/``salaryPeriod`` (hourly|monthly|yearly), older ones
``annualSalaryMin``/``annualSalaryMax`` (sometimes strings). ``companyLogo`` may be
``false``; ``jobGeo`` is a comma list that may hold double spaces. Unknown parameters
answer HTTP 400, so only the options the user set are sent; poll at most hourly.
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
    text_option,
)

PATH = "/api/v2/remote-jobs"

_PERIODS = {
    "hourly": "hour",
    "hour": "hour",
    "daily": "day",
    "day": "day",
    "weekly": "week",
    "week": "week",
    "monthly": "month",
    "month": "month",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "year": "year",
}


class JobicySource(Source):
    """Jobs from the Jobicy remote-jobs API."""

    type_name = "jobicy"
    title = "Jobicy"
    homepage = "https://jobicy.com"
    network = True
    default_url = "https://jobicy.com"
    default_refresh_minutes = 120
    min_refresh_minutes = 60
    options = {
        "count": "how many jobs (the API's 'count', e.g. 50)",
        "industry": "industry slug, e.g. 'data-science'",
        "tag": "search tag, e.g. 'python'",
        "geo": "region slug, e.g. 'usa', 'europe', 'anywhere'",
    }

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)
        opts = spec.options
        self.params: dict[str, Any] = {
            "count": int_option(spec.name, opts, "count"),
            "industry": text_option(spec.name, opts, "industry"),
            "tag": text_option(spec.name, opts, "tag"),
            "geo": text_option(spec.name, opts, "geo"),
        }

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        """Fetch the jobs for the configured filters and map them."""
        url = self.base_url + PATH
        params = {k: v for k, v in self.params.items() if v is not None}
        payload = await ctx.get_json(url, params=params or None)
        jobs = payload.get("jobs") if isinstance(payload, dict) else None
        if not isinstance(jobs, list):
            if isinstance(payload, dict) and payload.get("success") is False:
                notice = plain_text(payload.get("friendlyNotice")) or plain_text(
                    payload.get("message")
                )
                raise SourceError(
                    self.name, f"Jobicy reported a failure{': ' + notice if notice else ''}"
                )
            raise SourceError(
                self.name,
                f"expected an object with a 'jobs' array from {url}, got {payload_kind(payload)}"
                + (" without 'jobs'" if isinstance(payload, dict) else ""),
            )
        records = map_jobs(jobs, self.record)
        ctx.progress(f"{len(records)} jobs")
        return records

    def record(self, job: dict[str, Any]) -> Record | None:
        """One Jobicy job as a gig record; None when it has no title."""
        title = plain_text(job.get("jobTitle"))
        if not title:
            return None
        slug = as_text(job.get("jobSlug"))
        url = as_url(job.get("url"))
        if url is None and slug:
            url = f"{self.homepage}/jobs/{slug}"
        geo = as_strings(job.get("jobGeo"))
        return {
            "id": as_text(job.get("id")) or slug,
            "title": title,
            "client": plain_text(job.get("companyName")),
            "url": url,
            "apply_url": None,
            "description_html": html_text(job.get("jobDescription"))
            or html_text(job.get("jobExcerpt")),
            "tags": as_strings(job.get("jobIndustry")),
            "rate": _rate(job),
            "engagement": engagements(job.get("jobType")),
            "remote": "full",
            "location": ", ".join(geo) or None,
            "posted_at": iso_from_text(job.get("pubDate")),
        }


def _rate(job: dict[str, Any]) -> dict[str, Any] | None:
    """Structured pay from the salary keys (current or older ``annualSalary*``)."""
    currency = job.get("salaryCurrency")
    if "salaryMin" in job or "salaryMax" in job:
        period_text = (as_text(job.get("salaryPeriod")) or "").lower()
        period = _PERIODS.get(period_text)
        rate = structured_rate(job.get("salaryMin"), job.get("salaryMax"), currency, period)
        if rate is not None:
            return rate
    if "annualSalaryMin" in job or "annualSalaryMax" in job:
        return structured_rate(
            job.get("annualSalaryMin"), job.get("annualSalaryMax"), currency, "year"
        )
    return None

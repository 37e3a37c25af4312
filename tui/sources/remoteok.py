"""Remote OK (https://remoteok.com): ``GET /api`` (optional ``?tag=python``).

The answer is a JSON array whose element 0 is the API terms, not a job; a tag with no
match returns only that element (empty, not an error). Ids arrive as strings or numbers,
company names with trailing spaces, salaries as ints or strings with ``0`` = unknown
(USD per year), and text is sometimes mis-encoded. Every job is remote; ``location`` says
where the worker must live. The terms ask for a followed link back and the credit
"Remote OK"; the API may answer 403 without a browser-like User-Agent.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..errors import SourceError
from .base import FetchContext, Record, Source, SourceSpec
from .payload import (
    map_jobs,
    as_strings,
    as_text,
    as_url,
    engagements,
    html_text,
    iso_from_epoch,
    iso_from_text,
    payload_kind,
    plain_text,
    structured_rate,
    text_option,
)

PATH = "/api"


class RemoteOKSource(Source):
    """Jobs from the Remote OK JSON API."""

    type_name = "remoteok"
    title = "Remote OK"
    homepage = "https://remoteok.com"
    network = True
    default_url = "https://remoteok.com"
    # The feed lags the site by 24 h and has no published limit: poll gently.
    default_refresh_minutes = 180
    min_refresh_minutes = 60
    options = {"tag": "only jobs with this tag, e.g. 'python' or 'machine-learning'"}
    #: Remote OK may answer 403 to non-browser agents; this one still names gigs.
    user_agent = f"Mozilla/5.0 (compatible; gigs/{__version__}; +terminal job board)"

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)
        self.tag = text_option(spec.name, spec.options, "tag")

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        """Fetch ``/api`` (with ``tag``) and map every job; the terms element is skipped."""
        url = self.base_url + PATH
        payload = await ctx.get_json(url, params={"tag": self.tag} if self.tag else None)
        if not isinstance(payload, list):
            raise SourceError(
                self.name, f"expected a JSON array of jobs from {url}, got {payload_kind(payload)}"
            )
        records = map_jobs(payload, self.record, keep=lambda item: not _is_terms(item))
        ctx.progress(f"{len(records)} jobs")
        return records

    def record(self, job: dict[str, Any]) -> Record | None:
        """One Remote OK job as a gig record; None when it has no title."""
        title = plain_text(job.get("position")) or plain_text(job.get("title"))
        if not title:
            return None
        native_id = as_text(job.get("id"))
        slug = as_text(job.get("slug"))
        url = as_url(job.get("url"))
        if url is None and (slug or native_id):
            url = f"{self.homepage}/remote-jobs/{slug or native_id}"
        tags = as_strings(job.get("tags"))
        location = plain_text(job.get("location"))
        return {
            "id": native_id,
            "title": title,
            "client": plain_text(job.get("company")),
            "url": url,
            "apply_url": as_url(job.get("apply_url")),
            "description_html": html_text(job.get("description")),
            "skills": tags,
            "tags": tags,
            "rate": structured_rate(job.get("salary_min"), job.get("salary_max"), "USD", "year"),
            "engagement": engagements(tags),
            "remote": "full",
            "location": location,
            "posted_at": iso_from_epoch(job.get("epoch")) or iso_from_text(job.get("date")),
        }


def _is_terms(item: dict[str, Any]) -> bool:
    """Element 0 of the array: ``{"last_updated": ..., "legal": ...}``, not a job."""
    return "legal" in item and "position" not in item

"""The ``jobposting`` source: web pages that embed schema.org ``JobPosting`` JSON-LD.

Each URL of ``urls`` is fetched; every ``<script type="application/ld+json">`` block is read
(attribute order, case, whitespace, HTML comments and CDATA wrappers tolerated; one invalid
block does not spoil another), and every object whose ``@type`` is or includes
``JobPosting`` becomes a record — whether the JSON-LD is a single object, a list, an
``@graph`` or nested under another object (``mainEntity``).

Mapping: ``title``; ``description`` -> ``description_html``; ``datePosted`` -> ``posted_at``;
``employmentType`` (CONTRACTOR, PART_TIME, FULL_TIME, TEMPORARY, INTERN) -> ``engagement``;
``hiringOrganization.name`` -> ``client``; ``jobLocation.address`` -> ``location``;
``jobLocationType: TELECOMMUTE`` -> ``remote: full``; ``baseSalary`` -> a structured
``rate`` (``parsed: false``); ``identifier.value`` (else the posting's URL) -> ``id``; the
posting's ``url`` (else the page URL) -> ``url``.

A page that fails (HTTP error, no JobPosting) does not lose the others: failures are
reported through ``ctx.progress``; only when every page fails does the source raise a
SourceError naming each URL and its fault. ``import_page`` imports one pasted page for
``gigs add URL``.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from typing import Any, Iterator
from urllib.parse import urljoin

from ..errors import SourceError
from ..model import iso
from .base import FetchContext, Record, Source, SourceSpec
from .payload import structured_rate

NO_POSTING = "no schema.org JobPosting found"

#: schema.org employmentType -> engagement enum.
EMPLOYMENT_TYPES = {
    "CONTRACTOR": "contract",
    "CONTRACT": "contract",
    "FREELANCE": "freelance",
    "PART_TIME": "part_time",
    "FULL_TIME": "full_time",
    "TEMPORARY": "temporary",
    "PER_DIEM": "temporary",
    "INTERN": "internship",
    "INTERNSHIP": "internship",
}

#: schema.org unitText -> rate period.
UNITS = {
    "HOUR": "hour", "HOURLY": "hour", "DAY": "day", "DAILY": "day", "WEEK": "week",
    "WEEKLY": "week", "MONTH": "month", "MONTHLY": "month", "YEAR": "year", "YEARLY": "year",
    "ANNUAL": "year", "ANNUALLY": "year", "PROJECT": "project",
}

_MAX_DEPTH = 12


class _LdJsonCollector(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">`` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        kind = next((v for k, v in attrs if k == "type"), None) or ""
        if kind.split(";")[0].strip().lower() == "application/ld+json":
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None


def ld_json_blocks(page: str) -> list[str]:
    """The raw text of every JSON-LD script block in an HTML page, in page order."""
    collector = _LdJsonCollector()
    try:
        collector.feed(page)
        collector.close()
    except Exception:  # html.parser is lenient; never let a strange page raise
        pass
    if collector._current:  # an unclosed block at the end of the page
        collector.blocks.append("".join(collector._current))
    return collector.blocks


def _clean_block(block: str) -> str:
    """A script block's JSON text without ``<!-- -->`` / ``<![CDATA[ ]]>`` wrappers."""
    text = block.strip()
    text = re.sub(r"^(?://\s*)?(?:<!--|<!\[CDATA\[)", "", text).strip()
    text = re.sub(r"(?://\s*)?(?:-->|\]\]>)$", "", text).strip()
    return text


def parse_blocks(page: str) -> tuple[list[Any], list[str]]:
    """Decoded JSON-LD values of a page and the problems of blocks that did not decode."""
    values: list[Any] = []
    problems: list[str] = []
    for number, block in enumerate(ld_json_blocks(page), 1):
        text = _clean_block(block)
        if not text:
            continue
        try:
            values.append(json.loads(text, strict=False))
        except ValueError as exc:
            problems.append(f"JSON-LD block {number} is not valid JSON ({exc})")
    return values, problems


def _is_posting(obj: dict[str, Any]) -> bool:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting"
        for k in kinds
    )


def find_postings(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD value (list, ``@graph``, nested), in order."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from find_postings(item, depth + 1)
    elif isinstance(value, dict):
        if _is_posting(value):
            yield value
            return
        for item in value.values():
            if isinstance(item, (dict, list)):
                yield from find_postings(item, depth + 1)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _str(value: Any) -> str | None:
    """Clean text from a JSON-LD string value (entities decoded); None if empty/not text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())
    return text or None


def _name(value: Any) -> str | None:
    """``name`` of an object (or the text itself): hiringOrganization, addressCountry…"""
    value = _first(value)
    if isinstance(value, dict):
        return _str(value.get("name") or value.get("legalName"))
    return _str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None


def engagement_of(value: Any) -> list[str]:
    """employmentType (a string, a comma list or a list) -> engagement enums."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        if not isinstance(item, str):
            continue
        for part in item.split(","):
            key = re.sub(r"[\s\-]+", "_", part.strip()).upper()
            kind = EMPLOYMENT_TYPES.get(key)
            if kind and kind not in found:
                found.append(kind)
    return found


def location_of(posting: dict[str, Any]) -> str | None:
    """``jobLocation`` addresses (several joined by " / "), else applicant requirements."""
    places = posting.get("jobLocation")
    places = places if isinstance(places, list) else [places]
    found: list[str] = []
    for place in places:
        if isinstance(place, str):
            text = _str(place)
        elif isinstance(place, dict):
            address = place.get("address", place)
            if isinstance(address, dict):
                parts = [
                    _name(address.get(key))
                    for key in ("addressLocality", "addressRegion", "addressCountry")
                ]
                parts = [p for p in dict.fromkeys(parts) if p]
                text = ", ".join(parts) or _str(place.get("name"))
            else:
                text = _str(address) or _str(place.get("name"))
        else:
            text = None
        if text and text not in found:
            found.append(text)
    if not found:
        wanted = posting.get("applicantLocationRequirements")
        wanted = wanted if isinstance(wanted, list) else [wanted]
        found = [n for n in (_name(w) for w in wanted) if n]
    return " / ".join(found) or None


def rate_of(posting: dict[str, Any]) -> dict[str, Any] | None:
    """``baseSalary`` (else ``estimatedSalary``) as a structured rate, or None."""
    for key in ("baseSalary", "estimatedSalary"):
        salary = _first(posting.get(key))
        if salary is None:
            continue
        if isinstance(salary, (int, float, str)):
            salary = {"value": salary}
        if not isinstance(salary, dict):
            continue
        currency = _str(salary.get("currency"))
        value = salary.get("value", salary)
        unit = salary.get("unitText")
        if isinstance(value, dict):
            unit = value.get("unitText", unit)
            low, high = _number(value.get("minValue")), _number(value.get("maxValue"))
            single = _number(value.get("value"))
            currency = currency or _str(value.get("currency"))
        else:
            low = high = None
            single = _number(value)
        if low is None and high is None and single is not None:
            low = high = single
        if low is None and high is None:
            continue
        period = UNITS.get(str(unit).strip().upper()) if unit else None
        return structured_rate(low, high, currency, period, zero_is_unknown=False)
    return None


def _date(value: Any) -> str | None:
    """A datePosted value as UTC ISO; raw text when it does not parse."""
    text = _str(value)
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return iso(dt)


def _identifier(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        return _str(value.get("value") or value.get("@id") or value.get("name"))
    return _str(value)


def _description(value: Any) -> str | None:
    """The description HTML; entity-escaped HTML (``&lt;p&gt;``) is unescaped once."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" not in value and "&lt;" in value:
        return html.unescape(value)
    return value


def record_of(posting: dict[str, Any], page_url: str, index: int = 0) -> Record:
    """One JobPosting object as a record; ``page_url`` is where it was found."""
    link = _str(posting.get("url"))
    url = urljoin(page_url, link) if link else page_url
    native = _identifier(posting.get("identifier"))
    if not native:
        native = url if (link or index == 0) else f"{page_url}#{index + 1}"
    record: Record = {
        "id": native,
        "title": _str(posting.get("title") or posting.get("name")) or "(untitled job)",
        "client": _name(posting.get("hiringOrganization")),
        "url": url,
        "description_html": _description(posting.get("description")),
        "posted_at": _date(posting.get("datePosted")),
        "engagement": engagement_of(posting.get("employmentType")) or None,
        "location": location_of(posting),
        "rate": rate_of(posting),
    }
    kinds = posting.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and k.strip().upper() == "TELECOMMUTE" for k in kinds):
        record["remote"] = "full"
    skills = posting.get("skills")
    if isinstance(skills, str):
        skills = [s.strip() for s in re.split(r"[,、;]", skills)]
    if isinstance(skills, list):
        names = [n for n in (_name(s) for s in skills) if n]
        if names:
            record["skills"] = names
    language = _str(posting.get("inLanguage"))
    if language:
        record["language"] = language.split("-")[0].lower()
    return {k: v for k, v in record.items() if v is not None}


def records_from_page(page: str, page_url: str) -> tuple[list[Record], list[str]]:
    """Records of every JobPosting in ``page`` and the problems met reading its JSON-LD."""
    values, problems = parse_blocks(page)
    postings = [p for value in values for p in find_postings(value)]
    return [record_of(p, page_url, i) for i, p in enumerate(postings)], problems


class NoJobPostingError(SourceError):
    """Raised when every page was read but none holds a JobPosting."""


class JobPostingSource(Source):
    """Gigs from pages that embed schema.org JobPosting JSON-LD (``urls``)."""

    type_name = "jobposting"
    title = "Job pages (schema.org JobPosting)"
    network = True
    default_url = None
    default_refresh_minutes = 720
    requires = ("urls",)
    options: dict[str, str] = {}

    def describe(self) -> str:
        count = len(self.spec.urls)
        return self.spec.urls[0] if count == 1 else f"{count} pages"

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        records: list[Record] = []
        failures: list[tuple[str, str]] = []
        unreachable = 0
        for url in self.spec.urls:
            try:
                page = await ctx.get_text(url)
            except SourceError as exc:
                failures.append((url, exc.problem))
                unreachable += 1
                continue
            got, problems = records_from_page(page, url)
            if not got:
                why = NO_POSTING + (f" ({'; '.join(problems)})" if problems else "")
                failures.append((url, why))
                continue
            records.extend(got)
            ctx.progress(f"{url}: {len(got)} job posting(s)")
        if failures and not records:
            detail = "; ".join(f"{url}: {why}" for url, why in failures)
            error = SourceError if unreachable else NoJobPostingError
            raise error(self.name, f"no page could be read — {detail}")
        for url, why in failures:
            ctx.progress(f"{url}: {why}")
        return records


async def import_page(url: str, *, timeout: float = 20) -> list[Record]:
    """Fetch one pasted page and return its JobPosting records (for ``gigs add URL``).

    The records come from a temporary source named ``manual``. Raises
    ``SourceError("jobposting", "no schema.org JobPosting found at <url>")`` when the page
    has none, and a SourceError naming the page's fault when it cannot be fetched.
    """
    from .http import fetch_once

    spec = SourceSpec(name="manual", type="jobposting", url=url, timeout=timeout, urls=(url,))
    try:
        return await fetch_once(JobPostingSource(spec))
    except NoJobPostingError as exc:
        raise SourceError("jobposting", f"{NO_POSTING} at {url}") from exc
    except SourceError as exc:
        if NO_POSTING in exc.problem:
            raise SourceError("jobposting", f"{NO_POSTING} at {url}") from exc
        raise SourceError("jobposting", f"{url}: {exc.problem}") from exc

"""The ``feed`` source: any RSS 2.0 or Atom feed, We Work Remotely's included.

The feed's full URL is the option ``feed`` or, when that is absent, the source's ``url``
(for this type ``url`` is the feed itself, not an origin). Options:

- ``title`` — the name to credit in the attribution line (default "RSS/Atom feed");
- ``keywords`` — keep only entries whose title or text mentions one of these words
  (whole words, case-insensitive; Japanese words match anywhere).

Entries map to records: ``id`` = guid/id, else link; ``url`` = link; ``description_html``
= content or summary; ``posted_at`` = published, else updated (UTC). We Work Remotely's
extra elements are understood: the title ``"Company: Role"`` is split on the first ``": "``
(client, title); ``region`` and ``country`` become ``location``; every WWR gig is remote
(``region`` "Anywhere in the World" also marks any other feed's entry as fully remote);
``skills`` -> skills; ``category`` -> tags; ``type`` (Full-Time, Contract) -> engagement.
A body that is not a feed raises SourceError "not an RSS/Atom feed".
"""

from __future__ import annotations

import calendar
import io
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from ..errors import SourceError
from ..model import iso
from .base import FetchContext, Record, Source, SourceSpec
from .hn import html_to_text, keyword_pattern

#: Feed ``type`` values (lower-case, separators dropped) -> engagement enum.
ENGAGEMENT_WORDS = {
    "fulltime": "full_time",
    "parttime": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "freelance": "freelance",
    "freelancer": "freelance",
    "temporary": "temporary",
    "temp": "temporary",
    "internship": "internship",
    "intern": "internship",
}

_ANYWHERE = re.compile(r"\b(anywhere|worldwide|world\s*wide|global)\b", re.IGNORECASE)
_WWR_KEYS = ("region", "country", "skills", "type")


def engagement_of(value: Any) -> list[str]:
    """Engagement enums from a free ``type`` text such as ``Full-Time`` or ``Contract``."""
    if not isinstance(value, str):
        return []
    found: list[str] = []
    for part in re.split(r"[,/;&]|\band\b", value):
        key = re.sub(r"[\s_\-]", "", part).lower()
        kind = ENGAGEMENT_WORDS.get(key)
        if kind and kind not in found:
            found.append(kind)
    return found


def _struct_iso(entry: Any) -> str | None:
    """feedparser's parsed published/updated time (a UTC struct) as ISO; raw text otherwise."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return iso(datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc))
            except (OverflowError, ValueError, TypeError):
                continue
    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            return raw.strip()
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


class FeedSource(Source):
    """Gigs from an RSS 2.0 or Atom feed (We Work Remotely's extra fields understood)."""

    type_name = "feed"
    title = "RSS/Atom feed"
    network = True
    default_url = None
    default_refresh_minutes = 60
    options = {
        "feed": "the feed's full URL (default: the source's url)",
        "title": "name credited in the attribution line",
        "keywords": "keep only entries mentioning one of these words",
    }

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)
        feed = spec.options.get("feed") or spec.url
        if not isinstance(feed, str) or not feed.strip():
            raise SourceError(spec.name, "type 'feed' needs the feed's URL in 'url' or options.feed")
        self.feed_url = feed.strip()
        name = spec.options.get("title")
        if name is not None:
            if not isinstance(name, str) or not name.strip():
                raise SourceError(spec.name, 'option "title" must be a non-empty string')
            self.title = name.strip()  # instance attribution name
        keywords = spec.options.get("keywords", [])
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",")]
        if not isinstance(keywords, (list, tuple)):
            raise SourceError(spec.name, 'option "keywords" must be a list of words')
        self.keywords = keyword_pattern(list(keywords))

    def describe(self) -> str:
        return self.feed_url

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        import feedparser  # lazily: only feed users pay for the import

        text = await ctx.get_text(self.feed_url)
        # A stream, never a str: feedparser would treat a str body as a URL or file name.
        # The body is already decoded, so declare UTF-8 to override the XML prolog.
        parsed = feedparser.parse(
            io.BytesIO(text.encode("utf-8")),
            response_headers={"content-type": "application/xml; charset=utf-8"},
        )
        entries = parsed.get("entries") or []
        if not entries and (parsed.get("bozo") or not parsed.get("version")):
            why = parsed.get("bozo_exception")
            detail = f" ({why})" if why else ""
            raise SourceError(self.name, f"{self.feed_url}: not an RSS/Atom feed{detail}")
        feed_info = parsed.get("feed") or {}
        wwr = "weworkremotely" in urlsplit(self.feed_url).netloc or "weworkremotely" in _text(
            feed_info.get("link")
        )
        language = _text(feed_info.get("language")).split("-")[0].lower() or None
        records: list[Record] = []
        for entry in entries:
            record = self._record(entry, wwr=wwr, language=language)
            if record is None:
                continue
            if self.keywords is not None:
                haystack = " ".join(
                    [record.get("title", ""), record.get("client") or "",
                     html_to_text(record.get("description_html")), " ".join(record.get("skills", []))]
                )
                if not self.keywords.search(haystack):
                    continue
            records.append(record)
        ctx.progress(f"{len(records)} of {len(entries)} entries")
        return records

    def _record(self, entry: Any, *, wwr: bool, language: str | None) -> Record | None:
        """One feed entry as a record; None for an entry with neither title nor link."""
        title = _text(entry.get("title"))
        link = _text(entry.get("link"))
        if not title and not link:
            return None
        is_wwr = wwr or any(k in entry for k in _WWR_KEYS)
        client = None
        if is_wwr and ": " in title:
            client, title = (part.strip() for part in title.split(": ", 1))
        record: Record = {
            "id": _text(entry.get("id")) or link or None,
            "title": title or link,
            "client": client or None,
            "url": link or None,
        }
        content = entry.get("content") or []
        bodies = [c.get("value", "") for c in content if isinstance(c, dict)]
        summary = _text(entry.get("summary"))
        body = max(bodies + [summary], key=len) if bodies or summary else ""
        if body:
            record["description_html"] = body
        posted = _struct_iso(entry)
        if posted:
            record["posted_at"] = posted
        region, country = _text(entry.get("region")), _text(entry.get("country"))
        places = [p for p in (region, country) if p]
        if len(places) == 2 and places[1].lower() in places[0].lower():
            places = places[:1]
        if places:
            record["location"] = ", ".join(places)
        if (region and _ANYWHERE.search(region)) or (wwr and is_wwr):
            record["remote"] = "full"
        skills = entry.get("skills")
        if isinstance(skills, str) and skills.strip():
            record["skills"] = [s.strip() for s in re.split(r"[,;]", skills) if s.strip()]
        tags = [t.get("term", "").strip() for t in entry.get("tags") or [] if isinstance(t, dict)]
        tags = [t for t in dict.fromkeys(tags) if t]
        if tags:
            record["tags"] = tags
        engagement = engagement_of(entry.get("type"))
        if engagement:
            record["engagement"] = engagement
        author = _text(entry.get("author"))
        if not record["client"] and author and not is_wwr:
            record["client"] = author
        if language:
            record["language"] = language
        return {k: v for k, v in record.items() if v is not None}

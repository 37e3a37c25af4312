"""The ``hn`` source: the monthly Hacker News hiring threads, through the Algolia API.

Two threads are read (option ``threads``):

- ``freelancer`` — "Freelancer? Seeking freelancer?". Only top-level posts that start with
  ``SEEKING FREELANCER`` are gigs; ``SEEKING WORK`` posts are other freelancers offering
  themselves (competitors, not gigs) and are skipped unless ``include_seeking_work`` is true.
- ``hiring`` — "Ask HN: Who is hiring?". Most posts are unrelated to machine learning, so a
  post is kept only when it mentions one of ``keywords`` (whole words, case-insensitive;
  default: machine learning, ML, AI, data, LLM, NLP, computer vision, pytorch). An empty
  ``keywords`` list keeps every post.

Each thread is found with ``/api/v1/search_by_date?tags=story&query=...``: the newest hit
whose title matches and that is at most ``max_age_days`` old (the poster is not relied on:
it changed in 2026). ``/api/v1/items/<id>`` then returns the whole comment tree in one call;
only the story's direct children are posts (replies are discussion), and deleted children
(``author``/``text`` null) are skipped.

Posts follow the convention ``Company | Role | Location | REMOTE | $pay``. The title and
client come from those header segments; the pay snippet (``$120/hr``, ``$150k``, ``€80/h``)
goes to ``rate`` as raw text, the segment saying REMOTE/ONSITE/hybrid to ``remote``, and the
HTML body to ``description_html``; normalization parses the rest.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import SourceError
from ..lazyre import LazyPattern, lazy
from ..model import iso
from .base import FetchContext, Record, Source, SourceSpec
from .payload import bool_option

THREADS: dict[str, dict[str, Any]] = {
    "freelancer": {
        "query": "Freelancer? Seeking freelancer?",
        "title": lazy(r"freelancer\?\s*seeking freelancer", re.IGNORECASE),
        "tag": "seeking-freelancer",
    },
    "hiring": {
        "query": "Ask HN: Who is hiring?",
        "title": lazy(r"^\s*ask hn:\s*who is hiring\?", re.IGNORECASE),
        "tag": "who-is-hiring",
    },
}

DEFAULT_KEYWORDS = (
    "machine learning", "ML", "AI", "data", "LLM", "NLP", "computer vision", "pytorch",
)

#: Skills recognised in post text (canonical spelling -> pattern).
SKILLS: dict[str, str] = {
    "Python": r"python",
    "PyTorch": r"pytorch",
    "TensorFlow": r"tensorflow",
    "JAX": r"jax",
    "scikit-learn": r"scikit-learn|sklearn",
    "Pandas": r"pandas",
    "Spark": r"(?:py)?spark",
    "SQL": r"sql",
    "LLM": r"llms?",
    "NLP": r"nlp",
    "Computer Vision": r"computer vision",
    "MLOps": r"mlops",
    "Kubernetes": r"kubernetes|k8s",
    "Docker": r"docker",
    "AWS": r"aws",
    "GCP": r"gcp",
    "Azure": r"azure",
    "Rust": r"rust",
    "Go": r"golang",
    "TypeScript": r"typescript",
    "React": r"react",
    "Django": r"django",
    "FastAPI": r"fastapi",
    "CUDA": r"cuda",
    "RAG": r"rag",
}
_SKILL_RES = {
    name: lazy(rf"(?<![A-Za-z0-9]){pat}(?![A-Za-z0-9])", re.IGNORECASE)
    for name, pat in SKILLS.items()
}

_SEEKING = lazy(r"^[\W_]*seeking\s+(freelancers?|work)\b[\s|:;,.\-–—/\]\)]*", re.IGNORECASE)

_NUM = r"\d[\d,.]*+\s?[kK]?(?![\d,.]*\s?(?:[MmBb]\b|million|billion))"
_CUR = r"(?:[$€£¥]|(?:USD|EUR|GBP|CAD|AUD|CHF|JPY)\s?)"
_UNIT = (
    r"(?:\s?(?:/|per\s|an?\s)\s?(?:hour|hr|h|day|d|week|wk|month|mo|year|yr|annum|project)\b"
    r"|\s?(?:hourly|daily|annually|yearly))?"
)
_RATE = lazy(
    rf"{_CUR}{_NUM}(?:\s?(?:-|–|—|to)\s?{_CUR}?{_NUM})?{_UNIT}"
    rf"|\b\d[\d,.]*+\s?[kK]?(?:\s?(?:-|–|—|to)\s?\d[\d,.]*+\s?[kK]?)?\s?(?:USD|EUR|GBP)\b{_UNIT}",
)
_REMOTE = lazy(r"\b(remote|onsite|on-site|on site|hybrid|in-office|in office)\b", re.IGNORECASE)
_REMOTE_BODY = lazy(r"\b(REMOTE|ONSITE|ON-SITE|HYBRID)\b")
_ENGAGEMENT = {
    "freelance": lazy(r"\bfreelance\b", re.IGNORECASE),
    "contract": lazy(r"\bcontract(?:or)?\b", re.IGNORECASE),
    "part_time": lazy(r"\bpart[\s-]?time\b", re.IGNORECASE),
    "full_time": lazy(r"\bfull[\s-]?time\b", re.IGNORECASE),
    "internship": lazy(r"\bintern(?:ship)?s?\b", re.IGNORECASE),
}
_ROLE = lazy(
    r"\b(engineers?|developers?|dev|scientists?|designers?|researchers?|architects?|"
    r"consultants?|analysts?|leads?|managers?|specialists?|experts?|programmers?|"
    r"contractors?|freelancers?|cto|head of|director|sre|devops|founding|"
    r"full[\s-]?stack|back[\s-]?end|front[\s-]?end|ml|ai)\b",
    re.IGNORECASE,
)
_URLISH = lazy(r"^(https?://|www\.)\S+$|^\S+\.(com|io|ai|co|org|net|dev|app)(/\S*)?$", re.I)
_HREF = lazy(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def html_to_text(fragment: str | None) -> str:
    """HN comment HTML to plain text: ``<p>`` -> blank line, tags dropped, entities decoded."""
    if not fragment:
        return ""
    import html

    text = re.sub(r"(?i)<br\s*/?>", "\n", fragment)
    text = re.sub(r"(?i)</?p\s*/?>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def keyword_pattern(keywords: list[str] | tuple[str, ...]) -> LazyPattern | None:
    """One regex matching any keyword as a whole word (case-insensitive); None if empty.
    Compiled at the first search (the source is built at start; it fetches later).

    Word edges are ASCII letters/digits only, so ``ML`` does not match ``HTML`` while a
    Japanese keyword such as ``機械学習`` still matches inside Japanese text.
    """
    words = [k.strip() for k in keywords if isinstance(k, str) and k.strip()]
    if not words:
        return None
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return lazy(rf"(?<![A-Za-z0-9])(?:{alts})(?![A-Za-z0-9])", re.IGNORECASE)


def find_rate(text: str) -> str | None:
    """The first pay snippet in ``text`` (``$120/hr``, ``$150k - $180k``, ``€80/h``)."""
    match = _RATE.search(text)
    if not match:
        return None
    return match.group(0).strip().rstrip(".,;")


def find_skills(text: str) -> list[str]:
    """Canonical names of the known skills mentioned in ``text``, in table order."""
    return [name for name, rx in _SKILL_RES.items() if rx.search(text)]


def parse_header(line: str) -> dict[str, Any]:
    """Split a post's first line (``Acme | ML Engineer | Remote | $120/hr``) into fields.

    Returns ``title``, ``client``, ``location``, ``remote``, ``rate``, ``engagement``
    (whatever could be found; missing keys mean unknown).
    """
    segments = [s.strip(" \t-–—:;,") for s in re.split(r"\s+\|\s+|\s*\|\s*", line)]
    segments = [s for s in segments if s]
    out: dict[str, Any] = {}
    plain: list[str] = []
    engagement: list[str] = []
    for seg in segments:
        rate = find_rate(seg)
        if rate and "rate" not in out and len(seg) <= len(rate) + 40:
            out["rate"] = rate
            continue
        if (
            _REMOTE.search(seg)
            and "remote" not in out
            and len(seg) <= 60
            and not _ROLE.search(_REMOTE.sub("", seg))
        ):
            out["remote"] = seg
            continue
        kinds = [k for k, rx in _ENGAGEMENT.items() if rx.search(seg)]
        if kinds and len(seg) <= 40 and not _ROLE.search(_ENGAGEMENT[kinds[0]].sub("", seg)):
            engagement.extend(k for k in kinds if k not in engagement)
            continue
        if _URLISH.match(seg):
            out.setdefault("link", seg)
            continue
        plain.append(seg)
    if engagement:
        out["engagement"] = engagement
    if not plain:
        return out
    if len(plain) == 1:
        out["title"] = plain[0]
        return out
    role_at = next((i for i, seg in enumerate(plain) if i > 0 and _ROLE.search(seg)), None)
    if role_at is None:
        role_at = 0 if _ROLE.search(plain[0]) else 1
    out["title"] = plain[role_at]
    others = [seg for i, seg in enumerate(plain) if i != role_at]
    if others:
        out["client"] = others[0]
    if len(others) > 1 and len(others[1]) <= 60:
        out["location"] = others[1]
    return out


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


class HNSource(Source):
    """Gigs from the Hacker News freelancer and who-is-hiring threads (Algolia API)."""

    type_name = "hn"
    title = "Hacker News"
    homepage = "https://news.ycombinator.com"
    network = True
    default_url = "https://hn.algolia.com"
    default_refresh_minutes = 180
    options = {
        "threads": 'which monthly threads to read: "freelancer", "hiring" (default both)',
        "max_age_days": "only threads posted in the last N days (default 45)",
        "include_seeking_work": "also keep SEEKING WORK posts (freelancers, not gigs; default false)",
        "keywords": "who-is-hiring posts must mention one of these (default: ML/data/AI terms; [] keeps all)",
    }

    def __init__(self, spec: SourceSpec) -> None:
        super().__init__(spec)
        opts = spec.options
        threads = opts.get("threads", list(THREADS))
        if isinstance(threads, str):
            threads = [t.strip() for t in threads.split(",") if t.strip()]
        if not isinstance(threads, (list, tuple)) or not threads:
            raise SourceError(spec.name, 'option "threads" must be a list such as ["freelancer", "hiring"]')
        bad = [t for t in threads if t not in THREADS]
        if bad:
            raise SourceError(
                spec.name, f'option "threads": unknown thread {bad[0]!r} (known: freelancer, hiring)'
            )
        self.threads: tuple[str, ...] = tuple(dict.fromkeys(threads))
        age = opts.get("max_age_days", 45)
        if isinstance(age, bool) or not isinstance(age, (int, float)) or age <= 0:
            raise SourceError(spec.name, 'option "max_age_days" must be a positive number')
        self.max_age_days = float(age)
        self.include_seeking_work = bool_option(spec.name, opts, "include_seeking_work")
        keywords = opts.get("keywords", list(DEFAULT_KEYWORDS))
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",")]
        if not isinstance(keywords, (list, tuple)):
            raise SourceError(spec.name, 'option "keywords" must be a list of words')
        self.keywords = keyword_pattern(list(keywords))

    def describe(self) -> str:
        return f"{self.base_url} ({', '.join(self.threads)})"

    async def fetch(self, ctx: FetchContext) -> list[Record]:
        records: list[Record] = []
        now = datetime.now(timezone.utc)
        cutoff = int((now - timedelta(days=self.max_age_days)).timestamp())
        for kind in self.threads:
            story = await self._find_thread(ctx, kind, cutoff)
            if story is None:
                ctx.progress(
                    f"no {THREADS[kind]['query']!r} thread in the last {self.max_age_days:g} days"
                )
                continue
            story_id, story_title = story
            item = await ctx.get_json(f"{self.base_url}/api/v1/items/{story_id}")
            got = self._posts(item, kind, story_id)
            ctx.progress(f"{story_title}: {len(got)} gigs")
            records.extend(got)
        return records

    async def _find_thread(self, ctx: FetchContext, kind: str, cutoff: int) -> tuple[int, str] | None:
        """The newest story whose title matches ``kind`` and was posted after ``cutoff``."""
        spec = THREADS[kind]
        data = await ctx.get_json(
            f"{self.base_url}/api/v1/search_by_date",
            params={
                "tags": "story",
                "query": spec["query"],
                "numericFilters": f"created_at_i>{cutoff}",
                "hitsPerPage": 50,
            },
        )
        hits = data.get("hits") if isinstance(data, dict) else None
        if not isinstance(hits, list):
            raise SourceError(self.name, "search answer has no 'hits' list (not an Algolia response)")
        best: tuple[int, int, str] | None = None
        for hit in hits:
            if not isinstance(hit, dict):
                continue
            title = hit.get("title") or hit.get("story_title") or ""
            if not isinstance(title, str) or not spec["title"].search(title):
                continue
            when = _int(hit.get("created_at_i"))
            story_id = _int(hit.get("objectID") or hit.get("story_id"))
            if when is None or story_id is None or when < cutoff:
                continue
            if best is None or when > best[0]:
                best = (when, story_id, title)
        return (best[1], best[2]) if best else None

    def _posts(self, item: Any, kind: str, story_id: int) -> list[Record]:
        """Records for the story's top-level posts that are gigs."""
        if not isinstance(item, dict) or not isinstance(item.get("children", []), list):
            raise SourceError(self.name, f"item {story_id} is not an HN comment tree")
        records = []
        for child in item.get("children") or []:
            if not isinstance(child, dict):
                continue
            parent = _int(child.get("parent_id"))
            if parent is not None and parent != story_id:
                continue  # not a top-level post
            if not child.get("author") or not isinstance(child.get("text"), str) or not child["text"]:
                continue  # deleted
            record = self._record(child, kind)
            if record is not None:
                records.append(record)
        return records

    def _record(self, post: dict[str, Any], kind: str) -> Record | None:
        """One post as a record, or None when it is not a gig."""
        body_html = post["text"]
        text = html_to_text(body_html)
        if not text:
            return None
        first, _, rest = text.partition("\n")
        tags = [THREADS[kind]["tag"]]
        if kind == "freelancer":
            match = _SEEKING.match(first)
            if not match:
                return None  # meta comment, not a post
            if match.group(1).lower() == "work":
                if not self.include_seeking_work:
                    return None
                tags.append("seeking-work")
            first = first[match.end():]
        elif self.keywords is not None and not self.keywords.search(text):
            return None
        header = parse_header(first) if "|" in first else {}
        title = header.get("title") or _short(first or rest) or "(untitled post)"
        record: Record = {
            "id": str(post.get("id")),
            "title": _short(title, 120),
            "client": header.get("client"),
            "url": f"https://news.ycombinator.com/item?id={post.get('id')}",
            "description_html": body_html,
            "tags": tags,
        }
        rate = header.get("rate") or find_rate(first) or find_rate(rest)
        if rate:
            record["rate"] = rate
        remote = header.get("remote")
        if remote is None:
            found = _REMOTE.search(first) or _REMOTE_BODY.search(rest)
            remote = found.group(0) if found else None
        if remote:
            record["remote"] = remote
        if header.get("location"):
            record["location"] = header["location"]
        engagement = list(header.get("engagement", []))
        if kind == "freelancer" and "freelance" not in engagement:
            engagement.insert(0, "freelance")
        if engagement:
            record["engagement"] = engagement
        skills = find_skills(text)
        if skills:
            record["skills"] = skills
        href = _HREF.search(body_html)
        if href:
            import html

            record["apply_url"] = html.unescape(href.group(1))
        posted = _posted(post)
        if posted:
            record["posted_at"] = posted
        return {k: v for k, v in record.items() if v is not None}


def _int(value: Any) -> int | None:
    """An int from an int or a digit string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _posted(post: dict[str, Any]) -> str | None:
    """The post's UTC ISO time from ``created_at_i`` or ``created_at``."""
    stamp = _int(post.get("created_at_i"))
    if stamp is not None:
        return iso(datetime.fromtimestamp(stamp, timezone.utc))
    raw = post.get("created_at")
    if isinstance(raw, str) and raw:
        try:
            return iso(datetime.fromisoformat(raw.replace("Z", "+00:00")))
        except ValueError:
            return raw
    return None

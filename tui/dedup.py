"""Merge the same gig seen on two boards into one row that keeps every source and URL.

Conservative on purpose: two gigs merge only when they come from different sources, their
normalized clients are equal, and their titles are near-identical (rapidfuzz token-sort
ratio ≥ ``THRESHOLD``). Gigs are grouped by normalized client first, so the work stays
near-linear at 100k gigs. Gigs without a client never merge. Plain Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from .model import Gig, SourceRef

THRESHOLD = 92

_SUFFIXES = re.compile(
    r"(,?\s*(inc|inc\.|llc|ltd|ltd\.|limited|gmbh|corp|corp\.|corporation|co\.?|k\.k\.|"
    r"s\.a\.|b\.v\.|plc|ag|oy|ab)\b\.?)|株式会社|（株）|\(株\)|合同会社|有限会社",
    re.IGNORECASE,
)


def client_key(client: str | None) -> str:
    """Folded client name: width, case, punctuation and company suffixes removed."""
    if not client:
        return ""
    text = unicodedata.normalize("NFKC", client).casefold()
    text = _SUFFIXES.sub(" ", text)
    return re.sub(r"[\W_]+", "", text)


def title_key(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    text = re.sub(r"[\(\)\[\]【】（）|/／,、・:-]+", " ", text)
    return " ".join(text.split())


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a, b) >= THRESHOLD


def _merge(primary: Gig, others: Sequence[Gig]) -> Gig:
    refs: list[SourceRef] = []
    seen: set[str] = set()
    for gig in (primary, *others):
        for ref in gig.sources or [SourceRef(gig.source, gig.uid, gig.url)]:
            if ref.uid not in seen:
                seen.add(ref.uid)
                refs.append(ref)
    fills = {}
    for name in ("client", "agent", "apply_url", "rate", "days_per_week",
                 "settlement_hours", "payment", "location", "posted_at"):
        if getattr(primary, name) is None:
            for other in others:
                value = getattr(other, name)
                if value is not None:
                    fills[name] = value
                    break
    if primary.rate is None and "rate" in fills:
        fills["monthly_jpy"] = next(o.monthly_jpy for o in others if o.rate is fills["rate"])
    if primary.remote == "unknown":
        for other in others:
            if other.remote != "unknown":
                fills["remote"] = other.remote
                break
    if primary.contract_form == "unknown":
        for other in others:
            if other.contract_form != "unknown":
                fills["contract_form"] = other.contract_form
                break
    skills = list(primary.skills)
    lower = {s.casefold() for s in skills}
    for other in others:
        for s in other.skills:
            if s.casefold() not in lower:
                lower.add(s.casefold())
                skills.append(s)
    first_seen = min((g.first_seen for g in (primary, *others) if g.first_seen), default=None)
    return replace(
        primary,
        sources=refs,
        skills=tuple(skills),
        first_seen=first_seen,
        is_new=primary.is_new and all(o.is_new for o in others),
        **fills,
    )


def dedupe(gigs: Sequence[Gig]) -> list[Gig]:
    """Merge duplicates across sources; keeps input order of the surviving rows.

    The merged row keeps the uid of its first-seen member (earliest ``first_seen``,
    ties broken by input order) and lists every member in ``sources``.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, gig in enumerate(gigs):
        key = client_key(gig.client)
        if key:
            groups[key].append(i)
    absorbed: dict[int, list[int]] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        titles = {i: title_key(gigs[i].title) for i in members}
        clusters: list[list[int]] = []
        for i in members:
            for cluster in clusters:
                head = cluster[0]
                sources = {gigs[j].source for j in cluster}
                if gigs[i].source not in sources and _similar(titles[i], titles[head]):
                    cluster.append(i)
                    break
            else:
                clusters.append([i])
        for cluster in clusters:
            if len(cluster) < 2:
                continue
            far = "9999"
            ordered = sorted(
                cluster,
                key=lambda j: (gigs[j].first_seen.isoformat() if gigs[j].first_seen else far, j),
            )
            absorbed[ordered[0]] = ordered[1:]
            dropped.update(ordered[1:])
    out: list[Gig] = []
    for i, gig in enumerate(gigs):
        if i in dropped:
            continue
        if i in absorbed:
            out.append(_merge(gig, [gigs[j] for j in absorbed[i]]))
        else:
            out.append(gig)
    return out

"""Merge the same gig seen on two boards into one row that keeps every source and URL.

Conservative on purpose: two gigs merge only when they come from different sources, their
normalized clients are equal, and their titles are near-identical:

* the titles have the same words once case, width, accents, punctuation, word order,
  plural ``s`` and German gender markers (``(m/w/d)``) are set aside, or
* they have the same number of words, a rapidfuzz token-sort ratio ≥ ``THRESHOLD``, and
  every word one has and the other lacks is a typo of a word the other has: both ASCII
  words of at least ``TYPO_MIN_LEN`` letters, no digits, same first two letters, ratio
  ≥ ``TYPO_RATIO``. Short words (``NLP``/``CV``, ``I``/``II``, ``L4``/``L5``), numbers
  and Japanese words must match exactly, so "ML Engineer (NLP)" and "ML Engineer (CV)"
  never merge however long the shared part is.

Gigs are grouped by normalized client, then blocked by the words that must match
exactly, so the work stays near-linear at 100k gigs; a block with more than
``MAX_FUZZY_KEYS`` distinct titles only merges exact matches beyond that bound.
Gigs without a client (or with "非公開"/"Confidential") never merge. Plain Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import field, replace
from typing import Sequence

from .model import Gig, SourceRef
from .record import record

THRESHOLD = 92
TYPO_MIN_LEN = 6
TYPO_RATIO = 90
MAX_FUZZY_KEYS = 200

#: Japanese company markers, wherever they stand (after NFKC: (株) not （株）).
_JA_MARKS = re.compile(r"株式会社|合同会社|有限会社|\((?:株|有|同)\)")
#: A company suffix at the end of the name, after a space or comma ("ACME Inc.", "X, Ltd").
_SUFFIX = re.compile(
    r"[\s,&]+(?:inc|llc|l\.l\.c|ltd|limited|gmbh|corp|corporation|co|k\.?k|s\.?a|b\.?v|"
    r"n\.?v|plc|ag|kg|oy|ab|pte|pty|srl|sas)\.?$"
)
#: German job-title gender markers: (m/w/d), (f/m/x), (w|m|d), (gn), (all genders).
_GENDER = re.compile(r"\(\s*(?:[mwfdx]\s*[/|,]\s*){1,3}[mwfdx]\s*\)|\(\s*(?:gn\*?|all genders)\s*\)")
_NON_WORD = re.compile(r"[^\w+#]+")
#: Client names that name nobody: two such gigs are no more alike than two without client.
_UNNAMED = frozenset({
    "非公開", "未公開", "匿名", "不明", "confidential", "undisclosed", "anonymous", "unknown",
    "stealth", "stealthstartup", "na", "none", "tbd",
})


def client_key(client: str | None) -> str:
    """Folded client name: width, case, punctuation and company suffixes removed.

    Only a suffix at the end is removed ("AG Labs" stays "aglabs"; "ACME AG" is "acme").
    Names that name nobody ("非公開", "Confidential") give ``""``: such gigs never merge.
    """
    if not client:
        return ""
    text = unicodedata.normalize("NFKC", client).casefold()
    text = _JA_MARKS.sub(" ", text).strip(" ,&")
    while True:
        shorter = _SUFFIX.sub("", text).strip(" ,&")
        if shorter == text or not shorter:
            break
        text = shorter
    key = re.sub(r"[\W_]+", "", text)
    return "" if key in _UNNAMED else key


def title_key(title: str) -> str:
    """A title as lower-case words: width, punctuation and gender markers removed."""
    text = title or ""
    text = (text if text.isascii() else unicodedata.normalize("NFKC", text)).casefold()
    text = _GENDER.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def _fold(word: str) -> str:
    """A word without accents and without a plural ``s`` (``engineers`` -> ``engineer``)."""
    if not word.isascii():  # "zürich" -> "zurich"; Japanese (ガ is カ + a mark) stays whole
        stripped = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
        if not stripped.isascii():
            return word
        word = stripped
    if len(word) > 3 and word[-1] == "s" and word[-2] != "s" and word.isalpha():
        return word[:-1]
    return word


def _typo_ok(word: str) -> bool:
    """May this word differ by a typo? ASCII letters only, long enough."""
    return len(word) >= TYPO_MIN_LEN and word.isascii() and word.isalpha()


def _words(title: str) -> tuple[str, ...]:
    return tuple(sorted(_fold(w) for w in title_key(title).split()))


def _block(words: tuple[str, ...]) -> tuple[str, ...]:
    """What must match exactly: short/non-ASCII words whole, typo-able words' first letters."""
    return tuple(sorted(w[:2] if _typo_ok(w) else w for w in words))


def _similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Near-identical word lists (see the module docstring); ``a`` and ``b`` share a block."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    from rapidfuzz import fuzz

    if fuzz.token_sort_ratio(" ".join(a), " ".join(b)) < THRESHOLD:
        return False
    only_b = list(b)
    only_a = []
    for w in a:
        if w in only_b:
            only_b.remove(w)
        else:
            only_a.append(w)
    for w in only_a:
        best, score = None, 0.0
        for v in only_b:
            if _typo_ok(w) and _typo_ok(v) and w[:2] == v[:2]:
                s = fuzz.ratio(w, v)
                if s > score:
                    best, score = v, s
        if best is None or score < TYPO_RATIO:
            return False
        only_b.remove(best)
    return not only_b


def _merge(primary: Gig, others: Sequence[Gig]) -> Gig:
    refs: list[SourceRef] = []
    seen: set[str] = set()
    for gig in (primary, *others):
        for ref in gig.sources or [SourceRef(gig.source, gig.uid, gig.url)]:
            if ref.uid not in seen:
                seen.add(ref.uid)
                refs.append(ref)
    fills = {}
    for name in ("client", "agent", "url", "apply_url", "rate", "days_per_week",
                 "settlement_hours", "payment", "location", "posted_at", "language"):
        if getattr(primary, name) is None:
            for other in others:
                value = getattr(other, name)
                if value is not None:
                    fills[name] = value
                    break
    if primary.rate is None and "rate" in fills:
        fills["monthly_jpy"] = next(o.monthly_jpy for o in others if o.rate is fills["rate"])
    if not primary.description:
        fills["description"] = next((o.description for o in others if o.description), "")
    if not primary.engagement:
        fills["engagement"] = next((o.engagement for o in others if o.engagement), ())
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


@record(frozen=False)
class _Class:
    """Gigs whose titles are near-identical, split into clusters of one gig per source."""

    words: tuple[str, ...]
    clusters: list[list[int]] = field(default_factory=list)
    sources: list[set[str]] = field(default_factory=list)
    #: Per source: clusters before this index already hold that source.
    start: dict[str, int] = field(default_factory=dict)

    def add(self, i: int, source: str) -> None:
        k = self.start.get(source, 0)
        while k < len(self.clusters) and source in self.sources[k]:
            k += 1
        self.start[source] = k
        if k == len(self.clusters):
            self.clusters.append([i])
            self.sources.append({source})
        else:
            self.clusters[k].append(i)
            self.sources[k].add(source)


def _seen_order(gig: Gig, index: int) -> tuple[bool, float, int]:
    """Sort key: earliest first-seen first (unknown last), then input order."""
    seen = gig.first_seen
    return (seen is None, seen.timestamp() if seen else 0.0, index)


def dedupe(gigs: Sequence[Gig]) -> list[Gig]:
    """Merge duplicates across sources; keeps input order of the surviving rows.

    The merged row keeps the uid of its first-seen member (earliest ``first_seen``,
    ties broken by input order), sits where that member was, and lists every member
    in ``sources``. Fields the first-seen member lacks are filled from the others.
    """
    # client key -> block -> word list -> class; and block -> classes in creation order
    blocks: dict[tuple[str, tuple[str, ...]], dict[tuple[str, ...], _Class]] = defaultdict(dict)
    reps: dict[tuple[str, tuple[str, ...]], list[_Class]] = defaultdict(list)
    classes: list[_Class] = []
    client_keys: dict[str | None, str] = {}
    title_words: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i, gig in enumerate(gigs):
        key = client_keys.get(gig.client)
        if key is None:
            key = client_keys[gig.client] = client_key(gig.client)
        if not key:
            continue
        got = title_words.get(gig.title)
        if got is None:
            words = _words(gig.title)
            got = title_words[gig.title] = (words, _block(words))
        words, block = got
        where = (key, block)
        known = blocks[where]
        cls = known.get(words)
        if cls is None:
            candidates = reps[where]
            if len(known) < MAX_FUZZY_KEYS:
                cls = next((c for c in candidates if _similar(words, c.words)), None)
            if cls is None:
                cls = _Class(words)
                candidates.append(cls)
                classes.append(cls)
            known[words] = cls
        cls.add(i, gig.source)
    absorbed: dict[int, list[int]] = {}
    dropped: set[int] = set()
    for cls in classes:
        for cluster in cls.clusters:
            if len(cluster) < 2:
                continue
            ordered = sorted(cluster, key=lambda j: _seen_order(gigs[j], j))
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

"""Evaluate a parsed query against gigs, fast.

``SearchIndex`` folds every gig once (text casefolded, numbers as floats with NaN for
unknown), so a query is a handful of list comprehensions over columns instead of a
Python function call per gig and term. Evaluation works on sorted lists of row
numbers: an AND narrows the candidates child by child (cheap qualifiers first), an OR
unions, a NOT subtracts. Free words also carry relevance scores:

=========================  =======
where the word matched      score
=========================  =======
title (exact)               8
client/agent/skills/tags    4
description                 2
fuzzy (short fields only)   0.5–1
=========================  =======

Scores add up over the parts of an AND and the matching parts of an OR (a gig
holding both words of ``data or scientist`` ranks first); negated terms score nothing.

Semantics worth knowing:
- A comparison never matches a gig whose value is unknown; a negated comparison
  (``-rate>=80``) is NOT(match), so gigs with an unknown rate DO appear under it.
- Free words of 1–2 characters (``go``, ``r``, ``c#``) match whole words only; longer
  words match anywhere (``torch`` finds PyTorch). Words of 4+ characters that match
  nowhere exactly are tried fuzzily (optimal string alignment distance: 1 edit up to 8
  characters, 2 beyond; under 6 characters the first letter must agree) against the
  individual words of title, client, agent, skills and tags, never the description.
  Phrases are exact only.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import defaultdict, deque
from itertools import compress, filterfalse, repeat
from operator import add, contains, eq, ge, gt, le, lt
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

from ..errors import QueryError
from ..model import Gig
from ..money import MAN, Money
from ..record import record
from . import fields as F
from .parser import (And, Choice, Compare, Node, Not, Or, Phrase, Query, Skill, Text, Word,
                     parse, walk)

NAN = math.nan
INF = math.inf

SCORE_TITLE = 8.0
SCORE_SHORT = 4.0
SCORE_DESCRIPTION = 2.0
#: Fuzzy hits score their similarity (0–1) times this.
SCORE_FUZZY = 1.0

#: Shortest free word tried fuzzily.
FUZZY_MIN_LENGTH = 4

_TOKEN = re.compile(r"\w[\w+#]*")


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _text(value: object) -> str:
    """Folded, whitespace-squeezed text of any (possibly missing or odd) value."""
    if value is None:
        return ""
    return _squeeze(F.fold(value if isinstance(value, str) else str(value)))


def _ts(value: object) -> float:
    """A datetime as a UTC timestamp; NaN when missing or not a datetime."""
    if not isinstance(value, datetime):
        return NAN
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        return value.timestamp()
    except (OverflowError, OSError, ValueError):
        return NAN


def _bounds(lo: object, hi: object) -> tuple[float, float]:
    """Effective (low, high) of a range: an open end is ∓inf; fully unknown is NaN, NaN."""
    lo_f = float(lo) if isinstance(lo, (int, float)) and not isinstance(lo, bool) else None
    hi_f = float(hi) if isinstance(hi, (int, float)) and not isinstance(hi, bool) else None
    if lo_f is not None and math.isnan(lo_f):
        lo_f = None
    if hi_f is not None and math.isnan(hi_f):
        hi_f = None
    if lo_f is None and hi_f is None:
        return NAN, NAN
    return (lo_f if lo_f is not None else -INF), (hi_f if hi_f is not None else INF)


class _FoldMemo(dict):
    """str → ``_text(str)``, computed on first use."""

    def __missing__(self, key: str) -> str:
        value = self[key] = _text(key)
        return value


def _strings(values: object) -> list[str]:
    """The non-blank strings of a tuple field (tolerates None and stray types)."""
    if not values or isinstance(values, str):
        return [values] if isinstance(values, str) and values.strip() else []
    try:
        return [v for v in values if isinstance(v, str) and v.strip()]  # type: ignore[union-attr]
    except TypeError:
        return []


def _span_columns(spans: list) -> tuple[list[float], list[float]]:
    """Low and high columns of optional spans (see ``_bounds``)."""
    lo = [NAN] * len(spans)
    hi = [NAN] * len(spans)
    seen: dict[int, tuple[float, float]] = {}  # spans are often shared objects
    for i, span in enumerate(spans):
        if span is not None:
            bounds = seen.get(id(span))
            if bounds is None:
                bounds = seen[id(span)] = _bounds(getattr(span, "min", None),
                                                  getattr(span, "max", None))
            lo[i], hi[i] = bounds
    return lo, hi


def _per_hour(monthly: float, hours: float) -> float:
    if monthly != monthly or monthly in (INF, -INF):
        return monthly
    return float(round(monthly / hours))


@record(frozen=False)
class QueryContext:
    """What a query needs besides the gigs: money settings, the clock, the shortlist.

    ``fit_enabled`` is False until a ``[profile]`` exists; a ``fit`` term is then an error.
    ``fit_of`` (None = use ``gig.fit``) and ``checks_of`` serve fit comparisons and sorting;
    ``checks_of(uid)`` returns any comparable tuple (e.g. ``(ok, concern, ng)`` counts) or None.
    """

    money: Money
    now: datetime
    is_starred: Callable[[str], bool] = lambda uid: False
    status_of: Callable[[str], str | None] = lambda uid: None
    fit_enabled: bool = False
    fit_of: Callable[[str], float | None] | None = None
    checks_of: Callable[[str], tuple | None] = lambda uid: None


class SearchIndex:
    """Per-gig folded fields and numeric columns over one gig list.

    Build it again when the gigs or the ``[money]`` settings change. Each column is
    made the first time a query needs it (``warm()`` makes them all, e.g. in a
    background thread right after a load), so opening 100,000 gigs costs nothing here.
    Descriptions are never held: gigs read from the cache (``tui.gigstore.StoredGig``)
    are searched by the cache's SQLite table, others are folded on the first deep query.
    """

    #: Columns ``warm()`` builds (the fuzzy vocabulary stays lazy: built on first use).
    COLUMNS = ("uids", "head", "title_len", "client", "agent", "source", "remote", "form",
               "engagement", "is_new", "rate_lo", "hourly_lo", "days_lo", "posted",
               "skill_rows", "has_description")

    def __init__(self, gigs: Sequence[Gig], money: Money) -> None:
        self.gigs: Sequence[Gig] = gigs
        self.money = money
        self._n = len(gigs)
        self._lock = threading.RLock()
        self._memo = _FoldMemo()
        self._vocab: dict[str, list[int]] | None = None
        self._vocab_words: list[str] = []
        self._fuzzy_cache: dict[str, dict[int, float]] = {}

    def warm(self) -> None:
        """Build every column now (they are built on first use otherwise)."""
        for name in self.COLUMNS:
            getattr(self, name)

    def __getattr__(self, name: str):  # only called for columns not built yet
        builder = _BUILDERS.get(name)
        if builder is None:
            raise AttributeError(name)
        with self._lock:
            if name in self.__dict__:  # another thread built it meanwhile
                return self.__dict__[name]
            for attr, value in builder(self).items():
                self.__dict__[attr] = value
            return self.__dict__[name]

    # ------------------------------------------------------------------ columns

    #: Recent ``head_hits`` results kept (typing extends a word: "pytorc" → "pytorch").
    HIT_CACHE = 8

    def _kept_hits(self, kind: str, word: str,
                   find: Callable[[list[int] | None], list[int]]) -> list[int]:
        """``find(base)`` for ``word``, kept per word (the last ``HIT_CACHE`` words):
        ``base`` is the smallest kept result of a word inside ``word`` (typing extends
        a word: "pytorc" → "pytorch"), or None to look through every row."""
        cache = self.__dict__.setdefault(kind, {})
        got = cache.get(word)
        if got is None:
            base = None
            for key, rows in list(cache.items()):
                if key in word and (base is None or len(rows) < len(base)):
                    base = rows
            got = find(base)
        else:
            del cache[word]
        cache[word] = got
        while len(cache) > self.HIT_CACHE:
            del cache[next(iter(cache))]
        return list(got)

    def head_hits(self, word: str) -> list[int]:
        """Rows whose short fields (``head``) hold ``word`` (folded), ascending.

        A word holding a recently searched word is only looked for among that word's
        hits, so each keystroke of a word scans fewer rows.
        """
        head = self.head

        def find(base: list[int] | None) -> list[int]:
            if base is None:
                return list(compress(_all(len(head)), map(contains, head, repeat(word))))
            return list(compress(base, map(contains, map(head.__getitem__, base), repeat(word))))

        return self._kept_hits("_hits", word, find)

    def title_hits(self, word: str) -> list[int]:
        """Rows whose title holds ``word`` (folded), ascending: a subset of ``head_hits``,
        looked for among a recent shorter word's title hits when there is one."""
        head, title_len = self.head, self.title_len

        def find(base: list[int] | None) -> list[int]:
            rows = self.head_hits(word) if base is None else base
            found = map(str.find, map(head.__getitem__, rows), repeat(word), repeat(0),
                        map(title_len.__getitem__, rows))
            return list(compress(rows, map((-1).__ne__, found)))  # in C, row by row

        return self._kept_hits("_title_hits", word, find)

    def forget(self, word: str) -> None:
        """Drop the kept hits of ``word`` (the benchmark times a keystroke as it is typed
        the first time: the shorter word's hits kept, this word's not)."""
        for kind in ("_hits", "_title_hits"):
            self.__dict__.get(kind, {}).pop(_text(word), None)

    def _short(self, value: object) -> str:
        """``_text`` memoized: clients, agents, skills and tags repeat a lot."""
        return self._memo[value] if value.__class__ is str else _text(value)

    def rows_with(self, field: str, value: str) -> Rows:
        """Ascending rows whose ``remote`` or ``form`` is ``value`` (kept: a qualifier
        then costs a list copy, not a scan of every gig). Do not modify the result."""
        postings = self.__dict__.get(f"_{field}_rows")
        if postings is None:
            with self._lock:
                postings = self.__dict__.get(f"_{field}_rows")
                if postings is None:
                    postings = {}
                    for i, x in enumerate(getattr(self, field)):
                        postings.setdefault(x, []).append(i)
                    self.__dict__[f"_{field}_rows"] = postings
        return postings.get(value, [])

    def _build_head(self) -> dict[str, object]:
        memo = self._memo
        head: list[str] = []
        title_len: list[int] = []
        #: (skills, tags) -> their folded lines: gigs share these tuples a lot
        rest: dict[tuple[object, object], str] = {}
        normalize = unicodedata.normalize
        for g, c, a in zip(self.gigs, self.client, self.agent):
            title = g.title
            if title.__class__ is str:
                t = " ".join((title.lower() if title.isascii()
                              else normalize("NFKC", title).casefold()).split())
            else:
                t = _text(title)
            skills, tags = g.skills, g.tags
            try:
                tail = rest.get((skills, tags))
            except TypeError:  # unhashable (odd input): no memo
                tail = None
                skills, tags = tuple(_strings(skills)), tuple(_strings(tags))
            if tail is None:
                parts = [memo[x] for x in _strings(skills)]
                parts.extend(memo[x] for x in _strings(tags))
                tail = "\n".join(parts)
                rest[(skills, tags)] = tail
            head.append(f"{t}\n{c}\n{a}\n{tail}" if tail else f"{t}\n{c}\n{a}")
            title_len.append(len(t))
        return {"head": head, "title_len": title_len}

    def _build_title(self) -> dict[str, object]:
        return {"title": [h[:n] for h, n in zip(self.head, self.title_len)]}

    def _build_who(self) -> dict[str, object]:
        short = self._short
        return {"client": [short(g.client) for g in self.gigs],
                "agent": [short(g.agent) for g in self.gigs]}

    def _build_short(self) -> dict[str, object]:
        return {"short": [h[n + 1:] for h, n in zip(self.head, self.title_len)]}

    def _build_enums(self) -> dict[str, object]:
        gigs = self.gigs
        return {
            "uids": [str(g.uid) for g in gigs],
            "remote": [g.remote if isinstance(g.remote, str) else "unknown" for g in gigs],
            "form": [g.contract_form if isinstance(g.contract_form, str) else "unknown"
                     for g in gigs],
            "engagement": [tuple(g.engagement or ()) for g in gigs],
            "is_new": [bool(g.is_new) for g in gigs],
        }

    def _build_source(self) -> dict[str, object]:
        from ..gigstore import other_sources

        short = self._short
        out = []
        for g in self.gigs:
            refs = other_sources(g)
            if not refs:
                out.append(short(g.source) if g.source else "")
                continue
            out.append("\n".join(dict.fromkeys(
                short(x) for x in [g.source, *(getattr(r, "source", "") for r in refs)] if x)))
        return {"source": out}

    def _build_rates(self) -> dict[str, object]:
        lo, hi = _span_columns([g.monthly_jpy for g in self.gigs])
        hours = float(self.money.hours_per_month) or 160.0
        per_hour: dict[float, float] = {}

        def hourly(x: float) -> float:
            v = per_hour.get(x)
            if v is None:
                v = per_hour[x] = _per_hour(x, hours)
            return v

        return {"rate_lo": lo, "rate_hi": hi,
                #: JPY / hour, rounded like ``money.hourly_jpy``
                "hourly_lo": [hourly(x) for x in lo], "hourly_hi": [hourly(x) for x in hi]}

    def _build_days(self) -> dict[str, object]:
        lo, hi = _span_columns([g.days_per_week for g in self.gigs])
        return {"days_lo": lo, "days_hi": hi}

    def _build_posted(self) -> dict[str, object]:
        from ..gigstore import timestamps

        try:
            stamps = timestamps(self.gigs, "posted_at")
        except TypeError:  # not Gig instances (duck-typed rows)
            stamps = [_ts(g.posted_at) for g in self.gigs]
            return {"posted": stamps}
        return {"posted": [NAN if t is None or t != t else t for t in stamps]}

    def _build_skills(self) -> dict[str, object]:
        skill_rows: dict[str, list[int]] = {}
        keys: dict[str, tuple[str, ...]] = {}
        memo = self._memo
        for i, g in zip(row_numbers(self._n), self.gigs):
            skills = g.skills
            if not skills:
                continue
            for skill in _strings(skills):
                both = keys.get(skill)
                if both is None:
                    both = keys[skill] = tuple(dict.fromkeys((F.skill_key(skill), memo[skill])))
                for k in both:
                    rows = skill_rows.get(k)
                    if rows is None:
                        skill_rows[k] = [i]
                    elif rows[-1] != i:
                        rows.append(i)
        return {"skill_rows": skill_rows}

    def _build_descriptions(self) -> dict[str, object]:
        from ..gigstore import StoredGig, description_ref

        refs = [description_ref(g) if isinstance(g, Gig) else getattr(g, "description", "")
                for g in self.gigs]
        store = None
        #: description id -> row (rows sharing an id, rare, are in ``more``)
        by_id: dict[int, int] = {}
        more: dict[int, list[int]] = {}
        for i, g, r in zip(row_numbers(self._n), self.gigs, refs):
            if r.__class__ is int:
                if store is None and isinstance(g, StoredGig):
                    store = type(g)._store
                if r in by_id:
                    more.setdefault(r, []).append(i)
                else:
                    by_id[r] = i
        return {"_desc_refs": refs, "_desc_store": store, "_desc_rows": by_id,
                "_desc_more": more,
                "has_description": [r.__class__ is int or bool(r) for r in refs]}

    def _build_folded_descriptions(self) -> dict[str, object]:
        """Folded descriptions of the gigs holding theirs in memory ("" for the others)."""
        return {"_desc_folded": [_text(r) if r.__class__ is str else ""
                                 for r in self._desc_refs]}

    def _build_full_descriptions(self) -> dict[str, object]:
        """Every folded description (reads the stored ones too: for small lists only)."""
        return {"description": [_text(g.description) for g in self.gigs]}

    def description_rows(self, word: str, search: Callable[[str], object] | None,
                         cand: Sequence[int] | None) -> list[int]:
        """Rows (of ``cand``, ascending) whose description holds ``word`` (folded);
        ``search`` is the whole-word test for short words."""
        rows: set[int] = set()
        store = self._desc_store
        if store is not None and self._desc_rows:
            by_id, more = self._desc_rows, self._desc_more
            for desc_id in store.search(word, search):
                row = by_id.get(desc_id)
                if row is not None:
                    rows.add(row)
                    if more:
                        rows.update(more.get(desc_id, ()))
        if any(r.__class__ is str and r for r in self._desc_refs):
            folded = self._desc_folded
            if search is not None:
                rows.update(i for i, s in enumerate(folded) if s and search(s))
            else:
                rows.update(i for i, s in enumerate(folded) if s and word in s)
        if cand is None:
            return sorted(rows)
        return [i for i in cand if i in rows]

    def __len__(self) -> int:
        return self._n

    # ----------------------------------------------------------------- fuzzy

    def _build_vocab(self) -> None:
        # word -> its row (an int) or rows (a list): most words of 100,000 titles (ids,
        # numbers) occur once, and a one-element list per word costs megabytes.
        vocab: dict[str, Any] = {}
        findall = _TOKEN.findall
        shortest = FUZZY_MIN_LENGTH - 1
        for i, text in zip(row_numbers(self._n), self.head):
            for word in set(findall(text)):
                if len(word) >= shortest:
                    got = vocab.get(word)
                    if got is None:
                        vocab[word] = i
                    elif got.__class__ is int:
                        vocab[word] = [got, i]
                    else:
                        got.append(i)
        self._vocab = vocab
        self._vocab_words = list(vocab)

    def fuzzy_rows(self, word: str) -> dict[int, float]:
        """Rows whose short fields hold a word within the typo budget of ``word``, with
        the best similarity (0–1). ``word`` must be folded."""
        cached = self._fuzzy_cache.get(word)
        if cached is not None:
            return cached
        if self._vocab is None:
            self._build_vocab()
        assert self._vocab is not None
        budget = 1 if len(word) <= 8 else 2
        rows: dict[int, float] = {}
        if len(word) >= FUZZY_MIN_LENGTH:
            from rapidfuzz import process  # imported on the first fuzzy look-up
            from rapidfuzz.distance import OSA

            hits = process.extract(word, self._vocab_words, scorer=OSA.distance,
                                   score_cutoff=budget, limit=None)
            for token, distance, _ in hits:
                if distance == 0:
                    continue  # exact words are found by the exact pass
                if len(word) < 6 and token[0] != word[0]:
                    continue
                similarity = 1.0 - distance / max(len(word), len(token))
                where = self._vocab[token]
                for r in ((where,) if where.__class__ is int else where):
                    if rows.get(r, -1.0) < similarity:
                        rows[r] = similarity
        if len(self._fuzzy_cache) > 256:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[word] = rows
        return rows


_BUILDERS: dict[str, Callable[[SearchIndex], dict[str, object]]] = {}
for _builder, _names in (
    (SearchIndex._build_head, ("head", "title_len")),
    (SearchIndex._build_title, ("title",)),
    (SearchIndex._build_short, ("short",)),
    (SearchIndex._build_who, ("client", "agent")),
    (SearchIndex._build_enums, ("uids", "remote", "form", "engagement", "is_new")),
    (SearchIndex._build_source, ("source",)),
    (SearchIndex._build_rates, ("rate_lo", "rate_hi", "hourly_lo", "hourly_hi")),
    (SearchIndex._build_days, ("days_lo", "days_hi")),
    (SearchIndex._build_posted, ("posted",)),
    (SearchIndex._build_skills, ("skill_rows",)),
    (SearchIndex._build_descriptions, ("_desc_refs", "_desc_store", "_desc_rows",
                                       "_desc_more", "has_description")),
    (SearchIndex._build_folded_descriptions, ("_desc_folded",)),
    (SearchIndex._build_full_descriptions, ("description",)),
):
    for _name in _names:
        _BUILDERS[_name] = _builder
del _builder, _names, _name


# --------------------------------------------------------------------------- evaluation

Rows = list[int]
Scores = dict[int, float]


def _cost(node: Node) -> int:
    """Rough cost rank, so an AND evaluates cheap, narrowing terms first."""
    if isinstance(node, (Word, Phrase)):
        return 2
    if isinstance(node, Not):
        return _cost(node.child)
    if isinstance(node, (And, Or)):
        return max(_cost(c) for c in node.children)
    if isinstance(node, Choice) and node.field in ("remote", "form"):
        return -1  # a kept posting list: no scan at all
    return 0


def check_query(query: Query, ctx: QueryContext) -> None:
    """Raise ``QueryError`` for terms the context cannot serve (``fit`` without a profile)."""
    for node in walk(query.root):
        if isinstance(node, Compare) and node.field == "fit" and not ctx.fit_enabled:
            raise QueryError(query.text, node.pos,
                             "fit needs a [profile] in the config (skills, min_rate, remote...)")


class _Evaluator:
    """One evaluation of one query over one index (caches context look-ups)."""

    def __init__(self, index: SearchIndex, ctx: QueryContext, deep: bool) -> None:
        self.ix = index
        self.ctx = ctx
        self.deep = deep
        self._cache: dict[str, list] = {}

    def column(self, name: str) -> list:
        """Context-dependent columns, computed once per evaluation."""
        col = self._cache.get(name)
        if col is not None:
            return col
        ix, ctx = self.ix, self.ctx
        if name == "starred":
            col = [bool(ctx.is_starred(u)) for u in ix.uids]
        elif name == "status":
            col = [ctx.status_of(u) for u in ix.uids]
        elif name == "fit":
            if ctx.fit_of is not None:
                values = [ctx.fit_of(u) for u in ix.uids]
            else:
                values = [g.fit for g in ix.gigs]
            col = [float(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                   else NAN for v in values]
        else:  # pragma: no cover - programming error
            raise KeyError(name)
        self._cache[name] = col
        return col

    def all_rows(self, cand: Rows | None) -> Rows:
        return row_numbers(len(self.ix)) if cand is None else cand

    # ------------------------------------------------------------------ nodes

    def select(self, node: Node, cand: Rows | None) -> tuple[Rows, Scores | None]:
        """The rows of ``cand`` (None = all) where ``node`` holds, ascending, + scores."""
        if isinstance(node, And):
            return self._and(node, cand)
        if isinstance(node, Or):
            return self._or(node, cand)
        if isinstance(node, Not):
            inner, _ = self.select(node.child, cand)
            drop = set(inner)
            return [i for i in self.all_rows(cand) if i not in drop], None
        if isinstance(node, (Word, Phrase)):
            return self._words(node, cand)
        return self._filter(node, cand), None

    def _and(self, node: And, cand: Rows | None) -> tuple[Rows, Scores | None]:
        total: Scores = {}
        rows = cand
        for child in sorted(node.children, key=_cost):
            rows, scores = self.select(child, rows)
            if scores:
                for r, s in scores.items():
                    total[r] = total.get(r, 0.0) + s
            if not rows:
                return [], None
        assert rows is not None
        if not total:
            return rows, None
        return rows, {r: total[r] for r in rows if r in total}

    def _or(self, node: Or, cand: Rows | None) -> tuple[Rows, Scores | None]:
        found: set[int] = set()
        best: Scores = {}
        for child in node.children:
            rows, scores = self.select(child, cand)
            found.update(rows)
            if scores:
                for r, s in scores.items():
                    best[r] = best.get(r, 0.0) + s
        return sorted(found), (best or None)

    def _words(self, node: Word | Phrase, cand: Rows | None) -> tuple[Rows, Scores | None]:
        ix = self.ix
        word = _text(node.text)
        if not word:
            return self.all_rows(cand), None
        search: Callable[[str], object] | None = None
        if len(word) <= 2:  # whole words only: `go` must not match "algorithm"
            search = re.compile(r"(?<![0-9a-z])" + re.escape(word) + r"(?![0-9a-z])").search

        def hits(col: list[str]) -> Rows:
            if search is not None:
                if cand is None:
                    return [i for i, s in enumerate(col) if search(s)]
                return [i for i in cand if search(col[i])]
            # contains() mapped in C: no Python-level step per gig
            if cand is None:
                if col is ix.head:
                    return ix.head_hits(word)
                return list(compress(_all(len(col)), map(contains, col, repeat(word))))
            return list(compress(cand, map(contains, map(col.__getitem__, cand), repeat(word))))

        scores: Scores = {}
        if self.deep:
            scores.update(dict.fromkeys(ix.description_rows(word, search, cand),
                                        SCORE_DESCRIPTION))
        title_len = ix.title_len
        head = ix.head
        if search is not None:
            for i in hits(head):
                scores[i] = SCORE_TITLE if search(head[i], 0, title_len[i]) else SCORE_SHORT
        else:
            # A hit lies in the title when its first occurrence ends within the title.
            # Every step is mapped in C: no Python-level step per matching gig.
            rows = hits(head)
            if cand is None:
                in_title: Iterable[int] = ix.title_hits(word)
            else:
                found = map(str.find, map(head.__getitem__, rows), repeat(word), repeat(0),
                            map(title_len.__getitem__, rows))
                in_title = compress(rows, map((-1).__ne__, found))
            if scores:
                scores.update(dict.fromkeys(rows, SCORE_SHORT))
            else:
                scores = dict.fromkeys(rows, SCORE_SHORT)
            scores.update(dict.fromkeys(in_title, SCORE_TITLE))
        if self.deep and isinstance(node, Word) and len(word) >= FUZZY_MIN_LENGTH:
            fuzzy = ix.fuzzy_rows(word)
            if fuzzy:
                allowed = None if cand is None else set(cand)
                for r, sim in fuzzy.items():
                    if r not in scores and (allowed is None or r in allowed):
                        scores[r] = SCORE_FUZZY * sim
        return sorted(scores), scores

    def _filter(self, node: Node, cand: Rows | None) -> Rows:
        """Rows where a qualifier or comparison holds (no relevance)."""
        ix = self.ix
        if isinstance(node, Text):
            value = _text(node.value)
            col = getattr(ix, {"client": "client", "agent": "agent", "title": "title",
                               "source": "source"}[node.field])
            return _where(col, lambda s: value in s, cand)
        if isinstance(node, Skill):
            rows = set(ix.skill_rows.get(F.skill_key(node.value), ()))
            rows.update(ix.skill_rows.get(_text(node.value), ()))
            return sorted(rows) if cand is None else [i for i in cand if i in rows]
        if isinstance(node, Choice):
            return self._choice(node, cand)
        if isinstance(node, Compare):
            return self._compare(node, cand)
        raise TypeError(f"cannot evaluate {node!r}")  # pragma: no cover

    def _choice(self, node: Choice, cand: Rows | None) -> Rows:
        ix, v = self.ix, node.value
        if node.field in ("remote", "form"):
            rows = ix.rows_with(node.field, v)
            return list(rows) if cand is None else _within(rows, cand, len(ix))
        if node.field == "type":
            return _where(ix.engagement, lambda e: v in e, cand)
        if node.field == "status":
            return _where(self.column("status"), lambda s: s == v, cand)
        if node.field == "is":
            col = self.column("starred") if v == "starred" else ix.is_new
            return _where(col, bool, cand)
        # has:
        if v == "rate":
            return _where(ix.rate_lo, _known, cand)
        if v == "days":
            return _where(ix.days_lo, _known, cand)
        if v == "posted":
            return _where(ix.posted, _known, cand)
        if v == "status":
            return _where(self.column("status"), lambda s: bool(s), cand)
        if v == "description":
            return _where(ix.has_description, bool, cand)
        attr = {"settlement": "settlement_hours", "payment": "payment", "skills": "skills"}[v]
        gigs = ix.gigs
        return [i for i in self.all_rows(cand) if getattr(gigs[i], attr)]

    def _compare(self, node: Compare, cand: Rows | None) -> Rows:
        ix, op, v = self.ix, node.op, node.value
        if node.field == "posted":
            now = _ts(self.ctx.now)
            if node.op == "=":  # age within [v, v + one unit)
                lo_t, hi_t = now - v - node.scale, now - v
                return _where(ix.posted, lambda t: lo_t < t <= hi_t, cand)
            # age OP v  <=>  posted (reversed OP) now - v
            edge = now - v
            flipped = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}[op]
            return _compare_cols(ix.posted, ix.posted, flipped, edge, cand)
        if node.field == "fit":
            col = self.column("fit")
            return _compare_cols(col, col, op, v, cand)
        prefix = {"rate": "rate", "hourly": "hourly", "days": "days"}[node.field]
        lo, hi = getattr(ix, prefix + "_lo"), getattr(ix, prefix + "_hi")
        if node.field == "rate":
            v = v * MAN
        return _compare_cols(lo, hi, op, v, cand)


def _known(x: float) -> bool:
    return x == x  # NaN is the one value not equal to itself


_ROWS: list[int] = []
_ROWS_LOCK = threading.Lock()


def row_numbers(n: int) -> list[int]:
    """``list(range(n))`` built from shared int objects: result lists of 100,000 rows
    then hold references, not 100,000 new ints each (2.8 MB a list)."""
    if len(_ROWS) < n:
        with _ROWS_LOCK:
            if len(_ROWS) < n:
                _ROWS.extend(range(len(_ROWS), n))
    return _ROWS[:n]


def _all(n: int) -> Iterable[int]:
    """The row numbers 0..n-1, shared (see ``row_numbers``)."""
    return row_numbers(n) if n > 256 else range(n)


def _where(col: list, pred: Callable, cand: Rows | None) -> Rows:
    if cand is None:
        return list(compress(_all(len(col)), map(pred, col)))
    return list(compress(cand, map(pred, map(col.__getitem__, cand))))


def _within(rows: Rows, cand: Rows, n: int) -> Rows:
    """The rows of ``cand`` that are in the ascending ``rows`` (of ``n``), in cand's order."""
    if len(cand) < 64:
        keep = set(rows)
        return [i for i in cand if i in keep]
    mask = bytearray(n)
    deque(map(mask.__setitem__, rows, repeat(1)), maxlen=0)  # in C: no per-row Python
    return list(compress(cand, map(mask.__getitem__, cand)))


def _equal(col: list, value: object, cand: Rows | None) -> Rows:
    """Rows whose ``col`` value equals ``value`` (compared in C)."""
    if cand is None:
        return list(compress(_all(len(col)), map(eq, col, repeat(value))))
    return list(compress(cand, map(eq, map(col.__getitem__, cand), repeat(value))))


_OPS = {">=": ge, ">": gt, "<=": le, "<": lt}


def _compare_cols(lo: list[float], hi: list[float], op: str, v: float,
                  cand: Rows | None) -> Rows:
    """The range rules: ``>=``/``>`` test the high end, ``<=``/``<`` the low end, ``=``
    both; open ends are ±inf and unknowns NaN (NaN compares false: never a match)."""
    if op == "=":
        rows = range(len(lo)) if cand is None else cand
        return [i for i in rows if lo[i] <= v <= hi[i]]
    col = hi if op in (">=", ">") else lo
    test = _OPS[op]
    if cand is None:
        return list(compress(_all(len(col)), map(test, col, repeat(v))))
    return list(compress(cand, map(test, map(col.__getitem__, cand), repeat(v))))


# --------------------------------------------------------------------------- public API


class Matcher:
    """A compiled query: ``matcher(gig)`` is None (no match) or a relevance score ≥ 0."""

    def __init__(self, query: Query, ctx: QueryContext) -> None:
        self.query = query
        self.ctx = ctx

    def __call__(self, gig: Gig) -> float | None:
        if self.query.root is None:
            return 0.0
        evaluator = _Evaluator(SearchIndex([gig], self.ctx.money), self.ctx, deep=True)
        rows, scores = evaluator.select(self.query.root, None)
        if not rows:
            return None
        return (scores or {}).get(0, 0.0)

    def scored(self, index: SearchIndex, within: Iterable[int] | None = None, *,
               deep: bool = True) -> list[tuple[int, float]]:
        """``(row, score)`` for every matching row of ``index`` (within ``within``),
        in index order."""
        n = len(index)
        cand = None if within is None else sorted(i for i in set(within) if 0 <= i < n)
        if self.query.root is None:
            rows: Rows = row_numbers(len(index)) if cand is None else cand
            return [(i, 0.0) for i in rows]
        rows, scores = self.ranked(index, cand, deep=deep)
        scores = scores or {}
        return list(zip(rows, map(scores.get, rows, repeat(0.0))))

    def ranked(self, index: SearchIndex, cand: Rows | None, *,
               deep: bool = True) -> tuple[Rows, Scores | None]:
        """The matching rows of ``index`` (within the ascending ``cand``), ascending, and
        their relevance scores (None when no free word scored)."""
        return _Evaluator(index, self.ctx, deep).select(self.query.root, cand)


def compile_query(query: Query | str, ctx: QueryContext) -> Matcher:
    """A ``Matcher`` for ``query``; raises ``QueryError`` when it does not parse or uses
    ``fit`` while ``ctx.fit_enabled`` is False."""
    if isinstance(query, str):
        query = parse(query)
    check_query(query, ctx)
    return Matcher(query, ctx)


def search(index: SearchIndex, query: str | Query, ctx: QueryContext, *,
           within: Sequence[int] | None = None, deep: bool = True) -> list[int]:
    """Indices of the gigs in ``index`` matching ``query`` (restricted to ``within``).

    Ranked by relevance (best first, ties in index order) when the query has free words,
    else in index order. ``deep=False`` is the instant pass for each keystroke: free
    words then match title, client, agent, skills and tags exactly, skipping the
    description and fuzzy matching; run ``deep=True`` after a pause for the full answer.
    Raises ``QueryError``.
    """
    matcher = compile_query(query, ctx)
    if matcher.query.root is None:  # everything, in index order
        n = len(index)
        return row_numbers(n) if within is None else sorted(
            i for i in set(within) if 0 <= i < n)
    root = matcher.query.root
    if not deep and within is None and isinstance(root, Word):
        word = _text(root.text)
        if len(word) > 2:
            # One word typed in the filter (the common keystroke): title hits, then the
            # other short-field hits, each in index order — the ranking below, without
            # scoring every row.
            title = index.title_hits(word)
            rows = index.head_hits(word)
            if len(title) == len(rows):
                return rows
            in_title = set(title)
            return title + list(filterfalse(in_title.__contains__, rows))
    n = len(index)
    cand = None if within is None else sorted(i for i in set(within) if 0 <= i < n)
    rows, scores = matcher.ranked(index, cand, deep=deep)
    if matcher.query.has_free_words and scores:
        # Best first; stable with reverse=True too, so ties keep index order. Rows an
        # `or` let in without a free word score 0.
        rank = defaultdict(float, scores)
        return sorted(rows, key=rank.__getitem__, reverse=True)
    return list(rows)  # never hand out a list the index keeps

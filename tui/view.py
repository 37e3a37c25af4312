"""What a view shows: ``[filters] always`` + a preset's query + the user's filter, sorted.

The app and ``gigs list`` both call :func:`select`, so the same query gives the same gigs
in both. Plain Python: no Textual.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Sequence

from .config.presets import find_preset  # noqa: F401  (kept here for callers)
from .errors import UsageError
from .model import Gig
from .query import QueryContext, SearchIndex, combine, parse, parse_sort, search, sort_indices
from .record import record

if TYPE_CHECKING:
    from .config import Config, Preset


@record(frozen=False)
class Selection:
    indices: list[int]
    query_text: str
    sort_keys: list
    #: True when free words were matched only in the short fields (``deep=False``):
    #: a deep pass (descriptions, fuzzy) may add rows.
    partial: bool = False


def query_for(config: "Config", preset: "Preset | None", query: str | None) -> str:
    """The full query text of a view: the always-filter, the preset's query, the user's."""
    parts = [config.always or "", preset.query if preset else "", query or ""]
    return combine(*[p for p in parts if p.strip()])


def select(
    index: SearchIndex,
    gigs: Sequence[Gig],
    config: "Config",
    ctx: QueryContext,
    *,
    preset: "Preset | None" = None,
    query: str | None = None,
    sort: str | Sequence[str] | None = None,
    deep: bool = True,
) -> Selection:
    """Indices of the gigs a view shows, in display order. QueryError on a bad query.

    ``deep=False`` matches free words in the short fields only (title, client, agent,
    skills, tags; no descriptions, no fuzzy): the instant first pass of a keystroke at
    100k gigs, completed by a deep pass off the UI thread.
    """
    text = query_for(config, preset, query)
    parsed = parse(text)
    indices = search(index, parsed, ctx, deep=deep)
    spec = sort if sort else (preset.sort if preset and preset.sort else None)
    keys = parse_sort(spec) if spec else []
    if keys:
        indices = sort_indices(gigs, indices, keys, ctx, index=index)
    elif not parsed.has_free_words:
        # Default order: newest first (relevance already orders free-word searches).
        indices = sort_indices(gigs, indices, parse_sort("-posted"), ctx, index=index)
    return Selection(indices, text, keys, partial=not deep and parsed.has_free_words)


def make_context(
    config: "Config",
    *,
    is_starred: Callable[[str], bool] | None = None,
    status_of: Callable[[str], str | None] | None = None,
    now: datetime | None = None,
) -> QueryContext:
    """The query context for this config (money, clock, shortlist look-ups)."""
    kwargs = {}
    if is_starred is not None:
        kwargs["is_starred"] = is_starred
    if status_of is not None:
        kwargs["status_of"] = status_of
    return QueryContext(
        money=config.money,
        now=now or datetime.now(timezone.utc),
        fit_enabled=config.profile is not None,  # fit comes from gig.fit (tui.fit.apply_fit)
        **kwargs,
    )

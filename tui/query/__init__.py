"""The filter language (parse, evaluate, rank) and sorting. No Textual here.

Typical use::

    index = SearchIndex(gigs, money)                 # once per gig list
    ctx = QueryContext(money=money, now=now, is_starred=..., status_of=...)
    rows = search(index, combine(always, preset.query, user_text), ctx)
    rows = sort_indices(gigs, rows, parse_sort("-rate"), ctx)
"""

from .evaluate import Matcher, QueryContext, SearchIndex, check_query, compile_query, search
from .fields import skill_key
from .parser import Query, combine, parse
from .sort import SortKey, format_sort, parse_sort, sort_indices, sort_value

__all__ = [
    "Matcher", "Query", "QueryContext", "SearchIndex", "SortKey", "check_query", "combine",
    "compile_query", "format_sort", "parse", "parse_sort", "search", "skill_key",
    "sort_indices", "sort_value",
]

"""The filter language (parse, evaluate, rank) and sorting. No Textual here.

The language (INTERFACES.md "The filter language"), in short:

- terms separated by spaces must all hold; ``or`` / ``OR`` between them (AND binds
  tighter: ``a b or c`` = ``(a b) or c``); ``( )`` groups; ``-`` negates any term,
  qualifier or group; ``"quoted phrase"``.
- free words match title, client, agent, skills, tags and description, case-insensitive
  (full-width folds to ASCII); 1–2 letter words (``go``, ``r``) match whole words only;
  4+ letter words also match typos in the short fields (``pyhton``); ranked title >
  other short fields > description > fuzzy.
- ``client:`` ``agent:`` ``title:`` ``source:`` substring; ``skill:`` a skill or alias;
  ``remote:`` ``form:`` ``type:`` ``status:`` ``is:starred|new``
  ``has:rate|days|settlement|payment|skills|description|posted|status`` (aliases in
  ``fields.ENUM_VALUES``); qualifier names and values are case-insensitive.
- ``rate`` (万円/month), ``hourly`` (JPY/h, ``5k`` ok), ``days``, ``fit`` (needs a
  profile), ``posted`` (age: ``30m``, ``12h``, ``7d``, ``2w``; bare number = days) with
  ``> >= < <= =`` (also ``rate:>=80``; ``rate:80`` = ``rate=80``). Ranges: ``>=``/``>``
  test the top, ``<=``/``<`` the bottom, ``=`` containment; open ends are unbounded;
  unknown values never match, so ``-rate>=80`` includes gigs with no rate.
  ``posted=2d`` = between 2 and 3 days old.

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

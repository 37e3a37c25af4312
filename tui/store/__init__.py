"""The local store: the shortlist, the pre-contract checklist and the safe writer.

Plain Python (no Textual). ``atomic`` is the safe writer other user files reuse;
``shortlist`` the TOML-backed shortlist; ``checklist`` the item/state/status tables;
``hints`` reads checklist hints from a listing; ``report`` renders a 契約前確認リスト.
"""

from __future__ import annotations

from .atomic import atomic_write_bytes, atomic_write_text, locked, update_toml
from .checklist import CHECK_ITEMS, STATES, STATUSES, parse_item, parse_state, parse_status
from .shortlist import Check, Entry, HistoryItem, Shortlist, Snapshot, default_path

__all__ = [
    "CHECK_ITEMS",
    "STATES",
    "STATUSES",
    "Check",
    "Entry",
    "HistoryItem",
    "Shortlist",
    "Snapshot",
    "atomic_write_bytes",
    "atomic_write_text",
    "default_path",
    "locked",
    "parse_item",
    "parse_state",
    "parse_status",
    "update_toml",
]

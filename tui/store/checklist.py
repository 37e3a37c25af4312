"""The pre-contract checklist (契約前チェックリスト), its states and the status pipeline.

Ids are stable (they are keys in shortlist.toml and CLI arguments); labels come in Japanese
and English. ``parse_item`` / ``parse_state`` / ``parse_status`` turn user input (an id, a
label, or for states a symbol) into the id, or raise ``UsageError`` listing valid values.
"""

from __future__ import annotations


from ..errors import UsageError
from ..record import record

__all__ = [
    "CHECK_ITEMS",
    "CHECK_IDS",
    "CheckItem",
    "STATES",
    "STATE_IDS",
    "StateDef",
    "STATUSES",
    "STATUS_IDS",
    "StatusDef",
    "item",
    "state",
    "status",
    "parse_item",
    "parse_state",
    "parse_status",
    "label",
]


@record
class CheckItem:
    """One checklist item: id, labels and what to confirm."""

    id: str
    label_ja: str
    label_en: str
    confirm_ja: str
    confirm_en: str

    def label(self, lang: str = "ja") -> str:
        return self.label_en if lang == "en" else self.label_ja

    def confirm(self, lang: str = "ja") -> str:
        return self.confirm_en if lang == "en" else self.confirm_ja


@record
class StateDef:
    """A check state: id, labels and a one-character symbol."""

    id: str
    label_ja: str
    label_en: str
    symbol: str

    def label(self, lang: str = "ja") -> str:
        return self.label_en if lang == "en" else self.label_ja


@record
class StatusDef:
    """A pipeline status of a gig."""

    id: str
    label_ja: str
    label_en: str

    def label(self, lang: str = "ja") -> str:
        return self.label_en if lang == "en" else self.label_ja


CHECK_ITEMS: tuple[CheckItem, ...] = (
    CheckItem(
        "contract_form", "契約形態", "Contract form",
        "準委任か請負か。報酬の支払われ方と時期が決まる",
        "Quasi-mandate or contract for work: it decides how and when you are paid",
    ),
    CheckItem(
        "scope", "業務内容", "Scope of work",
        "業務の範囲を正確に。想定外の作業を追加されないように",
        "The exact scope, so unplanned work is not slipped in",
    ),
    CheckItem(
        "fee", "報酬", "Fee",
        "金額、支払方法、時間単価か案件単価か、計算方法",
        "Amount, method, hourly vs per project, how it is computed",
    ),
    CheckItem(
        "expenses", "報酬以外の経費", "Expenses",
        "交通費・機材・通信費などの経費が支払われるか",
        "Whether expenses (travel, equipment, network) are paid",
    ),
    CheckItem(
        "hours", "稼働時間", "Working hours",
        "週の最低稼働日数、精算幅",
        "Minimum days per week, settlement range",
    ),
    CheckItem(
        "settlement", "精算幅外の控除・超過", "Below / above the settlement range",
        "精算幅を下回った・上回ったときの控除と超過の扱い",
        "What happens below / above the settlement range (deduction, extra pay)",
    ),
    CheckItem(
        "payment_date", "報酬の支払日", "Payment date",
        "締め日、支払日、検収期間",
        "Closing day, pay day, acceptance period",
    ),
    CheckItem(
        "term", "契約期間・更新", "Term and renewal",
        "契約期間、更新、自動更新の条件",
        "Length, renewal, automatic renewal terms",
    ),
    CheckItem(
        "liability", "損害賠償", "Liability",
        "賠償の上限・期間・発生条件（情報漏えい、知的財産、秘密保持違反）",
        "Cap, period and triggers of damages (leaks, IP, NDA breach)",
    ),
    CheckItem(
        "unfavorable", "不利な内容の記載", "Unfavourable clauses",
        "押し返すべき条項（契約終了後の全額賠償、振込手数料の負担、検収期間なし など）",
        "Clauses to push back on (liability after the end, transfer fees, no acceptance period...)",
    ),
    CheckItem(
        "nda", "秘密保持契約", "NDA",
        "秘密保持契約が必要か、その対象範囲",
        "Whether an NDA is required and what it covers",
    ),
)

CHECK_IDS: tuple[str, ...] = tuple(i.id for i in CHECK_ITEMS)

STATES: tuple[StateDef, ...] = (
    StateDef("todo", "未確認", "To check", "·"),
    StateDef("ok", "確認済", "OK", "✓"),
    StateDef("concern", "要確認・交渉", "Concern", "⚠"),
    StateDef("ng", "NG", "NG", "✗"),
)

STATE_IDS: tuple[str, ...] = tuple(s.id for s in STATES)

STATUSES: tuple[StatusDef, ...] = (
    StatusDef("interested", "興味あり", "Interested"),
    StatusDef("applied", "応募済", "Applied"),
    StatusDef("interviewing", "面談中", "Interviewing"),
    StatusDef("offered", "オファー", "Offered"),
    StatusDef("contracted", "契約済", "Contracted"),
    StatusDef("declined", "辞退", "Declined"),
    StatusDef("rejected", "見送り", "Rejected"),
)

STATUS_IDS: tuple[str, ...] = tuple(s.id for s in STATUSES)

_ITEMS = {i.id: i for i in CHECK_ITEMS}
_STATES = {s.id: s for s in STATES}
_STATUSES = {s.id: s for s in STATUSES}


def item(item_id: str) -> CheckItem:
    """The checklist item with this id (``KeyError`` when unknown; see ``parse_item``)."""
    return _ITEMS[item_id]


def state(state_id: str) -> StateDef:
    """The state with this id (``KeyError`` when unknown; see ``parse_state``)."""
    return _STATES[state_id]


def status(status_id: str) -> StatusDef:
    """The status with this id (``KeyError`` when unknown; see ``parse_status``)."""
    return _STATUSES[status_id]


def label(kind_id: str, lang: str = "ja") -> str:
    """The label of an item, state or status id (the id itself when unknown)."""
    for table in (_ITEMS, _STATES, _STATUSES):
        if kind_id in table:
            return table[kind_id].label(lang)
    return kind_id


def _norm(value: str) -> str:
    return value.strip().casefold().replace("-", "_").replace(" ", "_")


def _parse(value: object, what: str, defs: dict[str, object], aliases: dict[str, str]) -> str:
    if isinstance(value, str):
        key = _norm(value)
        if key in defs:
            return key
        if key in aliases:
            return aliases[key]
    valid = ", ".join(defs)
    raise UsageError(f"unknown {what} {value!r}: use one of {valid}")


def _aliases(defs: tuple, *, symbols: bool = False) -> dict[str, str]:
    out: dict[str, str] = {}
    for d in defs:
        out[_norm(d.label_ja)] = d.id
        out[_norm(d.label_en)] = d.id
        if symbols:
            out[d.symbol] = d.id
    return out


_ITEM_ALIASES = _aliases(CHECK_ITEMS)
_ITEM_ALIASES.update({"payment": "payment_date", "form": "contract_form", "expense": "expenses"})
_STATE_ALIASES = _aliases(STATES, symbols=True)
_STATE_ALIASES.update({
    "確認済み": "ok", "要確認": "concern", "交渉": "concern", "未": "todo", "x": "ng",
    "done": "ok", "warn": "concern", "no": "ng",
})
_STATUS_ALIASES = _aliases(STATUSES)


def parse_item(value: object) -> str:
    """A checklist item id from an id or a label (``UsageError`` lists the valid ids)."""
    return _parse(value, "checklist item", _ITEMS, _ITEM_ALIASES)


def parse_state(value: object) -> str:
    """A state id from an id, a label or a symbol (``UsageError`` lists the valid ids)."""
    return _parse(value, "check state", _STATES, _STATE_ALIASES)


def parse_status(value: object) -> str:
    """A status id from an id or a label (``UsageError`` lists the valid ids)."""
    return _parse(value, "status", _STATUSES, _STATUS_ALIASES)

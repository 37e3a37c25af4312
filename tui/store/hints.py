"""Checklist hints read from a listing: what the gig already says about each item.

``hints_for(gig, money)`` returns, for every checklist id, a list of ``Hint``s: the detected
contract form, the settlement range and the effective hourly rate it implies, the payment
terms and the days until pay, and red-flag phrases found in the description (full liability
after the contract ends, transfer fee on the freelancer, no acceptance period, unlimited
liability, no written contract, scope "その他付随業務"), each quoting the sentence it
matched. Hints inform; they never set a check's state.

The red-flag rules work sentence by sentence on an NFKC-normalised, lower-cased copy of the
description, so full-width text, word order and the many names of the freelancer
(乙 / 受注者 / 受託者 / 委託先 / フリーランス / the contractor ...) are all covered.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta
from typing import Literal

from ..model import Gig, Span
from ..money import Money, effective_hourly, hourly_jpy, man, monthly_jpy
from ..record import record
from .checklist import CHECK_IDS

__all__ = ["Hint", "RED_FLAGS", "RedFlag", "find_red_flags", "hints_for", "fmt_yen", "fmt_man"]

Level = Literal["info", "warn"]


@record
class Hint:
    """One line beside a checklist item. ``quote`` is the listing text it was read from."""

    text_ja: str
    text_en: str
    level: Level = "info"
    quote: str | None = None
    #: A stable id for red-flag hints (``RED_FLAGS`` keys), else None.
    flag: str | None = None

    def text(self, lang: str = "ja") -> str:
        return self.text_en if lang == "en" else self.text_ja

    def to_json(self) -> dict[str, object]:
        return {
            "text_ja": self.text_ja, "text_en": self.text_en, "level": self.level,
            "quote": self.quote, "flag": self.flag,
        }


# --------------------------------------------------------------------------- formatting


def _n(v: float) -> str:
    return f"{round(v):,}"


def fmt_yen(span: Span | None) -> str | None:
    """``4,444–5,714`` (or ``4,444〜`` / ``〜5,714``); None when unknown."""
    if span is None or (span.min is None and span.max is None):
        return None
    lo, hi = span.min, span.max
    if lo is not None and hi is not None:
        return _n(lo) if round(lo) == round(hi) else f"{_n(lo)}–{_n(hi)}"
    return f"{_n(lo)}〜" if lo is not None else f"〜{_n(hi)}"  # type: ignore[arg-type]


def _man1(v: float) -> str:
    m = man(v) or 0.0
    return f"{m:,.0f}" if abs(m - round(m)) < 0.05 else f"{m:,.1f}"


def fmt_man(span: Span | None) -> str | None:
    """JPY span as ``80–90`` 万円 (``〜100`` for an open low end); None when unknown."""
    if span is None or (span.min is None and span.max is None):
        return None
    lo, hi = span.min, span.max
    if lo is not None and hi is not None:
        return _man1(lo) if _man1(lo) == _man1(hi) else f"{_man1(lo)}–{_man1(hi)}"
    return f"{_man1(lo)}〜" if lo is not None else f"〜{_man1(hi)}"  # type: ignore[arg-type]


def _fmt_num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _fmt_range(lo: float | None, hi: float | None, en: bool = False) -> str | None:
    """``140–180``; open ends as ``140〜`` / ``〜180`` (English: ``140+`` / ``up to 180``)."""
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None:
        return _fmt_num(lo) if lo == hi else f"{_fmt_num(lo)}–{_fmt_num(hi)}"
    if lo is not None:
        return f"{_fmt_num(lo)}+" if en else f"{_fmt_num(lo)}〜"
    return f"up to {_fmt_num(hi)}" if en else f"〜{_fmt_num(hi)}"  # type: ignore[arg-type]


def _days_ja(dpw: Span) -> str:
    """``4〜5日`` / ``3日〜`` / ``〜2日`` / ``5日``."""
    lo, hi = dpw.min, dpw.max
    if lo is not None and hi is not None:
        return f"{_fmt_num(lo)}日" if lo == hi else f"{_fmt_num(lo)}〜{_fmt_num(hi)}日"
    return f"{_fmt_num(lo)}日〜" if lo is not None else f"〜{_fmt_num(hi)}日"  # type: ignore[arg-type]


def gig_monthly(gig: Gig, money: Money) -> Span | None:
    """The gig's JPY/month: derived with ``money`` from the rate, else the stored figure."""
    return monthly_jpy(gig.rate, money) or gig.monthly_jpy


# --------------------------------------------------------------------------- red flags

_PARTY = (
    r"(?:乙|受注者|受託者|業務受託者|委託先|受任者|請負人|フリーランス|個人事業主|ワーカー|"
    r"貴殿|貴方|あなた|the contractor|contractor|the freelancer|freelancer|the consultant|"
    r"consultant|the supplier|supplier|service provider|the vendor|vendor|you)"
)
_NEG = r"(?:負わない|負わず|負いません|免除|免責|求めない|請求しない|not be liable|no liability|not liable|shall not|will not be)"
_AFTER = (
    r"(?:契約(?:期間)?(?:の)?(?:終了|満了|解除|解約)(?:した|となった)?(?:後|以降)|"
    r"after (?:the )?(?:termination|expiration|expiry|end) of (?:the|this) (?:contract|agreement)|"
    r"after (?:the|this) (?:contract|agreement) (?:ends|has ended|is terminated|expires|terminates)|"
    r"(?:survive|survives) (?:the )?(?:termination|expiration) )"
)
_DAMAGE = r"(?:損害|damage|loss)"
_LIABLE = r"(?:賠償|補償|負担|責任を負|liab|compensat|indemnif)"
_FULL = r"(?:全額|一切|すべて|全て|全部|any and all|in full|full amount|all damages|all losses|entire)"
_UNLIMITED = (
    r"(?:上限(?:額)?(?:は|を)?(?:なし|無し|ない|ありません|を設けない|を設けず|は設けない|は設けず|"
    r"を定めない|は定めない|設けない)|上限なく|無制限|制限(?:は)?(?:なく|なし|無し|を設けない|を設けず)|"
    r"unlimited|uncapped|no (?:limit|cap)(?!ation)|without (?:any )?(?:limit|cap)(?!ation)|"
    r"not (?:be )?(?:limited|capped))"
)
_CAP = r"(?:上限|限度|を超えない|を超えないもの|まで(?:とする|を限度)|cap(?:ped)? (?:at|to)|limited to|shall not exceed|not to exceed|up to)"
_LIABILITY_WORD = r"(?:賠償|補償|liab|damages|indemnif)"
_FEE_WORD = r"(?:振込手数料|振り込み手数料|振込み手数料|送金手数料|transfer fees?|bank fees?|wire fees?|remittance fees?|bank charges?)"
_FEE_ON_US = (
    rf"(?:{_PARTY}(?:の|が|側|にて)?[^。、,]{{0,12}}?負担|"
    r"(?:差し引|差引|控除|deduct|subtract)|"
    rf"(?:borne|paid|covered|charged|payable) (?:by|to) {_PARTY}|"
    rf"{_PARTY} (?:shall |will |must |is to )?(?:bear|pay|cover)s?\b)"
)
_NO_ACCEPTANCE = (
    r"(?:検収(?:期間|期日)?(?:は|を|について)?(?:なし|無し|ない|設けない|設けず|設定しない|設定せず|"
    r"定めない|行わない|実施しない)|"
    r"no acceptance (?:period|testing|test|inspection|review)|without (?:an |any )?acceptance (?:period|testing|inspection)|"
    r"acceptance period:? *(?:none|n/a))"
)
_NO_CONTRACT = (
    r"(?:契約書(?:の)?(?:は|を)?(?:なし|無し|交わさない|締結しない|締結せず|作成しない|作成せず|取り交わさない|ありません)|"
    r"書面(?:での|による)?契約(?:は)?(?:なし|無し|しない|ありません)|口頭(?:での|による|のみの)?(?:契約|合意|約束)(?:のみ)?|"
    r"no written (?:contract|agreement)|verbal (?:agreement|contract)s? only|without a (?:written )?contract|"
    r"no (?:formal )?contract (?:will be|is) (?:signed|required))"
)
_INCIDENTAL = (
    r"(?:その他(?:[^。\n]{0,12}?)?付随(?:する)?(?:業務|作業)|その他[^。\n]{0,10}?(?:指示|必要と認め|依頼)する(?:業務|作業)|"
    r"(?:any )?other (?:related |incidental |ancillary )?(?:duties|tasks|work) as (?:assigned|required|directed|needed)|"
    r"(?:incidental|ancillary) (?:duties|tasks|work))"
)


@record
class RedFlag:
    """A clause to push back on: its id, labels and the checklist items it belongs to."""

    id: str
    items: tuple[str, ...]
    text_ja: str
    text_en: str


RED_FLAGS: dict[str, RedFlag] = {
    f.id: f
    for f in (
        RedFlag("post_contract_liability", ("liability", "unfavorable"),
                "契約終了後の損害まで賠償させる記載", "Liability for damage after the contract ends"),
        RedFlag("unlimited_liability", ("liability", "unfavorable"),
                "損害賠償の上限がない記載", "Unlimited liability (no cap on damages)"),
        RedFlag("transfer_fee", ("unfavorable", "fee"),
                "振込手数料を受注者が負担する記載", "Bank transfer fees borne by the freelancer"),
        RedFlag("no_acceptance_period", ("unfavorable", "payment_date"),
                "検収期間を設けない記載", "No acceptance period for deliverables"),
        RedFlag("no_written_contract", ("unfavorable", "contract_form"),
                "書面の契約を交わさない記載", "No written contract"),
        RedFlag("incidental_scope", ("unfavorable", "scope"),
                "「その他付随業務」など範囲が曖昧な業務内容", "Open-ended scope (\"other incidental work\")"),
    )
}


class _Text:
    """A normalised, lower-cased copy of a text that maps back to the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(original):
            for c in unicodedata.normalize("NFKC", ch).lower():
                chars.append(c)
                index.append(i)
        self.norm = "".join(chars)
        self.index = index

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) spans of sentences in ``norm``."""
        spans: list[tuple[int, int]] = []
        start = 0
        for m in re.finditer(r"[。!?！？\n]|\.(?:\s|$)|;\s", self.norm):
            end = m.end()
            if self.norm[start:end].strip():
                spans.append((start, end))
            start = end
        if self.norm[start:].strip():
            spans.append((start, len(self.norm)))
        return spans

    def quote(self, start: int, end: int, limit: int = 120) -> str:
        """The original text of a normalised span, trimmed and shortened."""
        if start >= len(self.index):
            return ""
        a = self.index[start]
        b = self.index[max(start, end - 1)] + 1
        q = " ".join(self.original[a:b].split())
        return q if len(q) <= limit else q[: limit - 1] + "…"


def _search(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(pattern, text, re.IGNORECASE)


def find_red_flags(description: str) -> list[tuple[str, str]]:
    """Red flags in a text: ``(flag id, quoted sentence)`` in order of appearance."""
    if not description or not description.strip():
        return []
    t = _Text(description)
    found: list[tuple[str, str]] = []
    seen: set[tuple[str, int]] = set()
    sentences = t.sentences()
    # A cap stated anywhere ("賠償額は報酬1ヶ月分を上限とする") cancels the "全額/一切" reading.
    capped = any(
        _search(_LIABILITY_WORD, t.norm[a:b]) and _search(_CAP, t.norm[a:b]) and not _search(_UNLIMITED, t.norm[a:b])
        for a, b in sentences
    )

    def add(flag: str, a: int, b: int) -> None:
        if (flag, a) not in seen:
            seen.add((flag, a))
            found.append((flag, t.quote(a, b)))

    for a, b in sentences:
        s = t.norm[a:b]
        negated = bool(_search(_NEG, s))
        post = bool(_search(_AFTER, s) and _search(_DAMAGE, s) and _search(_LIABLE, s)) and not negated
        if post:
            add("post_contract_liability", a, b)
        if _search(_LIABILITY_WORD, s) and not negated:
            if _search(_UNLIMITED, s):
                add("unlimited_liability", a, b)
            elif not post and not capped and _search(_FULL, s) and _search(_DAMAGE, s):
                add("unlimited_liability", a, b)
        if _search(_FEE_WORD, s) and _search(_FEE_ON_US, s):
            add("transfer_fee", a, b)
        if _search(_NO_ACCEPTANCE, s):
            add("no_acceptance_period", a, b)
        if _search(_NO_CONTRACT, s):
            add("no_written_contract", a, b)
        if _search(_INCIDENTAL, s):
            add("incidental_scope", a, b)
    return found


# --------------------------------------------------------------------------- hints

_FORMS = {
    "quasi_mandate": ("準委任契約", "quasi-mandate (準委任)"),
    "contract_for_work": ("請負契約", "contract for work (請負)"),
    "dispatch": ("派遣", "dispatch (派遣)"),
    "employment": ("雇用", "employment"),
}

_MENTIONS: dict[str, tuple[str, str, str]] = {
    # item: (pattern, ja prefix, en prefix)
    "expenses": (r"交通費|経費|実費|機材(?:貸与|支給)|pc(?:貸与|支給)|貸与pc|expenses?|reimburse|equipment",
                 "経費について記載", "Expenses mentioned"),
    "term": (r"契約期間|長期|短期|自動更新|更新|期間[:：]|[0-9]+ ?(?:ヶ月|か月|カ月)|"
             r"\b(?:duration|long[- ]term|short[- ]term|renewal|renewable|[0-9]+[- ]months?)\b",
             "期間について記載", "Term mentioned"),
    "nda": (r"秘密保持|機密保持|守秘義務|(?<![a-z])nda(?![a-z])|non-disclosure|confidential", "秘密保持について記載", "Confidentiality mentioned"),
}


def _mention_hints(t: _Text, pattern: str, ja: str, en: str, limit: int = 2) -> list[Hint]:
    out: list[Hint] = []
    for a, b in t.sentences():
        if _search(pattern, t.norm[a:b]):
            q = t.quote(a, b)
            out.append(Hint(f"{ja}: 「{q}」", f"{en}: \"{q}\"", "info", q))
            if len(out) >= limit:
                break
    return out


def _first_pay(today: date, site_days: int) -> date:
    """Starting today: the month closes at its end and pays ``site_days`` later."""
    close = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return close + timedelta(days=site_days)


def hints_for(gig: Gig, money: Money, today: date | None = None) -> dict[str, list[Hint]]:
    """Hints for every checklist id (``CHECK_IDS`` order; empty lists where none).

    ``today`` adds the concrete first pay date for work starting that day; without it the
    output depends on the gig and ``money`` only (reports stay reproducible).
    """
    out: dict[str, list[Hint]] = {k: [] for k in CHECK_IDS}

    # contract form
    form = gig.contract_form or "unknown"
    if form in _FORMS:
        ja, en = _FORMS[form]
        out["contract_form"].append(Hint(f"掲載の契約形態: {ja}", f"Listed contract form: {en}"))
        if form == "contract_for_work":
            out["contract_form"].append(Hint(
                "請負は成果物の検収後に支払い。検収期間と不合格時の扱いを確認",
                "Contract for work is paid after acceptance: confirm the acceptance period and what a rejection means",
                "warn"))
            out["payment_date"].append(Hint(
                "請負: 支払いは検収後。検収で1か月ほど遅れることがある",
                "Contract for work: pay waits for acceptance, which can add about a month",
                "warn"))
        elif form in ("dispatch", "employment"):
            out["contract_form"].append(Hint(
                "業務委託ではない契約形態の可能性", "This may not be a freelance (業務委託) contract", "warn"))
    else:
        out["contract_form"].append(Hint(
            "契約形態の記載なし（準委任か請負か確認）",
            "No contract form listed (ask: quasi-mandate or contract for work?)", "warn"))

    # fee
    monthly = gig_monthly(gig, money)
    if gig.rate is not None and gig.rate.raw:
        out["fee"].append(Hint(f"掲載の報酬: {gig.rate.raw}", f"Listed rate: {gig.rate.raw}", quote=gig.rate.raw))
    m = fmt_man(monthly)
    if m:
        hours = _fmt_num(money.hours_per_month)
        hourly = fmt_yen(hourly_jpy(monthly, money))
        ja = f"月額 {m} 万円"
        en = f"{m} 万円 (×10,000 JPY) per month"
        if hourly:
            ja += f"（{hourly} 円/h、{hours}h/月換算）"
            en += f" ({hourly} JPY/h at {hours} h/month)"
        out["fee"].append(Hint(ja, en))
    elif gig.rate is not None and gig.rate.period == "project":
        out["fee"].append(Hint("案件単価（月額換算なし）", "Per-project price (no monthly equivalent)"))
    elif gig.rate is None:
        out["fee"].append(Hint("報酬の記載なし", "No rate listed", "warn"))

    # hours and settlement
    dpw = gig.days_per_week
    if dpw is not None and (dpw.min is not None or dpw.max is not None):
        out["hours"].append(Hint(f"週{_days_ja(dpw)}", f"{_fmt_range(dpw.min, dpw.max, en=True)} days per week"))
    st = gig.settlement_hours
    eff = effective_hourly(monthly, st)
    if st is not None and st.fixed:
        for item in ("hours", "settlement"):
            out[item].append(Hint("精算なし（固定）", "No settlement range (fixed fee)"))
    elif st is not None and (st.min is not None or st.max is not None):
        ja = f"精算幅 {_fmt_range(st.min, st.max)}h"
        en = f"Settlement range {_fmt_range(st.min, st.max, en=True)} h"
        e = fmt_yen(eff)
        if e:
            ja += f"、実質時給 {e} 円/h"
            en += f", effective {e} JPY/h"
        out["hours"].append(Hint(ja, en))
        settle_ja, settle_en = [], []
        if st.min is not None:
            settle_ja.append(f"{_fmt_num(st.min)}h未満は控除")
            settle_en.append(f"below {_fmt_num(st.min)} h the fee is reduced")
        if st.max is not None:
            settle_ja.append(f"{_fmt_num(st.max)}h超は超過精算")
            settle_en.append(f"above {_fmt_num(st.max)} h extra is paid")
        ja, en = "、".join(settle_ja), "; ".join(settle_en)
        fee = monthly.min if monthly and monthly.min is not None and monthly.min == monthly.max else None
        if fee is not None and st.min and st.max:
            ja += f"（上下割の目安: 控除 {_n(fee / st.min)} 円/h、超過 {_n(fee / st.max)} 円/h）"
            en += f" (split method: {_n(fee / st.min)} JPY/h deducted, {_n(fee / st.max)} JPY/h extra)"
        out["settlement"].append(Hint(ja + "。単価の計算方法を確認", en + ". Confirm how the unit price is computed"))
    else:
        out["hours"].append(Hint("精算幅の記載なし", "No settlement range listed"))

    # payment
    pay = gig.payment
    if pay is not None and pay.raw:
        out["payment_date"].append(Hint(f"支払条件: {pay.raw}", f"Payment terms: {pay.raw}", quote=pay.raw))
    if pay is not None and pay.site_days is not None:
        site = pay.site_days
        out["payment_date"].append(Hint(
            f"支払サイト {site}日（締め日から支払日まで）、稼働初日からは約{site + 30}日",
            f"Payment site {site} days (closing day to pay day); about {site + 30} days after the first day worked",
            "warn" if site > 60 else "info"))
        if site > 60:
            out["payment_date"].append(Hint(
                "締め日から60日を超える支払い（フリーランス保護法の60日以内の定めに反する可能性）",
                "Paid more than 60 days after closing (the freelance act asks for pay within 60 days)",
                "warn"))
        if today is not None:
            first = _first_pay(today, site)
            days = (first - today).days
            out["payment_date"].append(Hint(
                f"{today.isoformat()}に稼働開始なら初回支払いは{first.isoformat()}頃（{days}日後）",
                f"Starting {today.isoformat()}, the first pay arrives around {first.isoformat()} ({days} days later)"))
    elif pay is None or not pay.raw:
        out["payment_date"].append(Hint("支払条件の記載なし", "No payment terms listed"))

    # mentions and red flags in the description
    desc = gig.description or ""
    if desc.strip():
        t = _Text(desc)
        for item, (pattern, ja, en) in _MENTIONS.items():
            out[item].extend(_mention_hints(t, pattern, ja, en))
        for flag_id, quote in find_red_flags(desc):
            f = RED_FLAGS[flag_id]
            for item in f.items:
                out[item].append(Hint(
                    f"要注意: {f.text_ja} 「{quote}」", f"Red flag: {f.text_en}: \"{quote}\"",
                    "warn", quote, flag_id))
    return out

"""Work terms as agents write them: days per week, 精算幅, 支払サイト, contract form,
remote, engagement type.

Each parser searches its text (a field or a whole message) and never raises. Decisions:

* Days: ``週3日〜`` is (3, open); ``週3日まで`` / ``up to 3 days`` is (1, 3); ``土日のみ`` /
  ``週末のみ`` / ``weekends only`` is (1, 2); ``フル稼働`` is (5, 5); ``full-time`` is (5, 5)
  only when it is the whole text (in prose it says nothing sure about days).
  A bare ``3`` or ``3-5`` is read as days only when it is the whole text (a field).
* Settlement: a range of monthly hours between 60 and 320 (``140〜180h``); ``精算なし`` /
  ``精算幅なし`` / ``固定`` (not ``固定報酬``) is fixed.
* Payment: days from the closing day to pay day with 30-day months (``月末締め翌月末払い``
  is 30); a pay day with no closing day counts from month end.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..model import CONTRACT_FORMS, ENGAGEMENTS, REMOTES, Payment, Settlement, Span
from .text import sanitize_line

_DASH_CLASS = "〜~–—―‐‑−﹣－～-"


def _prep(text: object) -> str:
    """One line, NFKC (full-width digits), every dash/tilde as ``~``."""
    s = unicodedata.normalize("NFKC", sanitize_line(text))
    return re.sub(f"[{re.escape(_DASH_CLASS)}]", "~", s)


def _raw(text: object) -> str:
    return sanitize_line(text)


def _num(s: str | None) -> float | None:
    if s is None:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _ordered(lo: float | None, hi: float | None) -> tuple[float | None, float | None]:
    if lo is not None and hi is not None and lo > hi:
        return hi, lo
    return lo, hi


# --- days per week -------------------------------------------------------------------
_N = r"(\d(?:\.\d)?)(?!\d)"
_DAYS_JA = re.compile(
    r"週\s*(?:あたり|当たり|に)?\s*[:：]?\s*(?>" + _N + r"\s*(?:日)?\s*(?:(?:~|から|or|または|か)\s*" + _N
    + r"\s*日?)?\s*(?P<open>~|から|以上|以降)?(?P<upto>まで|以下|以内)?)"
    r"(?!\s*日?\s*(?:程度)?\s*(?:の)?(?:出社|リモート|在宅|出勤|オンサイト|回|時間|\d))"
)
_DAYS_JA_AFTER = re.compile(_N + r"\s*(?:~\s*" + _N + r"\s*)?日\s*/\s*週")
_DAYS_EN = re.compile(
    r"(?:(?P<upto>up\s+to|max(?:imum)?\.?|at\s+most)\s+)?(?:(?P<min>min(?:imum)?\.?|at\s+least)\s+)?"
    + _N + r"\s*(?:(?:~|to|or)\s*" + _N + r"\s*)?(?P<plus>\+)?\s*(?:days?|d)\s*"
    r"(?:/|per|a|an|each|every)\s*(?:wk|week)\b",
    re.IGNORECASE,
)
_WEEKEND = re.compile(r"土日(?:祝)?(?:のみ|だけ|稼働|中心)|週末(?:のみ|だけ|稼働)|weekends?\s+only", re.IGNORECASE)
_FULL_DAYS = re.compile(r"フル稼働|週\s*5\s*日?\s*フル|(?<!非)常勤")
_FULLTIME_WHOLE = re.compile(r"(?:full[\s_~-]?time|フルタイム|フル稼働|常勤)", re.IGNORECASE)
_BARE_DAYS = re.compile(_N + r"(?:\s*~\s*" + _N + r")?\s*(?:日|days?)?", re.IGNORECASE)


def _days_span(lo: float | None, hi: float | None) -> Span | None:
    lo, hi = _ordered(lo, hi)
    for v in (lo, hi):
        if v is not None and not (0 < v <= 7):
            return None
    if lo is None and hi is None:
        return None
    return Span(lo, hi)


def parse_days(text: str) -> Span | None:
    """Days per week: ``週2〜5日`` (2, 5), ``週3日〜`` (3, None), ``3-4 days a week`` (3, 4).

    See the module docstring for weekends, ``full-time`` and bare numbers.
    """
    try:
        t = _prep(text)
        if not t:
            return None
        m = _DAYS_JA.search(t)
        if m:
            lo, hi = _num(m.group(1)), _num(m.group(2))
            if m.group("upto"):
                return _days_span(1, hi if hi is not None else lo)
            if hi is None:
                hi = None if m.group("open") else lo
            return _days_span(lo, hi)
        m = _DAYS_JA_AFTER.search(t)
        if m:
            lo, hi = _num(m.group(1)), _num(m.group(2))
            return _days_span(lo, hi if hi is not None else lo)
        m = _DAYS_EN.search(t)
        if m:
            lo, hi = _num(m.group(3)), _num(m.group(4))
            if m.group("upto"):
                return _days_span(1, hi if hi is not None else lo)
            if m.group("min") or m.group("plus"):
                return _days_span(lo, hi)
            return _days_span(lo, hi if hi is not None else lo)
        if _WEEKEND.search(t):
            return Span(1, 2)
        if _FULL_DAYS.search(t):
            return Span(5, 5)
        if _FULLTIME_WHOLE.fullmatch(t):
            return Span(5, 5)
        m = _BARE_DAYS.fullmatch(t)
        if m:
            lo, hi = _num(m.group(1)), _num(m.group(2))
            return _days_span(lo, hi if hi is not None else lo)
    except Exception:  # pragma: no cover - never break a fetch
        return None
    return None


# --- settlement hours ----------------------------------------------------------------
_H = r"(\d{2,3}(?:\.\d+)?)"
_HUNIT = r"(?:h|hrs?|hours?|時間|H)"
_SETTLE_RANGE = re.compile(
    r"(?<![\d.週])" + _H + r"\s*" + _HUNIT + r"?\s*(?:~|から|to|/)\s*" + _H + r"\s*" + _HUNIT
    + r"(?![a-z]*\s*(?:/|per|a)\s*(?:week|wk)|/週)",
    re.IGNORECASE,
)
_SETTLE_CTX_RANGE = re.compile(
    r"(?:精算|清算|settlement)[^\d]{0,12}?" + _H + r"\s*" + _HUNIT + r"?\s*(?:~|から|to|/|-)\s*" + _H,
    re.IGNORECASE,
)
_SETTLE_LOWER = re.compile(r"(?:下限|min(?:imum)?)\s*[:：]?\s*" + _H + r"\s*" + _HUNIT, re.IGNORECASE)
_SETTLE_UPPER = re.compile(r"(?:上限|max(?:imum)?)\s*[:：]?\s*" + _H + r"\s*" + _HUNIT, re.IGNORECASE)
_SETTLE_FIXED = re.compile(
    r"精算幅?\s*[:：]?\s*(?:なし|無し|無|ナシ|固定)|清算幅?\s*(?:なし|無し)|no\s+settlement",
    re.IGNORECASE,
)
# A bare 固定 / "fixed hours" means no settlement only in a short field, not in prose.
_SETTLE_FIXED_SHORT = re.compile(
    r"(?<!月額)固定(?!報酬|給|額|価格|単価|費|金額|資産|電話|残業|IP)|fixed(?:\s+hours)?", re.IGNORECASE
)
_BARE_SETTLE = re.compile(_H + r"\s*" + _HUNIT + r"?\s*~\s*" + _H + r"\s*" + _HUNIT + "?", re.IGNORECASE)


def _hours_ok(*vals: float | None) -> bool:
    return all(v is None or 60 <= v <= 320 for v in vals)


def parse_settlement(text: str) -> Settlement | None:
    """精算幅: ``140〜180h`` → (140, 180, False); ``精算なし`` / ``固定`` → (None, None, True)."""
    try:
        t = _prep(text)
        if not t:
            return None
        for rx in (_SETTLE_CTX_RANGE, _SETTLE_RANGE):
            for m in rx.finditer(t):
                lo, hi = _ordered(_num(m.group(1)), _num(m.group(2)))
                if _hours_ok(lo, hi) and lo != hi or (_hours_ok(lo, hi) and rx is _SETTLE_CTX_RANGE):
                    return Settlement(lo, hi, False)
        lo_m, hi_m = _SETTLE_LOWER.search(t), _SETTLE_UPPER.search(t)
        if lo_m or hi_m:
            lo = _num(lo_m.group(1)) if lo_m else None
            hi = _num(hi_m.group(1)) if hi_m else None
            lo, hi = _ordered(lo, hi)
            if _hours_ok(lo, hi):
                return Settlement(lo, hi, False)
        if _SETTLE_FIXED.search(t) or (len(t) <= 20 and _SETTLE_FIXED_SHORT.search(t)):
            return Settlement(None, None, True)
        m = _BARE_SETTLE.fullmatch(t)
        if m:
            lo, hi = _ordered(_num(m.group(1)), _num(m.group(2)))
            if _hours_ok(lo, hi):
                return Settlement(lo, hi, False)
    except Exception:  # pragma: no cover
        return None
    return None


# --- payment -------------------------------------------------------------------------
_CLOSE = re.compile(r"(月末|末日|末|\d{1,2}\s*日)\s*(?:締め?|〆め?|しめ)")
_CLOSE_LABEL = re.compile(r"締め?日?\s*(?:は|が|[:：])?\s*(月末|末日|\d{1,2}\s*日)")
_PAY = re.compile(
    r"(当月|翌月|翌々月|翌翌月|次月|\d\s*(?:ヶ|か|カ|ケ|箇)月後)\s*(?:の)?\s*(末日?|\d{1,2}\s*日)"
    r"\s*(?:(?:お)?支払い?|払い?|支給|振込み?|振り込み|入金)?"
)
_SITE = re.compile(
    r"(?:支払い?\s*)?サイト\s*(?:は|が|[:：])?\s*(\d{1,3})\s*日|(\d{1,3})\s*日\s*サイト"
)
_NET = re.compile(r"\bnet[\s-]?(\d{1,3})\b", re.IGNORECASE)
_WITHIN = re.compile(
    r"(?:paid|payment|invoices?|pay)\b[^.\n]{0,40}?\bwithin\s+(\d{1,3})\s+days", re.IGNORECASE
)
_PAY_WORDS = re.compile(r"払|支払|締め|〆|\bnet\b|payment|paid|invoice", re.IGNORECASE)


def _day(s: str) -> int:
    s = s.replace(" ", "")
    if s.startswith("末") or s.startswith("月末"):
        return 30
    return min(int(s.rstrip("日")), 30)


def _months(s: str) -> int:
    s = s.replace(" ", "")
    if s == "当月":
        return 0
    if s in ("翌月", "次月"):
        return 1
    if s in ("翌々月", "翌翌月"):
        return 2
    m = re.match(r"(\d)", s)
    return int(m.group(1)) if m else 1


def parse_payment(text: str) -> Payment | None:
    """支払サイト: ``月末締め翌月15日払い`` → site 15, ``Net 30`` → 30.

    ``raw`` is the matched wording. Text about payment that cannot be read gives
    ``Payment(raw, None)``; text not about payment gives ``None``.
    """
    try:
        raw_all = _raw(text)
        t = unicodedata.normalize("NFKC", raw_all)
        if not t:
            return None
        if len(t) == len(raw_all):
            t_raw = raw_all  # slice matches out of the text as written
        else:
            t_raw = t
        pay = _PAY.search(t)
        if pay:
            close = None
            for m in _CLOSE.finditer(t):
                if m.start() <= pay.start():
                    close = m
            if close is None:
                close = _CLOSE_LABEL.search(t)
            closing = _day(close.group(1)) if close else 30
            site = _months(pay.group(1)) * 30 + _day(pay.group(2)) - closing
            start = min(close.start(), pay.start()) if close else pay.start()
            end = max(close.end(), pay.end()) if close else pay.end()
            if site > 0:
                return Payment(t_raw[start:end].strip(), site)
        m = _SITE.search(t)
        if m:
            return Payment(t_raw[m.start():m.end()].strip(), int(m.group(1) or m.group(2)))
        m = _NET.search(t) or _WITHIN.search(t)
        if m:
            return Payment(t_raw[m.start():m.end()].strip(), int(m.group(1)))
        if _PAY_WORDS.search(t):
            if len(t) > 80:  # keep the clause about payment, not a whole message
                m = _PAY_WORDS.search(t)
                assert m is not None
                a = max(t.rfind(c, 0, m.start()) for c in "。.!?！？/／|") + 1
                ends = [i for i in (t.find(c, m.end()) for c in "。.!?！？/／|") if i >= 0]
                b = min(ends) if ends else len(t)
                return Payment(t_raw[a:b].strip()[:80], None)
            return Payment(t_raw, None)
    except Exception:  # pragma: no cover
        return None
    return None


# --- contract form -------------------------------------------------------------------
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("quasi_mandate", re.compile(r"準委任|quasi[\s-]*mandate|\bSES\b|jun[\s-]?inin", re.IGNORECASE)),
    ("contract_for_work", re.compile(r"請負|受託|contract\s+for\s+work|work\s+contract|\bukeoi\b",
                                     re.IGNORECASE)),
    ("dispatch", re.compile(r"派遣|\bdispatch(?:ed)?\b|\bhaken\b|temp(?:orary)?\s+staffing",
                            re.IGNORECASE)),
    ("employment", re.compile(r"正社員|正規雇用|直接雇用|direct[\s-]*hire|\bpermanent\b|"
                              r"full[\s-]*time\s+employ(?:ee|ment)|\bemployment\b", re.IGNORECASE)),
]


def parse_contract_form(text: str) -> str:
    """One of ``model.CONTRACT_FORMS``: 準委任/SES → quasi_mandate, 請負/受託 →
    contract_for_work, 派遣 → dispatch, 正社員/direct hire → employment, else unknown.
    When several are named the first in that order wins."""
    try:
        t = sanitize_line(text)
        low = t.strip().lower()
        if low in CONTRACT_FORMS:
            return low
        for form, rx in _FORMS:
            if rx.search(t):
                return form
    except Exception:  # pragma: no cover
        pass
    return "unknown"


# --- remote --------------------------------------------------------------------------
_R_FULL_OVERRIDE = re.compile(
    r"(?:初日|初回|初週|入場日?|キックオフ(?:時)?|顔合わせ)(?:のみ|だけ)\s*(?:出社|オンサイト)|"
    r"出社\s*(?:不要|なし|無し|義務なし)|常駐\s*(?:なし|無し|不要)|no\s+(?:office|commut)",
    re.IGNORECASE,
)
_R_NONE = re.compile(
    r"リモート\s*(?:不可|なし|無し|NG|×)|在宅\s*(?:不可|NG)|テレワーク\s*不可|"
    r"\bno\s+remote\b|\bnot\s+remote\b|\bnon[\s-]remote\b|remote\s+(?:is\s+)?not\s+(?:possible|available)",
    re.IGNORECASE,
)
_R_PARTIAL = re.compile(
    r"一部リモート|リモート併用|併用|ハイブリッド|一部在宅|基本リモート|リモート中心|一部出社|"
    r"週\s*\d\s*(?:[~-]\s*\d\s*)?日?\s*(?:程度)?\s*(?:の)?出社|月\s*\d\s*(?:[~-]\s*\d\s*)?(?:回|日)\s*(?:程度)?\s*(?:の)?出社|"
    r"週\s*\d\s*(?:[~-]\s*\d\s*)?日?\s*(?:程度)?\s*リモート|リモート\s*(?:相談|応相談)|"
    r"\bhybrid\b|partial(?:ly)?[\s-]*remote|remote\s+partially|part[\s-]*remote|"
    r"(?:some|occasional)\s+(?:on[\s-]?site|office|travel\s+to)",
    re.IGNORECASE,
)
_R_ONSITE = re.compile(
    r"常駐|出社|オンサイト|客先|\bon[\s-]?site\b|\bin[\s-]office\b|\bin[\s-]person\b|office[\s-]based",
    re.IGNORECASE,
)
_R_FULL = re.compile(
    r"リモート|在宅|テレワーク|\bremote\b|\banywhere\b|worldwide|telecommute|work\s+from\s+home|\bWFH\b",
    re.IGNORECASE,
)


def parse_remote(text: str) -> str:
    """One of ``model.REMOTES``.

    Order: "only the first day on site" / 出社不要 → full; リモート不可 / no remote → onsite;
    partial words (一部リモート, 週1出社, hybrid) → partial; a remote word together with an
    on-site word → partial; on-site words alone → onsite; remote words → full.
    """
    try:
        t = unicodedata.normalize("NFKC", sanitize_line(text))
        t = re.sub(f"[{re.escape(_DASH_CLASS.replace('-', ''))}]", "~", t)
        low = t.strip().lower()
        if low in REMOTES:
            return low
        if low in ("true", "yes"):
            return "full"
        if _R_FULL_OVERRIDE.search(t):
            return "full"
        if _R_NONE.search(t):
            return "onsite"
        if _R_PARTIAL.search(t):
            return "partial"
        onsite, remote = bool(_R_ONSITE.search(t)), bool(_R_FULL.search(t))
        if onsite and remote:
            return "partial"
        if onsite:
            return "onsite"
        if remote:
            return "full"
    except Exception:  # pragma: no cover
        pass
    return "unknown"


# --- engagement ----------------------------------------------------------------------
_ENGAGE: list[tuple[str, re.Pattern[str]]] = [
    ("full_time", re.compile(r"full[\s_-]?time|fulltime|正社員|フルタイム", re.IGNORECASE)),
    ("part_time", re.compile(r"part[\s_-]?time|parttime|副業|アルバイト|パートタイム|複業",
                             re.IGNORECASE)),
    ("contract", re.compile(r"\bcontract(?:or|ors|ing)?\b|\bc2c\b|契約社員", re.IGNORECASE)),
    ("freelance", re.compile(r"freelanc\w*|業務委託|フリーランス|個人事業主", re.IGNORECASE)),
    ("temporary", re.compile(r"\btemporary\b|\btemp\b|seasonal|per[\s_-]?diem|短期", re.IGNORECASE)),
    ("internship", re.compile(r"\bintern(?:ship)?s?\b|インターン", re.IGNORECASE)),
]


def _engagements_in(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for value, rx in _ENGAGE:
        m = rx.search(text)
        if m:
            found.append((m.start(), value))
    return sorted(found)


def parse_engagement(value: object) -> tuple[str, ...]:
    """Engagement types (``model.ENGAGEMENTS``) from a string or a list of strings.

    ``Full Time`` / ``FULL_TIME`` → full_time, ``CONTRACTOR`` → contract, ``Intern`` →
    internship, ``業務委託`` → freelance, ``副業`` → part_time, ``正社員`` → full_time.
    Order of appearance is kept; duplicates dropped.
    """
    items: Iterable[object]
    if value is None:
        return ()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        items = [value]
    out: list[str] = []
    try:
        for item in items:
            if isinstance(item, (list, tuple, dict, set)) or item is None:
                continue
            t = sanitize_line(item)
            if t.lower() in ENGAGEMENTS:
                found = [t.lower()]
            else:
                found = [v for _, v in _engagements_in(t)]
            for v in found:
                if v not in out:
                    out.append(v)
    except Exception:  # pragma: no cover
        pass
    return tuple(out)

"""Pay as agents and boards write it, read into a :class:`~tui.model.Rate`.

Japanese agents quote 万円 per month (``60〜90万円/月``, ``〜100万円``, ``80万円（スキル
見合い）``), some hourly (``時給5,000円〜``); global boards write ``$90k - $105k``,
``$50/hour``, ``EUR 550 – 650 per day``. A rate stays in the source's own unit and
currency; amounts are plain numbers in the currency's base unit (``80万円`` = 800000).

Decisions when the text does not say:

* ``万円`` with no period is per month (from 400万円 up, per year); a plain yen amount is
  per hour below 20,000, per day below 100,000, per month below 4,000,000, else per year.
* ``k`` amounts (``$90k``) are per year; other non-yen amounts are per hour below 300,
  per day below 2,000, per month below 20,000 and per year above.
* A leading ``〜`` caps a yen amount (``〜100万円`` = up to); before another currency a
  ``~`` means "about" (``~ $120/hr`` = 120).
* ``案件単価``, ``一式``, ``固定報酬``, ``fixed price``, ``budget`` … make it a project price,
  unless the text names an explicit period.
* A bare number with no currency, no ``万`` and no pay word (``時給``, ``月額`` …) is not
  a rate. Nothing here raises: unreadable text gives ``None``.
"""

from __future__ import annotations

import re

from ..model import Rate
from ..record import record
from .text import sanitize, sanitize_line

# --- preparing text ------------------------------------------------------------------
_DASHES = "〜~–—―‐‑−﹣－～⁓"


_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII
_FOLD.update({0xFFE5: "¥", 0xFFE1: "£", 0x3000: " ", 0xFF70: "ー", 0x00A0: " "})
_FOLD.update({ord(c): "~" for c in _DASHES})


def _prepare(text: str) -> str:
    """Full-width forms to ASCII, every dash/tilde to ``~``; one character for one, so
    positions in the result are positions in ``text``."""
    s = text.translate(_FOLD)
    # ー (long vowel mark) used as a dash between two amounts: "80万ー90万".
    return re.sub(r"(?<=[\d万円kK\s])ー(?=\s*[\d¥$€£])", "~", s)


# --- amounts -------------------------------------------------------------------------
_AMOUNT = re.compile(
    r"""
    (?:(?P<pre>US\$|USD|CA\$|C\$|CAD|AU\$|A\$|AUD|NZ\$|NZD|S\$|SGD|HK\$|HKD|R\$|BRL|EUR|GBP|JPY|
            CHF|INR|CNY|RMB|PLN|SEK|\$|€|£|¥)\s?|(?<![A-Za-z0-9.,]))
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:\s?(?P<mult>万|千|億|k(?![a-z])|mm(?![a-z])|m(?![a-z])|million\b|mil\b|thousand\b))?
    (?:\s?(?P<suf>円|USD|EUR|JPY|GBP|CHF|CAD|AUD|SGD|NZD|HKD|INR|CNY|RMB|PLN|SEK|BRL
            |dollars?\b|euros?\b|yen\b|ドル|ユーロ|ポンド|€|£))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_CURRENCY = {
    "US$": "USD", "$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD",
    "NZ$": "NZD", "S$": "SGD", "HK$": "HKD", "R$": "BRL", "€": "EUR", "£": "GBP",
    "¥": "JPY", "円": "JPY", "ドル": "USD", "ユーロ": "EUR", "ポンド": "GBP",
    "DOLLAR": "USD", "DOLLARS": "USD", "EURO": "EUR", "EUROS": "EUR", "YEN": "JPY",
    "RMB": "CNY",
}
_MULT = {"万": 1e4, "千": 1e3, "億": 1e8, "k": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6,
         "mil": 1e6, "thousand": 1e3}
# A 万 amount without 円 is money only when what follows is not a counter (5万件, 10万人).
_BARE_MAN_OK = re.compile(
    r"(?:\s|$|[/)）(（,、。~\-+:;]|以上|以下|程度|前後|位|くらい|ぐらい|まで|から|スキル|税|円|/)"
)

# --- separators and bounds -----------------------------------------------------------
_SEP = re.compile(r"\s*(?:~|-|to\b|から|through\b|(?P<and>and\b))\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"between\s*$", re.IGNORECASE)
_LEAD_MAX = re.compile(
    r"(?:up\s*to|max(?:imum)?\.?|上限|最大|最高|at\s+most|no\s+more\s+than|under|less\s+than)"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
_LEAD_MIN = re.compile(
    r"(?:from|starting\s+(?:at|from)|starts\s+at|min(?:imum)?\.?|下限|最低|at\s+least|over|"
    r"more\s+than)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_LEAD_TILDE = re.compile(r"~\s*$")
_TRAIL_MIN = re.compile(
    r"\s*(?:\+|以上|~(?!\s*\d)|から(?!\s*\d)|and\s+up\b|or\s+more\b|and\s+above\b|plus\b)",
    re.IGNORECASE,
)
_TRAIL_MAX = re.compile(r"\s*(?:以下|まで|未満|max\b)", re.IGNORECASE)
_APPROX = re.compile(r"(?:程度|前後|位|くらい|ぐらい|ほど|approx|around|about|circa|ca\.)",
                     re.IGNORECASE)

# --- periods -------------------------------------------------------------------------
_UNIT_WORDS = [
    ("hour", r"h(?:ours?|rs?|r)?|時間?"),
    ("day", r"d(?:ays?)?|日"),
    ("week", r"w(?:ee)?ks?|週"),
    ("month", r"m(?:o(?:nths?|s)?|th)?|月(?:額)?"),
    ("year", r"y(?:ea)?rs?|y|年|annum"),
    ("project", r"project|案件|件"),
]
_PERIOD_AFTER = [
    (p, re.compile(r"\s*(?:/|／|per)\s*(?:1\s*)?(?:" + w + r")(?![a-z]|\s*\d|末|締|〆)",
                   re.IGNORECASE))
    for p, w in _UNIT_WORDS
] + [
    ("hour", re.compile(r"\s*(?:an?|each|every)\s+(?:hour|hr)(?![a-z])|\s*(?:hourly|p/h|ph|p\.h\.)"
                        r"(?![a-z])", re.IGNORECASE)),
    ("day", re.compile(r"\s*(?:an?|each|every)\s+day(?![a-z])|\s*(?:daily|p/d|pd|p\.d\.)(?![a-z])",
                       re.IGNORECASE)),
    ("week", re.compile(r"\s*(?:an?|each|every)\s+week(?![a-z])|\s*weekly(?![a-z])", re.IGNORECASE)),
    ("month", re.compile(r"\s*(?:an?|each|every)\s+month(?![a-z])|\s*(?:monthly|pcm|p/m)(?![a-z])"
                         r"|\s*[(（]\s*月額?\s*[)）]", re.IGNORECASE)),
    ("year", re.compile(r"\s*(?:an?|each|every)\s+year(?![a-z])|\s*(?:yearly|annually|annual|p\.?a\.?)"
                        r"(?![a-z])", re.IGNORECASE)),
    ("project", re.compile(r"\s*[(（]?\s*(?:fixed|flat(?:\s+fee)?|total|一式|固定報酬|per\s+project|"
                           r"for\s+the\s+(?:whole\s+)?project)(?![a-z])", re.IGNORECASE)),
]
_PERIOD_BEFORE = [
    ("hour", r"時給|時間単価|時間給|1時間(?:あたり|当たり)|hourly|per\s+hour|hour\s*rate"),
    ("day", r"日給|日額|日当|日単価|1日(?:あたり|当たり)|daily|day\s*rate|per\s+day"),
    ("week", r"週給|weekly|per\s+week"),
    ("month", r"月額|月給|月収|月単価|月あたり|月当たり|monthly|per\s+month|(?<!\d)月(?=\s*[:：]?\s*$)"),
    ("year", r"年収|年俸|年額|annual|yearly|per\s+(?:year|annum)|(?<!\d)年(?=\s*[:：]?\s*$)"),
    ("project", r"案件単価|固定報酬|固定価格|一式|予算|budget|fixed[\s-]*price|fixed\s+fee|flat\s+fee|"
                r"project\s+(?:fee|price|budget)|per\s+project"),
]
_BEFORE_RE = re.compile(
    "|".join(f"(?P<{p}>{w})" for p, w in _PERIOD_BEFORE), re.IGNORECASE
)
# Words that say an amount is pay (bare yen numbers need one; they also rank prose hits).
_PAY_WORD = re.compile(
    r"時給|日給|日額|日当|月額|月給|月収|単価|報酬|年収|年俸|給与|予算|rate|salary|pay|"
    r"compensation|budget|fee|wage",
    re.IGNORECASE,
)
# A pay label right before an amount belongs to its snippet ("単価：〜95万円", "Rate $90/h").
_PAY_LABEL = re.compile(
    r"(?:時給|日給|日額|日当|月額|月給|単価|報酬|年収|年俸|給与|予算|rate|salary|pay|compensation|budget)"
    r"\s*(?:is\s+)?[:：]?\s*(?:~\s*)?$",
    re.IGNORECASE,
)
_JP_PAY_WORD = re.compile(r"時給|日給|日額|日当|月額|月給|月収|単価|報酬|年収|年俸|給与|予算")
_NOT_PAY = re.compile(
    r"raised|funding|revenue|売上|資本金|調達|従業員|valuation|ARR|MRR|users|ユーザー", re.IGNORECASE
)


_MAX_AMOUNT = 1e12  # beyond any pay; also keeps conversions finite


@record(frozen=False)
class _Amount:
    value: float
    currency: str | None
    mult: str | None
    start: int
    end: int
    num: float


def _amount(m: re.Match[str]) -> _Amount | None:
    try:
        num = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    mult = m.group("mult")
    mkey = mult.lower() if mult else None
    cur = None
    for part in (m.group("pre"), m.group("suf")):
        if part:
            key = part.upper() if part.isascii() else part
            cur = _CURRENCY.get(key, key.upper() if part.isascii() else None)
    factor = _MULT.get(mkey or "", 1.0)
    if not 0 < num * factor < _MAX_AMOUNT:
        return None
    if mkey in ("万", "千", "億") and cur is None:
        cur = "JPY"
    return _Amount(num * factor, cur, mkey, m.start(), m.end(), num)


def _period_after(t: str, pos: int) -> tuple[str, int] | None:
    for period, rx in _PERIOD_AFTER:
        m = rx.match(t, pos)
        if m:
            return period, m.end()
    return None


def _period_before(prefix: str) -> tuple[str, int] | None:
    """The pay-period word nearest to the amount in ``prefix``: (period, start)."""
    best: tuple[str, int] | None = None
    for m in _BEFORE_RE.finditer(prefix):
        best = (m.lastgroup or "", m.start())
    return best


@record(frozen=False)
class _Found:
    rate: Rate
    start: int
    end: int
    score: int


def _default_period(value: float, currency: str | None, mult: str | None) -> str | None:
    if mult == "万" and currency == "JPY":
        return "month" if value < 4_000_000 else "year"
    if mult in ("k", "thousand"):
        return "year"
    if currency == "JPY":
        if value < 20_000:
            return "hour"
        if value < 100_000:
            return "day"
        return "month" if value < 4_000_000 else "year"
    if currency is None and mult is None:
        return None
    if value < 300:
        return "hour"
    if value < 2_000:
        return "day"
    if value < 20_000:
        return "month"
    return "year"


def _clean(v: float | None) -> float | None:
    if v is None:
        return None
    v = round(v, 2)
    return float(int(v)) if v.is_integer() else v


def _scan(t: str, *, field: bool) -> list[_Found]:
    """Every rate expression in prepared text ``t``."""
    matches = [m for m in _AMOUNT.finditer(t) if m.group("num")]
    found: list[_Found] = []
    i = 0
    while i < len(matches):
        m = matches[i]
        left = _amount(m)
        i += 1
        if left is None:
            continue
        right: _Amount | None = None
        pos = m.end()
        sep = _SEP.match(t, pos)
        if not (sep and i < len(matches) and matches[i].start() == sep.end()) and left.currency:
            pa = _period_after(t, pos)  # "$25/hr - $35/hr"
            sep = _SEP.match(t, pa[1]) if pa else None
        if sep and sep.group("and") and not _BETWEEN.search(t[max(0, m.start() - 12):m.start()]):
            sep = None
        if sep and i < len(matches) and matches[i].start() == sep.end():
            nxt = _amount(matches[i])
            if nxt is not None:
                right = nxt
                i += 1
        amounts = [left] if right is None else [left, right]
        last = amounts[-1]
        # Inherit multiplier / currency across a range ("60〜90万円", "€70–90/h").
        if right is not None:
            if left.mult is None and right.mult is not None:
                f = _MULT[right.mult]
                if left.num * f <= right.value:
                    left.value, left.mult = left.num * f, right.mult
            elif right.mult is None and left.mult is not None:
                f = _MULT[left.mult]
                if left.value <= right.num * f:
                    right.value, right.mult = right.num * f, left.mult
            cur = left.currency or right.currency
            left.currency = right.currency = cur
        currency = left.currency
        mult = next((a.mult for a in amounts if a.mult), None)
        if currency is None and mult is None and not _JP_PAY_WORD.search(
            t, 0 if field else max(0, left.start - 24), left.start
        ):
            continue  # a bare number: not money (cheap early exit for long prose)
        # 万 with no 円 followed by a counter (5万件) is not money.
        if mult == "万" and not any(
            (_has_currency(t, a)) for a in amounts
        ) and not _BARE_MAN_OK.match(t, last.end):
            continue
        start = left.start
        end = last.end
        window = 200 if field else 24
        pstart = max(0, start - window)
        pstart = max(pstart, t.rfind("\n", pstart, start) + 1)  # same line only
        prefix = t[pstart:start]
        # Open ends and approximations.
        lo_open = hi_open = approx = False
        trail_end = end
        if right is None:
            tm = _TRAIL_MIN.match(t, end)
            tx = _TRAIL_MAX.match(t, end)
            if tm:
                hi_open, trail_end = True, tm.end()
            elif tx:
                lo_open, trail_end = True, tx.end()
        # Period right after the amount(s), possibly after a "+" or "以上".
        period: str | None = None
        pa = _period_after(t, trail_end)
        if pa:
            period, trail_end = pa
        if right is None and not (lo_open or hi_open):
            tm = _TRAIL_MIN.match(t, trail_end)
            tx = _TRAIL_MAX.match(t, trail_end)
            if tm:
                hi_open, trail_end = True, tm.end()
            elif tx:
                lo_open, trail_end = True, tx.end()
        lead = prefix
        if right is None and not (lo_open or hi_open):
            if _LEAD_MAX.search(lead):
                lo_open = True
            elif _LEAD_MIN.search(lead):
                hi_open = True
            elif _LEAD_TILDE.search(lead):
                if currency == "JPY":
                    lo_open = True
                else:
                    approx = True
        if lo_open or hi_open or approx:
            lm = _LEAD_MAX.search(lead) or _LEAD_MIN.search(lead) or _LEAD_TILDE.search(lead)
            if lm:
                start = min(start, pstart + lm.start())
        before = _period_before(prefix)
        if period is None and before is not None:
            period = before[0]
        if before is not None and not field:
            start = min(start, pstart + before[1])
        if not field:
            label = _PAY_LABEL.search(t, pstart, start)
            if label:
                start = min(start, label.start())
        pay_word = bool(_JP_PAY_WORD.search(prefix))
        # Validity: a currency, a 万/千, a k/M with a field of its own, or a pay word.
        if currency is None:
            if mult in ("k", "m", "mm", "million", "thousand", "mil"):
                if not field:
                    continue
            elif pay_word and left.value >= 1000:
                currency = "JPY"
            else:
                continue
        if period is None:
            period = _default_period(max(a.value for a in amounts), currency, mult)
        if right is None:
            v = left.value
            lo, hi = (None, v) if lo_open else (v, None) if hi_open else (v, v)
        else:
            lo, hi = left.value, right.value
            if lo > hi:
                lo, hi = hi, lo
        if (lo is not None and lo <= 0) or (hi is not None and hi <= 0):
            continue
        lookback = max(0, start - 40)
        sentence = max(lookback, max(t.rfind(c, lookback, start) for c in ".。!?！？\n") + 1)
        score = 1
        if currency:
            score += 2
        if pa or before:
            score += 2
        if _PAY_WORD.search(t[max(sentence, start - 30):start]):
            score += 3
        if right is not None:
            score += 1
        if _NOT_PAY.search(t[max(sentence, start - 30):min(len(t), trail_end + 15)]):
            score -= 6
        found.append(
            _Found(Rate(_clean(lo), _clean(hi), currency, period, "", True), start, trail_end, score)
        )
    return found


def _has_currency(t: str, a: _Amount) -> bool:
    """True when the amount text carries an explicit currency (``円``, ``¥``...)."""
    m = _AMOUNT.match(t, a.start)
    return bool(m and (m.group("pre") or m.group("suf")))


def parse_rate(text: str) -> Rate | None:
    """Read a rate field (``60〜90万円/月``, ``$90k - $105k``, ``€600/day`` …).

    Returns ``Rate(min, max, currency, period, raw=text, parsed=True)`` with amounts in
    the currency's base unit and min <= max, or ``None`` when the text holds no rate.
    Never raises.
    """
    try:
        raw = sanitize_line(text)
        if not raw:
            return None
        t = _prepare(raw)
        found = _scan(t, field=True)
        if not found:
            return None
        r = found[0].rate
        return Rate(r.min, r.max, r.currency, r.period, raw, True)
    except Exception:  # pragma: no cover - a parser must never break a fetch
        return None


def find_rate(prose: str) -> Rate | None:
    """The most rate-like expression inside longer prose, ``raw`` = the matched snippet.

    Amounts near pay words (単価, 報酬, rate, salary …) with a currency and a period rank
    first; figures about funding or revenue are ignored. Never raises.
    """
    try:
        text = sanitize(prose)
        if not text:
            return None
        t = _prepare(text)
        found = [f for f in _scan(t, field=False) if f.score >= 3]
        if not found:
            return None
        best = max(found, key=lambda f: f.score)  # max keeps the earliest on ties
        r = best.rate
        raw = " ".join(text[best.start:best.end].split())
        return Rate(r.min, r.max, r.currency, r.period, raw, True)
    except Exception:  # pragma: no cover
        return None

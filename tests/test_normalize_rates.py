"""Rates as real agents and boards write them (tui.normalize.rates).

Each row: text, expected (min, max, currency, period) or None for "not a rate".
Amounts are in the currency's base unit (80万円 = 800000).
"""

from __future__ import annotations

import pytest

from tui.normalize.rates import find_rate, parse_rate

JPY, USD, EUR, GBP = "JPY", "USD", "EUR", "GBP"
M = 10_000  # 1万円

RATE_CASES: list[tuple[str, tuple | None]] = [
    # --- the documented forms -------------------------------------------------------
    ("60〜90万円/月", (60 * M, 90 * M, JPY, "month")),
    ("〜100万円", (None, 100 * M, JPY, "month")),
    ("80万円（スキル見合い）", (80 * M, 80 * M, JPY, "month")),
    ("月額700,000円", (700_000, 700_000, JPY, "month")),
    ("時給5,000円〜", (5000, None, JPY, "hour")),
    ("$90k - $105k", (90_000, 105_000, USD, "year")),
    ("$50/hour", (50, 50, USD, "hour")),
    ("€600/day", (600, 600, EUR, "day")),
    ("USD 120,000/yr", (120_000, 120_000, USD, "year")),
    ("£400 per day", (400, 400, GBP, "day")),
    ("¥8,000/h", (8000, 8000, JPY, "hour")),
    ("日額4万円", (40_000, 40_000, JPY, "day")),
    ("単価：85万円", (85 * M, 85 * M, JPY, "month")),
    ("年収1200万円", (1200 * M, 1200 * M, JPY, "year")),
    ("〜¥1.2M", (None, 1_200_000, JPY, "month")),
    ("70-80万", (70 * M, 80 * M, JPY, "month")),
    ("80万円〜", (80 * M, None, JPY, "month")),
    ("月70万円以上", (70 * M, None, JPY, "month")),
    ("上限95万円", (None, 95 * M, JPY, "month")),
    ("5000円/時間", (5000, 5000, JPY, "hour")),
    ("€70–90/h", (70, 90, EUR, "hour")),
    ("100,000 JPY per month", (100_000, 100_000, JPY, "month")),
    ("$8,000 fixed", (8000, 8000, USD, "project")),
    ("固定報酬30万円", (30 * M, 30 * M, JPY, "project")),
    ("案件単価：120万円", (120 * M, 120 * M, JPY, "project")),
    ("システム一式 300万円", (300 * M, 300 * M, JPY, "project")),
    # --- full-width, dash and tilde variants -----------------------------------------
    ("８０万円", (80 * M, 80 * M, JPY, "month")),
    ("６０～９０万円／月", (60 * M, 90 * M, JPY, "month")),
    ("￥６，０００／時", (6000, 6000, JPY, "hour")),
    ("60~90万円", (60 * M, 90 * M, JPY, "month")),
    ("60-90万円", (60 * M, 90 * M, JPY, "month")),
    ("60–90万円", (60 * M, 90 * M, JPY, "month")),
    ("60—90万円", (60 * M, 90 * M, JPY, "month")),
    ("60ー90万円", (60 * M, 90 * M, JPY, "month")),
    ("60万から90万円", (60 * M, 90 * M, JPY, "month")),
    ("$60 to $80 per hour", (60, 80, USD, "hour")),
    ("90万〜60万円", (60 * M, 90 * M, JPY, "month")),  # swapped in the text
    ("$120 - $90 / hr", (90, 120, USD, "hour")),
    # --- invented agent wordings -----------------------------------------------------
    ("単価 65万円〜85万円(経験による)", (65 * M, 85 * M, JPY, "month")),
    ("報酬：月額80万円程度", (80 * M, 80 * M, JPY, "month")),
    ("時給4000円～6000円", (4000, 6000, JPY, "hour")),
    ("月単価：75万〜85万円（スキル見合い）", (75 * M, 85 * M, JPY, "month")),
    ("〜120万円/月（税込）", (None, 120 * M, JPY, "month")),
    ("月額 80万円～（税別）", (80 * M, None, JPY, "month")),
    ("100万円以上も可", (100 * M, None, JPY, "month")),
    ("最大110万円", (None, 110 * M, JPY, "month")),
    ("下限70万円", (70 * M, None, JPY, "month")),
    ("想定年収 800万〜1200万円", (800 * M, 1200 * M, JPY, "year")),
    ("年俸900万円", (900 * M, 900 * M, JPY, "year")),
    ("1日あたり5万円", (5 * M, 5 * M, JPY, "day")),
    ("1.5万円/日", (15_000, 15_000, JPY, "day")),
    ("日給35,000円", (35_000, 35_000, JPY, "day")),
    ("時間単価5,000円", (5000, 5000, JPY, "hour")),
    ("時給 4500", (4500, 4500, JPY, "hour")),
    ("5千円/h", (5000, 5000, JPY, "hour")),
    ("¥6,000〜¥8,000/時", (6000, 8000, JPY, "hour")),
    ("60万円~80万円/月額", (60 * M, 80 * M, JPY, "month")),
    ("月単価80万", (80 * M, 80 * M, JPY, "month")),
    ("65~75万円/月（精算幅140~180h）", (65 * M, 75 * M, JPY, "month")),
    ("予算：50万円（一式）", (50 * M, 50 * M, JPY, "project")),
    ("〜90万円（週5日の場合）", (None, 90 * M, JPY, "month")),
    ("750,000円/月", (750_000, 750_000, JPY, "month")),
    ("80万円前後", (80 * M, 80 * M, JPY, "month")),
    ("70万円まで", (None, 70 * M, JPY, "month")),
    ("80万ー90万", (80 * M, 90 * M, JPY, "month")),
    # --- invented board wordings -----------------------------------------------------
    ("~ $120/hr", (120, 120, USD, "hour")),
    ("EUR 550 – 650 per day", (550, 650, EUR, "day")),
    ("$25/hr - $35/hr", (25, 35, USD, "hour")),
    ("$100k+", (100_000, None, USD, "year")),
    ("Up to $90/hour", (None, 90, USD, "hour")),
    ("From $70/hr", (70, None, USD, "hour")),
    ("$70+/hr", (70, None, USD, "hour")),
    ("$120,000 - $150,000 a year", (120_000, 150_000, USD, "year")),
    ("Rate: 600–700 EUR/day", (600, 700, EUR, "day")),
    ("€60k–€75k per annum", (60_000, 75_000, EUR, "year")),
    ("£450-£550 p/d", (450, 550, GBP, "day")),
    ("CHF 120/hour", (120, 120, "CHF", "hour")),
    ("A$120/hr", (120, 120, "AUD", "hour")),
    ("CA$80/hr", (80, 80, "CAD", "hour")),
    ("US$100/h", (100, 100, USD, "hour")),
    ("USD120k", (120_000, 120_000, USD, "year")),
    ("120k USD", (120_000, 120_000, USD, "year")),
    ("90-105k USD", (90_000, 105_000, USD, "year")),
    ("$150K", (150_000, 150_000, USD, "year")),
    ("$40-60 per hour", (40, 60, USD, "hour")),
    ("between $50 and $70 per hour", (50, 70, USD, "hour")),
    ("Budget: $5,000", (5000, 5000, USD, "project")),
    ("$3,500 flat fee", (3500, 3500, USD, "project")),
    ("fixed price: €12,000", (12_000, 12_000, EUR, "project")),
    ("$9,000/month", (9000, 9000, USD, "month")),
    ("$2,000 per week", (2000, 2000, USD, "week")),
    ("€85 hourly", (85, 85, EUR, "hour")),
    ("$1.2M", (1_200_000, 1_200_000, USD, "year")),
    ("Pay: 50-70 USD per hour", (50, 70, USD, "hour")),
    ("$95 an hour", (95, 95, USD, "hour")),
    ("€500 daily", (500, 500, EUR, "day")),
    ("$60/hr (W2 or 1099)", (60, 60, USD, "hour")),
    # --- not rates -------------------------------------------------------------------
    ("Competitive", None),
    ("応相談", None),
    ("スキル見合い", None),
    ("DOE", None),
    ("", None),
    ("5万件", None),
    ("80", None),
    ("週3日", None),
    ("140-180h", None),
    ("3 years of Python", None),
    ("GPT-4 and 3 days", None),
]


@pytest.mark.parametrize("text,expected", RATE_CASES, ids=[c[0] or "empty" for c in RATE_CASES])
def test_parse_rate_table(text: str, expected: tuple | None) -> None:
    rate = parse_rate(text)
    if expected is None:
        assert rate is None
        return
    assert rate is not None, text
    assert (rate.min, rate.max, rate.currency, rate.period) == expected
    assert rate.parsed is True
    assert rate.raw == text.strip()


def test_raw_keeps_the_text_as_written() -> None:
    rate = parse_rate("  ８０万円（スキル見合い） ")
    assert rate is not None and rate.raw == "８０万円（スキル見合い）"


def test_parse_rate_of_non_text_never_raises() -> None:
    for value in (None, 800000, 3.5, [], {}, b"\xff"):
        parse_rate(value)  # type: ignore[arg-type]


FIND_CASES: list[tuple[str, tuple | None, str | None]] = [
    (
        "画像認識モデル開発／80〜90万円／週4日〜／一部リモート／準委任／精算幅140-180h／月末締め翌月末払い",
        (80 * M, 90 * M, JPY, "month"),
        "80〜90万円",
    ),
    (
        "We are a Series B startup (raised $40M). Looking for a freelance ML engineer, "
        "3 days a week. Compensation: $80-$100/hr depending on experience.",
        (80, 100, USD, "hour"),
        "Compensation: $80-$100/hr",
    ),
    (
        "SEEKING FREELANCER | Remote | Python, PyTorch | Pay $120/hour | 20 hrs/week",
        (120, 120, USD, "hour"),
        "Pay $120/hour",
    ),
    (
        "案件概要\n・レコメンドエンジン改善\n・ユーザー数100万人\n単価：〜95万円（スキル見合い）\n稼働：週5日",
        (None, 95 * M, JPY, "month"),
        "単価：〜95万円",
    ),
    ("お世話になっております。月額75万円前後でいかがでしょうか。", (75 * M, 75 * M, JPY, "month"),
     "月額75万円"),
    ("We raised $20M in funding. Rate $90/h.", (90, 90, USD, "hour"), "Rate $90/h"),
    ("Our platform has 5M users. Budget is around $6,000 for the whole project.",
     (6000, 6000, USD, "project"), None),
    ("単価８０万円／月末締め翌月末払い", (80 * M, 80 * M, JPY, "month"), "単価８０万円"),
    ("No rate info here, 3 years of experience required, 2026-11-03.", None, None),
    ("累計100万ダウンロードのアプリ", None, None),
    ("", None, None),
]


@pytest.mark.parametrize("prose,expected,raw", FIND_CASES)
def test_find_rate_in_prose(prose: str, expected: tuple | None, raw: str | None) -> None:
    rate = find_rate(prose)
    if expected is None:
        assert rate is None
        return
    assert rate is not None
    assert (rate.min, rate.max, rate.currency, rate.period) == expected
    assert rate.raw and rate.raw in prose.replace("\n", " ")
    if raw is not None:
        assert rate.raw == raw

"""Checklist hints: money figures from the listing and red-flag phrases in many wordings."""

from __future__ import annotations

from datetime import date

import pytest

from tui.model import Gig, Payment, Rate, Settlement, Span
from tui.money import Money
from tui.store.checklist import CHECK_IDS
from tui.store.hints import find_red_flags, fmt_yen, hints_for


def make(**kw) -> Gig:
    base = dict(uid="manual:1", source="manual", source_id="1", title="画像認識モデル開発")
    base.update(kw)
    return Gig(**base)  # type: ignore[arg-type]


def texts(hints, item: str, lang: str = "ja") -> str:
    return "\n".join(h.text(lang) for h in hints[item])


def flags(text: str) -> list[str]:
    return [f for f, _ in find_red_flags(text)]


# ---------------------------------------------------------------- listing facts


def test_aikos_gig_gives_every_money_hint() -> None:
    g = make(
        rate=Rate(800_000, 900_000, "JPY", "month", "80〜90万円"),
        days_per_week=Span(4, None), settlement_hours=Settlement(140, 180),
        payment=Payment("月末締め翌月末払い", 30), contract_form="quasi_mandate", remote="partial",
    )
    h = hints_for(g, Money())
    assert list(h) == list(CHECK_IDS)
    assert "準委任" in texts(h, "contract_form")
    assert "80〜90万円" in texts(h, "fee") and "80–90 万円" in texts(h, "fee")
    assert "5,000–5,625 円/h" in texts(h, "fee")
    assert "4,444–6,429 円/h" in texts(h, "hours") and "140–180h" in texts(h, "hours")
    assert "週4日〜" in texts(h, "hours") and "4+ days per week" in texts(h, "hours", "en")
    assert "140h未満は控除" in texts(h, "settlement")
    pay = texts(h, "payment_date")
    assert "月末締め翌月末払い" in pay and "支払サイト 30日" in pay and "約60日" in pay
    assert "about 60 days after the first day worked" in texts(h, "payment_date", "en")
    assert all(hint.level == "info" for hint in h["fee"] + h["hours"])


def test_effective_hourly_of_80man_over_140_to_180h() -> None:
    g = make(rate=Rate(800_000, 800_000, "JPY", "month", "80万円"), settlement_hours=Settlement(140, 180))
    h = hints_for(g, Money())
    assert "4,444–5,714 円/h" in texts(h, "hours")
    assert "控除 5,714 円/h" in texts(h, "settlement") and "超過 4,444 円/h" in texts(h, "settlement")


def test_hourly_rate_in_dollars_uses_the_money_settings() -> None:
    g = make(rate=Rate(60, 80, "USD", "hour", "$60 - $80/hour", False))
    h = hints_for(g, Money(hours_per_month=160, fx={"USD": 150.0}))
    assert "144–192 万円" in texts(h, "fee")
    assert "9,000–12,000 円/h" in texts(h, "fee")


def test_fixed_settlement_and_missing_facts() -> None:
    g = make(settlement_hours=Settlement(None, None, fixed=True))
    h = hints_for(g, Money())
    assert "固定" in texts(h, "settlement")
    assert "契約形態の記載なし" in texts(h, "contract_form")
    assert h["contract_form"][0].level == "warn"
    assert "支払条件の記載なし" in texts(h, "payment_date")


def test_contract_for_work_warns_about_acceptance() -> None:
    h = hints_for(make(contract_form="contract_for_work"), Money())
    assert any(x.level == "warn" and "検収" in x.text_ja for x in h["contract_form"])
    assert any("検収" in x.text_ja for x in h["payment_date"])


@pytest.mark.parametrize(
    ("today", "site", "first", "days"),
    [(date(2026, 11, 27), 15, "2026-12-15", 18), (date(2026, 12, 1), 40, "2027-02-09", 70),
     (date(2027, 2, 10), 30, "2027-03-30", 48)],
)
def test_today_gives_the_first_pay_date(today: date, site: int, first: str, days: int) -> None:
    h = hints_for(make(payment=Payment("x", site)), Money(), today)
    assert f"{first}頃（{days}日後）" in texts(h, "payment_date")
    assert first not in texts(hints_for(make(payment=Payment("x", site)), Money()), "payment_date")


def test_a_site_over_60_days_is_a_warning() -> None:
    h = hints_for(make(payment=Payment("月末締め翌々々月末払い", 90)), Money())
    assert any(x.level == "warn" and "60日" in x.text_ja for x in h["payment_date"])


def test_mentions_quote_the_listing() -> None:
    g = make(description="契約期間: 3ヶ月（自動更新あり）。交通費は全額支給。ＮＤＡの締結が必要です。")
    h = hints_for(g, Money())
    assert h["term"][0].quote == "契約期間: 3ヶ月（自動更新あり）。"
    assert "交通費" in (h["expenses"][0].quote or "")
    assert "ＮＤＡ" in (h["nda"][0].quote or "")
    assert flags(g.description) == []  # 交通費は全額支給 is not a liability clause


def test_fmt_yen_open_ends() -> None:
    assert fmt_yen(Span(5000, None)) == "5,000〜"
    assert fmt_yen(Span(None, 6000)) == "〜6,000"
    assert fmt_yen(Span(None, None)) is None


# ---------------------------------------------------------------- red flags

POSITIVE = {
    "post_contract_liability": [
        "契約終了後に発生した損害を全額賠償する。",
        "乙は、本契約の終了後であっても、甲に生じた一切の損害を賠償するものとする。",
        "受注者は、契約満了後に発生した損害についてもすべて賠償責任を負う。",
        "委託先は契約解除後に判明した損害を全額補償すること。",
        "The contractor shall compensate any and all damage arising after the termination of the agreement.",
    ],
    "unlimited_liability": [
        "損害賠償の上限なし。",
        "受託者の損害賠償責任は無制限とする。",
        "乙の賠償額には上限を設けない。",
        "委託先は、甲に生じた損害を制限なく賠償する。",
        "乙は甲に生じた一切の損害を賠償する。",
        "受注者は発生した損害の全額を賠償するものとする。",
        "The freelancer has unlimited liability for damages.",
        "Contractor liability is not capped.",
    ],
    "transfer_fee": [
        "振込手数料は乙の負担とする。",
        "振込手数料は受注者負担。",
        "業務受託者は振込手数料を負担する。",
        "報酬の振込手数料は委託先の負担とします。",
        "報酬から振込手数料を差し引いてお支払いします。",
        "Bank transfer fees are borne by the contractor.",
        "Wire fees will be deducted from your payment.",
    ],
    "no_acceptance_period": [
        "検収期間は設けない。",
        "検収なし。",
        "成果物の検収期間を設定しないものとする。",
        "There is no acceptance period for deliverables.",
    ],
    "no_written_contract": [
        "契約書は交わさない。",
        "口頭での合意のみで開始します。",
        "No written contract; we work on trust.",
    ],
    "incidental_scope": [
        "業務内容: モデル開発、その他付随業務",
        "データ分析およびその他これに付随する業務",
        "その他甲が指示する業務",
        "Model training and other duties as assigned.",
    ],
}

NEGATIVE = [
    "損害賠償の上限は委託料の1か月分とする。",
    "乙の損害賠償責任は、直近3か月の報酬額を上限とする。",
    "乙は甲に生じた一切の損害を賠償する。ただし賠償額は直近1ヶ月分の報酬を上限とする。",
    "損害賠償は受注者の故意又は重大な過失による場合に限る。賠償額は委託料を限度とする。",
    "契約終了後は損害賠償責任を負わない。",
    "振込手数料は甲の負担とする。",
    "振込手数料は甲が負担し、乙に支払う。",
    "振込手数料は当社負担です。",
    "Bank transfer fees are borne by the client.",
    "検収期間は納品後10営業日以内とする。",
    "契約書を締結のうえ開始します。",
    "Liability is capped at one month's fees.",
    "Damages including without limitation lost profits are excluded.",
    "フルリモート、残業なし、服装制限なし。",
    "交通費は全額支給。",
]


@pytest.mark.parametrize(
    ("flag", "text"), [(f, t) for f, ts in POSITIVE.items() for t in ts]
)
def test_red_flags_found_in_many_wordings(flag: str, text: str) -> None:
    found = find_red_flags(text)
    assert flag in [f for f, _ in found]
    quote = dict(found)[flag]
    assert quote and quote.rstrip("。.") in text  # the quote is the listing's own words


@pytest.mark.parametrize("text", NEGATIVE)
def test_harmless_sentences_are_not_flagged(text: str) -> None:
    assert flags(text) == []


def test_full_width_text_is_understood_and_quoted_as_written() -> None:
    text = "ご案内。\n　乙は、契約終了後に発生した損害を全額賠償する。ＵＲＬ：ｘ"
    (flag, quote), = find_red_flags(text)
    assert flag == "post_contract_liability"
    assert quote == "乙は、契約終了後に発生した損害を全額賠償する。"


def test_red_flags_land_on_their_items_as_warnings_and_never_set_state() -> None:
    desc = (
        "業務内容: 画像認識モデルの開発、その他付随業務。\n"
        "乙は契約終了後に発生した損害を全額賠償する。\n"
        "振込手数料は受注者負担。検収期間は設けない。"
    )
    h = hints_for(make(description=desc), Money())
    by_item = {k: {x.flag for x in v if x.flag} for k, v in h.items()}
    assert by_item["liability"] == {"post_contract_liability"}
    assert by_item["scope"] == {"incidental_scope"}
    assert by_item["unfavorable"] == {
        "post_contract_liability", "incidental_scope", "transfer_fee", "no_acceptance_period",
    }
    assert by_item["fee"] == {"transfer_fee"}
    for item in ("liability", "unfavorable"):
        for x in h[item]:
            assert x.level == "warn" and x.quote and x.quote in x.text_ja and x.quote in x.text_en
    assert "振込手数料は受注者負担。" in [x.quote for x in h["fee"]]


def test_empty_or_odd_descriptions_never_raise() -> None:
    for desc in ("", "   ", "。。。", "\x00\ufffd", "a" * 10000, "損害"):
        h = hints_for(make(description=desc), Money())
        assert set(h) == set(CHECK_IDS)

"""Terms found in agents' messages and board prose (tui.normalize.prose)."""

from __future__ import annotations

import pytest

from tui.model import Payment, Rate, Settlement, Span
from tui.normalize.prose import detect_language, extract_terms

M = 10_000

JOURNEY_2 = (
    "画像認識モデル開発／80〜90万円／週4日〜／一部リモート／準委任／精算幅140-180h／"
    "月末締め翌月末払い"
)


def test_journey_two_message_yields_every_field() -> None:
    t = extract_terms(JOURNEY_2)
    assert t["title"] == "画像認識モデル開発"
    rate = t["rate"]
    assert isinstance(rate, Rate)
    assert (rate.min, rate.max, rate.currency, rate.period) == (80 * M, 90 * M, "JPY", "month")
    assert t["days_per_week"] == Span(4, None)
    assert t["remote"] == "partial"
    assert t["contract_form"] == "quasi_mandate"
    assert t["settlement_hours"] == Settlement(140, 180, False)
    assert t["payment"] == Payment("月末締め翌月末払い", 30)


MAIL = """お疲れ様です。以下の案件いかがでしょうか。
【案件名】生成AIを活用した社内検索システム開発
単価：〜95万円（スキル見合い）
稼働：週3日〜
場所：フルリモート（初日のみ出社）
契約：業務委託（準委任）
精算：140h-180h
支払サイト：30日
必須：Python, LangChain, AWS"""


def test_agent_mail_with_labels() -> None:
    t = extract_terms(MAIL)
    assert t["title"] == "生成AIを活用した社内検索システム開発"
    rate = t["rate"]
    assert isinstance(rate, Rate) and (rate.min, rate.max) == (None, 95 * M)
    assert t["days_per_week"] == Span(3, None)
    assert t["remote"] == "full"
    assert t["contract_form"] == "quasi_mandate"
    assert t["engagement"] == ("freelance",)
    assert t["settlement_hours"] == Settlement(140, 180, False)
    assert isinstance(t["payment"], Payment) and t["payment"].site_days == 30
    assert t["skills"] == ("Generative AI", "Python", "LangChain", "AWS")


def test_hn_style_post() -> None:
    post = ("SEEKING FREELANCER | Remote (EU timezones) | ML engineer for recommender system | "
            "$90-120/hr, 3 days a week | Contract | PyTorch, Ray")
    t = extract_terms(post)
    assert t["title"] == "ML engineer for recommender system"
    rate = t["rate"]
    assert isinstance(rate, Rate)
    assert (rate.min, rate.max, rate.currency, rate.period) == (90, 120, "USD", "hour")
    assert t["days_per_week"] == Span(3, 3)
    assert t["remote"] == "full"
    assert "contract" in t["engagement"]  # type: ignore[operator]
    assert t["skills"] == ("Recommender Systems", "PyTorch", "Ray")


@pytest.mark.parametrize(
    "message,key,expected",
    [
        ("需要予測モデル構築\n単価80万円/月\n週5日常駐", "days_per_week", Span(5, 5)),
        ("需要予測モデル構築\n単価80万円/月\n週5日常駐", "remote", "onsite"),
        ("需要予測モデル構築\n単価80万円/月\n週5日常駐", "title", "需要予測モデル構築"),
        ("案件名：LLM評価基盤の構築 / 週2日〜 / 時給6000円", "title", "LLM評価基盤の構築"),
        ("案件名：LLM評価基盤の構築 / 週2日〜 / 時給6000円", "days_per_week", Span(2, None)),
        ("【急募】MLOps基盤構築｜ハイブリッド｜請負", "title", "MLOps基盤構築"),
        ("【急募】MLOps基盤構築｜ハイブリッド｜請負", "remote", "partial"),
        ("【急募】MLOps基盤構築｜ハイブリッド｜請負", "contract_form", "contract_for_work"),
        ("Fraud model audit - fixed price $8,000 - fully remote", "remote", "full"),
        ("締め日は月末、支払日は翌々月10日です", "payment", Payment("締め日は月末、支払日は翌々月10日", 40)),
        ("稼働：週4〜5日、精算幅なし", "settlement_hours", Settlement(None, None, True)),
    ],
)
def test_extract_terms_single_fields(message: str, key: str, expected: object) -> None:
    assert extract_terms(message).get(key) == expected


def test_only_found_keys_are_returned() -> None:
    assert extract_terms("") == {}
    assert extract_terms(None) == {}
    t = extract_terms("こんにちは。ご連絡ありがとうございます。")
    assert "rate" not in t and "payment" not in t and "title" not in t


def test_payment_without_site_is_left_out_of_prose() -> None:
    assert "payment" not in extract_terms("お支払い方法は別途ご相談ください。")


def test_greeting_is_not_a_title() -> None:
    t = extract_terms("お世話になっております。\nデータ基盤刷新プロジェクト\n単価：70万円")
    assert t["title"] == "データ基盤刷新プロジェクト"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("画像認識モデル開発", "ja"),
        ("PyTorchでの開発経験、AWS, Docker, Kubernetes", "ja"),
        ("Senior ML Engineer (remote)", "en"),
        ("We are hiring at 株式会社Example. " + "Python engineer wanted. " * 20, "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang

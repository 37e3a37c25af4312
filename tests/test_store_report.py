"""The 契約前確認リスト report, from a live gig and from the snapshot of a vanished one."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.model import Gig, Payment, Rate, Settlement, Span
from tui.money import Money
from tui.store.checklist import CHECK_IDS, CHECK_ITEMS
from tui.store.report import report_json, report_markdown
from tui.store.shortlist import Entry, Shortlist

T0 = datetime(2026, 11, 27, 8, tzinfo=timezone.utc)


def _clock():
    t = [T0]

    def now() -> datetime:
        t[0] += timedelta(seconds=1)
        return t[0]

    return now


@pytest.fixture
def gig() -> Gig:
    return Gig(
        uid="manual:aiko1", source="manual", source_id="aiko1", title="画像認識モデル開発",
        client="Acme AI", agent="Agent K", url="https://example.com/job/1",
        rate=Rate(800_000, 900_000, "JPY", "month", "80〜90万円"),
        days_per_week=Span(4, None), settlement_hours=Settlement(140, 180),
        payment=Payment("月末締め翌月末払い", 30), contract_form="quasi_mandate", remote="partial",
        description="乙は契約終了後に発生した損害を全額賠償する。",
    )


@pytest.fixture
def entry(tmp_path: Path, gig: Gig) -> Entry:
    s = Shortlist(tmp_path / "shortlist.toml", clock=_clock())
    s.star(gig.uid, gig)
    s.set_status(gig.uid, "applied")
    s.set_check(gig.uid, "fee", "ok", note="100万円で合意")
    s.set_check(gig.uid, "liability", "ng", note="契約終了後の賠償は削除を依頼\r\n二行目 | パイプ")
    s.set_check(gig.uid, "unfavorable", "concern")
    s.set_note(gig.uid, "面談は12/3。\n持ち物: PC\n")
    e = s.get(gig.uid)
    assert e is not None
    return e


def test_markdown_report_has_terms_items_states_notes_and_hints(entry: Entry, gig: Gig) -> None:
    md = report_markdown(gig.uid, entry, gig, Money())
    assert md.startswith("# 契約前確認リスト: 画像認識モデル開発\n")
    for fact in ("Acme AI", "Agent K", "https://example.com/job/1", "80〜90万円", "80–90 万円",
                 "5,000–5,625 円/h", "4,444–6,429 円/h", "週4日〜", "一部リモート", "準委任",
                 "140–180h", "月末締め翌月末払い（支払サイト30日）", "応募済", "manual:aiko1"):
        assert fact in md, fact
    assert "チェック済 3/11・要確認 1・NG 1" in md  # 3 items touched: ok, ng, concern
    positions = [md.index(f"**{item.label_ja}** —") for item in CHECK_ITEMS]
    assert positions == sorted(positions)
    assert "✓ **報酬** — 確認済" in md and "✗ **損害賠償** — NG" in md
    assert "⚠ **不利な内容の記載** — 要確認・交渉" in md and "· **業務内容** — 未確認" in md
    assert "100万円で合意" in md
    assert "      契約終了後の賠償は削除を依頼\n      二行目 | パイプ" in md
    assert "\r" not in md
    liability = md[md.index("**損害賠償**"): md.index("**不利な内容の記載**")]
    assert "乙は契約終了後に発生した損害を全額賠償する。" in liability
    assert md.rstrip().endswith("面談は12/3。\n持ち物: PC")


def test_english_report(entry: Entry, gig: Gig) -> None:
    md = report_markdown(gig.uid, entry, gig, Money(), lang="en")
    assert md.startswith("# Pre-contract checklist: 画像認識モデル開発")
    assert "**Liability** — NG" in md and "4+ days/week" in md and "30-day payment site" in md
    assert "Red flag: Liability for damage after the contract ends" in md


def test_report_of_a_vanished_gig_uses_the_snapshot(entry: Entry, gig: Gig) -> None:
    md = report_markdown(gig.uid, entry, None, Money())
    assert md.startswith("# 契約前確認リスト: 画像認識モデル開発")
    assert "掲載は終了" in md
    assert "Acme AI" in md and "https://example.com/job/1" in md and "80〜90万円" in md
    assert "100万円で合意" in md and "掲載情報" not in md


def test_report_without_an_entry_lists_every_item_as_todo(gig: Gig) -> None:
    md = report_markdown(gig.uid, None, gig, Money())
    assert md.count("— 未確認") == len(CHECK_ITEMS)
    assert "チェック済 0/11" in md


def test_report_of_nothing_at_all_still_renders() -> None:
    md = report_markdown("gone:1", None, None, Money())
    assert "（無題）" in md and "gone:1" in md


def test_untrusted_text_cannot_break_the_markdown(gig: Gig) -> None:
    gig.title = "Title\n# injected | cell"
    gig.client = "A\nB"
    md = report_markdown(gig.uid, None, gig, Money())
    assert md.splitlines()[0] == "# 契約前確認リスト: Title # injected \\| cell"
    assert "- **クライアント**: A B" in md


def test_json_report_has_the_same_content(entry: Entry, gig: Gig) -> None:
    data = report_json(gig.uid, entry, gig, Money())
    json.dumps(data, ensure_ascii=False)  # JSON-ready
    assert data["uid"] == gig.uid and data["vanished"] is False
    assert data["gig"] == gig.to_json()
    assert data["entry"]["note"] == "面談は12/3。\n持ち物: PC\n"
    assert data["summary"] == {"done": 3, "total": 11, "concern": 1, "ng": 1}
    assert [c["id"] for c in data["checks"]] == list(CHECK_IDS)
    liability = data["checks"][CHECK_IDS.index("liability")]
    assert liability["state"] == "ng" and liability["note"].endswith("二行目 | パイプ")
    assert "\r\n" in liability["note"]  # JSON keeps the note exactly
    assert any(h["flag"] == "post_contract_liability" for h in liability["hints"])
    assert data["facts"]["effective"] == "4,444–6,429 円/h"


def test_json_report_of_a_vanished_gig(entry: Entry) -> None:
    data = report_json(entry.uid, entry, None, Money(), lang="en")
    assert data["gig"] is None and data["vanished"] is True
    assert data["title"] == "画像認識モデル開発"
    assert data["facts"]["rate"] == "80〜90万円"
    assert all(c["hints"] == [] for c in data["checks"])
    assert data["checks"][0]["state_label"] == "To check"

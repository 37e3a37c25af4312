"""Work terms as agents write them (tui.normalize.terms): days, 精算幅, 支払サイト,
contract form, remote, engagement. Tables of real-looking wordings."""

from __future__ import annotations

import pytest

from tui.model import CONTRACT_FORMS, ENGAGEMENTS, REMOTES
from tui.normalize.terms import (
    parse_contract_form,
    parse_days,
    parse_engagement,
    parse_payment,
    parse_remote,
    parse_settlement,
)

DAYS_CASES: list[tuple[str, tuple | None]] = [
    ("週2〜5日", (2, 5)),
    ("週3日〜", (3, None)),
    ("週5日", (5, 5)),
    ("週4-5", (4, 5)),
    ("3 days/week", (3, 3)),
    ("3-4 days a week", (3, 4)),
    ("週３日から相談可", (3, None)),
    ("稼働：週4〜5日", (4, 5)),
    ("週２日", (2, 2)),
    ("週1日以上", (1, None)),
    ("週3日まで", (1, 3)),
    ("週１〜２日程度", (1, 2)),
    ("週 3 〜 4 日", (3, 4)),
    ("稼働日数：週4日～", (4, None)),
    ("週4日（応相談）", (4, 4)),
    ("週5日(フルリモート)", (5, 5)),
    ("3日/週", (3, 3)),
    ("up to 3 days per week", (1, 3)),
    ("2 to 3 days a week", (2, 3)),
    ("4 days/wk", (4, 4)),
    ("minimum 3 days a week", (3, None)),
    ("3+ days/week", (3, None)),
    ("5 days per week", (5, 5)),
    ("土日のみ", (1, 2)),
    ("週末のみ稼働", (1, 2)),
    ("weekends only", (1, 2)),
    ("フル稼働", (5, 5)),
    ("full-time", (5, 5)),
    ("3", (3, 3)),
    ("2-3", (2, 3)),
    # not days
    ("週1出社", None),
    ("週1日出社", None),
    ("週2~3日リモート", None),
    ("週20時間", None),
    ("週10日", None),
    ("非常勤", None),
    ("Full time, 40h/week", None),
    ("土日祝休み", None),
    ("応相談", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", DAYS_CASES)
def test_parse_days(text: str, expected: tuple | None) -> None:
    span = parse_days(text)
    if expected is None:
        assert span is None
    else:
        assert span is not None and (span.min, span.max) == expected


SETTLEMENT_CASES: list[tuple[str, tuple | None]] = [
    ("140〜180h", (140, 180, False)),
    ("精算幅140-180h", (140, 180, False)),
    ("140h〜180h", (140, 180, False)),
    ("140〜180時間", (140, 180, False)),
    ("精算幅なし", (None, None, True)),
    ("精算なし", (None, None, True)),
    ("固定", (None, None, True)),
    ("精算無し", (None, None, True)),
    ("精算：140h-180h", (140, 180, False)),
    ("精算幅：160h~200h", (160, 200, False)),
    ("清算幅 140/180h", (140, 180, False)),
    ("150-200H", (150, 200, False)),
    ("精算幅 140~180", (140, 180, False)),
    ("１４０〜１８０ｈ", (140, 180, False)),
    ("180〜140h", (140, 180, False)),
    ("下限140h 上限180h", (140, 180, False)),
    ("上限200h", (None, 200, False)),
    ("140-180", (140, 180, False)),
    ("精算幅：固定", (None, None, True)),
    ("no settlement (fixed monthly fee)", (None, None, True)),
    # not settlement
    ("固定報酬30万円", None),
    ("40 hours/week", None),
    ("20-30h/week", None),
    ("週20時間", None),
    ("固定IPのVPN環境です。勤怠は月末にまとめて提出、精算の有無は別途相談となります。", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", SETTLEMENT_CASES)
def test_parse_settlement(text: str, expected: tuple | None) -> None:
    s = parse_settlement(text)
    if expected is None:
        assert s is None
    else:
        assert s is not None and (s.min, s.max, s.fixed) == expected


PAYMENT_CASES: list[tuple[str, int | None, str | None]] = [
    ("月末締め翌月15日払い", 15, "月末締め翌月15日払い"),
    ("月末締め翌月末払い", 30, "月末締め翌月末払い"),
    ("月末締め翌々月10日払い", 40, "月末締め翌々月10日払い"),
    ("月末締め翌々月末払い", 60, "月末締め翌々月末払い"),
    ("15日締め翌月末払い", 45, "15日締め翌月末払い"),
    ("20日締め翌月20日払い", 30, "20日締め翌月20日払い"),
    ("30日サイト", 30, "30日サイト"),
    ("45日サイト", 45, "45日サイト"),
    ("Net 30", 30, "Net 30"),
    ("net-45", 45, "net-45"),
    ("支払サイト：30日", 30, "支払サイト：30日"),
    ("締め日は月末、支払日は翌月末", 30, "締め日は月末、支払日は翌月末"),
    ("末締め翌月末日支払い", 30, "末締め翌月末日支払い"),
    ("月末〆翌月25日振込", 25, "月末〆翌月25日振込"),
    ("翌月末払い", 30, "翌月末払い"),
    ("支払条件：月末締め、翌月20日お支払い", 20, None),
    ("Payment within 30 days of invoice", 30, "Payment within 30 days"),
    ("NET60", 60, "NET60"),
    ("お支払いは検収後", None, "お支払いは検収後"),
    ("payment on delivery", None, "payment on delivery"),
    ("hello", None, None),
    ("フルリモート", None, None),
]


@pytest.mark.parametrize("text,site,raw", PAYMENT_CASES)
def test_parse_payment(text: str, site: int | None, raw: str | None) -> None:
    p = parse_payment(text)
    if site is None and raw is None:
        assert p is None
        return
    assert p is not None
    assert p.site_days == site
    if raw is not None:
        assert p.raw == raw


FORM_CASES = [
    ("準委任", "quasi_mandate"),
    ("準委任契約", "quasi_mandate"),
    ("quasi-mandate", "quasi_mandate"),
    ("SES", "quasi_mandate"),
    ("業務委託（準委任）", "quasi_mandate"),
    ("請負", "contract_for_work"),
    ("請負契約（成果物納品）", "contract_for_work"),
    ("受託", "contract_for_work"),
    ("派遣", "dispatch"),
    ("正社員", "employment"),
    ("direct hire", "employment"),
    ("permanent", "employment"),
    ("quasi_mandate", "quasi_mandate"),
    ("業務委託", "unknown"),
    ("", "unknown"),
    ("???", "unknown"),
]


@pytest.mark.parametrize("text,expected", FORM_CASES)
def test_parse_contract_form(text: str, expected: str) -> None:
    assert parse_contract_form(text) == expected
    assert expected in CONTRACT_FORMS


REMOTE_CASES = [
    ("フルリモート", "full"),
    ("完全リモート", "full"),
    ("リモートワーク可（全日）", "full"),
    ("fully remote", "full"),
    ("100% remote", "full"),
    ("remote", "full"),
    ("Anywhere", "full"),
    ("worldwide", "full"),
    ("Remote (US only)", "full"),
    ("在宅勤務可", "full"),
    ("TELECOMMUTE", "full"),
    ("リモート（初日のみ出社）", "full"),
    ("フルリモート、出社不要", "full"),
    ("一部リモート", "partial"),
    ("リモート併用", "partial"),
    ("週1出社", "partial"),
    ("hybrid", "partial"),
    ("Hybrid remote", "partial"),
    ("partially remote", "partial"),
    ("基本リモート（月1〜2回出社）", "partial"),
    ("リモート（週2〜3日出社）", "partial"),
    ("週2日リモート可", "partial"),
    ("Remote, on-site 2 days a month", "partial"),
    ("常駐", "onsite"),
    ("出社", "onsite"),
    ("オンサイト", "onsite"),
    ("on-site", "onsite"),
    ("onsite", "onsite"),
    ("in office", "onsite"),
    ("東京都港区（常駐）", "onsite"),
    ("リモート不可", "onsite"),
    ("Must work in-person in Berlin", "onsite"),
    ("partial", "partial"),
    ("", "unknown"),
    ("東京都渋谷区", "unknown"),
]


@pytest.mark.parametrize("text,expected", REMOTE_CASES)
def test_parse_remote(text: str, expected: str) -> None:
    assert parse_remote(text) == expected
    assert expected in REMOTES


ENGAGEMENT_CASES: list[tuple[object, tuple[str, ...]]] = [
    ("Full Time", ("full_time",)),
    ("full_time", ("full_time",)),
    ("FULL_TIME", ("full_time",)),
    ("CONTRACTOR", ("contract",)),
    ("Contract", ("contract",)),
    ("Contractor", ("contract",)),
    ("Part-Time", ("part_time",)),
    ("Temporary", ("temporary",)),
    ("Intern", ("internship",)),
    ("freelance", ("freelance",)),
    ("業務委託", ("freelance",)),
    ("副業", ("part_time",)),
    ("正社員", ("full_time",)),
    (["Full-Time", "Contract"], ("full_time", "contract")),
    ("Full-Time, Contract", ("full_time", "contract")),
    (["PART_TIME", "part time", "Part-Time"], ("part_time",)),
    ("part of the team", ()),
    (None, ()),
    ([None, 3, {"x": 1}], ()),
]


@pytest.mark.parametrize("value,expected", ENGAGEMENT_CASES)
def test_parse_engagement(value: object, expected: tuple[str, ...]) -> None:
    got = parse_engagement(value)
    assert got == expected
    assert all(e in ENGAGEMENTS for e in got)

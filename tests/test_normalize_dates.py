"""Dates as sources send them (tui.normalize.dates.parse_datetime): always aware UTC."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tui.normalize.dates import parse_datetime

UTC = timezone.utc
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)

CASES = [
    ("2026-09-23T21:40:19+00:00", datetime(2026, 9, 23, 21, 40, 19, tzinfo=UTC)),
    ("2026-09-18T15:10:28", datetime(2026, 9, 18, 15, 10, 28, tzinfo=UTC)),
    ("2026-11-03T15:10:28Z", datetime(2026, 11, 3, 15, 10, 28, tzinfo=UTC)),
    ("2026-11-03T09:00:00+09:00", datetime(2026, 11, 3, 0, 0, tzinfo=UTC)),
    (1790000000, datetime.fromtimestamp(1790000000, UTC)),
    (1790000000000, datetime.fromtimestamp(1790000000, UTC)),
    ("1790000000", datetime.fromtimestamp(1790000000, UTC)),
    (1790000000.5, datetime.fromtimestamp(1790000000.5, UTC)),
    ("Mon, 23 Sep 2026 21:40:19 +0000", datetime(2026, 9, 23, 21, 40, 19, tzinfo=UTC)),
    ("Wed, 02 Oct 2026 08:00:00 GMT", datetime(2026, 10, 2, 8, 0, tzinfo=UTC)),
    ("2026/11/03", datetime(2026, 11, 3, tzinfo=UTC)),
    ("2026年11月3日", datetime(2026, 11, 3, tzinfo=UTC)),
    ("２０２６年１１月３日", datetime(2026, 11, 3, tzinfo=UTC)),
    ("2026.11.03", datetime(2026, 11, 3, tzinfo=UTC)),
    (datetime(2026, 1, 1), datetime(2026, 1, 1, tzinfo=UTC)),
    (date(2026, 1, 2), datetime(2026, 1, 2, tzinfo=UTC)),
    (None, None),
    ("garbage", None),
    ("", None),
    (True, None),
    (-5, None),
    (float("nan"), None),
    ("99999999999999999999", None),
    ("2026-02-30", None),
    ([2026, 1, 1], None),
]


@pytest.mark.parametrize("value,expected", CASES)
def test_parse_datetime(value: object, expected: datetime | None) -> None:
    got = parse_datetime(value)
    assert got == expected
    if got is not None:
        assert got.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value,delta",
    [("3 days ago", timedelta(days=3)), ("2日前", timedelta(days=2)),
     ("5 hours ago", timedelta(hours=5)), ("yesterday", timedelta(days=1)),
     ("本日", timedelta(0))],
)
def test_relative_dates_need_now(value: str, delta: timedelta) -> None:
    assert parse_datetime(value, now=NOW) == NOW - delta
    assert parse_datetime(value) is None

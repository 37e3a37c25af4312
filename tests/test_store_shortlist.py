"""The shortlist store: shape on disk, mutations, exact notes, hand edits, broken files."""

from __future__ import annotations

import os
import time
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.errors import StoreError, UsageError
from tui.model import Gig, Rate
from tui.store.checklist import (
    CHECK_IDS,
    CHECK_ITEMS,
    STATE_IDS,
    STATES,
    STATUS_IDS,
    parse_item,
    parse_state,
    parse_status,
)
from tui.store.shortlist import Shortlist, render_document

T0 = datetime(2026, 11, 27, 8, 0, 0, tzinfo=timezone.utc)


class Clock:
    """A clock that advances one minute per call, so every change has its own time."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        value = self.now
        self.now += timedelta(minutes=1)
        return value


def gig(uid: str = "remotive:1934101", title: str = "Freelance Data Scientist") -> Gig:
    return Gig(
        uid=uid, source="remotive", source_id=uid.split(":")[1], title=title,
        client="Quillfeather Labs", url="https://remotive.com/x",
        rate=Rate(60, 80, "USD", "hour", "$60 - $80/hour", False),
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "shortlist.toml"


@pytest.fixture
def store(path: Path) -> Shortlist:
    return Shortlist(path, clock=Clock())


# ---------------------------------------------------------------- checklist tables


def test_checklist_ids_labels_and_states_are_the_documented_ones() -> None:
    assert CHECK_IDS == (
        "contract_form", "scope", "fee", "expenses", "hours", "settlement",
        "payment_date", "term", "liability", "unfavorable", "nda",
    )
    assert [i.label_ja for i in CHECK_ITEMS] == [
        "契約形態", "業務内容", "報酬", "報酬以外の経費", "稼働時間", "精算幅外の控除・超過",
        "報酬の支払日", "契約期間・更新", "損害賠償", "不利な内容の記載", "秘密保持契約",
    ]
    assert all(i.label_en and i.confirm_ja and i.confirm_en for i in CHECK_ITEMS)
    assert STATE_IDS == ("todo", "ok", "concern", "ng")
    assert [s.label_ja for s in STATES] == ["未確認", "確認済", "要確認・交渉", "NG"]
    assert len({s.symbol for s in STATES}) == 4
    assert STATUS_IDS == ("interested", "applied", "interviewing", "offered", "contracted", "declined", "rejected")


@pytest.mark.parametrize(
    ("func", "value", "expected"),
    [
        (parse_state, "ok", "ok"), (parse_state, "確認済", "ok"), (parse_state, "⚠", "concern"),
        (parse_state, "NG", "ng"), (parse_state, " Concern ", "concern"),
        (parse_item, "payment_date", "payment_date"), (parse_item, "損害賠償", "liability"),
        (parse_item, "payment-date", "payment_date"), (parse_status, "Applied", "applied"),
        (parse_status, "契約済", "contracted"),
    ],
)
def test_parsers_accept_ids_labels_and_symbols(func, value: str, expected: str) -> None:
    assert func(value) == expected


@pytest.mark.parametrize(
    ("func", "value", "listed"),
    [(parse_state, "maybe", "todo, ok, concern, ng"), (parse_item, "salary", "contract_form"),
     (parse_status, "hired", "interested, applied")],
)
def test_parsers_list_valid_values(func, value: str, listed: str) -> None:
    with pytest.raises(UsageError) as exc:
        func(value)
    assert listed in str(exc.value) and value in str(exc.value)


# ---------------------------------------------------------------- shape and mutations


def test_file_has_the_documented_shape(store: Shortlist, path: Path) -> None:
    g = gig()
    store.star(g.uid, g)
    store.set_status(g.uid, "applied")
    store.set_check(g.uid, "fee", "ok", note="100万円で合意")
    store.set_note(g.uid, "面談は12/3。\n")
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["schema"] == 1
    e = data["gigs"]["remotive:1934101"]
    assert e["starred"] is True and e["status"] == "applied" and e["note"] == "面談は12/3。\n"
    assert isinstance(e["updated"], datetime) and e["updated"].tzinfo is not None
    assert e["snapshot"] == {
        "title": "Freelance Data Scientist", "client": "Quillfeather Labs",
        "url": "https://remotive.com/x", "source": "remotive", "rate": "$60 - $80/hour",
    }
    assert e["history"] == [{"status": "applied", "at": T0 + timedelta(minutes=1)}]
    assert e["checks"]["fee"] == {"state": "ok", "note": "100万円で合意", "updated": T0 + timedelta(minutes=2)}
    assert e["updated"] == T0 + timedelta(minutes=3)


def test_mutations_refresh_memory_and_survive_a_restart(store: Shortlist, path: Path) -> None:
    uid = "manual:abc"
    store.star(uid)
    store.set_status(uid, "interviewing")
    store.set_check(uid, "liability", "ng", note="契約終了後の賠償")
    assert store.is_starred(uid) and store.status_of(uid) == "interviewing"
    assert store.checks_summary(uid) == "1/11 ⚠0 ✗1"
    again = Shortlist(path)
    assert again.get(uid) == store.get(uid)
    assert again.starred_uids() == {uid}


def test_unstar_keeps_status_note_and_checks(store: Shortlist) -> None:
    uid = "x:1"
    store.star(uid)
    store.set_status(uid, "applied")
    store.set_note(uid, "keep me")
    store.set_check(uid, "nda", "concern")
    e = store.unstar(uid)
    assert e is not None and not e.starred
    assert (e.status, e.note, e.checks["nda"].state) == ("applied", "keep me", "concern")
    assert store.starred_uids() == set()


def test_unstarring_a_bare_star_drops_the_entry(store: Shortlist, path: Path) -> None:
    store.star("x:1")
    store.star("x:2")
    assert store.unstar("x:1") is None
    assert store.get("x:1") is None
    assert set(tomllib.loads(path.read_text("utf-8"))["gigs"]) == {"x:2"}


def test_status_history_is_appended_in_time_order(store: Shortlist) -> None:
    uid = "x:1"
    for s in ("interested", "applied", "applied", "interviewing", "offered", "contracted"):
        store.set_status(uid, s)
    e = store.get(uid)
    assert e is not None
    assert [h.status for h in e.history] == ["interested", "applied", "interviewing", "offered", "contracted"]
    times = [h.at for h in e.history]
    assert times == sorted(times) and len(set(times)) == len(times)


def test_set_check_note_none_keeps_the_old_note(store: Shortlist) -> None:
    store.set_check("x:1", "fee", "concern", note="100万円を提示中")
    e = store.set_check("x:1", "fee", "ok")
    assert e is not None and (e.checks["fee"].state, e.checks["fee"].note) == ("ok", "100万円を提示中")
    e = store.set_check("x:1", "fee", "ok", note="")
    assert e is not None and e.checks["fee"].note == ""


def test_checks_are_written_in_checklist_order(store: Shortlist, path: Path) -> None:
    for item in reversed(CHECK_IDS):
        store.set_check("x:1", item, "ok")
    text = path.read_text("utf-8")
    positions = [text.index(f'checks.{item}]') for item in CHECK_IDS]
    assert positions == sorted(positions)
    assert store.checks_summary("x:1") == "11/11 ⚠0 ✗0"


def test_checks_summary_counts(store: Shortlist) -> None:
    assert store.checks_summary("none:1") == ""
    store.set_check("x:1", "fee", "ok")
    store.set_check("x:1", "term", "concern")
    store.set_check("x:1", "nda", "ng")
    store.set_check("x:1", "scope", "todo", note="not yet")
    assert store.checks_summary("x:1") == "3/11 ⚠1 ✗1"


def test_bad_values_raise_usage_errors_and_write_nothing(store: Shortlist, path: Path) -> None:
    with pytest.raises(UsageError):
        store.set_status("x:1", "hired")
    with pytest.raises(UsageError):
        store.set_check("x:1", "salary", "ok")
    with pytest.raises(UsageError):
        store.set_check("x:1", "fee", "great")
    with pytest.raises(UsageError):
        store.star("")
    assert not path.exists()


def test_snapshot_is_refreshed_when_a_gig_is_given(store: Shortlist) -> None:
    store.star("remotive:1", gig("remotive:1", "Old title"))
    store.set_note("remotive:1", "n", gig("remotive:1", "New title"))
    e = store.get("remotive:1")
    assert e is not None and e.snapshot.title == "New title" and e.snapshot.rate == "$60 - $80/hour"
    store.set_note("remotive:1", "n2")  # no gig: snapshot kept
    assert store.get("remotive:1").snapshot.title == "New title"  # type: ignore[union-attr]


def test_remove_forgets_a_gig(store: Shortlist) -> None:
    store.star("x:1")
    store.set_note("x:1", "note")
    assert store.remove("x:1") is True
    assert store.get("x:1") is None
    assert store.remove("x:1") is False


# ---------------------------------------------------------------- exact notes, determinism

NOTES = [
    "面談は12/3。\n持ち物: 「PC」と『資料』\n",
    'quotes " and \' and """triple""" and \'\'\'single triple\'\'\'',
    "brackets [gigs.\"x\"] {a = 1} ]] [[",
    "back\\slash \\n not a newline \\\\ \\u0041",
    "tab\there\tand trailing spaces   \n\n",
    "windows\r\nline\r\nendings\r\n",
    "lone\rcarriage and \r\n mixed \n",
    "\n\nleading blank lines",
    "絵文字 🙂 and NUL-free control \x07 bell \x1b esc",
    "",
]


@pytest.mark.parametrize("note", NOTES)
def test_notes_round_trip_exactly(store: Shortlist, path: Path, note: str) -> None:
    store.set_note("x:1", "placeholder")
    store.set_note("x:1", note)
    store.set_check("x:1", "unfavorable", "concern", note=note + "（交渉中）")
    fresh = Shortlist(path)
    e = fresh.get("x:1")
    assert e is not None
    assert e.note == note
    assert e.checks["unfavorable"].note == note + "（交渉中）"
    assert tomllib.loads(path.read_text("utf-8"))["gigs"]["x:1"].get("note", "") == note


def test_lf_notes_are_written_as_readable_multiline_blocks(store: Shortlist, path: Path) -> None:
    store.set_note("x:1", "一行目\n二行目\n")
    assert "一行目\n二行目\n" in path.read_text("utf-8")


def test_same_content_written_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    def build(p: Path) -> bytes:
        s = Shortlist(p, clock=Clock())
        s.star("b:2", gig("b:2"))
        s.set_check("a:1", "nda", "ok", note="NDA\r\nあり")
        s.set_check("a:1", "fee", "concern")
        s.set_status("b:2", "applied")
        s.set_note("a:1", "x\ny")
        return p.read_bytes()

    first, second = build(tmp_path / "1.toml"), build(tmp_path / "2.toml")
    assert first == second
    text = first.decode()
    assert text.index('"a:1"') < text.index('"b:2"')  # gigs sorted by uid
    # re-rendering what was read gives the same bytes again
    s = Shortlist(tmp_path / "1.toml")
    assert render_document({e.uid: e for e in s.entries()}) == first


def test_a_no_op_mutation_does_not_touch_the_file(store: Shortlist, path: Path) -> None:
    store.star("x:1")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    time.sleep(0.01)
    store.star("x:1")
    store.set_status("x:1", "applied")
    mid = path.read_bytes()
    store.set_status("x:1", "applied")
    assert path.read_bytes() == mid
    assert before[0] != mid


# ---------------------------------------------------------------- hand edits

def test_hand_edits_between_mutations_survive(store: Shortlist, path: Path) -> None:
    store.star("x:1")
    store.set_note("x:1", "from the app")
    text = path.read_text("utf-8")
    text = text.replace('note = "from the app"', 'note = "edited by hand"')
    text += '\n[gigs."hand:1"]\nstarred = true\nstatus = "offered"\n\n[gigs."hand:1".checks.term]\nstate = "ng"\nnote = "自動更新"\n'
    path.write_text(text, "utf-8")
    store.set_check("x:1", "fee", "ok")  # re-reads under the lock
    assert store.get("x:1").note == "edited by hand"  # type: ignore[union-attr]
    hand = store.get("hand:1")
    assert hand is not None and hand.status == "offered" and hand.checks["term"].note == "自動更新"
    assert Shortlist(path).get("hand:1") == hand


def test_reload_if_changed_picks_up_hand_edits(store: Shortlist, path: Path) -> None:
    store.star("x:1")
    assert store.reload_if_changed() is False
    path.write_text('schema = 1\n[gigs."y:1"]\nstarred = true\n', "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert store.reload_if_changed() is True
    assert store.starred_uids() == {"y:1"}


def test_a_missing_schema_and_local_times_are_accepted(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('[gigs."a:1"]\nstarred = true\nupdated = 2026-11-27T08:00:00\n', "utf-8")
    s = Shortlist(path)
    assert s.error is None and s.get("a:1").updated == T0  # type: ignore[union-attr]


# ---------------------------------------------------------------- broken files

BROKEN = [
    ('schema = 1\n\n[gigs."a:1"]\nstarred = true\nnote = "unterminated\n', 5, "not valid TOML"),
    ('schema = 1\n[gigs."a:1"]\nstarred = true\nstatus = "hired"\n', 4, "unknown status"),
    ('schema = 1\n[gigs."a:1"]\nstarred = "yes"\n', 3, "true or false"),
    ('schema = 1\n[gigs."a:1"]\nstarred = true\n\n[gigs."a:1".checks.fee]\nstate = "fine"\n', 6, "unknown state"),
    ('schema = 1\n[gigs."a:1".checks.salary]\nstate = "ok"\n', 2, "unknown key"),
    ('schema = 2\n', 1, "newer"),
    ('schema = 1\ngigs = 3\n', 2, "gigs"),
    ('schema = 1\n[gigs."a:1"]\nstarred = true\nhistory = [{status = "applied"}]\n', 4, "status and at"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BROKEN)
def test_a_broken_file_is_reported_backed_up_and_never_overwritten(
    path: Path, text: str, line: int, problem: str
) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-8"))
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)

    store = Shortlist(path, clock=Clock())
    assert store.read_only
    assert store.error is not None
    assert store.error.path == str(path) and store.error.line == line
    assert problem in store.error.problem
    assert f"shortlist.toml:{line}" in str(store.error)

    backups = list(path.parent.glob("shortlist.toml.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == before[0]
    assert store.backup_path == backups[0]

    for mutate in (
        lambda: store.star("a:1"), lambda: store.unstar("a:1"), lambda: store.set_note("a:1", "x"),
        lambda: store.set_status("a:1", "applied"), lambda: store.set_check("a:1", "fee", "ok"),
        lambda: store.remove("a:1"),
    ):
        with pytest.raises(StoreError) as exc:
            mutate()
        assert "read-only" in str(exc.value)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before

    # a second load does not pile up backups
    Shortlist(path)
    assert len(list(path.parent.glob("shortlist.toml.corrupt-*"))) == 1


def test_a_file_broken_by_hand_while_running_stops_writes_until_fixed(store: Shortlist, path: Path) -> None:
    store.star("a:1")
    good = path.read_bytes()
    path.write_bytes(good + b"\n[oops\n")
    broken = path.read_bytes()
    with pytest.raises(StoreError):
        store.set_note("a:1", "lost?")
    assert path.read_bytes() == broken
    assert store.read_only and store.error is not None and store.error.line is not None
    assert store.get("a:1") is not None  # last good copy still shown
    path.write_bytes(good)
    assert store.reload_if_changed() is True
    assert not store.read_only and store.error is None
    store.set_note("a:1", "now saved")
    assert Shortlist(path).get("a:1").note == "now saved"  # type: ignore[union-attr]


def test_unreadable_utf8_is_reported_with_its_line(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b'schema = 1\n[gigs."a:1"]\nnote = "\xff\xfe"\n')
    store = Shortlist(path)
    assert store.read_only and store.error is not None and store.error.line == 3


def test_threads_of_one_process_serialise_their_saves(store: Shortlist, path: Path) -> None:
    import threading

    def work(t: int) -> None:
        for i in range(10):
            store.star(f"t{t}:{i}")

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    expected = {f"t{t}:{i}" for t in range(4) for i in range(10)}
    assert Shortlist(path).starred_uids() == expected
    assert store.starred_uids() == expected

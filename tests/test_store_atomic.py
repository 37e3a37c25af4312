"""The safe writer: atomic replace, the lock file, update_toml and exact TOML dumping."""

from __future__ import annotations

import os
import stat
import threading
import time
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.errors import StoreError
from tui.store.atomic import (
    atomic_write_bytes,
    atomic_write_text,
    dump_toml,
    lock_path,
    locked,
    parse_toml,
    update_file,
    update_toml,
)


def test_atomic_write_creates_parents_and_writes_exact_bytes(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.bin"
    data = b"\x00\r\n\xff" * 100
    atomic_write_bytes(target, data)
    assert target.read_bytes() == data
    atomic_write_text(target, "行1\r\n行2")
    assert target.read_bytes() == "行1\r\n行2".encode()
    # no temp files left behind
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "secret.toml"
    target.write_text("x = 1\n")
    os.chmod(target, 0o600)
    atomic_write_text(target, "x = 2\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == "x = 2\n"


def test_atomic_write_into_a_file_path_reports_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(StoreError) as exc:
        atomic_write_bytes(blocker / "x.toml", b"x")
    assert "x.toml" in str(exc.value)


def test_lock_file_is_separate_and_never_renamed(tmp_path: Path) -> None:
    target = tmp_path / "store.toml"
    assert lock_path(target) == tmp_path / "store.toml.lock"
    with locked(target) as lp:
        assert lp.exists()
        inode = lp.stat().st_ino
        atomic_write_text(target, "a = 1\n")
    update_toml(target, lambda d: d.update(b=2))
    assert lock_path(target).stat().st_ino == inode


def test_lock_excludes_a_second_holder_until_released(tmp_path: Path) -> None:
    target = tmp_path / "store.toml"
    order: list[str] = []
    entered = threading.Event()

    def other() -> None:
        entered.set()
        with locked(target):
            order.append("other")

    with locked(target):
        t = threading.Thread(target=other)
        t.start()
        entered.wait(2)
        time.sleep(0.2)
        order.append("first")
    t.join(5)
    assert order == ["first", "other"]


def test_update_toml_rereads_applies_and_returns(tmp_path: Path) -> None:
    target = tmp_path / "presets.toml"
    result = update_toml(target, lambda d: d.setdefault("presets", {}).update({"副業": {"query": "days<=2"}}))
    assert result == {"presets": {"副業": {"query": "days<=2"}}}
    # a hand edit in between is kept
    target.write_text(target.read_text("utf-8") + '\n[other]\nkeep = "me"\n', "utf-8")
    result = update_toml(target, lambda d: d["presets"].update({"x": {"query": "rate>=80"}}))
    assert result["other"] == {"keep": "me"}
    assert tomllib.loads(target.read_text("utf-8")) == result


def test_update_toml_never_overwrites_a_broken_file(tmp_path: Path) -> None:
    target = tmp_path / "manual.toml"
    broken = b'a = 1\nb = "unterminated\nc = 3\n'
    target.write_bytes(broken)
    mtime = target.stat().st_mtime_ns
    called = []
    with pytest.raises(StoreError) as exc:
        update_toml(target, lambda d: called.append(1))
    assert exc.value.line == 2 and exc.value.path == str(target)
    assert "manual.toml:2" in str(exc.value)
    assert called == []
    assert target.read_bytes() == broken and target.stat().st_mtime_ns == mtime


def test_update_toml_that_changes_nothing_does_not_write(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    update_toml(target, lambda d: d.update(a=1))
    mtime = target.stat().st_mtime_ns
    time.sleep(0.01)
    update_toml(target, lambda d: d.update(a=1))
    assert target.stat().st_mtime_ns == mtime


def test_update_file_leaves_the_file_alone_when_transform_raises(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    target.write_bytes(b"a = 1\n")

    def boom(old: bytes | None) -> bytes:
        raise ValueError("nope")

    with pytest.raises(ValueError):
        update_file(target, boom)
    assert target.read_bytes() == b"a = 1\n"


def test_parse_toml_names_line_for_bad_utf8_and_end_of_document(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as exc:
        parse_toml(tmp_path / "x.toml", b'a = 1\n\nb = "\xff"\n')
    assert exc.value.line == 3 and "UTF-8" in exc.value.problem
    with pytest.raises(StoreError) as exc:
        parse_toml(tmp_path / "x.toml", b"a = 1\nb = [\n")
    assert exc.value.line == 2
    assert parse_toml(tmp_path / "x.toml", None) == {}
    assert parse_toml(tmp_path / "x.toml", b"") == {}


def test_dump_toml_keeps_crlf_and_writes_readable_multiline_elsewhere() -> None:
    data = {
        "schema": 1,
        "gigs": {
            "a": {"note": "一行目\n二行目\n"},
            "b": {"note": "windows\r\nline"},
        },
    }
    text = dump_toml(data)
    assert tomllib.loads(text) == data
    assert '"""\n一行目\n二行目\n"""' in text  # readable block for the LF note
    assert "\\r\\n" in text  # escaped for the CRLF note


def test_dump_toml_is_deterministic() -> None:
    data = {"x": {"k": {"t": datetime(2026, 11, 27, 8, tzinfo=timezone.utc), "n": "a\nb"}}}
    assert dump_toml(data) == dump_toml(data)


def test_dump_toml_rejects_values_toml_cannot_hold() -> None:
    with pytest.raises(StoreError):
        dump_toml({"a": None})  # type: ignore[dict-item]


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=5), st.dictionaries(_text, _text, max_size=3), max_size=4), _text)
def test_dump_toml_round_trips_any_strings(tables: dict[str, dict[str, str]], note: str) -> None:
    data = {"note": note, "t": tables}
    assert tomllib.loads(dump_toml(data)) == data

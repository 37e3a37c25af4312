"""Parsed TOML kept between starts (``tui.parsed_toml``): read back while the text is the
same, parsed again when it changes or the kept file is damaged; never a wrong document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import datetime

import pytest

from tui import parsed_toml
from tui.config import load_config
from tui.errors import ConfigError, StoreError
from tui.store.atomic import parse_toml
from tui.store.shortlist import Shortlist

TEXT = 'title = "日本語 ML"\nrate = 80\nratio = 1.5\nok = true\n[presets.a]\nquery = "x"\nsort = ["-rate"]\n'


class Counting:
    """``tomllib.loads`` that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> dict:
        self.calls += 1
        return tomllib.loads(text)


def kept_files() -> list[str]:
    folder = parsed_toml.folder()
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_the_same_text_is_parsed_once_and_read_back_equal_and_new() -> None:
    parse = Counting()
    first = parsed_toml.document(TEXT, parse)
    second = parsed_toml.document(TEXT, parse)
    assert parse.calls == 1
    assert first == second == tomllib.loads(TEXT)
    assert second is not first
    second["presets"]["a"]["sort"].append("title")  # a caller's change is its own
    assert parsed_toml.document(TEXT, parse) == tomllib.loads(TEXT)


def test_an_edited_text_is_parsed_again() -> None:
    parse = Counting()
    parsed_toml.document(TEXT, parse)
    edited = TEXT.replace("80", "90")
    assert parsed_toml.document(edited, parse)["rate"] == 90
    assert parse.calls == 2
    assert parsed_toml.document(TEXT, parse)["rate"] == 80 and parse.calls == 2


@pytest.mark.parametrize("damage", [
    lambda raw: raw[:-3],  # cut short
    lambda raw: raw[:20] + bytes([raw[20] ^ 0xFF]) + raw[21:],  # a flipped byte
    lambda raw: b"",
    lambda raw: b"\x00" * len(raw),
])
def test_a_damaged_kept_file_is_parsed_again_and_replaced(damage) -> None:
    parse = Counting()
    parsed_toml.document(TEXT, parse)
    (name,) = kept_files()
    path = parsed_toml.folder() / name
    path.write_bytes(damage(path.read_bytes()))
    assert parsed_toml.document(TEXT, parse) == tomllib.loads(TEXT)
    assert parse.calls == 2
    assert parsed_toml.document(TEXT, parse) == tomllib.loads(TEXT) and parse.calls == 2


DATES = """
utc = 2026-11-27 13:27:12+00:00
zulu = 2026-11-27T13:27:12.250Z
behind = 2026-11-27T01:02:03.5-05:30
local = 1979-05-27T07:32:00
day = 1979-05-27
clock = 07:32:00.25
list = [2026-01-01, 2026-01-02T03:04:05+09:00]
tuples_look_alike = ["datetime", 2026, 1, 1]
[deep.table]
updated = 2026-11-27 13:27:12+00:00
"""


def test_dates_and_times_come_back_as_the_same_values_and_types() -> None:
    parse = Counting()
    first = parsed_toml.document(DATES, parse)
    again = parsed_toml.document(DATES, parse)
    assert parse.calls == 1
    expected = tomllib.loads(DATES)
    assert again == first == expected
    for key in ("utc", "zulu", "behind", "local", "day", "clock"):
        assert type(again[key]) is type(expected[key])
        assert repr(again[key]) == repr(expected[key])  # offsets and tzinfo too
    assert again["utc"].tzinfo is expected["utc"].tzinfo  # UTC stays the one timezone.utc
    assert isinstance(again["list"][1], datetime) and again["tuples_look_alike"][0] == "datetime"


def test_a_parse_error_passes_through_and_nothing_is_kept() -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        parsed_toml.document("a = = 1\n", tomllib.loads)
    assert kept_files() == []


def test_an_unwritable_cache_folder_still_parses(monkeypatch, tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(parsed_toml, "folder", lambda: blocked / "parsed-toml")
    parse = Counting()
    assert parsed_toml.document(TEXT, parse) == parsed_toml.document(TEXT, parse)
    assert parse.calls == 2


def test_old_documents_are_pruned_to_the_newest_few() -> None:
    for i in range(parsed_toml.KEEP + 5):
        parsed_toml.document(f"n = {i}\n", tomllib.loads)
    assert len(kept_files()) == parsed_toml.KEEP
    parse = Counting()
    assert parsed_toml.document(f"n = {parsed_toml.KEEP + 4}\n", parse) == {"n": parsed_toml.KEEP + 4}
    assert parse.calls == 0  # the newest is still kept


# ------------------------------------------------------------------ where it is used
def test_a_config_edit_is_seen_on_the_next_load(user_config) -> None:
    user_config.write_text('[money]\nhours_per_month = 150\n', encoding="utf-8")
    assert load_config(user_config).money.hours_per_month == 150
    assert load_config(user_config).money.hours_per_month == 150
    user_config.write_text('[money]\nhours_per_month = 170\n', encoding="utf-8")
    assert load_config(user_config).money.hours_per_month == 170


def test_a_bad_config_is_still_an_error_naming_the_file_every_time(user_config) -> None:
    user_config.write_text('[money\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError) as exc:
            load_config(user_config)
        assert str(user_config) in str(exc.value) and "invalid TOML" in str(exc.value)


def test_kept_only_when_asked_and_store_errors_keep_their_line(tmp_path) -> None:
    path = tmp_path / "x.toml"
    parse_toml(path, TEXT.encode())
    assert kept_files() == []  # a check of text about to be written is not kept
    parse_toml(path, TEXT.encode(), kept=True)
    assert len(kept_files()) == 1
    with pytest.raises(StoreError) as exc:
        parse_toml(path, b"a = 1\nb = = 2\n", kept=True)
    assert exc.value.line == 2


def test_the_shortlist_reads_back_the_same_from_a_kept_document(tmp_path) -> None:
    path = tmp_path / "shortlist.toml"
    store = Shortlist(path)
    store.toggle_star("sample:s001")
    store.set_note("sample:s002", "call 田中さん\r\nabout NDA")
    fresh = Shortlist(path)  # parsed and kept
    again = Shortlist(path)  # read back
    assert len(kept_files()) == 1
    assert again.entries() == fresh.entries()
    assert again.get("sample:s002").note == "call 田中さん\r\nabout NDA"


START = """
import json, sys
from tui.cli.main import parse
from tui.cli.commands import build_app
parser, args = parse(["--offline"])
build_app(args)
print(json.dumps("tomllib" in sys.modules))
"""


def test_a_start_with_an_unchanged_config_does_not_load_the_toml_parser(user_config) -> None:
    user_config.write_text('[money]\nhours_per_month = 150\n', encoding="utf-8")

    def start() -> bool:
        out = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True,
                             check=True, env=os.environ.copy())
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert start() is True  # the first start parses (and keeps) the documents
    assert start() is False

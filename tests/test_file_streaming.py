"""The file source streams: big JSON / JSON Lines / CSV files are read a chunk at a time.

Chunk sizes are shrunk (``CHUNK_BYTES``) so small files cross many chunk boundaries:
a value, a multibyte character or an escape split across two reads must decode exactly as
``json.loads`` decodes the whole file. Faults name the file, the line and column and the
gig; a faulty file adds nothing, as when files were read whole.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.collect import collect
from tui.config import load_config
from tui.errors import SourceError
from tui.sources import file as filesource
from tui.sources.base import SourceSpec
from tui.sources.file import FileRecords, FileSource, iter_records, read_records

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def gig(i: int) -> dict:
    """A gig record with multibyte text, escapes and numbers (i varies the lengths)."""
    return {
        "id": f"g{i}",
        "title": f"画像認識モデル開発 #{i} \"quoted\" \\ back",
        "rate": "60〜90万円/月",
        "days_per_week": i % 5 + 1,
        "score": i * 1.25,
        "description": "週3日〜 フルリモート 😀\n\tPython" * (i % 7 + 1),
        "skills": ["Python", "PyTorch"][: i % 3],
        "flag": [True, False, None][i % 3],
    }


def expected(text: str) -> list[dict]:
    """What a whole-file parse gives: the objects of the array (or of its 'gigs')."""
    data = json.loads(text)
    items = data["gigs"] if isinstance(data, dict) else data
    return [item for item in items if isinstance(item, dict)]


@pytest.fixture
def small_chunks(monkeypatch):
    """Read files 61 bytes at a time: every value and character meets a chunk boundary."""
    monkeypatch.setattr(filesource, "CHUNK_BYTES", 61)


def config(tmp_path: Path, path: Path | str):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[[sources]]\nname = "agents"\ntype = "file"\npath = "{path}"\n',
                   encoding="utf-8")
    return load_config(cfg, explicit=True)


# ------------------------------------------------------------------ same records as a whole parse


@pytest.mark.parametrize("shape", ["compact", "indented", "ascii", "object", "bom", "mixed"])
def test_a_big_array_streams_to_the_records_of_a_whole_parse(tmp_path, monkeypatch, shape):
    monkeypatch.setattr(filesource, "CHUNK_BYTES", 4096)
    items: list = [gig(i) for i in range(3000)]
    if shape == "mixed":  # scalars and nested arrays between the objects are passed over
        items = [x for i, g in enumerate(items) for x in (g, i, [i, {"x": i}], "s", None)]
    if shape == "object":
        text = json.dumps({"meta": {"n": [1, 2, {"gigs": 3}]}, "gigs": items, "after": "x" * 5000},
                          ensure_ascii=False)
    else:
        text = json.dumps(items, ensure_ascii=shape == "ascii",
                          indent=2 if shape == "indented" else None)
    path = tmp_path / "big.json"
    path.write_bytes((b"\xef\xbb\xbf" if shape == "bom" else b"") + text.encode("utf-8"))
    assert path.stat().st_size > 100 * filesource.CHUNK_BYTES
    got = list(iter_records(path))
    assert got == expected(text)
    assert len(got) == 3000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(
        st.one_of(
            st.dictionaries(st.text(max_size=8), st.one_of(
                st.text(max_size=30), st.integers(), st.floats(allow_nan=False),
                st.booleans(), st.none(), st.lists(st.integers(), max_size=3)), max_size=5),
            st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
        ),
        max_size=40,
    ),
    chunk=st.integers(min_value=1, max_value=40),
    indent=st.sampled_from([None, 0, 1, 3]),
    ascii_only=st.booleans(),
)
def test_any_chunking_decodes_like_json_loads(tmp_path, monkeypatch, items, chunk, indent, ascii_only):
    monkeypatch.setattr(filesource, "CHUNK_BYTES", chunk)
    text = json.dumps(items, indent=indent, ensure_ascii=ascii_only)
    path = tmp_path / "h.json"
    path.write_text(text, encoding="utf-8")
    assert list(iter_records(path)) == expected(text)


def whole_parse(text: str) -> list[dict] | None:
    """The records a whole-file parse accepts, or None where it refuses the text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(data, dict):
        data = data.get("gigs")
    if not isinstance(data, list):
        return None
    return [item for item in data if isinstance(item, dict)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    wrap=st.booleans(),
    chunk=st.integers(min_value=1, max_value=24),
)
def test_a_damaged_text_is_refused_exactly_when_a_whole_parse_refuses_it(
    tmp_path, monkeypatch, data, wrap, chunk
):
    """Edit a valid file at random: the stream agrees with json.loads on every result."""
    monkeypatch.setattr(filesource, "CHUNK_BYTES", chunk)
    items = [{"id": "1", "n": -1.5e3, "t": "é\\n"}, 42, {"id": "2", "a": [True, None, {}]}, "s"]
    text = json.dumps({"meta": 1, "gigs": items} if wrap else items, ensure_ascii=False)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        at = data.draw(st.integers(min_value=0, max_value=len(text)))
        edit = data.draw(st.sampled_from(["delete", "insert"]))
        if edit == "delete":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + data.draw(st.sampled_from(list('[]{},:"0 \n-.eE+tu'))) + text[at:]
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    want = whole_parse(text)
    if want is None:
        with pytest.raises(SourceError, match=r"d\.json"):
            list(iter_records(path))
    else:
        assert list(iter_records(path)) == want


def test_jsonl_and_csv_stream_to_the_records_of_a_whole_parse(tmp_path, small_chunks):
    gigs = [gig(i) for i in range(2000)]
    jsonl = tmp_path / "big.jsonl"
    # CRLF endings, blank lines, a BOM and a U+2028 inside a string (one JSON line, not two)
    lines = [json.dumps(g, ensure_ascii=False) for g in gigs]
    lines[5] = json.dumps({**gigs[5], "title": "line\u2028separator"}, ensure_ascii=False)
    jsonl.write_bytes(b"\xef\xbb\xbf" + "\r\n\r\n".join(lines).encode("utf-8") + b"\r\n")
    got = list(iter_records(jsonl))
    assert got == [json.loads(line) for line in lines]

    rows = [{"id": g["id"], "title": g["title"], "description": g["description"]} for g in gigs]
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=["id", "title", "description"])
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "big.csv"
    path.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    assert list(iter_records(path)) == rows


# ------------------------------------------------------------------ lazy


def test_the_first_record_comes_before_the_file_is_read(tmp_path, monkeypatch):
    """Rewrite the file's tail after the first record was yielded: the rewrite is what is read."""
    monkeypatch.setattr(filesource, "CHUNK_BYTES", 4096)
    body = [{"id": str(i), "title": "A" * 200} for i in range(5000)]  # ~1 MB
    path = tmp_path / "lazy.json"
    text = json.dumps(body)
    path.write_text(text, encoding="utf-8")
    records = iter_records(path)
    assert next(records) == body[0]
    tail = len(text) // 2
    with path.open("r+b") as stream:  # same length, "A" -> "B" in the second half
        stream.seek(tail)
        stream.write(text[tail:].replace("A", "B").encode())
    rest = list(records)
    assert len(rest) == 4999
    assert rest[-1]["title"] == "B" * 200  # read after the rewrite, so not read before
    assert rest[0]["title"] == "A" * 200


def test_fetch_hands_back_a_lazy_stream_not_a_list(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([gig(1), gig(2)]), encoding="utf-8")
    source = FileSource(SourceSpec(name="agents", type="file", path=str(path)))
    messages: list[str] = []

    class Ctx:
        max_pages = 1

        def progress(self, message: str) -> None:
            messages.append(message)

    stream = asyncio.run(source.fetch(Ctx()))
    assert isinstance(stream, FileRecords) and not isinstance(stream, list)
    assert messages == []  # nothing read yet
    assert list(stream) == [gig(1), gig(2)]
    assert messages == ["a.json: 2 gigs"]


# ------------------------------------------------------------------ faults


def test_a_malformed_gig_in_the_middle_names_file_line_column_and_gig(tmp_path, small_chunks):
    items = [gig(i) for i in range(400)]
    text = json.dumps(items, ensure_ascii=False, indent=1)
    bad_key = '"id": "g250"'
    at = text.index(bad_key)
    text = text[:at] + '"id" "g250"' + text[at + len(bad_key):]  # the ':' is missing
    path = tmp_path / "mid.json"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    col = at - text.rfind("\n", 0, at) + len('"id" ')  # where the ':' was expected
    records = iter_records(path)
    for _ in range(250):  # the 250 gigs before the fault come first
        next(records)
    with pytest.raises(SourceError) as err:
        next(records)
    assert err.value.problem == (
        f"{path}:{line}:{col}: malformed JSON (Expecting ':' delimiter; gig 251)"
    )
    with pytest.raises(SourceError):  # and a whole read is refused
        read_records(path)


def test_a_single_line_file_gives_the_column(tmp_path, small_chunks):
    text = json.dumps([gig(i) for i in range(50)])
    at = text.index("}, {", len(text) // 2) + 1
    path = tmp_path / "one-line.json"
    path.write_text(text[:at] + " x" + text[at:], encoding="utf-8")
    with pytest.raises(SourceError) as err:
        list(iter_records(path))
    assert err.value.problem.startswith(f"{path}:1:{at + 2}: malformed JSON (Expecting ',' delimiter")


def test_every_truncation_of_an_array_is_a_clear_fault(tmp_path, small_chunks):
    text = json.dumps([gig(1), 12345, gig(2), "x", [1.5, True]], ensure_ascii=False)
    path = tmp_path / "cut.json"
    raw = text.encode("utf-8")
    for cut in range(len(raw)):
        path.write_bytes(raw[:cut])
        with pytest.raises(SourceError) as err:
            list(iter_records(path))
        assert err.value.problem.startswith(f"{path}:"), cut
        assert "malformed JSON" in err.value.problem, (cut, err.value.problem)


@pytest.mark.parametrize(("text", "problem"), [
    ("", ":1:1: malformed JSON (Expecting value)"),
    ("[1, 2,]", ":1:7: malformed JSON (Expecting value; gig 3)"),
    ('[{"a": 1}] [2]', ":1:12: malformed JSON (Extra data)"),
    ('[{"a": 1}\n{"b": 2}]', ":2:1: malformed JSON (Expecting ',' delimiter; gig 1)"),
    ('{"gigs": [{"a": 1}], "x": tru}', ":1:27: malformed JSON (Expecting value; key 'x')"),
    ('{"gigs": [], }', ":1:14: malformed JSON (Expecting property name enclosed in double quotes)"),
    ('"just text"', ": the top level must be an array of gig objects"),
    ('{"jobs": []}', ": expected an array or an object with 'gigs'"),
    ('{"gigs": {"a": 1}}', ": 'gigs' must be an array of gig objects"),
])
def test_json_faults_name_the_file_and_where(tmp_path, small_chunks, text, problem):
    path = tmp_path / "f.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        list(iter_records(path))
    assert err.value.problem == f"{path}{problem}"


def test_a_value_that_never_ends_is_refused_at_the_record_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(filesource, "CHUNK_BYTES", 64)
    monkeypatch.setattr(filesource, "MAX_RECORD_CHARS", 1000)
    path = tmp_path / "endless.json"
    path.write_text('[{"a": 1}, {"title": "' + "x" * 5000 + '"}]', encoding="utf-8")
    records = iter_records(path)
    assert next(records) == {"a": 1}
    with pytest.raises(SourceError, match=r"endless\.json:1:12: gig 2 is over 1,000 characters"):
        next(records)
    # under the limit the same long value is read whole
    monkeypatch.setattr(filesource, "MAX_RECORD_CHARS", 10_000)
    assert list(iter_records(path))[1]["title"] == "x" * 5000


def test_jsonl_and_csv_faults_name_the_line(tmp_path, small_chunks):
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text('{"id": "1"}\n{"id": "2"}\n{"id": \n{"id": "4"}\n', encoding="utf-8")
    records = iter_records(jsonl)
    assert [next(records), next(records)] == [{"id": "1"}, {"id": "2"}]
    with pytest.raises(SourceError) as err:
        next(records)
    assert err.value.problem == f"{jsonl}:3:8: malformed JSON (Expecting value)"

    big = tmp_path / "bad.csv"
    field = "x" * (csv.field_size_limit() + 1)
    big.write_text(f"id,title\n1,ok\n2,{field}\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        list(iter_records(big))
    assert err.value.problem.startswith(f"{big}:3: malformed CSV (field larger than field limit")


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(SourceError, match=r"nope\.json: file not found"):
        list(iter_records(tmp_path / "nope.json"))
    with pytest.raises(SourceError, match=r"a\.txt: unknown file type"):
        list(iter_records(tmp_path / "a.txt"))
    (tmp_path / "a.txt").write_text('[{"id": "1"}]', encoding="utf-8")
    assert list(iter_records(tmp_path / "a.txt", "json")) == [{"id": "1"}]
    with pytest.raises(SourceError, match=r"unknown format 'xml'"):
        list(iter_records(tmp_path / "a.txt", "xml"))


# ------------------------------------------------------------------ through the pipeline


def test_a_file_broken_late_adds_nothing_and_the_others_still_count(tmp_path, small_chunks):
    good = tmp_path / "a-good.json"
    good.write_text(json.dumps([gig(i) for i in range(300)], ensure_ascii=False), encoding="utf-8")
    broken = tmp_path / "b-broken.json"
    text = json.dumps([{**gig(i), "id": f"b{i}"} for i in range(300)], ensure_ascii=False)
    broken.write_text(text[: len(text) - 40], encoding="utf-8")  # truncated in gig 300
    seen: list[str] = []

    def on_state(state) -> None:
        if state.progress:
            seen.append(state.progress)

    got = asyncio.run(collect(config(tmp_path, tmp_path / "*.json"), offline=True,
                              on_state=on_state, now=NOW))
    agents = got.per_source["agents"]
    assert sorted(g.source_id for g in agents) == sorted(f"g{i}" for i in range(300))
    state = next(s for s in got.states if s.name == "agents")
    assert (state.status, state.count, state.error) == ("ok", 300, None)
    assert "a-good.json: 300 gigs" in seen
    assert any(m.startswith(f"{broken}:") and "gig 300" in m for m in seen)


def test_a_single_broken_big_file_is_a_source_error_naming_where(tmp_path, small_chunks):
    path = tmp_path / "big.json"
    text = json.dumps([gig(i) for i in range(500)], ensure_ascii=False)
    at = text.index('{"id": "g400"')
    path.write_text(text[:at] + "{oops" + text[at + 1:], encoding="utf-8")
    got = asyncio.run(collect(config(tmp_path, path), offline=True, now=NOW))
    state = next(s for s in got.states if s.name == "agents")
    assert state.status == "error"
    assert state.error == (
        f"{path}:1:{at + 2}: malformed JSON "
        "(Expecting property name enclosed in double quotes; gig 401)"
    )
    assert "agents" not in got.per_source


def test_a_streamed_file_normalizes_to_the_same_gigs_as_a_list(tmp_path, small_chunks):
    path = tmp_path / "agents.jsonl"
    path.write_text("\n".join(json.dumps(gig(i), ensure_ascii=False) for i in range(700)),
                    encoding="utf-8")
    got = asyncio.run(collect(config(tmp_path, path), offline=True, now=NOW))
    from tui.collect import normalize_records

    cfg = config(tmp_path, path)
    listed, skipped = normalize_records(read_records(path), "agents", cfg, NOW)
    assert skipped == 0 and got.records_skipped == 0
    assert got.per_source["agents"] == listed
    assert [g.title for g in listed[:2]] == [gig(0)["title"], gig(1)["title"]]

"""A big local file goes to the cache a batch at a time (``GigStream``), never all in memory.

Batch sizes are shrunk (``stream_batch``) so small files make many batches. The streamed
save must give exactly the gigs of a whole-list save (``stream_batch=0``): same gigs in
the same order, same uids, first-seen times, "new" marks and descriptions; a file with a
fault is all or nothing, as before, and leaves nothing of itself in the cache.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui import collect as collect_module
from tui import gigstore
from tui.cache import Cache, GigStream, collect_cached
from tui.cli.main import main
from tui.collect import normalize_into, normalize_stream
from tui.config import load_config
from tui.model import Gig
from tui.sources.file import FileRecords

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def record(i: int, tag: str = "") -> dict:
    """A gig record; some have no description, some no client, most are Japanese."""
    desc = "" if i % 9 == 4 else (
        f"画像認識モデル開発{tag} 週{i % 5 + 1}日 フルリモート word{i}" + " Python PyTorch" * (i % 4))
    return {
        "id": f"g{i}{tag}",
        "title": f"機械学習エンジニア #{i}{tag}" if i % 3 else f"ML Engineer {i}{tag}",
        "client": None if i % 7 == 0 else f"Client {i % 4}",
        "rate": "60〜90万円/月" if i % 2 else "$80/hour",
        "days_per_week": i % 5 + 1,
        "skills": ["Python", "PyTorch", "LLM"][: i % 4],
        "description": desc,
        "posted_at": f"2026-11-{(i % 19) + 1:02d}",
        "url": f"https://example.com/{i}{tag}",
    }


def write(path: Path, items: list, tail: str = "") -> Path:
    path.write_text(json.dumps(items, ensure_ascii=False) + tail, encoding="utf-8")
    return path


def config(tmp_path: Path, path: Path | str, extra: str = ""):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[[sources]]\nname = "agents"\ntype = "file"\npath = "{path}"\n{extra}',
                   encoding="utf-8")
    return load_config(cfg, explicit=True)


def dump(gigs: list[Gig]) -> list[dict]:
    return [g.to_json() for g in gigs]


@pytest.fixture
def batches(monkeypatch) -> list[int]:
    """Sizes of the batches streamed to the cache (the real ``GigStream.add`` runs)."""
    seen: list[int] = []
    real = GigStream.add

    def add(self, gigs):
        seen.append(len(gigs))
        return real(self, gigs)

    monkeypatch.setattr(GigStream, "add", add)
    return seen


def description_rows(cache: Cache) -> list[tuple[str, int]]:
    with sqlite3.connect(cache.path) as db:
        return db.execute(
            "SELECT source, count(*) FROM descriptions GROUP BY source ORDER BY source").fetchall()


# ------------------------------------------------------------------ same gigs as a whole-list save


@pytest.mark.parametrize("lazy", [False, True])
async def test_a_streamed_save_gives_the_gigs_of_a_whole_list_save(tmp_path, batches, lazy):
    items: list = [record(i) for i in range(47)]
    items[10] = 12  # not a gig object: passed over either way
    items[20] = {"title": ["not", "a", "title"], "url": 5}  # the normalizer may refuse it
    path = write(tmp_path / "gigs.json", items)
    cfg = config(tmp_path, path)
    streamed_cache, whole_cache = Cache(tmp_path / "s.sqlite3"), Cache(tmp_path / "w.sqlite3")
    streamed = await collect_cached(cfg, now=T0, cache=streamed_cache, stream_batch=4, lazy=lazy)
    assert len(batches) >= 10 and max(batches) == 4  # really streamed, in many batches
    batches.clear()
    whole = await collect_cached(cfg, now=T0, cache=whole_cache, stream_batch=0, lazy=lazy)
    assert batches == []  # the whole-list path
    assert len(streamed.gigs) >= 45
    assert dump(streamed.gigs) == dump(whole.gigs)
    assert [s.to_json() for s in streamed.states] == [s.to_json() for s in whole.states]
    assert [g.first_seen for g in streamed.gigs] == [T0] * len(streamed.gigs)
    # what each cache stores reads back the same (the next start, from the cache)
    later = T0 + timedelta(hours=1)
    streamed_cache.mark_opened(T0 + timedelta(minutes=1))
    again = await collect_cached(cfg, now=later, cache=streamed_cache, stream_batch=4)
    whole_again = await collect_cached(cfg, now=later, cache=whole_cache, stream_batch=0)
    assert batches == []  # unchanged file: served from the cache
    assert dump(again.gigs) == dump(whole_again.gigs) == dump(whole.gigs)
    # one description row per gig that has one, all under the source's name
    with_text = sum(1 for g in whole.gigs if g.description)
    assert description_rows(streamed_cache) == description_rows(whole_cache) == [
        ("agents", with_text)]


async def test_first_seen_and_new_marks_match_across_a_changed_file(tmp_path, batches):
    path = tmp_path / "gigs.json"
    runs = {}
    for name, batch in (("streamed", 3), ("whole", 0)):
        cache = Cache(tmp_path / f"{name}.sqlite3")
        write(path, [record(i) for i in range(20)])
        os.utime(path, ns=(1, 1))
        await collect_cached(config(tmp_path, path), now=T0, cache=cache, stream_batch=batch)
        cache.mark_opened(T0 + timedelta(minutes=5))
        # half the gigs gone, ten new ones: the kept ones keep their first-seen time
        write(path, [record(i) for i in range(10, 30)])
        os.utime(path, ns=(2, 2))
        cache.mark_opened(T0 + timedelta(days=1))  # the opening before is the baseline
        got = await collect_cached(config(tmp_path, path), now=T0 + timedelta(days=1),
                                   cache=cache, stream_batch=batch)
        runs[name] = got
    streamed, whole = runs["streamed"].gigs, runs["whole"].gigs
    assert dump(streamed) == dump(whole)
    assert [(g.uid, g.first_seen, g.is_new) for g in streamed] == [
        (g.uid, g.first_seen, g.is_new) for g in whole]
    kept = {f"agents:g{i}" for i in range(10, 20)}
    assert {g.uid for g in streamed if not g.is_new} == kept
    assert all(g.first_seen == T0 for g in streamed if g.uid in kept)


async def test_two_sources_streamed_are_deduplicated_as_before(tmp_path, batches):
    a = write(tmp_path / "a.json", [record(i) for i in range(12)])
    b = write(tmp_path / "b.json", [record(i) for i in range(6, 18)])  # six shared titles
    cfg_text = (f'[[sources]]\nname = "one"\ntype = "file"\npath = "{a}"\n'
                f'[[sources]]\nname = "two"\ntype = "file"\npath = "{b}"\n')
    (tmp_path / "config.toml").write_text(cfg_text, encoding="utf-8")
    cfg = load_config(tmp_path / "config.toml", explicit=True)
    streamed = await collect_cached(cfg, now=T0, cache=Cache(tmp_path / "s.sqlite3"),
                                    stream_batch=5)
    whole = await collect_cached(cfg, now=T0, cache=Cache(tmp_path / "w.sqlite3"),
                                 stream_batch=0)
    assert batches  # streamed
    assert dump(streamed.gigs) == dump(whole.gigs)
    merged = [g for g in streamed.gigs if len(g.sources) > 1]
    assert len(merged) >= 5 and len(streamed.gigs) == 24 - len(merged)


# ------------------------------------------------------------------ faults: all or nothing


async def test_a_bad_record_midway_keeps_the_previous_gigs(tmp_path, batches):
    path = tmp_path / "gigs.json"
    write(path, [record(i) for i in range(30)])
    cache = Cache(tmp_path / "c.sqlite3")
    first = await collect_cached(config(tmp_path, path), now=T0, cache=cache, stream_batch=4)
    before = dump(first.gigs)
    rows_before = description_rows(cache)
    # the file now has 40 good gigs (ten batches) and then a malformed record
    good = json.dumps([record(i, "x") for i in range(40)], ensure_ascii=False)
    path.write_text(good[:-1] + ', {"title": "broken", }]', encoding="utf-8")
    batches.clear()
    later = await collect_cached(config(tmp_path, path), now=T0 + timedelta(hours=1),
                                 cache=cache, stream_batch=4)
    assert sum(batches) == 40  # streamed up to the fault
    state = next(s for s in later.states if s.name == "agents")
    assert state.status == "cached" and "gigs.json" in (state.error or "")
    assert dump(later.gigs) == before  # the previous gigs, descriptions and all
    assert description_rows(cache) == rows_before  # nothing staged is left behind
    # the whole-list path reports the same
    whole_cache = Cache(tmp_path / "w.sqlite3")
    write(tmp_path / "w.json", [record(i) for i in range(30)])
    await collect_cached(config(tmp_path, tmp_path / "w.json"), now=T0, cache=whole_cache,
                         stream_batch=0)
    (tmp_path / "w.json").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    whole = await collect_cached(config(tmp_path, tmp_path / "w.json"),
                                 now=T0 + timedelta(hours=1), cache=whole_cache, stream_batch=0)
    whole_state = next(s for s in whole.states if s.name == "agents")
    assert whole_state.status == "cached"
    assert state.error.replace("gigs.json", "w.json") == whole_state.error


async def test_a_bad_file_among_good_ones_adds_nothing_and_leaves_nothing(tmp_path, batches):
    folder = tmp_path / "files"
    folder.mkdir()
    write(folder / "a.json", [record(i, "a") for i in range(9)])
    bad = json.dumps([record(i, "b") for i in range(11)], ensure_ascii=False)
    (folder / "b.json").write_text(bad[:-1] + ", nope]", encoding="utf-8")
    write(folder / "c.json", [record(i, "c") for i in range(7)])
    cfg = config(tmp_path, folder / "*.json")
    cache = Cache(tmp_path / "s.sqlite3")
    streamed = await collect_cached(cfg, now=T0, cache=cache, stream_batch=2)
    whole = await collect_cached(cfg, now=T0, cache=Cache(tmp_path / "w.sqlite3"), stream_batch=0)
    assert sum(batches) == 9 + 10 + 7  # b.json streamed up to its fault, then dropped
    assert dump(streamed.gigs) == dump(whole.gigs)
    assert {g.uid[-1] for g in streamed.gigs} == {"a", "c"}
    assert len(streamed.gigs) == 16
    assert next(s for s in streamed.states if s.name == "agents").status == "ok"
    assert description_rows(cache) == [("agents", sum(1 for g in whole.gigs if g.description))]


# ------------------------------------------------------------------ descriptions afterwards


async def test_streamed_descriptions_load_and_search(tmp_path, batches):
    path = tmp_path / "gigs.json"
    items = [record(i) for i in range(25)]
    write(path, items)
    cache = Cache(tmp_path / "c.sqlite3")
    got = await collect_cached(config(tmp_path, path), now=T0, cache=cache, stream_batch=3,
                               lazy=True)
    by_uid = {f"agents:{r['id']}": r["description"] for r in items}
    assert [g.description for g in got.gigs] == [by_uid[g.uid] for g in got.gigs]
    held = {g.description_id: g.uid for g in got.gigs if g.description_id is not None}
    assert len(held) == sum(1 for r in items if r["description"])
    found = cache.descriptions.search(gigstore.fold_text("word12"))
    assert {held[i] for i in found} == {"agents:g12"}
    found = cache.descriptions.search(gigstore.fold_text("画像認識"))
    assert {held[i] for i in found} == {u for u, d in by_uid.items() if d}
    # a changed file: the old gigs' descriptions stay readable (the rows on screen) but
    # are no longer searched; the new ones are
    write(path, [record(i, "n") for i in range(5)])
    os.utime(path, ns=(5, 5))
    new = await collect_cached(config(tmp_path, path), now=T0 + timedelta(hours=1), cache=cache,
                               stream_batch=3)
    assert got.gigs[0].description == by_uid[got.gigs[0].uid]
    assert cache.descriptions.search(gigstore.fold_text("word12")) == set()
    assert {g.uid for g in new.gigs} == {f"agents:g{i}n" for i in range(5)}
    assert len(cache.descriptions.search("画像認識モデル開発n")) == sum(
        1 for g in new.gigs if g.description)


async def test_cli_list_json_goes_through_the_stream(tmp_path, monkeypatch, batches, capsys):
    items = [record(i) for i in range(13)]
    path = write(tmp_path / "gigs.json", items)
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[[sources]]\nname = "agents"\ntype = "file"\npath = "{path}"\n',
                   encoding="utf-8")
    monkeypatch.setattr(collect_module, "STREAM_BATCH", 2)
    monkeypatch.setenv("GIGS_CONFIG", str(cfg))
    code = await _in_thread(main, ["--offline", "list", "--format", "json", "--limit", "100"])
    out = capsys.readouterr().out
    assert code == 0
    assert batches and max(batches) == 2
    listed = json.loads(out)
    assert sorted(g["uid"] for g in listed) == sorted(f"agents:{r['id']}" for r in items)
    by_uid = {f"agents:{r['id']}": r["description"] for r in items}
    assert all(g["description"] == by_uid[g["uid"]] for g in listed)


async def _in_thread(fn, *args):
    """Run a blocking CLI entry point (it starts its own event loop) off this test's loop."""
    import asyncio

    return await asyncio.to_thread(fn, *args)


# ------------------------------------------------------------------ the pieces


class ListSink:
    """A GigSink keeping the gigs in memory (parts kept or dropped as told)."""

    def __init__(self) -> None:
        self.kept: list[Gig] = []
        self.part: list[Gig] = []
        self.sizes: list[int] = []

    def add(self, gigs):
        self.sizes.append(len(gigs))
        self.part.extend(gigs)

    def keep_part(self):
        self.kept.extend(self.part)
        self.part = []

    def drop_part(self):
        self.part = []


def test_normalize_into_gives_the_gigs_of_normalize_stream(tmp_path):
    write(tmp_path / "a.json", [record(i, "a") for i in range(8)] + [7, None])
    (tmp_path / "b.json").write_text('[{"title": "x"}, {bad', encoding="utf-8")
    write(tmp_path / "c.json", [record(i, "c") for i in range(5)])
    files = [tmp_path / n for n in ("a.json", "b.json", "c.json")]
    cfg = config(tmp_path, tmp_path / "*.json")
    sink = ListSink()
    count, skipped = normalize_into(FileRecords("agents", files), "agents", cfg, T0, sink, 3)
    gigs, skipped_whole = normalize_stream(FileRecords("agents", files), "agents", cfg, T0)
    assert count == len(sink.kept) == len(gigs) == 13
    assert (skipped, [g.to_json() for g in sink.kept]) == (skipped_whole, dump(gigs))
    assert max(sink.sizes) == 3


def test_a_blob_written_in_batches_decodes_as_one_written_whole(tmp_path):
    cfg = config(tmp_path, tmp_path / "x.json")
    gigs, _ = normalize_stream(
        FileRecords("agents", [write(tmp_path / "x.json", [record(i) for i in range(30)])]),
        "agents", cfg, T0)
    refs = [i + 1 if g.description else "" for i, g in enumerate(gigs)]
    writer = gigstore.BlobWriter()
    for start in range(0, 30, 7):
        writer.add(gigs[start:start + 7], refs[start:start + 7])
    writer.add(gigs[:5], refs[:5])  # a dropped part
    writer.truncate(30)
    whole, _ = gigstore.decode(gigstore.encode(gigs, refs), None, cfg.money)
    header, body = writer.parts()
    assert header + body == writer.blob()
    batched, _ = gigstore.decode(writer.blob(), None, cfg.money)
    fields = [f for f in Gig.__dataclass_fields__ if f != "description"]
    assert [[getattr(g, f) for f in fields] for g in batched] == [
        [getattr(g, f) for f in fields] for g in whole]
    assert [g.description_id for g in batched] == [r or None for r in refs]
    header, body = writer.parts(release=True)
    assert len(writer) == 0 and gigstore.decode(header + body, None, cfg.money)[0]

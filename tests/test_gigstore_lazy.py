"""Lazy gigs from the cache (``decode(lazy=True)``) and saved row orders.

A lazy gig is made at once and fills its fields from the blob's columns on first use;
whatever is read from it (one field, ``materialize``, ``field_values``, from several
threads) must be exactly what an eager decode of the same blob gives. A row order saved
for the next start must be the order a real sort gives.
"""

from __future__ import annotations

import dataclasses
import json
import random
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui import gigstore
from tui.cache import Cache, collect_cached
from tui.collect import prepare
from tui.config import load_config
from tui.model import Gig, Payment, Rate, Settlement, SourceRef, Span
from tui.money import Money
from tui.query import SearchIndex, parse_sort, sort_indices
from tui.query.evaluate import row_numbers
from tui.view import make_context

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
FIELDS = [f.name for f in dataclasses.fields(Gig)]


def varied_gigs(n: int, seed: int = 3) -> list[Gig]:
    """Gigs with every kind of field value: empty and set, shared and unique, merged."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        merged = i % 7 == 3
        uid = f"s{i % 3}:{i}"
        g = Gig(
            uid=uid, source=f"s{i % 3}", source_id=str(i) if i % 5 else f"other-{i}",
            title=rnd.choice(["ML engineer", "機械学習エンジニア", "Data scientist"]) + f" #{i}",
            client=rnd.choice([None, "ACME", "株式会社アオバ"]),
            agent=rnd.choice([None, "AIワークス"]),
            url=f"https://example.com/{i}" if i % 4 else None,
            apply_url=f"https://apply.example.com/{i}" if i % 9 == 0 else None,
            description=rnd.choice(["", f"description of gig {i} with pytorch"]),
            skills=tuple(rnd.sample(["Python", "PyTorch", "Go", "SQL", "MLOps"], rnd.randint(0, 3))),
            tags=("ml",) if i % 2 else (),
            rate=rnd.choice([None, Rate(80, 100, "JPY", "month", "80〜100万円/月", True),
                             Rate(60.0, 80.0, "USD", "hour", "$60-80/h", True)]),
            days_per_week=rnd.choice([None, Span(3, 5)]),
            settlement_hours=rnd.choice([None, Settlement(140, 180, False)]),
            payment=rnd.choice([None, Payment("月末締め翌月末払い", 30)]),
            contract_form=rnd.choice(["unknown", "quasi_mandate"]),
            engagement=rnd.choice([(), ("freelance",)]),
            remote=rnd.choice(["full", "partial", "unknown"]),
            location=rnd.choice([None, "東京都"]),
            posted_at=None if i % 11 == 0 else T0 - timedelta(minutes=rnd.randint(0, 10_000)),
            first_seen=T0 - timedelta(days=i % 4),
            language=rnd.choice(["ja", "en", None]),
            fit=None if i % 3 == 0 else i % 100,
            fit_reasons=["remote"] if i % 6 == 0 else [],
            sources=([SourceRef(f"s{i % 3}", uid, None), SourceRef("other", f"other:{i}", None)]
                     if merged else []),
        )
        out.append(g)
    return out


def as_dict(gig: Gig) -> dict:
    return {name: getattr(gig, name) for name in FIELDS}


@pytest.fixture
def stored(tmp_path: Path):
    """(cache, blob) of ``varied_gigs(200)`` saved the way the cache saves a source."""
    cache = Cache(tmp_path / "c.sqlite3")
    cache.save_gigs("s", "file", varied_gigs(200), T0)
    return cache, cache.load_blob("s")


def decode(cache: Cache, blob: bytes, lazy: bool) -> list[Gig]:
    gigs, _ = gigstore.decode(blob, cache.descriptions, Money(), baseline=T0 - timedelta(days=2),
                              lazy=lazy)
    return gigs


def test_lazy_gigs_read_the_same_as_eager_ones(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    lazy = decode(cache, blob, lazy=True)
    assert all(map(gigstore.is_lazy, lazy))
    assert not any(map(gigstore.is_lazy, eager))
    assert [as_dict(g) for g in lazy] == [as_dict(g) for g in eager]
    assert [g.to_json() for g in lazy] == [g.to_json() for g in eager]
    assert not any(map(gigstore.is_lazy, lazy))  # reading filled them
    # filled gigs are plain stored gigs: their class no longer fills anything
    assert isinstance(lazy[0], gigstore.StoredGig)
    assert not hasattr(type(lazy[0]), "__getattr__")


def test_one_field_fills_only_that_gig(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    lazy = decode(cache, blob, lazy=True)
    assert lazy[5].uid == eager[5].uid and gigstore.is_lazy(lazy[5])  # set at once
    assert lazy[5].title == eager[5].title
    assert not gigstore.is_lazy(lazy[5])
    assert gigstore.is_lazy(lazy[4]) and gigstore.is_lazy(lazy[6])
    assert lazy[6].extra == {} and not gigstore.is_lazy(lazy[6])
    assert repr(lazy[7]) == repr(eager[7]) and not gigstore.is_lazy(lazy[7])
    assert lazy[8].description == eager[8].description


def test_materialize_fills_every_gig_like_an_eager_decode(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    lazy = decode(cache, blob, lazy=True)
    lazy[10].title  # one already filled: skipped, left as it is
    assert gigstore.materialize(lazy) == len(lazy) - 1
    assert not any(map(gigstore.is_lazy, lazy))
    assert gigstore.materialize(lazy) == 0
    assert [as_dict(g) for g in lazy] == [as_dict(g) for g in eager]


def test_a_value_set_on_a_lazy_gig_is_kept(stored) -> None:
    cache, blob = stored
    lazy = decode(cache, blob, lazy=True)
    lazy[3].fit = 42
    lazy[4].posted_at = T0
    gigstore.materialize(lazy)
    assert lazy[3].fit == 42
    assert lazy[4].posted_at == T0
    assert lazy[5].fit == decode(cache, blob, lazy=False)[5].fit


def test_field_values_reads_without_filling(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    lazy = decode(cache, blob, lazy=True)
    lazy[2].title  # a mix: one filled, one plain gig appended, the rest lazy
    extra = Gig(uid="x:1", source="x", source_id="1", title="appended", fit=7)
    mixed = [*lazy, extra]
    for name in ("uid", "fit", "title", "sources", "is_new", "rate", "extra"):
        want = [getattr(g, name) for g in [*eager, extra]]
        assert gigstore.field_values(mixed, name) == want, name
    assert sum(map(gigstore.is_lazy, lazy)) == len(lazy) - 1


def test_covered_uids_names_merged_rows_without_filling(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    lazy = decode(cache, blob, lazy=True)
    want = {g.uid for g in eager} | {r.uid for g in eager for r in g.sources}
    assert "other:3" in want
    assert gigstore.covered_uids(lazy) == want
    assert all(map(gigstore.is_lazy, lazy))


def test_helpers_reading_slots_fill_lazy_gigs_first(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    for helper in (gigstore.description_ref, gigstore.has_description, gigstore.other_sources):
        lazy = decode(cache, blob, lazy=True)
        assert [helper(g) for g in lazy] == [helper(g) for g in eager], helper.__name__
    for field in ("posted_at", "first_seen"):
        lazy = decode(cache, blob, lazy=True)
        assert gigstore.timestamps(lazy, field) == gigstore.timestamps(eager, field)


def test_lazy_gigs_encode_to_the_same_blob(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    lazy = decode(cache, blob, lazy=True)
    refs = [gigstore.description_ref(g) for g in eager]
    assert gigstore.encode(lazy, refs) == gigstore.encode(eager, refs)


def test_threads_filling_the_same_gigs_agree(stored) -> None:
    cache, blob = stored
    eager = decode(cache, blob, lazy=False)
    want = [as_dict(g) for g in eager]
    for _ in range(5):
        lazy = decode(cache, blob, lazy=True)
        seen: list[list[dict]] = []
        errors: list[BaseException] = []

        def read(order: list[int]) -> None:
            try:
                got = {}
                for i in order:
                    got[i] = as_dict(lazy[i])
                seen.append([got[i] for i in range(len(lazy))])
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        forward, backward = list(range(len(lazy))), list(reversed(range(len(lazy))))
        threads = [threading.Thread(target=read, args=(forward,)),
                   threading.Thread(target=read, args=(backward,)),
                   threading.Thread(target=gigstore.materialize, args=(lazy,))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert seen == [want, want]


def test_an_empty_blob_decodes_lazily(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3")
    cache.save_gigs("s", "file", [], T0)
    gigs, _ = gigstore.decode(cache.load_blob("s"), cache.descriptions, Money(), lazy=True)
    assert gigs == [] and gigstore.materialize(gigs) == 0


# ------------------------------------------------------------------ through the cache


def write_source(tmp_path: Path, n: int) -> Path:
    rnd = random.Random(5)
    records = []
    for i in range(n):
        records.append({
            "id": f"g{i}", "title": f"ML engineer {rnd.randint(0, 50)}",
            "client": rnd.choice(["ACME", "Orbital Data", "株式会社アオバ"]),
            "url": f"https://example.com/{i}",
            "rate": rnd.choice(["80〜100万円/月", "$60 - $80/hour", ""]),
            "remote": rnd.choice(["Remote", "On-site"]),
            "skills": "Python, PyTorch",
            "description": f"gig {i}",
            # ties on purpose: the saved order must keep the sort's tie order too
            "posted_at": (T0 - timedelta(hours=rnd.randint(0, 30))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
    path = tmp_path / "agents.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def file_config(tmp_path: Path, data: Path):
    path = tmp_path / "config.toml"
    path.write_text(f'[[sources]]\nname = "agents"\ntype = "file"\npath = "{data}"\n',
                    encoding="utf-8")
    return load_config(path, explicit=True)


async def test_collect_cached_lazy_gives_the_eager_gigs(tmp_path: Path) -> None:
    cfg = file_config(tmp_path, write_source(tmp_path, 120))
    cache = Cache(tmp_path / "c.sqlite3")
    first = await collect_cached(cfg, prepared=prepare(cfg), cache=cache, now=T0)
    assert cache.last_final_key  # stored as the assembled result
    eager = await collect_cached(cfg, prepared=prepare(cfg), cache=cache, now=T0, cache_only=True)
    lazy = await collect_cached(cfg, prepared=prepare(cfg), cache=cache, now=T0, cache_only=True,
                                lazy=True)
    assert len(first.gigs) == 120
    assert all(map(gigstore.is_lazy, lazy.gigs))
    assert [g.to_json() for g in lazy.gigs] == [g.to_json() for g in eager.gigs]
    assert [g.to_json() for g in lazy.gigs] == [g.to_json() for g in first.gigs]


def test_saved_orders_round_trip_and_refuse_another_count(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3")
    assert cache.order_key("-posted", Money()) is None  # nothing assembled yet
    cache.last_final_key = "abc"
    key = cache.order_key("-posted", Money())
    assert key and key.startswith("abc:")
    assert cache.order_key("title", Money()) != key
    assert cache.order_key("-posted", Money(hours_per_month=140)) != key
    order = [3, 0, 2, 1]
    cache.save_order(key, order)
    assert Cache(tmp_path / "c.sqlite3").load_order(key, 4) == order
    assert cache.load_order(key, 5) is None
    # another assembled result: the old orders go
    cache.last_final_key = "def"
    other = cache.order_key("-posted", Money())
    cache.save_order(other, [1, 0])
    assert cache.load_order(key, 4) is None
    assert cache.load_order(other, 2) == [1, 0]


@pytest.mark.parametrize("spec", ["-posted", "title", "rate"])
async def test_the_app_saves_the_real_order_and_shows_it_next_start(
    tmp_path: Path, spec: str,
) -> None:
    from tui.ui.app import GigsApp

    cfg = file_config(tmp_path, write_source(tmp_path, 150))
    cache = Cache()
    await collect_cached(cfg, prepared=prepare(cfg), cache=cache, now=T0)  # fills the cache

    async def start() -> tuple[list[int], list[Gig]]:
        app = GigsApp(cfg, offline=True)
        if spec != "-posted":
            app.sort_column, app.sort_desc = spec, False
        async with app.run_test(size=(160, 45)) as pilot:
            end = time.monotonic() + 20
            while not (app.index is not None and app.shown) and time.monotonic() < end:
                await pilot.pause(0.05)
            # The load worker starts after the first paint and saves the order.
            check = Cache()
            check.last_final_key = _final_key_of(cfg)
            key = check.order_key(spec, cfg.money)
            while check.load_order(key, len(app.gigs)) is None and time.monotonic() < end:
                await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            return list(app.shown), app.gigs

    first_shown, gigs = await start()
    real = sort_indices(gigs, row_numbers(len(gigs)), parse_sort(spec),
                        make_context(cfg), index=SearchIndex(gigs, cfg.money))
    cache.last_final_key = _final_key_of(cfg)
    key = cache.order_key(spec, cfg.money)
    assert cache.load_order(key, len(gigs)) == real  # the saved order is the real sort
    assert first_shown == real
    second_shown, _ = await start()
    assert second_shown == real


async def test_the_next_start_shows_the_saved_order_without_sorting(tmp_path: Path) -> None:
    """What makes the saved order worth keeping: the next start takes it as it is (so
    it must be right, which the test above checks)."""
    from tui.ui.app import GigsApp

    cfg = file_config(tmp_path, write_source(tmp_path, 80))
    cache = Cache()
    await collect_cached(cfg, prepared=prepare(cfg), cache=cache, now=T0)
    cache.last_final_key = _final_key_of(cfg)
    planted = list(range(80))
    random.Random(1).shuffle(planted)
    cache.save_order(cache.order_key("-posted", cfg.money), planted)
    app = GigsApp(cfg, offline=True)
    async with app.run_test(size=(160, 45)) as pilot:
        end = time.monotonic() + 20
        while not (app.index is not None and app.shown) and time.monotonic() < end:
            await pilot.pause(0.05)
        assert app.shown == planted


def _final_key_of(cfg) -> str:
    """The key of the assembled result the cache holds for ``cfg`` (one source)."""
    from tui.cache import _final_key

    cache = Cache()
    digest = cache.blob_info("agents")[0]
    return _final_key([("agents", digest)], cfg)


def test_a_wrong_saved_order_is_not_trusted_blindly(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3")
    cache.last_final_key = "abc"
    key = cache.order_key("-posted", Money())
    cache.save_order(key, [0, 7])  # a row that is not there
    assert cache.load_order(key, 2) is None

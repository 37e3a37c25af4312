"""The gig cache: first-seen times, "new" marks, refresh intervals, failures, validators.

Network sources are served by a real ``LocalServer`` and every test counts the requests
it received; times are passed explicitly (``now=``) so "yesterday" and "in ten minutes"
are exact.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply
from tui import paths
from tui.cache import Cache, collect_cached, known_states
from tui.cli.main import main
from tui.collect import prepare
from tui.config import load_config

FIXTURES = Path(__file__).parent / "fixtures"
REMOTEOK = (FIXTURES / "remoteok" / "api.json").read_bytes()
REMOTIVE = (FIXTURES / "remotive" / "remote-jobs.json").read_bytes()
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def hits(server: LocalServer, path: str) -> list[dict[str, str]]:
    """Headers of every request ``server`` received for ``path``."""
    return [headers for p, _, headers in server.requests if p == path]


def config(tmp_path: Path, *entries: str):
    """A config whose [[sources]] are ``entries`` (TOML bodies)."""
    path = tmp_path / "config.toml"
    path.write_text("".join(f"[[sources]]\n{e}\n" for e in entries), encoding="utf-8")
    return load_config(path, explicit=True)


def network(name: str, type_: str, url: str, extra: str = "") -> str:
    return f'name = "{name}"\ntype = "{type_}"\nurl = "{url}"\ntimeout = 2\n{extra}'


async def gather(cfg, **kwargs):
    return await collect_cached(cfg, prepared=prepare(cfg), **kwargs)


def by_source(collection) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for g in collection.gigs:
        out.setdefault(g.source, []).append(g.uid)
    return out


def state(collection, name: str):
    return next(s for s in collection.states if s.name == name)


# ------------------------------------------------------------------ first seen and "new"


def test_first_seen_is_kept_per_uid(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3")
    first = cache.first_seen(["a:1", "a:2"], T0)
    assert first == {"a:1": T0, "a:2": T0}
    later = T0 + timedelta(days=1)
    again = cache.first_seen(["a:2", "a:3", "a:3"], later)
    assert again == {"a:2": T0, "a:3": later}
    # another Cache object on the same file (another process) sees the same times
    assert Cache(tmp_path / "c.sqlite3").first_seen(["a:1"], later + timedelta(days=9)) == {"a:1": T0}


async def test_first_seen_survives_a_refetch(tmp_path: Path, server: LocalServer) -> None:
    payload = json.loads(REMOTEOK)
    server.route("/api", lambda p, q: Reply(json.dumps(payload).encode()))
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    day1 = await gather(cfg, now=T0)
    assert state(day1, "rok").status == "ok" and day1.gigs
    assert {g.first_seen for g in day1.gigs} == {T0}
    # the next day a new job appears at the top; the old ones were seen yesterday
    fresh = dict(payload[1], id="999001", slug="new-job", position="Brand New Vision Role",
                 company="Newco")
    payload.insert(1, fresh)
    tomorrow = T0 + timedelta(days=1)
    day2 = await gather(cfg, now=tomorrow, refresh=True)
    assert len(hits(server, "/api")) == 2
    seen = {g.uid: g.first_seen for g in day2.gigs}
    assert seen.pop("rok:999001") == tomorrow
    assert seen == {g.uid: T0 for g in day1.gigs}


async def test_is_new_means_first_seen_after_the_previous_opening(
    tmp_path: Path, server: LocalServer
) -> None:
    payload = json.loads(REMOTEOK)
    server.route("/api", lambda p, q: Reply(json.dumps(payload).encode()))
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    cache = Cache()
    # the app is opened for the first time: no baseline yet, nothing is "new"
    cache.mark_opened(T0)
    first = await gather(cfg, now=T0)
    assert first.gigs and not any(g.is_new for g in first.gigs)
    # the next day a job appears (seen by a background refresh or by `gigs list`)
    payload.insert(1, dict(payload[1], id="999001", slug="n", position="Vision Role", company="Newco"))
    await gather(cfg, now=T0 + timedelta(days=1), refresh=True)
    # the app is opened again: gigs first seen after the previous opening (T0) are new
    cache.mark_opened(T0 + timedelta(days=2))
    assert cache.previous_open() == T0
    later = await gather(cfg, now=T0 + timedelta(days=2))
    assert [g.uid for g in later.gigs if g.is_new] == ["rok:999001"]
    # one more opening: the baseline moves on, nothing is new any more
    cache.mark_opened(T0 + timedelta(days=3))
    last = await gather(cfg, now=T0 + timedelta(days=3))
    assert not any(g.is_new for g in last.gigs)


def test_the_cli_does_not_move_the_new_mark(capsys, tmp_path: Path, user_config: Path) -> None:
    data = tmp_path / "gigs.json"
    data.write_text(json.dumps([{"id": "1", "title": "Old gig"}]), encoding="utf-8")
    user_config.write_text(f'[[sources]]\nname = "mine"\ntype = "file"\npath = "{data}"\n')
    now = datetime.now(timezone.utc)
    cache = Cache()
    cache.mark_opened(now - timedelta(days=3))
    assert main(["list", "--format", "json"]) == 0  # first seen: now
    cache.mark_opened(now - timedelta(days=2))
    before = (cache.get_meta("previous_opened"), cache.get_meta("last_opened"))
    assert cache.previous_open() == now - timedelta(days=3)
    capsys.readouterr()
    for _ in range(2):
        assert main(["list", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        # seen after the app's previous opening: new, and stays new however often we list
        assert [(r["uid"], r["is_new"]) for r in rows] == [("mine:1", True)]
    assert (cache.get_meta("previous_opened"), cache.get_meta("last_opened")) == before


async def test_a_merged_gig_keeps_the_uid_seen_first_across_runs(
    tmp_path: Path, server: LocalServer
) -> None:
    """Jobicy lists a gig on Monday, Remotive (first in the config) on Tuesday: the row
    keeps Jobicy's uid and Monday's first-seen time, and is not new on Wednesday."""
    remotive = json.loads(REMOTIVE)
    quill = [j for j in remotive["jobs"] if j["company_name"] == "Quillfeather Labs"]
    assert len(quill) == 1
    monday = dict(remotive, jobs=[j for j in remotive["jobs"] if j not in quill])
    served = {"payload": monday}
    server.route("/api/remote-jobs", lambda p, q: Reply(json.dumps(served["payload"]).encode()))
    server.route("/api/v2/remote-jobs", body=(FIXTURES / "jobicy" / "remote-jobs.json").read_bytes())
    cfg = config(tmp_path, network("rem", "remotive", server.url),
                 network("jcy", "jobicy", server.url))
    cache = Cache()
    cache.mark_opened(T0 - timedelta(days=1))
    first = await gather(cfg, now=T0)
    jobicy_uid = next(g.uid for g in first.gigs if g.client == "Quillfeather Labs")
    assert jobicy_uid.startswith("jcy:")
    served["payload"] = remotive
    tuesday = T0 + timedelta(days=1)
    cache.mark_opened(tuesday)
    second = await gather(cfg, now=tuesday, refresh=True)
    row = next(g for g in second.gigs if g.client == "Quillfeather Labs")
    assert row.uid == jobicy_uid
    assert row.first_seen == T0
    assert [r.uid for r in row.sources] == [jobicy_uid, f"rem:{quill[0]['id']}"]
    assert row.is_new  # first seen after the opening before Tuesday's
    cache.mark_opened(tuesday + timedelta(days=1))
    third = await gather(cfg, now=tuesday + timedelta(days=1))
    row = next(g for g in third.gigs if g.client == "Quillfeather Labs")
    assert row.uid == jobicy_uid and not row.is_new


# ------------------------------------------------------------------ refresh intervals


async def test_a_fresh_network_source_is_served_without_any_request(
    tmp_path: Path, server: LocalServer
) -> None:
    server.route("/api", body=REMOTEOK)
    server.route("/api/remote-jobs", body=REMOTIVE)
    cfg = config(
        tmp_path,
        network("rok", "remoteok", server.url, "refresh_minutes = 60"),
        network("rem", "remotive", server.url),  # Remotive: at least 360 minutes
    )
    first = await gather(cfg, now=T0)
    assert len(server.requests) == 2
    uids = [g.uid for g in first.gigs]
    # 59 minutes later both are fresh: not a single request
    soon = await gather(cfg, now=T0 + timedelta(minutes=59))
    assert len(server.requests) == 2
    assert [g.uid for g in soon.gigs] == uids
    assert state(soon, "rok").status == "ok" and state(soon, "rok").fetched_at == T0
    assert state(soon, "rok").count == len(by_source(first)["rok"])
    # after 61 minutes Remote OK is due, Remotive (360 min minimum) is not
    later = await gather(cfg, now=T0 + timedelta(minutes=61))
    paths = [p for p, _, _ in server.requests]
    # The first two were fetched at once (in either order); the third is Remote OK's.
    assert sorted(paths[:2]) == ["/api", "/api/remote-jobs"] and paths[2:] == ["/api"]
    assert state(later, "rok").fetched_at == T0 + timedelta(minutes=61)
    assert state(later, "rem").fetched_at == T0
    assert [g.uid for g in later.gigs] == uids


async def test_refresh_forces_a_fetch(tmp_path: Path, server: LocalServer) -> None:
    server.route("/api", body=REMOTEOK)
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    await gather(cfg, now=T0)
    again = await gather(cfg, now=T0 + timedelta(minutes=1), refresh=True)
    assert len(hits(server, "/api")) == 2
    assert state(again, "rok").fetched_at == T0 + timedelta(minutes=1)


async def test_offline_never_requests_and_serves_the_cache(tmp_path: Path, server: LocalServer) -> None:
    server.route("/api", body=REMOTEOK)
    server.route("/api/remote-jobs", body=REMOTIVE)
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    first = await gather(cfg, now=T0)
    both = config(tmp_path, network("rok", "remoteok", server.url),
                  network("rem", "remotive", server.url))
    # a day later (stale), offline, even with --refresh: no request at all
    offline = await gather(both, now=T0 + timedelta(days=1), offline=True, refresh=True)
    assert len(server.requests) == 1
    assert [g.uid for g in offline.gigs] == [g.uid for g in first.gigs]
    assert state(offline, "rok").status == "ok"
    assert state(offline, "rem").status == "offline"  # never fetched, nothing to show


# ------------------------------------------------------------------ failures


async def test_a_failing_source_keeps_its_previous_cache(tmp_path: Path, server: LocalServer) -> None:
    server.route("/api", body=REMOTEOK)
    server.route("/api/remote-jobs", body=REMOTIVE)
    cfg = config(tmp_path, network("rok", "remoteok", server.url),
                 network("rem", "remotive", server.url))
    first = await gather(cfg, now=T0)
    before = by_source(first)
    assert set(before) == {"rok", "rem"}
    # Remote OK now answers an HTML page
    server.route("/api", body="<html><body>Cloudflare</body></html>", content_type="text/html")
    failed = await gather(cfg, now=T0 + timedelta(hours=4), refresh=True)
    rok = state(failed, "rok")
    assert rok.status == "cached"
    assert "HTML" in rok.error
    assert rok.fetched_at == T0 and rok.count == len(before["rok"])
    assert by_source(failed) == before  # its old gigs and the others' are all there
    assert [s.name for s in failed.failed] == ["rok"]
    # the error is remembered: `gigs sources` says so without fetching
    states = {s.name: s for s in known_states(cfg, prepare(cfg))}
    assert states["rok"].status == "cached" and "HTML" in states["rok"].error
    assert states["rem"].status in ("ok", "stale") and states["rem"].error is None
    # the board recovers: fresh gigs, the error is gone
    server.route("/api", body=REMOTEOK)
    ok = await gather(cfg, now=T0 + timedelta(hours=5), refresh=True)
    assert state(ok, "rok").status == "ok" and state(ok, "rok").error is None
    assert Cache().source_info("rok")["error"] is None


async def test_a_source_failing_with_no_cache_is_an_error_and_hides_nothing(
    tmp_path: Path, server: LocalServer
) -> None:
    server.route("/api/remote-jobs", body=REMOTIVE)
    server.route("/api", status=404, body="gone", content_type="text/plain")
    cfg = config(tmp_path, network("rok", "remoteok", server.url),
                 network("rem", "remotive", server.url))
    got = await gather(cfg, now=T0)
    assert state(got, "rok").status == "error" and "404" in state(got, "rok").error
    assert set(by_source(got)) == {"rem"}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty-header"])
async def test_a_corrupt_cache_file_is_moved_aside(
    tmp_path: Path, server: LocalServer, damage: str
) -> None:
    server.route("/api", body=REMOTEOK)
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    first = await gather(cfg, now=T0)
    path = paths.cache_dir() / "cache.sqlite3"
    assert path.exists()
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 100)
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 3] + b"\x00garbage" * 50)
    else:
        path.write_bytes(b"\x00" * 100 + raw[100:])
    again = await gather(cfg, now=T0 + timedelta(minutes=5))
    assert [g.uid for g in again.gigs] == [g.uid for g in first.gigs]
    assert state(again, "rok").status == "ok"
    assert Path(str(path) + ".corrupt").exists()
    # and the new cache works: ten minutes later it is served without a request
    count = len(server.requests)
    await gather(cfg, now=T0 + timedelta(minutes=10))
    assert len(server.requests) == count


async def test_damage_found_after_opening_is_moved_aside_too(
    tmp_path: Path, server: LocalServer
) -> None:
    """Page 1 intact (the file opens) but data pages overwritten: found by a later query."""
    server.route("/api", body=REMOTEOK)
    data = tmp_path / "many.json"
    data.write_text(json.dumps([
        {"id": str(i), "title": f"Gig {i}", "client": "X", "description": "d" * 400}
        for i in range(3000)
    ]), encoding="utf-8")
    cfg = config(tmp_path, network("rok", "remoteok", server.url),
                 f'name = "many"\ntype = "file"\npath = "{data}"')
    first = await gather(cfg, now=T0)
    assert len(by_source(first)["many"]) == 3000
    path = paths.cache_dir() / "cache.sqlite3"
    raw = bytearray(path.read_bytes())
    assert len(raw) > 1_000_000
    for start in range(8192, len(raw), 65536):  # every page table of every kind is hit
        raw[start:start + 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(raw))
    again = await gather(cfg, now=T0 + timedelta(minutes=5))
    assert sorted(g.uid for g in again.gigs) == sorted(g.uid for g in first.gigs)
    assert {s.name: (s.status, s.error) for s in again.states if s.name in ("rok", "many")} == {
        "rok": ("ok", None), "many": ("ok", None)}
    assert Path(str(path) + ".corrupt").exists()


def test_a_corrupt_cache_never_stops_the_cli(capsys, user_config: Path) -> None:
    path = paths.cache_dir() / "cache.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert main(["--offline", "list", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) >= 150  # the sample
    assert main(["sources", "--format", "json"]) == 0


# ------------------------------------------------------------------ local files


async def test_local_files_are_reread_only_when_they_change(tmp_path: Path) -> None:
    data = tmp_path / "agents.json"
    data.write_text(json.dumps([{"id": "1", "title": "AAAA"}]), encoding="utf-8")
    cfg = config(tmp_path, f'name = "agents"\ntype = "file"\npath = "{data}"')
    first = await gather(cfg, now=T0)
    assert [g.title for g in first.gigs] == ["AAAA"]
    stamp = data.stat()
    # same size, same mtime, other bytes: the stamp says unchanged, so the cache is used
    data.write_text(json.dumps([{"id": "1", "title": "BBBB"}]), encoding="utf-8")
    os.utime(data, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    cached = await gather(cfg, now=T0 + timedelta(days=30))
    assert [g.title for g in cached.gigs] == ["AAAA"]
    # touched: read again at once (no refresh interval for local files)
    os.utime(data, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    reread = await gather(cfg, now=T0 + timedelta(days=30, seconds=1))
    assert [g.title for g in reread.gigs] == ["BBBB"]
    # a new file matching a glob counts as a change too
    glob_cfg = config(tmp_path, f'name = "agents"\ntype = "file"\npath = "{tmp_path}/*.json"')
    await gather(glob_cfg, now=T0 + timedelta(days=31))
    (tmp_path / "more.json").write_text(json.dumps([{"id": "2", "title": "CCCC"}]), encoding="utf-8")
    grown = await gather(glob_cfg, now=T0 + timedelta(days=31, seconds=1))
    assert sorted(g.title for g in grown.gigs) == ["BBBB", "CCCC"]


async def test_offline_still_reads_changed_local_files(tmp_path: Path) -> None:
    data = tmp_path / "agents.json"
    data.write_text(json.dumps([{"id": "1", "title": "one"}]), encoding="utf-8")
    cfg = config(tmp_path, f'name = "agents"\ntype = "file"\npath = "{data}"')
    await gather(cfg, now=T0)
    data.write_text(json.dumps([{"id": "1", "title": "one"}, {"id": "2", "title": "two"}]),
                    encoding="utf-8")
    got = await gather(cfg, now=T0 + timedelta(minutes=1), offline=True)
    assert sorted(g.title for g in got.gigs) == ["one", "two"]


# ------------------------------------------------------------------ conditional requests


async def test_validators_persist_and_a_304_gives_the_same_gigs(
    tmp_path: Path, server: LocalServer
) -> None:
    etag = '"v1-abc"'
    answers: list[int] = []

    def board(path: str, query: dict) -> Reply:
        sent = server.requests[-1][2]
        if sent.get("If-None-Match") == etag:
            answers.append(304)
            return Reply(b"", status=304, headers={"ETag": etag})
        answers.append(200)
        return Reply(REMOTEOK, headers={"ETag": etag})

    server.route("/api", board)
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    first = await gather(cfg, now=T0)
    assert answers == [200]
    assert "If-None-Match" not in hits(server, "/api")[0]
    # the validators are in the cache file, for the next process
    stored = Cache().load_validators()
    assert [v["etag"] for v in stored.values()] == [etag]
    second = await gather(cfg, now=T0 + timedelta(days=1), cache=Cache())
    assert hits(server, "/api")[1].get("If-None-Match") == etag
    assert answers == [200, 304]
    assert state(second, "rok").status == "ok"
    assert [g.to_json() | {"first_seen": None} for g in second.gigs] == [
        g.to_json() | {"first_seen": None} for g in first.gigs
    ]
    assert state(second, "rok").fetched_at == T0 + timedelta(days=1)


async def test_a_validator_the_server_dropped_is_forgotten(tmp_path: Path, server: LocalServer) -> None:
    server.route("/api", body=REMOTEOK, headers={"ETag": '"v1"'})
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    await gather(cfg, now=T0)
    assert Cache().load_validators()
    server.route("/api", body=REMOTEOK)  # no ETag any more
    await gather(cfg, now=T0 + timedelta(days=1), refresh=True)
    assert Cache().load_validators() == {}
    await gather(cfg, now=T0 + timedelta(days=2), refresh=True)
    assert "If-None-Match" not in hits(server, "/api")[-1]


def test_the_cache_lives_in_the_user_cache_dir(isolated_dirs: Path) -> None:
    cache = Cache()
    assert cache.path == isolated_dirs / "cache" / "gigs" / "cache.sqlite3"
    assert cache.get_meta("last_opened") is None  # the first use makes the tables
    with sqlite3.connect(cache.path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"source_gigs", "sources", "seen", "validators", "meta"} <= tables


# ------------------------------------------------------------------ the small cache, at once


async def test_the_small_cache_marks_new_against_the_last_opening_without_writing(
    tmp_path: Path, server: LocalServer
) -> None:
    """Gigs first seen between the two last openings are not new at this one: the
    baseline of an opening not marked yet is the last opening, not the one before."""
    from tui.cache import load_cached_now

    server.route("/api", body=REMOTEOK)
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    cache = Cache()
    cache.mark_opened(T0 - timedelta(days=1))
    await gather(cfg, now=T0)  # first seen at T0
    cache.mark_opened(T0 + timedelta(hours=1))  # the last opening: after they were seen
    before = (cache.get_meta("previous_opened"), cache.get_meta("last_opened"))
    quick = load_cached_now(cfg, prepare(cfg), cache=cache, now=T0 + timedelta(days=1))
    assert quick is not None and quick.gigs
    assert not any(g.is_new for g in quick.gigs)
    assert (cache.get_meta("previous_opened"), cache.get_meta("last_opened")) == before


async def test_a_small_cache_loads_at_once_as_the_cache_only_pass_does(
    tmp_path: Path, server: LocalServer
) -> None:
    from tui.cache import load_cached_now

    server.route("/api", body=REMOTEOK)
    cfg = config(tmp_path, network("rok", "remoteok", server.url))
    cache = Cache()
    # Nothing cached yet: nothing to show at once, and the opening is not marked.
    assert load_cached_now(cfg, prepare(cfg), cache=cache, now=T0) is None
    assert cache.get_meta("last_opened") is None
    await gather(cfg, now=T0)  # a fetch fills the cache
    cache.mark_opened(T0)
    later = T0 + timedelta(days=1)
    quick = load_cached_now(cfg, prepare(cfg), cache=cache, now=later)
    # Nothing written before the first paint: the app marks this opening afterwards.
    assert quick is not None and cache.last_open() == T0 and cache.previous_open() is None
    cache.mark_opened(later)  # as the app does then: the baseline is the same opening
    assert cache.previous_open() == T0
    reference = await gather(cfg, now=later, offline=True, cache_only=True)
    assert [g.to_json() for g in quick.gigs] == [g.to_json() for g in reference.gigs]
    assert state(quick, "rok").status == "ok" and len(quick.gigs) == len(reference.gigs) > 0
    # Above the limit the app loads in its worker instead.
    assert load_cached_now(cfg, prepare(cfg), cache=cache, now=later,
                           limit=len(quick.gigs) - 1) is None

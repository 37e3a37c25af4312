"""The whole pipeline, as the user runs it: every source type against one local server.

One ``LocalServer`` serves the recorded payloads of every network source type at the
paths each source appends to its ``url`` (Remote OK ``/api``, Remotive
``/api/remote-jobs``, Arbeitnow ``/api/job-board-api`` with ``links.next`` paging, Jobicy
``/api/v2/remote-jobs``, Himalayas ``/jobs/api`` with cursor paging, HN's Algolia
``/api/v1/search_by_date`` + ``/api/v1/items/<id>``, a We Work Remotely RSS feed, and
JobPosting pages); a local file adds gigs an agent sent. Then ``gigs list --format json``
and ``gigs sources --format json`` run in process, the way the user runs them.

The recorded boards share real duplicates (Quillfeather Labs' "Freelance Data
Scientist" is on Remotive and Jobicy; Orbital Optics' "ML Research Intern" on Remotive
and Himalayas; Quillfeather's "Senior Machine Learning Engineer" on Remote OK and WWR),
and the local file repeats one of them, so dedup is exercised on recorded payloads.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.support.http_server import LocalServer, Reply, dead_url
from tui.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"
BOARDS = ("remoteok", "remotive", "arbeitnow", "jobicy", "himalayas", "hn")
ALL = (*BOARDS, "wwr", "pages", "agents")
HN_THREADS = {
    "Freelancer? Seeking freelancer?": "search_freelancer.json",
    "Ask HN: Who is hiring?": "search_hiring.json",
}
AGENT_GIGS = [
    {"id": "a1", "title": "画像認識モデル開発", "client": "株式会社サクラ精機", "agent": "テックエージェント",
     "rate": "80〜90万円/月", "days_per_week": "週4日〜", "remote": "一部リモート",
     "contract_form": "準委任", "settlement_hours": "精算幅140〜180h",
     "payment": "月末締め翌月15日払い", "skills": "Python, PyTorch"},
    # the same gig Remotive and Jobicy list, as an agent forwarded it
    {"id": "a2", "title": "Freelance Data Scientist", "client": "QUILLFEATHER LABS",
     "rate": "$60 - $80/hour"},
]


def fixture(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


def _hn_search(name: str) -> bytes:
    """A recorded search answer re-dated so its newest thread is five days old."""
    data = json.loads(fixture("hn", name))
    newest = max(hit["created_at_i"] for hit in data["hits"])
    shift = int(time.time() - 5 * 86400) - newest
    for hit in data["hits"]:
        hit["created_at_i"] += shift
    return json.dumps(data).encode()


def serve_boards(server: LocalServer) -> None:
    """Route every board's documented path on ``server`` with its recorded payload."""
    server.route("/api", body=fixture("remoteok", "api.json"))
    server.route("/api/remote-jobs", body=fixture("remotive", "remote-jobs.json"))

    def arbeitnow(path: str, query: dict) -> Reply:
        page = query.get("page", ["1"])[0]
        body = fixture("arbeitnow", f"page{page}.json").decode("utf-8")
        return Reply(body.replace("https://www.arbeitnow.com", server.url).encode("utf-8"))

    server.route("/api/job-board-api", arbeitnow)
    server.route("/api/v2/remote-jobs", body=fixture("jobicy", "remote-jobs.json"))

    def himalayas(path: str, query: dict) -> Reply:
        page = "page2.json" if query.get("cursor") else "page1.json"
        return Reply(fixture("himalayas", page))

    server.route("/jobs/api", himalayas)
    searches = {query: _hn_search(name) for query, name in HN_THREADS.items()}
    server.route("/api/v1/search_by_date", lambda path, query: Reply(
        searches.get(query.get("query", [""])[0], b'{"hits": [], "nbHits": 0}')))
    server.route("/api/v1/items/45800001", body=fixture("hn", "item_freelancer.json"))
    server.route("/api/v1/items/45800100", body=fixture("hn", "item_hiring.json"))
    server.route("/feeds/wwr.rss", body=fixture("feed", "wwr_programming.rss"),
                 content_type="application/rss+xml; charset=utf-8")
    server.route("/jobs/quillfeather", body=fixture("jobposting", "single.html"),
                 content_type="text/html; charset=utf-8")
    server.route("/jobs/graph", body=fixture("jobposting", "graph.html"),
                 content_type="text/html; charset=utf-8")
    # a board that answers a web page instead of its API (a block page, a captcha)
    server.route("/blocked/api/v2/remote-jobs",
                 body="<!DOCTYPE html><html><body>Just a moment...</body></html>",
                 content_type="text/html")


def write_config(user_config: Path, server: LocalServer, agents: Path,
                 urls: dict[str, str] | None = None, extra: str = "") -> None:
    """Every source type pointed at ``server`` (``urls`` overrides a source's url)."""
    urls = urls or {}
    entries = [
        f'[[sources]]\nname = "{t}"\ntype = "{t}"\nurl = "{urls.get(t, server.url)}"\ntimeout = 2\n'
        for t in BOARDS
    ]
    entries.append(f'[[sources]]\nname = "wwr"\ntype = "feed"\n'
                   f'url = "{urls.get("wwr", server.url + "/feeds/wwr.rss")}"\ntimeout = 2\n')
    entries.append(f'[[sources]]\nname = "pages"\ntype = "jobposting"\ntimeout = 2\n'
                   f'urls = ["{server.url}/jobs/quillfeather", "{server.url}/jobs/graph"]\n')
    entries.append(f'[[sources]]\nname = "agents"\ntype = "file"\npath = "{agents}"\n')
    user_config.write_text("\n".join(entries) + extra, encoding="utf-8")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def server():
    with LocalServer() as srv:
        serve_boards(srv)
        yield srv


@pytest.fixture
def agents(tmp_path: Path) -> Path:
    path = tmp_path / "agents.json"
    path.write_text(json.dumps(AGENT_GIGS, ensure_ascii=False), encoding="utf-8")
    return path


def members(rows: list[dict]) -> dict[str, list[dict]]:
    """Every member of every row (merged or not), by source name."""
    out: dict[str, list[dict]] = {}
    for row in rows:
        for ref in row["sources"]:
            out.setdefault(ref["source"], []).append(ref)
    return out


def find(rows: list[dict], title: str, client_word: str) -> dict:
    got = [r for r in rows if r["title"] == title and client_word in (r["client"] or "").lower()]
    assert len(got) == 1, (title, [r["uid"] for r in got])
    return got[0]


def source_states(capsys) -> dict[str, dict]:
    code, out, _ = run(capsys, "sources", "--format", "json")
    assert code == 0
    return {s["name"]: s for s in json.loads(out)["sources"]}


# ------------------------------------------------------------------ done when


def test_every_source_type_normalized_and_deduplicated(capsys, user_config, server, agents):
    write_config(user_config, server, agents)
    code, out, err = run(capsys, "list", "--format", "json")
    assert code == 0, err
    assert err == ""  # no source failed, no sample note
    rows = json.loads(out)
    refs = members(rows)
    assert set(refs) == set(ALL)  # every source's gigs are there
    assert len({r["uid"] for r in rows}) == len(rows)
    assert not any(r["uid"].startswith("sample:") for r in rows)

    # attribution: each row names its source and lists every member with its URL
    for row in rows:
        assert row["source"] in ALL
        assert row["sources"][0] == {"source": row["source"], "uid": row["uid"], "url": row["url"]}
        assert all(ref["uid"].startswith(ref["source"] + ":") for ref in row["sources"])
        for ref in row["sources"]:
            if ref["source"] != "agents":  # the boards' gigs link back to their listing
                assert (ref["url"] or "").startswith(("http://", "https://")), ref

    # `gigs sources` agrees: each source ok, its count = its members across the rows
    states = source_states(capsys)
    for name in ALL:
        assert states[name]["status"] == "ok", states[name]
        assert states[name]["error"] is None and states[name]["fetched_at"]
        assert states[name]["count"] == len(refs[name]) > 0, name
    assert len(refs["arbeitnow"]) == 5 and len(refs["himalayas"]) == 5  # both pages of each

    # the same gig on Remotive, Jobicy and the agent's file: one row, three members
    quill = find(rows, "Freelance Data Scientist", "quillfeather")
    assert [ref["source"] for ref in quill["sources"]] == ["remotive", "jobicy", "agents"]
    assert quill["uid"] == quill["sources"][0]["uid"]
    assert quill["url"].startswith("https://remotive.com/")
    assert quill["sources"][1]["url"].startswith("https://jobicy.com/")
    assert quill["rate"]["min"] == 60 and quill["rate"]["max"] == 80
    assert quill["rate"]["currency"] == "USD" and quill["rate"]["period"] == "hour"
    assert quill["monthly_jpy"] == {"min": 60 * 160 * 150, "max": 80 * 160 * 150}
    intern = find(rows, "ML Research Intern", "orbital")
    assert sorted(ref["source"] for ref in intern["sources"]) == ["himalayas", "remotive"]
    senior = [r for r in rows if "quillfeather" in (r["client"] or "").lower()
              and r["title"] == "Senior Machine Learning Engineer"]
    assert len(senior) == 1
    assert sorted(ref["source"] for ref in senior[0]["sources"]) == ["remoteok", "wwr"]
    # different gigs of one client stay apart
    assert len([r for r in rows if (r["client"] or "").startswith("Tessellate")]) >= 3

    # normalized: figures where the payload had salaries, Japanese terms parsed
    sakura = find(rows, "画像認識モデル開発", "サクラ")
    assert sakura["monthly_jpy"] == {"min": 800_000, "max": 900_000}
    assert sakura["days_per_week"]["min"] == 4 and sakura["remote"] == "partial"
    assert sakura["contract_form"] == "quasi_mandate"
    assert sakura["settlement_hours"]["min"] == 140 and sakura["settlement_hours"]["max"] == 180
    assert sakura["payment"]["site_days"] == 15
    page = find(rows, "Senior ML Engineer & MLOps", "quillfeather")
    assert page["monthly_jpy"] == {"min": 90 * 160 * 150, "max": 120 * 160 * 150}
    assert page["remote"] == "full"
    for name in ("remoteok", "remotive", "jobicy", "himalayas", "hn"):
        paid = [r for r in rows if r["source"] == name and r["monthly_jpy"]]
        assert paid, f"{name}: no gig with a monthly figure"
        assert all(r["rate"] and (r["monthly_jpy"]["min"] or r["monthly_jpy"]["max"]) for r in paid)
    assert all(r["first_seen"] for r in rows)


def test_failing_sources_leave_the_rest_and_keep_their_cache(capsys, user_config, server, agents):
    write_config(user_config, server, agents)
    code, out, err = run(capsys, "list", "--format", "json")
    assert code == 0, err
    before = members(json.loads(out))

    # Himalayas' host is gone, Jobicy answers a web page, a new source was never reachable
    dead = dead_url()
    write_config(
        user_config, server, agents,
        urls={"himalayas": dead, "jobicy": server.url + "/blocked"},
        extra=f'\n[[sources]]\nname = "newboard"\ntype = "remotive"\nurl = "{dead}"\ntimeout = 2\n',
    )
    code, out, err = run(capsys, "list", "--format", "json", "--refresh")
    assert code == 0
    rows = json.loads(out)
    after = members(rows)
    # every other source is intact, and the failing ones still show their cached gigs
    assert {k: sorted(r["uid"] for r in v) for k, v in after.items()} == {
        k: sorted(r["uid"] for r in v) for k, v in before.items()
    }
    lines = err.strip().splitlines()
    assert len(lines) == 3, err
    said = {name: next(ln for ln in lines if f"'{name}'" in ln)
            for name in ("himalayas", "jobicy", "newboard")}
    assert "connection refused" in said["himalayas"] and dead in said["himalayas"]
    assert "cached" in said["himalayas"]
    assert "HTML" in said["jobicy"] and "cached" in said["jobicy"]
    assert "connection refused" in said["newboard"] and "cached" not in said["newboard"]
    assert "Traceback" not in err

    states = source_states(capsys)
    assert states["himalayas"]["status"] == "cached" and "refused" in states["himalayas"]["error"]
    assert states["himalayas"]["count"] == len(before["himalayas"])
    assert states["jobicy"]["status"] == "cached" and "HTML" in states["jobicy"]["error"]
    assert states["newboard"]["status"] == "error"
    assert all(states[n]["status"] == "ok" for n in ALL if n not in ("himalayas", "jobicy"))

    code, out, err = run(capsys, "list", "--format", "json", "--strict")
    assert code == 1
    assert members(json.loads(out)).keys() == before.keys()  # --strict still prints the gigs
    assert "himalayas" in err and "jobicy" in err


def test_offline_list_serves_every_cached_source(capsys, user_config, server, agents):
    write_config(user_config, server, agents)
    code, out, _ = run(capsys, "list", "--format", "json")
    assert code == 0
    first = sorted(r["uid"] for r in json.loads(out))
    count = len(server.requests)
    code, out, err = run(capsys, "--offline", "list", "--format", "json", "--refresh")
    assert code == 0, err
    assert sorted(r["uid"] for r in json.loads(out)) == first
    assert len(server.requests) == count
    # and without --offline the boards are fresh: served from the cache, no request
    code, out, _ = run(capsys, "list", "--format", "json")
    assert sorted(r["uid"] for r in json.loads(out)) == first
    assert len(server.requests) == count


def test_a_big_local_file_does_not_time_out_the_network_sources(capsys, user_config, tmp_path):
    """Normalizing thousands of file gigs must not starve a concurrent HTTP request."""
    big = tmp_path / "big.json"
    big.write_text(json.dumps([
        {"id": str(i), "title": f"ML Engineer {i}", "client": f"C{i}", "rate": "80〜90万円/月",
         "description": "Python PyTorch 週3日 フルリモート " * 5}
        for i in range(1500)
    ], ensure_ascii=False), encoding="utf-8")
    with LocalServer() as server:
        server.route("/api", body=fixture("remoteok", "api.json"), delay=0.3)
        # the board first: its request is in flight while the file is read and normalized
        user_config.write_text(
            f'[[sources]]\nname = "remoteok"\ntype = "remoteok"\nurl = "{server.url}"\ntimeout = 1\n'
            f'[[sources]]\nname = "big"\ntype = "file"\npath = "{big}"\n',
            encoding="utf-8",
        )
        code, out, err = run(capsys, "list", "--format", "json")
    assert code == 0 and err == ""
    assert set(members(json.loads(out))) == {"big", "remoteok"}

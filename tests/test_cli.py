"""The command line, in process (fast) and through the real ``python -m tui`` (a few)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tui.cli.main import app_flags, build_parser, main, names_a_command, parse


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def gigs_json(capsys, *argv: str) -> list[dict]:
    code, out, err = run(capsys, "--offline", "list", "--format", "json", *argv)
    assert code == 0, err
    return json.loads(out)


# ----------------------------------------------------------------- list / sample


def test_sample_list_has_150_normalized_gigs(capsys):
    gigs = gigs_json(capsys)
    assert len(gigs) >= 150
    with_rate = [g for g in gigs if g["monthly_jpy"]]
    with_days = [g for g in gigs if g["days_per_week"]]
    with_remote = [g for g in gigs if g["remote"] != "unknown"]
    assert len(with_rate) / len(gigs) > 0.9
    assert len(with_days) / len(gigs) > 0.6
    assert len(with_remote) / len(gigs) > 0.9
    # every gig has the documented keys
    keys = {"uid", "source", "source_id", "sources", "title", "rate", "monthly_jpy",
            "days_per_week", "settlement_hours", "payment", "contract_form", "remote",
            "posted_at", "first_seen", "is_new", "fit", "fit_reasons"}
    assert keys <= set(gigs[0])
    assert all(g["uid"].startswith("sample:") for g in gigs)


def test_list_formats(capsys):
    code, out, _ = run(capsys, "--offline", "list", "--format", "csv", "--limit", "3")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("uid,title,")
    assert len(lines) == 4
    code, out, _ = run(capsys, "--offline", "list", "--format", "md", "--limit", "2")
    assert out.splitlines()[1].startswith("|---")
    code, out, _ = run(capsys, "--offline", "list", "--limit", "5")
    assert len(out.strip().splitlines()) == 6


def test_query_and_sort_from_cli(capsys):
    gigs = gigs_json(capsys, "--query", "remote:full rate>=100", "--sort=-rate")
    assert gigs, "the sample has well-paid full-remote gigs"
    assert all(g["remote"] == "full" for g in gigs)
    mids = [(g["monthly_jpy"]["min"] or g["monthly_jpy"]["max"]) for g in gigs]
    assert all(m is not None for m in mids)
    # a range matches >= when its max does; an open top end counts as unbounded
    assert all(g["monthly_jpy"]["max"] is None or g["monthly_jpy"]["max"] >= 1_000_000 for g in gigs)
    # descending by rate midpoint
    mid = [((g["monthly_jpy"]["min"] or g["monthly_jpy"]["max"]) + (g["monthly_jpy"]["max"] or g["monthly_jpy"]["min"])) / 2 for g in gigs]
    assert mid == sorted(mid, reverse=True)


def test_negative_query_uses_equals_form(capsys):
    all_gigs = gigs_json(capsys)
    client = next(g["client"] for g in all_gigs if g["client"])
    rest = gigs_json(capsys, f'--query=-client:"{client}"')
    assert all(g["client"] != client for g in rest)
    assert len(rest) < len(all_gigs)


def test_global_preset_is_not_reset_by_subcommand(capsys):
    side = gigs_json(capsys, "--preset", "side")
    code, out, err = run(capsys, "--offline", "--preset", "side", "list", "--format", "json")
    assert code == 0
    assert [g["uid"] for g in json.loads(out)] == [g["uid"] for g in side]
    assert side and all(g["days_per_week"]["min"] is not None and g["days_per_week"]["min"] <= 2 for g in side)


def test_empty_result_is_success(capsys):
    assert gigs_json(capsys, "--query", "title:zzzzqqqq-no-such-gig") == []


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--offline", "list", "--query", "rate>=8O"], "column"),
        (["--offline", "list", "--preset", "nope"], "unknown preset"),
        (["--offline", "list", "--sort", "nosuchcolumn"], "nosuchcolumn"),
        (["star", "sample:does-not-exist"], "unknown uid"),
        (["check", "sample:s001", "fee", "maybe"], "maybe"),
    ],
)
def test_bad_usage_exits_2_with_one_line(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_bad_config_names_file_and_key(capsys, user_config):
    user_config.write_text('[[sources]]\nname = "x"\ntype = "sample"\ntimeout = "abc"\n')
    code, out, err = run(capsys, "list")
    assert code == 2
    assert str(user_config) in err
    assert "sources[1].timeout" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_source_option_is_a_config_error(capsys, user_config):
    user_config.write_text('[[sources]]\nname = "s"\ntype = "sample"\noptions = { colour = "red" }\n')
    code, _, err = run(capsys, "--offline", "list")
    assert code == 2
    assert "sources[1].options" in err and "colour" in err


def test_gigs_config_env_and_flag(capsys, tmp_path, monkeypatch):
    good = tmp_path / "good.toml"
    good.write_text('[filters]\nalways = "remote:full"\n')
    bad = tmp_path / "bad.toml"
    bad.write_text("[nonsense]\n")
    monkeypatch.setenv("GIGS_CONFIG", str(bad))
    code, _, err = run(capsys, "--offline", "list")
    assert code == 2 and "bad.toml" in err
    code, out, err = run(capsys, "--config", str(good), "--offline", "list", "--format", "json")
    assert code == 0, err
    assert all(g["remote"] == "full" for g in json.loads(out))
    monkeypatch.setenv("GIGS_CONFIG", str(tmp_path / "missing.toml"))
    code, _, err = run(capsys, "list")
    assert code == 2 and "missing.toml" in err


def test_locate_and_config_init_check(capsys, isolated_dirs):
    code, out, _ = run(capsys, "locate")
    assert code == 0
    assert str(isolated_dirs / "data") in out and str(isolated_dirs / "cache") in out
    code, out, _ = run(capsys, "config", "init")
    assert code == 0
    target = isolated_dirs / "config" / "gigs" / "config.toml"
    assert target.exists()
    tomllib.loads(target.read_text())
    code, out, _ = run(capsys, "config", "check")
    assert code == 0 and "ok" in out
    code, _, err = run(capsys, "config", "init")
    assert code == 2 and "already exists" in err


def test_sources_lists_types_and_states(capsys):
    code, out, _ = run(capsys, "sources", "--format", "json")
    assert code == 0
    data = json.loads(out)
    types = {t["type"] for t in data["types"]}
    assert {"sample", "file", "manual", "remotive", "remoteok", "hn", "feed", "jobposting"} <= types
    assert any(s["name"] == "sample" for s in data["sources"])
    code, out, _ = run(capsys, "sources")
    assert "Installed source types" in out and "sample" in out


# ----------------------------------------------------------------- file source


def test_json_output_reads_back_as_a_file_source(capsys, tmp_path, user_config):
    original = gigs_json(capsys)
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(original, ensure_ascii=False))
    user_config.write_text(f'[[sources]]\nname = "back"\ntype = "file"\npath = "{dump}"\n')
    again = gigs_json(capsys)
    assert len(again) == len(original)
    by_uid = {g["uid"]: g for g in again}
    for g in original:
        h = by_uid[g["uid"]]
        for key in ("title", "client", "rate", "monthly_jpy", "days_per_week", "remote",
                    "contract_form", "settlement_hours", "payment", "skills", "posted_at"):
            assert h[key] == g[key], (g["uid"], key)


def test_csv_and_toml_file_sources(capsys, tmp_path, user_config):
    (tmp_path / "a.csv").write_text(
        "id,title,client,rate,days_per_week,remote,contract_form,skills\n"
        "1,画像認識モデル開発,ACME,80〜90万円/月,週4日〜,一部リモート,準委任,\"Python, PyTorch\"\n",
        encoding="utf-8",
    )
    (tmp_path / "b.toml").write_text(
        '[[gigs]]\nid = "t1"\ntitle = "LLM評価基盤"\nrate = "〜100万円"\nremote = "フルリモート"\n',
        encoding="utf-8",
    )
    user_config.write_text(f'[[sources]]\nname = "agents"\ntype = "file"\npath = "{tmp_path}/*.*"\n')
    gigs = {g["uid"]: g for g in gigs_json(capsys)}
    a = gigs["agents:1"]
    assert a["monthly_jpy"] == {"min": 800000, "max": 900000}
    assert a["days_per_week"]["min"] == 4 and a["remote"] == "partial"
    assert a["contract_form"] == "quasi_mandate" and a["skills"] == ["Python", "PyTorch"]
    b = gigs["agents:t1"]
    assert b["monthly_jpy"] == {"min": None, "max": 1000000} and b["remote"] == "full"


def test_broken_file_source_keeps_others_and_strict(capsys, tmp_path, user_config):
    (tmp_path / "bad.json").write_text("[{\"title\": ")
    user_config.write_text(
        f'[[sources]]\nname = "broken"\ntype = "file"\npath = "{tmp_path}/bad.json"\n'
        '[[sources]]\nname = "sample"\ntype = "sample"\n'
    )
    code, out, err = run(capsys, "--offline", "list", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) >= 150
    assert "broken" in err and "bad.json" in err
    code, out, err = run(capsys, "--offline", "list", "--format", "json", "--strict")
    assert code == 1


# ----------------------------------------------------------------- shortlist


def test_shortlist_commands_land_in_toml(capsys, isolated_dirs):
    uid = gigs_json(capsys)[0]["uid"]
    assert run(capsys, "star", uid)[0] == 0
    assert run(capsys, "status", uid, "applied")[0] == 0
    assert run(capsys, "check", uid, "fee", "ok", "--note", "100万円で合意")[0] == 0
    note = '面談は12/3。\r\n"quotes" [brackets] \\ back'
    assert run(capsys, "note", uid, note)[0] == 0
    path = isolated_dirs / "data" / "gigs" / "shortlist.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entry = data["gigs"][uid]
    assert entry["starred"] is True and entry["status"] == "applied"
    assert entry["checks"]["fee"]["state"] == "ok"
    assert entry["checks"]["fee"]["note"] == "100万円で合意"
    assert entry["note"] == note
    assert entry["snapshot"]["title"]
    code, out, _ = run(capsys, "shortlist", "--format", "json")
    assert [g["uid"] for g in json.loads(out)] == [uid]
    code, out, _ = run(capsys, "export", uid, "--format", "md")
    assert code == 0 and "100万円で合意" in out
    code, out, _ = run(capsys, "export", uid, "--format", "json")
    assert json.loads(out)["uid"] == uid
    # starred shows through the query language too
    assert [g["uid"] for g in gigs_json(capsys, "--query", "is:starred")] == [uid]
    assert run(capsys, "unstar", uid)[0] == 0
    entry = tomllib.loads(path.read_text(encoding="utf-8"))["gigs"][uid]
    assert entry["starred"] is False and entry["checks"]["fee"]["note"] == "100万円で合意"


def test_corrupt_shortlist_is_exit_2_and_untouched(capsys, isolated_dirs):
    path = isolated_dirs / "data" / "gigs" / "shortlist.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'schema = 1\n[gigs."x"\nstarred = true\n')
    before = path.read_bytes()
    code, _, err = run(capsys, "star", "sample:s001")
    assert code == 2
    assert "shortlist.toml" in err
    assert path.read_bytes() == before


# ----------------------------------------------------------------- add


def test_add_by_hand_and_from_text(capsys):
    code, out, err = run(capsys, "add", "--title", "需要予測モデル", "--rate", "80万円/月", "--days", "週3日", "--remote", "フルリモート")
    assert code == 0, err
    uid = out.strip()
    assert uid == "manual:1"
    proposal = "画像認識モデル開発／80〜90万円／週4日〜／一部リモート／準委任／精算幅140-180h／月末締め翌月末払い"
    code, out, err = run(capsys, "add", "--text", proposal)
    assert code == 0, err
    uid2 = out.strip()
    gigs = {g["uid"]: g for g in gigs_json(capsys)}
    g = gigs[uid2]
    assert g["title"] == "画像認識モデル開発"
    assert g["monthly_jpy"] == {"min": 800000, "max": 900000}
    assert g["days_per_week"]["min"] == 4 and g["remote"] == "partial"
    assert g["contract_form"] == "quasi_mandate"
    assert g["settlement_hours"]["min"] == 140 and g["settlement_hours"]["max"] == 180
    assert g["payment"]["site_days"] == 30
    assert gigs[uid]["monthly_jpy"] == {"min": 800000, "max": 800000}


def test_add_without_title_is_usage_error(capsys):
    code, _, err = run(capsys, "add", "--rate", "80万円")
    assert code == 2 and "title" in err


# ----------------------------------------------------------------- real command


def test_real_command_version_and_help():
    out = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("gigs ")
    out = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("list", "sources", "locate", "add", "star", "check", "export", "config"):
        assert command in out.stdout


def test_real_command_bad_config_no_traceback(tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text("this is = = not toml")
    out = subprocess.run(
        [sys.executable, "-m", "tui", "--config", str(bad)], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "c.toml" in out.stderr


def test_edit_and_delete_hand_added_gigs(capsys, isolated_dirs):
    code, out, _ = run(capsys, "add", "--title", "NLP顧問", "--rate", "50万円/月", "--days", "週1日")
    uid = out.strip()
    assert run(capsys, "star", uid)[0] == 0
    assert run(capsys, "edit", uid, "--rate", "60〜70万円/月")[0] == 0
    gig = next(g for g in gigs_json(capsys) if g["uid"] == uid)
    assert gig["monthly_jpy"] == {"min": 600000, "max": 700000}
    assert gig["title"] == "NLP顧問" and gig["days_per_week"]["min"] == 1  # kept
    assert run(capsys, "delete", uid)[0] == 0
    assert all(g["uid"] != uid for g in gigs_json(capsys))
    code, _, err = run(capsys, "delete", uid)
    assert code == 2 and "unknown uid" in err
    code, _, err = run(capsys, "edit", "sample:s001", "--rate", "1万円")
    assert code == 2 and "not a hand-added gig" in err
    # the shortlist entry outlives the deletion
    shortlist = (isolated_dirs / "data" / "gigs" / "shortlist.toml").read_text(encoding="utf-8")
    assert uid in shortlist


@pytest.mark.parametrize("items", [
    [],
    [{}],
    [{"a": 1}],
    [{"title": "ML\nengineer", "tags": ["a", "b"], "nested": {"x": [1, {"y": None}]}}, {"b": []}],
    [{"note": "line\u2028separator 業務委託 \u0085"}, "text", 3, None],
])
def test_streamed_json_array_is_what_json_dump_writes(items) -> None:
    import io
    import json

    from tui.cli.output import write_json_array

    out = io.StringIO()
    write_json_array(out, iter(items))
    assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(("argv", "command"), [
    ([], False),
    (["--offline"], False),
    (["--config", "list", "--offline"], False),  # "list" is --config's value
    (["--preset=Remote", "--no-mouse"], False),
    (["--preset", "Remote"], False),
    (["list"], True),
    (["--offline", "list"], True),
    (["--help"], True),
    (["-h"], True),
    (["--conf", "x.toml"], True),  # an abbreviation: the full parser decides
])
def test_names_a_command(argv, command):
    assert names_a_command(argv) is command


def test_the_app_flags_parse_without_the_commands():
    _parser, args = parse(["--offline", "--preset", "Remote", "--config", "c.toml"])
    assert (args.command, args.offline, args.preset, args.config) == (None, True, "Remote", "c.toml")
    with pytest.raises(SystemExit) as exc:
        parse(["--offline", "--nonsense"])
    assert exc.value.code == 2


@pytest.mark.parametrize("argv", [
    [], ["--offline"], ["--no-mouse", "--offline"], ["--config", "c.toml"],
    ["--preset", "Remote ≥80", "--offline"], ["--config", "a", "--config", "b"],
    ["--offline", "--offline"], ["--config", ""],
])
def test_the_app_flags_read_by_hand_as_argparse_reads_them(argv):
    by_hand = app_flags(argv)
    assert by_hand is not None
    assert vars(by_hand) == vars(build_parser(commands=False).parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["list"], ["--offline", "list"], ["--preset=Remote"], ["--off"], ["--config"],
    ["--config", "--offline"], ["--help"], ["-h"], ["--version"], ["--nonsense"],
])
def test_anything_else_is_left_to_argparse(argv):
    assert app_flags(argv) is None

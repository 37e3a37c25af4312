"""``gigs stats`` and the fit score through the real command line (in process, offline,
isolated XDG dirs from conftest; the sample source serves the gigs)."""

from __future__ import annotations

import json
import re

import pytest

from tui.cli.main import main
from tui.market import market_stats
from tui.money import Money
from tui.normalize.record import gig_from_record

PROFILE = """
[profile]
skills = { pytorch = 3, python = 2, mlops = 1 }
avoid = ["php"]
min_rate = 80
remote = "full"
max_days = 4
forms = ["quasi_mandate"]
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, *argv: str) -> list[dict]:
    code, out, err = run(capsys, "--offline", "list", "--format", "json", *argv)
    assert code == 0, err
    return json.loads(out)


def stats_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "--offline", "stats", "--format", "json", *argv)
    assert code == 0, err
    return json.loads(out)


def expected_from_list(records: list[dict], min_rate=None) -> dict:
    """The figures computed from what ``gigs list --format json`` printed, read back."""
    money = Money()
    gigs = [gig_from_record(r, "readback", money) for r in records]
    return market_stats(gigs, money, min_rate=min_rate).to_json()


@pytest.mark.parametrize("query", ["", "remote:full", "skill:pytorch rate>=60", "days<=3"])
def test_stats_json_equals_market_stats_of_list_output(capsys, query):
    records = listed(capsys, f"--query={query}")
    data = stats_json(capsys, f"--query={query}")
    assert data == expected_from_list(records)
    assert data["count"] == len(records)
    assert data["known"] + data["unknown"] == data["count"]


def test_stats_on_sample_counts_unknowns_apart(capsys):
    records = listed(capsys)
    data = stats_json(capsys)
    unknown = sum(1 for r in records if not r["monthly_jpy"])
    assert unknown > 0
    assert data["unknown"] == unknown
    assert sum(b["count"] for b in data["histogram"]) == data["known"]
    assert data["reference_man"] == 84
    assert data["min_rate_man"] is None  # no profile


def test_preset_global_or_local_and_offline_after_command(capsys):
    via_global = stats_json(capsys, "--preset", "side")
    code, out, err = run(capsys, "--preset", "side", "stats", "--format", "json", "--offline")
    assert code == 0, err
    assert json.loads(out) == via_global
    code, out, err = run(capsys, "stats", "--preset", "side", "--format=json", "--offline")
    assert json.loads(out) == via_global
    records = listed(capsys, "--preset", "side")
    assert via_global == expected_from_list(records)
    assert via_global["count"] < stats_json(capsys)["count"]


def test_stats_table_is_aligned_text_with_histogram(capsys):
    data = stats_json(capsys)
    code, out, err = run(capsys, "--offline", "stats")
    assert code == 0, err
    assert f"Gigs in view: {data['count']}" in out
    assert f"rate unknown: {data['unknown']}" in out
    median = f"{data['monthly_man']['median']:,.1f}"
    assert any(line.startswith("万円/月") and median in line for line in out.splitlines())
    bars = [line for line in out.splitlines() if " │" in line]
    assert len(bars) == len(data["histogram"])
    counts = [int(re.search(r"(\d+)\s*(?:◀.*)?$", line).group(1)) for line in bars]
    assert counts == [b["count"] for b in data["histogram"]]
    assert "◀ 84 market average" in out
    assert "Top skills:" in out and "Python" in out


def test_bad_query_and_unknown_preset_exit_2(capsys):
    code, _, err = run(capsys, "--offline", "stats", "--query", "rate>=")
    assert code == 2 and "gigs:" in err
    code, _, err = run(capsys, "--offline", "stats", "--preset", "nope")
    assert code == 2 and "unknown preset" in err


# ------------------------------------------------------------------------------- fit


def test_fit_query_without_profile_says_why(capsys):
    code, out, err = run(capsys, "--offline", "list", "--query", "fit>=70")
    assert code == 2
    assert "[profile]" in err
    assert out == ""
    assert all(r["fit"] is None and r["fit_reasons"] == [] for r in listed(capsys))


def test_list_sorted_by_fit_carries_score_and_reasons(capsys, user_config):
    user_config.write_text(PROFILE, encoding="utf-8")
    records = listed(capsys, "--sort=-fit")
    fits = [r["fit"] for r in records]
    assert all(isinstance(f, int) and 0 <= f <= 100 for f in fits)
    assert fits == sorted(fits, reverse=True)
    assert fits[0] > fits[-1]
    top = records[0]
    assert top["fit_reasons"][0].startswith("skills: ")
    assert any(r.startswith("rate ") for r in top["fit_reasons"])
    # the filter language sees the same score
    high = listed(capsys, "--query", "fit>=70")
    assert high and all(r["fit"] >= 70 for r in high)
    assert len(high) == sum(1 for f in fits if f >= 70)
    # stats carry the user's floor
    assert stats_json(capsys)["min_rate_man"] == 80


def test_fit_reasons_explain_misses(capsys, user_config):
    user_config.write_text(PROFILE, encoding="utf-8")
    records = listed(capsys, "--sort=fit", "--query", "remote:onsite")
    low = records[0]
    assert any("remote: onsite, wanted full" in r for r in low["fit_reasons"])
    assert low["fit"] < 70

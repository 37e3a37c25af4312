"""The fit score: each part moves the score in its documented direction, on hand-made
profiles and gigs (no sources involved)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.config.settings import Profile
from tui.fit import AVOID_PENALTY, POINTS, apply_fit, score
from tui.model import Gig, Rate, Span
from tui.money import Money

MONEY = Money()
MAN = 10_000


def gig(**kw) -> Gig:
    base = dict(uid="t:1", source="t", source_id="1", title="ML engineer")
    base.update(kw)
    return Gig(**base)


def man(lo: float | None, hi: float | None = None) -> Span:
    return Span(None if lo is None else lo * MAN, None if hi is None else hi * MAN)


FULL = Profile(
    skills={"pytorch": 3, "python": 2, "mlops": 1},
    avoid=("php",),
    min_rate=80,
    remote="full",
    max_days=4,
    forms=("quasi_mandate",),
)


def fit(g: Gig, profile: Profile = FULL) -> int:
    return score(g, profile, MONEY)[0]


# ----------------------------------------------------------------------------- skills


def test_more_matched_skills_score_higher():
    profile = Profile(skills={"pytorch": 3, "python": 2, "mlops": 1})
    ladder = [(), ("Python",), ("Python", "PyTorch"), ("Python", "PyTorch", "MLOps")]
    scores = [fit(gig(skills=s), profile) for s in ladder]
    assert scores == sorted(scores)
    assert len(set(scores)) == 4
    # skills alone: matched weight / total weight, as a percentage
    assert scores == [0, round(100 * 2 / 6), round(100 * 5 / 6), 100]


@pytest.mark.parametrize(
    "wanted, listed",
    [
        ({"pytorch": 1}, ("PyTorch",)),
        ({"PyTorch": 1}, ("pytorch",)),
        ({"sklearn": 1}, ("scikit-learn",)),
        ({"scikit-learn": 1}, ("sklearn",)),
        ({"k8s": 1}, ("Kubernetes",)),
        ({"Kubernetes": 1}, ("k8s",)),
        ({"PYTHON": 1}, ("python3",)),
    ],
)
def test_skills_match_through_aliases_and_case(wanted, listed):
    profile = Profile(skills=wanted)
    value, reasons = score(gig(skills=listed), profile, MONEY)
    assert value == 100
    assert "matched" in reasons[0] and "none" not in reasons[0]


def test_tags_count_as_skills_and_reason_names_matches_and_misses():
    profile = Profile(skills={"pytorch": 3, "python": 2, "mlops": 1})
    value, reasons = score(gig(skills=("Python",), tags=("pytorch",)), profile, MONEY)
    assert value == round(100 * 5 / 6)
    assert reasons[0].startswith("skills: PyTorch (3), Python (2) matched of 6 weighted")
    assert "missing MLOps (1)" in reasons[0]


def test_zero_or_negative_weights_are_ignored():
    profile = Profile(skills={"python": 2, "php": 0, "java": -1})
    assert fit(gig(skills=("Python",)), profile) == 100


@settings(max_examples=60, deadline=None)
@given(
    have=st.lists(st.sampled_from(["Python", "PyTorch", "MLOps", "SQL", "Go", "k8s"]), unique=True),
    extra=st.sampled_from(["Python", "PyTorch", "MLOps", "SQL", "Go", "k8s"]),
)
def test_adding_a_skill_never_lowers_the_score(have, extra):
    profile = Profile(skills={"pytorch": 3, "python": 2, "mlops": 1, "kubernetes": 0.5},
                      min_rate=80, remote="full")
    before = fit(gig(skills=tuple(have), monthly_jpy=man(70, 90), remote="partial"), profile)
    after = fit(gig(skills=tuple(have + [extra]), monthly_jpy=man(70, 90), remote="partial"), profile)
    assert after >= before


# ------------------------------------------------------------------------------- rate


def test_rate_against_the_floor():
    profile = Profile(min_rate=80)
    above = score(gig(monthly_jpy=man(80, 90)), profile, MONEY)
    near = score(gig(monthly_jpy=man(60, 75)), profile, MONEY)
    far = score(gig(monthly_jpy=man(20, 30)), profile, MONEY)
    unknown = score(gig(), profile, MONEY)
    assert above[0] == 100
    assert "rate 80–90万 ≥ floor 80万" in above[1][0]
    assert 0 < near[0] < 100 and "< floor 80万" in near[1][0]
    assert far[0] == 0
    # unknown is neutral-ish: between a miss and a match, and it says so
    assert unknown[0] == 50
    assert "not stated" in unknown[1][0]
    assert far[0] < unknown[0] < above[0]


def test_higher_rate_never_lowers_the_score():
    profile = Profile(min_rate=80)
    values = [fit(gig(monthly_jpy=man(v)), profile) for v in range(0, 130, 5)]
    assert values == sorted(values)


def test_one_known_bound_is_the_rate_and_monthly_is_derived_from_rate():
    profile = Profile(min_rate=80)
    assert fit(gig(monthly_jpy=man(80, None)), profile) == 100  # 80万〜
    assert fit(gig(monthly_jpy=man(None, 70)), profile) < 100  # 〜70万
    # no monthly_jpy: derived from the rate with [money] ($60/h × 160 h × 150 = 144万)
    hourly = gig(rate=Rate(60, None, "USD", "hour", "$60/h", False))
    assert fit(hourly, profile) == 100


def test_project_price_is_unknown_and_says_so():
    profile = Profile(min_rate=80)
    value, reasons = score(gig(rate=Rate(500_000, None, "JPY", "project", "50万円", False)), profile, MONEY)
    assert value == 50
    assert "project price" in reasons[0]


# ------------------------------------------------------------------- remote, days, form


def test_remote_preference():
    profile = Profile(remote="full")
    full, partial, onsite, unknown = (
        fit(gig(remote=r), profile) for r in ("full", "partial", "onsite", "unknown")
    )
    assert full == 100 and onsite == 0
    assert full > partial > onsite
    assert unknown == 50
    # wanting partial: full remote is at least as good
    assert fit(gig(remote="full"), Profile(remote="partial")) == 100


def test_days_range_fits_when_its_min_is_within_max():
    profile = Profile(max_days=4)
    assert fit(gig(days_per_week=Span(4, 5)), profile) == 100
    assert fit(gig(days_per_week=Span(2, 3)), profile) == 100
    value, reasons = score(gig(days_per_week=Span(5, 5)), profile, MONEY)
    assert value == 0 and reasons[0].startswith("days 5 > max 4")
    assert fit(gig(days_per_week=Span(None, 3)), profile) == 100
    assert fit(gig(), profile) == 50


def test_forms():
    profile = Profile(forms=("quasi_mandate",))
    assert fit(gig(contract_form="quasi_mandate"), profile) == 100
    assert fit(gig(contract_form="dispatch"), profile) == 0
    assert fit(gig(contract_form="unknown"), profile) == 50


# ------------------------------------------------------------------------------ avoid


@pytest.mark.parametrize(
    "where",
    [dict(skills=("PHP", "Python")), dict(tags=("php",), skills=("Python",)),
     dict(title="Python / PHP backend", skills=("Python",))],
)
def test_avoid_penalises(where):
    profile = Profile(skills={"python": 1}, avoid=("php",))
    value, reasons = score(gig(**where), profile, MONEY)
    assert value == 100 - AVOID_PENALTY
    assert reasons[-1].casefold() == f"avoid: php (−{AVOID_PENALTY})"


def test_avoid_matches_whole_words_and_aliases_only():
    profile = Profile(skills={"python": 1}, avoid=("go", "k8s"))
    assert fit(gig(title="Algorithm engineer", skills=("Python",)), profile) == 100
    assert fit(gig(skills=("Python", "Kubernetes")), profile) == 100 - AVOID_PENALTY
    assert fit(gig(skills=("Python", "Go", "Kubernetes")), profile) == 100 - 2 * AVOID_PENALTY


def test_score_is_clamped_at_zero():
    profile = Profile(skills={"python": 1}, avoid=("php", "perl", "cobol"))
    assert fit(gig(skills=("PHP", "Perl", "COBOL")), profile) == 0


# ---------------------------------------------------------------------------- overall


def test_weights_of_parts_add_up_and_reasons_are_line_by_line():
    assert sum(POINTS.values()) == 100
    perfect = gig(skills=("PyTorch", "Python", "MLOps"), monthly_jpy=man(90, 100),
                  remote="full", days_per_week=Span(3, 4), contract_form="quasi_mandate")
    value, reasons = score(perfect, FULL, MONEY)
    assert value == 100
    assert [r.split(" ")[0].rstrip(":") for r in reasons] == ["skills", "rate", "remote", "days", "form"]
    worst = gig(skills=("PHP",), monthly_jpy=man(10), remote="onsite",
                days_per_week=Span(5, 5), contract_form="dispatch")
    assert fit(worst) == 0


def test_every_part_moves_the_full_score_in_its_direction():
    good = dict(skills=("PyTorch", "Python"), monthly_jpy=man(90), remote="full",
                days_per_week=Span(3, 3), contract_form="quasi_mandate")
    base = fit(gig(**good))
    worse = {
        "skills": dict(skills=("Python",)),
        "rate": dict(monthly_jpy=man(60)),
        "remote": dict(remote="partial"),
        "days": dict(days_per_week=Span(5, 5)),
        "form": dict(contract_form="contract_for_work"),
        "avoid": dict(skills=("PyTorch", "Python", "PHP")),
    }
    for part, change in worse.items():
        assert fit(gig(**{**good, **change})) < base, part


def test_empty_profile_scores_100():
    value, reasons = score(gig(), Profile(), MONEY)
    assert value == 100
    assert reasons


def test_apply_fit_sets_every_gig_and_none_without_profile():
    gigs = [gig(uid=f"t:{i}", skills=("Python",) if i % 2 else ()) for i in range(6)]
    apply_fit(gigs, Profile(skills={"python": 1}), MONEY)
    assert [g.fit for g in gigs] == [0, 100, 0, 100, 0, 100]
    assert all(g.fit_reasons for g in gigs)
    apply_fit(gigs, None, MONEY)
    assert all(g.fit is None and g.fit_reasons == [] for g in gigs)


def test_apply_fit_is_fast_for_many_gigs():
    skills = [("Python", "PyTorch"), ("SQL",), ("Go", "k8s", "AWS"), ("scikit-learn", "Pandas")]
    gigs = [
        gig(uid=f"t:{i}", skills=skills[i % 4], monthly_jpy=man(60 + i % 50),
            days_per_week=Span(3, 5), remote=("full", "partial", "onsite")[i % 3])
        for i in range(100_000)
    ]
    start = time.perf_counter()
    apply_fit(gigs, FULL, MONEY)
    elapsed = time.perf_counter() - start
    assert all(g.fit is not None for g in gigs)
    assert elapsed < 10, elapsed


def test_fit_column_in_cli_table(user_config, capsys):
    from tui.cli.main import main

    user_config.write_text(
        "[profile]\nskills = { pytorch = 3, python = 2 }\nmin_rate = 80\n"
        "[presets.fit]\ntitle = \"Fit\"\nquery = \"\"\nsort = \"-fit\"\ncolumns = [\"fit\", \"title\"]\n"
    )
    assert main(["--offline", "--preset", "fit", "list", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    scores = [int(line.split()[0]) for line in lines[1:]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)

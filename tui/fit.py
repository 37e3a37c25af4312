"""The fit score: how well a gig matches the user's ``[profile]``, 0–100, with reasons.

Plain Python (no Textual). ``apply_fit`` sets ``gig.fit`` / ``gig.fit_reasons`` on every
gig where gigs are produced (``tui.cache.collect_cached``), so the app, ``gigs list`` and
its JSON all carry the same figure.

The weighting
=============
Each part the profile sets earns a fraction (0–1) of its points:

===========  ======  ==========================================================
part         points  fraction
===========  ======  ==========================================================
skills       50      matched weight ÷ total weight of ``profile.skills``
                     (skills and tags of the gig, matched by ``skill_key``:
                     pytorch = PyTorch, sklearn = scikit-learn, k8s = Kubernetes;
                     skills with a weight ≤ 0 are ignored)
rate         20      1 when the top of the monthly range (its one known bound for
                     ``80万〜`` / ``〜100万``) ≥ ``min_rate``; below it
                     ``max(0, 1 − 2 × shortfall ÷ min_rate)`` (10% short → 0.8,
                     50% short → 0); unknown rate or a project price → 0.5
remote       15      the gig at least as remote as wanted (full > partial >
                     onsite) → 1; one step less → 0.5; two → 0; not stated → 0.5
days         10      the bottom of the days-per-week range (or its one known
                     bound) ≤ ``max_days`` → 1; above → 0; not stated → 0.5
forms        5       the contract form is one of ``forms`` → 1; another → 0;
                     not stated → 0.5
===========  ======  ==========================================================

The score is the points earned ÷ the points of the parts the profile sets, × 100,
rounded; then every ``avoid`` word found among the gig's skills or tags (by
``skill_key``) or as a whole word in its title takes ``AVOID_PENALTY`` (20) off;
the result is clamped to 0–100. A profile that sets no part scores 100 minus the
penalties. Every part only rises with a better match, so more matched skills, a
higher rate, more remote, fewer days never lower the score.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Sequence

from .model import Gig
from .money import MAN, Money, monthly_jpy
from .normalize.skills import canonical_skill, skill_key

if TYPE_CHECKING:
    from .config.settings import Profile

#: Points of each part (see the module docstring).
POINTS = {"skills": 50, "rate": 20, "remote": 15, "days": 10, "forms": 5}
#: Taken off for each avoided word found.
AVOID_PENALTY = 20
#: The fraction an unknown value earns ("neutral-ish": neither a match nor a miss).
UNKNOWN_SHARE = 0.5

_REMOTE_LEVEL = {"onsite": 0, "partial": 1, "full": 2}
_FORM_LABEL = {
    "quasi_mandate": "準委任",
    "contract_for_work": "請負",
    "dispatch": "派遣",
    "employment": "employment",
}


def _num(value: float) -> str:
    """80.0 -> '80', 4.5 -> '4.5'."""
    return f"{value:g}"


def _span_text(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return _num(lo) if lo == hi else f"{_num(lo)}–{_num(hi)}"
    if lo is not None:
        return f"{_num(lo)}〜"
    return f"〜{_num(hi)}" if hi is not None else "?"


def _man(value: float) -> float:
    return round(value / MAN, 1)


class _Prepared:
    """A profile turned into look-up tables once, for scoring many gigs fast."""

    def __init__(self, profile: "Profile") -> None:
        self.profile = profile
        weights: dict[str, tuple[str, float]] = {}
        for name, weight in profile.skills.items():
            key = skill_key(name)
            if not key or weight is None or not weight > 0:
                continue
            label, old = weights.get(key, (canonical_skill(name), 0.0))
            weights[key] = (label, old + float(weight))
        #: skill key -> (display name, weight)
        self.skills = weights
        self.total_weight = sum(w for _, w in weights.values())
        avoid: dict[str, tuple[str, re.Pattern[str] | None]] = {}
        for word in profile.avoid:
            key = skill_key(word)
            if not key or key in avoid:
                continue
            text = str(word).strip().casefold()
            pattern = (
                re.compile(r"(?<![\w+#])" + re.escape(text) + r"(?![\w+#])") if text else None
            )
            avoid[key] = (canonical_skill(word), pattern)
        self.avoid = avoid
        self.parts = [
            part for part, active in (
                ("skills", self.total_weight > 0),
                ("rate", profile.min_rate is not None),
                ("remote", profile.remote in _REMOTE_LEVEL),
                ("days", profile.max_days is not None),
                ("forms", bool(profile.forms)),
            ) if active
        ]
        self.total_points = sum(POINTS[p] for p in self.parts)
        self._keys: dict[str, str] = {}
        self._memo: dict[str, dict[object, tuple[float, str]]] = {p: {} for p in POINTS}

    def key(self, name: str) -> str:
        """``skill_key`` memoized: skill names repeat across thousands of gigs."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = skill_key(name)
        return key

    # -- parts: each returns (fraction 0..1, reason)
    def skills_part(self, keys: dict[str, str]) -> tuple[float, str]:
        matched = [(label, w) for k, (label, w) in self.skills.items() if k in keys]
        missing = [(label, w) for k, (label, w) in self.skills.items() if k not in keys]
        got = sum(w for _, w in matched)
        total = _num(self.total_weight)
        if matched:
            names = ", ".join(f"{label} ({_num(w)})" for label, w in matched)
            reason = f"skills: {names} matched of {total} weighted"
        else:
            reason = f"skills: none of the profile's matched (0 of {total} weighted)"
        if missing:
            reason += "; missing " + ", ".join(f"{label} ({_num(w)})" for label, w in missing)
        return got / self.total_weight, reason

    def rate_part(self, gig: Gig, money: Money) -> tuple[float, str]:
        floor = float(self.profile.min_rate or 0)
        monthly = gig.monthly_jpy if gig.monthly_jpy is not None else monthly_jpy(gig.rate, money)
        if monthly is None or (monthly.min is None and monthly.max is None):
            if gig.rate is not None and gig.rate.period == "project":
                return UNKNOWN_SHARE, f"rate: a project price, no monthly figure (counted half) vs floor {_num(floor)}万"
            return UNKNOWN_SHARE, f"rate: not stated (counted half) vs floor {_num(floor)}万"
        top = monthly.max if monthly.max is not None else monthly.min
        assert top is not None
        text = _span_text(
            None if monthly.min is None else _man(monthly.min),
            None if monthly.max is None else _man(monthly.max),
        )
        top_man = top / MAN
        if top_man >= floor:
            return 1.0, f"rate {text}万 ≥ floor {_num(floor)}万"
        share = max(0.0, 1.0 - 2.0 * (floor - top_man) / floor) if floor > 0 else 1.0
        return share, f"rate {text}万 < floor {_num(floor)}万"

    def remote_part(self, gig: Gig) -> tuple[float, str]:
        wanted = self.profile.remote or ""
        want = _REMOTE_LEVEL[wanted]
        level = _REMOTE_LEVEL.get(gig.remote)
        if level is None:
            return UNKNOWN_SHARE, f"remote: not stated (counted half), wanted {wanted}"
        if level >= want:
            return 1.0, f"remote: {gig.remote} matches {wanted}"
        share = max(0.0, 1.0 - 0.5 * (want - level))
        return share, f"remote: {gig.remote}, wanted {wanted}"

    def days_part(self, gig: Gig) -> tuple[float, str]:
        limit = float(self.profile.max_days or 0)
        days = gig.days_per_week
        if days is None or (days.min is None and days.max is None):
            return UNKNOWN_SHARE, f"days: not stated (counted half), max {_num(limit)}"
        low = days.min if days.min is not None else days.max
        assert low is not None
        text = _span_text(days.min, days.max)
        if low <= limit:
            return 1.0, f"days {text} ≤ max {_num(limit)}"
        return 0.0, f"days {text} > max {_num(limit)}"

    def forms_part(self, gig: Gig) -> tuple[float, str]:
        forms = self.profile.forms
        wanted = ", ".join(forms)
        form = gig.contract_form
        if form not in _FORM_LABEL:
            return UNKNOWN_SHARE, f"form: not stated (counted half), wanted {wanted}"
        label = f"{_FORM_LABEL[form]} ({form})" if _FORM_LABEL[form] != form else form
        if form in forms:
            return 1.0, f"form: {label} is one of {wanted}"
        return 0.0, f"form: {label} is not one of {wanted}"

    def avoided(self, gig: Gig, keys: dict[str, str]) -> list[str]:
        """Avoided words found: the gig's own spelling of a skill/tag, else the user's."""
        if not self.avoid:
            return []
        title = (gig.title or "").casefold()
        found = []
        for key, (label, pattern) in self.avoid.items():
            if key in keys:
                found.append(keys[key])
            elif pattern is not None and pattern.search(title):
                found.append(label)
        return found

    def _part(self, part: str, gig: Gig, money: Money, keys: dict[str, str],
              monthly: object, days: object) -> tuple[float, str]:
        """(points earned, reason with its points) of one part, memoized on its inputs."""
        if part == "skills":
            memo_key: object = tuple(k in keys for k in self.skills)
        elif part == "rate":
            memo_key = (monthly, gig.rate is not None and gig.rate.period == "project")
        elif part == "remote":
            memo_key = gig.remote
        elif part == "days":
            memo_key = days
        else:
            memo_key = gig.contract_form
        memo = self._memo[part]
        hit = memo.get(memo_key)
        if hit is None:
            if part == "skills":
                share, reason = self.skills_part(keys)
            elif part == "rate":
                share, reason = self.rate_part(gig, money)
            elif part == "remote":
                share, reason = self.remote_part(gig)
            elif part == "days":
                share, reason = self.days_part(gig)
            else:
                share, reason = self.forms_part(gig)
            points = POINTS[part] * share
            scale = 100 / self.total_points
            hit = memo[memo_key] = (
                points, f"{reason} (+{round(points * scale)}/{round(POINTS[part] * scale)})"
            )
        return hit

    def score(self, gig: Gig, money: Money) -> tuple[int, list[str]]:
        """Score one gig (each part's result is memoized: gigs repeat terms a lot)."""
        keys: dict[str, str] = {}
        for name in (*_names(gig.tags), *_names(gig.skills)):  # skills' spelling wins
            keys[self.key(name)] = name
        keys.pop("", None)
        span = gig.monthly_jpy if gig.monthly_jpy is not None else monthly_jpy(gig.rate, money)
        monthly = None if span is None else (span.min, span.max)
        d = gig.days_per_week
        days = None if d is None else (d.min, d.max)
        earned = 0.0
        reasons: list[str] = []
        for part in self.parts:
            points, reason = self._part(part, gig, money, keys, monthly, days)
            earned += points
            reasons.append(reason)
        base = round(100 * earned / self.total_points) if self.total_points else 100
        if not self.parts:
            reasons.append("profile sets no skills, rate, remote, days or forms (base 100)")
        for label in self.avoided(gig, keys):
            base -= AVOID_PENALTY
            reasons.append(f"avoid: {label} (−{AVOID_PENALTY})")
        return max(0, min(100, base)), reasons


def _names(values: Iterable[object] | None) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        return [values]
    return [v for v in values if isinstance(v, str) and v]


def score(gig: Gig, profile: "Profile", money: Money) -> tuple[int, list[str]]:
    """The fit of one gig to ``profile``: a score 0–100 and its reasons, one per part.

    For many gigs use ``apply_fit``, which prepares the profile once.
    """
    return _Prepared(profile).score(gig, money)


def apply_fit(gigs: Sequence[Gig], profile: "Profile | None", money: Money) -> None:
    """Set ``gig.fit`` and ``gig.fit_reasons`` on every gig (None / [] without a profile)."""
    if profile is None:
        for gig in gigs:
            gig.fit = None
            gig.fit_reasons = []
        return
    prepared = _Prepared(profile)
    for gig in gigs:
        gig.fit, gig.fit_reasons = prepared.score(gig, money)


__all__ = ["AVOID_PENALTY", "POINTS", "UNKNOWN_SHARE", "apply_fit", "score"]

"""Timing of the filter language on 100,000 generated gigs (prints, asserts nothing).

Run: ``python bench/bench_query.py [N]``.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.model import Gig, Span  # noqa: E402
from tui.money import Money  # noqa: E402
from tui.query import QueryContext, SearchIndex, parse_sort, search, sort_indices  # noqa: E402

SKILLS = ["Python", "PyTorch", "TensorFlow", "scikit-learn", "Pandas", "NumPy", "SQL", "AWS",
          "GCP", "Docker", "Kubernetes", "Go", "R", "Spark", "LLM", "MLOps", "TypeScript",
          "React", "Java", "Scala", "Airflow", "BigQuery", "Snowflake", "dbt"]
ROLES = ["ML Engineer", "Data Scientist", "MLOps Engineer", "Data Engineer", "AI Researcher",
         "Backend Engineer", "Analytics Engineer", "LLM Engineer", "機械学習エンジニア",
         "データサイエンティスト"]
DOMAINS = ["retail", "fintech", "healthcare", "ads", "logistics", "gaming", "energy", "HR",
           "insurance", "manufacturing"]
CLIENTS = [f"{a} {b}" for a in ["Quill", "Blue", "Sora", "Kumo", "Tetra", "Nova", "Aozora",
                                "Hikari"] for b in ["Labs", "Inc", "Works", "Systems", "株式会社"]]
WORDS = ("we build recommendation models forecasting pipelines for our platform team with "
         "modern tooling and care about testing observability deployment monitoring "
         "experiments dashboards stakeholders quality privacy").split()


def make_gigs(n: int, seed: int = 7) -> list[Gig]:
    rng = random.Random(seed)
    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    gigs = []
    for i in range(n):
        skills = tuple(rng.sample(SKILLS, rng.randint(2, 6)))
        lo = rng.choice([None, 50, 60, 70, 80, 90]) 
        hi = rng.choice([None, 90, 100, 120])
        monthly = None if rng.random() < 0.15 else Span(
            lo * 10_000 if lo else None, hi * 10_000 if hi else None)
        if monthly is not None and monthly.min is None and monthly.max is None:
            monthly = None
        desc = " ".join(rng.choice(WORDS) for _ in range(45))
        if rng.random() < 0.02:
            desc += " kaggle grandmaster welcome"
        gigs.append(Gig(
            uid=f"bench:{i}", source=rng.choice(["levtech", "remotive", "findy", "file"]),
            source_id=str(i),
            title=f"{rng.choice(ROLES)} ({rng.choice(DOMAINS)}) {skills[0]}",
            client=rng.choice(CLIENTS), agent=rng.choice([None, "Agent A", "Agent B"]),
            description=desc, skills=skills, tags=(rng.choice(DOMAINS),),
            monthly_jpy=monthly,
            days_per_week=rng.choice([None, Span(2, 3), Span(3, 5), Span(5, 5), Span(3, None)]),
            remote=rng.choice(["full", "partial", "onsite", "unknown"]),
            contract_form=rng.choice(["quasi_mandate", "contract_for_work", "unknown"]),
            posted_at=now - timedelta(hours=rng.randint(0, 24 * 60)),
        ))
    return gigs


def timed(label: str, fn, repeat: int = 3):
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<42} {best * 1000:8.1f} ms")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    money = Money()
    t0 = time.perf_counter()
    gigs = make_gigs(n)
    print(f"generated {n:,} gigs in {time.perf_counter() - t0:.2f} s")
    index = timed("SearchIndex build", lambda: SearchIndex(gigs, money), repeat=1)
    ctx = QueryContext(money=money, now=datetime(2026, 11, 27, tzinfo=timezone.utc))
    first = SearchIndex(gigs, money)
    timed("first fuzzy query (builds the vocabulary)",
          lambda: search(first, "pyhton", ctx), repeat=1)
    for q in ["pytorch", "rate>=80 remote:full", "pyhton", "observability", "grandmaster",
              "skill:sklearn days<=3", "-client:quill posted<7d",
              "(pytorch or tensorflow) rate>=90 -remote:onsite", "machine learning"]:
        rows = timed(f"search {q!r}", lambda q=q: search(index, q, ctx))
        print(f"{'':<42} {len(rows):8,} matches")
    timed("search 'pytorch' deep=False",
          lambda: search(index, "pytorch", ctx, deep=False))
    rows = search(index, "rate>=80", ctx)
    timed(f"sort {len(rows):,} rows by -rate,title",
          lambda: sort_indices(gigs, rows, parse_sort("-rate,title"), ctx, index=index))


if __name__ == "__main__":
    main()

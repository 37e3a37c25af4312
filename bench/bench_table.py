"""Benchmark the gig table at 100,000 gigs: build, first paint, filter, sort, jump.

Run: ``python bench/bench_table.py [--gigs N] [--freeze]``. Prints a small table of timings.
Half the gigs have Japanese (double-width) titles and clients, half English.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult  # noqa: E402

from tui.model import Gig, Rate, SourceRef, Span  # noqa: E402
from tui.money import Money, monthly_jpy  # noqa: E402
from tui.table_model import GigRows  # noqa: E402
from tui.ui.gig_table import GigTable  # noqa: E402

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
JA_ROLES = ["機械学習エンジニア", "データサイエンティスト", "MLOpsエンジニア", "画像認識モデル開発",
            "自然言語処理エンジニア", "LLMアプリ開発", "需要予測モデル構築", "レコメンド基盤開発"]
JA_EXTRA = ["（フルリモート）", "／週3日〜", "【急募】", "（PyTorch）", "／一部リモート", ""]
JA_CLIENTS = ["株式会社アオバ", "ミライデータ株式会社", "東都システム", "株式会社ナナイロ",
              "さくらAIラボ", "合同会社ヒカリ", "関西メディカル株式会社"]
EN_ROLES = ["Machine Learning Engineer", "Data Scientist", "MLOps Engineer", "Computer Vision "
            "Engineer", "NLP Engineer", "LLM Application Developer", "Forecasting Specialist"]
EN_EXTRA = ["(Remote)", "- Contract", "(Part-time)", "- 6 months", "", "(EU timezone)"]
EN_CLIENTS = ["Quillfeather Labs", "Northwind Analytics", "Acme Robotics", "Bluefin Health",
              "Orbital Data", "Hexagon Retail", None]
AGENTS = ["レバテック", "Midworks", "ITプロパートナーズ", "Toptal", None]
SKILLS = ["Python", "PyTorch", "TensorFlow", "SQL", "AWS", "GCP", "Kubernetes", "MLOps", "NLP",
          "LLM", "scikit-learn", "Spark", "Docker", "CV", "Go", "Rust"]
SOURCES = ["remotive", "remoteok", "jobicy", "himalayas", "agents", "hn", "manual"]
REMOTES = ["full", "partial", "onsite", "unknown"]
FORMS = ["quasi_mandate", "contract_for_work", "dispatch", "employment", "unknown"]


def make_gigs(n: int, seed: int = 7) -> list[Gig]:
    """``n`` realistic gigs built directly with the model types."""
    rnd = random.Random(seed)
    money = Money()
    gigs: list[Gig] = []
    for i in range(n):
        ja = i % 2 == 0
        if ja:
            title = rnd.choice(JA_ROLES) + rnd.choice(JA_EXTRA) + f" #{i}"
            client = rnd.choice(JA_CLIENTS) if rnd.random() < 0.7 else None
            lo = rnd.choice([50, 60, 70, 80, 90, 100])
            roll = rnd.random()
            if roll < 0.6:
                rate = Rate(lo * 10_000, (lo + rnd.choice([10, 20, 30])) * 10_000, "JPY", "month",
                            f"{lo}〜{lo + 20}万円/月")
            elif roll < 0.8:
                rate = Rate(None, lo * 10_000, "JPY", "month", f"〜{lo}万円")
            else:
                rate = None
        else:
            title = rnd.choice(EN_ROLES) + " " + rnd.choice(EN_EXTRA) + f" #{i}"
            client = rnd.choice(EN_CLIENTS)
            lo = rnd.choice([40, 50, 60, 70, 80, 100])
            rate = (Rate(lo, lo + 20, "USD", "hour", f"${lo} - ${lo + 20}/hour")
                    if rnd.random() < 0.7 else None)
        days = rnd.choice([Span(3, 5), Span(2, 3), Span(5, 5), Span(3, None), None])
        source = rnd.choice(SOURCES)
        gigs.append(Gig(
            uid=f"{source}:{i}", source=source, source_id=str(i), title=title,
            client=client, agent=rnd.choice(AGENTS) if ja else None,
            url=f"https://example.com/{i}",
            skills=tuple(rnd.sample(SKILLS, rnd.randint(1, 5))),
            tags=("ml",) if rnd.random() < 0.5 else (),
            rate=rate, monthly_jpy=monthly_jpy(rate, money), days_per_week=days,
            contract_form=rnd.choice(FORMS), remote=rnd.choice(REMOTES),
            posted_at=NOW - timedelta(minutes=rnd.randint(5, 60 * 24 * 120)),
            first_seen=NOW - timedelta(minutes=rnd.randint(0, 60 * 24 * 30)),
            is_new=rnd.random() < 0.05,
            sources=[SourceRef(source, f"{source}:{i}")],
        ))
    return gigs


class BenchApp(App[None]):
    """A minimal app holding one GigTable (or nothing, for the baseline)."""

    def __init__(self, rows: GigRows | None) -> None:
        super().__init__()
        self.rows = rows
        self.painted_at: float | None = None

    def compose(self) -> ComposeResult:
        if self.rows is not None:
            yield GigTable(self.rows)

    def on_mount(self) -> None:
        if self.rows is not None:
            self.query_one(GigTable).focus()
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()


async def run(n: int, freeze: bool = False) -> list[tuple[str, str]]:
    results: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    gigs = make_gigs(n)
    results.append((f"generate {n:,} gigs", f"{time.perf_counter() - t0:.2f} s"))

    t0 = time.perf_counter()
    rows = GigRows(gigs, Money(), now=NOW)
    results.append(("build GigRows", f"{time.perf_counter() - t0:.2f} s"))
    if freeze:
        # Long-lived gigs out of the cyclic GC's sight: full collections stop walking them.
        gc.collect()
        gc.freeze()

    baseline = BenchApp(None)
    t_start = time.perf_counter()
    async with baseline.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        painted = baseline.painted_at or time.perf_counter()
    results.append(("  baseline: empty App, start to first paint",
                    f"{(painted - t_start) * 1000:.0f} ms"))

    app = BenchApp(rows)
    t_start = time.perf_counter()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        painted = app.painted_at or time.perf_counter()
        results.append((f"App with GigTable({n:,} rows), start to first paint",
                        f"{(painted - t_start) * 1000:.0f} ms"))
        table = app.query_one(GigTable)
        assert table.row_count == n

        # Filter keystrokes: type "pytorch 機械" one character at a time, then erase it.
        query = "pytorch 機械"
        steps = [query[:k] for k in range(1, len(query) + 1)]
        steps += [query[:k] for k in range(len(query) - 1, -1, -1)]
        filter_ms: list[float] = []
        wall_ms: list[float] = []
        cpu_ms: list[float] = []
        for text in steps:
            c0 = time.process_time()
            t0 = time.perf_counter()
            found = rows.filter_substring(text)
            t1 = time.perf_counter()
            table.set_rows(found)
            await pilot.pause()
            t2 = time.perf_counter()
            filter_ms.append((t1 - t0) * 1000)
            wall_ms.append((t2 - t0) * 1000)
            cpu_ms.append((time.process_time() - c0) * 1000)
        results.append((f"filter_substring ({len(steps)} keystrokes), median / p95",
                        f"{statistics.median(filter_ms):.1f} / {_p95(filter_ms):.1f} ms"))
        results.append(("keystroke filter+set_rows+paint, CPU median / p95",
                        f"{statistics.median(cpu_ms):.1f} / {_p95(cpu_ms):.1f} ms"))
        results.append(("  same, wall incl. Pilot idle wait, median / p95",
                        f"{statistics.median(wall_ms):.1f} / {_p95(wall_ms):.1f} ms"))

        table.set_rows(range(n))
        await pilot.pause()
        for descending in (True, False):
            c0 = time.process_time()
            t0 = time.perf_counter()
            ordered = rows.sort(table.rows, "rate", descending=descending)
            t1 = time.perf_counter()
            table.set_rows(ordered)
            table.set_sort_indicator("rate", descending)
            await pilot.pause()
            c1 = time.process_time()
            label = "first, builds keys" if descending else "again"
            results.append((f"sort {n:,} by rate ({label}): sort / CPU incl. paint",
                            f"{(t1 - t0) * 1000:.0f} / {(c1 - c0) * 1000:.0f} ms"))

        c0 = time.process_time()
        await pilot.press("G")
        await pilot.pause()
        c1 = time.process_time()
        assert table.cursor_row == n - 1
        results.append(("jump to last row (G + paint), CPU", f"{(c1 - c0) * 1000:.0f} ms"))

        c0 = time.process_time()
        for _ in range(20):
            await pilot.press("pageup")
        await pilot.pause()
        per_press = (time.process_time() - c0) * 50
        results.append(("pageup + paint, CPU per press", f"{per_press:.1f} ms"))
    return results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gigs", type=int, default=100_000)
    parser.add_argument("--freeze", action="store_true",
                        help="gc.freeze() once the gigs are loaded (as an app can)")
    args = parser.parse_args()
    results = asyncio.run(run(args.gigs, args.freeze))
    width = max(len(k) for k, _ in results)
    print(f"gigs={args.gigs:,} gc.freeze={'yes' if args.freeze else 'no'}")
    print(f"{'measure'.ljust(width)}  time")
    print(f"{'-' * width}  {'-' * 16}")
    for label, value in results:
        print(f"{label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()

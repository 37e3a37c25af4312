"""Generated gig records for the benchmarks: half Japanese, ~1,500-character descriptions.

``make_records(n, seed)`` returns raw records in the shape a ``file`` source reads (raw
listing text, as agents and boards write it), so loading them exercises the whole
pipeline: normalization, dedup, fit, the cache. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)

JA_ROLES = ["機械学習エンジニア", "データサイエンティスト", "MLOpsエンジニア", "画像認識モデル開発",
            "自然言語処理エンジニア", "LLMアプリ開発", "需要予測モデル構築", "レコメンド基盤開発",
            "生成AI活用PoC支援", "異常検知システム開発"]
JA_EXTRA = ["（フルリモート）", "／週3日〜", "【急募】", "（PyTorch）", "／一部リモート", "", "（長期）"]
JA_CLIENTS = ["株式会社アオバ", "ミライデータ株式会社", "東都システム", "株式会社ナナイロ",
              "さくらAIラボ", "合同会社ヒカリ", "関西メディカル株式会社", "大手EC運営企業", "非公開"]
JA_AGENTS = ["テックリンク・フリーランス", "AIワークス", "ミッドワークス", "ITプロパートナーズ", None]
JA_REMOTE = ["フルリモート", "一部リモート", "リモート併用", "常駐", "週1出社"]
JA_FORMS = ["準委任", "請負", "準委任", "派遣"]
JA_PAY = ["月末締め翌月末払い", "月末締め翌月15日払い", "月末締め翌々月10日払い"]
JA_SENTENCES = [
    "社内規程・技術文書・過去の問い合わせ履歴を横断して検索できるRAGシステムの開発をご担当いただきます。",
    "チャンク分割やembeddingモデルの選定、ハイブリッド検索のチューニングまで一緒に進めていただきます。",
    "月間数千万PVのECにおける商品レコメンドの改善をお任せします。",
    "現在は協調フィルタリングベースの仕組みが動いており、二段階構成への移行を計画中です。",
    "オフライン評価の設計からABテストの分析までご担当いただきます。",
    "製造ラインの画像データを用いた外観検査モデルの精度改善と推論基盤の構築をお願いします。",
    "需要予測モデルの特徴量設計、学習パイプラインの自動化、監視の仕組みづくりを担当していただきます。",
    "【必須スキル】Pythonでの開発経験3年以上、機械学習モデルの実運用経験。",
    "【歓迎スキル】Kubernetes上での推論サーバ運用経験、MLflowやAirflowの利用経験。",
    "【条件】開始時期は12月〜、長期想定。面談1回。服装自由。",
    "チームはPM1名、データサイエンティスト3名、エンジニア2名の構成です。",
    "ドメイン知識は入ってから身につけていただければ問題ありません。",
    "週次の定例以外はSlackでの非同期コミュニケーションが中心です。",
    "精算幅は140〜180時間、交通費は別途支給となります。",
    "大規模言語モデルのファインチューニングと評価基盤の整備をリードしていただきます。",
]
EN_ROLES = ["Machine Learning Engineer", "Data Scientist", "MLOps Engineer",
            "Computer Vision Engineer", "NLP Engineer", "LLM Application Developer",
            "Forecasting Specialist", "Recommender Systems Engineer", "AI Researcher"]
EN_EXTRA = ["(Remote)", "- Contract", "(Part-time)", "- 6 months", "", "(EU timezone)"]
EN_CLIENTS = ["Quillfeather Labs", "Northwind Analytics", "Acme Robotics", "Bluefin Health",
              "Orbital Data", "Hexagon Retail", "Confidential"]
EN_SENTENCES = [
    "We are looking for an experienced engineer to help us build and ship production models.",
    "You will own the training pipeline end to end, from data ingestion to deployment.",
    "Our stack is Python, PyTorch, Airflow and Kubernetes on AWS, with dbt for analytics.",
    "The role involves close collaboration with product managers and domain experts.",
    "Experience with experiment tracking, feature stores and model monitoring is a plus.",
    "We value clear written communication: most of our work happens asynchronously.",
    "You will design offline evaluations and run A/B tests to measure real impact.",
    "The contract starts with three months and is likely to be extended.",
    "Familiarity with retrieval-augmented generation and vector databases is welcome.",
    "We care about testing, observability and reproducible research.",
    "Candidates must be able to overlap at least four hours with Central European Time.",
    "Compensation depends on experience; invoices are paid monthly within thirty days.",
    "You will mentor junior team members and review their code.",
    "Bonus points for open-source contributions or published papers.",
]
SKILLS = ["Python", "PyTorch", "TensorFlow", "SQL", "AWS", "GCP", "Kubernetes", "MLOps", "NLP",
          "LLM", "scikit-learn", "Spark", "Docker", "Go", "Rust", "Airflow", "BigQuery",
          "LangChain", "OpenCV", "pandas"]
RARE_WORD = "kagglegrandmaster"


def _description(rnd: random.Random, sentences: list[str], target: int, sep: str) -> str:
    parts: list[str] = []
    size = 0
    while size < target:
        s = rnd.choice(sentences)
        parts.append(s)
        size += len(s) + len(sep)
    return sep.join(parts)


def make_records(n: int, seed: int = 7) -> list[dict]:
    """``n`` raw gig records; even positions Japanese, odd English."""
    rnd = random.Random(seed)
    out: list[dict] = []
    for i in range(n):
        posted = NOW - timedelta(minutes=rnd.randint(5, 60 * 24 * 120))
        skills = rnd.sample(SKILLS, rnd.randint(2, 6))
        if i % 2 == 0:
            lo = rnd.choice([50, 60, 70, 80, 90, 100])
            rec = {
                "id": f"ja{i}",
                "title": rnd.choice(JA_ROLES) + rnd.choice(JA_EXTRA) + f" #{i}",
                "client": rnd.choice(JA_CLIENTS),
                "agent": rnd.choice(JA_AGENTS),
                "url": f"https://agent.example.jp/job/{i}",
                "rate": rnd.choice([f"{lo}〜{lo + 20}万円/月", f"〜{lo}万円", f"{lo}万円〜", ""]),
                "days_per_week": rnd.choice(["週5日", "週3日〜", "週4〜5日", "週2〜3日"]),
                "settlement_hours": rnd.choice(["140〜180h", "160〜200h", "固定"]),
                "payment": rnd.choice(JA_PAY),
                "contract_form": rnd.choice(JA_FORMS),
                "remote": rnd.choice(JA_REMOTE),
                "location": "東京都",
                "skills": ", ".join(skills),
                "engagement": "業務委託",
                "description": _description(rnd, JA_SENTENCES, 1500, "\n"),
            }
        else:
            lo = rnd.choice([40, 50, 60, 70, 80, 100])
            rec = {
                "id": f"en{i}",
                "title": rnd.choice(EN_ROLES) + " " + rnd.choice(EN_EXTRA) + f" #{i}",
                "client": rnd.choice(EN_CLIENTS),
                "url": f"https://board.example.com/jobs/{i}",
                "rate": rnd.choice([f"${lo} - ${lo + 20}/hour", f"€{lo * 8}/day", ""]),
                "remote": rnd.choice(["Remote", "Hybrid", "On-site", "Fully remote"]),
                "engagement": rnd.choice(["contract", "freelance", "part-time"]),
                "skills": skills,
                "tags": ["ml"] if rnd.random() < 0.5 else [],
                "description": _description(rnd, EN_SENTENCES, 1500, " "),
            }
        if rnd.random() < 0.01:
            rec["description"] += " " + RARE_WORD
        rec["posted_at"] = posted.strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(rec)
    return out


def make_gig_json(n: int, seed: int = 7) -> list[dict]:
    """``n`` gigs in gigs' own JSON shape (what ``gigs list --format json`` writes).

    A ``file`` source reads these like any record; since they carry their ``uid``,
    ``monthly_jpy`` and ``language`` they were normalized already, so the prose is not
    searched again (the fast path of ``gig_from_record``). Half are Japanese.
    """
    rnd = random.Random(seed)
    out: list[dict] = []
    for i in range(n):
        posted = NOW - timedelta(minutes=rnd.randint(5, 60 * 24 * 120))
        skills = rnd.sample(SKILLS, rnd.randint(2, 6))
        ja = i % 2 == 0
        if ja:
            lo = rnd.choice([50, 60, 70, 80, 90, 100])
            hi = lo + rnd.choice([0, 10, 20, 30])
            rate = rnd.choice([
                {"min": lo * 10_000, "max": hi * 10_000, "currency": "JPY", "period": "month",
                 "raw": f"{lo}〜{hi}万円/月", "parsed": True},
                {"min": None, "max": lo * 10_000, "currency": "JPY", "period": "month",
                 "raw": f"〜{lo}万円", "parsed": True},
                None,
            ])
            rec = {
                "uid": f"agents:ja{i}", "source": "agents", "source_id": f"ja{i}",
                "title": rnd.choice(JA_ROLES) + rnd.choice(JA_EXTRA) + f" #{i}",
                "client": rnd.choice(JA_CLIENTS), "agent": rnd.choice(JA_AGENTS),
                "url": f"https://agent.example.jp/job/{i}",
                "description": _description(rnd, JA_SENTENCES, 1500, "\n"),
                "rate": rate,
                "days_per_week": rnd.choice([{"min": 5, "max": 5}, {"min": 3, "max": None},
                                             {"min": 4, "max": 5}, {"min": 2, "max": 3}]),
                "settlement_hours": rnd.choice([{"min": 140, "max": 180, "fixed": False},
                                                {"min": None, "max": None, "fixed": True}]),
                "payment": rnd.choice([{"raw": "月末締め翌月末払い", "site_days": 30},
                                       {"raw": "月末締め翌月15日払い", "site_days": 15}]),
                "contract_form": rnd.choice(["quasi_mandate", "contract_for_work", "dispatch"]),
                "engagement": ["freelance"],
                "remote": rnd.choice(["full", "partial", "onsite"]),
                "location": "東京都", "language": "ja",
            }
        else:
            lo = rnd.choice([40, 50, 60, 70, 80, 100])
            rate = rnd.choice([
                {"min": lo, "max": lo + 20, "currency": "USD", "period": "hour",
                 "raw": f"${lo} - ${lo + 20}/hour", "parsed": True},
                {"min": lo * 8, "max": lo * 8, "currency": "EUR", "period": "day",
                 "raw": f"€{lo * 8}/day", "parsed": True},
                None,
            ])
            rec = {
                "uid": f"agents:en{i}", "source": "agents", "source_id": f"en{i}",
                "title": rnd.choice(EN_ROLES) + " " + rnd.choice(EN_EXTRA) + f" #{i}",
                "client": rnd.choice(EN_CLIENTS), "agent": None,
                "url": f"https://board.example.com/jobs/{i}",
                "description": _description(rnd, EN_SENTENCES, 1500, " "),
                "rate": rate, "days_per_week": None, "settlement_hours": None, "payment": None,
                "contract_form": "unknown",
                "engagement": [rnd.choice(["contract", "freelance", "part_time"])],
                "remote": rnd.choice(["full", "partial", "onsite", "unknown"]),
                "location": None, "language": "en",
            }
        if rnd.random() < 0.01:
            rec["description"] += " " + RARE_WORD
        rec.update({
            "sources": [{"source": "agents", "uid": rec["uid"], "url": rec["url"]}],
            "apply_url": None, "skills": skills, "tags": ["ml"] if rnd.random() < 0.5 else [],
            "monthly_jpy": None, "posted_at": posted.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "first_seen": None, "is_new": False, "fit": None, "fit_reasons": [],
        })
        out.append(rec)
    return out


def write_json(path: Path, n: int, seed: int = 7) -> Path:
    """Write ``n`` gigs (``make_gig_json``) as a JSON array, unless the file is there."""
    marker = path.with_suffix(".done")
    if path.exists() and marker.exists() and marker.read_text() == f"{n}:{seed}":
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    gigs = make_gig_json(n, seed)
    with path.open("w", encoding="utf-8") as f:
        json.dump(gigs, f, ensure_ascii=False)
    marker.write_text(f"{n}:{seed}")
    return path

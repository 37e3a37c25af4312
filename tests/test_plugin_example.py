"""The example third-party source (examples/gigs-source-example) as a user would meet it.

The end-to-end test installs the example into a throwaway virtual environment with no
network (``pip install --no-build-isolation --no-index --no-deps``), then runs the real
``python -m tui sources`` and ``list`` there against mails the test writes, and checks
that the environment running the tests was left as it was. The unit tests import the
source class straight from the example folder, without installing it.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from email.message import EmailMessage
from importlib.metadata import distributions, entry_points
from pathlib import Path

import pytest
import tomli_w

from tui.errors import ConfigError, SourceError
from tui.sources.base import SourceSpec

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "gigs-source-example"
DIST = "gigs-source-example"
PACKAGE = "gigs_source_example"
GROUP = "gigs.sources"


# --- sample mails ----------------------------------------------------------------------
def proposal_eml() -> bytes:
    """A real-looking agent mail: RFC 2047 subject, ISO-2022-JP body, HTML alternative."""
    msg = EmailMessage()
    msg["Subject"] = "Fwd: 【案件のご紹介】需要予測モデルの開発支援（フルリモート）"
    msg["From"] = "テックエージェント 佐藤 <sato@agent.example.jp>"
    msg["To"] = "me@example.jp"
    msg["Date"] = "Tue, 25 Nov 2025 10:00:00 +0900"
    msg["Message-ID"] = "<p1-20251125@agent.example.jp>"
    msg.set_content(
        "田中様\n\nいつもお世話になっております。下記案件のご紹介です。\n\n"
        "■単価：80〜90万円/月（精算幅140-180h）\n■稼働：週3日\n■勤務形態：フルリモート\n"
        "■契約形態：準委任\n■スキル：Python, PyTorch\n",
        charset="iso-2022-jp",
    )
    msg.add_alternative("<p>HTML版（使われないはず）単価 10万円/月</p>", subtype="html")
    return bytes(msg)


PLAIN_TXT = (
    "件名：Re: 画像認識PoC 副業案件\n"
    "差出人：鈴木 <suzuki@agent2.example.jp>\n"
    "日付：Wed, 26 Nov 2025 09:30:00 +0900\n"
    "\n"
    "単価は60万円/月、週2日稼働です。\n"
    "リモート可（月1回出社）。\n"
)


def write_inbox(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "proposal-1.eml").write_bytes(proposal_eml())
    (folder / "pasted.txt").write_text(PLAIN_TXT, encoding="utf-8")
    (folder / "contract.pdf").write_bytes(b"%PDF-1.4 not a mail")  # not matched


# --- the source class itself, imported from the example folder --------------------------
@pytest.fixture
def inbox(monkeypatch):
    """The example's module, imported from its folder; unloaded again afterwards."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no __pycache__ in the repo
    monkeypatch.syspath_prepend(str(EXAMPLE))
    import gigs_source_example.inbox as module

    yield module
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


class Ctx:
    """A FetchContext for a local source: records progress, refuses the network."""

    max_pages = 1

    def __init__(self) -> None:
        self.messages: list[str] = []

    async def get_json(self, url, *, params=None):
        raise AssertionError("a local source must not fetch")

    async def get_text(self, url, *, params=None):
        raise AssertionError("a local source must not fetch")

    def progress(self, message: str) -> None:
        self.messages.append(message)


def spec(**options) -> SourceSpec:
    return SourceSpec(name="agents", type="inbox", options=options)


def test_source_reads_one_record_per_mail(inbox, tmp_path):
    write_inbox(tmp_path / "mail")
    source = inbox.InboxSource(spec(folder=str(tmp_path / "mail")))
    assert source.type_name == "inbox" and source.network is False
    ctx = Ctx()
    records = asyncio.run(source.fetch(ctx))
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == {"p1-20251125@agent.example.jp", "pasted.txt"}  # the .pdf is skipped

    mail = by_id["p1-20251125@agent.example.jp"]
    assert mail["title"] == "【案件のご紹介】需要予測モデルの開発支援（フルリモート）"
    assert mail["agent"] == "テックエージェント 佐藤"
    assert mail["posted_at"] == "2025-11-25T10:00:00+09:00"
    assert "単価：80〜90万円/月" in mail["description"]  # the text part, decoded
    assert "HTML版" not in mail["description"]
    assert "rate" not in mail  # prose is left to gigs' normalization

    pasted = by_id["pasted.txt"]
    assert pasted["title"] == "画像認識PoC 副業案件"
    assert pasted["agent"] == "鈴木"
    assert pasted["posted_at"] == "2025-11-26T09:30:00+09:00"
    assert pasted["description"].startswith("単価は60万円/月")
    assert "件名" not in pasted["description"]
    assert [p for p in source.files() if p.suffix == ".pdf"] == []
    assert any("2 mails" in m for m in ctx.messages)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # No header block: the whole text is the body, gigs finds the title itself.
        ("案件名：LLM評価基盤\n単価：100万円/月\n", {"description": "案件名：LLM評価基盤\n単価：100万円/月"}),
        # A first line that looks like a header but the text is no mail.
        ("Note: call back\n80万円/月\n", {"description": "Note: call back\n80万円/月"}),
        # English header block, CRLF line ends, an unreadable date passed on as text.
        (
            "Subject: FW: RE: MLOps contract\r\nFrom: jane@agency.example\r\nDate: soon\r\n\r\n$90/hour\r\n",
            {"title": "MLOps contract", "agent": "jane@agency.example", "posted_at": "soon",
             "description": "$90/hour"},
        ),
        # Japanese header block only, no body.
        ("件名：面談のご案内\n", {"title": "面談のご案内"}),
    ],
)
def test_parse_mail_text_shapes(inbox, raw, expected):
    assert inbox.parse_mail(raw.encode("utf-8")) == expected


def test_parse_mail_encodings_and_html_only(inbox):
    sjis = "件名：需要予測\n\n単価 70万円/月\n".encode("cp932")
    assert inbox.parse_mail(sjis) == {"title": "需要予測", "description": "単価 70万円/月"}
    msg = EmailMessage()
    msg["Subject"] = "HTML only"
    msg.set_content("<p>単価 <b>75万円</b>/月</p>", subtype="html")
    record = inbox.parse_mail(bytes(msg))
    assert record["title"] == "HTML only"
    assert "75万円" in record["description_html"] and "description" not in record


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\xff\xfe\xfd", b"Subject: =?x-unknown?B?!!?=\nContent-Type: text/plain; charset=nope\n"
     b"Content-Transfer-Encoding: base64\n\n@@@", b"From \n\n\n", b"Content-Type: multipart/mixed\n\n--"],
)
def test_parse_mail_never_raises_on_garbage(inbox, raw):
    record = inbox.parse_mail(raw)
    assert isinstance(record, dict)
    assert all(isinstance(v, str) for v in record.values())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "needs option 'folder'"),
        ({"folder": "  "}, "needs option 'folder'"),
        ({"folder": "/x", "patern": "*.eml"}, "unknown option 'patern'"),
        ({"folder": "/x", "pattern": 3}, "must be a glob or a list"),
        ({"folder": "/x", "pattern": ["*.eml", 4]}, "is not a text glob"),
        ({"folder": "/x", "pattern": "../*.eml"}, "must stay inside the folder"),
        ({"folder": "/x", "pattern": " , "}, "option 'pattern' is empty"),
    ],
)
def test_bad_options_are_source_errors(inbox, options, message):
    with pytest.raises(SourceError) as err:
        inbox.InboxSource(spec(**options))
    assert message in str(err.value)
    assert "agents" in str(err.value)  # names the configured source


def test_missing_folder_and_unreadable_files(inbox, tmp_path):
    missing = inbox.InboxSource(spec(folder=str(tmp_path / "nope")))
    with pytest.raises(SourceError, match="folder not found"):
        asyncio.run(missing.fetch(Ctx()))
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(SourceError, match="not a folder"):
        asyncio.run(inbox.InboxSource(spec(folder=str(tmp_path / "a-file"))).fetch(Ctx()))

    empty = tmp_path / "empty"
    empty.mkdir()
    ctx = Ctx()
    assert asyncio.run(inbox.InboxSource(spec(folder=str(empty))).fetch(ctx)) == []
    assert any("no mails matching" in m for m in ctx.messages)

    # An oversized file is skipped with a note; alone, it is the source's error.
    big = tmp_path / "big"
    big.mkdir()
    (big / "huge.eml").write_bytes(b"Subject: x\n\n" + b"a" * (inbox.MAX_MAIL_BYTES + 1))
    with pytest.raises(SourceError, match=r"huge\.eml: too large"):
        asyncio.run(inbox.InboxSource(spec(folder=str(big))).fetch(Ctx()))
    (big / "ok.txt").write_text("件名：小さい案件\n\n60万円/月\n", encoding="utf-8")
    (big / "blank.txt").write_text("\n \n", encoding="utf-8")
    ctx = Ctx()
    records = asyncio.run(inbox.InboxSource(spec(folder=str(big))).fetch(ctx))
    assert [r["title"] for r in records] == ["小さい案件"]
    assert any("huge.eml: too large" in m for m in ctx.messages)
    assert any("blank.txt: empty file" in m for m in ctx.messages)


def test_pattern_option_and_subfolders(inbox, tmp_path):
    write_inbox(tmp_path / "mail")
    sub = tmp_path / "mail" / "2025-11"
    sub.mkdir()
    (sub / "old.eml").write_bytes(b"Subject: archived\n\nbody\n")
    only_eml = inbox.InboxSource(spec(folder=str(tmp_path / "mail"), pattern="*.eml"))
    assert [p.name for p in only_eml.files()] == ["proposal-1.eml"]
    deep = inbox.InboxSource(spec(folder=str(tmp_path / "mail"), pattern=["**/*.eml"]))
    ids = sorted(r["id"] for r in asyncio.run(deep.fetch(Ctx())))
    assert ids == ["2025-11/old.eml", "p1-20251125@agent.example.jp"]


# --- end to end: installed into a throwaway venv ---------------------------------------
def _run(argv: list[str], *, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ)  # carries the isolated XDG_* dirs of conftest
    env.update(
        PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_NO_CACHE_DIR="1",
        PIP_CONFIG_FILE=os.devnull, PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1",
    )
    env.pop("PYTHONPATH", None)
    env.pop("PIP_INDEX_URL", None)
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def _check(proc: subprocess.CompletedProcess, what: str) -> str:
    assert proc.returncode == 0, f"{what} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _make_venv(where: Path) -> Path:
    """A venv that sees this interpreter's packages (gigs, hatchling, pip); its python."""
    if importlib.util.find_spec("venv") is None:
        pytest.skip("the venv module is not available in this Python")
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # Without its own pip first: pip from the system site-packages installs into the
    # venv just as well and needs no ensurepip. Fall back to ensurepip if it cannot.
    made = _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(where)], cwd=where.parent)
    if made.returncode != 0:
        pytest.skip(f"cannot create a venv: {made.stderr.strip()[-300:]}")
    if _run([str(python), "-m", "pip", "--version"], cwd=where.parent).returncode != 0:
        if importlib.util.find_spec("ensurepip") is None:
            pytest.skip("neither pip in the system site-packages nor ensurepip is available")
        shutil.rmtree(where)
        made = _run([sys.executable, "-m", "venv", "--system-site-packages", str(where)], cwd=where.parent)
        if made.returncode != 0:
            pytest.skip(f"cannot create a venv with ensurepip: {made.stderr.strip()[-300:]}")
    return python


def _environment_snapshot() -> dict[str, object]:
    """What installing the plugin into this interpreter would change."""
    return {
        "entry_points": sorted((ep.name, ep.value) for ep in entry_points(group=GROUP)),
        "distributions": sorted({(d.metadata["Name"] or "").lower() for d in distributions()}),
        "example_files": sorted(
            str(p.relative_to(EXAMPLE)) for p in EXAMPLE.rglob("*") if "__pycache__" not in p.parts
        ),
    }


def test_plugin_installs_into_a_venv_and_shows_its_gigs(tmp_path):
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling (the example's build backend) is not installed")
    before = _environment_snapshot()
    assert PACKAGE not in sys.modules, "the unit tests must unload the example"
    assert importlib.util.find_spec(PACKAGE) is None

    # A copy, so no build artefacts land in the repository.
    src = tmp_path / "src" / DIST
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "build", "dist", "*.egg-info"))
    python = _make_venv(tmp_path / "venv")
    _check(_run([str(python), "-c", "import tui, sys; print(tui.__file__)"], cwd=tmp_path), "import tui in the venv")
    _check(
        _run(
            [str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps", str(src)],
            cwd=tmp_path,
            timeout=300,
        ),
        "pip install of the example",
    )

    mail = tmp_path / "mail"
    write_inbox(mail)
    config = tmp_path / "config.toml"
    config.write_text(
        tomli_w.dumps(
            {"sources": [{"name": "agents", "type": "inbox",
                          "options": {"folder": str(mail), "pattern": "*.eml, *.txt"}}]}
        ),
        encoding="utf-8",
    )
    gigs = [str(python), "-m", "tui", "--offline", "--config", str(config)]

    sources = json.loads(_check(_run(gigs + ["sources", "--format", "json"], cwd=tmp_path), "gigs sources"))
    types = {t["type"]: t for t in sources["types"]}
    assert types["inbox"] == {
        "type": "inbox", "target": "gigs_source_example.inbox:InboxSource",
        "builtin": False, "distribution": DIST,
    }
    assert types["file"]["builtin"] is True  # the built-ins are still there
    configured = {s["name"]: s for s in sources["sources"]}
    assert configured["agents"]["type"] == "inbox"
    assert configured["agents"]["title"] == "Saved agent mails"
    assert configured["agents"]["network"] is False
    assert str(mail) in configured["agents"]["location"]

    listed = json.loads(_check(_run(gigs + ["list", "--format", "json"], cwd=tmp_path), "gigs list"))
    mine = {g["uid"]: g for g in listed if g["source"] == "agents"}
    assert set(mine) == {"agents:p1-20251125@agent.example.jp", "agents:pasted.txt"}
    assert not [g for g in listed if g["source"] == "sample"]  # real gigs, no sample fallback

    p1 = mine["agents:p1-20251125@agent.example.jp"]
    assert p1["title"] == "【案件のご紹介】需要予測モデルの開発支援（フルリモート）"
    assert p1["agent"] == "テックエージェント 佐藤"
    # Normalized by gigs from the mail's prose.
    assert p1["monthly_jpy"] == {"min": 800000, "max": 900000}
    assert p1["rate"]["currency"] == "JPY" and p1["rate"]["period"] == "month"
    assert p1["days_per_week"] == {"min": 3, "max": 3}
    assert p1["remote"] == "full"
    assert p1["contract_form"] == "quasi_mandate"
    assert p1["posted_at"].startswith("2025-11-25T01:00:00")  # 10:00 JST in UTC
    pasted = mine["agents:pasted.txt"]
    assert pasted["title"] == "画像認識PoC 副業案件"
    assert pasted["monthly_jpy"] == {"min": 600000, "max": 600000}
    assert pasted["days_per_week"] == {"min": 2, "max": 2}

    # The environment running the tests was left as it was.
    assert _environment_snapshot() == before
    assert importlib.util.find_spec(PACKAGE) is None
    fresh = subprocess.run(
        [sys.executable, "-c",
         "import importlib.util, json; from importlib.metadata import entry_points;"
         f"print(json.dumps([importlib.util.find_spec({PACKAGE!r}) is None,"
         f" sorted(e.name for e in entry_points(group={GROUP!r}))]))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    not_importable, names = json.loads(fresh.stdout)
    assert not_importable and "inbox" not in names
    # ...while the venv does have it, so the checks above are not vacuous.
    inside = _check(_run([str(python), "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"], cwd=tmp_path), "import in venv")
    assert str(tmp_path / "venv") in inside


def test_a_config_error_from_the_plugin_names_the_key(tmp_path, monkeypatch):
    """Bad plugin options stop gigs before it starts, naming file and key (exit 2 path)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.syspath_prepend(str(EXAMPLE))
    from tui.collect import prepare
    from tui.config import load_config
    from tui.sources import registry

    monkeypatch.setitem(registry.BUILTIN, "inbox", "gigs_source_example.inbox:InboxSource")
    config_path = tmp_path / "config.toml"
    config_path.write_text(
        '[[sources]]\nname = "agents"\ntype = "inbox"\noptions = { folder = "/x", patern = "*.eml" }\n',
        encoding="utf-8",
    )
    try:
        with pytest.raises(ConfigError) as err:
            prepare(load_config(config_path))
    finally:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
    text = str(err.value)
    assert "config.toml" in text and "options" in text and "patern" in text

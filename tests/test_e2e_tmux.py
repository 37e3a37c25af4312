"""End-to-end journeys: the installed ``gigs`` command driven in tmux.

Each test starts the real program in a detached pane on a private tmux server
(``tests/support/tmux.py``), with the isolated XDG folders of ``conftest.py``, a config
file naming a local ``file`` source (Japanese titles included) and, where the network is
the point, a source served by a ``LocalServer`` on 127.0.0.1. Keys go in through
``tmux send-keys``; the screen comes back through ``capture-pane`` and is polled, never
slept on; the shortlist is checked in its TOML file; OSC 52 is read back with
``tmux show-buffer``. Pilot cannot do these: ``E`` suspends the app for ``$EDITOR``, and
colours, clipboard and exit codes only exist in a real terminal.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import tomllib
from pathlib import Path
from typing import Callable

import pytest
from rich.cells import cell_len

from tests.support.http_server import LocalServer
from tests.support.tmux import TmuxSession, gigs_command, tmux_binary

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(tmux_binary() is None,
                       reason="tmux is not installed (apt-get install tmux); the end-to-end journeys need it"),
]

FIXTURES = Path(__file__).parent / "fixtures"

#: The local file source: Japanese agents' gigs and one global one.
GIGS = [
    {"id": "cv1", "title": "画像認識モデル開発", "client": "株式会社ミライ映像",
     "rate": "80〜90万円/月", "days_per_week": "週4日〜", "remote": "フルリモート",
     "contract_form": "準委任", "settlement_hours": "140〜180h", "payment": "月末締め翌月末払い",
     "url": "https://agent.example.jp/job/cv1", "skills": "Python, PyTorch",
     "posted_at": "2026-11-20T09:00:00Z"},
    {"id": "llm2", "title": "LLM評価基盤の構築", "client": "合同会社サンプル",
     "rate": "70万円/月", "days_per_week": "週3日", "remote": "一部リモート",
     "url": "https://agent.example.jp/job/llm2", "skills": "Python, LLM",
     "posted_at": "2026-11-19T09:00:00Z"},
    {"id": "long3", "title": "大規模言語モデルを用いた社内文書検索システムの設計・開発・運用支援（長期）",
     "client": "東京データ工房株式会社", "rate": "100万円/月", "remote": "フルリモート",
     "url": "https://agent.example.jp/job/long3", "skills": "Python, RAG",
     "posted_at": "2026-11-18T09:00:00Z"},
    {"id": "rec4", "title": "Recommender tuning", "client": "Acme Data",
     "rate": "$80/hour", "remote": "full", "url": "https://example.com/job/rec4",
     "skills": "Python, Spark", "posted_at": "2026-11-17T09:00:00Z"},
]
TITLES = [g["title"] for g in GIGS]


# ------------------------------------------------------------------ fixtures
@pytest.fixture
def gigs_file(tmp_path: Path) -> Path:
    path = tmp_path / "agents.json"
    path.write_text(json.dumps(GIGS, ensure_ascii=False), encoding="utf-8")
    return path


def write_config(tmp_path: Path, gigs_file: Path, *extra_sources: str, name: str = "config.toml") -> Path:
    """A config with the local file source first, then ``extra_sources`` (TOML tables)."""
    text = f'[[sources]]\nname = "agents"\ntype = "file"\npath = {json.dumps(str(gigs_file))}\n'
    for source in extra_sources:
        text += "\n" + source
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def base_env() -> dict[str, str]:
    """The test's environment (isolated XDG dirs from conftest) made terminal-neutral."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TMUX", "SSH_", "PYTEST_")) and k not in
           {"VISUAL", "EDITOR", "NO_COLOR", "COLORTERM", "FORCE_COLOR", "TEXTUAL_COLOR_SYSTEM"}}
    env.update(TERM="xterm-256color", LANG="C.UTF-8")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        assert env[var] == os.environ[var]  # the isolated folders, never the user's
    return env


@pytest.fixture
def tmux(tmp_path: Path):
    """Start sessions with ``tmux(args, env=..., ...)``; every one is killed afterwards."""
    sessions: list[TmuxSession] = []

    def start(args: list[str] | str, *, env: dict[str, str], width: int = 160, height: int = 45,
              options: tuple[str, ...] = ()) -> TmuxSession:
        command = args if isinstance(args, str) else [*gigs_command(), *args]
        session = TmuxSession.start(command, width=width, height=height, env=env,
                                    workdir=tmp_path / "tmux", options=options)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.kill()


def shortlist_path() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "gigs" / "shortlist.toml"


def read_shortlist() -> dict:
    """The parsed shortlist, or ``{}`` while it is missing (never half-written: atomic)."""
    try:
        return tomllib.loads(shortlist_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def loaded(*titles: str) -> Callable[[str], bool]:
    """A screen predicate: every title shows."""
    def check(screen: str) -> bool:
        return all(t in screen for t in titles)
    check.__name__ = f"titles {titles!r}"
    return check


def table_rows(screen: str) -> list[str]:
    """The table's rows below its header, without the detail pane beside them (``▏``)."""
    lines = screen.split("\n")
    header = next((n for n, line in enumerate(lines) if "Title" in line and "Client" in line), None)
    if header is None:
        return []
    return [line.split("▏", 1)[0] for line in lines[header + 1 :]]


def row_of(screen: str, text: str) -> str:
    """The table row that shows ``text`` ("" when none does: safe inside a wait)."""
    return next((row for row in table_rows(screen) if text in row), "")


def quit_cleanly(session: TmuxSession) -> None:
    """``q`` on the main screen: the program ends with exit code 0."""
    session.send_keys("q")
    code = session.wait_exit()
    assert code == 0, f"exit code {code} after q; the terminal showed:\n{session.capture(history=True)}"


#: In the footer only while the table has the focus (the filter input hides it).
TABLE_FOCUSED = "Star / unstar"


def focus_filter(session: TmuxSession) -> None:
    """``/``, then wait until the filter has the focus (its keys replace the table's)."""
    session.wait_for(TABLE_FOCUSED)  # the table has the focus first (not so while starting)
    session.send_keys("/")
    session.wait_gone(TABLE_FOCUSED)


def back_to_table(session: TmuxSession) -> None:
    """``Enter`` in the filter, then wait until the table has the focus again."""
    session.send_keys("Enter")
    session.wait_for(TABLE_FOCUSED)


def filter_to(session: TmuxSession, text: str, expect: str) -> None:
    """Filter until ``expect`` is the only gig listed, then back to the table."""
    focus_filter(session)
    session.send_text(text)
    screen = session.wait_for(lambda s: "1 of " in s)
    assert expect in "\n".join(table_rows(screen))
    back_to_table(session)


# ------------------------------------------------------------------ 1. the main journey
def test_filter_star_checklist_note_quit_reopen(tmp_path, gigs_file, base_env, tmux):
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=base_env)
    app.wait_for(loaded(*TITLES[:2], TITLES[3]))
    assert "4 of 4 gigs" in app.capture()

    # `/` filter: the rows narrow while typing
    focus_filter(app)
    app.send_text("LLM評価")
    screen = app.wait_for(lambda s: "1 of 4 gigs" in s)
    table = "\n".join(table_rows(screen))
    assert "LLM評価基盤の構築" in table
    for other in ("画像認識モデル開発", "Recommender tuning"):
        assert other not in table, f"{other!r} still listed after filtering"
    back_to_table(app)

    # `s` star: the mark shows in the row
    app.send_keys("s")
    app.wait_for(lambda s: "★" in row_of(s, "LLM評価基盤の構築"))

    # `c` checklist: the first item (contract_form) set to ok with `2`, then back
    app.send_keys("c")
    app.wait_for(lambda s: "contract_form" in s or "Contract form" in s or "契約形態" in s)
    app.send_keys("2")
    app.wait_until(lambda: read_shortlist().get("gigs", {}).get("agents:llm2", {})
                   .get("checks", {}).get("contract_form", {}).get("state") == "ok",
                   what="contract_form = ok in shortlist.toml")
    app.send_keys("Escape")
    app.wait_for("Title")

    # `n` note: Japanese, two lines, brackets, typed through tmux; Esc saves
    app.send_keys("n")
    app.wait_for("Ctrl+S save")
    app.send_text("面談は12/3。")
    app.send_keys("Enter")
    app.send_text("単価は「応相談」")
    app.wait_for("単価は「応相談」")
    app.send_keys("Escape")
    app.wait_gone("Ctrl+S save")
    # saved: the detail pane shows it (quitting before that is test_edit_then_quit_at_once)
    app.wait_for(loaded("面談は12/3。", "単価は「応相談」"))
    quit_cleanly(app)

    entry = read_shortlist()["gigs"]["agents:llm2"]
    assert entry["starred"] is True
    assert entry["checks"]["contract_form"]["state"] == "ok"
    assert entry["note"] == "面談は12/3。\n単価は「応相談」"
    assert set(read_shortlist()["gigs"]) == {"agents:llm2"}

    # reopen: the star in the table, the note and the check in the detail pane
    again = tmux(["--config", str(config), "--offline"], env=base_env)
    screen = again.wait_for(loaded(*TITLES[:2]))
    assert "★" in row_of(screen, "LLM評価基盤の構築")
    unstarred = row_of(screen, "画像認識モデル開発")
    assert unstarred and "★" not in unstarred
    filter_to(again, "LLM評価", "LLM評価基盤の構築")
    again.wait_for(loaded("面談は12/3。", "単価は「応相談」", "1/11"))
    quit_cleanly(again)


#: Keys that arrive in the same read as `/` or the filter's Enter (fast typing, or keys
#: batched by a laggy SSH link) must reach the widget the key moved the focus to.
def test_filter_text_typed_in_one_burst_with_slash(tmp_path, gigs_file, base_env, tmux):
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=base_env)
    app.wait_for(TABLE_FOCUSED)
    app.send_text("/LLM評価")  # one read: `/` and the words after it
    screen = app.wait_for(lambda s: "1 of 4 gigs" in s, timeout=4)
    assert "LLM評価基盤の構築" in "\n".join(table_rows(screen))
    assert any(line.strip() == "LLM評価" for line in screen.split("\n")[-4:]), "keys lost"


def test_table_key_typed_in_one_burst_with_enter(tmp_path, gigs_file, base_env, tmux):
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=base_env)
    focus_filter(app)
    app.send_text("LLM評価")
    app.wait_for(lambda s: "1 of 4 gigs" in s)
    app.send_keys("Enter", "s")  # one read: leave the filter, star the gig
    screen = app.wait_for(lambda s: "1 of 4" in s and "★" in row_of(s, "LLM評価基盤の構築"), timeout=4)
    assert "LLM評価s" not in screen


#: An edit made just before `q` (in the same read) must land before the app exits.
def test_edit_then_quit_at_once_keeps_the_edit(tmp_path, gigs_file, base_env, tmux):
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=base_env)
    app.wait_for(loaded(*TITLES[:2]))
    app.wait_for(TABLE_FOCUSED)
    first = next(row for row in table_rows(app.capture()) if row.strip())
    uid = next(f"agents:{g['id']}" for g in GIGS if g["title"][:8] in first)
    app.send_keys("s", "q")  # star, quit: typed fast, or batched by a slow SSH link
    code = app.wait_exit()
    assert code == 0, app.capture(history=True)
    assert read_shortlist().get("gigs", {}).get(uid, {}).get("starred") is True


# ------------------------------------------------------------------ 2. E: $EDITOR
def test_note_in_external_editor_then_app_returns(tmp_path, gigs_file, base_env, tmux):
    editor = tmp_path / "append-editor.sh"
    editor.write_text("#!/bin/sh\nprintf '外部エディタで追記\\n' >> \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    env = dict(base_env, EDITOR=str(editor))
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=env)
    app.wait_for(loaded(*TITLES[:2]))
    filter_to(app, "画像認識", "画像認識モデル開発")

    app.send_keys("E")
    app.wait_until(lambda: read_shortlist().get("gigs", {}).get("agents:cv1", {}).get("note")
                   == "外部エディタで追記\n", what="the editor's line in shortlist.toml")
    # the app comes back from suspend: table redrawn, the note in the detail pane
    app.wait_for(loaded("Title", "画像認識モデル開発", "外部エディタで追記"))
    quit_cleanly(app)


# ------------------------------------------------------------------ 3. OSC 52
def osc52_reaches_buffers(tmux, env: dict[str, str], options: tuple[str, ...]) -> bool:
    """Whether this tmux turns a plain OSC 52 write into a paste buffer at all."""
    probe = "gigs-osc52-probe"
    encoded = base64.b64encode(probe.encode()).decode()
    session = tmux(f"printf '\\033]52;c;{encoded}\\a'; sleep 5", env=env, options=options)
    try:
        session.wait_until(lambda: session.show_buffer() == probe, timeout=3, what="probe buffer")
        return True
    except AssertionError:
        return False


def test_copy_url_and_markdown_through_osc52(tmp_path, gigs_file, base_env, tmux):
    options = ("set -s set-clipboard on",)
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=base_env, options=options)
    app.wait_for(loaded(*TITLES[:2]))
    filter_to(app, "Recommender", "Recommender tuning")

    app.send_keys("y")
    url = "https://example.com/job/rec4"
    try:
        app.wait_until(lambda: app.show_buffer() == url, what="the URL in tmux's buffer")
    except AssertionError:
        if not osc52_reaches_buffers(tmux, base_env, options):
            pytest.skip("this tmux does not turn OSC 52 into a paste buffer (set-clipboard on)")
        raise
    app.send_keys("Y")
    markdown = app.wait_until(lambda: (b := app.show_buffer()) and b.startswith("### ") and b,
                              what="the Markdown in tmux's buffer")
    assert markdown.startswith("### Recommender tuning\n")
    assert f"- URL: {url}" in markdown
    assert "Acme Data" in markdown
    quit_cleanly(app)


# ------------------------------------------------------------------ 4. a dead source
def test_source_dies_mid_session_app_stays_usable(tmp_path, gigs_file, base_env, tmux):
    body = (FIXTURES / "remotive" / "remote-jobs.json").read_bytes()
    server = LocalServer().__enter__()
    try:
        server.route("/api/remote-jobs", body=body)
        remote = f'[[sources]]\nname = "remotive"\ntype = "remotive"\nurl = "{server.url}"\ntimeout = 3\n'
        config = write_config(tmp_path, gigs_file, remote)
        app = tmux(["--config", str(config)], env=base_env, width=200, height=45)
        app.wait_for(loaded("Freelance Data Scientist", "画像認識モデル開発"))
        assert any(path == "/api/remote-jobs" for path, _, _ in server.requests)
    finally:
        server.__exit__(None, None, None)  # the board goes away mid-session

    app.send_keys("R")

    def names_the_failure(screen: str) -> bool:
        status = screen.split("\n")[1]
        return bool(re.search(r"remotive (failed|cached)", status))

    screen = app.wait_for(names_the_failure, timeout=20)
    # every gig stays: the file source's and the failed board's cached ones
    assert loaded("Freelance Data Scientist", "Senior ML Engineer", "画像認識モデル開発",
                  "LLM評価基盤の構築")(screen)
    assert re.search(r"agents\s+4", screen.split("\n")[1])

    # still responsive: j moves the cursor (the detail pane follows), ? opens the keys
    def detail_title(screen: str) -> str:
        header = next(line for line in screen.split("\n") if "Title" in line and "▏" in line)
        return header.split("▏", 1)[1].strip()  # the pane's first line: the gig's title

    rows = [row.strip().lstrip("★").strip()[:8] for row in table_rows(screen) if row.strip()]
    assert rows[0] in detail_title(screen)
    app.send_keys("j")
    app.wait_for(lambda s: rows[1] in detail_title(s))
    app.send_keys("?")
    app.wait_for("[keymap] in config remaps")
    app.send_keys("Escape")
    app.wait_gone("[keymap] in config remaps")
    quit_cleanly(app)


# ------------------------------------------------------------------ 5. NO_COLOR, TERM=screen
SGR = re.compile(r"\x1b\[([0-9;]*)m")
#: 16-colour SGR codes that are shades of grey (black, white, bright black, bright white).
GREY_16 = {30, 37, 90, 97, 40, 47, 100, 107}


def sgr_colours(capture: str) -> list[tuple]:
    """Every colour set by SGR in ``capture``: ("16", code), ("256", n) or ("rgb", r, g, b)."""
    colours: list[tuple] = []
    for match in SGR.finditer(capture):
        params = [int(p) if p else 0 for p in match.group(1).split(";")]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48) and i + 1 < len(params):
                if params[i + 1] == 5:
                    colours.append(("256", params[i + 2]))
                    i += 3
                    continue
                if params[i + 1] == 2:
                    colours.append(("rgb", *params[i + 2 : i + 5]))
                    i += 5
                    continue
            if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                colours.append(("16", p))
            i += 1
    return colours


def is_grey(colour: tuple) -> bool:
    kind = colour[0]
    if kind == "16":
        return colour[1] in GREY_16
    if kind == "rgb":
        r, g, b = colour[1:]
        return max(r, g, b) - min(r, g, b) <= 3
    n = colour[1]
    return n in (0, 7, 8, 15, 16, 59, 102, 145, 188, 231) or n >= 232


@pytest.mark.parametrize(
    "extra_env",
    [{"NO_COLOR": "1", "COLORTERM": "truecolor"}, {"TERM": "screen"}],
    ids=["NO_COLOR", "TERM=screen"],
)
def test_starts_renders_and_quits_cleanly(tmp_path, gigs_file, base_env, tmux, extra_env):
    env = dict(base_env, **extra_env)
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=env, width=120, height=30)
    screen = app.wait_for(loaded(*TITLES[:2], TITLES[3]))
    assert "4 of 4 gigs" in screen
    assert "\x1b" not in screen and "[38;" not in screen  # no stray escape codes as text
    colours = sgr_colours(app.capture(escapes=True))
    if "NO_COLOR" in extra_env:
        assert colours, "nothing drawn with SGR at all"
        assert all(is_grey(c) for c in colours), \
            f"NO_COLOR=1 but hues on screen: {sorted({c for c in colours if not is_grey(c)})}"
    else:
        # screen(1) has 8/16 colours: nothing beyond them may be sent, but colour is used
        assert all(c[0] == "16" for c in colours), \
            f"TERM=screen got 256/true colours: {sorted({c for c in colours if c[0] != '16'})}"
        assert any(not is_grey(c) for c in colours), "TERM=screen lost its colours"
    quit_cleanly(app)


# ------------------------------------------------------------------ 6. 80×24
def test_small_terminal_layout_and_japanese_alignment(tmp_path, gigs_file, base_env, tmux):
    config = write_config(tmp_path, gigs_file)
    app = tmux(["--config", str(config), "--offline"], env=base_env, width=80, height=24)
    app.wait_for(loaded(*TITLES[:2], TITLES[3], "Rate"))
    assert app.display("#{pane_width}x#{pane_height}") == "80x24"
    lines = app.lines()
    assert len(lines) == 24

    too_wide = [(n, cell_len(line)) for n, line in enumerate(lines) if cell_len(line) > 80]
    assert not too_wide, f"lines wider than 80 cells: {too_wide}"

    # the table on top, the detail pane below it (not beside it)
    header = next(n for n, line in enumerate(lines) if "Title" in line and "Client" in line)
    rows = {t: next(n for n, line in enumerate(lines) if n > header and t[:6] in line)
            for t in TITLES}
    last_row = max(rows.values())
    detail_rate = next(n for n, line in enumerate(lines) if re.match(r"^\s*Rate\s{2,}", line))
    assert detail_rate > last_row, "the detail pane is not below the table"
    between = "\n".join(lines[last_row + 1 : detail_rate])
    assert any(t[:6] in between for t in TITLES), "the detail pane does not show the gig's title"
    assert cell_len(lines[detail_rate][: lines[detail_rate].index("Rate")]) <= 2

    # Japanese rows aligned: each column starts at the same cell offset on every row
    head = lines[header]
    client_at = cell_len(head[: head.index("Client")])
    for gig in GIGS:
        line = lines[rows[gig["title"]]]
        # the client cell may be cut to the column width: look for its first characters
        start = line.index(gig["client"][:3])
        assert cell_len(line[:start]) == client_at, f"client of {gig['id']} misaligned:\n{line}\n{head}"
    remote_at = cell_len(head[: head.index("Remote")])
    for gig in GIGS:
        line = lines[rows[gig["title"]]]
        word = re.search(r"\b(full|part|onsite)\b", line)
        assert word, line
        assert cell_len(line[: word.start()]) == remote_at, f"remote of {gig['id']} misaligned:\n{line}\n{head}"
    # the long Japanese title is cut by display width, with an ellipsis, never mid-character
    long_row = lines[rows[TITLES[2]]]
    assert "…" in long_row and TITLES[2] not in long_row
    quit_cleanly(app)


# ------------------------------------------------------------------ 7. a bad config
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[money]\nhours_per_month = "lots"\n', "money.hours_per_month"),
        ('[ui]\ncolour = "blue"\n', "ui.colour"),
    ],
    ids=["bad-value", "unknown-key"],
)
def test_bad_config_exits_2_with_one_line_before_any_screen(tmp_path, base_env, tmux, text, key):
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    command = shlex.join([*gigs_command(), "--config", str(bad)])
    session = tmux(f"{command} > {shlex.quote(str(out))} 2> {shlex.quote(str(err))}",
                   env=base_env, width=100, height=30)
    assert session.wait_exit() == 2
    # the app draws on the terminal through stdout/stderr: nothing but the message came out
    assert out.read_text(encoding="utf-8") == ""
    message = err.read_text(encoding="utf-8")
    assert "\x1b" not in message, "the screen was set up before the config was checked"
    assert message.count("\n") == 1 and message.endswith("\n"), message
    assert str(bad) in message or "bad.toml" in message
    assert key in message

"""A small tmux driver for end-to-end tests of the real ``gigs`` command.

Every session lives on its own private tmux server (``tmux -L gigs-test-<random>``), so a
test never touches the user's tmux, and tests can run in parallel. The server starts from a
config file the test writes (``-f``), never from ``~/.tmux.conf``::

    session = TmuxSession.start(["gigs", "--offline"], width=80, height=24, env=env,
                                workdir=tmp_path)
    try:
        session.wait_for("Title")
        session.send_keys("slash")          # tmux key names
        session.send_text("画像")             # literal text (send-keys -l)
        assert session.wait_exit() == 0
    finally:
        session.kill()

Waiting is always polling with a deadline (``wait_for``, ``wait_until``), never a fixed
sleep. The pane's command runs through a tiny shell wrapper that records its exit code in a
file (``EXIT=<code>``), so a test can check how ``gigs`` ended after ``q``; the pane stays
after the command ends (``remain-on-exit``), so a traceback can still be read.

Set ``GIGS_TMUX_TRACE=/some/file`` to append every key sent and every screen captured
(with timestamps) to that file, to see what happened in a flaky run.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

#: How long a wait polls before it gives up (seconds).
DEFAULT_TIMEOUT = 15.0
#: Pause between two polls (seconds): short, so a test never waits longer than it must.
POLL_INTERVAL = 0.05

#: tmux options every test server starts with: no status bar (the pane gets the whole
#: window), no escape delay, UTF-8 and 256 colours inside, OSC 52 accepted into buffers,
#: and the pane kept after its command ends (so its last screen can still be read).
BASE_OPTIONS = (
    "set -g status off",
    "set -s escape-time 0",
    "set -g default-terminal xterm-256color",
    "set -g remain-on-exit on",
    "set -g history-limit 2000",
)


def tmux_binary() -> str | None:
    """The tmux executable, or ``None`` when tmux is not installed."""
    return shutil.which("tmux")


def tmux_version() -> tuple[int, int] | None:
    """tmux's version as ``(major, minor)`` (``3.3a`` → ``(3, 3)``), or ``None``."""
    binary = tmux_binary()
    if binary is None:
        return None
    out = subprocess.run([binary, "-V"], capture_output=True, text=True).stdout
    match = re.search(r"(\d+)\.(\d+)", out)
    return (int(match.group(1)), int(match.group(2))) if match else None


def gigs_command() -> list[str]:
    """How to run the installed ``gigs``: this Python's console script, else ``-m tui``."""
    script = Path(sys.executable).parent / "gigs"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("gigs")
    if found:
        return [found]
    return [sys.executable, "-m", "tui"]


class WaitTimeout(AssertionError):
    """A wait ran out of time; the message carries what the screen showed last."""


@dataclass
class TmuxSession:
    """One detached tmux session on a private server, running one command."""

    socket: str
    workdir: Path
    exit_file: Path
    width: int
    height: int
    binary: str = field(default_factory=lambda: tmux_binary() or "tmux")
    target: str = "main"
    socket_path: Path | None = None

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def start(
        cls,
        command: Sequence[str] | str,
        *,
        width: int = 160,
        height: int = 45,
        env: Mapping[str, str],
        workdir: Path,
        options: Sequence[str] = (),
    ) -> "TmuxSession":
        """Start ``command`` in a new ``width``×``height`` pane with exactly ``env``.

        ``command`` is an argument list (quoted for the shell here) or a shell snippet.
        ``options`` are extra tmux commands for the server's config file (e.g.
        ``"set -s set-clipboard on"``). ``TERM`` in ``env`` overrides tmux's
        ``default-terminal`` for the command. ``COLUMNS`` and ``LINES`` are dropped: the
        pane's size is the terminal's (pytest-xdist workers set them to 80×24, and Textual
        would believe them over the pane).
        """
        binary = tmux_binary()
        if binary is None:
            raise RuntimeError("tmux is not installed")
        workdir.mkdir(parents=True, exist_ok=True)
        socket = f"gigs-test-{secrets.token_hex(6)}"
        exit_file = workdir / f"{socket}.exit"
        conf = workdir / f"{socket}.conf"
        conf.write_text("\n".join([*BASE_OPTIONS, *options]) + "\n", encoding="utf-8")
        shell_cmd = command if isinstance(command, str) else shlex.join(command)
        exports = "".join(
            f"export {k}={shlex.quote(v)}\n" for k, v in sorted(env.items())
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k)
        )
        wrapper = workdir / f"{socket}.sh"
        wrapper.write_text(
            "#!/bin/sh\n"
            f"{exports}"
            "unset COLUMNS LINES\n"
            f"cd {shlex.quote(str(workdir))}\n"
            f"{shell_cmd}\n"
            f"echo EXIT=$? > {shlex.quote(str(exit_file))}\n",
            encoding="utf-8",
        )
        # The server inherits this environment; the wrapper sets the command's own.
        server_env = {k: v for k, v in os.environ.items()
                      if not k.startswith("TMUX") and k not in ("COLUMNS", "LINES")}
        server_env.setdefault("LANG", "C.UTF-8")
        session = cls(socket=socket, workdir=workdir, exit_file=exit_file,
                      width=width, height=height, binary=binary)
        try:
            session._tmux(
                "-f", str(conf), "new-session", "-d", "-s", session.target,
                "-x", str(width), "-y", str(height), f"sh {shlex.quote(str(wrapper))}",
                env=server_env,
            )
            session.socket_path = Path(session.display("#{socket_path}"))
        except BaseException:
            session.kill()
            raise
        return session

    def kill(self) -> None:
        """Stop the private server (and with it the session and its command)."""
        subprocess.run([self.binary, "-L", self.socket, "kill-server"],
                       capture_output=True, timeout=10)
        if self.socket_path is not None and self.socket_path.name == self.socket:
            self.socket_path.unlink(missing_ok=True)

    def _tmux(self, *args: str, env: Mapping[str, str] | None = None,
              check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.binary, "-u", "-L", self.socket, *args],
            capture_output=True, text=True, encoding="utf-8", errors="replace",
            env=None if env is None else dict(env), timeout=10, check=check,
        )

    # ---------------------------------------------------------------- input
    def send_keys(self, *keys: str) -> None:
        """Send tmux key names (``"Enter"``, ``"Escape"``, ``"j"``, ``"C-p"``).

        Several keys go in one ``send-keys``, so they reach the program together, the way a
        fast typist's or a laggy SSH link's keys do; send them one call at a time (and wait
        for the screen in between) to type like a person.
        """
        self._tmux("send-keys", "-t", self.target, *keys)
        if os.environ.get("GIGS_TMUX_TRACE"):
            with open(os.environ["GIGS_TMUX_TRACE"], "a", encoding="utf-8") as f:
                f.write(f"=== {self.socket} {time.monotonic():.3f} KEYS {keys}\n")

    def send_text(self, text: str) -> None:
        """Type ``text`` literally (``send-keys -l``) in one go: Japanese arrives as UTF-8."""
        self._tmux("send-keys", "-t", self.target, "-l", text)

    # --------------------------------------------------------------- output
    def capture(self, *, escapes: bool = False, history: bool = False) -> str:
        """The visible pane as text (``escapes``: with SGR colour sequences, ``-e``;
        ``history``: with the lines scrolled off the top, e.g. a traceback)."""
        args = ["capture-pane", "-p", "-t", self.target]
        if escapes:
            args.append("-e")
        if history:
            args += ["-S", "-"]
        screen = self._tmux(*args).stdout
        if os.environ.get("GIGS_TMUX_TRACE") and not escapes and not history:
            with open(os.environ["GIGS_TMUX_TRACE"], "a", encoding="utf-8") as f:
                f.write(f"--- {self.socket} {time.monotonic():.3f}\n{screen}")
        return screen

    def lines(self) -> list[str]:
        """The visible pane, one string per screen row (trailing blanks trimmed by tmux)."""
        return self.capture().split("\n")[: self.height]

    def display(self, fmt: str) -> str:
        """A tmux format of the pane, e.g. ``#{pane_width}``."""
        return self._tmux("display-message", "-p", "-t", self.target, fmt).stdout.strip()

    def show_buffer(self) -> str | None:
        """The newest paste buffer (where OSC 52 lands), or ``None`` when there is none."""
        result = self._tmux("show-buffer", check=False)
        return result.stdout if result.returncode == 0 else None

    # ---------------------------------------------------------------- waits
    def wait_until(self, condition: Callable[[], object], *, timeout: float = DEFAULT_TIMEOUT,
                   what: str = "condition") -> object:
        """Poll ``condition()`` until it is truthy; return its value or fail with the screen."""
        end = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() >= end:
                raise WaitTimeout(f"timed out after {timeout}s waiting for {what}; screen:\n"
                                  + self.capture())
            time.sleep(POLL_INTERVAL)

    def wait_for(self, text: str | Callable[[str], bool], *, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Poll the screen until it shows ``text`` (or ``text(screen)`` holds); return it."""
        if callable(text):
            check, what = text, getattr(text, "__name__", "screen predicate")
        else:
            check, what = (lambda screen: text in screen), repr(text)
        holder: list[str] = []

        def seen() -> bool:
            screen = self.capture()
            holder[:] = [screen]
            return check(screen)

        self.wait_until(seen, timeout=timeout, what=what)
        return holder[0]

    def wait_gone(self, text: str, *, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Poll until the screen no longer shows ``text``."""
        return self.wait_for(lambda screen: text not in screen, timeout=timeout)

    def exit_code(self) -> int | None:
        """The command's exit code once it has ended, else ``None``."""
        try:
            text = self.exit_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        match = re.search(r"EXIT=(\d+)", text)
        return int(match.group(1)) if match else None

    def wait_exit(self, *, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Poll until the command has ended; return its exit code."""
        self.wait_until(lambda: self.exit_code() is not None, timeout=timeout, what="the command to exit")
        code = self.exit_code()
        assert code is not None
        return code

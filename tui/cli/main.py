"""``gigs`` entry point: global flags, subcommands, exit codes.

Exit codes (INTERFACES.md): 0 success (a query that matches nothing, or a source that
failed while others still served); 1 with ``--strict`` when any source failed; 2 bad usage,
bad config, bad query, unknown uid, unreadable store — one line on stderr, never a
traceback. With no command, the Textual app starts.
"""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Sequence

from .. import __version__
from ..errors import GigsError

if TYPE_CHECKING:
    import argparse

FORMATS_LIST = ("table", "json", "csv", "md")


def _parser_class() -> type:
    """argparse with exit code 2 and a one-line message for usage errors (argparse is
    imported here: ``gigs`` alone never needs it, see ``app_flags``)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            self.exit(2, f"gigs: {message} (see 'gigs --help')\n")

    return _Parser


#: ``gigs`` flags that take a value: the word after one is not a command.
_VALUE_FLAGS = frozenset({"--config", "--preset"})


def names_a_command(argv: Sequence[str]) -> bool:
    """Does ``argv`` name a command, or ask for help? ``gigs`` and ``gigs --offline`` do
    not: they are parsed without building every command's parser (~10 ms of the app's
    start). Anything unusual answers True, and the full parser handles it."""
    value_next = False
    for word in argv:
        if value_next:
            value_next = False
        elif word in _VALUE_FLAGS:
            value_next = True
        elif word in ("-h", "--help", "--") or not word.startswith("-"):
            return True
    return False


def app_flags(argv: Sequence[str]) -> SimpleNamespace | None:
    """``gigs`` with the app's flags only, each spelled in full (``--offline``,
    ``--no-mouse``, ``--config PATH``, ``--preset NAME``): read here, as argparse would
    read them, without importing it (~3 ms of every start). None: argparse reads
    ``argv`` (a command, ``--help``, an ``=`` form, an abbreviation, a mistake)."""
    args = SimpleNamespace(config=None, offline=False, preset=None, no_mouse=False,
                           command=None)
    words = iter(argv)
    for word in words:
        if word == "--offline":
            args.offline = True
        elif word == "--no-mouse":
            args.no_mouse = True
        elif word in _VALUE_FLAGS:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None
            setattr(args, word[2:], value)
        else:
            return None
    return args


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The ``gigs`` parser; ``commands=False``: the app's flags only (no command given)."""
    import argparse

    _Parser = _parser_class()
    parser = _Parser(
        prog="gigs",
        description=(
            "A terminal job board for machine-learning freelancers. With no command, "
            "opens the app."
        ),
        epilog=(
            "Values that begin with '-' take the '=' form: --query=-client:Acme, "
            "--sort=-rate. Files: see 'gigs locate'."
        ),
    )
    parser.add_argument("--version", action="version", version=f"gigs {__version__}")
    parser.add_argument("--config", metavar="PATH", help="config file (also GIGS_CONFIG)")
    parser.add_argument(
        "--offline", action="store_true", help="never touch the network (cache and local files only)"
    )
    parser.add_argument("--preset", metavar="NAME", help="open on / list this preset")
    parser.add_argument(
        "--no-mouse", action="store_true", help="do not capture the mouse in the app"
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("list", help="print the gigs the app would show")
    # SUPPRESS keeps a global --preset given before the command.
    p.add_argument("--preset", metavar="NAME", default=argparse.SUPPRESS)
    p.add_argument("--query", "-q", metavar="Q", default="", help="filter (see README: filter language)")
    p.add_argument("--sort", metavar="KEYS", default=None, help="e.g. --sort=-rate,title")
    p.add_argument("--format", "-f", choices=FORMATS_LIST, default="table")
    p.add_argument("--refresh", action="store_true", help="fetch every source now")
    p.add_argument("--strict", action="store_true", help="exit 1 when any source failed")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="print at most N gigs")
    p.add_argument("--offline", action="store_true", default=argparse.SUPPRESS,
                   help="never touch the network (same as the global flag)")

    p = sub.add_parser("sources", help="installed source types and configured sources")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")

    sub.add_parser("locate", help="print the config, data and cache paths")

    p = sub.add_parser("config", help="write a starter config or validate one")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", parser_class=_Parser)
    pi = csub.add_parser("init", help="write a commented starter config")
    pi.add_argument("--force", action="store_true", help="overwrite an existing file (a backup is kept)")
    csub.add_parser("check", help="validate the config file")

    from . import add_cmd

    add_cmd.add_parser(sub)
    add_cmd.add_edit_parsers(sub)

    from . import stats_cmd

    stats_cmd.add_parser(sub)

    from . import shortlist_cmds  # registers star/unstar/status/check/note/shortlist/export

    shortlist_cmds.add_parsers(sub)
    return parser


def parse(argv: Sequence[str]) -> tuple[argparse.ArgumentParser | None, Any]:
    """The parser for ``argv`` (None when ``app_flags`` read it) and what it parsed
    (usage errors exit 2)."""
    args = app_flags(argv)
    if args is not None:
        return None, args
    parser = build_parser(commands=names_a_command(argv))
    return parser, parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    parser, args = parse(sys.argv[1:] if argv is None else list(argv))
    if args.command is None:
        from .. import gcpolicy

        gcpolicy.hold()  # the app releases it after its first paint
    try:
        return dispatch(args, parser)
    except GigsError as exc:
        print(f"gigs: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `gigs list | head`: the reader went away; not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


def dispatch(args: Any, parser: argparse.ArgumentParser | None) -> int:
    from . import commands

    command = args.command
    if command is None:
        return commands.run_app(args)
    if command == "config" and not getattr(args, "config_command", None):
        parser.parse_args(["config", "--help"])
    if command in ("add", "edit", "delete"):
        from . import add_cmd

        return getattr(add_cmd, f"cmd_{command}")(args)
    if command == "stats":
        from .stats_cmd import cmd_stats

        return cmd_stats(args)
    handler = getattr(commands, f"cmd_{command.replace('-', '_')}", None)
    if handler is None:
        from . import shortlist_cmds

        handler = getattr(shortlist_cmds, f"cmd_{command}")
    return handler(args)

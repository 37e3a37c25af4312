"""The read-side commands: the app, ``list``, ``sources``, ``locate``, ``config``."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

from .. import paths
from ..errors import ConfigError, StoreError
from . import session


def build_app(args, app_class=None):
    """The app ``gigs`` (no command) runs: the config is loaded and every source built
    first, so a bad config exits 2 before the screen changes. ``app_class``: a GigsApp
    subclass (the benchmark's timed one)."""
    config = session.load(args)
    from ..collect import prepare
    from ..config.presets import find_preset

    prepared = prepare(config)  # bad source options stop us here
    find_preset(config, args.preset)
    if app_class is None:
        from ..ui.app import GigsApp as app_class

    app = app_class(config, preset=args.preset, offline=args.offline, prepared=prepared)
    theme = config.ui.theme
    if theme not in app.available_themes:
        known = ", ".join(sorted(app.available_themes))
        raise ConfigError(config.path or paths.default_config_path(), "ui.theme", f"unknown theme {theme!r} (themes: {known})")
    return app


def run_app(args) -> int:
    """``gigs`` with no command: the app (see ``build_app``), until the user quits."""
    app = build_app(args)
    app.run(mouse=not args.no_mouse and getattr(app.config.ui, "mouse", True))
    return app.return_code or 0


def read_shortlist():
    """The shortlist for read-only look-ups; an unreadable one is exit 2."""
    from ..store.shortlist import Shortlist

    shortlist = Shortlist(paths.shortlist_path())
    shortlist.load()
    if shortlist.error is not None:
        raise StoreError(shortlist.error.path, shortlist.error.problem, shortlist.error.line)
    return shortlist


def cmd_list(args) -> int:
    from ..query import SearchIndex
    from ..view import find_preset, make_context, select

    config = session.load(args)
    preset = find_preset(config, args.preset)
    collection = session.gather(config, offline=args.offline, refresh=args.refresh)
    session.report_failures(collection)
    shortlist = read_shortlist()
    gigs = collection.gigs
    ctx = make_context(
        config, is_starred=shortlist.is_starred, status_of=shortlist.status_of
    )
    index = SearchIndex(gigs, config.money)
    selection = select(
        index, gigs, config, ctx, preset=preset, query=args.query, sort=args.sort
    )
    chosen = [gigs[i] for i in selection.indices]
    if args.limit is not None:
        chosen = chosen[: max(args.limit, 0)]
    columns = preset.columns if preset and preset.columns else None
    from . import output

    output.write_gigs(
        sys.stdout, chosen, args.format, config=config, columns=columns, shortlist=shortlist
    )
    for note in collection.notes:
        print(f"gigs: {note}", file=sys.stderr)
    if args.strict and collection.failed:
        return 1
    return 0


def cmd_sources(args) -> int:
    from ..collect import prepare
    from ..sources import registry

    config = session.load(args)
    prepared = prepare(config)
    types = registry.available()
    states = [p.state for p in prepared]
    try:
        from ..cache import known_states

        states = known_states(config, prepared)
    except ImportError:
        pass
    if args.format == "json":
        data = {
            "types": [
                {"type": t.name, "target": t.target, "builtin": t.builtin,
                 "distribution": t.distribution}
                for t in types.values()
            ],
            "sources": [s.to_json() for s in states],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print("Installed source types:")
    for t in types.values():
        origin = "built-in" if t.builtin else f"plugin ({t.distribution or t.target})"
        print(f"  {t.name:<12} {origin}")
    print()
    print("Configured sources:")
    from . import output

    rows = [("NAME", "TYPE", "STATE", "GIGS", "UPDATED", "WHERE / ERROR")]
    now = datetime.now(timezone.utc)
    for s in states:
        age = output.age(s.fetched_at, now) if s.fetched_at else "-"
        where = s.error or s.location
        rows.append((s.name, s.type, s.status, str(s.count) if s.count else "-", age, where))
    print(output.plain_table(rows))
    return 0


def cmd_locate(args) -> int:
    config_file = paths.config_path(args.config)
    rows = [
        ("config", str(config_file) + ("" if config_file.exists() else "  (not created; defaults in use)")),
        ("shipped defaults", str(paths.shipped_config_dir() / "default.toml")),
        ("data", str(paths.data_dir())),
        ("shortlist", str(paths.shortlist_path())),
        ("manual gigs", str(paths.manual_path())),
        ("saved presets", str(paths.presets_path())),
        ("cache", str(paths.cache_dir())),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


def cmd_config(args) -> int:
    from ..config import config_check, starter_config_text
    from ..store.atomic import atomic_write_text

    target = paths.config_path(args.config)
    if args.config_command == "init":
        if target.exists() and not args.force:
            raise ConfigError(target, None, "already exists (use 'gigs config init --force' to replace it; a backup is kept)")
        if target.exists():
            backup = target.with_name(target.name + ".bak")
            backup.write_bytes(target.read_bytes())
            print(f"backed up the old config to {backup}")
        atomic_write_text(target, starter_config_text())
        print(f"wrote {target}")
        return 0
    # check
    config = session.load(args)
    from ..collect import prepare

    prepare(config)
    where = config.path if config.path and config.path.exists() else "the shipped defaults"
    for warning in config_check(config.path) if config.path and config.path.exists() else []:
        print(f"warning: {warning}")
    print(f"{where}: ok ({len(config.sources)} sources, {len(config.presets)} presets)")
    return 0

"""The layers below the UI never import Textual (STYLE.md): checked in a fresh process,
module by module, so a stray import anywhere in the chain fails here."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

ROOT = Path(tui.__file__).parent


def non_ui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="tui."):
        if info.name.startswith("tui.ui") or info.name == "tui.__main__":
            continue
        names.append(info.name)
    return sorted(names)


def test_there_are_layers_to_check():
    mods = non_ui_modules()
    for expected in ("tui.model", "tui.money", "tui.collect", "tui.sources.base"):
        assert expected in mods


def test_no_textual_below_the_ui():
    mods = non_ui_modules()
    code = (
        "import importlib, sys\n"
        f"mods = {mods!r}\n"
        "bad = []\n"
        "for m in mods:\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except ImportError as e:\n"
        "        print('skip', m, e, file=sys.stderr)\n"
        "        continue\n"
        "    if any(k == 'textual' or k.startswith('textual.') for k in sys.modules):\n"
        "        bad.append(m); break\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imports textual: {out.stdout.strip()}"


def test_cli_list_does_not_import_textual():
    # The CLI path (gigs list) must stay light; the app module is imported only for the UI.
    code = "import sys; import tui.cli.main, tui.cli.commands; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""Textual ``Binding`` objects built from the project's own table (``tui.keymap``).

Every binding carries its INTERFACES.md id, so ``[keymap]`` remaps it through
``App.set_keymap``. The table widget owns the cursor keys; the app owns the rest.
"""

from __future__ import annotations

import dataclasses

from textual.binding import Binding

from ..i18n import english_to_id, language_of, t
from ..keymap import BINDINGS, BY_ID

#: Bindings handled by the GigTable widget itself.
TABLE_IDS = frozenset(
    {"cursor_down", "cursor_up", "cursor_top", "cursor_bottom", "page_down", "page_up", "accept"}
)
#: Shown in the footer (the rest are in ``?``).
FOOTER_IDS = ("focus_filter", "star", "open_checklist", "set_status", "edit_note",
              "add_gig", "refresh_all", "help", "quit")
#: Ids whose action is not simply the id.
ACTIONS = {f"preset_{n}": f"preset({n})" for n in range(1, 10)}
ACTIONS["quit"] = "quit"
ACTIONS["palette"] = "command_palette"


def main_bindings(app_class: type | None = None) -> list[Binding]:
    """Bindings of the main screen, from the project's table.

    With ``app_class``, only ids whose action the app implements are bound (the others
    belong to features that are not built yet and stay free).
    """
    out: list[Binding] = []
    for spec in BINDINGS:
        if spec.id in TABLE_IDS or spec.scope not in ("main", "global", "gig"):
            continue
        if spec.id == "back":
            continue
        action = ACTIONS.get(spec.id, spec.id).split("(")[0]
        if app_class is not None and not hasattr(app_class, f"action_{action}"):
            continue
        out.append(
            Binding(
                ",".join(spec.keys),
                ACTIONS.get(spec.id, spec.id),
                spec.description_en,
                show=spec.id in FOOTER_IDS,
                id=spec.id,
                tooltip=spec.description_ja,
                # "/" must move the focus before the keys typed right after it arrive
                # (over SSH they come in one burst); the app disables it while an
                # Input has the focus, so "/" can still be typed there.
                priority=spec.id in ("palette", "focus_filter"),
            )
        )
    out.append(Binding("escape", "back", BY_ID["back"].description_en, show=False, id="back", priority=True))
    # Enter in the filter hands the focus back to the table at once (priority), so a
    # key typed right after Enter reaches the table, not the filter.
    out.append(Binding("enter", "filter_done", show=False, id="filter_done", priority=True))
    return out


def ui_language() -> str:
    """The running app's ``[ui] language`` ("en" outside an app or without a config)."""
    from textual._context import NoActiveAppError, active_app

    try:
        app = active_app.get()
    except (LookupError, NoActiveAppError):
        return "en"
    return language_of(getattr(app, "config", None))


def localize_bindings(node, lang: str) -> None:
    """Show ``node``'s binding descriptions (footer, keys panel) in ``lang``.

    Call it in ``__init__`` after ``super().__init__()``: it replaces the node's own copy
    of its bindings (keys, actions and ids stay; ``[keymap]`` still applies). A binding
    with an id of ``tui.keymap`` takes that id's text; any other finds its ``key.*``
    catalogue entry by its English description. English needs no change.
    """
    if lang == "en":
        return
    by_english = english_to_id("key.")
    table = node._bindings.key_to_bindings
    for key, bindings in list(table.items()):
        changed = []
        for binding in bindings:
            spec = BY_ID.get(binding.id or "")
            if spec is not None and binding.description == spec.description_en:
                text = spec.description(lang)
            elif binding.description in by_english:
                text = t(by_english[binding.description], lang)
            else:
                text = binding.description
            changed.append(dataclasses.replace(binding, description=text))
        table[key] = changed

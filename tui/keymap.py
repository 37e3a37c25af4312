"""The project's own table of key bindings, and the ``[keymap]`` remapping of it.

Every binding has an id (the names of INTERFACES.md's Keys table). Keys are Textual key
names (``"j"``, ``"down"``, ``"slash"``, ``"question_mark"``, ``"G"`` for shift+g,
``"ctrl+p"``); the UI builds its Textual ``Binding`` objects from :data:`BINDINGS` and the
resolved keymap. Because the table lives here, in plain Python, a remap that collides with
another binding is reported as a config error before the app starts.

Scopes say where a binding is active; two bindings collide when their scopes share a
context and they share a key:

==========  ==============================================  =========================
scope       active on                                        contexts
==========  ==============================================  =========================
global      every screen                                     main, checklist, panel
table       any list or table with focus                     main, checklist, panel
main        the main screen (gig table, tabs, filter)        main
gig         a selected gig: main screen and its checklist    main, checklist
screen      every screen but the main one (``back``)         checklist, panel
checklist   the checklist screen only                        checklist
==========  ==============================================  =========================

``q`` is ``quit`` on the main screen and part of ``back`` (scope ``screen``) elsewhere.

Nothing here imports Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .lazyre import lazy
from .record import record

#: Where each scope is active (see the module docstring).
SCOPES: dict[str, frozenset[str]] = {
    "global": frozenset({"main", "checklist", "panel"}),
    "table": frozenset({"main", "checklist", "panel"}),
    "main": frozenset({"main"}),
    "gig": frozenset({"main", "checklist"}),
    "screen": frozenset({"checklist", "panel"}),
    "checklist": frozenset({"checklist"}),
}

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")


@record
class BindingSpec:
    """One binding: its id, default keys (Textual names), help text and scope."""

    id: str
    keys: tuple[str, ...]
    description_en: str
    description_ja: str
    scope: str

    def description(self, language: str = "en") -> str:
        """The help text in ``language`` (``"ja"`` or anything else for English)."""
        return self.description_ja if language == "ja" else self.description_en


def _b(id: str, keys: str, en: str, ja: str, scope: str) -> BindingSpec:
    return BindingSpec(id, tuple(keys.split(",")), en, ja, scope)


#: Every binding, in help-screen order.
BINDINGS: tuple[BindingSpec, ...] = (
    _b("cursor_down", "j,down", "Next row", "次の行", "table"),
    _b("cursor_up", "k,up", "Previous row", "前の行", "table"),
    _b("cursor_top", "g", "First row", "先頭の行", "table"),
    _b("cursor_bottom", "G", "Last row", "最後の行", "table"),
    _b("page_down", "pagedown", "Page down", "次のページ", "table"),
    _b("page_up", "pageup", "Page up", "前のページ", "table"),
    _b("accept", "enter", "Open / choose", "開く・決定", "table"),
    _b("focus_filter", "slash", "Filter", "絞り込み", "main"),
    _b("back", "escape,q", "Back", "戻る", "screen"),
    _b("sort_prev", "less_than_sign", "Sort by previous column", "前の列で並べ替え", "main"),
    _b("sort_next", "greater_than_sign", "Sort by next column", "次の列で並べ替え", "main"),
    _b("sort_reverse", "r", "Reverse sort", "並び順を反転", "main"),
    *(
        _b(f"preset_{n}", str(n), f"Tab {n}", f"タブ{n}", "main")
        for n in range(1, 10)
    ),
    _b("preset_prev", "left_square_bracket", "Previous tab", "前のタブ", "main"),
    _b("preset_next", "right_square_bracket", "Next tab", "次のタブ", "main"),
    _b("open_url", "o", "Open in browser", "ブラウザで開く", "gig"),
    _b("copy_url", "y", "Copy URL", "URLをコピー", "gig"),
    _b("copy_markdown", "Y", "Copy as Markdown", "Markdownでコピー", "gig"),
    _b("toggle_detail", "d", "Show / hide details", "詳細の表示切替", "main"),
    _b("star", "s", "Star / unstar", "スター", "gig"),
    _b("set_status", "t", "Set status", "ステータス設定", "gig"),
    _b("open_checklist", "c", "Contract checklist", "契約チェックリスト", "main"),
    _b("edit_note", "n", "Edit note", "メモを編集", "gig"),
    _b("edit_note_in_editor", "E", "Edit note in $EDITOR", "エディタでメモを編集", "gig"),
    _b("add_gig", "a", "Add a gig", "案件を追加", "main"),
    _b("refresh_all", "R", "Refresh all sources", "全ソースを更新", "main"),
    _b("sources_panel", "S", "Sources", "ソース一覧", "main"),
    _b("market_panel", "m", "Market rates", "相場", "main"),
    _b("export", "x", "Export checklist report", "チェックリストを書き出す", "gig"),
    _b("save_preset", "P", "Save the filter as a preset", "フィルタをプリセットとして保存", "main"),
    _b("help", "question_mark", "Keys", "キー一覧", "global"),
    _b("quit", "q", "Quit", "終了", "main"),
    _b("palette", "ctrl+p", "Command palette", "コマンドパレット", "global"),
)

BY_ID: dict[str, BindingSpec] = {b.id: b for b in BINDINGS}


class KeymapError(ValueError):
    """A ``[keymap]`` entry that cannot be applied. ``binding_id`` is the config key."""

    def __init__(self, binding_id: str, problem: str) -> None:
        super().__init__(f"{binding_id}: {problem}")
        self.binding_id = binding_id
        self.problem = problem


class UnknownBindingError(KeymapError):
    """A binding id that is not in :data:`BINDINGS`."""


class BadKeysError(KeymapError):
    """An empty key list or a key name that cannot be a Textual key."""


class KeyCollisionError(KeymapError):
    """Two bindings active in the same place share a key after remapping."""

    def __init__(self, binding_id: str, other_id: str, key: str) -> None:
        self.other_id = other_id
        self.key = key
        shown = display_key(key)
        label = f"{key!r} ({shown})" if shown != key else repr(key)
        super().__init__(binding_id, f"key {label} is also bound to {other_id!r}; remap one of them")


# Textual's names for printable characters are their Unicode names, lowercased, with
# a few replacements (textual/keys.py ``_character_to_key``); mirrored here so a user may
# write ``"/"`` for ``"slash"`` without this module importing Textual.
_NAME_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_KEY_NAME = lazy(r"^[A-Za-z0-9_]+$")


def _character_to_key(char: str) -> str:
    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return char
    return _NAME_REPLACEMENTS.get(name, name)


def normalize_key(key: str) -> str:
    """One key as Textual names it: ``"/"`` → ``"slash"``, ``"Ctrl+P"`` → ``"ctrl+p"``.

    A single letter keeps its case (``"G"`` is shift+g, as Textual names it); with a
    modifier, letters are lowercased and shift must be written (``"ctrl+shift+p"``).

    Raises :class:`ValueError` for an empty key or one that cannot be a key name.
    """
    key = key.strip()
    if not key:
        raise ValueError("empty key name")
    if len(key) == 1:
        return _character_to_key(key)
    if key.endswith("++"):  # "ctrl++": the plus key with a modifier
        *mods, last = [*key[:-2].split("+"), "+"]
    else:
        *mods, last = key.split("+")
    mods = [m.strip().lower() for m in mods]
    for mod in mods:
        if mod not in MODIFIERS:
            raise ValueError(f"unknown modifier {mod!r} in {key!r} (known: {', '.join(MODIFIERS)})")
    last = last.strip()
    if not last:
        raise ValueError(f"{key!r} has no key after the modifier")
    if len(last) == 1:
        last = _character_to_key(last)
    else:
        last = last.lower()
        if not _KEY_NAME.match(last):
            raise ValueError(f"{key!r} is not a key name (use Textual's names: slash, question_mark, ctrl+p)")
    if mods:
        if len(last) == 1 and last.isalpha():
            last = last.lower()  # "Ctrl+P" means ctrl+p; shift is written out
        order = {m: i for i, m in enumerate(MODIFIERS)}
        mods = sorted(set(mods), key=order.__getitem__)
        return "+".join([*mods, last])
    return last


def parse_keys(text: str) -> tuple[str, ...]:
    """Comma-separated keys (``"s,space"``) as normalized Textual key names, duplicates dropped.

    A lone ``","`` is the comma key. Raises :class:`ValueError` for an empty list or a bad key.
    """
    if text.strip() == ",":
        return ("comma",)
    parts = [p for p in text.split(",")]
    if not any(p.strip() for p in parts):
        raise ValueError("no keys given")
    keys: list[str] = []
    for part in parts:
        if not part.strip():
            raise ValueError(f"empty key name in {text!r}")
        key = normalize_key(part)
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _scopes_overlap(a: str, b: str) -> bool:
    return bool(SCOPES[a] & SCOPES[b])


def keymap_problems(overrides: Mapping[str, object]) -> tuple[dict[str, tuple[str, ...]], list[KeymapError]]:
    """Apply ``[keymap]`` overrides and collect every problem instead of raising.

    Returns the resolved keymap (every binding id → keys; bad entries keep their defaults)
    and the problems, in the order of the overrides.
    """
    resolved = {b.id: b.keys for b in BINDINGS}
    problems: list[KeymapError] = []
    for binding_id, value in overrides.items():
        if binding_id not in BY_ID:
            close = [b for b in BY_ID if binding_id.lower() in b or b in binding_id.lower()]
            hint = f" (did you mean {close[0]!r}?)" if close else " (see `?` in the app for the ids)"
            problems.append(UnknownBindingError(binding_id, f"unknown binding id{hint}"))
            continue
        if not isinstance(value, str):
            problems.append(
                BadKeysError(binding_id, f"must be a string of comma-separated key names, got {value!r}")
            )
            continue
        try:
            resolved[binding_id] = parse_keys(value)
        except ValueError as exc:
            problems.append(BadKeysError(binding_id, f"{exc}, got {value!r}"))
    remapped = [b for b in overrides if b in BY_ID]
    seen: set[frozenset[str]] = set()
    for binding_id in remapped:
        mine = BY_ID[binding_id]
        for other in BINDINGS:
            if other.id == binding_id or not _scopes_overlap(mine.scope, other.scope):
                continue
            pair = frozenset({binding_id, other.id})
            if pair in seen:
                continue
            shared = [k for k in resolved[binding_id] if k in resolved[other.id]]
            if shared:
                seen.add(pair)
                problems.append(KeyCollisionError(binding_id, other.id, shared[0]))
    return resolved, problems


def resolve_keymap(overrides: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    """Every binding id → its keys after ``[keymap]`` overrides (``{"star": "s,space"}``).

    Raises the first :class:`KeymapError`: :class:`UnknownBindingError` for an unknown id,
    :class:`BadKeysError` for empty or malformed keys, :class:`KeyCollisionError` when two
    bindings active in the same place share a key (naming both ids and the key).
    """
    resolved, problems = keymap_problems(overrides)
    if problems:
        raise problems[0]
    return resolved


def keys_for(binding_id: str, keymap: Mapping[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The keys of ``binding_id`` in ``keymap`` (the resolved one), else its defaults.

    Raises :class:`UnknownBindingError` for an id not in :data:`BINDINGS`.
    """
    if binding_id not in BY_ID:
        raise UnknownBindingError(binding_id, "unknown binding id")
    if keymap is not None and binding_id in keymap:
        return tuple(keymap[binding_id])
    return BY_ID[binding_id].keys


_DISPLAY = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "enter": "Enter",
    "escape": "Esc",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "space": "Space",
    "tab": "Tab",
    "backspace": "⌫",
    "delete": "Del",
    "home": "Home",
    "end": "End",
    "insert": "Ins",
}
# Unicode names of the characters Textual renames (the inverse of _NAME_REPLACEMENTS).
_UNICODE_NAMES = {v: k for k, v in _NAME_REPLACEMENTS.items()}


def display_key(key: str) -> str:
    """A key for help screens and footers: ``"slash"`` → ``"/"``, ``"question_mark"`` → ``"?"``."""
    mods, _, last = key.rpartition("+")
    if mods and not last:  # "ctrl++"
        mods, last = mods[:-1], "+"
    if last in _DISPLAY:
        shown = _DISPLAY[last]
    elif len(last) == 1:
        shown = last
    elif re.fullmatch(r"f\d{1,2}", last):
        shown = last.upper()
    else:
        unicode_name = _UNICODE_NAMES.get(last, last).replace("_", " ").upper()
        try:
            shown = unicodedata.lookup(unicode_name)
        except KeyError:
            try:  # "less_than_sign" is "LESS-THAN SIGN"
                shown = unicodedata.lookup(unicode_name.replace(" ", "-", 1))
            except KeyError:
                shown = last
        if not shown.isprintable():
            shown = last
    return f"{mods}+{shown}" if mods else shown


def display_keys(keys: tuple[str, ...] | list[str], sep: str = "/") -> str:
    """Several keys for display: ``("j", "down")`` → ``"j/↓"``."""
    return sep.join(display_key(k) for k in keys)

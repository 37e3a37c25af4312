"""The binding table and [keymap] remapping: every id of INTERFACES.md's Keys table with
its default keys, Textual's key names, and collisions caught before the app starts."""

from __future__ import annotations

import itertools

import pytest
from textual.keys import _character_to_key as textual_key_name  # what Textual's parser uses

from tui import keymap
from tui.keymap import (
    BINDINGS,
    BY_ID,
    SCOPES,
    BadKeysError,
    KeyCollisionError,
    KeymapError,
    UnknownBindingError,
    display_key,
    display_keys,
    keys_for,
    normalize_key,
    parse_keys,
    resolve_keymap,
)

# INTERFACES.md "Keys": id -> default keys (Textual names).
EXPECTED = {
    "cursor_down": ("j", "down"),
    "cursor_up": ("k", "up"),
    "cursor_top": ("g",),
    "cursor_bottom": ("G",),
    "page_down": ("pagedown",),
    "page_up": ("pageup",),
    "focus_filter": ("slash",),
    "accept": ("enter",),
    "back": ("escape", "q"),
    "sort_prev": ("less_than_sign",),
    "sort_next": ("greater_than_sign",),
    "sort_reverse": ("r",),
    **{f"preset_{n}": (str(n),) for n in range(1, 10)},
    "preset_prev": ("left_square_bracket",),
    "preset_next": ("right_square_bracket",),
    "open_url": ("o",),
    "copy_url": ("y",),
    "copy_markdown": ("Y",),
    "toggle_detail": ("d",),
    "star": ("s",),
    "set_status": ("t",),
    "open_checklist": ("c",),
    "edit_note": ("n",),
    "edit_note_in_editor": ("E",),
    "add_gig": ("a",),
    "refresh_all": ("R",),
    "sources_panel": ("S",),
    "market_panel": ("m",),
    "export": ("x",),
    "help": ("question_mark",),
    "quit": ("q",),
    "palette": ("ctrl+p",),
    # gigs' own addition beside the INTERFACES.md table (documented in README and `?`)
    "save_preset": ("P",),
}


def test_every_interface_binding_has_its_default_keys():
    assert {b.id: b.keys for b in BINDINGS} == EXPECTED


def test_ids_are_unique_and_scopes_known():
    assert len(BY_ID) == len(BINDINGS)
    for b in BINDINGS:
        assert b.scope in SCOPES
        assert b.description_en and b.description_ja


def test_q_is_quit_on_main_and_back_elsewhere():
    assert BY_ID["quit"].scope == "main" and "q" in BY_ID["back"].keys
    assert not SCOPES[BY_ID["quit"].scope] & SCOPES[BY_ID["back"].scope]


def test_defaults_do_not_collide():
    for a, b in itertools.combinations(BINDINGS, 2):
        if SCOPES[a.scope] & SCOPES[b.scope]:
            assert not set(a.keys) & set(b.keys), (a.id, b.id)
    assert resolve_keymap({}) == EXPECTED


@pytest.mark.parametrize("char", list("/?<>[]"))
def test_punctuation_keys_use_textuals_names(char):
    name = normalize_key(char)
    assert name == textual_key_name(char)
    assert display_key(name) == char


def test_default_character_keys_are_the_names_textual_sends():
    """Every default key that stands for one typed character is the name Textual's
    parser gives that character ("?" arrives as "question_mark", "G" as "G")."""
    typed = {display_key(k): k for b in BINDINGS for k in b.keys if len(display_key(k)) == 1 and k not in ("up", "down")}
    assert len(typed) > 30
    for char, key in typed.items():
        assert textual_key_name(char) == key


@pytest.mark.parametrize(
    "overrides, binding, keys",
    [
        ({"star": "s,space"}, "star", ("s", "space")),
        ({"star": " s , space "}, "star", ("s", "space")),
        ({"focus_filter": "/"}, "focus_filter", ("slash",)),
        ({"help": "?,f1"}, "help", ("question_mark", "f1")),
        ({"palette": "Ctrl+K"}, "palette", ("ctrl+k",)),
        ({"star": "s,s"}, "star", ("s",)),
        ({"star": ","}, "star", ("comma",)),
        # a swap: each key is freed by the other remap
        ({"star": "x", "export": "s"}, "export", ("s",)),
        # quit (main) and back (other screens) never share a screen
        ({"quit": "escape"}, "quit", ("escape",)),
    ],
)
def test_remaps_apply(overrides, binding, keys):
    resolved = resolve_keymap(overrides)
    assert resolved[binding] == keys
    untouched = [b for b in EXPECTED if b not in overrides]
    assert all(resolved[b] == EXPECTED[b] for b in untouched)


@pytest.mark.parametrize(
    "overrides, binding, other, key",
    [
        ({"star": "j"}, "star", "cursor_down", "j"),
        ({"help": "s"}, "help", "star", "s"),  # global overlaps every scope
        ({"back": "escape,k"}, "back", "cursor_up", "k"),
        ({"export": "x,/"}, "export", "focus_filter", "slash"),
        ({"star": "o"}, "star", "open_url", "o"),
        ({"cursor_top": "1"}, "cursor_top", "preset_1", "1"),
    ],
)
def test_collisions_name_both_ids_and_the_key(overrides, binding, other, key):
    with pytest.raises(KeyCollisionError) as info:
        resolve_keymap(overrides)
    err = info.value
    assert (err.binding_id, err.other_id, err.key) == (binding, other, key)
    assert binding in str(err) and other in str(err) and repr(key) in str(err)


@pytest.mark.parametrize(
    "overrides, error, binding",
    [
        ({"stat": "s"}, UnknownBindingError, "stat"),
        ({"star": ""}, BadKeysError, "star"),
        ({"star": ", ,"}, BadKeysError, "star"),
        ({"star": "s,,t"}, BadKeysError, "star"),
        ({"star": 5}, BadKeysError, "star"),
        ({"star": ["s"]}, BadKeysError, "star"),
        ({"star": "hyper2+s"}, BadKeysError, "star"),
        ({"star": "ctrl+"}, BadKeysError, "star"),
        ({"star": "page down"}, BadKeysError, "star"),
    ],
)
def test_bad_overrides(overrides, error, binding):
    with pytest.raises(error) as info:
        resolve_keymap(overrides)
    assert info.value.binding_id == binding
    assert isinstance(info.value, KeymapError) and isinstance(info.value, ValueError)


def test_unknown_id_suggests_a_close_one():
    with pytest.raises(UnknownBindingError, match="did you mean 'star'"):
        resolve_keymap({"sta": "s"})


def test_keymap_problems_collects_all():
    resolved, problems = keymap.keymap_problems({"nope": "x", "star": "j", "help": ""})
    assert [type(p) for p in problems] == [UnknownBindingError, BadKeysError, KeyCollisionError]
    assert resolved["help"] == EXPECTED["help"]  # a bad entry keeps its default


def test_keys_for():
    assert keys_for("cursor_down") == ("j", "down")
    assert keys_for("star", resolve_keymap({"star": "space"})) == ("space",)
    with pytest.raises(UnknownBindingError):
        keys_for("nope")


@pytest.mark.parametrize(
    "key, shown",
    [
        ("slash", "/"),
        ("question_mark", "?"),
        ("less_than_sign", "<"),
        ("greater_than_sign", ">"),
        ("left_square_bracket", "["),
        ("right_square_bracket", "]"),
        ("minus", "-"),
        ("comma", ","),
        ("down", "↓"),
        ("pagedown", "PgDn"),
        ("enter", "Enter"),
        ("escape", "Esc"),
        ("G", "G"),
        ("ctrl+p", "ctrl+p"),
        ("ctrl+slash", "ctrl+/"),
        ("f1", "F1"),
        ("space", "Space"),
    ],
)
def test_display_key(key, shown):
    assert display_key(key) == shown


def test_display_keys_and_descriptions():
    assert display_keys(BY_ID["cursor_down"].keys) == "j/↓"
    assert BY_ID["star"].description("ja") != BY_ID["star"].description("en")


@pytest.mark.parametrize(
    "text, keys",
    [("s", ("s",)), ("S", ("S",)), ("ctrl+shift+P", ("ctrl+shift+p",)), ("alt+ctrl+x", ("ctrl+alt+x",)),
     ("ctrl++", ("ctrl+plus",)), ("+", ("plus",)), ("PageDown", ("pagedown",))],
)
def test_parse_keys_normalizes(text, keys):
    assert parse_keys(text) == keys

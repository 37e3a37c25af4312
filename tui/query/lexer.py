"""Split a filter query into tokens, each with its 0-based position in the text.

Tokens: ``(``, ``)``, ``-`` (negation, only at the start of a term), ``or``, a free
word, a ``"quoted phrase"``, and a qualifier ``name:value`` / comparison ``name>=value``
(whose value may be quoted: ``client:"Acme Body Shop"``). Anything malformed raises
``QueryError`` pointing at the offending character.
"""

from __future__ import annotations

import re
from enum import Enum

from ..errors import QueryError
from ..record import record


class Kind(Enum):
    """What a token is."""

    LPAREN = "("
    RPAREN = ")"
    NEG = "-"
    OR = "or"
    WORD = "word"
    PHRASE = "phrase"
    QUALIFIER = "qualifier"  # name ':' value (value may itself start with an operator)
    COMPARE = "compare"  # name op value


@record
class Token:
    """One token. For qualifiers and comparisons ``name``/``op``/``value`` are split out.

    ``pos`` is where the token starts; ``value_pos`` where its value starts (for error
    positions inside the value); ``quoted`` says the value was written in quotes.
    """

    kind: Kind
    pos: int
    text: str = ""
    name: str = ""
    op: str = ""
    value: str = ""
    value_pos: int = 0
    quoted: bool = False


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = (">=", "<=", ">", "<", "=", ":")
_STOP = set("()\"")


def _is_space(ch: str) -> bool:
    return ch.isspace()


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; raises ``QueryError`` for unterminated quotes and a bare ``-``."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _is_space(ch):
            i += 1
        elif ch == "(":
            tokens.append(Token(Kind.LPAREN, i, "("))
            i += 1
        elif ch == ")":
            tokens.append(Token(Kind.RPAREN, i, ")"))
            i += 1
        elif ch == "-":  # the loop only stops at term starts: a leading '-' negates
            nxt = text[i + 1] if i + 1 < n else ""
            if not nxt or _is_space(nxt) or nxt == ")":
                raise QueryError(text, i, "'-' needs a term right after it (no space)")
            tokens.append(Token(Kind.NEG, i, "-"))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError(text, i, "unterminated quote: add the closing '\"'")
            phrase = text[i + 1:end]
            tokens.append(Token(Kind.PHRASE, i, phrase, value=phrase, value_pos=i + 1,
                                quoted=True))
            i = end + 1
        else:
            i = _bare(text, i, tokens)
    return tokens


def _bare(text: str, start: int, tokens: list[Token]) -> int:
    """Read an unquoted run at ``start`` (a word, ``or``, a qualifier or a comparison)."""
    n = len(text)
    m = _NAME.match(text, start)
    if m:
        j = m.end()
        op = next((o for o in _OPS if text.startswith(o, j)), "")
        if op:
            name = m.group()
            vstart = j + len(op)
            # A URL (https://...) stays a free word, not an unknown qualifier.
            if op == ":" and text.startswith("//", vstart):
                return _word(text, start, tokens)
            kind = Kind.QUALIFIER if op == ":" else Kind.COMPARE
            if vstart < n and text[vstart] == '"':
                end = text.find('"', vstart + 1)
                if end < 0:
                    raise QueryError(text, vstart, "unterminated quote: add the closing '\"'")
                value = text[vstart + 1:end]
                tokens.append(Token(kind, start, text[start:end + 1], name=name, op=op,
                                    value=value, value_pos=vstart + 1, quoted=True))
                return end + 1
            k = vstart
            while k < n and not _is_space(text[k]) and text[k] not in _STOP:
                k += 1
            tokens.append(Token(kind, start, text[start:k], name=name, op=op,
                                value=text[vstart:k], value_pos=vstart))
            return k
    return _word(text, start, tokens)


def _word(text: str, start: int, tokens: list[Token]) -> int:
    n = len(text)
    k = start
    while k < n and not _is_space(text[k]) and text[k] not in _STOP:
        k += 1
    word = text[start:k]
    if word.casefold() == "or":
        tokens.append(Token(Kind.OR, start, word))
    else:
        tokens.append(Token(Kind.WORD, start, word, value=word, value_pos=start))
    return k

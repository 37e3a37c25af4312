"""The filter language's grammar and syntax tree.

Grammar (``or`` binds loosest, juxtaposition = AND, ``-`` prefixes any term)::

    query   := or_expr?
    or_expr := and_expr ("or" and_expr)*
    and_expr:= unary+
    unary   := "-" unary | primary
    primary := "(" or_expr ")" | WORD | "PHRASE" | name:value | name<op>value

``parse(text)`` returns a ``Query``; every problem is a ``QueryError`` whose
``position`` is the 0-based index of the offending character (``len(text)`` when
something is missing at the very end).
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Iterator, Union

from ..errors import QueryError
from ..record import record
from . import fields as F
from .lexer import Kind, Token, tokenize

# --------------------------------------------------------------------------- nodes


def _needs_quotes(value: str) -> bool:
    return (not value or value.startswith("//")
            or any(ch.isspace() or ch in '()"' for ch in value))


def _quote(value: str) -> str:
    return f'"{value}"' if _needs_quotes(value) else value


@record
class Word:
    """A free word: matched in title, client, agent, skills, tags, description; fuzzy."""

    text: str
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return self.text


@record
class Phrase:
    """A ``"quoted phrase"``: matched as one exact (case-insensitive) substring."""

    text: str
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f'"{self.text}"'


@record
class Text:
    """``client:`` ``agent:`` ``title:`` ``source:`` — substring, case-insensitive."""

    field: str
    value: str
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.field}:{_quote(self.value)}"


@record
class Skill:
    """``skill:`` — equal to a skill of the gig, aliases resolved (sklearn = scikit-learn)."""

    value: str
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"skill:{_quote(self.value)}"


@record
class Choice:
    """``remote:`` ``form:`` ``type:`` ``status:`` ``is:`` ``has:`` with a canonical value."""

    field: str
    value: str
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.field}:{self.value}"


@record
class Compare:
    """``rate`` (万円/month), ``hourly`` (JPY/h), ``days`` (/week), ``fit`` (0–100),
    ``posted`` (age in seconds) compared with ``op`` (``> >= < <= =``)."""

    field: str
    op: str
    value: float
    raw: str = field(default="", compare=False)
    pos: int = field(default=0, compare=False)
    #: The size of the unit written (posted: ``7d`` → 86400 s); ``posted=`` uses it.
    scale: float = field(default=1.0, compare=False)

    def __str__(self) -> str:
        raw = self.raw or _num(self.value)
        return f"{self.field}{self.op}{_quote(raw)}"


@record
class Not:
    """Negation of any node."""

    child: "Node"
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        inner = str(self.child)
        if isinstance(self.child, (And, Or)):
            inner = f"({inner})"
        return f"-{inner}"


@record
class And:
    """All children hold."""

    children: tuple["Node", ...]
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return " ".join(f"({c})" if isinstance(c, Or) else str(c) for c in self.children)


@record
class Or:
    """At least one child holds."""

    children: tuple["Node", ...]
    pos: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return " or ".join(str(c) for c in self.children)


Node = Union[Word, Phrase, Text, Skill, Choice, Compare, Not, And, Or]
LEAVES = (Word, Phrase, Text, Skill, Choice, Compare)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


@record
class Query:
    """A parsed query. ``root`` is None for an empty query (matches everything)."""

    text: str = field(compare=False)
    root: Node | None

    @property
    def is_empty(self) -> bool:
        """True when the query has no terms at all."""
        return self.root is None

    @property
    def free_words(self) -> tuple[str, ...]:
        """Free words and phrases that count for relevance (not under a negation)."""
        return tuple(n.text for n in positive_leaves(self.root) if isinstance(n, (Word, Phrase)))

    @property
    def has_free_words(self) -> bool:
        """True when some non-negated free word or phrase can rank the result."""
        return bool(self.free_words)

    def nodes(self) -> Iterator[Node]:
        """Every node, depth first."""
        return walk(self.root)

    def __str__(self) -> str:
        return "" if self.root is None else str(self.root)


def walk(node: Node | None) -> Iterator[Node]:
    """Every node under (and including) ``node``, depth first."""
    if node is None:
        return
    yield node
    if isinstance(node, Not):
        yield from walk(node.child)
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from walk(child)


def positive_leaves(node: Node | None) -> Iterator[Node]:
    """Leaves not under a negation."""
    if node is None or isinstance(node, Not):
        return
    if isinstance(node, (And, Or)):
        for child in node.children:
            yield from positive_leaves(child)
    else:
        yield node


# --------------------------------------------------------------------------- parser

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_COMPARE_OPS = (">=", "<=", ">", "<", "=")


def parse(text: str) -> Query:
    """Parse a filter query; raises ``QueryError`` (with a 0-based position) when bad."""
    if not isinstance(text, str):
        raise TypeError("query text must be a str")
    tokens = tokenize(text)
    parser = _Parser(text, tokens)
    root = parser.parse()
    return Query(text, root)


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.i = 0

    def error(self, pos: int, problem: str) -> QueryError:
        return QueryError(self.text, pos, problem)

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr(None)
        tok = self.peek()
        if tok is not None:  # only a stray ')' can stop or_expr early
            raise self.error(tok.pos, "unmatched ')'")
        return node

    def or_expr(self, group: Token | None) -> Node:
        first = self.peek()
        if first is not None and first.kind is Kind.OR:
            raise self.error(first.pos, "'or' needs a term before it")
        parts = [self.and_expr(group)]
        while (tok := self.peek()) is not None and tok.kind is Kind.OR:
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (Kind.OR, Kind.RPAREN):
                raise self.error(tok.pos, "'or' needs a term after it")
            parts.append(self.and_expr(group))
        return _flat(Or, parts, parts[0].pos) if len(parts) > 1 else parts[0]

    def and_expr(self, group: Token | None) -> Node:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in (Kind.OR, Kind.RPAREN):
            parts.append(self.unary())
        if not parts:
            tok = self.peek()
            if group is not None and tok is not None and tok.kind is Kind.RPAREN:
                raise self.error(group.pos, "empty group '()'")
            where = tok.pos if tok is not None else len(self.text)
            raise self.error(where, "a term is missing here")
        return _flat(And, parts, parts[0].pos) if len(parts) > 1 else parts[0]

    def unary(self) -> Node:
        tok = self.tokens[self.i]
        if tok.kind is Kind.NEG:
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (Kind.OR, Kind.RPAREN):
                raise self.error(tok.pos, "'-' needs a term right after it")
            return Not(self.unary(), tok.pos)
        return self.primary()

    def primary(self) -> Node:
        tok = self.tokens[self.i]
        self.i += 1
        if tok.kind is Kind.LPAREN:
            nxt = self.peek()
            if nxt is not None and nxt.kind is Kind.RPAREN:
                raise self.error(tok.pos, "empty group '()'")
            if nxt is None:
                raise self.error(tok.pos, "unbalanced '(': add the closing ')'")
            node = self.or_expr(tok)
            close = self.peek()
            if close is None or close.kind is not Kind.RPAREN:
                raise self.error(tok.pos, "unbalanced '(': add the closing ')'")
            self.i += 1
            return node
        if tok.kind is Kind.WORD:
            if tok.text[0] in "<>=":
                raise self.error(tok.pos, "a comparison needs a field right before it, "
                                 "without spaces: rate>=80, hourly>=5000, days<=3, posted<7d")
            return Word(tok.text, tok.pos)
        if tok.kind is Kind.PHRASE:
            if not tok.value.strip():
                raise self.error(tok.pos, "empty quoted phrase")
            return Phrase(tok.value, tok.pos)
        if tok.kind in (Kind.QUALIFIER, Kind.COMPARE):
            return self.qualifier(tok)
        raise self.error(tok.pos, f"unexpected {tok.text!r}")  # pragma: no cover

    # ------------------------------------------------------------- qualifiers

    def qualifier(self, tok: Token) -> Node:
        name = F.canonical_qualifier(tok.name)
        if name is None:
            known = ", ".join(f"{q}:" for q in F.QUALIFIERS)
            raise self.error(tok.pos, f"unknown qualifier {tok.name + tok.op!r}; known: {known}")
        op_pos = tok.pos + len(tok.name)
        if name in F.COMPARE_FIELDS:
            return self.compare(tok, name)
        if tok.kind is Kind.COMPARE:
            raise self.error(op_pos, f"{name}: takes ':' and a value, not {tok.op!r}")
        value = tok.value
        if not value.strip():
            raise self.error(tok.value_pos if tok.quoted else tok.value_pos,
                             f"{name}: needs a value")
        if name in F.TEXT_FIELDS:
            return Text(name, value, tok.pos)
        if name == "skill":
            return Skill(value, tok.pos)
        canonical = F.canonical_enum(name, value)
        if canonical is None:
            choices = ", ".join(F.enum_choices(name))
            raise self.error(tok.value_pos, f"unknown {name}: value {value!r}; use {choices}")
        return Choice(name, canonical, tok.pos)

    def compare(self, tok: Token, name: str) -> Node:
        op, value, vpos = tok.op, tok.value, tok.value_pos
        if op == ":" and tok.quoted:
            op = "="  # 'hourly:"5000"' is hourly=5000: a quoted value holds no operator
        elif op == ":":
            op = next((o for o in _COMPARE_OPS if value.startswith(o)), "=")
            if value.startswith(op):
                value, vpos = value[len(op):], vpos + len(op)
        if not value:
            raise self.error(vpos, f"{name}{op} needs a number, e.g. {_EXAMPLES[name]}")
        m = _NUMBER.match(value)
        if m is None:
            raise self.error(vpos, f"{name}{op} needs a number, e.g. {_EXAMPLES[name]}")
        try:
            number = float(m.group().replace(",", ""))
        except ValueError:
            raise self.error(vpos, f"{name}{op} needs a number, e.g. {_EXAMPLES[name]}") from None
        unit_text = value[m.end():]
        units = F.UNITS[name]
        unit = F.fold(unit_text) if unit_text else None
        if unit not in units:
            upos = vpos + m.end()
            names = ", ".join(u for u in units if u)
            raise self.error(upos, f"{name}: bad value {value!r}, expected "
                             f"{_EXAMPLES[name]}" + (f"; units: {names}" if names else ""))
        return Compare(name, op, number * units[unit], value, tok.pos, units[unit])


_EXAMPLES = {
    "rate": "rate>=80 (万円/month)",
    "hourly": "hourly>=5000 (JPY/hour)",
    "days": "days<=3 (days/week)",
    "fit": "fit>=70 (0–100)",
    "posted": "posted<7d (m, h, d, w)",
}


def _flat(kind: type, parts: list[Node], pos: int) -> Node:
    """``And``/``Or`` with nested nodes of the same kind flattened."""
    children: list[Node] = []
    for part in parts:
        if isinstance(part, kind):
            children.extend(part.children)  # type: ignore[attr-defined]
        else:
            children.append(part)
    return kind(tuple(children), pos)


def combine(*queries: str) -> str:
    """The AND of several query texts (``[filters] always``, a preset, the user's input).

    Empty parts are dropped; a part whose top level is an ``or`` (or that does not parse,
    so its error still shows inside its own parentheses) is wrapped in ``( )``.
    """
    parts = [q.strip() for q in queries if q and q.strip()]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    out: list[str] = []
    for part in parts:
        try:
            root = parse(part).root
        except QueryError:
            out.append(f"({part})")
            continue
        out.append(f"({part})" if isinstance(root, Or) and not _one_group(part) else part)
    return " ".join(out)


def _one_group(text: str) -> bool:
    """True when ``text`` is a single parenthesized group: ``(a or b)``."""
    tokens = tokenize(text)
    if not tokens or tokens[0].kind is not Kind.LPAREN:
        return False
    depth = 0
    for n, tok in enumerate(tokens):
        depth += {Kind.LPAREN: 1, Kind.RPAREN: -1}.get(tok.kind, 0)
        if depth == 0:
            return n == len(tokens) - 1
    return False

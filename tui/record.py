"""``record``: a slotted dataclass whose methods come compiled with the package.

``dataclasses.dataclass`` writes ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__``
(and, frozen, ``__setattr__`` and ``__delattr__``) as source text and compiles it when
the class is defined: about 1 ms a class on Python 3.11, nearly all of it in ``compile``,
on every start. gigs defines some 25 such classes before its first paint.

``record`` builds the class as ``dataclass(init=False, repr=False, eq=False,
slots=True)`` does (fields, defaults, slots, ``__match_args__``: ``dataclasses.fields``,
``replace`` and ``asdict`` work as before) and adds the same methods from the same kind
of source text, written out ahead of time in ``tui/_record_methods.py`` by
``python scripts/gen_records.py``, so Python loads them compiled like any module. They
are found there by ``methods_key``: what the source is written from (fields, defaults,
flags), so the source itself is written only for a class the file lacks.

A plain record (string annotations, no base with fields or slots, no ``ClassVar``) is
built here in one step: ``dataclass`` reads each annotation and builds the class twice,
a third of a millisecond a class. Anything else goes through ``dataclass`` itself. A
class whose methods are not there (changed since the file was generated) gets them
compiled at definition, as ``dataclass`` would: ``tests/test_record.py`` fails until the
file is generated again.

Supported: defaults and ``default_factory``, ``field(compare=False, repr=False,
hash=...)``, ``frozen``, ``__post_init__``, methods the class defines itself (kept).
Not supported (TypeError): ``init=False`` and keyword-only fields, ``InitVar``. Do not
derive a ``dataclass`` from a record class: ``dataclass`` sees it as not frozen.
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import Any, Callable, TypeVar

T = TypeVar("T", bound=type)

#: ``__make(...)``'s parameters: what the method source refers to.
PARAMS = "__cls, __names, __defaults, __factories, __FACTORY, __set, __Frozen"
#: Every record class defined in this process, in order, and whether it is frozen: the
#: generator writes these.
DEFINED: list[tuple[type, bool]] = []

_FACTORY = object()  # "no value given": the field's default_factory supplies one
_compiled: dict[tuple, Callable[..., dict[str, Any]]] | None = None


def record(cls: T | None = None, /, *, frozen: bool = True) -> Any:
    """``@record`` (frozen) or ``@record(frozen=False)``: see the module's docstring."""

    def wrap(cls: T) -> T:
        undocumented = not cls.__dict__.get("__doc__")
        if undocumented:  # else dataclass reads object.__init__'s signature: ~3 ms
            cls.__doc__ = cls.__name__
        built = _slotted(cls)
        if built is None:
            built = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
        if undocumented:
            built.__doc__ = f"{cls.__name__}({', '.join(f.name for f in dataclasses.fields(built))})"
        _add_methods(built, frozen)
        return built

    return wrap if cls is None else wrap(cls)


_MISSING = dataclasses.MISSING
#: How ``dataclasses`` marks a real field (not a ClassVar or InitVar pseudo-field).
_FIELD = getattr(dataclasses, "_FIELD", None)
_params: Any = None


def _dataclass_params() -> Any:
    """The ``__dataclass_params__`` ``dataclass`` gives a record (the same for all)."""
    global _params
    if _params is None:
        template = dataclasses.dataclass(type("_Template", (), {"__doc__": "_Template()"}),
                                         init=False, repr=False, eq=False, slots=True)
        _params = template.__dataclass_params__
    return _params


def _slotted(cls: type) -> type | None:
    """``cls`` as ``dataclass(init=False, repr=False, eq=False, slots=True)`` makes it,
    built directly; None when the class needs ``dataclass`` itself (a base with fields
    or slots, a non-string annotation, ``ClassVar`` or ``InitVar``, a Python whose
    ``dataclasses`` lacks the field marker). ``dataclass``'s errors are kept: a mutable
    default, a field without a default after one with."""
    if _FIELD is None or any(
        "__dataclass_fields__" in base.__dict__ or "__slots__" in base.__dict__
        for base in cls.__mro__[1:-1]
    ):
        return None
    own = cls.__dict__
    fields: dict[str, dataclasses.Field] = {}
    after_default = False
    for name, kind in own.get("__annotations__", {}).items():
        if not isinstance(kind, str) or "ClassVar" in kind or "InitVar" in kind:
            return None
        value = own.get(name, _MISSING)
        made = value if isinstance(value, dataclasses.Field) else dataclasses.field(default=value)
        default = made.default
        if default is not _MISSING and type(default).__hash__ is None:
            raise ValueError(f"mutable default {type(default)} for field {name} is not "
                             "allowed: use default_factory")
        made.name, made.type, made._field_type = name, kind, _FIELD  # type: ignore[attr-defined]
        if made.kw_only is _MISSING:
            made.kw_only = False  # type: ignore[assignment]
        given = default is not _MISSING or made.default_factory is not _MISSING
        if after_default and not given and made.init:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        after_default = after_default or given
        fields[name] = made
    body = {k: v for k, v in own.items() if k not in fields and k not in ("__dict__", "__weakref__")}
    body["__slots__"] = tuple(fields)
    body["__dataclass_fields__"] = fields
    body["__dataclass_params__"] = _dataclass_params()
    body.setdefault("__match_args__", tuple(n for n, f in fields.items() if f.init))
    return type(cls)(cls.__name__, cls.__bases__, body)


def methods_source(cls: type, frozen: bool) -> str:
    """The body of ``def __make(PARAMS)`` that defines and returns the methods."""
    fields = dataclasses.fields(cls)
    for f in fields:
        if not f.init or f.kw_only is True:
            raise TypeError(f"record {cls.__qualname__}.{f.name}: init=False and "
                            "keyword-only fields are not supported")
    for name, f in cls.__dataclass_fields__.items():  # ClassVar and InitVar pseudo-fields
        if f not in fields and "InitVar" in str(f.type):
            raise TypeError(f"record {cls.__qualname__}.{name}: InitVar is not supported")
    names = [f.name for f in fields]
    params, body, setup = [], [], []
    for f in fields:
        name = f.name
        value = name
        if f.default_factory is not dataclasses.MISSING:
            params.append(f"{name}=__FACTORY")
            setup.append(f"__make_{name} = __factories[{name!r}]")
            value = f"__make_{name}() if {name} is __FACTORY else {name}"
        elif f.default is not dataclasses.MISSING:
            params.append(f"{name}=__defaults[{name!r}]")
        else:
            params.append(name)
        body.append(f"__set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    shown = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in fields if f.repr)
    compared = [f.name for f in fields if f.compare]
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]

    def row(obj: str, of: list[str]) -> str:
        return "(" + "".join(f"{obj}.{n}," for n in of) + ")"

    lines = [
        *setup,
        f"def __init__(self, {', '.join(params)}):",
        *(f"    {line}" for line in body or ["pass"]),
        "def __repr__(self):",
        f"    return f'{{self.__class__.__qualname__}}({shown})'",
        "def __eq__(self, other):",
        "    if other.__class__ is self.__class__:",
        f"        return {row('self', compared)} == {row('other', compared)}",
        "    return NotImplemented",
    ]
    made = ["__init__", "__repr__", "__eq__"]
    if frozen:
        lines += [
            "def __hash__(self):",
            f"    return hash({row('self', hashed)})",
            "def __setattr__(self, name, value):",
            "    if type(self) is __cls or name in __names:",
            "        raise __Frozen(f'cannot assign to field {name!r}')",
            "    super(__cls, self).__setattr__(name, value)",
            "def __delattr__(self, name):",
            "    if type(self) is __cls or name in __names:",
            "        raise __Frozen(f'cannot delete field {name!r}')",
            "    super(__cls, self).__delattr__(name)",
            "def __getstate__(self):",
            f"    return [{', '.join(f'self.{n}' for n in names)}]",
            "def __setstate__(self, state):",
            "    for name, value in zip(__names, state):",
            "        __set(self, name, value)",
        ]
        made += ["__hash__", "__setattr__", "__delattr__", "__getstate__", "__setstate__"]
    lines.append("return {" + ", ".join(f"{m!r}: {m}" for m in made) + "}")
    return "".join(f"    {line}\n" for line in lines)


def methods_key(cls: type, frozen: bool) -> tuple:
    """What ``methods_source`` writes the methods from, as a small tuple: the generated
    file finds a class's methods by it, without writing their source at each start."""
    missing = dataclasses.MISSING
    return (frozen, hasattr(cls, "__post_init__"), tuple(
        (f.name, 2 if f.default_factory is not missing else 1 if f.default is not missing else 0,
         f.repr, f.compare, f.hash)
        for f in dataclasses.fields(cls)
    ))


def compile_maker(body: str, name: str = "__make") -> Callable[..., dict[str, Any]]:
    """``def NAME(PARAMS):`` + ``body``, compiled now (a class the generated file lacks)."""
    namespace: dict[str, Any] = {}
    exec(compile(f"def {name}({PARAMS}):\n{body}", f"<record {name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]


def _precompiled() -> dict[tuple, Callable[..., dict[str, Any]]]:
    global _compiled
    if _compiled is None:
        try:
            from ._record_methods import MAKERS
        except ImportError:  # not generated yet
            MAKERS = {}
        _compiled = MAKERS
    return _compiled


def _add_methods(cls: type, frozen: bool) -> None:
    DEFINED.append((cls, frozen))
    maker = _precompiled().get(methods_key(cls, frozen))
    if maker is None:
        maker = compile_maker(methods_source(cls, frozen))
    fields = dataclasses.fields(cls)
    methods = maker(
        cls, tuple(f.name for f in fields),
        {f.name: f.default for f in fields if f.default is not dataclasses.MISSING},
        {f.name: f.default_factory for f in fields
         if f.default_factory is not dataclasses.MISSING},
        _FACTORY, object.__setattr__, dataclasses.FrozenInstanceError,
    )
    own = cls.__dict__
    # A class body that defines __eq__ gets __hash__ = None from Python: not its own hash.
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    for name, fn in methods.items():
        if name in own and not (name == "__hash__" and not explicit_hash):
            continue  # the class's own, kept as dataclass keeps it
        if name == "__repr__":
            fn = reprlib.recursive_repr()(fn)
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
        fn.__module__ = cls.__module__
        setattr(cls, name, fn)
    if not frozen and not explicit_hash:
        cls.__hash__ = None  # mutable and compared by value: unhashable, as with dataclass

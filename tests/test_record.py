"""``tui.record``: classes built with ``@record`` behave as ``@dataclass(slots=True)`` ones,
and every record class of the package has its methods in the generated file."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui import record as record_module
from tui.record import record

ROOT = Path(__file__).resolve().parent.parent


def _pair(frozen: bool):
    """The same class twice: as a dataclass and as a record."""

    def body(ns):
        ns["__annotations__"] = {"a": "int", "b": "str", "c": "tuple", "items": "list",
                                 "pos": "int", "hidden": "str"}
        ns["b"] = "x"
        ns["c"] = ()
        ns["items"] = field(default_factory=list)
        ns["pos"] = field(default=0, compare=False)
        ns["hidden"] = field(default="", repr=False)
        ns["__doc__"] = "A test class."

    made = []
    for decorate in (dataclass(frozen=frozen, slots=True), record(frozen=frozen)):
        ns: dict = {"__module__": __name__, "__qualname__": "Thing"}
        body(ns)
        made.append(decorate(type("Thing", (), ns)))
    return made


@pytest.mark.parametrize("frozen", [True, False])
def test_record_behaves_as_a_dataclass(frozen: bool) -> None:
    for cls in _pair(frozen):
        one = cls(1)
        assert (one.a, one.b, one.c, one.items, one.pos, one.hidden) == (1, "x", (), [], 0, "")
        assert cls(1).items is not cls(1).items  # a fresh list per instance
        assert cls(1, "y", (2,), [3], 4, "h") == cls(1, "y", (2,), [3], 5, "h")  # pos: no compare
        assert cls(1) != cls(2)
        assert cls(1).__eq__(object()) is NotImplemented
        assert repr(cls(1, items=[1])) == "Thing(a=1, b='x', c=(), items=[1], pos=0)"
        assert [f.name for f in dataclasses.fields(cls)] == ["a", "b", "c", "items", "pos", "hidden"]
        assert dataclasses.replace(cls(1), b="z").b == "z"
        assert dataclasses.asdict(cls(1))["b"] == "x"
        assert cls.__match_args__ == ("a", "b", "c", "items", "pos", "hidden")
        assert not hasattr(cls(1), "__dict__")
        with pytest.raises(TypeError):
            cls()  # a is required
        if frozen:
            with pytest.raises(dataclasses.FrozenInstanceError):
                one.a = 2
            with pytest.raises(dataclasses.FrozenInstanceError):
                del one.a
            assert hash(cls(1, items=None)) == hash(cls(1, items=None, pos=9))
        else:
            one.a = 2
            assert one.a == 2
            assert cls.__hash__ is None
        assert copy.deepcopy(cls(1, items=[1])) == cls(1, items=[1])
        assert copy.copy(cls(1)) == cls(1)


@record
class Pickled:
    """A frozen record at module level, so pickle can find it."""

    a: int
    b: tuple = ()


@record(frozen=False)
class PickledMutable:
    """A mutable one."""

    a: int
    b: list = field(default_factory=list)


def test_records_pickle_and_copy() -> None:
    for value in (Pickled(1, (2,)), PickledMutable(1, [2])):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value


def test_record_keeps_methods_the_class_defines() -> None:
    @record
    class Money:
        """Amounts shown with their unit."""

        amount: int
        unit: str = "JPY"

        def __repr__(self) -> str:
            return f"{self.amount} {self.unit}"

        def __post_init__(self) -> None:
            if self.amount < 0:
                raise ValueError("negative")

    assert repr(Money(5)) == "5 JPY"
    assert hash(Money(5)) == hash(Money(5))
    with pytest.raises(ValueError):
        Money(-1)


def test_record_refuses_what_it_does_not_write() -> None:
    with pytest.raises(TypeError, match="init=False"):
        @record
        class Hidden:
            """."""

            a: int = field(default=0, init=False)

    with pytest.raises(TypeError, match="keyword-only"):
        @record
        class KwOnly:
            """."""

            a: int = field(default=0, kw_only=True)


def test_a_class_missing_from_the_generated_file_is_compiled_when_defined() -> None:
    @record
    class Fresh:
        """Defined only here."""

        never_seen_field_name_4711: int

    cls, frozen = record_module.DEFINED[-1]
    assert cls is Fresh
    assert record_module.methods_key(cls, frozen) not in record_module._precompiled()  # noqa: SLF001
    assert Fresh(1) == Fresh(1) and repr(Fresh(2)).endswith("Fresh(never_seen_field_name_4711=2)")


def test_the_package_records_come_precompiled() -> None:
    """Every @record class of the package finds its methods in tui/_record_methods.py,
    which is what keeps them off the start-up path (``scripts/gen_records.py``)."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_records.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    code = (
        "import tui.ui.app, tui.cli.main, tui.query, tui.view, tui.market, tui.dedup\n"
        "from tui import record\n"
        "missing = [c.__qualname__ for c, frozen in record.DEFINED"
        " if record.methods_key(c, frozen) not in record._precompiled()]\n"
        "print(len(record.DEFINED), missing)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    count, missing = out.stdout.split(" ", 1)
    assert int(count) > 30 and missing.strip() == "[]", out.stdout + out.stderr


def test_an_undocumented_record_gets_a_signature_doc() -> None:
    @record
    class Bare:
        a: int
        b: str = ""

    assert Bare.__doc__ == "Bare(a, b)"


# ------------------------------------------------------------- built without dataclass
def _shapes():
    """Class bodies of the shapes records take (and two ``dataclass`` must build)."""
    yield "plain", {"__annotations__": {"a": "int", "b": "str"}}
    yield "defaults", {"__annotations__": {"a": "int", "b": "str", "c": "tuple[str, ...]"},
                       "b": "x", "c": ()}
    yield "fields", {"__annotations__": {"a": "int", "items": "list[str]", "pos": "int",
                                         "meta": "dict"},
                     "items": field(default_factory=list),
                     "pos": field(default=0, compare=False, repr=False, hash=False),
                     "meta": field(default_factory=dict, metadata={"k": 1})}
    yield "methods", {"__annotations__": {"a": "int"}, "double": lambda self: self.a * 2,
                      "LIMIT": 3}
    yield "classvar", {"__annotations__": {"a": "int", "K": "ClassVar[int]"}, "K": 1}


def _field_facts(cls) -> list[tuple]:
    return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash,
             f.kw_only, dict(f.metadata), f._field_type)
            for f in cls.__dataclass_fields__.values()]


@pytest.mark.parametrize("name, body", list(_shapes()))
def test_a_record_class_is_built_as_dataclass_builds_it(name, body) -> None:
    def make():
        ns = {"__module__": __name__, "__qualname__": name, "__doc__": f"{name} doc"}
        ns.update({k: (copy.copy(v) if isinstance(v, dataclasses.Field) else v)
                   for k, v in body.items()})
        return type(name, (), ns)

    direct = record_module._slotted(make())
    reference = dataclass(init=False, repr=False, eq=False, slots=True)(make())
    if name == "classvar":
        assert direct is None  # left to dataclass itself
        return
    assert direct is not None
    assert direct.__slots__ == reference.__slots__
    assert direct.__match_args__ == reference.__match_args__
    assert _field_facts(direct) == _field_facts(reference)
    assert repr(direct.__dataclass_params__) == repr(reference.__dataclass_params__)
    assert [f.name for f in dataclasses.fields(direct)] == list(direct.__slots__)
    skip = {"__slots__", "__dataclass_fields__", "__dataclass_params__", "__match_args__",
            "__annotations__", "__doc__"}
    assert {k for k in vars(direct) if k not in skip} == {k for k in vars(reference) if k not in skip}
    assert direct.__doc__ == reference.__doc__ == f"{name} doc"


def test_a_record_keeps_dataclass_errors() -> None:
    bad_default = type("Bad", (), {"__module__": __name__, "__annotations__": {"a": "list"},
                                    "a": []})
    with pytest.raises(ValueError, match="mutable default"):
        record(bad_default)
    order = type("Order", (), {"__module__": __name__,
                               "__annotations__": {"a": "int", "b": "int"}, "a": 1})
    with pytest.raises(TypeError, match="non-default argument 'b' follows default"):
        record(order)


def test_every_package_record_is_built_without_dataclass() -> None:
    """The fast build covers every record the package defines (none falls back)."""
    out = subprocess.run(
        [sys.executable, "-c",
         "import tui.record as R, dataclasses\n"
         "slow = []\n"
         "original = dataclasses.dataclass\n"
         "def counting(cls=None, /, **kw):\n"
         "    if cls is not None and cls.__name__ != '_Template': slow.append(cls.__qualname__)\n"
         "    return original(cls, **kw) if cls is not None else original(**kw)\n"
         "R.dataclasses = type(dataclasses)('dc'); R.dataclasses.__dict__.update(vars(dataclasses))\n"
         "R.dataclasses.dataclass = counting\n"
         "import tui.cli.commands, tui.ui.app, tui.cache, tui.store, tui.query, tui.normalize.record\n"
         "print(len(R.DEFINED), slow)"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    count, slow = out.stdout.split(" ", 1)
    assert int(count) > 20 and slow.strip() == "[]"

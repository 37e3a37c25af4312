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

    body = record_module.DEFINED[-1][1]
    assert body not in record_module._precompiled()  # noqa: SLF001
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
        "missing = [c.__qualname__ for c, body in record.DEFINED"
        " if body not in record._precompiled()]\n"
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

"""Garbage collection around the app's start.

Starting the app creates a few hundred thousand objects (modules, classes, styles) and
no garbage worth a collection: Python's cyclic collector would still run several times,
one full pass taking about 25 ms on the development machine, and delay the first paint.
``hold`` turns it off from the start of ``gigs``; ``release`` (after the first paint)
moves everything made so far out of its way for good (``gc.freeze``) and turns it on.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """No cyclic collections until ``release`` (a no-op when GC is already off)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Undo ``hold``: freeze the objects made while starting, then collect again."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()

"""Helpers for tests that drive the app with Textual's Pilot."""

from __future__ import annotations

import time


async def wait_for(pilot, condition, timeout: float = 15.0) -> None:
    """Poll (never a fixed sleep) until ``condition()`` holds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")

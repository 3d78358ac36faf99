"""Helpers for end-to-end tests that start real processes: free ports, bounded waits, clean stops."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from bench.processes import free_port, stop

__all__ = ["free_port", "stop", "wait_for"]

T = TypeVar("T")


def wait_for(
    what: str, probe: Callable[[], T], timeout: float, interval: float = 1.0, details: Callable[[], str] = lambda: ""
) -> T:
    """Call `probe` until it returns something truthy; fail with `what` (and the last value) after `timeout` s."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last state: {last!r}. {details()}")
        time.sleep(interval)

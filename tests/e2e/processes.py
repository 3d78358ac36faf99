"""Helpers for end-to-end tests that start real processes: free ports, bounded waits, clean stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def stop(process: subprocess.Popen, grace: float = 30) -> None:
    """Stop a process started in its own session, and everything it started: SIGTERM, then SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

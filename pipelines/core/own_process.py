"""A call run in a short-lived process of its own, so that the memory it takes goes when it returns.

Apart from `workers` on purpose: the gazetteer (`places`) builds its cache file
this way, and the annotation's code version follows the extractors' imports
(`code_version`). Here, how work is spread over worker processes is not part of
that version, so changing it does not annotate every warehouse again.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def in_a_process_of_its_own(function: Callable[..., T], *args) -> T:
    """`function(*args)` in a short-lived worker process, started afresh (`spawn`); in this process when
    no worker can start from here (a daemonic process may not have children)."""
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    try:
        done = pool.submit(function, *args)
    except (AssertionError, OSError, RuntimeError):
        pool.shutdown()
        return function(*args)
    with pool:
        return done.result()

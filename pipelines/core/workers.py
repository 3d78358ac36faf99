"""Work spread over this machine's cores in worker processes, with this process as the fallback.

The workers are started afresh (`spawn`), not forked: the steps' processes run
threads of their own, and forking a threaded process is unsafe. Workers that
fail (killed for memory, or a main module without its `__main__` guard) leave
the rest of the work to this process, with a warning, and `processes` says so.

Workers that spend seconds getting ready (loading a model) can be started ahead
(`started_ahead`), by a run that knows it will need them while its earlier steps
keep one core busy: the first pool of the same name and size takes them over, with
any work sent to them before (`started_ahead_pool`). They get ready on a thread
of lower priority, so those steps go first, and do their work at the priority of
the process that started them. A whole worker at the lower priority could never
raise it again (that takes privileges), and its work would then wait for any
other busy process on the machine: with two beside a run, its batch of 30
documents took six minutes instead of 20 seconds.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger(__name__)


def cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask)."""
    return len(os.sched_getaffinity(0))


class WorkerPool:
    """`map` on `processes` worker processes, or in this process when that is 1.

    The workers start on entering, and run `initializer` (e.g. loading a model) while this
    process gets their work ready.
    """

    def __init__(self, processes: int, initializer: Callable[[], object] | None = None, name: str | None = None):
        self.processes = processes
        self._initializer = initializer
        self._name = name  # workers `started_ahead` under this name are taken over
        self._pool = None

    def __enter__(self) -> WorkerPool:
        if self.processes > 1:
            self._pool = _ahead.pop((self._name, self.processes), None) if self._name else None
            if self._pool is None:
                self._pool = _started(self.processes, self._initializer)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            # Not waited for: workers that loaded a model take a quarter of a second to exit, which
            # the caller's next work overlaps. The interpreter still waits for them before it exits.
            self._pool.shutdown(wait=False, cancel_futures=True)

    def __call__(self, function: Callable, values: Iterable, chunksize: int = 1) -> list:
        return list(self.imap(function, values, chunksize))

    def imap(self, function: Callable, values: Iterable, chunksize: int = 1) -> Iterator:
        """`function` of each value, in order, as each is done. On workers, every value is sent at
        once, on this call; in this process, the values are taken lazily."""
        if self._pool is None:
            return map(function, values)
        values = list(values)
        try:
            results = self._pool.map(function, values, chunksize=chunksize)
        except BrokenProcessPool as broken:
            self._give_up(broken)
            return map(function, values)
        return self._collected(results, function, values)

    def _collected(self, results: Iterator, function: Callable, values: list) -> Iterator:
        done = 0
        try:
            for result in results:
                done += 1
                yield result
        except BrokenProcessPool as broken:
            self._give_up(broken)
            yield from map(function, values[done:])

    def _give_up(self, broken: BrokenProcessPool) -> None:
        log.warning(f"worker processes failed ({broken}); the rest of the work is done in this process instead")
        self._pool.shutdown(cancel_futures=True)
        self._pool, self.processes = None, 1


# Pools started ahead and not yet taken over, by (name, processes), and how much lower the
# priority of their workers is while they get ready.
AHEAD_NICENESS = 10
_ahead: dict[tuple[str, int], ProcessPoolExecutor] = {}


@contextmanager
def started_ahead(name: str, processes: int, initializer: Callable[[], object]) -> Iterator[None]:
    """Start `processes` workers running `initializer` now, for the first `WorkerPool` of this
    process with this name and size to take over; stopped on leaving when none did."""
    key = (name, processes)
    _ahead[key] = _started(processes, functools.partial(_behind_this_process, initializer))
    try:
        yield
    finally:
        unused = _ahead.pop(key, None)
        if unused is not None:
            unused.shutdown(cancel_futures=True)


def started_ahead_pool(name: str) -> ProcessPoolExecutor | None:
    """The workers started ahead under `name` and not yet taken over, or None: work submitted to
    them now is queued before the work of the pool that takes them over."""
    return next((pool for (started_as, _), pool in _ahead.items() if started_as == name), None)


def _behind_this_process(initializer: Callable[[], object]) -> None:
    """`initializer`, on a thread of its own at a lower priority than the process that started the
    worker. Linux keeps a priority per thread: the worker's own thread, which takes its work, keeps
    that process's priority. Elsewhere a priority is the whole process's, and is left as it is."""

    def getting_ready() -> None:
        if sys.platform == "linux":
            os.nice(AHEAD_NICENESS)
        initializer()

    with ThreadPoolExecutor(1, thread_name_prefix="getting ready") as thread:
        thread.submit(getting_ready).result()  # its error, if any, raised in the worker's own thread


def _started(processes: int, initializer: Callable[[], object] | None) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"), initializer=initializer)
    for _ in range(processes):  # a spawned pool starts a worker per task submitted while none is idle
        pool.submit(os.getpid)
    return pool


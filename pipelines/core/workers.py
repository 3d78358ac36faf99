"""Work spread over this machine's cores in worker processes, with this process as the fallback.

The workers are started afresh (`spawn`), not forked: the steps' processes run
threads of their own, and forking a threaded process is unsafe. Workers that
fail (killed for memory, or a main module without its `__main__` guard) leave
the rest of the work to this process, with a warning, and `processes` says so.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
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

    def __init__(self, processes: int, initializer: Callable[[], object] | None = None):
        self.processes = processes
        self._initializer = initializer
        self._pool = None

    def __enter__(self) -> WorkerPool:
        if self.processes > 1:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.processes, mp_context=context, initializer=self._initializer)
            for _ in range(self.processes):  # a spawned pool starts a worker per task submitted while none is idle
                self._pool.submit(os.getpid)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def __call__(self, function: Callable, values: Iterable, chunksize: int = 1) -> list:
        return list(self.imap(function, values, chunksize))

    def imap(self, function: Callable, values: Iterable, chunksize: int = 1) -> Iterator:
        """`function` of each value, in order, as each is done. In this process, the values are taken lazily."""
        if self._pool is None:
            yield from map(function, values)
            return
        values = list(values)
        done = 0
        try:
            for result in self._pool.map(function, values, chunksize=chunksize):
                done += 1
                yield result
        except BrokenProcessPool as broken:
            log.warning(f"worker processes failed ({broken}); the rest of the work is done in this process instead")
            self._pool.shutdown(cancel_futures=True)
            self._pool, self.processes = None, 1
            yield from map(function, values[done:])

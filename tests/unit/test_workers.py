"""Work on worker processes: results in order, and nothing lost when the workers die."""

import multiprocessing
import multiprocessing.connection
import multiprocessing.util
import os
import time

from pipelines.core.workers import AHEAD_NICENESS, WorkerPool, started_ahead

DIES_ON = 5
READY = False  # set by `get_ready` in each worker process
READY_AT_NICENESS = None  # the niceness `get_ready` ran at, in each worker process


def square(value: int) -> int:
    return value * value


def square_unless_a_worker(value: int) -> int:
    """Kills the worker process it runs in on `DIES_ON`, as the kernel's OOM killer would."""
    if value == DIES_ON and multiprocessing.parent_process() is not None:
        os._exit(9)
    return value * value


def get_ready() -> None:
    global READY, READY_AT_NICENESS
    READY, READY_AT_NICENESS = True, os.nice(0)


def failing_to_get_ready() -> None:
    raise RuntimeError("no model here")


def was_ready(_) -> bool:
    return READY


def ready_at_niceness(_) -> int | None:
    return READY_AT_NICENESS


def slow_to_exit() -> None:
    """Makes the worker it runs in take a second to exit, as one that loaded a model takes a moment."""
    multiprocessing.util.Finalize(None, time.sleep, args=(1.0,), exitpriority=1)


def test_leaving_a_pool_does_not_wait_for_its_workers_to_exit():
    others = set(multiprocessing.active_children())
    with WorkerPool(2, slow_to_exit) as pool:
        assert pool(square, range(4)) == [0, 1, 4, 9]
        leaving = time.monotonic()
    assert time.monotonic() - leaving < 0.5
    workers_left = set(multiprocessing.active_children()) - others
    assert workers_left  # still exiting
    # Their sentinels, not their exit codes: after the e2e tests SIGCHLD is ignored in this process, and exit codes read None.
    running, deadline = [worker.sentinel for worker in workers_left], time.monotonic() + 10
    while running and time.monotonic() < deadline:
        for ended in multiprocessing.connection.wait(running, timeout=deadline - time.monotonic()):
            running.remove(ended)
    assert not running


def test_every_worker_gets_ready_before_its_first_task():
    with WorkerPool(2, get_ready) as pool:
        assert pool(was_ready, range(6)) == [True] * 6


def test_results_come_back_in_order_from_every_worker():
    with WorkerPool(2) as pool:
        assert list(pool.imap(square, range(40), chunksize=3)) == [value * value for value in range(40)]
        assert pool.processes == 2


def test_one_process_takes_the_values_lazily_without_starting_workers():
    taken = []

    def values():
        for value in range(5):
            taken.append(value)
            yield value

    with WorkerPool(1) as pool:
        results = pool.imap(square, values())
        assert next(results) == 0 and taken == [0]


def test_work_left_by_dead_workers_is_finished_in_this_process(caplog):
    with WorkerPool(2) as pool:
        assert pool(square_unless_a_worker, range(12)) == [value * value for value in range(12)]
        assert pool.processes == 1
    assert "worker processes failed" in caplog.text


def niceness(_) -> int:
    return os.nice(0)


def test_workers_started_ahead_are_taken_over_by_the_pool_of_their_name_and_size():
    with started_ahead("readers", 2, get_ready):
        with WorkerPool(2, name="readers") as pool:
            # Ready without an initializer of this pool's own: these are the workers started ahead.
            assert pool(was_ready, range(4)) == [True] * 4
        with WorkerPool(2, name="readers") as pool:  # taken over once: a later pool starts its own
            assert pool(was_ready, range(4)) == [False] * 4


def test_workers_started_ahead_and_not_taken_over_are_not_left_for_a_later_pool():
    with started_ahead("readers", 2, get_ready):
        pass
    with WorkerPool(2, name="readers") as pool:
        assert pool(was_ready, range(4)) == [False] * 4


def test_workers_started_ahead_get_ready_at_a_lower_priority_and_work_at_this_process_priority():
    # A whole worker at the lower priority could not raise it again: its work would wait for any other busy process.
    with started_ahead("readers", 2, get_ready), WorkerPool(2, name="readers") as pool:
        assert set(pool(ready_at_niceness, range(4))) == {min(19, os.nice(0) + AHEAD_NICENESS)}
        assert set(pool(niceness, range(4))) == {os.nice(0)}


def test_workers_started_ahead_that_fail_to_get_ready_leave_the_work_to_this_process(caplog):
    with started_ahead("readers", 2, failing_to_get_ready), WorkerPool(2, name="readers") as pool:
        assert pool(square, range(6)) == [value * value for value in range(6)]
        assert pool.processes == 1
    assert "worker processes failed" in caplog.text

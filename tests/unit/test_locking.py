"""One writer per warehouse: the lock a build holds, what a second build sees, and that it dies with its holder."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from pipelines.core.locking import WarehouseBusy, describe_holder, is_locked, process_alive, process_start_marker, warehouse_lock


def hold_in_another_process(warehouse_dir, run_id="run-a") -> subprocess.Popen:
    """A process that takes the lock, says so on stdout, and holds it until killed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from pipelines.core.locking import warehouse_lock\n"
            f"with warehouse_lock({str(warehouse_dir)!r}, run_id={run_id!r}):\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(600)\n"
        )],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_writer_is_refused_at_once_without_waiting(tmp_path):
    holder = hold_in_another_process(tmp_path)
    try:
        assert is_locked(tmp_path)
        with pytest.raises(WarehouseBusy, match=f"run run-a \\(process {holder.pid} on "):
            with warehouse_lock(tmp_path, wait=False):
                pytest.fail("two writers at once")
    finally:
        holder.kill()
        holder.wait()


def test_a_second_writer_waits_says_for_whom_and_goes_on_when_the_first_is_done(tmp_path):
    holder = hold_in_another_process(tmp_path)
    waiting_for = []
    threading.Timer(1.0, holder.kill).start()  # the first build ends (here: dies) a second later
    started = time.monotonic()
    with warehouse_lock(tmp_path, run_id="run-b", on_wait=waiting_for.append):
        assert time.monotonic() - started >= 0.9
        assert "run run-b" in describe_holder(tmp_path)
    holder.wait()
    assert waiting_for and waiting_for[0].startswith("run run-a")
    assert not is_locked(tmp_path)


def test_a_killed_holder_leaves_the_warehouse_unlocked(tmp_path):
    holder = hold_in_another_process(tmp_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert not is_locked(tmp_path)
    with warehouse_lock(tmp_path, wait=False):
        assert is_locked(tmp_path)


def test_a_waiting_writer_stops_when_told_to(tmp_path):
    holder = hold_in_another_process(tmp_path)
    try:
        with pytest.raises(WarehouseBusy, match="stopped while waiting"):
            with warehouse_lock(tmp_path, should_stop=lambda: True):
                pytest.fail("took a held lock")
    finally:
        holder.kill()
        holder.wait()


def test_a_process_is_told_apart_from_a_later_one_with_the_same_pid():
    me = os.getpid()
    assert process_alive(me, process_start_marker(me))
    assert not process_alive(me, "not-my-start-time")
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert not process_alive(finished.pid, None)

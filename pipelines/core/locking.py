"""One writer per warehouse: an OS file lock on WAREHOUSE_DIR, held for a whole build.

`flock` on `<warehouse>/.lock` is released by the kernel when its holder's
process dies, however it dies, so a killed build never leaves the warehouse
locked. The holder writes who it is into the file (process, host, run, since
when), so a build that has to wait can say what it waits for.

The lock guards writers only: readers of `warehouse.duckdb` never take it and
never block a build (the file is swapped in with a rename).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

LOCK_NAME = ".lock"
POLL_SECONDS = 0.5


class WarehouseBusy(RuntimeError):
    """Another build holds the warehouse lock and the caller chose not to wait."""


def lock_path(warehouse_dir: Path) -> Path:
    return Path(warehouse_dir) / LOCK_NAME


def describe_holder(warehouse_dir: Path) -> str:
    """Who holds (or last held) the lock, as written into the lock file."""
    try:
        holder = json.loads(lock_path(warehouse_dir).read_text() or "{}")
    except (OSError, ValueError):
        holder = {}
    if not holder:
        return "another build"
    run = f"run {holder['run_id']}" if holder.get("run_id") else "a build"
    return f"{run} (process {holder.get('pid')} on {holder.get('host')}, since {holder.get('since')})"


def is_locked(warehouse_dir: Path) -> bool:
    """Whether some process holds the warehouse lock right now."""
    path = lock_path(warehouse_dir)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's own shared lock
    return False


@contextmanager
def warehouse_lock(
    warehouse_dir: Path,
    *,
    wait: bool = True,
    run_id: str | None = None,
    on_wait: Callable[[str], None] = lambda holder: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> Iterator[None]:
    """Hold the warehouse's write lock for the duration of the `with` block.

    When another process holds it: raise WarehouseBusy at once if not `wait`,
    else call `on_wait` with a description of the holder and wait, polling, for
    as long as `should_stop` says no (then WarehouseBusy too).
    """
    warehouse_dir = Path(warehouse_dir)
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    # O_CLOEXEC: processes the build starts must not inherit (and so keep) the lock.
    fd = os.open(lock_path(warehouse_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        if not _try_lock(fd):
            holder = describe_holder(warehouse_dir)
            if not wait:
                raise WarehouseBusy(f"{warehouse_dir} is being written by {holder}; not waiting")
            on_wait(holder)
            while not _try_lock(fd):
                if should_stop():
                    raise WarehouseBusy(f"stopped while waiting for {holder} to finish writing {warehouse_dir}")
                time.sleep(POLL_SECONDS)
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "run_id": run_id,
            "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def process_start_marker(pid: int) -> str | None:
    """What tells this process apart from a later one given the same pid (Linux: its start time), if known."""
    fields = _proc_stat_fields(pid)
    return fields[19] if fields else None  # field 22 of /proc/<pid>/stat, starttime


def process_alive(pid: int, start_marker: str | None) -> bool:
    """Whether process `pid` still runs and is the one that had `start_marker` (None: any process with that pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by another user
    fields = _proc_stat_fields(pid)
    if fields is None:
        return True  # no /proc to tell more: the pid exists
    return fields[0] != "Z" and (start_marker is None or fields[19] == start_marker)


def _proc_stat_fields(pid: int) -> list[str] | None:
    """Fields 3 onwards of /proc/<pid>/stat (state, ppid, ...), or None without /proc."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: fields resume after the last ")".
    return stat_line.rsplit(")", 1)[1].split()

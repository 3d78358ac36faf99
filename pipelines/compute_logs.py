"""The compute log manager named in `dagster.yaml`: Dagster's local one, mirrored by a thread instead of processes.

Dagster's `LocalComputeLogManager` captures what a step process writes to
stdout and stderr into files the UI shows, and mirrors those files back to the
terminal with a `tail -F` and a Python watcher process per stream: four
processes for every process that runs steps, about 45 MB beside the two
parsing steps of a cold build and a Python start each. This one captures into
the same files, in the same place, and copies what they gain to the terminal
from a thread of the capturing process itself, which also cannot outlive it.
"""

from __future__ import annotations

import io
import os
import sys
import threading
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from typing import BinaryIO, TextIO

from dagster import Field, StringSource
from dagster._core.execution.compute_logs import redirect_to_file
from dagster._core.storage.compute_log_manager import CapturedLogContext, ComputeIOType
from dagster._core.storage.local_compute_log_manager import IO_TYPE_EXTENSION, LocalComputeLogManager
from dagster._serdes import ConfigurableClassData
from dagster._utils import ensure_file, touch_file

# How often the mirroring thread looks for new output: a terminal a quarter of a second behind is fine.
MIRROR_POLL_SECONDS = 0.25


class ThreadMirroredComputeLogManager(LocalComputeLogManager):
    """Compute logs under `base_dir` (default: `$DAGSTER_HOME/storage`, where Dagster keeps them)."""

    @classmethod
    def config_type(cls):
        return {**super().config_type(), "base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value) -> ThreadMirroredComputeLogManager:
        # An instance opened by path (`DagsterInstance.from_config`) without DAGSTER_HOME only reads
        # run records; it never captures, so its base_dir is never used.
        default = os.path.join(os.environ.get("DAGSTER_HOME", os.getcwd()), "storage")
        return cls(inst_data=inst_data, **{"base_dir": default, **config_value})

    @contextmanager
    def capture_logs(self, log_key: Sequence[str]) -> Generator[CapturedLogContext, None, None]:
        outpath = self.get_captured_local_path(log_key, IO_TYPE_EXTENSION[ComputeIOType.STDOUT])
        errpath = self.get_captured_local_path(log_key, IO_TYPE_EXTENSION[ComputeIOType.STDERR])
        with mirrored_to_file(sys.stdout, outpath), mirrored_to_file(sys.stderr, errpath):
            yield CapturedLogContext(log_key)
        touch_file(self.complete_artifact_path(log_key))  # as Dagster's: the capture is complete


@contextmanager
def mirrored_to_file(stream: TextIO, path: str) -> Generator[None, None, None]:
    """Send everything written to `stream`'s file descriptor (C libraries included) to `path`, and
    copy it from there to where the descriptor pointed before. The writers only ever write to a
    file, so they never wait on the copying thread."""
    ensure_file(path)
    original = _fileno(stream)
    if original is None:  # replaced by an object without a descriptor (a test's capture): nothing to redirect
        with redirect_to_file(stream, path):
            yield
        return
    terminal, stop = os.dup(original), threading.Event()
    with open(path, "rb") as source:
        source.seek(0, os.SEEK_END)  # only what this capture adds: the file may hold an earlier one's output
        copier = threading.Thread(target=_copy_growth, args=(source, terminal, stop), name=f"mirror {path}", daemon=True)
        copier.start()
        try:
            with redirect_to_file(stream, path):
                yield
        finally:
            stop.set()  # once the redirection is undone and flushed: the copier's last look sees everything
            copier.join()
            os.close(terminal)


def _copy_growth(source: BinaryIO, terminal: int, stop: threading.Event) -> None:
    writable = True
    while True:
        last_look = stop.wait(MIRROR_POLL_SECONDS)
        while chunk := source.read(1 << 16):
            writable = writable and _write_all(terminal, chunk)
        if last_look:
            return


def _write_all(fd: int, data: bytes) -> bool:
    """Write `data` to `fd`; False when it cannot take output any more (a closed pipe)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError:
        return False
    return True


def _fileno(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None

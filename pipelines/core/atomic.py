"""Files replaced in one rename: a reader or a crash never sees half a write.

Apart from `store` so that code needing only this (the gazetteer cache, the
report) does not make the store part of what it depends on (`code_version`).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

TEMP_MARK = ".tmp-"


class atomic_path:
    """Context manager giving a temporary sibling path that replaces `target` on success only."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.temp = self.target.with_name(f"{self.target.name}{TEMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")

    def __enter__(self) -> Path:
        return self.temp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.temp.unlink(missing_ok=True)
            return
        _fsync(self.temp)
        os.replace(self.temp, self.target)
        _fsync(self.target.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporaries(folder: Path) -> list[Path]:
    """Temporary files under `folder` (half-written tables, databases, stamps and their DuckDB logs)."""
    return sorted(Path(folder).rglob(f"*{TEMP_MARK}*")) if Path(folder).exists() else []


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete every temporary file under `folder`: left by killed runs.

    Only safe while holding the warehouse lock (`locking.warehouse_lock`): then no other run is writing.
    """
    removed = []
    for path in temporaries(folder):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed

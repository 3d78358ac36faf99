"""Walking the input folder, and a cheap fingerprint of it: what the new-files sensor compares between ticks."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path


def folder_fingerprint(folder: str) -> tuple[str, int]:
    """Hash of every file's path, size, modification and change times under `folder`, and the file count.

    Cheap (no file is read), and any added, removed, renamed or edited file changes it, as does
    a new owner or mode (the change time cannot be set back).
    """
    digest = hashlib.sha256()
    count = 0
    for entry in _entries(folder):
        digest.update(entry)
        count += 1
    return digest.hexdigest()[:20], count


def folder_listing(folder: str) -> set[str]:
    """One short hash per file (its path, size and times): two listings differ by the files changed."""
    return {hashlib.sha256(entry).hexdigest()[:16] for entry in _entries(folder)}


def _entries(folder: str) -> Iterator[bytes]:
    for parent, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(parent, name)
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue
            # fsencode: a file name that is not UTF-8 must not stop the sensor.
            times = f"\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\n"
            yield os.fsencode(os.path.relpath(path, folder)) + times.encode()


def walk_entries(root: Path, on_error=None) -> Iterator[Path]:
    """Every entry that is not a directory, in a stable order; symlinked folders are listed, not entered.

    `on_error` gets the OSError of each folder that cannot be listed.
    """
    for folder, name in _walk(root, on_error):
        yield Path(folder) / name


def source_paths(root: Path) -> Iterator[str]:
    """`source_path` of each entry `walk_entries` gives, without a Path object per file (a check lists them all)."""
    top = os.fspath(root)
    for folder, name in _walk(root):
        parent = os.path.relpath(folder, top)
        relative = name if parent == os.curdir else f"{parent}/{name}"
        yield os.fsencode(relative).decode("utf-8", errors="backslashreplace")


def _walk(root: Path, on_error=None) -> Iterator[tuple[str, str]]:
    for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=on_error):
        dirnames.sort()
        linked_dirs = [d for d in dirnames if os.path.islink(os.path.join(folder, d))]
        for name in sorted(filenames + linked_dirs):
            yield folder, name


def source_path(root: Path, path: Path) -> str:
    """How a file under `root` is named in `source_files`: relative, "/"-separated, valid UTF-8.

    A name that is not UTF-8 shows its raw bytes as `\\xNN` escapes.
    """
    relative = Path(path).relative_to(root).as_posix()
    return os.fsencode(relative).decode("utf-8", errors="backslashreplace")

"""Walking the input folder, and a cheap fingerprint of it: what the new-files sensor compares between ticks."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple


def folder_fingerprint(folder: str) -> tuple[str, int]:
    """Hash of every file's path, size, modification and change times under `folder`, and the file count.

    Cheap (no file is read), and any added, removed, renamed or edited file changes it, as does
    a new owner or mode (the change time cannot be set back).
    """
    return _fingerprint(_entries(folder))


def folder_listing(folder: str) -> set[str]:
    """One short hash per file (its path, size and times): two listings differ by the files changed."""
    return _listing(_entries(folder))


def folder_listing_and_fingerprint(folder: str) -> tuple[set[str], tuple[str, int]]:
    """`folder_listing` and `folder_fingerprint` from one walk (each walk stats every file)."""
    entries = list(_entries(folder))
    return _listing(entries), _fingerprint(entries)


def _fingerprint(entries: Iterable[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    count = 0
    for entry in entries:
        digest.update(entry)
        count += 1
    return digest.hexdigest()[:20], count


def _listing(entries: Iterable[bytes]) -> set[str]:
    return {hashlib.sha256(entry).hexdigest()[:16] for entry in entries}


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


class Entry(NamedTuple):
    """A file (or other entry that is not a folder) under the walked folder."""

    path: str  # as the file system names it
    source_path: str  # how `source_files` names it (see `source_path`)


def walk_entries(root: Path, on_error=None) -> Iterator[Entry]:
    """Every entry that is not a directory, in a stable order; symlinked folders are listed, not entered.

    `on_error` gets the OSError of each folder that cannot be listed.
    """
    top = os.fspath(root)
    for folder, names in _walk(root, on_error):
        parent = os.path.relpath(folder, top)
        prefix = "" if parent == os.curdir else f"{parent}/"
        for name in names:
            relative = prefix + name
            # Built from strings, not Path objects: a scan walks every file of the folder on every run.
            named = relative if relative.isascii() else os.fsencode(relative).decode("utf-8", errors="backslashreplace")
            yield Entry(os.path.join(folder, name), named)


def source_paths(root: Path) -> Iterator[str]:
    """`source_path` of each entry `walk_entries` gives (a check lists them all)."""
    return (entry.source_path for entry in walk_entries(root))


def _walk(root: Path, on_error=None) -> Iterator[tuple[str, list[str]]]:
    for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=on_error):
        dirnames.sort()
        linked_dirs = [d for d in dirnames if os.path.islink(os.path.join(folder, d))]
        yield folder, sorted(filenames + linked_dirs)


def source_path(root: Path, path: Path) -> str:
    """How a file under `root` is named in `source_files`: relative, "/"-separated, valid UTF-8.

    A name that is not UTF-8 shows its raw bytes as `\\xNN` escapes.
    """
    relative = Path(path).relative_to(root).as_posix()
    return os.fsencode(relative).decode("utf-8", errors="backslashreplace")

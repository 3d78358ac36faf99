"""A cheap fingerprint of the input folder: what the new-files sensor compares between ticks."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator


def folder_fingerprint(folder: str) -> tuple[str, int]:
    """Hash of every file's path, size and modification time under `folder`, and the file count.

    Cheap (no file is read), and any added, removed, renamed or edited file changes it.
    """
    digest = hashlib.sha256()
    count = 0
    for entry in _entries(folder):
        digest.update(entry)
        count += 1
    return digest.hexdigest()[:20], count


def folder_listing(folder: str) -> set[str]:
    """One short hash per file (its path, size and modification time): two listings differ by the files changed."""
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
            yield os.fsencode(os.path.relpath(path, folder)) + f"\0{info.st_size}\0{info.st_mtime_ns}\n".encode()

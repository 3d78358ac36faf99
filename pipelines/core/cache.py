"""Where data derived from the installed packages and code, not from the articles, is kept between runs.

The gazetteer (`places`) and the report's country outlines (`report.outlines`)
take seconds to make, an uncompressed copy of the language model (`language`)
is read in a fraction of the time its shipped file takes, and the imports of
each project module (`code_version`) spare every build parsing them; all come
out the same for the same code and packages, so they are made once per machine
and shared by every warehouse built on it. One folder per user: `CACHE_ENV`,
else `$XDG_CACHE_HOME/news-warehouse`, else `~/.cache/news-warehouse`. Each file
is named by a digest of what it is made from, so a new version is made beside
an old one (the imports file instead keeps each module's version in its entry);
anything here may be deleted.
"""

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pipelines.core.atomic import TEMP_MARK

CACHE_ENV = "NEWS_WAREHOUSE_CACHE"
# Held by the process making a cache file (see `one_maker`); never removed.
MAKING_LOCK = ".making.lock"
T = TypeVar("T")


def cache_folder() -> Path:
    """The folder the caches are kept in (created by whoever writes there first)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(os.environ.get(CACHE_ENV) or os.path.join(home, "news-warehouse"))


def remove_other_versions(kept: Path, pattern: str) -> None:
    """Delete the files matching `pattern` beside `kept`, except `kept`: made by other versions, they are
    never read again. Temporaries (another process writing its copy) are left alone."""
    for other in kept.parent.glob(pattern):
        if other != kept and TEMP_MARK not in other.name:
            other.unlink(missing_ok=True)


@contextmanager
def one_maker(folder: Path) -> Iterator[None]:
    """Held while making a cache file in `folder`: another process making one waits until it is
    released, then finds the file made. The parsing batches of a first build start at once, and
    each making the gazetteer for itself cost their time and memory twice. Where the lock cannot
    be taken (a folder that cannot be written), it is not held: each process makes its own."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / MAKING_LOCK, "a")
    except OSError:
        handle = None
    if handle is None:
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # released when the file is closed
        yield


def read_or_make(folder: Path, read: Callable[[], T | None], make: Callable[[], T]) -> T:
    """What `read()` finds in the cache `folder`, or else what `make()` returns (making the cache file
    there), with one maker at a time (`one_maker`): a process that waited for another reads what that
    one made instead of making it again. `read` returns None for a file missing or damaged."""
    if (found := read()) is not None:
        return found
    with one_maker(folder):
        if (found := read()) is not None:  # made by another process while this one waited
            return found
        return make()

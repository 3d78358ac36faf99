"""What the last successful build ran on and the input files it saw, kept to size up the next run.

The run's executor (`pipelines.executors`) records it after each successful build and reads it
before the next: a run with few files changed since runs its steps in its own process, and one
with enough new documents to parse on every core starts the parsing workers with the run. The
command line reads it too, before Dagster is even imported, to start those workers earlier still.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipelines.core.atomic import atomic_path
from pipelines.core.batches import MIN_DOCUMENTS_PER_BATCH, SHARED_FROM
from pipelines.core.folder import folder_fingerprint, folder_listing, folder_listing_and_fingerprint
from pipelines.core.store import DATABASE_NAME, build_fingerprint
from pipelines.core.workers import cores

# Under WAREHOUSE_DIR: what the last successful build ran on (the executor's digest of the code,
# the model and the run's settings) and the files it saw.
BUILD_STATE_FILE = ".last_build.json"
# At most this many changed files (an edit counts twice) run in one process: they are one annotation batch anyway.
SMALL_RUN_FILES = MIN_DOCUMENTS_PER_BATCH
EXECUTOR_ENV_VAR = "NEWS_WAREHOUSE_EXECUTOR"
# By input folder: the listing and the fingerprint the command line took moments before starting its run
# (`list_before_the_run`), each taken over once by the run, in this process.
_listed_before_the_run: dict[str, set[str]] = {}
_fingerprinted_before_the_run: dict[str, tuple[str, int]] = {}


def executor_name() -> str:
    """`NEWS_WAREHOUSE_EXECUTOR`: what runs a build's steps, `multiprocess` (the default), `celery` or `in_process`."""
    return os.environ.get(EXECUTOR_ENV_VAR, "").strip() or "multiprocess"


def list_before_the_run(seeds_dir: str | Path) -> set[str]:
    """The input files (`input_files`), listed by a command about to start a run in this process: the
    run takes this listing over instead of walking the folder again (a second at 100,000 files), and
    its scan the folder's fingerprint (`input_fingerprint`), taken in the same walk."""
    if not Path(seeds_dir).is_dir():
        return set()
    files, fingerprint = folder_listing_and_fingerprint(str(seeds_dir))
    _listed_before_the_run[str(seeds_dir)] = files
    _fingerprinted_before_the_run[str(seeds_dir)] = fingerprint
    return files


def forget_the_listing_before_the_run() -> None:
    """Drop what `list_before_the_run` took and its run did not take over: the run is over."""
    _listed_before_the_run.clear()
    _fingerprinted_before_the_run.clear()


def input_files(seeds_dir: str | Path) -> set[str]:
    """The files in the input folder as `folder.folder_listing` lists them: now, or as the command that
    started this run listed them just before (`list_before_the_run`). A file changed in between counts
    as changed once more at the next build: the scan, not this listing, decides what is read."""
    listed = _listed_before_the_run.pop(str(seeds_dir), None)
    return listed if listed is not None else _listing(seeds_dir)


def input_fingerprint(seeds_dir: str | Path) -> tuple[str, int]:
    """`folder.folder_fingerprint` of the input folder: now, or as the command that started this run took
    it just before (`list_before_the_run`). Either way it is taken before the scan reads any file, so
    a file changed since is a change the sensor and the next scan still see."""
    taken = _fingerprinted_before_the_run.pop(str(seeds_dir), None)
    return taken if taken is not None else folder_fingerprint(str(seeds_dir))


def _listing(seeds_dir: str | Path) -> set[str]:
    return folder_listing(str(seeds_dir)) if Path(seeds_dir).is_dir() else set()


def files_changed_since_last_build(warehouse_dir: str | Path, files: set[str], state: str | None = None) -> int | None:
    """Input files added, removed or edited since the last successful build (`files` as `folder.folder_listing` lists them).

    None when there is no such build, or the warehouse it published is no longer the one there, or
    (given a `state`) it ran on another state.
    """
    try:
        recorded = json.loads((Path(warehouse_dir) / BUILD_STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or (state is not None and recorded.get("state") != state):
        return None
    if recorded.get("database") != build_fingerprint(Path(warehouse_dir) / DATABASE_NAME):
        return None
    return len(files.symmetric_difference(recorded.get("files", ())))


def record_build_state(warehouse_dir: str | Path, state: str, files: set[str]) -> None:
    database = build_fingerprint(Path(warehouse_dir) / DATABASE_NAME)
    with atomic_path(Path(warehouse_dir) / BUILD_STATE_FILE) as temp:
        temp.write_text(json.dumps({"state": state, "database": database, "files": sorted(files)}))


def runs_in_one_process(changed: int | None) -> bool:
    """Whether a run with `changed` files changed since the last build (on the same state) runs its steps in one process."""
    return changed is not None and changed <= SMALL_RUN_FILES


def parses_on_every_core(changed: int | None) -> bool:
    """Whether such a run's new documents are one batch parsed on every core (`batches.share_cores`)."""
    return runs_in_one_process(changed) and changed >= SHARED_FROM and cores() > 1

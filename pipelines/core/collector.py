"""Python's cycle collector, paced for a process that runs a whole build's steps one after the other.

By default the collector looks at the newest objects every 700 allocations and
at every object once the heap has grown by a quarter. A build's steps turn
tables into Python objects by the hundred thousand (mention kinds, rows of
figures, report data), and the process already holds Dagster and the
definitions, so at that pace it spends seconds
scanning objects that are not garbage: about a tenth of a small run, in the
process that runs it. `paced_for_tables` makes it look every
`YOUNG_GENERATION_THRESHOLD` allocations instead and leaves what the process
holds before the run out of its scans (`gc.freeze`); cycles are still freed,
only in fewer, larger collections.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_GENERATION_THRESHOLD = 50_000


@contextmanager
def paced_for_tables() -> Iterator[None]:
    """Collect less often, and never scan what is loaded when the block starts, until it ends.

    Inside another such block it only leaves what was loaded since out of the scans too.
    """
    thresholds = gc.get_threshold()
    outermost = thresholds[0] < YOUNG_GENERATION_THRESHOLD
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if outermost:
            gc.unfreeze()

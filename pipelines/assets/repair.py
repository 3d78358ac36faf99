"""Whether a stored table can be reused as it is, saying so when it is damaged rather than merely stale."""

import dagster as dg
import pyarrow as pa

from pipelines.core.store import ParquetStore


def is_current(context: dg.OpExecutionContext, store: ParquetStore, name: str, schema: pa.Schema, inputs: str) -> bool:
    """The stored table was derived from `inputs` and is intact; a damaged one gets a warning naming it.

    A step that gets False rebuilds the table from what it derives from.
    """
    problem = store.check(name, schema)
    if problem is not None and (store.exists(name) or store.published_before()):
        log = context.log.info if problem.outdated else context.log.warning
        log(f"{store.path(name)} {problem}: rebuilding it from its inputs")
    return problem is None and store.stored_inputs(name) == inputs

"""Asset checks: what must hold before data flows on to the warehouse.

The checks of one asset run as one step (`multi_asset_check`): each step is a
process, and reads the tables it checks, so one per asset rather than one per
check keeps a small run small. A check over tables whose rows (their recorded
fingerprints) and whose code did not change since its last evaluation gives
that evaluation's result again instead of scanning the corpus: the same rows
and rules give the same answer, and the steps that wrote the tables have
already checked that each file still holds the rows its fingerprint says.
The checks on `warehouse.duckdb` itself run inside its asset, on the new file
before it is swapped in (`pipelines.core.publish_checks`). In a small run,
whose steps share one process, the step that writes an asset's last checked
table may begin its checks on a thread (`begin_checks_ahead`); the check step
takes that evaluation when the tables are still the ones it began from.
"""

import functools
import hashlib
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import dagster as dg
import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus

from pipelines.core import schemas
from pipelines.core.code_version import code_digest
from pipelines.core.folder import source_paths
from pipelines.core.settings import SQL_DIR
from pipelines.core.store import begin_ahead, taken_ahead
from pipelines.resources import WarehouseResource


def _query(
    warehouse: WarehouseResource,
    table: str,
    sql: str,
    also: dict[str, pa.Schema] | None = None,
    parameters: list | None = None,
) -> list[tuple]:
    """Run `sql` over a stored table exposed as `t` (and the tables in `also` under their own names)."""
    with duckdb.connect() as connection:
        warehouse.store.expose(connection, table, schemas.PUBLIC_TABLES[table], as_name="t")
        for name, schema in (also or {}).items():
            warehouse.store.expose(connection, name, schema)
        return connection.execute(sql, parameters or []).fetchall()


# Result metadata: the digest of the tables and code a check ran on, whether its result was carried over,
# and whether it was evaluated ahead of its step (`begin_checks_ahead`).
INPUTS_KEY = "checked_inputs"
CARRIED_OVER_KEY = "carried_over_from_run"
EVALUATED_AHEAD_KEY = "evaluated_ahead"


@dataclass(frozen=True)
class _AssetChecks:
    """The checks of one asset, evaluated together in one step over the stored `tables`."""

    specs: list[dg.AssetCheckSpec]
    tables: list[str]
    evaluate: Callable[[WarehouseResource], Iterable[dg.AssetCheckResult]]


def _checked_once(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, checks: _AssetChecks) -> Iterator[dg.AssetCheckResult]:
    """The checks' results: those of their last evaluation when their tables and code are as then, else
    those evaluated ahead from these very tables (`begin_checks_ahead`), else evaluated now."""
    digest = _inputs_digest(warehouse, checks)
    ahead = taken_ahead(_ahead_name(checks), digest)
    carried = [last_evaluation(context, spec.key) for spec in checks.specs]
    if all(e is not None and e[1].metadata.get(INPUTS_KEY) == dg.MetadataValue.text(digest) for e in carried):
        for spec, (run_id, evaluation) in zip(checks.specs, carried):
            metadata = {**evaluation.metadata, CARRIED_OVER_KEY: run_id}
            yield _result(spec, evaluation.passed, metadata)
        return
    for result in ahead.result() if ahead is not None else checks.evaluate(warehouse):
        metadata = {**result.metadata, INPUTS_KEY: dg.MetadataValue.text(digest), EVALUATED_AHEAD_KEY: ahead is not None}
        yield result._replace(metadata=metadata)


def begin_checks_ahead(warehouse: WarehouseResource, asset: str) -> None:
    """Evaluate the checks of `asset` on a thread (`store.begin_ahead`) once the step that wrote its last
    checked table is done, for its check step to take if those tables are still the same then. In a
    small run, whose steps share one process, check steps run after the steps that make tables
    (`CHECK_STEP_TAGS`), so the evaluation overlaps them instead of adding to the run."""
    checks = _CHECKS[asset]
    begin_ahead(_ahead_name(checks), _inputs_digest(warehouse, checks), lambda: list(checks.evaluate(warehouse)))


def _inputs_digest(warehouse: WarehouseResource, checks: _AssetChecks) -> str:
    """The digest of what the checks read: their tables' fingerprints and the checks' code."""
    parts = [*(f"{t}={warehouse.store.stored_fingerprint(t)}" for t in checks.tables), _checks_code()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _ahead_name(checks: _AssetChecks) -> str:
    return f"checks of {checks.specs[0].asset_key.to_user_string()}"


# When a check step and a step that makes tables are both ready, the latter runs first: a small run's
# steps run one at a time, and checks begun ahead (`begin_checks_ahead`) are done by then.
CHECK_STEP_TAGS = {"dagster/priority": "-1"}


def last_evaluation(context: dg.OpExecutionContext, key: dg.AssetCheckKey):
    """(run id, evaluation) of the check's last evaluation that finished in an earlier run, or None.

    Runs that only planned it (killed, or stopped by a failure upstream) are passed over.
    """
    history = context.instance.event_log_storage.get_asset_check_execution_history(key, limit=20)
    for record in history:
        if record.run_id != context.run.run_id and record.status in _FINISHED:
            return record.run_id, record.evaluation
    return None


_FINISHED = (AssetCheckExecutionRecordStatus.SUCCEEDED, AssetCheckExecutionRecordStatus.FAILED)


def _spec(asset: str, name: str, description: str, blocking: bool = False) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(name, asset=asset, blocking=blocking, description=description)


def _result(spec: dg.AssetCheckSpec, passed: bool, metadata: dict) -> dg.AssetCheckResult:
    # Non-blocking checks warn: what they find is worth a look, never a reason to stop.
    severity = dg.AssetCheckSeverity.ERROR if spec.blocking else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(
        asset_key=spec.asset_key, check_name=spec.name, passed=passed, severity=severity, metadata=metadata
    )


UNIQUE_DOC_IDS = _spec("documents", "documents_have_unique_ids", "Each doc_id appears once.", blocking=True)
DOCUMENT_BODIES = _spec(
    "documents",
    "documents_have_bodies",
    "Warns about documents with no body text: header lines only (live pages, galleries, "
    "videos). They keep their metadata and have no mentions, figures or dates.",
)


@dg.multi_asset_check(specs=[UNIQUE_DOC_IDS, DOCUMENT_BODIES], op_tags=CHECK_STEP_TAGS)
def documents_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _checked_once(context, warehouse, _CHECKS["documents"])


def _documents(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    duplicated = _query(warehouse, "documents", "SELECT doc_id, count(*) FROM t GROUP BY doc_id HAVING count(*) > 1")
    yield _result(UNIQUE_DOC_IDS, not duplicated, {"duplicated_ids": len(duplicated)})
    # A regular expression stops at a body's first letter; trim() copies every body (ten times slower).
    empty = _query(warehouse, "documents", r"SELECT source_name FROM t WHERE NOT regexp_matches(body, '\S') ORDER BY 1")
    yield _result(DOCUMENT_BODIES, not empty, {"empty_bodies": len(empty), "examples": ", ".join(row[0] for row in empty[:10])})


@dg.asset_check(
    asset="source_files",
    op_tags=CHECK_STEP_TAGS,
    description="Every file now in the input folder has exactly one row (nothing skipped silently).",
)
def every_file_accounted_for(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    on_disk = set(source_paths(warehouse.seeds_path.resolve()))
    rows = _query(warehouse, "source_files", "SELECT source_path FROM t WHERE status <> 'missing'")
    listed = [row[0] for row in rows]
    unlisted = sorted(on_disk - set(listed))
    return dg.AssetCheckResult(
        passed=not unlisted and len(listed) == len(set(listed)),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"files_on_disk": len(on_disk), "rows": len(listed), "unlisted": ", ".join(unlisted[:20])},
    )


# Per checked table, the documents whose offsets passed, with the digests of their rows and fields then.
OFFSETS_CHECKED = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("rows_digest", pa.string(), nullable=False),
        pa.field("texts_digest", pa.string(), nullable=False),
    ]
)


@dataclass(frozen=True)
class OffsetsCheck:
    broken: list[str]  # "<doc_id> <field>[<start>:<end>] <text>" of each row that does not match
    documents_checked: int  # documents whose rows were read again: those whose rows or fields changed


# Each document's fields as one digest: made once per version of `documents`, for the three offsets checks.
TEXT_DIGESTS = "document_text_digests"
TEXT_DIGESTS_SCHEMA = pa.schema(
    [pa.field("doc_id", pa.string(), nullable=False), pa.field("texts_digest", pa.string(), nullable=False)]
)


def _text_digests(warehouse: WarehouseResource) -> pa.Table:
    """The digest of each document's fields (`text_digests.sql`): read when made from the `documents`
    stored now by this code, else made and kept, so the checks of one run hash the corpus's texts once."""
    store = warehouse.store
    inputs = f"documents={store.stored_fingerprint('documents')};{_checks_code()}"
    with _TEXT_DIGESTS_MADE:  # checks evaluated ahead, on a thread, make them once too
        if store.is_current(TEXT_DIGESTS, TEXT_DIGESTS_SCHEMA, inputs):
            return store.read(TEXT_DIGESTS, TEXT_DIGESTS_SCHEMA)
        with duckdb.connect() as connection:
            store.expose(connection, "documents", schemas.DOCUMENTS)
            digests = connection.execute(_checks_sql("text_digests")).to_arrow_table()
        store.write(TEXT_DIGESTS, digests, TEXT_DIGESTS_SCHEMA, inputs=inputs)
        return digests


_TEXT_DIGESTS_MADE = threading.Lock()


def _broken_offsets(warehouse: WarehouseResource, table: str) -> OffsetsCheck:
    """Rows whose `text` is not the slice of their document field they point at (or whose document is gone).

    Only documents whose rows or fields changed since they last passed are read again
    (`offset_digests.sql`): slicing every body for every row is most of a check's time on a large corpus.
    """
    store, checked = warehouse.store, f"{table}_offsets_checked"
    with duckdb.connect() as connection:
        store.expose(connection, table, schemas.PUBLIC_TABLES[table], as_name="every_row")
        store.expose(connection, "documents", schemas.DOCUMENTS)
        connection.execute("CREATE TEMP VIEW t AS SELECT * FROM every_row")
        connection.register("text_digests", _text_digests(warehouse))
        digests = connection.execute(_checks_sql("offset_digests")).to_arrow_table()
        # Passed under other checking code, or a file that cannot be trusted: every document is read again.
        trusted = store.is_current(checked, OFFSETS_CHECKED, _checks_code())
        connection.register("passed", store.read(checked, OFFSETS_CHECKED) if trusted else OFFSETS_CHECKED.empty_table())
        connection.register("digests", digests)
        todo = connection.execute("SELECT doc_id FROM digests ANTI JOIN passed USING (doc_id, rows_digest, texts_digest)").to_arrow_table()
        connection.register("todo", todo)
        connection.execute("CREATE OR REPLACE TEMP VIEW t AS SELECT * FROM every_row SEMI JOIN todo USING (doc_id)")
        rows = connection.execute(_checks_sql("broken_offsets")).fetchall()
    broken_documents = pa.array(sorted({row[0] for row in rows}), pa.string())
    passed = digests.filter(pc.and_(pc.invert(pc.is_in(digests["doc_id"], broken_documents)), pc.is_valid(digests["texts_digest"])))
    store.write(checked, passed, OFFSETS_CHECKED, inputs=_checks_code())
    return OffsetsCheck([f"{doc_id} {field}[{start}:{end}] {text!r}" for doc_id, field, start, end, text in rows], todo.num_rows)


def _checks_sql(name: str) -> str:
    return (SQL_DIR / "checks" / f"{name}.sql").read_text(encoding="utf-8")


def _offsets_spec(table: str) -> dg.AssetCheckSpec:
    return _spec(
        table,
        f"{table}_offsets_match_bodies",
        "`documents.<field>[start_char:end_char] == text` for every row (field: title, subtitle or body).",
        blocking=True,
    )


def _offsets_result(warehouse: WarehouseResource, table: str) -> dg.AssetCheckResult:
    check = _broken_offsets(warehouse, table)
    metadata = {"broken": len(check.broken), "examples": "; ".join(check.broken[:5]), "documents_checked": check.documents_checked}
    return _result(_offsets_spec(table), not check.broken, metadata)


MENTION_ENTITIES = _spec("entity_mentions", "mentions_point_at_entities", "Every mention points at an existing entity.", blocking=True)
DOCUMENT_ENTITIES = _spec(
    "entity_mentions",
    "documents_have_entities",
    "Warns about annotated documents in which no entity was found (often a decoding or header "
    "problem); documents skipped for their language are not counted.",
)


ENTITY_MENTIONS_CHECKS = [_offsets_spec("entity_mentions"), MENTION_ENTITIES, DOCUMENT_ENTITIES]


@dg.multi_asset_check(specs=ENTITY_MENTIONS_CHECKS, op_tags=CHECK_STEP_TAGS)
def entity_mentions_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _checked_once(context, warehouse, _CHECKS["entity_mentions"])


def _entity_mentions(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    yield _offsets_result(warehouse, "entity_mentions")
    orphans = _query(
        warehouse,
        "entity_mentions",
        "SELECT count(*) FROM t WHERE entity_id IS NULL OR entity_id NOT IN (SELECT entity_id FROM entities)",
        also={"entities": schemas.ENTITIES},
    )[0][0]
    yield _result(MENTION_ENTITIES, orphans == 0, {"orphan_mentions": orphans})
    empty = _query(
        warehouse,
        "entity_mentions",
        "SELECT d.source_name FROM documents d WHERE d.doc_id NOT IN (SELECT doc_id FROM t) "
        f"AND d.doc_id NOT IN (SELECT doc_id FROM annotation_status WHERE status = '{schemas.SKIPPED}') ORDER BY 1",
        also={"documents": schemas.DOCUMENTS, "annotation_status": schemas.ANNOTATION_STATUS},
    )
    yield _result(DOCUMENT_ENTITIES, not empty, {"documents_without_entities": len(empty), "examples": ", ".join(r[0] for r in empty[:10])})


WELL_FORMED_FIGURES = _spec(
    "figures",
    "figures_are_well_formed",
    "Bounds are ordered and consistent with the qualifier; qualifier and category are in the vocabulary.",
    blocking=True,
)


FIGURES_CHECKS = [_offsets_spec("figures"), WELL_FORMED_FIGURES]


@dg.multi_asset_check(specs=FIGURES_CHECKS, op_tags=CHECK_STEP_TAGS)
def figures_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _checked_once(context, warehouse, _CHECKS["figures"])


def _figures(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    yield _offsets_result(warehouse, "figures")
    vocabularies = [list(schemas.FIGURE_QUALIFIERS), list(schemas.FIGURE_CATEGORIES)]
    bad = _query(warehouse, "figures", _checks_sql("malformed_figures"), parameters=vocabularies)
    yield _result(WELL_FORMED_FIGURES, not bad, {"malformed": len(bad), "examples": "; ".join(f"{r[0]!r}: {r[1]}" for r in bad[:5])})


DATE_GRANULARITY = _spec("date_mentions", "date_granularity_in_vocabulary", "Granularity is day, month, year or decade.", blocking=True)


DATE_MENTIONS_CHECKS = [_offsets_spec("date_mentions"), DATE_GRANULARITY]


@dg.multi_asset_check(specs=DATE_MENTIONS_CHECKS, op_tags=CHECK_STEP_TAGS)
def date_mentions_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from _checked_once(context, warehouse, _CHECKS["date_mentions"])


def _date_mentions(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    yield _offsets_result(warehouse, "date_mentions")
    bad = _query(
        warehouse,
        "date_mentions",
        "SELECT count(*) FROM t WHERE granularity NOT IN ('day', 'month', 'year', 'decade') OR value IS NULL",
    )[0][0]
    yield _result(DATE_GRANULARITY, bad == 0, {"malformed": bad})


# The checks of each asset whose checks run as one step, by asset.
_CHECKS = {
    "documents": _AssetChecks([UNIQUE_DOC_IDS, DOCUMENT_BODIES], ["documents"], _documents),
    "entity_mentions": _AssetChecks(ENTITY_MENTIONS_CHECKS, ["entity_mentions", "entities", "documents", "annotation_status"], _entity_mentions),
    "figures": _AssetChecks(FIGURES_CHECKS, ["figures", "documents"], _figures),
    "date_mentions": _AssetChecks(DATE_MENTIONS_CHECKS, ["date_mentions", "documents"], _date_mentions),
}


@functools.cache
def _checks_code() -> str:
    """The checks' own code and SQL, with what they import: a change to any of it evaluates every check again."""
    return code_digest(sys.modules[__name__], *sorted((SQL_DIR / "checks").glob("*.sql")))

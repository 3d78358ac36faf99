"""Annotation results kept bucket by bucket, so batches can run anywhere in parallel (see `batches`).

Each bucket has one Parquet file per annotation table and a state file naming
the annotation key each of its documents was annotated with. A bucket is
brought up to date by annotating only the documents whose key changed
(`annotate`); one final step merges every bucket's files into the tables.
This is storage only: the rows are `annotate`'s, and changing this module
never changes an annotation key.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import language, schemas
from pipelines.core.batches import BucketFiles
from pipelines.core.schemas import ANNOTATION_TABLES, FAILED, SKIPPED
from pipelines.core.store import check_table, read_table, write_table

if TYPE_CHECKING:
    from pipelines.core.annotate import DocumentToAnnotate

ROW_ORDER = [("doc_id", "ascending"), ("field", "ascending"), ("start_char", "ascending"), ("end_char", "ascending")]
# What each bucket last annotated, and how it went; written after its results, so a killed run redoes the bucket.
STATE_TABLE = "annotation_state"
STATE = pa.schema([*schemas.ANNOTATION_STATUS, pa.field("annotation_key", pa.string(), nullable=False)])


@dataclass(frozen=True)
class BucketResult:
    bucket: int
    annotated: int
    reused: int
    failed: int
    tokens: int
    seconds: float
    skipped: int = 0


def annotate_bucket(
    files: BucketFiles,
    bucket: int,
    documents: list[DocumentToAnnotate],
    model_name: str,
    *,
    reannotate_all: bool = False,
    progress: Callable[[int], None] = lambda annotated: None,
) -> BucketResult:
    """Bring one bucket's result files up to date with `documents` (all of the bucket's documents).

    Rows of documents whose key is unchanged are kept; new or changed documents
    are parsed; rows of documents no longer present are dropped.
    """
    # A bucket with a damaged or missing file is annotated afresh rather than trusted.
    intact = not bucket_problems(files, {bucket})
    previous = read_state(files.path(STATE_TABLE, bucket)) if intact else STATE.empty_table()
    done = {} if reannotate_all else dict(zip(previous["doc_id"].to_pylist(), previous["annotation_key"].to_pylist()))
    todo = [document for document in documents if done.get(document.doc_id) != document.key]
    statuses: list[dict] = [
        {"doc_id": document.doc_id, "status": SKIPPED, "reason": reason, "chunks": 0, "tokens": 0}
        for document in todo
        if (reason := language.skip_reason(document.language)) is not None
    ]
    to_parse = [document for document in todo if language.skip_reason(document.language) is None]
    reused = pa.array(sorted(d.doc_id for d in documents if done.get(d.doc_id) == d.key), pa.string())
    rows: dict[str, list[dict]] = {table: [] for table in ANNOTATION_TABLES}
    started, tokens = time.monotonic(), 0
    if statuses:
        progress(len(statuses))
    # Imported here: planning and merging read the buckets' files only, and never import spaCy.
    from pipelines.core.annotate import annotate

    # Guarded so a bucket with nothing new to parse never loads the model.
    for count, result in enumerate(annotate(to_parse, model_name) if to_parse else [], start=len(statuses) + 1):
        for table in ANNOTATION_TABLES:
            rows[table] += result.rows[table]
        statuses.append(
            {"doc_id": result.doc_id, "status": result.status, "reason": result.reason, "chunks": result.chunks, "tokens": result.words}
        )
        tokens += result.words
        progress(count)
    for table, schema in ANNOTATION_TABLES.items():
        path = files.path(table, bucket)
        kept = read_table(path, schema) if intact and path.exists() else schema.empty_table()
        kept = kept.filter(pc.is_in(kept["doc_id"], reused))
        merged = pa.concat_tables([kept, pa.Table.from_pylist(rows[table], schema=schema)]).sort_by(ROW_ORDER)
        write_table(path, merged, schema)
    key_of = {document.doc_id: document.key for document in documents}
    kept_states = previous.filter(pc.is_in(previous["doc_id"], reused))
    new_states = pa.Table.from_pylist([row | {"annotation_key": key_of[row["doc_id"]]} for row in statuses], schema=STATE)
    write_table(files.path(STATE_TABLE, bucket), pa.concat_tables([kept_states, new_states]).sort_by("doc_id"), STATE)
    failed = sum(1 for row in statuses if row["status"] == FAILED)
    skipped = sum(1 for row in statuses if row["status"] == SKIPPED)
    return BucketResult(bucket, len(to_parse), len(reused), failed, tokens, time.monotonic() - started, skipped)


def read_states(files: BucketFiles) -> dict[str, str]:
    """Document -> annotation key, over every bucket whose files are intact (see `bucket_problems`)."""
    damaged = bucket_problems(files)
    done: dict[str, str] = {}
    for path in files.existing(STATE_TABLE):
        if _bucket_number(path) not in damaged:
            state = read_state(path)
            done.update(zip(state["doc_id"].to_pylist(), state["annotation_key"].to_pylist()))
    return done


def read_state(path: Path) -> pa.Table:
    """A bucket's state, checked (a state an earlier version wrote counts as damaged: its bucket is annotated again)."""
    return read_table(path, STATE) if path.exists() else STATE.empty_table()


def bucket_problems(files: BucketFiles, buckets: set[int] | None = None) -> dict[int, list[str]]:
    """Buckets (of `buckets`, default all that have files) with a damaged or missing file, and what is wrong."""
    tables = {**ANNOTATION_TABLES, STATE_TABLE: STATE}
    if buckets is None:
        buckets = {_bucket_number(path) for table in tables for path in files.existing(table)}
    problems: dict[int, list[str]] = {}
    for bucket in sorted(buckets):
        paths = {table: files.path(table, bucket) for table in tables}
        if not any(path.exists() for path in paths.values()):
            continue  # a bucket never written is not damaged
        for table, path in paths.items():
            if (problem := check_table(path, tables[table])) is not None:
                problems.setdefault(bucket, []).append(f"{path} {problem}")
    return problems


def _bucket_number(path: Path) -> int:
    return int(path.stem.removeprefix("bucket-"))


def merged_table(files: BucketFiles, table: str) -> pa.Table:
    """One table's rows from every bucket, in row order (`annotation_status` from the buckets' states)."""
    if table == "annotation_status":
        parts = [read_state(path).select(schemas.ANNOTATION_STATUS.names) for path in files.existing(STATE_TABLE)]
        schema, order = schemas.ANNOTATION_STATUS, [("doc_id", "ascending")]
    else:
        schema, order = ANNOTATION_TABLES[table], ROW_ORDER
        parts = [read_table(path, schema) for path in files.existing(table)]
    return pa.concat_tables(parts).cast(schema).sort_by(order) if parts else schema.empty_table()

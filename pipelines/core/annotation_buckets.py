"""Annotation results kept bucket by bucket, so batches can run anywhere in parallel (see `batches`).

Each bucket has one Parquet file per annotation table and a state file naming
the annotation key each of its documents was annotated with. A bucket is
brought up to date by annotating only the documents whose key changed
(`annotate`); one final step merges every bucket's files into the tables.
The documents to annotate in a batch's buckets go through the model as one
stream, on worker processes when the batch has cores to spare (a run of ~100
new documents is one batch, but need not parse on one core of two).
This is storage only: the rows are `annotate`'s, and changing this module
never changes an annotation key.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import annotation_keys, language, schemas, workers
from pipelines.core.batches import BucketFiles
from pipelines.core.schemas import ANNOTATION_TABLES, FAILED, SKIPPED
from pipelines.core.store import check_table, read_table, write_table

if TYPE_CHECKING:
    from pipelines.core.annotation_keys import Annotations, DocumentToAnnotate

ROW_ORDER = [("doc_id", "ascending"), ("field", "ascending"), ("start_char", "ascending"), ("end_char", "ascending")]
# What each bucket last annotated, and how it went; written after its results, so a killed run redoes the bucket.
STATE_TABLE = "annotation_state"
STATE = pa.schema([*schemas.ANNOTATION_STATUS, pa.field("annotation_key", pa.string(), nullable=False)])
# Name of the worker pool that parses (see `workers.started_ahead`).
_PARSERS = "parsers"
# Documents sent to a worker process at once: enough for a parse batch, few enough to share the work out evenly.
WORKER_CHUNK = 8


@dataclass(frozen=True)
class BucketResult:
    bucket: int
    annotated: int
    reused: int
    failed: int
    tokens: int
    seconds: float
    skipped: int = 0


def annotate_buckets(
    files: BucketFiles,
    buckets: Iterable[tuple[int, pa.Table]],
    model_name: str,
    *,
    planned: Collection[str] | None = None,
    reannotate_all: bool = False,
    pool: workers.WorkerPool | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> Iterator[BucketResult]:
    """Bring each bucket's result files up to date with its documents: `(bucket, its rows of the
    documents table)`, with the columns `annotation_keys.DOCUMENT_COLUMNS`.

    Rows of documents whose key is unchanged are kept; new or changed documents
    are parsed; rows of documents no longer present are dropped. `planned` are
    the documents a plan found new or changed: only they, and documents a
    bucket's state does not know, have their keys computed and compared (None:
    every document's). The documents to parse flow through the model as one
    stream, across buckets, on `pool`'s workers when it has several, and each
    bucket is written once its last document is back. `progress` gets the
    documents done so far.
    """
    pending: deque[tuple[_BucketWork, list[Annotations]]] = deque()
    done = 0

    def documents_to_parse() -> Iterator[DocumentToAnnotate]:
        nonlocal done
        for bucket, documents in buckets:
            work = _bucket_work(files, bucket, documents, model_name, planned, reannotate_all)
            pending.append((work, []))
            if work.statuses:
                done += len(work.statuses)
                progress(done)
            yield from work.to_parse

    def finished() -> Iterator[BucketResult]:
        nonlocal last_written
        while pending and len(pending[0][1]) == len(pending[0][0].to_parse):
            now = time.monotonic()
            yield _write_bucket(files, *pending.popleft(), seconds=now - last_written)
            last_written = now

    last_written = time.monotonic()
    for annotations in _annotated(documents_to_parse(), model_name, pool):
        yield from finished()  # buckets with nothing to parse ahead of this document's
        pending[0][1].append(annotations)
        done += 1
        progress(done)
    yield from finished()


@dataclass(frozen=True)
class _BucketWork:
    bucket: int
    previous: pa.Table  # the bucket's state as last written (empty when damaged or re-annotated)
    intact: bool  # whether its files can be kept
    key_of: dict[str, str]  # the annotation key of each document it annotates
    reused: pa.Array  # documents whose rows are kept
    statuses: list[dict]  # documents not parsed (language), with why
    to_parse: list[DocumentToAnnotate]


def _bucket_work(
    files: BucketFiles, bucket: int, rows: pa.Table, model_name: str, planned: Collection[str] | None, reannotate_all: bool
) -> _BucketWork:
    # A bucket with a damaged or missing file is annotated afresh rather than trusted.
    intact = not bucket_problems(files, {bucket})
    previous = read_state(files.path(STATE_TABLE, bucket)) if intact else STATE.empty_table()
    done = {} if reannotate_all else dict(zip(previous["doc_id"].to_pylist(), previous["annotation_key"].to_pylist()))
    keyed = rows
    if planned is not None:
        # Computing a key costs about 0.1 ms a document, every document of the corpus on each run: only
        # those planned, or unknown here (damaged since the plan), are keyed; the others keep their rows.
        ids = rows["doc_id"]
        unknown = pc.invert(pc.is_in(ids, value_set=pa.array(list(done), pa.string())))
        keyed = rows.filter(pc.or_(pc.is_in(ids, value_set=pa.array(list(planned), pa.string())), unknown))
    documents = annotation_keys.documents_to_annotate(keyed, model_name)
    todo = [document for document in documents if done.get(document.doc_id) != document.key]
    kept = set(rows["doc_id"].to_pylist()) - {document.doc_id for document in todo}
    return _BucketWork(
        bucket,
        previous,
        intact,
        {document.doc_id: document.key for document in todo},
        pa.array(sorted(kept), pa.string()),
        [
            {"doc_id": document.doc_id, "status": SKIPPED, "reason": reason, "chunks": 0, "tokens": 0}
            for document in todo
            if (reason := language.skip_reason(document.language)) is not None
        ],
        [document for document in todo if language.skip_reason(document.language) is None],
    )


def _annotated(documents: Iterable[DocumentToAnnotate], model_name: str, pool: workers.WorkerPool | None) -> Iterator[Annotations]:
    """`annotate` over `documents`, in order: here, or in parse-sized chunks on the pool's workers."""
    if pool is None or pool.processes == 1:
        # Imported here: planning and merging read the buckets' files only, and never import spaCy.
        from pipelines.core.annotate import annotate

        # Looked at first, so a stream with nothing to parse never loads the model.
        first = next(iter_documents := iter(documents), None)
        if first is not None:
            yield from annotate(itertools.chain([first], iter_documents), model_name)
        return
    documents = iter(documents)
    chunks = iter(lambda: tuple(itertools.islice(documents, WORKER_CHUNK)), ())
    for annotations in pool.imap(functools.partial(_annotate_chunk, model_name=model_name), chunks):
        yield from annotations


def load_model(model_name: str) -> None:
    """Import the extractors and load `model_name`: what a worker process does before its first documents."""
    from pipelines.core import nlp

    nlp.load_pipeline(model_name)


def parser_pool(processes: int, model_name: str) -> workers.WorkerPool:
    """Worker processes that parse with `model_name`, taking over those `parsers_started_ahead` left ready."""
    return workers.WorkerPool(processes, functools.partial(load_model, model_name), name=_PARSERS)


def parsers_started_ahead(model_name: str) -> AbstractContextManager[None]:
    """Start the parsing workers of a one-batch run (one per core, see `batches.share_cores`) now: they
    load the model while the run's first steps keep this process busy, instead of after them."""
    return workers.started_ahead(_PARSERS, workers.cores(), functools.partial(load_model, model_name))


def _annotate_chunk(documents: tuple[DocumentToAnnotate, ...], model_name: str) -> list[Annotations]:
    from pipelines.core.annotate import annotate

    return list(annotate(documents, model_name))


def _write_bucket(files: BucketFiles, work: _BucketWork, parsed: list[Annotations], seconds: float) -> BucketResult:
    rows: dict[str, list[dict]] = {table: [] for table in ANNOTATION_TABLES}
    statuses = list(work.statuses)
    for result in parsed:
        for table in ANNOTATION_TABLES:
            rows[table] += result.rows[table]
        statuses.append(
            {"doc_id": result.doc_id, "status": result.status, "reason": result.reason, "chunks": result.chunks, "tokens": result.words}
        )
    for table, schema in ANNOTATION_TABLES.items():
        path = files.path(table, work.bucket)
        kept = read_table(path, schema) if work.intact and path.exists() else schema.empty_table()
        kept = kept.filter(pc.is_in(kept["doc_id"], work.reused))
        merged = pa.concat_tables([kept, pa.Table.from_pylist(rows[table], schema=schema)]).sort_by(ROW_ORDER)
        write_table(path, merged, schema)
    kept_states = work.previous.filter(pc.is_in(work.previous["doc_id"], work.reused))
    new_states = pa.Table.from_pylist([row | {"annotation_key": work.key_of[row["doc_id"]]} for row in statuses], schema=STATE)
    write_table(files.path(STATE_TABLE, work.bucket), pa.concat_tables([kept_states, new_states]).sort_by("doc_id"), STATE)
    failed = sum(1 for row in statuses if row["status"] == FAILED)
    skipped = len(work.statuses)
    tokens = sum(result.words for result in parsed)
    return BucketResult(work.bucket, len(parsed), len(work.reused), failed, tokens, seconds, skipped)


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
    # Buckets are ranges of ids (`batches`): in bucket order their rows are sorted already, and stay as they are.
    return schemas.sorted_rows(pa.concat_tables(parts).cast(schema), order) if parts else schema.empty_table()

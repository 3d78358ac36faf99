"""Annotation results kept bucket by bucket, so batches can run anywhere in parallel (see `batches`).

Each bucket has one Parquet file per annotation table and a state file naming
the annotation key each of its documents was annotated with. A bucket is
brought up to date by annotating only the documents whose key changed
(`annotate`); one final step merges every bucket's files into the tables.
A bucket that only gains documents keeps its files and takes the new rows as a
segment beside them (`BucketFiles.segment_path`), so a run adding a few
documents writes their rows, not every bucket's again; a bucket is rewritten
whole, its segments folded in, when it loses or re-annotates a document or
has `MAX_SEGMENTS` of them. A segment counts once its state file is written.
The documents to annotate in a batch's buckets go through the model as one
stream, on worker processes when the batch has cores to spare (a run of ~100
new documents is one batch, but need not parse on one core of two); such a run
sends its new documents to those workers as soon as they are parsed from their
files (`parse_ahead`), and its batch takes the results.
This is storage only: the rows are `annotate`'s, and changing this module
never changes an annotation key.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import annotation_keys, language, schemas, workers
from pipelines.core.atomic import atomic_path
from pipelines.core.batches import MIN_DOCUMENTS_PER_BATCH, BucketFiles, bucket_of
from pipelines.core.schemas import ANNOTATION_TABLES, FAILED, SKIPPED
from pipelines.core.store import FINGERPRINT_KEY, check_table, file_identity, read_table, stored_metadata, write_table

if TYPE_CHECKING:
    from pipelines.core.annotation_keys import Annotations, DocumentToAnnotate

ROW_ORDER = [("doc_id", "ascending"), ("field", "ascending"), ("start_char", "ascending"), ("end_char", "ascending")]
# What each bucket last annotated, and how it went; written after its results, so a killed run redoes the bucket.
STATE_TABLE = "annotation_state"
STATE = pa.schema([*schemas.ANNOTATION_STATUS, pa.field("annotation_key", pa.string(), nullable=False)])
# Name of the worker pool that parses (see `workers.started_ahead`).
_PARSERS = "parsers"
# Segments a bucket takes before it is rewritten whole: each is a file per table the merge reads.
MAX_SEGMENTS = 8
# Documents sent to a worker process at once: enough for a parse batch, few enough to share the work out evenly.
WORKER_CHUNK = 8
# The parsing workers `start_parsers_early` started, until the run takes them over or stops them.
_started_early = ExitStack()
# Documents sent to the parsing workers before their batch (`parse_ahead`), by (doc_id, annotation key):
# the future of the chunk each went in, and its position there. Emptied when those workers stop.
_parsed_ahead: dict[tuple[str, str], tuple[Future, int]] = {}


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
    segments: list[int]  # its committed segments (see `committed_segments`)
    appends: bool  # whether its new rows go to a new segment instead of rewriting its files
    key_of: dict[str, str]  # the annotation key of each document it annotates
    reused: pa.Array  # documents whose rows are kept
    statuses: list[dict]  # documents not parsed (language), with why
    to_parse: list[DocumentToAnnotate]


def _bucket_work(
    files: BucketFiles, bucket: int, rows: pa.Table, model_name: str, planned: Collection[str] | None, reannotate_all: bool
) -> _BucketWork:
    # A bucket with a damaged or missing file is annotated afresh rather than trusted.
    intact = not bucket_problems(files, {bucket})
    segments = committed_segments(files, bucket) if intact else []
    previous = bucket_rows(files, STATE_TABLE, bucket, segments) if intact else STATE.empty_table()
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
    # Only gaining documents: none of those it holds rows for is gone or annotated again.
    gains_only = set(done) <= kept and files.path(STATE_TABLE, bucket).exists()
    return _BucketWork(
        bucket,
        previous,
        intact,
        segments,
        intact and not reannotate_all and gains_only and len(segments) < MAX_SEGMENTS,
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
    """`annotate` over `documents`, in order: those parsed ahead (`parse_ahead`) from their results,
    the others here, or in parse-sized chunks on the pool's workers."""
    if _parsed_ahead:
        documents = list(documents)
        ahead = {
            place: _parsed_ahead.pop((document.doc_id, document.key))
            for place, document in enumerate(documents)
            if (document.doc_id, document.key) in _parsed_ahead
        }
        now = _parsed_now([document for place, document in enumerate(documents) if place not in ahead], model_name, pool)
        for place, document in enumerate(documents):
            if place not in ahead:
                yield next(now)
                continue
            chunk, position = ahead[place]
            try:
                yield chunk.result()[position]
            except (BrokenProcessPool, CancelledError):  # its workers died or stopped first: parsed here instead
                yield from _annotated_here([document], model_name)
        return
    yield from _parsed_now(documents, model_name, pool)


def _parsed_now(documents: Iterable[DocumentToAnnotate], model_name: str, pool: workers.WorkerPool | None) -> Iterator[Annotations]:
    """The annotations of `documents` in order, parsed here, or on the pool's workers (sent on this call)."""
    if pool is None or pool.processes == 1:
        return _annotated_here(documents, model_name)
    documents = iter(documents)
    chunks = iter(lambda: tuple(itertools.islice(documents, WORKER_CHUNK)), ())
    return itertools.chain.from_iterable(pool.imap(functools.partial(_annotate_chunk, model_name=model_name), chunks))


def _annotated_here(documents: Iterable[DocumentToAnnotate], model_name: str) -> Iterator[Annotations]:
    # Imported here: planning and merging read the buckets' files only, and never import spaCy.
    from pipelines.core.annotate import annotate

    # Looked at first, so a stream with nothing to parse never loads the model.
    first = next(iter_documents := iter(documents), None)
    if first is not None:
        yield from annotate(itertools.chain([first], iter_documents), model_name)


def parse_ahead(documents: pa.Table, model_name: str) -> int:
    """Send `documents` (rows with the columns `annotation_keys.DOCUMENT_COLUMNS`, new in this run) to
    the parsing workers started ahead (`parsers_started_ahead`), if there are some: they are ready
    before the steps ahead of the batch are done, and parse these meanwhile. The batch takes the
    result of each document whose annotation key is still the one sent; the others are parsed as
    usual. At most one batch's worth; returns how many documents were sent."""
    pool = workers.started_ahead_pool(_PARSERS)
    if pool is None or documents.num_rows > MIN_DOCUMENTS_PER_BATCH:
        return 0
    # Longest first: the last chunks the workers take are the shortest, so neither waits long for the other.
    sent = sorted(
        (
            document
            for document in annotation_keys.documents_to_annotate(documents, model_name)
            if language.skip_reason(document.language) is None
        ),
        key=lambda document: len(document.body),
        reverse=True,
    )
    for start in range(0, len(sent), WORKER_CHUNK):
        chunk = tuple(sent[start : start + WORKER_CHUNK])
        try:
            future = pool.submit(_annotate_chunk, chunk, model_name)
        except BrokenProcessPool:  # the workers failed: the batch parses the rest as usual
            return start
        for position, document in enumerate(chunk):
            _parsed_ahead[(document.doc_id, document.key)] = (future, position)
    return len(sent)


def load_model(model_name: str) -> None:
    """Import the extractors and load `model_name`: what a worker process does before its first documents."""
    from pipelines.core import nlp

    nlp.load_pipeline(model_name)


def parser_pool(processes: int, model_name: str) -> workers.WorkerPool:
    """Worker processes that parse with `model_name`, taking over those `parsers_started_ahead` left ready."""
    return workers.WorkerPool(processes, functools.partial(load_model, model_name), name=_PARSERS)


@contextmanager
def parsers_started_ahead(model_name: str) -> Iterator[None]:
    """Start the parsing workers of a one-batch run (one per core, see `batches.share_cores`) now: they
    load the model while the run's first steps keep this process busy, instead of after them, and
    parse the documents sent to them (`parse_ahead`) until the batch takes them over. Workers the
    command line started for this run (`start_parsers_early`) serve instead of new ones."""
    try:
        if parsers_started_early():
            yield
        else:
            with _started_ahead(model_name):
                yield
    finally:
        stop_parsers_started_early()
        _parsed_ahead.clear()


def start_parsers_early(model_name: str) -> None:
    """Start the parsing workers of `parsers_started_ahead` before the run, for a command that expects
    its run to need them: they load the model while Dagster starts, on the core its start leaves idle.
    The run's `parsers_started_ahead` takes them over; `stop_parsers_started_early` stops them if the
    run turns out to need none."""
    _started_early.enter_context(_started_ahead(model_name))


def _started_ahead(model_name: str) -> AbstractContextManager[None]:
    """One parsing worker per core loading `model_name`, started now for the pool of the batch (`parser_pool`)."""
    return workers.started_ahead(_PARSERS, workers.cores(), functools.partial(load_model, model_name))


def parsers_started_early() -> bool:
    """Whether parsing workers started before the run (`start_parsers_early`) wait for their batch."""
    return workers.started_ahead_pool(_PARSERS) is not None


def stop_parsers_started_early() -> None:
    """Stop the workers of `start_parsers_early` unless a batch took them over; nothing when there are none."""
    _started_early.close()


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
    new_states = pa.Table.from_pylist([row | {"annotation_key": work.key_of[row["doc_id"]]} for row in statuses], schema=STATE)
    new_rows = {table: pa.Table.from_pylist(rows[table], schema=schema) for table, schema in ANNOTATION_TABLES.items()}
    if work.appends:
        if statuses:  # a bucket with nothing new keeps its files as they are
            _append_segment(files, work.bucket, (work.segments or [0])[-1] + 1, new_rows, new_states)
    else:
        _rewrite(files, work, new_rows, new_states)
    failed = sum(1 for row in statuses if row["status"] == FAILED)
    skipped = len(work.statuses)
    tokens = sum(result.words for result in parsed)
    return BucketResult(work.bucket, len(parsed), len(work.reused), failed, tokens, seconds, skipped)


def _append_segment(files: BucketFiles, bucket: int, segment: int, rows: dict[str, pa.Table], states: pa.Table) -> None:
    """The new documents' rows as segment `segment` of `bucket`; its state, written last, commits it
    (files of a segment left uncommitted by a killed run are written over)."""
    for table, schema in ANNOTATION_TABLES.items():
        write_table(files.segment_path(table, bucket, segment), rows[table].sort_by(ROW_ORDER), schema)
    write_table(files.segment_path(STATE_TABLE, bucket, segment), states.sort_by("doc_id"), STATE)


def _rewrite(files: BucketFiles, work: _BucketWork, rows: dict[str, pa.Table], states: pa.Table) -> None:
    """The bucket's files written whole: the kept documents' rows (its segments' included) and the new ones."""
    kept_rows = {}
    for table, schema in ANNOTATION_TABLES.items():
        kept = bucket_rows(files, table, work.bucket, work.segments) if work.intact else schema.empty_table()
        kept_rows[table] = kept.filter(pc.is_in(kept["doc_id"], work.reused))
    # Its segments stop counting before its files change: a run killed in between annotates their documents
    # again rather than finding their rows twice.
    _remove_segments(files, work.bucket, [STATE_TABLE])
    for table, schema in ANNOTATION_TABLES.items():
        write_table(files.path(table, work.bucket), pa.concat_tables([kept_rows[table], rows[table]]).sort_by(ROW_ORDER), schema)
    kept_states = work.previous.filter(pc.is_in(work.previous["doc_id"], work.reused))
    write_table(files.path(STATE_TABLE, work.bucket), pa.concat_tables([kept_states, states]).sort_by("doc_id"), STATE)
    _remove_segments(files, work.bucket, list(ANNOTATION_TABLES))


def _remove_segments(files: BucketFiles, bucket: int, tables: list[str]) -> None:
    for table in tables:
        for segment in files.segments(table, bucket).get(bucket, []):
            files.segment_path(table, bucket, segment).unlink(missing_ok=True)


def committed_segments(files: BucketFiles, bucket: int) -> list[int]:
    """The segments of `bucket` that count: those whose state file was written (all buckets': `files.segments(STATE_TABLE)`)."""
    return files.segments(STATE_TABLE, bucket).get(bucket, [])


def _bucket_paths(files: BucketFiles, table: str, bucket: int, segments: list[int]) -> list[Path]:
    """The files holding `bucket`'s rows of `table`: its own, then its `segments`'."""
    return [files.path(table, bucket), *(files.segment_path(table, bucket, segment) for segment in segments)]


def bucket_rows(files: BucketFiles, table: str, bucket: int, segments: list[int] | None = None) -> pa.Table:
    """`bucket`'s rows of `table` (its state: `STATE_TABLE`), in order, from its file and its committed
    segments (`segments`, when known), checked: a state an earlier version wrote counts as damaged."""
    schema, order = (STATE, [("doc_id", "ascending")]) if table == STATE_TABLE else (ANNOTATION_TABLES[table], ROW_ORDER)
    segments = committed_segments(files, bucket) if segments is None else segments
    parts = [read_table(path, schema) for path in _bucket_paths(files, table, bucket, segments) if path.exists()]
    if not parts:
        return schema.empty_table()
    # Each file is written in order: only rows gathered from several need sorting.
    return pa.concat_tables(parts).sort_by(order) if len(parts) > 1 else parts[0]


def read_states(files: BucketFiles) -> dict[str, str]:
    """Document -> annotation key, over every bucket whose files are intact (see `bucket_problems`)."""
    damaged = bucket_problems(files)
    done: dict[str, str] = {}
    for state in _each_bucket_rows(files, STATE_TABLE, [bucket for bucket in _buckets(files) if bucket not in damaged]):
        done.update(zip(state["doc_id"].to_pylist(), state["annotation_key"].to_pylist()))
    return done


def _each_bucket_rows(files: BucketFiles, table: str, buckets: list[int]) -> list[pa.Table]:
    """`bucket_rows` of each of `buckets`, in their order, read on every core: decoding Parquet leaves
    the interpreter free, and a bucket is a few small files."""
    committed = files.segments(STATE_TABLE)
    with ThreadPoolExecutor(workers.cores()) as pool:
        return list(pool.map(lambda bucket: bucket_rows(files, table, bucket, committed.get(bucket, [])), buckets))


def bucket_problems(files: BucketFiles, buckets: set[int] | None = None) -> dict[int, list[str]]:
    """Buckets (of `buckets`, default all that have files) with a damaged or missing file, its committed
    segments' included, and what is wrong."""
    tables = {**ANNOTATION_TABLES, STATE_TABLE: STATE}
    problems: dict[int, list[str]] = {}
    committed = files.segments(STATE_TABLE)
    for bucket in sorted(_buckets(files) if buckets is None else buckets):
        segments = committed.get(bucket, [])
        paths = {path: schema for table, schema in tables.items() for path in _bucket_paths(files, table, bucket, segments)}
        if not any(path.exists() for path in paths):
            continue  # a bucket never written is not damaged
        for path, schema in paths.items():
            if (problem := check_table(path, schema)) is not None:
                problems.setdefault(bucket, []).append(f"{path} {problem}")
    return problems


def _buckets(files: BucketFiles) -> list[int]:
    """The buckets with any file, of their own or a segment's."""
    tables = [*ANNOTATION_TABLES, STATE_TABLE]
    own = {bucket for table in tables for bucket in files.buckets(table)}
    return sorted(own.union(*(files.segments(table) for table in tables)))


# Beside the bucket folders: the files each merged table was last made of (`MergedTable.sources`) and the
# fingerprint it was written with, so the next merge reads only the files that changed since.
MERGE_RECORD = "merged.json"

Sources = dict[int, list[list]]  # bucket -> [path under the bucket folder, *file_identity] of each file holding its rows


@dataclass(frozen=True)
class MergedTable:
    rows: pa.Table
    # What the rows were made of; None when they cannot be the base of the next merge (a bucket holding
    # ids outside its range: only tests place documents by hand).
    sources: Sources | None
    buckets_read: int  # buckets whose files were read (the others' rows came from the stored table)


def merged_table(files: BucketFiles, table: str, stored: Path | None = None) -> MergedTable:
    """One table's rows from every bucket, in row order (`annotation_status` from the buckets' states).

    `stored` is the merged table as last written: when it is intact and is what `record_merge` last
    recorded, only the buckets whose files changed since are read. A bucket that only gained segments
    has their rows put among its stored ones; any other change reads the bucket whole. The rows are
    those of a merge that reads every bucket.
    """
    source, schema, order = _merge_layout(table)
    sources = _bucket_sources(files, source)  # taken before reading: a file changed meanwhile is read again next time
    previous = _recorded_merge(files, table, stored, schema)
    if previous is not None:
        merged = _merged_with(previous, sources, files, source, schema, order)
        if merged is not None:
            return merged
    # Buckets are ranges of ids (`batches`): each bucket's rows in order (`bucket_rows`), in bucket order, are sorted.
    parts = dict(zip(sources, _each_bucket_rows(files, source, list(sources))))
    rows = pa.concat_tables([part.select(schema.names) for part in parts.values()]).cast(schema) if parts else schema.empty_table()
    ranged = all(_within(part, bucket) for bucket, part in parts.items())
    return MergedTable(schemas.sorted_rows(rows, order), sources if ranged else None, len(parts))


def record_merge(files: BucketFiles, merged: dict[str, tuple[MergedTable, str]]) -> None:
    """Record what each table of `merged` (its merge and the fingerprint it was written with) was made of,
    for the next `merged_table`; the tables not named keep their records."""
    path = files.folder / MERGE_RECORD
    record = _merge_record(files)
    for table, (result, fingerprint) in merged.items():
        if result.sources is None:
            record.pop(table, None)
        else:
            record[table] = {"fingerprint": fingerprint, "sources": result.sources}
    files.folder.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temp:
        temp.write_text(json.dumps(record))


def _merge_layout(table: str) -> tuple[str, pa.Schema, list[tuple[str, str]]]:
    """The bucket files `table` is merged from, its schema and its row order."""
    if table == "annotation_status":
        return STATE_TABLE, schemas.ANNOTATION_STATUS, [("doc_id", "ascending")]
    return table, ANNOTATION_TABLES[table], ROW_ORDER


def _bucket_sources(files: BucketFiles, source: str) -> Sources:
    committed = files.segments(STATE_TABLE)
    found: Sources = {}
    for bucket in _buckets(files):
        paths = [path for path in _bucket_paths(files, source, bucket, committed.get(bucket, [])) if path.exists()]
        if paths:
            found[bucket] = [[str(path.relative_to(files.folder)), *file_identity(path)] for path in paths]
    return found


def _merge_record(files: BucketFiles) -> dict:
    try:
        record = json.loads((files.folder / MERGE_RECORD).read_text())
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _recorded_merge(files: BucketFiles, table: str, stored: Path | None, schema: pa.Schema) -> tuple[pa.Table, Sources] | None:
    """The stored merged table and what it was made of, when it is intact and the one `record_merge` recorded."""
    entry = _merge_record(files).get(table)
    if stored is None or not isinstance(entry, dict) or not isinstance(entry.get("sources"), dict):
        return None
    if stored_metadata(stored, FINGERPRINT_KEY) != entry.get("fingerprint") or check_table(stored, schema) is not None:
        return None
    return read_table(stored, schema), {int(bucket): paths for bucket, paths in entry["sources"].items()}


def _merged_with(
    previous: tuple[pa.Table, Sources], sources: Sources, files: BucketFiles, source: str, schema: pa.Schema, order: list
) -> MergedTable | None:
    """The merge, from the stored rows of the buckets whose files are as recorded and the files of the others;
    None when the stored rows are not laid out by bucket as recorded."""
    rows, recorded = previous
    file_schema = STATE if source == STATE_TABLE else ANNOTATION_TABLES[source]
    doc_ids, offsets = _document_runs(rows["doc_id"])
    buckets_of_documents = [bucket_of(doc_id) for doc_id in doc_ids]
    if buckets_of_documents != sorted(buckets_of_documents) or not set(buckets_of_documents) <= recorded.keys():
        return None
    pieces, read = [], 0
    for bucket in sorted(recorded.keys() | sources.keys()):
        first, last = bisect.bisect_left(buckets_of_documents, bucket), bisect.bisect_right(buckets_of_documents, bucket)
        kept = rows.slice(offsets[first], offsets[last] - offsets[first])
        was, now = recorded.get(bucket, []), sources.get(bucket, [])
        if now == was:
            pieces.append(kept)
            continue
        read += 1
        grown = bool(was) and now[: len(was)] == was
        new = [read_table(files.folder / entry[0], file_schema) for entry in (now[len(was) :] if grown else now)]
        added = schemas.sorted_rows(pa.concat_tables([part.select(schema.names).cast(schema) for part in new]), order) if new else schema.empty_table()
        if not _within(added, bucket):
            return None
        if not grown:
            pieces.append(added)
        elif (inserted := _inserted(kept, doc_ids[first:last], offsets[first : last + 1], added)) is None:
            return None
        else:
            pieces.extend(inserted)
    # One chunk per column: the pieces are slices, and every reader of a table of hundreds of chunks is slower.
    merged = pa.concat_tables(pieces).combine_chunks() if pieces else schema.empty_table()
    return MergedTable(merged, sources, read)


def _document_runs(doc_ids: pa.ChunkedArray) -> tuple[list[str], list[int]]:
    """For ids in order: each id once, and the row offset where each id's rows start (one more at the end)."""
    counts = doc_ids.value_counts()  # in order of first appearance
    return counts.field("values").to_pylist(), [0, *itertools.accumulate(counts.field("counts").to_pylist())]


def _inserted(kept: pa.Table, kept_ids: list[str], kept_offsets: list[int], added: pa.Table) -> list[pa.Table] | None:
    """`kept` with `added`'s rows put in doc_id order (both are in row order), as slices of the two;
    None when a document has rows in both."""
    base = kept_offsets[0]
    added_ids, added_offsets = _document_runs(added["doc_id"])
    pieces, start = [], 0
    for index, doc_id in enumerate(added_ids):
        position = bisect.bisect_left(kept_ids, doc_id)
        if position < len(kept_ids) and kept_ids[position] == doc_id:
            return None
        end = kept_offsets[position] - base
        pieces += [kept.slice(start, end - start), added.slice(added_offsets[index], added_offsets[index + 1] - added_offsets[index])]
        start = end
    pieces.append(kept.slice(start))
    return [piece for piece in pieces if piece.num_rows]


def _within(rows: pa.Table, bucket: int) -> bool:
    """Whether every id of `rows` (in id order) falls in `bucket`'s range."""
    return rows.num_rows == 0 or bucket_of(rows["doc_id"][0].as_py()) == bucket == bucket_of(rows["doc_id"][-1].as_py())

"""Run the NLP extractors over documents, incrementally (corpus entities are built by `resolution`).

A document is annotated again only when its annotation key changes: its title,
subtitle or body, its publication date (dates resolve against it), the model,
or the code of the extractors and of this module (see `code_version`). So a
rerun with nothing new costs no NLP at all, and editing a rule re-annotates
everything without anyone having to remember a full refresh. Work is done
bucket by bucket (see `batches`), each bucket keeping its own result files, so
batches can run anywhere in parallel.

What the model reads is prepared once, in `nlp_input`: the title, subtitle and
body as one text with hard line wraps undone, cut into chunks when too long
for the model. Every row is mapped back to its field (`field`, offsets into
that field, `text` as stored) and gets the whole sentence it is in.

Parts of a message's body that are not its author's (quoted replies,
signatures: `documents.skip_*`) are blanked in what the model reads (offsets
are kept), so a figure quoted from an earlier message is counted once, in that
message. A newswire dateline's place (`documents.dateline`) the model did not
find is added as a place mention when the gazetteer knows it, so the
`datelines` view can link every dateline to its entity.

One document never stops the others: a document the model or an extractor
fails on is recorded with status `failed` and the error as its reason, and
has no rows; the next build retries it only when its key changes. A document
in a language the model does not read (see `language`) is not parsed: it gets
status `skipped` with the reason.
"""

from __future__ import annotations

import datetime
import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from spacy.tokens import Doc

from pipelines.core import dates, figures, language, mentions, nlp, schemas
from pipelines.core.batches import BucketFiles
from pipelines.core.code_version import code_digest
from pipelines.core.nlp_input import NlpInput, nlp_input
from pipelines.core.places import lookup_place
from pipelines.core.store import check_table, read_table, write_table

# Per-document results, by table, in the order each table's rows are kept.
ANNOTATION_TABLES: dict[str, pa.Schema] = {
    "article_mentions": schemas.ENTITY_MENTIONS,
    "article_figures": schemas.FIGURES,
    "date_mentions": schemas.DATE_MENTIONS,
}
ROW_ORDER = [("doc_id", "ascending"), ("field", "ascending"), ("start_char", "ascending"), ("end_char", "ascending")]
# What each bucket last annotated, and how it went; written after its results, so a killed run redoes the bucket.
STATE_TABLE = "annotation_state"
STATE = pa.schema([*schemas.ANNOTATION_STATUS, pa.field("annotation_key", pa.string(), nullable=False)])
ANNOTATED, FAILED, SKIPPED = "annotated", "failed", "skipped"
# The `documents` columns annotation reads.
DOCUMENT_COLUMNS = ["doc_id", "title", "subtitle", "body", "published_date", "skip_starts", "skip_ends", "language", "dateline"]
MAX_REASON_CHARS = 500


def extractor_version() -> str:
    """Hash of this module's code and every project module it uses (extractors, gazetteer, row
    shapes, text preparation): changes whenever a rule or a row's shape changes."""
    return code_digest(sys.modules[__name__])[:16]


@dataclass(frozen=True)
class DocumentToAnnotate:
    doc_id: str
    title: str | None
    subtitle: str | None
    body: str
    published: datetime.date | None
    skipped: tuple[tuple[int, int], ...] = ()  # body spans the model does not read (quotes, signatures)
    language: str | None = None
    dateline: str | None = None
    key: str = ""  # annotation_key(...) of the document


def annotation_key(document: DocumentToAnnotate, model_name: str, version: str) -> str:
    parts = [
        document.title or "",
        document.subtitle or "",
        document.body,
        str(document.published),
        str(document.skipped),
        str(document.language),
        str(document.dateline),
        model_name,
        version,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def documents_to_annotate(documents: pa.Table, model_name: str) -> list[DocumentToAnnotate]:
    """The rows of a `documents` table as documents to annotate, each with its current key."""
    version = extractor_version()
    found = []
    for row in documents.select(DOCUMENT_COLUMNS).to_pylist():
        skipped = tuple(zip(row["skip_starts"] or [], row["skip_ends"] or []))
        document = DocumentToAnnotate(
            row["doc_id"], row["title"], row["subtitle"], row["body"], row["published_date"],
            skipped, row["language"], row["dateline"],
        )
        found.append(DocumentToAnnotate(**{**asdict(document), "key": annotation_key(document, model_name, version)}))
    return found


@dataclass
class Annotations:
    """Rows per annotation table for one document, and how its annotation went."""

    doc_id: str
    rows: dict[str, list[dict]] = field(default_factory=lambda: {table: [] for table in ANNOTATION_TABLES})
    status: str = ANNOTATED
    reason: str | None = None
    chunks: int = 0
    words: int = 0


def annotate(
    documents: Iterable[DocumentToAnnotate], model_name: str, batch_size: int = nlp.PARSE_BATCH_SIZE
) -> Iterator[Annotations]:
    """Parse each document once with spaCy (in chunks when long) and run every extractor over the parse.

    Yields one `Annotations` per document, in input order, failed ones included.
    """
    pipeline = nlp.load_pipeline(model_name)
    prepared: dict[str, tuple[DocumentToAnnotate, NlpInput, list[tuple[int, str]]]] = {}

    def chunks() -> Iterator[tuple[tuple[str, int], str]]:
        for document in documents:
            text = nlp_input(document.title, document.subtitle, document.body, document.skipped)
            prepared[document.doc_id] = (document, text, list(text.chunks()))
            for number, (_, piece) in enumerate(prepared[document.doc_id][2]):
                yield (document.doc_id, number), piece

    parsed: dict[str, dict[int, Doc | Exception]] = {}
    for (doc_id, number), doc in nlp.parse_documents(pipeline, chunks(), batch_size=batch_size):
        parsed.setdefault(doc_id, {})[number] = doc
        if number == len(prepared[doc_id][2]) - 1:  # chunks come back in order: the document is complete
            yield _annotations(*prepared.pop(doc_id), parsed.pop(doc_id))


def _annotations(
    document: DocumentToAnnotate, text: NlpInput, pieces: list[tuple[int, str]], parsed: dict[int, Doc | Exception]
) -> Annotations:
    result = Annotations(document.doc_id, chunks=len(pieces))
    try:
        for number, (offset, _) in enumerate(pieces):
            doc = parsed[number]
            if isinstance(doc, Exception):
                raise doc
            _add_rows(result, doc, offset, text, document.published)
            _add_dateline(result, document.dateline, doc, offset, text)
            result.words += len(doc)
    except Exception as error:  # noqa: BLE001 - any failure is recorded against this document only
        reason = f"{type(error).__name__}: {error}"[:MAX_REASON_CHARS]
        return Annotations(document.doc_id, status=FAILED, reason=reason, chunks=len(pieces))
    return result


def _add_rows(result: Annotations, doc: Doc, offset: int, text: NlpInput, published: datetime.date | None) -> None:
    found = {
        "article_mentions": [asdict(mention) | {"entity_id": None} for mention in mentions.extract_mentions(doc)],
        "article_figures": [_figure_row(figure) for figure in figures.extract_figures(doc)],
        "date_mentions": [asdict(mention) for mention in dates.extract_dates(doc, published)],
    }
    for table, rows in found.items():
        for row in rows:
            placed = _placed(row, doc, offset, text)
            if placed is not None:
                result.rows[table].append(placed | {"doc_id": result.doc_id})


def _add_dateline(result: Annotations, dateline: str | None, doc: Doc, offset: int, text: NlpInput) -> None:
    """The dateline's place as a place mention, unless the model found a mention there or the gazetteer does not know it."""
    start = text.field_bounds("body").start - offset
    if dateline is None or not 0 <= start <= len(doc.text) - len(dateline):
        return
    if any(row["field"] == "body" and row["start_char"] < len(dateline) for row in result.rows["article_mentions"]):
        return
    place = lookup_place(dateline)
    if place is None:
        return
    row = {
        "text": dateline,
        "label": "GPE",
        "start_char": start,
        "end_char": start + len(dateline),
        "sentence": None,
        "canonical": mentions.place_canonical(dateline, place),
        "place_id": place.place_id,
        "entity_id": None,
    }
    placed = _placed(row, doc, offset, text)
    if placed is not None:
        result.rows["article_mentions"].append(placed | {"doc_id": result.doc_id})


def _placed(row: dict, doc: Doc, offset: int, text: NlpInput) -> dict | None:
    """`row` with offsets into its field, its text as stored, and its whole sentence; None across fields."""
    located = text.locate(offset + row["start_char"], offset + row["end_char"])
    if located is None:
        return None
    bounds = text.field_bounds(located.field)
    span = doc.char_span(row["start_char"], row["end_char"], alignment_mode="expand")
    sentence = row.get("sentence")
    if span is not None:
        start = max(offset + span.sent.start_char, bounds.start)
        end = min(offset + span.sent.end_char, bounds.end)
        sentence = text.parsed[start:end].strip()
    stored = text.original[offset + row["start_char"] : offset + row["end_char"]]
    return row | {
        "field": located.field,
        "start_char": located.start,
        "end_char": located.end,
        "text": stored,
        "sentence": sentence,
    }


def _figure_row(figure: figures.Figure) -> dict:
    row = asdict(figure)
    row["actor_text"] = row.pop("actor")
    row["actor"] = None  # entity names and source entities are linked across the corpus (`claims`)
    row["source_entity_id"] = None
    return row


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

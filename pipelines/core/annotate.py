"""Run the NLP extractors over documents, incrementally, and resolve their mentions into corpus entities.

A document is annotated again only when its annotation key changes: its body,
its publication date (dates resolve against it), the model, or the code of
the extractors themselves. So a rerun with nothing new costs no NLP at all,
and editing a rule re-annotates everything without anyone having to remember
a full refresh. Work is done bucket by bucket (see `batches`), each bucket
keeping its own result files, so batches can run anywhere in parallel.
"""

from __future__ import annotations

import datetime
import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from spacy.tokens import Doc

from pipelines.core import dates, entities, figures, nlp, schemas
from pipelines.core.batches import BucketFiles
from pipelines.core.entities import Entity, Mention
from pipelines.core.code_version import code_digest
from pipelines.core.store import atomic_path

# Per-document results, by table, in the order each table's rows are kept.
ANNOTATION_TABLES: dict[str, pa.Schema] = {
    "article_mentions": schemas.ENTITY_MENTIONS,
    "article_figures": schemas.FIGURES,
    "date_mentions": schemas.DATE_MENTIONS,
}
ROW_ORDER = [("doc_id", "ascending"), ("start_char", "ascending"), ("end_char", "ascending")]
# What each bucket last annotated; written after its results, so a killed run redoes the bucket.
STATE_TABLE = "annotation_state"
STATE = pa.schema(
    [pa.field("doc_id", pa.string(), nullable=False), pa.field("annotation_key", pa.string(), nullable=False)]
)

def extractor_version() -> str:
    """Hash of this module's code and every project module it uses (extractors, gazetteer, row
    shapes): changes whenever a rule or a row's shape changes."""
    return code_digest(sys.modules[__name__])[:16]


def annotation_key(body: str, published: datetime.date | None, model_name: str, version: str) -> str:
    material = "\x1f".join([body, str(published), model_name, version])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocumentToAnnotate:
    doc_id: str
    body: str
    published: datetime.date | None
    key: str = ""  # annotation_key(...) of the document


@dataclass(frozen=True)
class Annotations:
    doc_id: str
    mentions: list[Mention]
    figures: list[figures.Figure]
    dates: list[tuple[dates.DateMention, str]]  # with the sentence each date is in
    words: int


def annotate(documents: Iterable[DocumentToAnnotate], model_name: str, batch_size: int = nlp.PARSE_BATCH_SIZE) -> Iterator[Annotations]:
    """Parse each document once with spaCy and run every extractor over the parse."""
    pipeline = nlp.load_pipeline(model_name)
    by_id: dict[str, DocumentToAnnotate] = {}

    def texts() -> Iterator[tuple[str, str]]:
        for document in documents:
            by_id[document.doc_id] = document
            yield document.doc_id, document.body

    for doc_id, doc in nlp.parse_documents(pipeline, texts(), batch_size=batch_size):
        document = by_id.pop(doc_id)
        yield Annotations(
            doc_id=doc_id,
            mentions=entities.extract_mentions(doc),
            figures=figures.extract_figures(doc),
            dates=[(found, _sentence_at(doc, found.start_char, found.end_char)) for found in dates.extract_dates(doc, document.published)],
            words=len(doc),
        )


def _sentence_at(doc: Doc, start_char: int, end_char: int) -> str | None:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return span.sent.text if span is not None else None


@dataclass(frozen=True)
class BucketResult:
    bucket: int
    annotated: int
    reused: int
    tokens: int
    seconds: float


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
    done = {} if reannotate_all else _read_state(files.path(STATE_TABLE, bucket))
    todo = [document for document in documents if done.get(document.doc_id) != document.key]
    reused = pa.array(sorted(d.doc_id for d in documents if done.get(d.doc_id) == d.key), pa.string())
    rows: dict[str, list[dict]] = {table: [] for table in ANNOTATION_TABLES}
    started, tokens = time.monotonic(), 0
    # Guarded so a bucket with nothing new never loads the model.
    for count, result in enumerate(annotate(todo, model_name) if todo else [], start=1):
        rows["article_mentions"] += [mention_row(result.doc_id, m) for m in result.mentions]
        rows["article_figures"] += [figure_row(result.doc_id, f) for f in result.figures]
        rows["date_mentions"] += [date_row(result.doc_id, d, sentence) for d, sentence in result.dates]
        tokens += result.words
        progress(count)
    for table, schema in ANNOTATION_TABLES.items():
        path = files.path(table, bucket)
        kept = pq.read_table(path, schema=schema) if path.exists() else schema.empty_table()
        kept = kept.filter(pc.is_in(kept["doc_id"], reused))
        merged = pa.concat_tables([kept, pa.Table.from_pylist(rows[table], schema=schema)]).sort_by(ROW_ORDER)
        _write(path, merged)
    state = pa.table(
        {"doc_id": [d.doc_id for d in documents], "annotation_key": [d.key for d in documents]}, schema=STATE
    )
    _write(files.path(STATE_TABLE, bucket), state.sort_by("doc_id"))
    return BucketResult(bucket, len(todo), len(reused), tokens, time.monotonic() - started)


def read_states(files: BucketFiles) -> dict[str, str]:
    """Document -> annotation key, over every bucket."""
    done: dict[str, str] = {}
    for path in files.existing(STATE_TABLE):
        done.update(_read_state(path))
    return done


def _read_state(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    state = pq.read_table(path, schema=STATE)
    return dict(zip(state["doc_id"].to_pylist(), state["annotation_key"].to_pylist()))


def _write(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temp:
        pq.write_table(table, temp, compression="zstd")


def merged_table(files: BucketFiles, table: str) -> pa.Table:
    """One table's rows from every bucket, in row order."""
    schema = ANNOTATION_TABLES[table]
    parts = [pq.read_table(path, schema=schema) for path in files.existing(table)]
    return pa.concat_tables(parts).sort_by(ROW_ORDER) if parts else schema.empty_table()


def mention_row(doc_id: str, mention: Mention) -> dict:
    return {"doc_id": doc_id, "entity_id": None, **asdict(mention)}


def figure_row(doc_id: str, figure: figures.Figure) -> dict:
    row = {"doc_id": doc_id, **asdict(figure)}
    row["actor_text"] = row.pop("actor")
    row["actor"] = None  # entity names and source entities are linked across the corpus (`claims`)
    row["source_entity_id"] = None
    return row


def date_row(doc_id: str, mention: dates.DateMention, sentence: str | None) -> dict:
    return {"doc_id": doc_id, **asdict(mention), "sentence": sentence}


FORM_COLUMNS = ["doc_id", "label", "text", "canonical"]


def resolve_corpus(mentions: pa.Table) -> tuple[list[Entity], pa.Table]:
    """Corpus-wide entities for stored mention rows; returns the entities and the rows with `entity_id` set.

    Mentions are counted per distinct form with Arrow first, so Python only sees
    the variety of names, never one object per mention.
    """
    counted = mentions.group_by(FORM_COLUMNS, use_threads=False).aggregate([([], "count_all")])
    forms = [entities.Form(*(row[c] for c in FORM_COLUMNS)) for row in counted.select(FORM_COLUMNS).to_pylist()]
    found, id_of_form = entities.resolve_forms(dict(zip(forms, counted["count_all"].to_pylist())))
    ids = counted.select(FORM_COLUMNS).append_column("resolved_id", pa.array([id_of_form[f] for f in forms], pa.string()))
    joined = mentions.drop_columns(["entity_id"]).join(ids, keys=FORM_COLUMNS, join_type="left outer", use_threads=False)
    joined = joined.rename_columns([("entity_id" if name == "resolved_id" else name) for name in joined.column_names])
    return found, joined.select(mentions.column_names).sort_by(ROW_ORDER)

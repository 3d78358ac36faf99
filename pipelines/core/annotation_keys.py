"""Which documents need annotating, each by its annotation key, and what annotating one gives back: without spaCy.

A document is annotated again only when its annotation key changes: its title,
subtitle or body, its publication date (dates resolve against it), the parts
of the body the model does not read, its language and dateline, the model, or
the code of the extractors (`model.extractor_version`, which covers this
module: `annotate` imports it). So a rerun with nothing new costs no NLP at
all, and editing a rule re-annotates everything without anyone having to
remember a full refresh.

Planning a run keys every document of the corpus, and a batch's own process
receives the `Annotations` its parsing workers send back. This module imports
neither spaCy nor the extractors, so the processes that plan and write buckets
never load them (importing spaCy alone takes most of a second).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field, replace

import pyarrow as pa

from pipelines.core import model, schemas

# The `documents` columns annotation reads.
DOCUMENT_COLUMNS = ["doc_id", "title", "subtitle", "body", "published_date", "skip_starts", "skip_ends", "language", "dateline"]


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


@dataclass
class Annotations:
    """Rows per annotation table for one document, and how its annotation went."""

    doc_id: str
    rows: dict[str, list[dict]] = field(default_factory=lambda: {table: [] for table in schemas.ANNOTATION_TABLES})
    status: str = schemas.ANNOTATED
    reason: str | None = None
    chunks: int = 0
    words: int = 0


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
    version = model.extractor_version()
    found = []
    for row in documents.select(DOCUMENT_COLUMNS).to_pylist():
        skipped = tuple(zip(row["skip_starts"] or [], row["skip_ends"] or []))
        document = DocumentToAnnotate(
            row["doc_id"], row["title"], row["subtitle"], row["body"], row["published_date"],
            skipped, row["language"], row["dateline"],
        )
        found.append(replace(document, key=annotation_key(document, model_name, version)))
    return found

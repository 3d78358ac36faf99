"""Run the NLP extractors over documents, incrementally, and tie their results to corpus entities.

A document is annotated again only when its annotation key changes: its body,
its publication date (dates resolve against it), the model, or the code of
the extractors themselves. So a rerun with nothing new costs no NLP at all,
and editing a rule re-annotates everything without anyone having to remember
a full refresh.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from spacy.tokens import Doc

from pipelines.core import dates, entities, figures, nlp
from pipelines.core.entities import Entity, Mention
from pipelines.core.places import canonical_place_or_group

_EXTRACTOR_MODULES = (nlp, entities, figures, dates, Path(entities.__file__).with_name("places.py"))


def extractor_version() -> str:
    """Hash of the extractors' source code: changes whenever a rule changes."""
    digest = hashlib.sha256()
    for module in _EXTRACTOR_MODULES:
        path = module if isinstance(module, Path) else Path(module.__file__)
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def annotation_key(body: str, published: datetime.date | None, model_name: str, version: str) -> str:
    material = "\x1f".join([body, str(published), model_name, version])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocumentToAnnotate:
    doc_id: str
    body: str
    published: datetime.date | None


@dataclass(frozen=True)
class Annotations:
    doc_id: str
    mentions: list[Mention]
    figures: list[figures.Figure]
    dates: list[tuple[dates.DateMention, str]]  # with the sentence each date is in
    words: int


def annotate(documents: Iterable[DocumentToAnnotate], model_name: str, batch_size: int = 8) -> Iterator[Annotations]:
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


def mention_row(doc_id: str, mention: Mention) -> dict:
    return {"doc_id": doc_id, "entity_id": None, **asdict(mention)}


def figure_row(doc_id: str, figure: figures.Figure) -> dict:
    row = {"doc_id": doc_id, **asdict(figure)}
    row["actor_text"] = row.pop("actor")
    row["actor"] = None
    return row


def date_row(doc_id: str, mention: dates.DateMention, sentence: str | None) -> dict:
    return {"doc_id": doc_id, **asdict(mention), "sentence": sentence}


def resolve_corpus(mention_rows: list[dict]) -> tuple[list[Entity], list[str]]:
    """Corpus-wide entities for stored mention rows; returns entities and each row's entity_id."""
    pairs = [
        (row["doc_id"], Mention(**{field: row[field] for field in Mention.__dataclass_fields__}))
        for row in mention_rows
    ]
    return entities.resolve_entities(pairs)


def actor_name(actor_text: str | None, doc_id: str, names_in_document: dict[tuple[str, str], str]) -> str | None:
    """Canonical entity name for a figure's actor as written ("North Korean" -> "North Korea").

    A nationality word or country form maps through the country data; any other
    actor is looked up among the entities the same document mentions by that
    text. Unknown actors stay NULL rather than being guessed.
    """
    if not actor_text:
        return None
    return canonical_place_or_group(actor_text) or names_in_document.get((doc_id, actor_text))

"""Run the NLP extractors over documents, incrementally (corpus entities are built by `resolution`).

A document is annotated again only when its annotation key changes
(`annotation_keys`): its text, its publication date, the model, or the code of
the extractors and of this module. Where the results are kept, bucket by
bucket, is `annotation_buckets`: its code is not part of the key, so changing
how files are stored never annotates anything again.

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
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from pipelines.core import dates, figures, mentions, nlp, schemas
from pipelines.core.annotation_keys import Annotations, DocumentToAnnotate
from pipelines.core.nlp_input import NlpInput, nlp_input
from pipelines.core.places import lookup_place

MAX_REASON_CHARS = 500


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
        return Annotations(document.doc_id, status=schemas.FAILED, reason=reason, chunks=len(pieces))
    return result


def _add_rows(result: Annotations, doc: Doc, offset: int, text: NlpInput, published: datetime.date | None) -> None:
    found = {
        "article_mentions": [_row(mention) | {"entity_id": None} for mention in mentions.extract_mentions(doc)],
        "article_figures": [_figure_row(figure) for figure in figures.extract_figures(doc)],
        "date_mentions": [_row(mention) for mention in dates.extract_dates(doc, published)],
    }
    for table, rows in found.items():
        for row in rows:
            placed = _placed(row, doc, offset, text)
            if placed is not None:
                result.rows[table].append(placed | {"doc_id": result.doc_id})


def _add_dateline(result: Annotations, dateline: str | None, doc: Doc, offset: int, text: NlpInput) -> None:
    """The dateline's place as a place mention, unless the model found a mention there or the gazetteer does not know it."""
    start = text.field_bounds("body").start - offset
    if dateline is None or not 0 <= start <= len(nlp.text_of(doc)) - len(dateline):
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


def _row(found: mentions.Mention | figures.Figure | dates.DateMention) -> dict:
    """An extractor's dataclass as a row: its fields are scalars, so a shallow copy (`asdict` copies deeply, at ten times the cost)."""
    return dict(vars(found))


def _figure_row(figure: figures.Figure) -> dict:
    row = _row(figure)
    row["actor_text"] = row.pop("actor")
    row["actor"] = None  # entity names and source entities are linked across the corpus (`claims`)
    row["source_entity_id"] = None
    return row

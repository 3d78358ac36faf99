"""Annotating documents: every field read, wraps and length handled once, one bad document never stops the others."""

import textwrap

import pytest
import spacy
from spacy.language import Language

from pipelines.core import annotate as annotate_module
from pipelines.core import nlp
from pipelines.core.annotate import annotate
from pipelines.core.annotation_keys import DocumentToAnnotate
from pipelines.core.schemas import ANNOTATED, FAILED
from pipelines.core.model import DEFAULT_MODEL

PARAGRAPH = (
    "Northwind Shipping Corporation said on Monday that its chief executive, Amelia Okafor, would visit "
    "Rotterdam and Antwerp next month to meet port officials, after the company ordered 12 new vessels "
    "worth 480 million euros from a yard in Gdansk."
)


def document(doc_id: str, body: str, title: str | None = None, subtitle: str | None = None) -> DocumentToAnnotate:
    return DocumentToAnnotate(doc_id, title, subtitle, body, None)


def entity_texts(result) -> list[tuple[str, str]]:
    return [(row["canonical"], row["label"]) for row in result.rows["article_mentions"]]


def test_title_and_subtitle_rows_carry_their_field_and_offsets(nlp: Language):
    title, subtitle = "Okafor heads to Rotterdam", "Northwind orders ships from Gdansk"
    [result] = annotate([document("a", PARAGRAPH, title, subtitle)], DEFAULT_MODEL)
    fields = {"title": title, "subtitle": subtitle, "body": PARAGRAPH}
    rows = [row for table in result.rows.values() for row in table]
    assert {row["field"] for row in result.rows["article_mentions"]} == {"title", "subtitle", "body"}
    for row in rows:
        assert fields[row["field"]][row["start_char"] : row["end_char"]] == row["text"]
    title_rows = [row for row in result.rows["article_mentions"] if row["field"] == "title"]
    assert any(row["text"] == "Rotterdam" and row["sentence"] == title for row in title_rows)


def test_a_hard_wrapped_article_gives_the_same_rows_as_its_unwrapped_copy(nlp: Language):
    unwrapped = PARAGRAPH + "\n\n" + PARAGRAPH.replace("Monday", "Friday")
    wrapped = "\n\n".join(textwrap.fill(part, width=64) for part in unwrapped.split("\n\n"))
    assert wrapped.count("\n") > 6
    [plain, hard] = annotate([document("plain", unwrapped), document("hard", wrapped)], DEFAULT_MODEL)
    assert entity_texts(hard) == entity_texts(plain)
    for table in ("article_figures", "date_mentions"):
        assert [(r["start_char"], r["end_char"]) for r in hard.rows[table]] == [
            (r["start_char"], r["end_char"]) for r in plain.rows[table]
        ]
    for row in hard.rows["article_mentions"] + hard.rows["article_figures"]:
        assert wrapped[row["start_char"] : row["end_char"]] == row["text"]  # the stored text, line breaks and all
        assert "\n" not in row["sentence"]
    crossing = [row["text"] for rows in hard.rows.values() for row in rows if "\n" in row["text"]]
    assert crossing, "some row should run across a wrapped line break"
    assert {row["sentence"] for row in hard.rows["article_figures"]} == {row["sentence"] for row in plain.rows["article_figures"]}


def test_a_body_longer_than_a_chunk_is_annotated_in_pieces_with_offsets_into_the_whole(monkeypatch, nlp: Language):
    monkeypatch.setattr("pipelines.core.nlp_input.MAX_CHUNK_CHARS", 2_000)
    body = "\n\n".join([PARAGRAPH] * 12)
    [result] = annotate([document("long", body)], DEFAULT_MODEL)
    assert result.status == ANNOTATED and result.chunks > 1
    figures = result.rows["article_figures"]
    assert len({row["start_char"] for row in figures}) == len(figures) >= 12
    for row in figures:
        assert body[row["start_char"] : row["end_char"]] == row["text"]


def test_an_extractor_failing_on_one_document_marks_it_and_keeps_the_others(monkeypatch, nlp: Language):
    real = annotate_module.figures.extract_figures

    def fragile(doc):
        if "Quagmire" in doc.text:
            raise ValueError("cannot read this one")
        return real(doc)

    monkeypatch.setattr(annotate_module.figures, "extract_figures", fragile)
    results = annotate(
        [document("good-1", PARAGRAPH), document("bad", "Quagmire Holdings sold 3 ships."), document("good-2", PARAGRAPH)],
        DEFAULT_MODEL,
    )
    by_id = {result.doc_id: result for result in results}
    assert list(by_id) == ["good-1", "bad", "good-2"]
    assert by_id["bad"].status == FAILED and "cannot read this one" in by_id["bad"].reason
    assert all(not rows for rows in by_id["bad"].rows.values())
    assert by_id["good-2"].status == ANNOTATED and by_id["good-2"].rows["article_figures"]


@pytest.fixture
def pipeline_failing_on_a_marker(monkeypatch):
    """A fresh copy of the model with a component that fails on any text holding a marker word."""
    fresh = spacy.load(DEFAULT_MODEL, exclude=["senter"])

    @Language.component("fails_on_marker")
    def fails_on_marker(doc):
        if "Kaboom" in doc.text:
            raise RuntimeError("component failure")
        return doc

    fresh.add_pipe("fails_on_marker", last=True)
    monkeypatch.setattr(nlp, "load_pipeline", lambda model_name=None: fresh)
    return fresh


def test_a_model_component_failing_on_one_document_does_not_lose_its_batch(pipeline_failing_on_a_marker):
    documents = [document(f"d{i}", PARAGRAPH) for i in range(5)]
    documents.insert(2, document("bad", "Kaboom Industries hired 40 welders."))
    results = list(annotate(documents, DEFAULT_MODEL, batch_size=4))
    assert [r.doc_id for r in results] == [d.doc_id for d in documents]
    assert [r.status for r in results] == [ANNOTATED] * 2 + [FAILED] + [ANNOTATED] * 3
    assert "component failure" in results[2].reason
    assert all(r.rows["article_figures"] for r in results if r.status == ANNOTATED)

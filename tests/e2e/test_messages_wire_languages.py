"""End to end: mail and newsgroup messages, a newswire dateline and articles in other languages, read from the
folder of every input format (built once, `formats_built`)."""

from datetime import datetime

import pytest
from conftest import Pipeline

pytestmark = pytest.mark.e2e


@pytest.fixture
def mixed(formats_built) -> Pipeline:
    return formats_built


def _document(pipeline: Pipeline, source_name: str, columns: str) -> tuple:
    [row] = pipeline.query(f"SELECT {columns} FROM documents WHERE source_name = ?", source_name)
    return row


def test_message_headers_become_metadata_and_leave_the_body(mixed):
    row = _document(
        mixed,
        "message_reply.eml",
        "title, author, published_at, published_zone, published_at_utc, newsgroups, organization, message_id, "
        "in_reply_to, body",
    )
    title, author, published_at, zone, utc, newsgroups, organization, message_id, in_reply_to, body = row
    assert (title, author) == ("Offshore wind output near Gdansk", "Marta Kowalska")
    assert (published_at, zone, utc) == (datetime(1993, 4, 1, 10, 0, 29), "GMT", datetime(1993, 4, 1, 10, 0, 29))
    assert newsgroups == ["sci.energy"] and organization == "Technical University of Gdansk"
    assert message_id == "<1993Apr1.100029.8812@energy.example.edu>"
    # The reply points at the original, so a thread is a join.
    [(original,)] = mixed.query("SELECT source_name FROM documents WHERE message_id = ?", in_reply_to)
    assert original == "message_original.eml"
    assert not any(body.startswith(field) for field in ("Path:", "From:", "Lines:"))
    assert "Lines:" not in body and "> The Gdansk offshore farm" in body  # the quote stays, marked
    assert _document(mixed, "message_original.eml", "published_at, published_zone, published_at_utc") == (
        datetime(1993, 3, 30, 8, 15),
        "+0200",
        datetime(1993, 3, 30, 6, 15),
    )


def test_a_figure_in_a_quoted_reply_is_counted_once(mixed):
    rows = mixed.query(
        "SELECT d.source_name, f.value_low FROM figures f JOIN documents d USING (doc_id) "
        "WHERE f.unit LIKE 'megawatt%' ORDER BY 1, 2"
    )
    assert rows == [("message_original.eml", 410.0), ("message_reply.eml", 350.0)]
    kinds = _document(mixed, "message_reply.eml", "skip_kinds")[0]
    assert kinds == ["quote", "signature"]
    # Nothing is found in a skipped span: neither figures nor mentions.
    inside = mixed.query(
        "SELECT count(*) FROM entity_mentions m JOIN skipped_parts s USING (doc_id) "
        "WHERE m.field = 'body' AND m.start_char < s.end_char AND m.end_char > s.start_char"
    )
    assert inside == [(0,)]
    [(quote,)] = mixed.query("SELECT text FROM skipped_parts WHERE kind = 'quote'")
    assert quote.startswith("In article <") and quote.endswith("the operator Baltic Wind Power.")


def test_dateline_is_kept_in_the_body_and_linked_to_its_place(mixed):
    title, dateline, published_at, body = _document(mixed, "wire_dateline.txt", "title, dateline, published_at, body")
    assert (title, dateline, published_at) == ("TALLINN PORT CUTS FERRY FARES", "TALLINN", None)
    assert body.startswith("TALLINN, March 4 (Reuters) - ")
    [(entity_name, country_code)] = mixed.query(
        "SELECT entity_name, country_code FROM datelines WHERE source_name = 'wire_dateline.txt'"
    )
    assert (entity_name, country_code) == ("Tallinn", "EE")


def test_other_languages_are_loaded_but_not_annotated(mixed):
    languages = dict(mixed.query("SELECT source_name, language FROM documents WHERE language <> 'en'"))
    # The JSON Lines row in French says so in its own column as well.
    assert languages == {"article_fr.txt": "fr", "article_ru.txt": "ru", "freight_wire_feed.jsonl#2": "fr"}
    skipped = mixed.query(
        "SELECT d.source_name, s.status, s.reason, d.title IS NOT NULL FROM annotation_status s "
        "JOIN documents d USING (doc_id) WHERE s.status <> 'annotated' ORDER BY 1"
    )
    assert skipped == [
        ("article_fr.txt", "skipped", "language fr: only English is annotated", True),
        ("article_ru.txt", "skipped", "language ru: only English is annotated", True),
        ("freight_wire_feed.jsonl#2", "skipped", "language fr: only English is annotated", True),
    ]
    not_english = "SELECT doc_id FROM documents WHERE language <> 'en'"
    for table in ("entity_mentions", "figures", "date_mentions"):
        assert mixed.query(f"SELECT count(*) FROM {table} WHERE doc_id IN ({not_english})") == [(0,)]
    assert mixed.metadata(mixed.result, "annotation_status")["documents_skipped"] == 3

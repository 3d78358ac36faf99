"""Tests for pipelines.core.claims: figures tied to the corpus's entities, on small Arrow tables."""

from __future__ import annotations

import random
import re

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.core import schemas
from pipelines.core.claims import (
    NamedMention,
    _names_part_of,
    actor_name,
    entity_names_for,
    link_figures,
    source_entity_id,
)

SENTENCE = "Harbour Authority officials said 40 tugs left the port."
OTHER_SENTENCE = "The Harbour Authority opened a new quay."


def _mentions(rows: list[tuple[str, str | None, str, str]]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"doc_id": doc_id, "entity_id": entity_id, "text": text, "label": "ORG", "start_char": 0,
             "end_char": len(text), "sentence": sentence}
            for doc_id, entity_id, text, sentence in rows
        ],
        schema=schemas.ENTITY_MENTIONS,
    )


def _entities(rows: list[tuple[str, str]]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"entity_id": entity_id, "name": name, "label": "ORG", "aliases": [], "mention_count": 1, "doc_count": 1}
         for entity_id, name in rows],
        schema=schemas.ENTITIES,
    )


def test_entity_names_for_maps_document_and_text_to_the_entity_name() -> None:
    mentions = _mentions([("d1", "e1", "Acme", "s"), ("d2", "e2", "Acme", "s"), ("d1", "e3", "Zenith", "s")])
    entities = _entities([("e1", "Acme Corporation"), ("e2", "Acme Foods"), ("e3", "Zenith")])
    assert entity_names_for({("d1", "Acme"), ("d2", "Acme")}, mentions, entities) == {
        ("d1", "Acme"): "Acme Corporation",
        ("d2", "Acme"): "Acme Foods",
    }
    assert entity_names_for({("d2", "Acme"), ("d2", "Zenith")}, mentions, entities) == {("d2", "Acme"): "Acme Foods"}


@pytest.mark.parametrize(
    ("actor_text", "doc_id", "expected"),
    [
        pytest.param("Norwegian", "d1", "Norway", id="nationality-through-country-data"),
        pytest.param("Acme", "d1", "Acme Corporation", id="entity-of-the-same-document"),
        pytest.param("Acme", "d9", None, id="not-mentioned-in-that-document"),
        pytest.param(None, "d1", None, id="no-actor"),
    ],
)
def test_actor_name(actor_text: str | None, doc_id: str, expected: str | None) -> None:
    assert actor_name(actor_text, doc_id, {("d1", "Acme"): "Acme Corporation"}) == expected


@pytest.mark.parametrize(
    ("source", "mentions", "expected"),
    [
        pytest.param("Harbour Authority officials", [NamedMention("Harbour Authority", "e1", SENTENCE)], "e1",
                     id="entity-named-inside-the-source"),
        pytest.param("Harbour Authority officials",
                     [NamedMention("Harbour", "e2", SENTENCE), NamedMention("Harbour Authority", "e1", SENTENCE)], "e1",
                     id="longest-name-wins"),
        pytest.param("Harbour Authority",
                     [NamedMention("Harbour Authority", "e4", OTHER_SENTENCE), NamedMention("Harbour Authority", "e1", SENTENCE)],
                     "e1", id="same-sentence-first"),
        pytest.param("Harbour Authority", [NamedMention("Harbour Authority", "e4", OTHER_SENTENCE)], "e4",
                     id="resolved-pronoun-named-earlier"),
        pytest.param("Harbourside residents", [NamedMention("Harbour", "e2", SENTENCE)], None, id="whole-words-only"),
        pytest.param("the ministry", [NamedMention("Harbour Authority", "e1", SENTENCE)], None, id="names-no-entity"),
        pytest.param(None, [NamedMention("Harbour Authority", "e1", SENTENCE)], None, id="no-source"),
    ],
)
def test_source_entity_id(source: str | None, mentions: list[NamedMention], expected: str | None) -> None:
    assert source_entity_id(source, SENTENCE, mentions) == expected


# Letters (accented, other scripts), a digit of another script, the underscore, a combining mark, spaces and
# punctuation: the characters a word boundary turns on.
_CHARACTERS = "ab_1 -.éÅ٣\u0301"


@given(st.text(_CHARACTERS, min_size=1, max_size=12), st.text(_CHARACTERS, max_size=6), st.text(_CHARACTERS, max_size=6))
def test_a_name_is_part_of_a_phrase_where_a_whole_word_pattern_finds_it(name: str, before: str, after: str) -> None:
    phrase = before + name + after + " " + before
    whole_word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    assert _names_part_of(name, phrase) == (whole_word.search(phrase) is not None)


def test_link_figures_sets_actor_and_source_entity() -> None:
    figure = {
        "doc_id": "d1", "text": "40 tugs", "start_char": 33, "end_char": 40, "sentence": SENTENCE, "qualifier": "exact",
        "value_low": 40.0, "value_high": 40.0, "unit": "tug", "category": "equipment", "actor": None,
        "source": "Harbour Authority officials", "actor_text": "Norwegian", "actor_origin": "sentence",
        "currency": None, "source_entity_id": None,
    }
    figures = pa.Table.from_pylist([figure, {**figure, "doc_id": "d2", "source": None, "actor_text": None}],
                                   schema=schemas.FIGURES)
    mentions = _mentions([("d1", "e1", "Harbour Authority", SENTENCE), ("d1", None, "Harbour", SENTENCE)])
    linked = link_figures(figures, mentions, _entities([("e1", "Harbour Authority")]))
    assert linked.schema == schemas.FIGURES
    assert linked.select(["doc_id", "actor", "source_entity_id"]).to_pylist() == [
        {"doc_id": "d1", "actor": "Norway", "source_entity_id": "e1"},
        {"doc_id": "d2", "actor": None, "source_entity_id": None},
    ]


def _reference_link(figures: pa.Table, mentions: pa.Table, entities: pa.Table) -> pa.Table:
    """Row by row, every mention of the document tried with its own pattern (as before the substring test)."""
    rows = figures.to_pylist()
    name_of = dict(zip(entities["entity_id"].to_pylist(), entities["name"].to_pylist()))
    named = [row for row in mentions.to_pylist() if row["entity_id"] is not None]
    names = {(m["doc_id"], m["text"]): name_of[m["entity_id"]] for m in named if m["entity_id"] in name_of}
    for row in rows:
        row["actor"] = actor_name(row["actor_text"], row["doc_id"], names)
        fits = [
            m for m in named
            if m["doc_id"] == row["doc_id"] and row["source"] and re.search(rf"(?<!\w){re.escape(m['text'])}(?!\w)", row["source"])
        ]
        best = max(fits, key=lambda m: (m["sentence"] == row["sentence"], len(m["text"])), default=None)
        row["source_entity_id"] = best["entity_id"] if best else None
    return pa.Table.from_pylist(rows, schema=figures.schema)


NAMES = ["Harbour", "Harbour Authority", "Port Board", "Board", "Mr. Vale", "Vale", "Valença", "C++ Guild", "(Tug) Union"]
SOURCES = [None, "Harbour Authority officials", "the Port Board's chair", "Harbourside residents", "Mr. Vale", "Valeria Vale",
           "Valença traders", "the C++ Guild", "(Tug) Union staff", "a Board member of the Harbour Authority"]


@pytest.mark.parametrize("seed", range(8))
def test_link_figures_gives_the_reference_links(seed: int) -> None:
    chooser = random.Random(seed)
    mention_rows = [
        (f"d{chooser.randint(1, 3)}", chooser.choice(["e1", "e2", "e3", "e4", None]), chooser.choice(NAMES),
         chooser.choice([SENTENCE, OTHER_SENTENCE]))
        for _ in range(25)
    ]
    mentions = _mentions(mention_rows)
    entities = _entities([("e1", "Harbour Authority"), ("e2", "Port Board"), ("e3", "Vale"), ("e4", "Guild")])
    figure = {"text": "40 tugs", "start_char": 0, "end_char": 7, "qualifier": "exact", "value_low": 40.0, "value_high": 40.0,
              "unit": "tug", "category": "equipment", "actor": "stale", "actor_origin": "sentence", "currency": None,
              "source_entity_id": "stale"}
    figures = pa.Table.from_pylist(
        [
            {**figure, "doc_id": f"d{chooser.randint(1, 4)}", "sentence": chooser.choice([SENTENCE, OTHER_SENTENCE]),
             "source": chooser.choice(SOURCES), "actor_text": chooser.choice([None, "Norwegian", *NAMES])}
            for _ in range(30)
        ],
        schema=schemas.FIGURES,
    )
    linked = link_figures(figures, mentions, entities)
    assert linked.equals(_reference_link(figures, mentions, entities))
    assert linked["source_entity_id"].null_count < linked.num_rows

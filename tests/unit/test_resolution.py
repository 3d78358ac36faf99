"""Corpus-wide entities: `resolve_corpus`, the function the entity assets run, on small mention tables."""
from __future__ import annotations

import pyarrow as pa
import pytest

from pipelines.core import schemas
from pipelines.core.places import lookup_place, place_candidates, resolve_places
from pipelines.core.resolution import KNOWN_NAMES, KnownNames, resolve_corpus


def row(doc_id: str, text: str, label: str, canonical: str | None = None, place: str | None = None) -> dict:
    """A stored mention row; ``place`` is the place name whose gazetteer id the document resolved."""
    place_id = lookup_place(place).place_id if place else None
    return {
        "doc_id": doc_id,
        "entity_id": None,
        "text": text,
        "label": label,
        "start_char": 0,
        "end_char": len(text),
        "sentence": text,
        "field": "body",
        "canonical": canonical or text,
        "place_id": place_id,
    }


def resolved(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    entities, mentions = resolve_corpus(pa.Table.from_pylist(rows, schema=schemas.ENTITY_MENTIONS))
    assert entities.schema == schemas.ENTITIES and mentions.schema == schemas.ENTITY_MENTIONS
    return entities.to_pylist(), mentions.to_pylist()


def named(entities: list[dict], name: str) -> dict:
    return next(entity for entity in entities if entity["name"] == name)


CORPUS = [
    row("d1", "ROK", "GPE", "South Korea", "ROK"),
    row("d2", "Republic of Korea", "GPE", "South Korea", "Republic of Korea"),
    row("d3", "South Korea", "GPE", place="South Korea"),
    row("d1", "Bolivia", "GPE", place="Bolivia"),
    row("d2", "Plurinational State of Bolivia", "GPE", "Bolivia", "Bolivia"),
    row("d1", "Bombay", "GPE", "Mumbai", "Bombay"),
    row("d2", "Mumbai", "GPE", place="Mumbai"),
    row("d1", "Wang Yi", "PERSON"),
    row("d2", "Wang", "PERSON", "Wang Yi"),
    row("d1", "Andean Community", "ORG"),
    row("d2", "AC", "ORG"),
    row("d3", "Far-East", "LOC"),
]


def test_one_entity_per_real_entity_with_aliases():
    entities, mentions = resolved(CORPUS)
    expected = {
        "South Korea": (["ROK", "Republic of Korea"], 3),
        "Bolivia": (["Plurinational State of Bolivia"], 2),
        "Mumbai": (["Bombay"], 2),
        "Wang Yi": (["Wang"], 2),
        "Andean Community": (["AC"], 2),
        "Far-East": ([], 1),
    }
    assert {entity["name"]: (entity["aliases"], entity["doc_count"]) for entity in entities} == expected
    by_text = {mention["text"]: mention["entity_id"] for mention in mentions}
    korea = named(entities, "South Korea")["entity_id"]
    assert by_text["ROK"] == by_text["Republic of Korea"] == by_text["South Korea"] == korea
    assert {mention["place_id"] for mention in mentions if mention["text"] == "Wang"} == {None}


def test_entity_ids_do_not_depend_on_input_order():
    entities, mentions = resolved(CORPUS)
    reversed_entities, reversed_mentions = resolved(CORPUS[::-1])
    assert sorted(e["entity_id"] for e in entities) == sorted(e["entity_id"] for e in reversed_entities)
    key = lambda mention: (mention["doc_id"], mention["text"])  # noqa: E731
    assert sorted(map(key, mentions)) == sorted(map(key, reversed_mentions))
    assert {key(m): m["entity_id"] for m in mentions} == {key(m): m["entity_id"] for m in reversed_mentions}


def test_acronym_with_two_possible_long_forms_follows_shared_context():
    entities, _ = resolved(
        [
            row("d1", "African Union", "ORG"),
            row("d1", "Addis Ababa", "GPE", place="Addis Ababa"),
            row("d2", "Auckland University", "ORG"),
            row("d2", "Auckland", "GPE", place="Auckland"),
            row("d3", "AU", "ORG"),
            row("d3", "Addis Ababa", "GPE", place="Addis Ababa"),
        ]
    )
    assert named(entities, "African Union")["aliases"] == ["AU"]
    assert named(entities, "Auckland University")["aliases"] == []


def test_company_names_with_and_without_legal_forms_are_one():
    entities, _ = resolved(
        [
            row("d1", "Borealis Freight Corp", "ORG"),
            row("d2", "Borealis Freight", "ORG"),
            row("d2", "Borealis Freight Corp.", "ORG"),
            row("d3", "Borealis Freight Holdings Ltd", "ORG"),
            row("d3", "Borealis Mining", "ORG"),
        ]
    )
    assert sorted(entity["mention_count"] for entity in entities) == [1, 4]


def test_same_place_under_two_labels_is_one_entity_with_the_place_label():
    entities, mentions = resolved(
        [row("d1", "Manitoba", "ORG"), row("d2", "Manitoba", "GPE", place="Manitoba"), row("d3", "Manitoba", "ORG")]
    )
    assert [(entity["name"], entity["label"], entity["place_type"], entity["mention_count"]) for entity in entities] == [
        ("Manitoba", "GPE", "region", 3)
    ]
    assert len({mention["entity_id"] for mention in mentions}) == 1


def test_short_forms_never_join_full_names_across_documents():
    entities, _ = resolved(
        [
            row("d1", "Ana Lindqvist", "PERSON"),
            row("d1", "Lindqvist", "PERSON", "Ana Lindqvist"),
            row("d2", "Per Lindqvist", "PERSON"),
            row("d3", "Lindqvist", "PERSON"),
        ]
    )
    assert sorted((entity["name"], entity["mention_count"]) for entity in entities) == [
        ("Ana Lindqvist", 2),
        ("Lindqvist", 1),
        ("Per Lindqvist", 1),
    ]


def test_nationality_words_carry_their_country():
    entities, _ = resolved(
        [row("d1", "Peruvian", "NORP"), row("d2", "Peruvians", "NORP"), row("d2", "Peru", "GPE", place="Peru")]
    )
    norp, peru = named(entities, "Peruvian"), named(entities, "Peru")
    assert (norp["mention_count"], norp["country_code"], norp["country_entity_id"]) == (2, "PE", peru["entity_id"])
    assert peru["country_entity_id"] == peru["entity_id"]
    assert norp["latitude"] is None and norp["place_type"] is None


def test_homonym_places_are_two_entities_told_apart_by_name():
    province = resolve_places(["Córdoba"], ["region"])[0]
    city = next(place for place in place_candidates("Córdoba") if place.country_code == "ES")
    rows = [
        row("d1", "Córdoba", "GPE"),
        row("d1", "Argentina", "GPE", place="Argentina"),
        row("d2", "Córdoba", "GPE"),
        row("d2", "Spain", "GPE", place="Spain"),
    ]
    rows[0]["place_id"], rows[2]["place_id"] = province.place_id, city.place_id
    entities, _ = resolved(rows)
    names = {entity["place_id"]: entity for entity in entities}
    assert names[province.place_id]["name"] == "Córdoba (province)"
    assert names[city.place_id]["name"].startswith("Córdoba, ")
    assert names[province.place_id]["country_entity_id"] == named(entities, "Argentina")["entity_id"]
    assert names[city.place_id]["country_entity_id"] == named(entities, "Spain")["entity_id"]


def test_places_are_enriched_from_the_gazetteer():
    entities, _ = resolved(
        [
            row("d1", "Lima", "GPE", place="Lima"),
            row("d1", "Peru", "GPE", place="Peru"),
            row("d1", "Oregon", "GPE", place="Oregon"),
            row("d2", "Rogue River", "LOC"),
            row("d2", "Marble Arch", "FAC"),
            row("d2", "Lindiwe Sisulu", "PERSON"),
        ]
    )
    lima, peru = named(entities, "Lima"), named(entities, "Peru")
    assert (lima["place_type"], lima["country_code"], lima["country_entity_id"]) == ("city", "PE", peru["entity_id"])
    assert (round(lima["latitude"], 1), round(lima["longitude"], 1)) == (-12.0, -77.0)
    assert peru["place_type"] == "country" and peru["latitude"] != lima["latitude"]  # inside, not the capital
    oregon = named(entities, "Oregon")
    assert (oregon["place_type"], oregon["country_code"]) == ("region", "US") and oregon["latitude"] is not None
    assert named(entities, "Rogue River")["place_type"] == "feature"
    assert named(entities, "Marble Arch")["place_type"] == "facility"
    person = named(entities, "Lindiwe Sisulu")
    assert (person["country_code"], person["latitude"], person["place_type"]) == (None, None, None)


def test_withdrawn_country_names_are_one_entity():
    historic = place_candidates("Czechoslovakia")[0]
    rows = [row("d1", "Czechoslovakia", "GPE"), row("d2", "Czechoslovak Socialist Republic", "GPE")]
    for mention in rows:
        mention["place_id"], mention["canonical"] = historic.place_id, historic.name
    entities, _ = resolved(rows)
    assert [(entity["name"], entity["mention_count"], entity["place_type"]) for entity in entities] == [
        ("Czechoslovakia", 2, "country")
    ]


@pytest.mark.parametrize("label", ["ORG", "PERSON"])
def test_a_lone_acronym_or_name_without_a_long_form_stays_itself(label):
    entities, _ = resolved([row("d1", "QXZ", label)])
    assert [entity["name"] for entity in entities] == ["QXZ"]


def test_stored_answers_are_taken_as_given():
    """The answers are used, not worked out again: a kept answer that differs from the rules' shows up."""
    rows = [row("d1", "Ana Lindqvist", "PERSON"), row("d2", "Per Lindqvist", "PERSON")]
    known = KnownNames()
    resolve_corpus(pa.Table.from_pylist(rows, schema=schemas.ENTITY_MENTIONS), known)
    answers = known.table().to_pylist()
    for answer in answers:
        answer["answer"] = "one person"
    entities, _ = resolve_corpus(pa.Table.from_pylist(rows, schema=schemas.ENTITY_MENTIONS),
                                 KnownNames(pa.Table.from_pylist(answers, schema=KNOWN_NAMES)))
    assert entities.num_rows == 1 and entities["mention_count"].to_pylist() == [2]

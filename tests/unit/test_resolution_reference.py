"""`resolve_corpus` against a plain reference: the rules applied once per document's form, as
written before resolution ran once per kind of mention. Both must give the very same tables."""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.core import resolution, schemas
from pipelines.core.places import lookup_place, place_by_id, place_of_group, region_name

FORM_COLUMNS = ["doc_id", "label", "text", "canonical", "place_id"]


@dataclass(frozen=True)
class Form:
    doc_id: str
    label: str
    text: str
    canonical: str
    place_id: str | None = None


def reference_resolve(mentions: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Every form of every document through the rules, one Python object each; mentions joined to their ids."""
    keyed = mentions.set_column(
        mentions.schema.get_field_index("place_id"), "place_id", mentions["place_id"].fill_null("")
    )
    counted = keyed.group_by(FORM_COLUMNS, use_threads=False).aggregate([([], "count_all")])
    forms = [Form(**{**row, "place_id": row["place_id"] or None}) for row in counted.select(FORM_COLUMNS).to_pylist()]
    count_of = dict(zip(forms, counted["count_all"].to_pylist()))

    group_of = {form: resolution._group_of(form.label, form.canonical, form.place_id) for form in forms}
    canonicals: dict = defaultdict(Counter)
    docs_of: dict = defaultdict(set)
    places: dict = {}
    for form, group in group_of.items():
        canonicals[group][form.canonical] += count_of[form]
        docs_of[group].add(form.doc_id)
        if form.place_id and group not in places and place_by_id(form.place_id) is not None:
            places[group] = place_by_id(form.place_id)
    names = {group: min(counts, key=lambda value: (-counts[value], value)) for group, counts in canonicals.items()}
    groups_in: dict = defaultdict(set)
    for group, doc_ids in docs_of.items():
        for doc_id in doc_ids:
            groups_in[doc_id].add(group)

    def contexts_of(asked):
        return {group: set().union(*(groups_in[doc_id] for doc_id in docs_of[group])) - {group} for group in asked}

    def sure_place_id(name):
        place = resolution._sure_place_of(name)
        return place.place_id if place is not None else None

    target_of = resolution._merge_targets(names, contexts_of, sure_place_id)
    members: dict = defaultdict(list)
    for form, group in group_of.items():
        members[target_of[group]].append(form)
    entity_of_country = {
        place.country_code: resolution._entity_id(target)
        for target, place in places.items()
        if target in members and place.place_type == "country" and place.country_code
    }
    entities = []
    for target, member_forms in members.items():
        place = places.get(target)
        labels = Counter()
        for form in member_forms:
            labels[form.label] += count_of[form]
        label = resolution._GAZETTEER_LABELS[place.place_type] if place else min(labels, key=lambda v: (-labels[v], v))
        name = place.name if place and place.place_type in ("country", "city", "area") else names[target]
        country = place_of_group(name) if target[0] == "NORP" else place
        code = country.country_code if country else None
        surfaces = {text for form in member_forms for text in (form.text, form.canonical)}
        entities.append(
            {
                "entity_id": resolution._entity_id(target),
                "name": name,
                "label": label,
                "aliases": sorted(surfaces - {name}),
                "mention_count": sum(count_of[form] for form in member_forms),
                "doc_count": len({form.doc_id for form in member_forms}),
                "country_code": code,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
                "place_type": resolution._place_type(label, name, place) if target[0] == "PLACE" else None,
                "place_id": place.place_id if place else None,
                "country_entity_id": entity_of_country.get(code) if code else None,
            }
        )
    told_apart(entities, {place.place_id: place for place in places.values()})
    id_of_form = {form: resolution._entity_id(target_of[group]) for form, group in group_of.items()}

    ids = counted.select(FORM_COLUMNS).append_column("resolved_id", pa.array([id_of_form[f] for f in forms], pa.string()))
    joined = keyed.drop_columns(["entity_id"]).join(ids, keys=FORM_COLUMNS, join_type="left outer", use_threads=False)
    joined = joined.rename_columns([("entity_id" if name == "resolved_id" else name) for name in joined.column_names])
    restored = pc.if_else(pc.equal(joined["place_id"], ""), pa.scalar(None, pa.string()), joined["place_id"])
    joined = joined.set_column(joined.schema.get_field_index("place_id"), "place_id", restored)
    entity_table = pa.Table.from_pylist(entities, schema=schemas.ENTITIES)
    entity_table = entity_table.sort_by([("mention_count", "descending"), ("entity_id", "ascending")])
    return entity_table, joined.select(mentions.column_names).cast(mentions.schema).sort_by(resolution.MENTION_ORDER)


def told_apart(entities: list[dict], places: dict) -> None:
    """Rule 6, entity by entity: a place entity whose name another place entity shares gets its region
    ("(division)" for a region, ", <region name>" otherwise, when the gazetteer knows the region)."""
    names = Counter(entity["name"] for entity in entities if entity["place_id"] in places)
    for entity in entities:
        place = places.get(entity["place_id"])
        if place is None or names[entity["name"]] < 2:
            continue
        if place.place_type == "region":
            entity["name"] = f"{entity['name']} ({place.division or 'region'})"
        elif place.region_code and region_name(place.region_code):
            entity["name"] = f"{entity['name']}, {region_name(place.region_code)}"


def _place(name: str) -> str:
    return lookup_place(name).place_id


# Invented organisations, people and nationality words, and places the other resolution tests use,
# so that every rule has something to do: legal forms, acronyms with one or two long forms,
# organisations named like a country, short forms of names, homonyms across labels.
VOCABULARY = [
    ("ORG", "Borealis Freight Corp", "Borealis Freight Corp", None),
    ("ORG", "Borealis Freight", "Borealis Freight", None),
    ("ORG", "BF", "BF", None),
    ("ORG", "Andean Community", "Andean Community", None),
    ("ORG", "Auckland Commission", "Auckland Commission", None),
    ("ORG", "AC", "AC", None),
    ("ORG", "A.C.", "A.C.", None),
    ("ORG", "Manitoba", "Manitoba", None),
    ("ORG", "Harbour Authority", "Harbour Authority", None),
    ("ORG", "the Harbour Authority", "Harbour Authority", None),
    ("PERSON", "Ana Lindqvist", "Ana Lindqvist", None),
    ("PERSON", "Lindqvist", "Ana Lindqvist", None),
    ("PERSON", "Lindqvist", "Lindqvist", None),
    ("PERSON", "Per Lindqvist", "Per Lindqvist", None),
    ("PERSON", "Kim Dae-jung", "Kim Dae-jung", None),
    ("PERSON", "Kim Dae Jung", "Kim Dae Jung", None),
    ("NORP", "Peruvian", "Peruvian", None),
    ("NORP", "Peruvians", "Peruvians", None),
    ("NORP", "Ruritanians", "Ruritanians", None),
    ("GPE", "Peru", "Peru", "Peru"),
    ("GPE", "Lima", "Lima", "Lima"),
    ("GPE", "Manitoba", "Manitoba", "Manitoba"),
    ("GPE", "Bombay", "Mumbai", "Bombay"),
    ("GPE", "Mumbai", "Mumbai", "Mumbai"),
    ("GPE", "Oregon", "Oregon", "Oregon"),
    ("GPE", "Springfield", "Springfield", None),
    ("LOC", "Rogue River", "Rogue River", None),
    ("LOC", "Far-East", "Far-East", None),
    ("FAC", "Marble Arch", "Marble Arch", None),
]


def invented_corpus(seed: int, documents: int = 12) -> list[dict]:
    """Mention rows of `documents` documents drawn from VOCABULARY, in the stored order (by document, then place)."""
    chooser = random.Random(seed)
    rows = []
    for number in range(documents):
        start = 0
        for label, text, canonical, place in chooser.choices(VOCABULARY, k=chooser.randint(0, 9)):
            rows.append(
                {
                    "doc_id": f"d{number:02d}",
                    "entity_id": None,
                    "text": text,
                    "label": label,
                    "start_char": start,
                    "end_char": start + len(text),
                    "sentence": f"{text} was named.",
                    "field": chooser.choice(["body", "title"]),
                    "canonical": canonical,
                    "place_id": _place(place) if place else None,
                }
            )
            start += len(text) + chooser.randint(1, 40)
    return sorted(rows, key=lambda row: (row["doc_id"], row["field"], row["start_char"], row["end_char"]))


def _tables(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schemas.ENTITY_MENTIONS)


@pytest.mark.parametrize("seed", range(12))
def test_resolve_corpus_gives_the_reference_tables(seed):
    mentions = _tables(invented_corpus(seed))
    entities, linked = resolution.resolve_corpus(mentions)
    expected_entities, expected_linked = reference_resolve(mentions)
    assert entities.equals(expected_entities) and linked.equals(expected_linked)
    assert entities.num_rows > 0 or mentions.num_rows == 0


def test_mentions_out_of_order_come_back_sorted_as_the_reference_sorts_them():
    rows = invented_corpus(3)
    shuffled = _tables(random.Random(7).sample(rows, len(rows)))
    _, linked = resolution.resolve_corpus(shuffled)
    _, expected = reference_resolve(shuffled)
    assert linked.equals(expected)
    assert linked.select(["doc_id", "start_char"]).to_pylist() == _tables(rows).select(["doc_id", "start_char"]).to_pylist()


@pytest.mark.parametrize("seed", range(6))
def test_answers_kept_from_an_earlier_corpus_give_the_reference_tables(seed):
    """A run handed the stored answers of another run (some names shared, some new) resolves as one without."""
    earlier = resolution.KnownNames()
    resolution.resolve_corpus(_tables(invented_corpus(seed + 100, documents=6)), earlier)
    kept = resolution.KnownNames(earlier.table())
    mentions = _tables(invented_corpus(seed))
    entities, linked = resolution.resolve_corpus(mentions, kept)
    expected_entities, expected_linked = reference_resolve(mentions)
    assert entities.equals(expected_entities) and linked.equals(expected_linked)


def test_a_corpus_resolved_again_works_out_no_answer_and_keeps_only_what_it_asked():
    mentions = _tables(invented_corpus(5))
    first = resolution.KnownNames()
    resolution.resolve_corpus(mentions, first)
    again = resolution.KnownNames(first.table())
    resolution.resolve_corpus(mentions, again)
    assert first.learned > 0 and again.learned == 0
    assert again.table().equals(first.table())
    fewer = resolution.KnownNames(first.table())
    resolution.resolve_corpus(_tables(invented_corpus(5, documents=2)), fewer)
    assert fewer.learned == 0 and 0 < fewer.table().num_rows < first.table().num_rows


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([], id="no-mentions"),
        pytest.param(
            [("d1", "GPE", "Lima", "Lima", "Lima"), ("d2", "GPE", "LIMA", "Lima", "Lima"), ("d3", "GPE", "Lima", "Lima", None)],
            id="same-name-with-and-without-a-place",
        ),
        pytest.param(
            [
                ("d1", "ORG", "AC", "AC", None),
                ("d2", "ORG", "Andean Community", "Andean Community", None),
                ("d3", "ORG", "Auckland Commission", "Auckland Commission", None),
            ],
            id="acronym-with-two-long-forms-and-no-shared-context",
        ),
        pytest.param(
            [("d1", "ORG", "Manitoba", "Manitoba", None), ("d1", "GPE", "Manitoba", "Manitoba", "Manitoba")],
            id="one-document-names-a-place-under-two-labels",
        ),
    ],
)
def test_edge_cases_match_the_reference(rows):
    mentions = _tables(
        [
            {
                "doc_id": doc_id, "entity_id": None, "text": text, "label": label, "start_char": number,
                "end_char": number + len(text), "sentence": None, "field": "body", "canonical": canonical,
                "place_id": _place(place) if place else None,
            }
            for number, (doc_id, label, text, canonical, place) in enumerate(rows)
        ]
    )
    entities, linked = resolution.resolve_corpus(mentions)
    expected_entities, expected_linked = reference_resolve(mentions)
    assert entities.equals(expected_entities) and linked.equals(expected_linked)
    assert linked.num_rows == mentions.num_rows and linked["entity_id"].null_count == 0

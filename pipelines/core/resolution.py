"""Corpus-wide entities: the mentions of every document grouped into one row per real-world thing.

``resolve_corpus`` is what the `entities` and `entity_mentions` assets run: it
takes the stored mention rows of the whole corpus and returns the entity table
and the mention rows with their ``entity_id``. Mentions are counted per distinct
form first, so the cost follows the variety of names, not the size of the corpus.

Rules, in this order:

1. Mentions group by class (PERSON, ORG, PLACE = GPE/LOC/FAC, or the label itself)
   and key. A place the gazetteer identified in its document is keyed by that
   place (``place_id``), so two Portlands stay two entities and "Bombay" and
   "Mumbai" are one; any other name by its in-document canonical name (case,
   hyphens, dots and "the" ignored: "Kim Dae-jung" = "Kim Dae Jung").
2. Company names with and without a legal form are one entity: an organisation
   key leaves out trailing legal suffixes (Inc, Corp, Co, Plc, Ltd, Group, AG,
   SA, NV...), so "Borealis Freight Corp" joins "Borealis Freight" wherever the
   corpus names both.
3. A nationality word is keyed by the country it refers to ("Ruritanian" and
   "Ruritanians" are one NORP entity).
4. The same thing under two labels is one entity: an organisation whose name is a
   country or region the gazetteer knows for sure (no rival place of that name but
   lesser towns) joins that place.
5. An acronym written alone joins a long form with its initials in the same class
   ("AU" -> "African Union"); when several fit, the one whose documents share the
   most other entities with the acronym's wins, and a tie merges nothing. Short
   forms of people's names are not merged across documents: a surname joins a
   full name only inside a document that has it (see ``mentions``), so "Clinton"
   in one article never makes two different Clintons one.
6. Names: the most frequent canonical name of the group; countries, cities and
   continents by their gazetteer name. Place entities that would share a name are
   told apart by their region ("Springfield, Illinois") or their kind
   ("Durango (state)").
7. Places carry what the gazetteer knows: ``place_type`` (country, region, city,
   area, feature, facility), ISO ``country_code``, a representative point, and
   ``country_entity_id``, the entity of the country they lie in (a country's own
   id for a country). Nationality words carry the country they refer to in the
   same two columns, so analyses can roll them up.

Ids hash the class and the key, so they depend on neither input order nor run.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import schemas
from pipelines.core.lexicon import FEATURE_HEADS, LEGAL_SUFFIXES
from pipelines.core.mentions import PLACE_LABELS, initials, name_key
from pipelines.core.places import Place, place_by_id, place_candidates, place_of_group, region_name

__all__ = ["Entity", "Form", "resolve_corpus", "resolve_forms"]

Group = tuple[str, str]  # (class, key) of mentions naming one entity
FORM_COLUMNS = ["doc_id", "label", "text", "canonical", "place_id"]
MENTION_ORDER = [("doc_id", "ascending"), ("field", "ascending"), ("start_char", "ascending"), ("end_char", "ascending")]
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_GAZETTEER_LABELS = {"country": "GPE", "region": "GPE", "city": "GPE", "area": "LOC", "feature": "LOC", "facility": "FAC"}


@dataclass(frozen=True)
class Entity:
    entity_id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    mention_count: int
    doc_count: int
    country_code: str | None
    latitude: float | None
    longitude: float | None
    place_type: str | None
    place_id: str | None
    country_entity_id: str | None


@dataclass(frozen=True)
class Form:
    """Mentions of one document that read alike: same label, text, canonical name and place."""

    doc_id: str
    label: str
    text: str
    canonical: str
    place_id: str | None = None


def _coarse_class(label: str) -> str:
    return "PLACE" if label in PLACE_LABELS else label


def _company_key(name: str) -> str:
    """"Borealis Freight Corp." -> "borealis freight": trailing legal forms left out (rule 2)."""
    words = name_key(name).replace(",", " ").split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def _entity_id(group: Group) -> str:
    return hashlib.sha1(f"{group[0]}:{group[1]}".encode()).hexdigest()[:16]


def _group_of(form: Form) -> Group:
    """Rules 1-3."""
    entity_class = _coarse_class(form.label)
    if entity_class == "PLACE" and form.place_id:
        return entity_class, form.place_id
    if entity_class == "ORG":
        return entity_class, _company_key(form.canonical)
    if entity_class == "NORP":
        country = place_of_group(form.canonical)
        if country is not None:
            return entity_class, f"of:{country.place_id}"
    return entity_class, name_key(form.canonical)


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.fullmatch(name))


def _sure_place_of(name: str) -> Place | None:
    """A country or region the gazetteer knows ``name`` for, with no rival but lesser towns."""
    candidates = place_candidates(name)
    if not candidates or candidates[0].place_type not in ("country", "region"):
        return None
    rivals = candidates[1:]
    return candidates[0] if all(rival.place_type == "city" for rival in rivals) else None


def _merge_targets(names: dict[Group, str], docs_of: dict[Group, set[str]]) -> dict[Group, Group]:
    """Where each group belongs (rules 4 and 5)."""
    long_forms_by_initials: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group, name in names.items():
        if group[0] != "PERSON" and not _is_acronym(name):
            long_forms_by_initials[(group[0], initials(name))].append(group)

    groups_in_doc: dict[str, set[Group]] = defaultdict(set)
    for group, doc_ids in docs_of.items():
        for doc_id in doc_ids:
            groups_in_doc[doc_id].add(group)

    def context(group: Group) -> set[Group]:
        return set().union(*(groups_in_doc[doc_id] for doc_id in docs_of[group])) - {group}

    targets = {}
    for group, name in names.items():
        entity_class = group[0]
        fits: list[Group] = []
        if entity_class == "ORG":
            place = _sure_place_of(name)
            if place is not None and ("PLACE", place.place_id) in names:
                targets[group] = ("PLACE", place.place_id)
                continue
        if entity_class != "PERSON" and _is_acronym(name):
            fits = long_forms_by_initials.get((entity_class, name.replace(".", "")), [])
        if len(fits) > 1:
            shared = sorted(((len(context(group) & context(fit)), fit) for fit in fits), reverse=True)
            fits = [shared[0][1]] if shared[0][0] > shared[1][0] else []
        targets[group] = fits[0] if fits else group
    return targets


def _most_common(counts: Counter[str]) -> str:
    return min(counts, key=lambda value: (-counts[value], value))


def _place_type(label: str, name: str, place: Place | None) -> str | None:
    if place is not None:
        return place.place_type
    if label == "FAC":
        return "facility"
    if label == "LOC":
        return "feature" if name.rpartition(" ")[2].lower() in FEATURE_HEADS else "area"
    return None


def _told_apart(entities: list[Entity], places: dict[str, Place]) -> list[Entity]:
    """Place entities sharing a name get their region or kind added (rule 6)."""
    by_name: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.place_id in places:
            by_name[entity.name].append(entity)
    renamed = {}
    for name, same in by_name.items():
        if len(same) < 2:
            continue
        for entity in same:
            place = places[entity.place_id]
            if place.place_type == "region":
                renamed[entity.entity_id] = f"{name} ({place.division or 'region'})"
            elif place.region_code and region_name(place.region_code):
                renamed[entity.entity_id] = f"{name}, {region_name(place.region_code)}"
    return [
        Entity(**{**asdict(entity), "name": renamed[entity.entity_id]}) if entity.entity_id in renamed else entity
        for entity in entities
    ]


def resolve_forms(forms: Mapping[Form, int]) -> tuple[list[Entity], dict[Form, str]]:
    """Group a corpus's mention forms (each with its number of mentions) into entities.

    Returns the entities (most mentioned first) and the entity_id of each form.
    See the module docstring for the rules.
    """
    group_of = {form: _group_of(form) for form in forms}
    canonicals: dict[Group, Counter[str]] = defaultdict(Counter)
    docs_of: dict[Group, set[str]] = defaultdict(set)
    places: dict[Group, Place] = {}
    for form, group in group_of.items():
        canonicals[group][form.canonical] += forms[form]
        docs_of[group].add(form.doc_id)
        if form.place_id and group not in places:
            found = place_by_id(form.place_id)
            if found is not None:
                places[group] = found
    names = {group: _most_common(counts) for group, counts in canonicals.items()}
    target_of = _merge_targets(names, docs_of)

    members: dict[Group, list[Form]] = defaultdict(list)
    for form, group in group_of.items():
        members[target_of[group]].append(form)
    entity_of_country = {
        place.country_code: _entity_id(target)
        for target, place in places.items()
        if target in members and place.place_type == "country" and place.country_code
    }

    entities = []
    for target, member_forms in members.items():
        entity_class = target[0]
        place = places.get(target)
        labels: Counter[str] = Counter()
        for form in member_forms:
            labels[form.label] += forms[form]
        label = _GAZETTEER_LABELS[place.place_type] if place else _most_common(labels)
        name = place.name if place and place.place_type in ("country", "city", "area") else names[target]
        country = place
        if entity_class == "NORP":
            country = place_of_group(name)
        code = country.country_code if country else None
        surfaces = {text for form in member_forms for text in (form.text, form.canonical)}
        entities.append(
            Entity(
                entity_id=_entity_id(target),
                name=name,
                label=label,
                aliases=tuple(sorted(surfaces - {name})),
                mention_count=sum(forms[form] for form in member_forms),
                doc_count=len({form.doc_id for form in member_forms}),
                country_code=code,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                place_type=_place_type(label, name, place) if entity_class in ("PLACE",) else None,
                place_id=place.place_id if place else None,
                country_entity_id=entity_of_country.get(code) if code else None,
            )
        )
    entities = _told_apart(entities, {place.place_id: place for place in places.values()})
    entities.sort(key=lambda entity: (-entity.mention_count, entity.name, entity.entity_id))
    return entities, {form: _entity_id(target_of[group]) for form, group in group_of.items()}


def resolve_corpus(mentions: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The `entities` table for stored mention rows (``schemas.ENTITY_MENTIONS``), and the rows
    with `entity_id` set (``schemas.ENTITY_MENTIONS``, in row order).

    Mentions are counted per distinct form with Arrow first, so Python only sees
    the variety of names, never one object per mention.
    """
    keyed = mentions.set_column(
        mentions.schema.get_field_index("place_id"),
        "place_id",
        mentions["place_id"].fill_null(""),  # Arrow joins never match null keys
    )
    counted = keyed.group_by(FORM_COLUMNS, use_threads=False).aggregate([([], "count_all")])
    rows = counted.select(FORM_COLUMNS).to_pylist()
    forms = [Form(**{**row, "place_id": row["place_id"] or None}) for row in rows]
    found, id_of_form = resolve_forms(dict(zip(forms, counted["count_all"].to_pylist())))
    ids = counted.select(FORM_COLUMNS).append_column("resolved_id", pa.array([id_of_form[f] for f in forms], pa.string()))
    joined = keyed.drop_columns(["entity_id"]).join(ids, keys=FORM_COLUMNS, join_type="left outer", use_threads=False)
    joined = joined.rename_columns([("entity_id" if name == "resolved_id" else name) for name in joined.column_names])
    restored = pc.if_else(pc.equal(joined["place_id"], ""), pa.scalar(None, pa.string()), joined["place_id"])
    joined = joined.set_column(joined.schema.get_field_index("place_id"), "place_id", restored)
    entity_table = pa.Table.from_pylist([asdict(e) | {"aliases": list(e.aliases)} for e in found], schema=schemas.ENTITIES)
    entity_table = entity_table.sort_by([("mention_count", "descending"), ("entity_id", "ascending")])
    return entity_table, joined.select(mentions.column_names).cast(mentions.schema).sort_by(MENTION_ORDER)

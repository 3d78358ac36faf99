"""Corpus-wide entities: the mentions of every document grouped into one row per real-world thing.

``resolve_corpus`` is what the `entities` and `entity_mentions` assets run: it
takes the stored mention rows of the whole corpus and returns the entity table
and the mention rows with their ``entity_id``. Mentions are counted per kind
(label, text, canonical name and place, whichever the document) first, so the
rules' cost follows the variety of names, not the size of the corpus.

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

What rules 1-4 answer about a name (its group; whether an organisation's name is a
country the gazetteer knows for sure) depends on the name and this code alone, and
working it out (name keys, gazetteer lookups) is a good part of a resolution's cost,
so ``KnownNames`` carries the answers from one run to the next: a run adding a few
documents works out only their new names.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import schemas
from pipelines.core.lexicon import FEATURE_HEADS, LEGAL_SUFFIXES
from pipelines.core.names import coarse_class, initials, is_acronym, name_key
from pipelines.core.places import Place, place_by_id, place_candidates, place_of_group, region_name

__all__ = ["KNOWN_NAMES", "KNOWN_NAMES_FILE", "Kind", "KindDocuments", "KnownNames", "resolve_corpus", "resolve_kinds"]

Group = tuple[str, str]  # (class, key) of mentions naming one entity
KIND_COLUMNS = ["label", "text", "canonical", "place_id"]
MENTION_ORDER = [("doc_id", "ascending"), ("field", "ascending"), ("start_char", "ascending"), ("end_char", "ascending")]
_GAZETTEER_LABELS = {"country": "GPE", "region": "GPE", "city": "GPE", "area": "LOC", "feature": "LOC", "facility": "FAC"}


class Kind(NamedTuple):
    """Mentions that read alike, in whichever documents: same label, text, canonical name and place.

    A mention's entity depends on its kind alone (its documents only weigh in on
    which long form an acronym joins, and on counts), so the rules run once per
    kind, not once per mention or per document.
    """

    label: str
    text: str
    canonical: str
    place_id: str | None
    mentions: int  # how many mentions are of this kind


@dataclass(frozen=True)
class KindDocuments:
    """The documents each kind is in, as Arrow arrays: one (kind, doc_id) pair per kind and document,
    the kind by its position in the list of kinds. Only counted and filtered with Arrow, so Python
    never holds a set of documents per kind."""

    kind: pa.Array  # int64
    doc_id: pa.Array  # string

    @classmethod
    def from_lists(cls, doc_ids_of_kinds: Sequence[Collection[str]]) -> KindDocuments:
        """From the documents of each kind, in the order of the kinds."""
        lists = pa.array([sorted(set(doc_ids)) for doc_ids in doc_ids_of_kinds], pa.list_(pa.string()))
        return cls.from_list_array(lists)

    @classmethod
    def from_list_array(cls, lists: pa.Array | pa.ChunkedArray) -> KindDocuments:
        """From a list array holding each kind's distinct documents, in the order of the kinds."""
        lists = lists.combine_chunks() if isinstance(lists, pa.ChunkedArray) else lists
        return cls(pc.list_parent_indices(lists).cast(pa.int64()), pc.list_flatten(lists))

    def documents_of(self, kinds: pa.Array) -> pa.Table:
        """(owner, doc_id) pairs, distinct: `kinds[i]` is the owner (an int64 index) of kind i's documents."""
        owners = pa.table({"owner": pc.take(kinds, self.kind), "doc_id": self.doc_id})
        return owners.group_by(["owner", "doc_id"], use_threads=False).aggregate([])


def _company_key(name: str) -> str:
    """"Borealis Freight Corp." -> "borealis freight": trailing legal forms left out (rule 2)."""
    words = name_key(name).replace(",", " ").split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def _entity_id(group: Group) -> str:
    return hashlib.sha1(f"{group[0]}:{group[1]}".encode()).hexdigest()[:16]


def _group_of(label: str, canonical: str, place_id: str | None) -> Group:
    """Rules 1-3."""
    entity_class = coarse_class(label)
    if entity_class == "PLACE" and place_id:
        return entity_class, place_id
    if entity_class == "ORG":
        return entity_class, _company_key(canonical)
    if entity_class == "NORP":
        country = place_of_group(canonical)
        if country is not None:
            return entity_class, f"of:{country.place_id}"
    return entity_class, name_key(canonical)


# The stored answers of `KnownNames`, a Parquet file of their own. Its schema is kept here, not in `schemas`,
# which the annotation's code version covers: a change to it resolves again, it does not annotate again.
KNOWN_NAMES_FILE = "known_names"
_GROUP, _SURE_PLACE = "group", "sure_place"
KNOWN_NAMES = pa.schema(
    [
        pa.field("question", pa.string(), nullable=False),  # _GROUP or _SURE_PLACE
        pa.field("label", pa.string()),  # a group's question: the mention's label
        pa.field("name", pa.string(), nullable=False),  # the canonical name asked about
        pa.field("place_id", pa.string()),  # a group's question: the place the mention's document resolved
        pa.field("group_class", pa.string()),  # a group's answer: its class
        pa.field("answer", pa.string()),  # a group's key; a sure place's place_id (null: none)
    ]
)


class KnownNames:
    """The answers of rules 1-4 about names: each kind's group, and the place an organisation's name
    stands for (`_sure_place_of`). Answers given by an earlier run (`earlier`, a `table()` of it, kept
    with the stamp of this code) are taken instead of being worked out again. `table()` holds what
    this run asked, so the answers kept follow the corpus as documents come and go.
    """

    def __init__(self, earlier: pa.Table | None = None):
        self._earlier_groups: dict[tuple[str, str, str | None], Group] = {}
        self._earlier_places: dict[str, str | None] = {}
        if earlier is not None:
            columns = [earlier[name].to_pylist() for name in KNOWN_NAMES.names]
            for question, label, name, place_id, group_class, answer in zip(*columns):
                if question == _GROUP:
                    self._earlier_groups[(label, name, place_id)] = (group_class, answer)
                else:
                    self._earlier_places[name] = answer
        self._groups: dict[tuple[str, str, str | None], Group] = {}
        self._places: dict[str, str | None] = {}
        self.learned = 0  # answers this run worked out, not taken from `earlier`

    def group_of(self, label: str, canonical: str, place_id: str | None) -> Group:
        question = (label, canonical, place_id)
        group = self._groups.get(question)
        if group is None:
            group = self._earlier_groups.get(question)
            if group is None:
                group, self.learned = _group_of(label, canonical, place_id), self.learned + 1
            self._groups[question] = group
        return group

    def sure_place_id(self, name: str) -> str | None:
        """The place_id of `_sure_place_of(name)`, or None."""
        if name not in self._places:
            if name in self._earlier_places:
                self._places[name] = self._earlier_places[name]
            else:
                place, self.learned = _sure_place_of(name), self.learned + 1
                self._places[name] = place.place_id if place is not None else None
        return self._places[name]

    def table(self) -> pa.Table:
        """This run's answers (``KNOWN_NAMES``), in the order they were asked."""
        groups, places = list(self._groups.items()), list(self._places.items())
        return pa.table(
            {
                "question": [_GROUP] * len(groups) + [_SURE_PLACE] * len(places),
                "label": [label for (label, _, _), _ in groups] + [None] * len(places),
                "name": [name for (_, name, _), _ in groups] + [name for name, _ in places],
                "place_id": [place_id for (_, _, place_id), _ in groups] + [None] * len(places),
                "group_class": [group[0] for _, group in groups] + [None] * len(places),
                "answer": [group[1] for _, group in groups] + [place_id for _, place_id in places],
            },
            schema=KNOWN_NAMES,
        )


def _sure_place_of(name: str) -> Place | None:
    """A country or region the gazetteer knows ``name`` for, with no rival but lesser towns."""
    candidates = place_candidates(name)
    if not candidates or candidates[0].place_type not in ("country", "region"):
        return None
    rivals = candidates[1:]
    return candidates[0] if all(rival.place_type == "city" for rival in rivals) else None


# For each group asked for, the other groups in its documents, each named by any one value (its number).
ContextsOf = Callable[[Collection[Group]], Mapping[Group, set]]


def _merge_targets(names: dict[Group, str], contexts_of: ContextsOf, sure_place_id: Callable[[str], str | None]) -> dict[Group, Group]:
    """Where each group belongs (rules 4 and 5)."""
    long_forms_by_initials: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group, name in names.items():
        if group[0] != "PERSON" and not is_acronym(name):
            long_forms_by_initials[(group[0], initials(name))].append(group)

    targets = {}
    several_fit: dict[Group, list[Group]] = {}  # acronyms decided on their contexts, all at once below
    for group, name in names.items():
        entity_class = group[0]
        fits: list[Group] = []
        if entity_class == "ORG":
            place_id = sure_place_id(name)
            if place_id is not None and ("PLACE", place_id) in names:
                targets[group] = ("PLACE", place_id)
                continue
        if entity_class != "PERSON" and is_acronym(name):
            fits = long_forms_by_initials.get((entity_class, name.replace(".", "")), [])
        if len(fits) > 1:
            several_fit[group] = fits
            continue
        targets[group] = fits[0] if fits else group
    if several_fit:
        context = contexts_of({*several_fit, *(fit for fits in several_fit.values() for fit in fits)})
        for group, fits in several_fit.items():
            shared = sorted(((len(context[group] & context[fit]), fit) for fit in fits), reverse=True)
            targets[group] = shared[0][1] if shared[0][0] > shared[1][0] else group
    return targets


def _most_common(counts: Mapping[str, int]) -> str:
    if len(counts) == 1:  # most groups: no need to rank
        return next(iter(counts))
    return min(counts, key=lambda value: (-counts[value], value))


def _place_type(label: str, name: str, place: Place | None) -> str | None:
    if place is not None:
        return place.place_type
    if label == "FAC":
        return "facility"
    if label == "LOC":
        return "feature" if name.rpartition(" ")[2].lower() in FEATURE_HEADS else "area"
    return None


def _told_apart(names: list[str], place_ids: list[str | None], places: dict[str, Place]) -> list[str]:
    """The entities' `names`, those of place entities sharing a name with their region or kind added (rule 6)."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for position, (name, place_id) in enumerate(zip(names, place_ids)):
        if place_id in places:
            by_name[name].append(position)
    renamed = list(names)
    for name, same in by_name.items():
        if len(same) < 2:
            continue
        for position in same:
            place = places[place_ids[position]]
            if place.place_type == "region":
                renamed[position] = f"{name} ({place.division or 'region'})"
            elif place.region_code and region_name(place.region_code):
                renamed[position] = f"{name}, {region_name(place.region_code)}"
    return renamed


def resolve_kinds(kinds: Sequence[Kind], documents: KindDocuments, known: KnownNames | None = None) -> tuple[pa.Table, list[str]]:
    """Group a corpus's mention kinds, in the `documents` given for each, into entities.

    Returns the entities (``schemas.ENTITIES``, in no set order: `resolve_corpus` orders
    them) and the entity_id of each kind, in the order of `kinds`. See the module
    docstring for the rules. `kinds` come in the order of their first mention
    in the corpus: where two places claim one country code, the later one's
    entity is the country's. `known` gives earlier answers about names and gathers this run's.
    """
    known = known if known is not None else KnownNames()
    group_of = [known.group_of(kind.label, kind.canonical, kind.place_id) for kind in kinds]
    canonicals: dict[Group, dict[str, int]] = defaultdict(dict)  # mentions by canonical name
    places: dict[Group, Place] = {}
    for kind, group in zip(kinds, group_of):
        counts = canonicals[group]
        counts[kind.canonical] = counts.get(kind.canonical, 0) + kind.mentions
        if kind.place_id and group not in places:
            found = place_by_id(kind.place_id)
            if found is not None:
                places[group] = found
    groups = list(canonicals)  # numbered in the order of their first kind
    number_of = {group: number for number, group in enumerate(groups)}
    group_of_kind = pa.array([number_of[group] for group in group_of], pa.int64())
    names = {group: _most_common(counts) for group, counts in canonicals.items()}

    def contexts_of(asked: Collection[Group]) -> dict[Group, set[int]]:
        return _contexts(documents.documents_of(group_of_kind), [number_of[group] for group in asked], asked)

    target_of = _merge_targets(names, contexts_of, known.sure_place_id)

    # What each entity sums over its kinds, in Arrow, by target (its group's number): its mentions,
    # its most frequent label, and its surface forms.
    target_of_kind = pc.take(pa.array([number_of[target_of[group]] for group in groups], pa.int64()), group_of_kind)
    by_kind = pa.table(
        {
            "target": target_of_kind,
            "label": pa.array([kind.label for kind in kinds], pa.string()),
            "text": pa.array([kind.text for kind in kinds], pa.string()),
            "canonical": pa.array([kind.canonical for kind in kinds], pa.string()),
            "mentions": pa.array([kind.mentions for kind in kinds], pa.int64()),
        }
    )
    labels = (
        by_kind.group_by(["target", "label"], use_threads=False)
        .aggregate([("mentions", "sum")])
        .sort_by([("target", "ascending"), ("mentions_sum", "descending"), ("label", "ascending")])
    )
    # Ordered by target: each target's first label is its most frequent, the alphabetically first of those tied.
    totals = labels.group_by("target", use_threads=False).aggregate([("label", "first"), ("mentions_sum", "sum")])
    numbers = totals["target"].to_pylist()
    targets = [groups[number] for number in numbers]
    entity_ids = {target: _entity_id(target) for target in targets}
    entity_of_country = {
        place.country_code: entity_ids[target]
        for target, place in places.items()
        if target in entity_ids and place.place_type == "country" and place.country_code
    }
    documents_of_targets = documents.documents_of(target_of_kind).group_by("owner", use_threads=False).aggregate([([], "count_all")])
    doc_count = dict(zip(documents_of_targets["owner"].to_pylist(), documents_of_targets["count_all"].to_pylist()))

    columns: dict[str, list] = {name: [] for name in schemas.ENTITIES.names if name not in ("aliases", "mention_count")}
    for number, target, most_common_label in zip(numbers, targets, totals["label_first"].to_pylist()):
        place = places.get(target)
        label = _GAZETTEER_LABELS[place.place_type] if place else most_common_label
        name = place.name if place and place.place_type in ("country", "city", "area") else names[target]
        country = place_of_group(name) if target[0] == "NORP" else place
        code = country.country_code if country else None
        columns["entity_id"].append(entity_ids[target])
        columns["name"].append(name)
        columns["label"].append(label)
        columns["doc_count"].append(doc_count.get(number, 0))
        columns["country_code"].append(code)
        columns["latitude"].append(place.latitude if place else None)
        columns["longitude"].append(place.longitude if place else None)
        columns["place_type"].append(_place_type(label, name, place) if target[0] == "PLACE" else None)
        columns["place_id"].append(place.place_id if place else None)
        columns["country_entity_id"].append(entity_of_country.get(code) if code else None)
    columns["aliases"] = _aliases(by_kind, totals["target"], columns["name"])
    columns["mention_count"] = totals["mentions_sum_sum"]
    columns["name"] = _told_apart(columns["name"], columns["place_id"], {place.place_id: place for place in places.values()})
    return pa.table(columns, schema=schemas.ENTITIES), [entity_ids[target_of[group]] for group in group_of]


def _aliases(by_kind: pa.Table, targets: pa.ChunkedArray, names: list[str]) -> pa.ListArray:
    """For each of `targets`, in order, its kinds' texts and canonical names but its `name`, sorted, once each."""
    surfaces = pa.concat_tables(
        [by_kind.select(["target", column]).rename_columns(["target", "surface"]) for column in ("text", "canonical")]
    ).group_by(["target", "surface"], use_threads=False).aggregate([])
    named = pa.table({"target": targets, "name": pa.array(names, pa.string())})
    surfaces = surfaces.join(named, keys="target", use_threads=False)
    others = surfaces.filter(pc.not_equal(surfaces["surface"], surfaces["name"]))
    others = others.sort_by([("target", "ascending"), ("surface", "ascending")])
    # `targets` ascend, as `others` does: each target's list is the next run of its count of surfaces.
    counted = others.group_by("target", use_threads=False).aggregate([([], "count_all")])
    counts = pc.fill_null(pc.take(counted["count_all"], pc.index_in(targets, counted["target"])), 0)
    offsets = pa.concat_arrays([pa.array([0], pa.int64()), pc.cumulative_sum(counts).combine_chunks()]).cast(pa.int32())
    return pa.ListArray.from_arrays(offsets, others["surface"].combine_chunks())


def _contexts(documents_of_groups: pa.Table, numbers: list[int], asked: Collection[Group]) -> dict[Group, set[int]]:
    """For each group `asked` (numbered `numbers`), the numbers of the other groups in its documents
    (`documents_of_groups`: distinct (owner, doc_id) pairs, the owner a group's number)."""
    theirs = documents_of_groups.filter(pc.is_in(documents_of_groups["owner"], pa.array(numbers, pa.int64())))
    around = documents_of_groups.filter(pc.is_in(documents_of_groups["doc_id"], pc.unique(theirs["doc_id"])))
    groups_in: dict[str, set[int]] = defaultdict(set)
    for owner, doc_id in zip(around["owner"].to_pylist(), around["doc_id"].to_pylist()):
        groups_in[doc_id].add(owner)
    docs_of: dict[int, list[str]] = defaultdict(list)
    for owner, doc_id in zip(theirs["owner"].to_pylist(), theirs["doc_id"].to_pylist()):
        docs_of[owner].append(doc_id)
    return {
        group: set().union(*(groups_in[doc_id] for doc_id in docs_of[number])) - {number}
        for group, number in zip(asked, numbers)
    }


def resolve_corpus(mentions: pa.Table, known: KnownNames | None = None) -> tuple[pa.Table, pa.Table]:
    """The `entities` table for stored mention rows (``schemas.ENTITY_MENTIONS``), and the rows
    with `entity_id` set (``schemas.ENTITY_MENTIONS``, in row order). `known`: see `resolve_kinds`.

    Mentions are counted per kind with Arrow first, so Python only sees the
    variety of names, never one object per mention or per document.
    """
    keyed = mentions.select(KIND_COLUMNS).set_column(
        KIND_COLUMNS.index("place_id"), "place_id", mentions["place_id"].fill_null("")  # Arrow joins never match null keys
    )
    keyed = keyed.append_column("row", pa.array(range(mentions.num_rows), pa.int64())).append_column("doc_id", mentions["doc_id"])
    aggregates = [([], "count_all"), ("row", "min"), ("doc_id", "distinct")]
    counted = keyed.group_by(KIND_COLUMNS, use_threads=False).aggregate(aggregates).sort_by("row_min")  # first mention first
    columns = [counted[name].to_pylist() for name in (*KIND_COLUMNS, "count_all")]
    kinds = [Kind(label, text, canonical, place_id or None, count) for label, text, canonical, place_id, count in zip(*columns)]
    entity_table, id_of_kind = resolve_kinds(kinds, KindDocuments.from_list_array(counted["doc_id_distinct"]), known)
    numbered = counted.select(KIND_COLUMNS).append_column("kind", pa.array(range(len(kinds)), pa.int64()))
    kind_of_row = keyed.join(numbered, keys=KIND_COLUMNS, join_type="left outer", use_threads=False).sort_by("row")["kind"]
    entity_ids = pc.take(pa.array(id_of_kind, pa.string()), kind_of_row)
    linked = mentions.set_column(mentions.schema.get_field_index("entity_id"), "entity_id", entity_ids)
    entity_table = entity_table.sort_by([("mention_count", "descending"), ("entity_id", "ascending")])
    return entity_table, schemas.sorted_rows(linked.cast(mentions.schema), MENTION_ORDER)

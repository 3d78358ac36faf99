"""Numeric claims tied to the corpus's entities: whose they are and who says so, by entity.

Plain Python over Arrow tables; no Dagster here. `extract_figures` leaves each
claim's actor and source as written in its document; once the corpus's
entities are resolved, `link_figures` adds:

* ``actor``: the canonical entity name for the actor as written. A
  nationality word or country form maps through the country data
  ("Belarusian" -> Belarus); any other actor is looked up among the entity
  mentions of the same document with the same text. An actor found neither
  way stays NULL rather than being guessed.
* ``source_entity_id``: the entity the source names. Among the entity
  mentions of the claim's document whose text is a whole-word part of the
  source ("US officials" -> the mention "US"), the longest wins, one in the
  claim's own sentence before one elsewhere in the document. A source that
  names no entity ("the ministry") has none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core.places import canonical_place_or_group
from pipelines.core.schemas import with_values
from pipelines.core.settings import SQL_DIR

SQL_FOLDER = SQL_DIR / "figures"
MENTIONS_WITHIN_SOURCES_SQL = SQL_FOLDER / "mentions_within_sources.sql"
_KEY_SEPARATOR = "\x1f"

__all__ = ["actor_name", "entity_names_for", "link_figures", "source_entity_id"]


class NamedMention(NamedTuple):
    text: str
    entity_id: str
    sentence: str | None


def link_figures(figures: pa.Table, mentions: pa.Table, entity_table: pa.Table) -> pa.Table:
    """`figures` (rows of `article_figures`) with `actor` and `source_entity_id` set from the corpus's entities."""
    # Only the columns the links depend on go through Python; the others stay in Arrow.
    rows = figures.select(["doc_id", "sentence", "source", "actor_text"]).to_pylist()
    names_in_document = entity_names_for(
        {(row["doc_id"], row["actor_text"]) for row in rows if row["actor_text"]}, mentions, entity_table
    )
    mentions_by_document = named_mentions(figures.select(["doc_id", "source"]), mentions)
    actors = [actor_name(row["actor_text"], row["doc_id"], names_in_document) for row in rows]
    sources = [
        source_entity_id(row["source"], row["sentence"], mentions_by_document.get(row["doc_id"], [])) for row in rows
    ]
    return with_values(with_values(figures, "actor", actors), "source_entity_id", sources)


def entity_names_for(pairs: set[tuple[str, str]], mentions: pa.Table, entity_table: pa.Table) -> dict[tuple[str, str], str]:
    """(doc_id, mention text) -> entity name, for the mentions of the (doc_id, text) `pairs`."""
    # Matched in Arrow on one key per pair: a doc_id is hex, so the separator never occurs in it.
    wanted_keys = pa.array(sorted({f"{doc_id}{_KEY_SEPARATOR}{text}" for doc_id, text in pairs}), pa.string())
    keys = pc.binary_join_element_wise(mentions["doc_id"], mentions["text"], _KEY_SEPARATOR)
    wanted = mentions.filter(pc.is_in(keys, wanted_keys))
    named = wanted.select(["doc_id", "text", "entity_id"]).join(
        entity_table.select(["entity_id", "name"]), keys="entity_id", join_type="inner", use_threads=False
    )
    return {(row["doc_id"], row["text"]): row["name"] for row in named.to_pylist()}


def actor_name(actor_text: str | None, doc_id: str, names_in_document: dict[tuple[str, str], str]) -> str | None:
    """Canonical entity name for a figure's actor as written ("Belarusian" -> "Belarus").

    A nationality word or country form maps through the country data; any other
    actor is looked up among the entities the same document mentions by that
    text. Unknown actors stay NULL rather than being guessed.
    """
    if not actor_text:
        return None
    return canonical_place_or_group(actor_text) or names_in_document.get((doc_id, actor_text))


def named_mentions(sources: pa.Table, mentions: pa.Table) -> dict[str, list[NamedMention]]:
    """doc_id -> its mentions that belong to an entity and whose text is found within a source
    (`sources`: doc_id, source) in the same document, in their order: those a source can name."""
    named = mentions.select(["doc_id", "text"]).append_column("position", pa.array(range(mentions.num_rows), pa.int64()))
    named = named.filter(pc.is_valid(mentions["entity_id"]))
    with duckdb.connect() as connection:
        connection.register("mentions", named)
        connection.register("sources", sources.filter(pc.is_valid(sources["source"])))
        positions = connection.execute(MENTIONS_WITHIN_SOURCES_SQL.read_text(encoding="utf-8")).to_arrow_table()["position"]
    by_document: dict[str, list[NamedMention]] = defaultdict(list)
    for row in mentions.take(positions).select(["doc_id", "text", "entity_id", "sentence"]).to_pylist():
        by_document[row["doc_id"]].append(NamedMention(row["text"], row["entity_id"], row["sentence"]))
    return by_document


def source_entity_id(source: str | None, sentence: str | None, mentions: list[NamedMention]) -> str | None:
    """The entity a claim's source names, among its document's mentions (see the module notes)."""
    if not source:
        return None
    named = [mention for mention in mentions if _names_part_of(mention.text, source)]
    if not named:
        return None
    best = max(named, key=lambda mention: (mention.sentence == sentence, len(mention.text)))
    return best.entity_id


def _names_part_of(name: str, phrase: str) -> bool:
    """Whether `name` is in `phrase` as whole words: no word character (`\\w`) right before or after it.
    Found with `str.find`, not a pattern per name: a run compiles far more names than `re` keeps."""
    start = phrase.find(name)
    while start != -1:
        end = start + len(name)
        if not (start > 0 and _is_word_character(phrase[start - 1])) and not (end < len(phrase) and _is_word_character(phrase[end])):
            return True
        start = phrase.find(name, start + 1)
    return False


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # what `\w` matches in a str pattern

"""Explicit Arrow schemas of every warehouse table.

The contract's columns (../shared/CONTRACT.md) come first, in its order and
with its types; extra columns follow. Writing through these schemas means a
type drift fails loudly at write time instead of surfacing in an analyst's
query.
"""

from __future__ import annotations

import pyarrow as pa

SOURCE_FILES = pa.schema(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("size_bytes", pa.int64()),
        pa.field("content_sha256", pa.string()),
        pa.field("doc_id", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("reason", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("modified_ns", pa.int64()),
    ]
)

# Decoded article text per document: the durable copy that lets a document
# outlive its file and lets later stages re-run without re-reading the folder.
DOCUMENT_TEXTS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("encoding", pa.string()),
    ]
)

DOCUMENTS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_name", pa.string()),
        pa.field("source_path", pa.string()),
        pa.field("content_sha256", pa.string()),
        pa.field("title", pa.string()),
        pa.field("subtitle", pa.string()),
        pa.field("author", pa.string()),
        pa.field("section", pa.string()),
        pa.field("published_at", pa.timestamp("us")),
        pa.field("published_date", pa.date32()),
        pa.field("body", pa.string(), nullable=False),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("source_status", pa.string()),
    ]
)

ENTITIES = pa.schema(
    [
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("aliases", pa.list_(pa.string())),
        pa.field("mention_count", pa.int32(), nullable=False),
        pa.field("doc_count", pa.int32(), nullable=False),
        pa.field("country_code", pa.string()),
        pa.field("latitude", pa.float64()),
        pa.field("longitude", pa.float64()),
    ]
)

ENTITY_MENTIONS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("entity_id", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("start_char", pa.int32(), nullable=False),
        pa.field("end_char", pa.int32(), nullable=False),
        pa.field("sentence", pa.string()),
        pa.field("canonical", pa.string()),
    ]
)

FIGURES = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("start_char", pa.int32(), nullable=False),
        pa.field("end_char", pa.int32(), nullable=False),
        pa.field("sentence", pa.string()),
        pa.field("qualifier", pa.string(), nullable=False),
        pa.field("value_low", pa.float64()),
        pa.field("value_high", pa.float64()),
        pa.field("unit", pa.string()),
        pa.field("category", pa.string(), nullable=False),
        pa.field("actor", pa.string()),
        pa.field("source", pa.string()),
        pa.field("actor_text", pa.string()),
    ]
)

DATE_MENTIONS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("start_char", pa.int32(), nullable=False),
        pa.field("end_char", pa.int32(), nullable=False),
        pa.field("value", pa.date32()),
        pa.field("granularity", pa.string(), nullable=False),
        pa.field("sentence", pa.string()),
    ]
)

# Public tables (exposed in warehouse.duckdb) by name.
PUBLIC_TABLES: dict[str, pa.Schema] = {
    "source_files": SOURCE_FILES,
    "documents": DOCUMENTS,
    "entities": ENTITIES,
    "entity_mentions": ENTITY_MENTIONS,
    "figures": FIGURES,
    "date_mentions": DATE_MENTIONS,
}

# Column names the contract (../shared/CONTRACT.md) fixes per table; they may never be
# renamed or dropped. Their types are those of the Arrow schemas above.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id", "source_name", "source_path", "content_sha256", "title", "subtitle", "author",
        "section", "published_at", "published_date", "body", "word_count",
    ),
    "entities": ("entity_id", "name", "label", "aliases", "mention_count", "doc_count"),
    "entity_mentions": ("doc_id", "entity_id", "text", "label", "start_char", "end_char", "sentence"),
    "figures": (
        "doc_id", "text", "start_char", "end_char", "sentence", "qualifier", "value_low", "value_high",
        "unit", "category", "actor", "source",
    ),
    "date_mentions": ("doc_id", "text", "start_char", "end_char", "value", "granularity"),
    "source_files": ("source_path", "size_bytes", "content_sha256", "doc_id", "status", "reason"),
}

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.int32(): "INTEGER",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    pa.timestamp("us"): "TIMESTAMP",
    pa.list_(pa.string()): "VARCHAR[]",
}


def contract_types(table: str) -> dict[str, str]:
    """The DuckDB type each contract column of `table` must have in warehouse.duckdb."""
    schema = PUBLIC_TABLES[table]
    return {name: _DUCKDB_TYPES[schema.field(name).type] for name in CONTRACT_COLUMNS[table]}

"""Every warehouse table as data: its columns, their Arrow types and what they mean.

This is the warehouse's contract, kept once. From it come the Arrow schemas the
Parquet files are written through (a type drift fails at write time, not in an
analyst's query), the column descriptions Dagster shows (`dagster/column_schema`),
the `COMMENT ON` statements in `warehouse.duckdb` and `docs/tables.md`
(`python -m pipelines.core.schemas > docs/tables.md`; a test keeps it in sync).

Columns marked `contract=True` are the public promise: they come first in each
table, in this order, and are never renamed or dropped; others may be added.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

DESCRIPTION_KEY = b"description"
# What `figures.qualifier` and `figures.category` hold (the figure extractor's vocabulary, checked on every build).
FIGURE_QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "range")
FIGURE_CATEGORIES = ("personnel", "casualties", "equipment", "money", "other")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    contract: bool = False
    nullable: bool = True

    @property
    def field(self) -> pa.Field:
        return pa.field(self.name, self.type, nullable=self.nullable, metadata={DESCRIPTION_KEY: self.description})


@dataclass(frozen=True)
class Table:
    name: str
    description: str  # "one row per ...", shown in the UI, in DuckDB and in docs/tables.md
    columns: tuple[Column, ...]
    public: bool = True  # a table of warehouse.duckdb (else a Parquet file the pipeline keeps for itself)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([column.field for column in self.columns])

    @property
    def contract_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.contract)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


def _one_of(values: tuple[str, ...]) -> str:
    """"`a`, `b` or `c`"."""
    return ", ".join(f"`{value}`" for value in values[:-1]) + f" or `{values[-1]}`"


def _contract(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> Column:
    return Column(name, type_, description, contract=True, nullable=nullable)


STRING, INT32, INT64, DOUBLE = pa.string(), pa.int32(), pa.int64(), pa.float64()
DATE, TIMESTAMP, STRINGS, INTEGERS = pa.date32(), pa.timestamp("us"), pa.list_(pa.string()), pa.list_(pa.int32())

_DOC_ID = "the document (`documents.doc_id`)"
_START = "offset of the first character in its `field` (Python `str` indexing)"
_END = "offset just after the last character (end exclusive): `documents.<field>[start_char:end_char] == text`"
_SENTENCE = "the whole sentence the row is in (hard line wraps joined)"
_CONFIDENCE = (
    "how sure the decoder is of `encoding`, 0 to 1: 1 for a byte-order mark or valid UTF-8, else 1 minus "
    "the mess ratio (charset-normalizer) of the chosen reading"
)
_FIELD = "`title`, `subtitle` or `body`: the `documents` column the offsets index"

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "source_files",
            "one row per file seen in the input folder, and per row of an export file (`path#N`): "
            "nothing is dropped silently",
            (
                _contract(
                    "source_path",
                    STRING,
                    "path of the file relative to the input folder; an export's row is `path#N` (N from 1)",
                    nullable=False,
                ),
                _contract("size_bytes", INT64, "file size in bytes (an export row: its text's size in UTF-8)"),
                _contract("content_sha256", STRING, "SHA-256 of the raw bytes (an export row: of its text in UTF-8)"),
                _contract("doc_id", STRING, "the document it became or, rejected after loading, still holds; else NULL"),
                _contract(
                    "status",
                    STRING,
                    "`loaded`, `duplicate` (same text as another file), `rejected`, or `missing` "
                    "(seen before, gone now; its document stays)",
                    nullable=False,
                ),
                _contract(
                    "reason",
                    STRING,
                    "why it was rejected, duplicated or is missing, else NULL; a file rejected after it was "
                    "loaded keeps its `doc_id` and its document",
                ),
                Column("encoding", STRING, "the text encoding it was decoded from"),
                Column("modified_ns", INT64, "modification time (ns since the epoch) when it was last read"),
                Column("encoding_confidence", DOUBLE, _CONFIDENCE),
                Column(
                    "format",
                    STRING,
                    "how it was read: `text`, `html` (a saved web page), or an export: `csv`, `jsonl`, `parquet`",
                ),
                Column(
                    "row_number",
                    INT64,
                    "an export's row, from 1 (CSV, Parquet: the record after the header; JSON Lines: the line); "
                    "NULL for a file. The export file's own row has no document: its rows hold them",
                ),
            ),
        ),
        Table(
            "document_texts",
            "one row per distinct document: its decoded text, kept so a document outlives its file",
            (
                Column("doc_id", STRING, "stable id: a hash of the normalised text", nullable=False),
                Column("text", STRING, "the decoded, normalised text of the file", nullable=False),
                Column("encoding", STRING, "the text encoding it was decoded from"),
                Column("encoding_confidence", DOUBLE, _CONFIDENCE),
                Column(
                    "fields",
                    STRING,
                    "JSON object of the metadata the source names outright (an export's columns, a web page's "
                    "metadata): title, author, published, section, url, outlet, language; NULL for plain text",
                ),
            ),
            public=False,
        ),
        Table(
            "documents",
            "one row per distinct article, with the metadata its header gives",
            (
                _contract(
                    "doc_id",
                    STRING,
                    "stable id derived from the normalised content (same text, same id, whatever the file name)",
                    nullable=False,
                ),
                _contract("source_name", STRING, "file name as found in the input folder"),
                _contract("source_path", STRING, "path of the file relative to the input folder"),
                _contract("content_sha256", STRING, "SHA-256 of the file's raw bytes"),
                _contract("title", STRING, "headline as printed in the source; NULL when the source has none"),
                _contract("subtitle", STRING, "standfirst / dek line when present, else NULL"),
                _contract("author", STRING, 'byline name(s) without "By" / "Author:", else NULL'),
                _contract("section", STRING, "section label such as `World`, else NULL"),
                _contract(
                    "published_at",
                    TIMESTAMP,
                    "publication time when the source gives one (midnight when it gives only a date)",
                ),
                _contract("published_date", DATE, "publication date, else NULL"),
                _contract(
                    "body",
                    STRING,
                    "article text with the header lines removed, Unicode NFC, whitespace tidied",
                    nullable=False,
                ),
                _contract("word_count", INT32, "words in the body", nullable=False),
                Column(
                    "source_status",
                    STRING,
                    "status of the file that holds it: `loaded`, `missing` once gone, `rejected` when "
                    "its file was rejected after it was loaded (too large, emptied, unreadable)",
                ),
                Column("header_error", STRING, "why the header could not be read (the whole text is then the body), else NULL"),
                Column("url", STRING, "the article's address when its source gives one (an export's column, a page's canonical URL)"),
                Column("outlet", STRING, "the publication it ran in when its source names it (an export's column, a page's site name)"),
                Column(
                    "story_id",
                    STRING,
                    "the story it is a copy of: documents whose bodies are near-identical (syndicated copies) share "
                    "it; the smallest `doc_id` among them (its own for a story told once). See `stories.py`",
                ),
                Column(
                    "published_zone",
                    STRING,
                    "the time zone of a message's `Date` as written (`GMT`, `-0500`, `MET DST`), else NULL; "
                    "`published_at` is the wall-clock time as written in it",
                ),
                Column("published_at_utc", TIMESTAMP, "`published_at` in UTC, when its zone is known, else NULL"),
                Column("newsgroups", STRINGS, "the newsgroups a message was posted to (`Newsgroups`), else NULL"),
                Column("organization", STRING, "a message's `Organization` header, else NULL"),
                Column("message_id", STRING, "a message's `Message-ID`, as written, else NULL"),
                Column(
                    "in_reply_to",
                    STRING,
                    "the `Message-ID` a message replies to (`In-Reply-To`, else the last of `References`), else NULL",
                ),
                Column(
                    "skip_kinds",
                    STRINGS,
                    "parts of a message's body that extraction skips: `quote` (a quoted reply with the line "
                    "introducing it) or `signature`; NULL when none. `skip_starts` / `skip_ends` hold their offsets",
                ),
                Column("skip_starts", INTEGERS, "where each `skip_kinds` part starts in `body`"),
                Column("skip_ends", INTEGERS, "where each `skip_kinds` part ends in `body` (end exclusive)"),
                Column(
                    "dateline",
                    STRING,
                    "the place of a newswire dateline opening the body (`SALVADOR` of `SALVADOR, Feb 26 -`), "
                    "as written; the body keeps it, at offset 0; the `datelines` view links it to its entity",
                ),
                Column(
                    "language",
                    STRING,
                    "ISO 639-1 code of the language (py3langid), NULL when the text is too short or unclear; "
                    "only `en` and NULL are annotated, others get `annotation_status` `skipped`",
                ),
                Column("language_confidence", DOUBLE, "the detector's probability for `language`, 0 to 1"),
            ),
        ),
        Table(
            "document_signatures",
            "one row per document: its body's MinHash signature and the fields it was parsed with, kept so a "
            "later run neither parses nor hashes it again (see `incremental_documents.py`)",
            (
                Column("doc_id", STRING, _DOC_ID, nullable=False),
                Column(
                    "fields",
                    STRING,
                    "`document_texts.fields` when the row was parsed: a document whose stored fields differ since "
                    "(its text read again from another file) is parsed again",
                ),
                Column(
                    "signature",
                    pa.list_(pa.uint32()),
                    "the body's MinHash signature (`stories.signature`); NULL for a body without words",
                ),
            ),
            public=False,
        ),
        Table(
            "entities",
            "one row per real-world entity across all documents",
            (
                _contract("entity_id", STRING, "stable id (a hash of its class and normalised name)", nullable=False),
                _contract("name", STRING, "canonical name, e.g. `United States`", nullable=False),
                _contract(
                    "label",
                    STRING,
                    "OntoNotes label: `PERSON`, `ORG`, `GPE`, `LOC`, `FAC`, `NORP`, `EVENT`, ...",
                    nullable=False,
                ),
                _contract("aliases", STRINGS, "other surface forms merged into it (`U.S.`, surnames, acronyms)"),
                _contract("mention_count", INT32, "mentions across the corpus, titles included", nullable=False),
                _contract("doc_count", INT32, "documents that mention it", nullable=False),
                Column(
                    "country_code",
                    STRING,
                    "ISO 3166-1 alpha-2 code of a place's country, or of the country a nationality word refers to",
                ),
                Column(
                    "latitude",
                    DOUBLE,
                    "a place's latitude (WGS84); for a country or region a representative point inside it",
                ),
                Column("longitude", DOUBLE, "a place's longitude (WGS84)"),
                Column(
                    "place_type",
                    STRING,
                    "for places: `country`, `region` (state, province, county...), `city`, `area` (continent "
                    "or wider area), `feature` (river, lake, mountain...) or `facility` (building, street, dam...)",
                ),
                Column(
                    "place_id",
                    STRING,
                    "the gazetteer place it is: `country:<ISO code>`, `region:<GeoNames code>`, "
                    "`city:<GeoNames id>`, `area:<continent code>` or `historic:<ISO 3166-3 code>`",
                ),
                Column(
                    "country_entity_id",
                    STRING,
                    "the entity of the country a place lies in or a nationality word refers to (a country's own "
                    "id for a country), when the corpus mentions that country",
                ),
            ),
        ),
        Table(
            "entity_mentions",
            "one row per mention of an entity in a document",
            (
                _contract("doc_id", STRING, _DOC_ID, nullable=False),
                _contract("entity_id", STRING, "the entity it names (`entities.entity_id`)"),
                _contract("text", STRING, "the mention as written", nullable=False),
                _contract("label", STRING, "OntoNotes label of this mention", nullable=False),
                _contract("start_char", INT32, _START, nullable=False),
                _contract("end_char", INT32, _END, nullable=False),
                _contract("sentence", STRING, _SENTENCE),
                Column("field", STRING, _FIELD, nullable=False),
                Column("canonical", STRING, "the name it resolves to within its document"),
                Column(
                    "place_id",
                    STRING,
                    "the gazetteer place a place name denotes in its document (homonyms resolved by the "
                    "document's other places), as `entities.place_id`",
                ),
            ),
        ),
        Table(
            "figures",
            "one row per numeric claim: how many of what, whose, and who says so",
            (
                _contract("doc_id", STRING, _DOC_ID, nullable=False),
                _contract("text", STRING, "the claim as written: qualifier, number and counted noun", nullable=False),
                _contract("start_char", INT32, _START, nullable=False),
                _contract("end_char", INT32, _END, nullable=False),
                _contract("sentence", STRING, _SENTENCE),
                _contract(
                    "qualifier",
                    STRING,
                    "`exact`, `approximate`, `lower_bound` (at least, over, more than), "
                    "`upper_bound` (up to, as many as) or `range`",
                    nullable=False,
                ),
                _contract("value_low", DOUBLE, "lower bound; NULL for `upper_bound`; equals value_high when exact"),
                _contract("value_high", DOUBLE, "upper bound; NULL for `lower_bound`; equals value_low when exact"),
                _contract("unit", STRING, "the counted noun, lemmatised (`troop`, `dollar`, `percent`)"),
                _contract(
                    "category", STRING, _one_of(FIGURE_CATEGORIES), nullable=False
                ),
                _contract("actor", STRING, "canonical name of the entity the counted things belong to, else NULL"),
                _contract("source", STRING, "who the claim is attributed to, else NULL"),
                Column("field", STRING, _FIELD, nullable=False),
                Column("actor_text", STRING, "the actor as written in the document"),
                Column(
                    "actor_origin",
                    STRING,
                    "where the actor was found: `sentence` (the claim's own sentence) or `document` (carried "
                    "from the nearest earlier claim in the document counting the same thing); NULL with no actor",
                ),
                Column("currency", STRING, "ISO 4217 code of an amount of money (`USD`, `GBP`, `EUR`), else NULL"),
                Column(
                    "source_entity_id",
                    STRING,
                    "the entity the source names (`entities.entity_id`), to group claims by who says so; else NULL",
                ),
            ),
        ),
        Table(
            "date_mentions",
            "one row per date expression, resolved to a calendar date",
            (
                _contract("doc_id", STRING, _DOC_ID, nullable=False),
                _contract("text", STRING, "the date expression as written", nullable=False),
                _contract("start_char", INT32, _START, nullable=False),
                _contract("end_char", INT32, _END, nullable=False),
                _contract("value", DATE, "first day of the period meant"),
                _contract("granularity", STRING, "`day`, `month`, `year` or `decade`", nullable=False),
                Column("sentence", STRING, _SENTENCE),
                Column("field", STRING, _FIELD, nullable=False),
            ),
        ),
        Table(
            "annotation_status",
            "one row per document the NLP stage has read: whether it worked, and why not",
            (
                Column("doc_id", STRING, _DOC_ID, nullable=False),
                Column(
                    "status",
                    STRING,
                    "`annotated`, `failed` (no rows were kept for it) or `skipped` (not read: not in English)",
                    nullable=False,
                ),
                Column("reason", STRING, "the error when it failed, why it was skipped, else NULL"),
                Column("chunks", INT32, "pieces the text was parsed in (long texts are cut to fit the model)"),
                Column("tokens", INT32, "tokens the model read"),
            ),
        ),
    )
}

SOURCE_FILES = TABLES["source_files"].schema
DOCUMENT_TEXTS = TABLES["document_texts"].schema
DOCUMENTS = TABLES["documents"].schema
DOCUMENT_SIGNATURES = TABLES["document_signatures"].schema
ENTITIES = TABLES["entities"].schema
ENTITY_MENTIONS = TABLES["entity_mentions"].schema
FIGURES = TABLES["figures"].schema
DATE_MENTIONS = TABLES["date_mentions"].schema
ANNOTATION_STATUS = TABLES["annotation_status"].schema

# Per-document annotation results (`annotate`), by table, in the order each table's rows are kept.
ANNOTATION_TABLES: dict[str, pa.Schema] = {
    "article_mentions": ENTITY_MENTIONS,
    "article_figures": FIGURES,
    "date_mentions": DATE_MENTIONS,
}
# `annotation_status.status` values.
ANNOTATED, FAILED, SKIPPED = "annotated", "failed", "skipped"

# Public tables (exposed in warehouse.duckdb) by name.
PUBLIC_TABLES: dict[str, pa.Schema] = {name: table.schema for name, table in TABLES.items() if table.public}

# Column names the contract fixes per table; they may never be renamed or dropped.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {name: TABLES[name].contract_columns for name in PUBLIC_TABLES}

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.int32(): "INTEGER",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    pa.timestamp("us"): "TIMESTAMP",
    pa.list_(pa.string()): "VARCHAR[]",
    pa.list_(pa.int32()): "INTEGER[]",
}


def with_values(table: pa.Table, column: str, values: list) -> pa.Table:
    """`table` with `column` replaced by `values` (one per row), typed as the column's field."""
    index = table.schema.get_field_index(column)
    field = table.schema.field(index)
    return table.set_column(index, field, pa.array(values, field.type))


def sorted_rows(table: pa.Table, order: list[tuple[str, str]]) -> pa.Table:
    """`table` sorted by `order` (ties kept in their order); itself when already sorted, sparing a
    copy of every column (finding the order costs little next to moving the rows)."""
    indices = pc.sort_indices(table, order)
    return table if indices.equals(pa.array(range(table.num_rows), indices.type)) else table.take(indices)


def duckdb_type(column: Column) -> str:
    return _DUCKDB_TYPES[column.type]


def contract_types(table: str) -> dict[str, str]:
    """The DuckDB type each contract column of `table` must have in warehouse.duckdb."""
    return {column.name: duckdb_type(column) for column in TABLES[table].columns if column.contract}


def comment_statements(table: str) -> list[str]:
    """`COMMENT ON` statements giving `table` and its columns their descriptions in DuckDB."""
    definition = TABLES[table]
    statements = [f'COMMENT ON TABLE "{table}" IS {_sql_string(definition.description)}']
    statements += [
        f'COMMENT ON COLUMN "{table}"."{column.name}" IS {_sql_string(column.description)}'
        for column in definition.columns
    ]
    return statements


def _sql_string(text: str) -> str:
    # Descriptions are this module's own constants, never input data.
    return "'" + text.replace("'", "''") + "'"


def markdown() -> str:
    """docs/tables.md: every public table and its columns, from the definitions above."""
    lines = [
        "# Warehouse tables",
        "",
        "Generated from `pipelines/core/schemas.py` (`python -m pipelines.core.schemas > docs/tables.md`);",
        "the same descriptions are in the Dagster UI (each asset's Columns tab) and in `warehouse.duckdb`",
        "(`SELECT table_name, column_name, comment FROM duckdb_columns()`).",
        "Columns marked **contract** are the public interface: never renamed or dropped. Others may be added.",
        "",
    ]
    for name in PUBLIC_TABLES:
        table = TABLES[name]
        lines += [f"## {name}", "", f"{table.description[0].upper()}{table.description[1:]}.", ""]
        lines += ["| column | type | | meaning |", "|---|---|---|---|"]
        lines += [
            f"| `{c.name}` | {duckdb_type(c)} | {'contract' if c.contract else ''} | {c.description} |"
            for c in table.columns
        ]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")

"""The table definitions keep the warehouse's promise: the contract's columns and types, described once."""

import duckdb
import pyarrow as pa
import pytest

from paths import PROJECT_ROOT
from pipelines.core import schemas

# The public contract, as promised to analysts and the scorers: table -> column -> DuckDB type, in order.
CONTRACT = {
    "documents": {
        "doc_id": "VARCHAR", "source_name": "VARCHAR", "source_path": "VARCHAR", "content_sha256": "VARCHAR",
        "title": "VARCHAR", "subtitle": "VARCHAR", "author": "VARCHAR", "section": "VARCHAR",
        "published_at": "TIMESTAMP", "published_date": "DATE", "body": "VARCHAR", "word_count": "INTEGER",
    },
    "entities": {
        "entity_id": "VARCHAR", "name": "VARCHAR", "label": "VARCHAR", "aliases": "VARCHAR[]",
        "mention_count": "INTEGER", "doc_count": "INTEGER",
    },
    "entity_mentions": {
        "doc_id": "VARCHAR", "entity_id": "VARCHAR", "text": "VARCHAR", "label": "VARCHAR",
        "start_char": "INTEGER", "end_char": "INTEGER", "sentence": "VARCHAR",
    },
    "figures": {
        "doc_id": "VARCHAR", "text": "VARCHAR", "start_char": "INTEGER", "end_char": "INTEGER", "sentence": "VARCHAR",
        "qualifier": "VARCHAR", "value_low": "DOUBLE", "value_high": "DOUBLE", "unit": "VARCHAR",
        "category": "VARCHAR", "actor": "VARCHAR", "source": "VARCHAR",
    },
    "date_mentions": {
        "doc_id": "VARCHAR", "text": "VARCHAR", "start_char": "INTEGER", "end_char": "INTEGER", "value": "DATE",
        "granularity": "VARCHAR",
    },
    "source_files": {
        "source_path": "VARCHAR", "size_bytes": "BIGINT", "content_sha256": "VARCHAR", "doc_id": "VARCHAR",
        "status": "VARCHAR", "reason": "VARCHAR",
    },
}


def test_every_contract_table_is_public():
    assert set(CONTRACT) <= set(schemas.PUBLIC_TABLES)


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_contract_columns_come_first_in_order_with_their_types(table):
    assert schemas.contract_types(table) == CONTRACT[table]
    assert list(schemas.contract_types(table)) == list(CONTRACT[table])
    assert tuple(schemas.PUBLIC_TABLES[table].names[: len(CONTRACT[table])]) == tuple(CONTRACT[table])


@pytest.mark.parametrize("table", sorted(schemas.TABLES))
def test_every_table_and_column_is_described(table):
    definition = schemas.TABLES[table]
    assert definition.description
    for field in definition.schema:
        assert field.metadata[schemas.DESCRIPTION_KEY].decode().strip(), f"{table}.{field.name}"


def test_docs_tables_md_is_generated_from_the_definitions():
    documented = (PROJECT_ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    assert documented == schemas.markdown(), "run: .venv/bin/python -m pipelines.core.schemas > docs/tables.md"


def test_comments_reach_duckdb_with_quotes_intact():
    with duckdb.connect() as connection:
        connection.register("arrow_documents", schemas.DOCUMENTS.empty_table())
        connection.execute("CREATE TABLE documents AS SELECT * FROM arrow_documents")
        for statement in schemas.comment_statements("documents"):
            connection.execute(statement)
        [(table_comment,)] = connection.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'documents'"
        ).fetchall()
        comments = dict(
            connection.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'documents'"
            ).fetchall()
        )
    assert table_comment == schemas.TABLES["documents"].description
    assert comments["author"] == schemas.TABLES["documents"].column("author").description
    assert '"By"' in comments["author"]


def test_writing_through_a_schema_keeps_descriptions_but_fingerprints_ignore_them():
    from pipelines.core.store import fingerprint

    row = {"doc_id": ["a"], "text": ["x"], "encoding": ["utf-8"], "encoding_confidence": [1.0], "fields": [None]}
    table = pa.table(row).cast(schemas.DOCUMENT_TEXTS)
    reworded = pa.schema([field.with_metadata({schemas.DESCRIPTION_KEY: b"other words"}) for field in schemas.DOCUMENT_TEXTS])
    assert fingerprint(table) == fingerprint(table.cast(reworded))

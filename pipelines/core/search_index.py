"""The full-text search index, cut into terms document by document, so publishing costs what changed.

DuckDB's `fts` extension builds its BM25 index in one statement over every
document (`PRAGMA create_fts_index`) and cannot update it, and most of that
work is cutting every title and body into stemmed terms. So the terms of each
document are kept in the private `search_terms` table, cut with the
extension's own tokenizer, stopwords and stemmer (`sql/search/terms.sql`), and
only new or changed titles and bodies are cut again. Publishing creates the
extension's index over an empty table in a new database
(`sql/search/empty_index.sql`) and fills its tables from the stored terms
(`fill_index.sql`), or, in a copy of the published database, updates them for
the documents whose terms changed (`update_index.sql`, `index_documents`):
the same index, and the same scores, as indexing every document.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from pipelines.core import schemas
from pipelines.core.extensions import load_statements
from pipelines.core.settings import SQL_DIR
from pipelines.core.store import MISSING_FILE, ParquetStore, Problem

TERMS_TABLE = "search_terms"
EMPTY_INDEX_SQL = SQL_DIR / "search" / "empty_index.sql"
TERMS_SQL = SQL_DIR / "search" / "terms.sql"
FILL_INDEX_SQL = SQL_DIR / "search" / "fill_index.sql"
TERM_DIGESTS_SQL = SQL_DIR / "search" / "term_digests.sql"
UPDATE_INDEX_SQL = SQL_DIR / "search" / "update_index.sql"
INDEX_SCHEMA = "fts_main_search_index"  # where the extension keeps the index of table `search_index`
TERMS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        # md5 of the title and body the terms were cut from: an edited one is cut again.
        pa.field("text_key", pa.string(), nullable=False),
        pa.field("field", pa.int8(), nullable=False),  # 0 title, 1 body: the index's field ids
        pa.field("terms", pa.list_(pa.string()), nullable=False),
    ]
)
TEXT_KEY = "md5(concat(coalesce(title, ''), chr(31), coalesce(body, '')))"


@dataclass(frozen=True)
class TermsUpdate:
    documents: int
    tokenized: int  # documents cut into terms in this run
    changed: bool  # whether the table was rewritten
    damaged: Problem | None = None  # why the stored terms could not be reused, when they were there


def empty_index_statements() -> list[str]:
    """`empty_index.sql` as single statements: the extension plans its PRAGMA when it is parsed,
    so the table it indexes must exist by then."""
    return [statement for statement in EMPTY_INDEX_SQL.read_text(encoding="utf-8").split(";\n") if statement.strip()]


def index_documents(connection: duckdb.DuckDBPyConnection) -> None:
    """Bring the search index in the database behind `connection` up to date with its `documents`
    and the `search_terms` it reads (a temporary view): updated for the documents whose terms changed
    when it is there (a copy of the published database), else created empty and filled."""
    found = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ? AND table_name = 'document_digests'",
        [INDEX_SCHEMA],
    ).fetchone()[0]
    connection.execute(f"CREATE OR REPLACE TEMP VIEW term_digests AS {TERM_DIGESTS_SQL.read_text(encoding='utf-8')}")
    if found:
        connection.execute(UPDATE_INDEX_SQL.read_text(encoding="utf-8"))
        return
    for statement in empty_index_statements():
        connection.execute(statement)
    connection.execute(FILL_INDEX_SQL.read_text(encoding="utf-8"))


def update_terms(store: ParquetStore) -> TermsUpdate:
    """Bring `search_terms` up to date with `documents`: rows of unchanged titles and bodies are kept."""
    inputs = store.inputs_stamp(["documents"], sys.modules[__name__], EMPTY_INDEX_SQL, TERMS_SQL)
    if store.is_current(TERMS_TABLE, TERMS, inputs):
        return TermsUpdate(store.row_count(TERMS_TABLE) // 2, 0, False)
    problem = store.check(TERMS_TABLE, TERMS)
    with duckdb.connect() as connection:
        for statement in load_statements() + empty_index_statements():
            connection.execute(statement)
        store.expose(connection, "documents", schemas.DOCUMENTS)
        connection.execute(f"CREATE TABLE current AS SELECT doc_id, {TEXT_KEY} AS text_key, title, body FROM documents")
        if problem is None:
            store.expose(connection, TERMS_TABLE, TERMS, as_name="earlier")
        else:
            connection.register("earlier", TERMS.empty_table())
        documents = connection.execute("SELECT count(*) FROM current").fetchone()[0]
        kept = connection.execute("SELECT * FROM earlier SEMI JOIN current USING (doc_id, text_key)").to_arrow_table()
        connection.execute("CREATE TABLE todo AS SELECT * FROM current ANTI JOIN earlier USING (doc_id, text_key)")
        tokenized = connection.execute("SELECT count(*) FROM todo").fetchone()[0]
        new = connection.execute(TERMS_SQL.read_text(encoding="utf-8")).to_arrow_table()
    table = pa.concat_tables([kept.cast(TERMS), new.cast(TERMS)]).sort_by([("doc_id", "ascending"), ("field", "ascending")])
    changed = store.write(TERMS_TABLE, table, TERMS, inputs=inputs).changed
    return TermsUpdate(documents, tokenized, changed, problem if problem != MISSING_FILE else None)

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
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import schemas
from pipelines.core.extensions import load_statements
from pipelines.core.settings import SQL_DIR
from pipelines.core.store import MISSING_FILE, ParquetStore, Problem
from pipelines.core.texts import fits_additions

TERMS_TABLE = "search_terms"
# New documents' terms, beside the main file while they are few (`texts.fits_additions`): a build that only
# adds documents writes this small file, not every document's terms again. No document is in both files.
ADDITIONS = "search_terms_added"
FILES = (TERMS_TABLE, ADDITIONS)
EMPTY_INDEX_SQL = SQL_DIR / "search" / "empty_index.sql"
TERMS_SQL = SQL_DIR / "search" / "terms.sql"
FILL_INDEX_SQL = SQL_DIR / "search" / "fill_index.sql"
TERM_DIGESTS_SQL = SQL_DIR / "search" / "term_digests.sql"
UPDATE_INDEX_SQL = SQL_DIR / "search" / "update_index.sql"
INDEX_SCHEMA = "fts_main_search_index"  # where the extension keeps the index of table `search_index`
TERMS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        # A hash of the title and body the terms were cut from: an edited one is cut again.
        pa.field("text_key", pa.string(), nullable=False),
        pa.field("field", pa.int8(), nullable=False),  # 0 title, 1 body: the index's field ids
        pa.field("terms", pa.list_(pa.string()), nullable=False),
    ]
)
TERMS_ORDER = [("doc_id", "ascending"), ("field", "ascending")]
# DuckDB's hash, not a cryptographic one: it tells an edited text from the one its doc_id had, nothing more.
TEXT_KEY = "hash(title, body)::VARCHAR"


@dataclass(frozen=True)
class TermsUpdate:
    documents: int
    tokenized: int  # documents cut into terms in this run
    changed: bool  # whether the table was rewritten
    # Why stored terms could not be reused, by table (of those that were there): their documents are cut again.
    damaged: dict[str, Problem] = field(default_factory=dict)


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
    """Bring the stored terms (`FILES`) up to date with `documents`: rows of unchanged titles and bodies are kept.

    Only new documents' terms go to the additions file, as long as it stays small; a removed document
    or a changed title or body, or additions grown too large, rewrite the main file with every
    document's terms (and empty the additions)."""
    inputs = store.inputs_stamp(["documents"], sys.modules[__name__], EMPTY_INDEX_SQL, TERMS_SQL)
    problem = store.check(TERMS_TABLE, TERMS)
    # The additions are current only beside the very main file they were written with.
    beside = f"{inputs};{TERMS_TABLE}={store.stored_fingerprint(TERMS_TABLE)}"
    if problem is None and store.is_current(ADDITIONS, TERMS, beside):
        return TermsUpdate(sum(map(store.row_count, FILES)) // 2, 0, False)
    main_keys = store.read(TERMS_TABLE, TERMS, ["doc_id", "text_key"]) if problem is None else TERMS.empty_table().select(["doc_id", "text_key"])
    added_problem = store.check(ADDITIONS, TERMS)
    additions = store.read(ADDITIONS, TERMS) if problem is None and added_problem is None else TERMS.empty_table()
    # A run stopped between rewriting the main file and emptying the additions leaves a document in both: the main file's counts.
    additions = additions.filter(pc.invert(pc.is_in(additions["doc_id"], main_keys["doc_id"].combine_chunks())))
    texts = store.read("documents", schemas.DOCUMENTS, ["doc_id", "title", "body"])
    with duckdb.connect() as connection:
        connection.register("texts", texts)
        wanted = connection.execute(f"SELECT doc_id, {TEXT_KEY} AS text_key FROM texts").to_arrow_table()
    earlier = pa.concat_tables([main_keys, additions.select(["doc_id", "text_key"])])
    todo_ids = _missing(wanted, earlier)
    new = _cut(texts.filter(pc.is_in(texts["doc_id"], todo_ids)), wanted)
    if problem is None and len(_missing(earlier, wanted)) == 0 and fits_additions(main_keys.num_rows, additions.num_rows + new.num_rows):
        changed = store.write(ADDITIONS, _terms(additions, new), TERMS, inputs=beside).changed
    else:
        kept = pa.concat_tables([store.read(TERMS_TABLE, TERMS) if problem is None else TERMS.empty_table(), additions])
        kept = kept.filter(pc.is_in(_keys(kept), _keys(wanted)))
        changed = store.write(TERMS_TABLE, _terms(kept, new), TERMS, inputs=inputs).changed
        beside = f"{inputs};{TERMS_TABLE}={store.stored_fingerprint(TERMS_TABLE)}"
        changed = store.write(ADDITIONS, TERMS.empty_table(), TERMS, inputs=beside).changed or changed
    damaged = {name: found for name, found in zip(FILES, (problem, added_problem)) if found not in (None, MISSING_FILE)}
    return TermsUpdate(wanted.num_rows, len(todo_ids), changed, damaged)


def _keys(table: pa.Table) -> pa.Array:
    """Each row's doc_id and text_key as one value."""
    return pc.binary_join_element_wise(table["doc_id"], table["text_key"], "\x1f").combine_chunks()


def _missing(rows: pa.Table, among: pa.Table) -> pa.Array:
    """The doc_ids of `rows` whose (doc_id, text_key) is not among those of `among`."""
    return pc.unique(rows["doc_id"].filter(pc.invert(pc.is_in(_keys(rows), _keys(among)))))


def _terms(*parts: pa.Table) -> pa.Table:
    return pa.concat_tables([part.cast(TERMS) for part in parts]).sort_by(TERMS_ORDER)


def _cut(texts: pa.Table, keys: pa.Table) -> pa.Table:
    """The terms of `texts` (doc_id, title, body), cut from their titles and bodies (`terms.sql`), with their `keys`."""
    if texts.num_rows == 0:
        return TERMS.empty_table()
    with duckdb.connect() as connection:
        for statement in load_statements() + empty_index_statements():
            connection.execute(statement)
        connection.register("texts", texts)
        connection.register("keys", keys)
        connection.execute("CREATE TABLE todo AS SELECT doc_id, text_key, title, body FROM texts JOIN keys USING (doc_id)")
        return connection.execute(TERMS_SQL.read_text(encoding="utf-8")).to_arrow_table()

"""The search index filled from terms kept per document: the extension's own index, built for what changed."""

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.core import schemas, search_index
from pipelines.core.extensions import load_statements
from pipelines.core.settings import SQL_DIR
from pipelines.core.store import ParquetStore, build_database

ARTICLES = {
    "d1": ("Dockers strike at the harbour", "The dockworkers' union called a strike on Monday; ships waited offshore."),
    "d2": (None, "Ferries ran late and the harbour closed early, the port authority said."),
    "d3": ("Café owners protest", "Owners of cafés marched against the new rents. Rents rose 40% in a year!"),
    "d4": ("", "The the the and of"),  # nothing but stopwords: a document with no terms
    "d5": ("Council budget", "The council approved a budget for roads, schools and the harbour's dredging."),
}
QUERIES = ["harbour", "strike workers", "cafe rents", "the", "schools roads budget", "closed ports", "nothing matches"]


def documents_table(articles: dict[str, tuple[str | None, str]]) -> pa.Table:
    rows = [{"doc_id": doc_id, "title": title, "body": body, "word_count": len(body.split())} for doc_id, (title, body) in articles.items()]
    return pa.Table.from_pylist(rows, schema=schemas.DOCUMENTS)


def publish(store: ParquetStore, folder) -> duckdb.DuckDBPyConnection:
    build = build_database(
        folder,
        {"documents": store.path("documents")},
        [SQL_DIR / "views" / "search.sql"],
        setup_statements=load_statements(),
        helper_tables={search_index.TERMS_TABLE: [store.path(name) for name in search_index.FILES]},
        fill=search_index.index_documents,
    )
    connection = duckdb.connect(str(build.path), read_only=True)
    for statement in load_statements():
        connection.execute(statement)
    return connection


@contextmanager
def extension_index(articles: dict[str, tuple[str | None, str]]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A database with the extension's own index over every document of `articles` (`fts_main_documents`)."""
    with duckdb.connect() as connection:
        for statement in load_statements():
            connection.execute(statement)
        connection.register("rows", documents_table(articles))
        connection.execute("CREATE TABLE documents AS SELECT doc_id, title, body FROM rows")
        connection.execute("PRAGMA create_fts_index('documents', 'doc_id', 'title', 'body', overwrite = 1)")
        yield connection


def extension_scores(articles: dict[str, tuple[str | None, str]], query: str) -> list[tuple[str, float]]:
    """What the extension's own index over every document scores, rounded as `search()` rounds."""
    with extension_index(articles) as connection:
        return connection.execute(
            "SELECT doc_id, round(score, 3) FROM (SELECT doc_id, fts_main_documents.match_bm25(doc_id, ?) AS score "
            "FROM documents) WHERE score IS NOT NULL ORDER BY doc_id",
            [query],
        ).fetchall()


def search_scores(connection: duckdb.DuckDBPyConnection, query: str) -> list[tuple[str, float]]:
    return connection.execute("SELECT doc_id, score FROM search(?) ORDER BY doc_id", [query]).fetchall()


@pytest.fixture
def store(tmp_path) -> ParquetStore:
    store = ParquetStore(tmp_path)
    store.write("documents", documents_table(ARTICLES), schemas.DOCUMENTS)
    return store


def test_the_filled_index_scores_every_query_as_the_extensions_own_index(store, tmp_path):
    first = search_index.update_terms(store)
    assert (first.tokenized, first.damaged) == (len(ARTICLES), {})  # missing before a first build: not damage
    with publish(store, tmp_path) as connection:
        for query in QUERIES:
            assert search_scores(connection, query) == extension_scores(ARTICLES, query), query
        assert connection.execute("SELECT len FROM fts_main_search_index.docs WHERE name = 'd4'").fetchall() == [(0,)]
        assert search_scores(connection, "harbour"), "the test needs a query that finds something"


def test_only_new_or_changed_documents_are_cut_into_terms_again(store, tmp_path):
    search_index.update_terms(store)
    assert search_index.update_terms(store).tokenized == 0
    edited = ARTICLES | {"d2": (ARTICLES["d2"][0], "Ferries sailed on time despite the storm."), "d6": ("Storm", "A storm hit the coast.")}
    del edited["d5"]
    store.write("documents", documents_table(edited), schemas.DOCUMENTS)
    update = search_index.update_terms(store)
    assert (update.documents, update.tokenized, update.changed) == (5, 2, True)
    with publish(store, tmp_path) as connection:
        for query in [*QUERIES, "storm ferries"]:
            assert search_scores(connection, query) == extension_scores(edited, query), query


def test_added_documents_go_to_the_additions_file_and_leave_the_main_one_as_it_was(store, tmp_path):
    search_index.update_terms(store)
    main = store.path(search_index.TERMS_TABLE)
    written = main.stat().st_mtime_ns
    added = ARTICLES | {"d6": ("Storm", "A storm hit the coast."), "d7": (None, "Fishing boats stayed in the harbour.")}
    store.write("documents", documents_table(added), schemas.DOCUMENTS)
    update = search_index.update_terms(store)
    assert (update.documents, update.tokenized, update.changed) == (7, 2, True)
    assert main.stat().st_mtime_ns == written
    assert sorted(set(store.read(search_index.ADDITIONS, search_index.TERMS)["doc_id"].to_pylist())) == ["d6", "d7"]
    assert search_index.update_terms(store).tokenized == 0
    with publish(store, tmp_path) as connection:
        for query in [*QUERIES, "storm harbour boats"]:
            assert search_scores(connection, query) == extension_scores(added, query), query


def test_additions_outgrowing_their_share_are_folded_into_the_main_file(store, tmp_path, monkeypatch):
    search_index.update_terms(store)
    monkeypatch.setattr(search_index, "fits_additions", lambda main_rows, additions_rows: False)
    added = ARTICLES | {"d6": ("Storm", "A storm hit the coast.")}
    store.write("documents", documents_table(added), schemas.DOCUMENTS)
    assert search_index.update_terms(store).tokenized == 1
    assert store.row_count(search_index.ADDITIONS) == 0
    assert store.row_count(search_index.TERMS_TABLE) == 2 * len(added)
    with publish(store, tmp_path) as connection:
        assert search_scores(connection, "storm harbour") == extension_scores(added, "storm harbour")


def test_a_document_left_in_both_files_by_a_stopped_run_counts_once(store, tmp_path):
    search_index.update_terms(store)
    terms = store.read(search_index.TERMS_TABLE, search_index.TERMS)
    # As a run stopped after rewriting the main file, before emptying the additions, leaves them.
    store.write(search_index.ADDITIONS, terms.filter(pc.equal(terms["doc_id"], "d1")), search_index.TERMS)
    update = search_index.update_terms(store)
    assert (update.tokenized, update.damaged) == (0, {})
    assert store.row_count(search_index.ADDITIONS) == 0
    with publish(store, tmp_path) as connection:
        for query in QUERIES:
            assert search_scores(connection, query) == extension_scores(ARTICLES, query), query


@pytest.mark.parametrize("name", search_index.FILES)
def test_damaged_terms_are_cut_again_for_the_documents_they_held(store, tmp_path, name):
    search_index.update_terms(store)
    store.write("documents", documents_table(ARTICLES | {"d6": ("Storm", "A storm hit the coast.")}), schemas.DOCUMENTS)
    search_index.update_terms(store)  # d6's terms in the additions
    store.path(name).write_bytes(b"not parquet")
    update = search_index.update_terms(store)
    assert list(update.damaged) == [name]
    assert update.tokenized == (len(ARTICLES) + 1 if name == search_index.TERMS_TABLE else 1)
    with publish(store, tmp_path) as connection:
        assert search_scores(connection, "harbour storm") == extension_scores(ARTICLES | {"d6": ("Storm", "A storm hit the coast.")}, "harbour storm")


def extension_dictionary(articles: dict[str, tuple[str | None, str]]) -> list[tuple[str, int]]:
    """Every term of the extension's own index over `articles`, with its document frequency."""
    with extension_index(articles) as connection:
        return connection.execute("SELECT term, df FROM fts_main_documents.dict ORDER BY term").fetchall()


def test_an_updated_index_holds_what_a_new_one_would_and_leaves_untouched_documents_be(store, tmp_path, monkeypatch):
    monkeypatch.setattr("pipelines.core.store.UPDATE_GROWTH_LIMIT", 1000)  # tiny files grow by whole blocks: never built new
    search_index.update_terms(store)
    docid = "SELECT name, docid FROM fts_main_search_index.docs ORDER BY name"
    with publish(store, tmp_path) as connection:
        before = dict(connection.execute(docid).fetchall())
    versions = [
        ARTICLES | {"d6": ("Storm", "A storm hit the harbour and the ferries stayed in port.")},
        {key: value for key, value in ARTICLES.items() if key != "d1"},  # its terms leave the dictionary
        ARTICLES | {"d3": ("Café owners protest", "Rents fell back after the protest.")},
    ]
    for articles in versions:
        store.write("documents", documents_table(articles), schemas.DOCUMENTS)
        search_index.update_terms(store)
        with publish(store, tmp_path) as connection:
            for query in [*QUERIES, "storm ferries", "dockworkers union"]:
                assert search_scores(connection, query) == extension_scores(articles, query), query
            dictionary = "SELECT term, df FROM fts_main_search_index.dict ORDER BY term"
            assert connection.execute(dictionary).fetchall() == extension_dictionary(articles)
            after = dict(connection.execute(docid).fetchall())
    assert after["d5"] == before["d5"] and after["d3"] != before["d3"]  # d5 untouched throughout, d3 indexed again

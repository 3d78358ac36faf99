"""The sql/ views and the search macro, queried on a warehouse built from the end-to-end articles."""

import duckdb
import pytest

from pipelines.core.extensions import load_statements
from pipelines.core.settings import SQL_DIR


def query(built, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(built.database), read_only=True) as connection:
        for statement in load_statements():
            connection.execute(statement)
        return connection.execute(sql, list(params)).fetchall()


# Views over messages and wire copy, which the end-to-end articles do not have: their rows are
# checked on the folder of messages, wire stories and other languages (test_messages_wire_languages.py).
VIEWS_OF_OTHER_INPUTS = ("datelines", "skipped_parts")


@pytest.mark.parametrize("view_file", sorted((SQL_DIR / "views").glob("*.sql")), ids=lambda p: p.stem)
def test_every_view_file_creates_something_queryable(built, view_file):
    name = view_file.stem
    if name == "search":
        assert query(built, "SELECT count(*) FROM search('dockworkers')")[0][0] > 0
    elif name in VIEWS_OF_OTHER_INPUTS:
        assert query(built, f'SELECT count(*) FROM "{name}"')[0][0] >= 0
    else:
        assert query(built, f'SELECT count(*) FROM "{name}"')[0][0] > 0


def test_figure_estimates_lists_claims_per_actor_in_time_order_and_keeps_unattributed_ones(built):
    rows = query(
        built,
        "SELECT actor, qualifier, value_low, value_high, source, published_date::VARCHAR, sentence "
        "FROM figure_estimates WHERE category = 'personnel'",
    )
    assert ("(unattributed)", "lower_bound", 2300.0, None, "Marta Kowalczyk", "2025-03-12") in [r[:6] for r in rows]
    unattributed = [r for r in rows if r[0] == "(unattributed)"]
    dates = [r[5] for r in unattributed if r[5] is not None]
    assert dates == sorted(dates)
    assert all(r[6] for r in rows)
    [(total,)] = query(built, "SELECT count(*) FROM figures")
    assert query(built, "SELECT count(*) FROM figure_estimates") == [(total,)]


def test_entity_cooccurrence_lists_every_pair_from_both_sides(built):
    rows = query(built, "SELECT entity_id, other_entity_id, sentence_count, document_count FROM entity_cooccurrence")
    counts = {(a, b): (s, d) for a, b, s, d in rows}
    assert len(counts) == len(rows) > 0
    assert all(counts[(b, a)] == counted for (a, b), counted in counts.items())
    assert all(a != b and 0 <= s and 1 <= d <= 5 for (a, b), (s, d) in counts.items())
    [(most_connected, partners)] = query(
        built, "SELECT entity, count(*) FROM entity_cooccurrence GROUP BY entity ORDER BY 2 DESC LIMIT 1"
    )
    assert query(built, "SELECT count(*) FROM entity_cooccurrence WHERE other_entity = $1", most_connected) == [(partners,)]


def test_timeline_is_in_calendar_order_with_sentences(built):
    rows = query(built, "SELECT event_date, granularity, text, sentence FROM timeline")
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert all(text in sentence for _, _, text, sentence in rows)


def test_document_overview_counts_match_the_tables(built):
    overview = dict(query(built, "SELECT doc_id, figure_count FROM document_overview"))
    direct = dict(query(built, "SELECT doc_id, count(*) FROM figures GROUP BY doc_id"))
    assert {k: v for k, v in overview.items() if v} == direct
    assert len(overview) == 5


def test_search_ranks_the_article_that_is_about_the_query_first(built):
    top = query(built, "SELECT source_name, title, snippet FROM search('mediators government offer') LIMIT 1")
    assert top and top[0][0] == "e_dateline_byline.txt" and "mediators" in top[0][1]
    assert top[0][2].startswith("The Polish government offered")
    assert query(built, "SELECT count(*) FROM search($1)", "'; DROP TABLE documents; --") == [(0,)]

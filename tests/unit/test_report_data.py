"""The report's data as the page reads it: plain JSON values from DuckDB's columns."""

import datetime as dt
import decimal

import duckdb
import pyarrow as pa
import pytest

from pipelines.core.report.data import _plain, query


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("VALUES (DATE '2031-04-05'), (NULL)", ["2031-04-05", None]),
        ("VALUES (TIMESTAMP '2031-04-05 23:59:00')", ["2031-04-05"]),
        ("VALUES (12.50::DECIMAL(6, 2)), (NULL)", [12.5, None]),
        ("VALUES ('nan'::DOUBLE), (2.5), (NULL)", [None, 2.5, None]),
        ("VALUES (7::BIGINT)", [7]),
        ("VALUES ('Harbour')", ["Harbour"]),
    ],
)
def test_columns_become_plain_json_values(sql, expected):
    column = duckdb.sql(f"SELECT * FROM ({sql}) AS rows(v)").to_arrow_table()["v"]
    values = _plain(column).to_pylist()
    assert values == expected
    assert not any(isinstance(value, dt.date | decimal.Decimal) for value in values)


def test_a_column_without_rows_stays_empty():
    assert _plain(pa.chunked_array([], pa.float64())).to_pylist() == []


def test_claims_at_one_offset_come_in_the_same_order_whatever_order_they_were_stored_in():
    # A title and a body both opening with a figure: two claims of one document at offset 0.
    claims = [
        ("d1", "2031-04-05", "(unattributed)", "people", "at least", 40, 40, "passengers", None, "At least 40 passengers",
         "", "At least 40 passengers rescued from stranded ferry", 0),
        ("d1", "2031-04-05", "(unattributed)", "people", "at least", 40, 40, "passengers", None, "At least forty passengers",
         "", "At least forty passengers were lifted off the ferry at dawn.", 0),
    ]
    orders = []
    for stored in (claims, claims[::-1]):
        with duckdb.connect() as connection:
            connection.execute(
                "CREATE TABLE figure_estimates (doc_id VARCHAR, published_date DATE, actor VARCHAR, category VARCHAR, "
                "qualifier VARCHAR, value_low DOUBLE, value_high DOUBLE, unit VARCHAR, currency VARCHAR, text VARCHAR, "
                "source VARCHAR, sentence VARCHAR, start_char INTEGER)"
            )
            connection.executemany("INSERT INTO figure_estimates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", stored)
            orders.append(query(connection, "claims")["text"].to_pylist())
    assert orders[0] == orders[1] == ["At least 40 passengers", "At least forty passengers"]

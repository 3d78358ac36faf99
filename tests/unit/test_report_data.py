"""The report's data as the page reads it: plain JSON values from DuckDB's columns."""

import datetime as dt
import decimal

import duckdb
import pyarrow as pa
import pytest

from pipelines.core.report.data import _plain


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

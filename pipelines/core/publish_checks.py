"""The checks a new `warehouse.duckdb` must pass before it is swapped in for the published one.

They run on the new file's own connection, inside `store.build_database`, so
a failing check leaves the published warehouse as it was: nobody ever queries
a warehouse that failed them.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.core import schemas
from pipelines.core.settings import SQL_DIR


class PublishRefused(Exception):
    """A check failed on the new warehouse; it was not published."""


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    metadata: dict[str, str | int]


# Name -> what it guarantees; all of them block the publish.
PUBLISH_CHECKS = {
    "warehouse_matches_contract": "Every table and column of the contract is in warehouse.duckdb, with its type.",
    "warehouse_has_no_orphan_rows": "No row points at a missing document or entity.",
    "warehouse_ids_are_unique": "doc_id, entity_id and source_path are unique.",
}


def check_warehouse(connection: duckdb.DuckDBPyConnection) -> list[CheckOutcome]:
    """Every check in PUBLISH_CHECKS, run over the database behind `connection`."""
    return [
        _contract(connection),
        _counts(connection, "warehouse_has_no_orphan_rows", "orphan_rows.sql"),
        _counts(connection, "warehouse_ids_are_unique", "duplicate_ids.sql"),
    ]


def refuse_unless_passed(outcomes: list[CheckOutcome]) -> None:
    failed = [outcome.name for outcome in outcomes if not outcome.passed]
    if failed:
        raise PublishRefused(f"the new warehouse failed {', '.join(failed)}; the published warehouse.duckdb is unchanged")


def _contract(connection: duckdb.DuckDBPyConnection) -> CheckOutcome:
    problems = []
    for table in schemas.CONTRACT_COLUMNS:
        found = dict(
            connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?",
                [table],
            ).fetchall()
        )
        for column, wanted in schemas.contract_types(table).items():
            if found.get(column) != wanted:
                problems.append(f"{table}.{column}: {found.get(column, 'missing')} (want {wanted})")
    return CheckOutcome("warehouse_matches_contract", not problems, {"problems": "; ".join(problems) or "none"})


def _counts(connection: duckdb.DuckDBPyConnection, name: str, sql_file: str) -> CheckOutcome:
    counts = connection.execute((SQL_DIR / "checks" / sql_file).read_text(encoding="utf-8")).fetchall()
    return CheckOutcome(name, all(n == 0 for _, n in counts), dict(counts))

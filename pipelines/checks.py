"""Asset checks: what must hold before data flows on to the warehouse."""

import dagster as dg
import duckdb

from pipelines.core import schemas
from pipelines.resources import WarehouseResource


def _query(warehouse: WarehouseResource, table: str, sql: str) -> list[tuple]:
    """Run `sql` against one stored Parquet table, exposed to DuckDB as `t`."""
    t = warehouse.store.read(table, schemas.PUBLIC_TABLES[table])  # noqa: F841 - read by DuckDB's replacement scan
    with duckdb.connect() as connection:
        return connection.execute(sql).fetchall()


@dg.asset_check(asset="documents", blocking=True, description="Each doc_id appears once.")
def documents_have_unique_ids(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    duplicated = _query(warehouse, "documents", "SELECT doc_id, count(*) FROM t GROUP BY doc_id HAVING count(*) > 1")
    return dg.AssetCheckResult(passed=not duplicated, metadata={"duplicated_ids": len(duplicated)})


@dg.asset_check(asset="documents", blocking=True, description="Every document has a non-empty body.")
def documents_have_bodies(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    empty = _query(warehouse, "documents", "SELECT doc_id FROM t WHERE trim(body) = ''")
    return dg.AssetCheckResult(passed=not empty, metadata={"empty_bodies": len(empty)})


@dg.asset_check(
    asset="source_files",
    description="Every file now in the input folder has exactly one row (nothing skipped silently).",
)
def every_file_accounted_for(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    on_disk = {
        path.relative_to(warehouse.seeds_path).as_posix()
        for path in warehouse.seeds_path.rglob("*")
        if path.is_file() or path.is_symlink()
    }
    rows = _query(warehouse, "source_files", "SELECT source_path FROM t WHERE status <> 'missing'")
    listed = [row[0] for row in rows]
    unlisted = sorted(on_disk - set(listed))
    return dg.AssetCheckResult(
        passed=not unlisted and len(listed) == len(set(listed)),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"files_on_disk": len(on_disk), "rows": len(listed), "unlisted": ", ".join(unlisted[:20])},
    )

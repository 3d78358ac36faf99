"""Asset checks: what must hold before data flows on to the warehouse.

The checks on `warehouse.duckdb` itself run inside its asset, on the new file
before it is swapped in (`pipelines.core.publish_checks`).
"""

import dagster as dg
import duckdb
import pyarrow as pa

from pipelines.core import annotate, schemas
from pipelines.core.figures import CATEGORIES, QUALIFIERS
from pipelines.core.settings import SQL_DIR
from pipelines.core.sources import source_path, walk_entries
from pipelines.resources import WarehouseResource


def _query(
    warehouse: WarehouseResource,
    table: str,
    sql: str,
    also: dict[str, pa.Schema] | None = None,
    parameters: list | None = None,
) -> list[tuple]:
    """Run `sql` over a stored table exposed as `t` (and the tables in `also` under their own names)."""
    with duckdb.connect() as connection:
        connection.register("t", warehouse.store.read(table, schemas.PUBLIC_TABLES[table]))
        for name, schema in (also or {}).items():
            connection.register(name, warehouse.store.read(name, schema))
        return connection.execute(sql, parameters or []).fetchall()


@dg.asset_check(asset="documents", blocking=True, description="Each doc_id appears once.")
def documents_have_unique_ids(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    duplicated = _query(warehouse, "documents", "SELECT doc_id, count(*) FROM t GROUP BY doc_id HAVING count(*) > 1")
    return dg.AssetCheckResult(passed=not duplicated, metadata={"duplicated_ids": len(duplicated)})


@dg.asset_check(
    asset="documents",
    description="Warns about documents with no body text: header lines only (live pages, galleries, "
    "videos). They keep their metadata and have no mentions, figures or dates.",
)
def documents_have_bodies(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    empty = _query(warehouse, "documents", "SELECT source_name FROM t WHERE trim(body) = '' ORDER BY 1")
    return dg.AssetCheckResult(
        passed=not empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"empty_bodies": len(empty), "examples": ", ".join(row[0] for row in empty[:10])},
    )


@dg.asset_check(
    asset="source_files",
    description="Every file now in the input folder has exactly one row (nothing skipped silently).",
)
def every_file_accounted_for(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    root = warehouse.seeds_path.resolve()
    on_disk = {source_path(root, path) for path in walk_entries(root)}
    rows = _query(warehouse, "source_files", "SELECT source_path FROM t WHERE status <> 'missing'")
    listed = [row[0] for row in rows]
    unlisted = sorted(on_disk - set(listed))
    return dg.AssetCheckResult(
        passed=not unlisted and len(listed) == len(set(listed)),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"files_on_disk": len(on_disk), "rows": len(listed), "unlisted": ", ".join(unlisted[:20])},
    )


def _broken_offsets(warehouse: WarehouseResource, table: str) -> list[str]:
    """Rows whose `text` is not the slice of their document field they point at (or whose document is gone)."""
    sql = (SQL_DIR / "checks" / "broken_offsets.sql").read_text(encoding="utf-8")
    rows = _query(warehouse, table, sql, also={"documents": schemas.DOCUMENTS})
    return [f"{doc_id} {field}[{start}:{end}] {text!r}" for doc_id, field, start, end, text in rows]


def _offsets_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table,
        name=f"{table}_offsets_match_bodies",
        blocking=True,
        description="`documents.<field>[start_char:end_char] == text` for every row (field: title, subtitle or body).",
    )
    def offsets_match(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        broken = _broken_offsets(warehouse, table)
        return dg.AssetCheckResult(
            passed=not broken, metadata={"broken": len(broken), "examples": "; ".join(broken[:5])}
        )

    return offsets_match


mention_offsets, figure_offsets, date_offsets = (
    _offsets_check(table) for table in ("entity_mentions", "figures", "date_mentions")
)


@dg.asset_check(asset="entity_mentions", blocking=True, description="Every mention points at an existing entity.")
def mentions_point_at_entities(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    orphans = _query(
        warehouse,
        "entity_mentions",
        "SELECT count(*) FROM t WHERE entity_id IS NULL OR entity_id NOT IN (SELECT entity_id FROM entities)",
        also={"entities": schemas.ENTITIES},
    )[0][0]
    return dg.AssetCheckResult(passed=orphans == 0, metadata={"orphan_mentions": orphans})


@dg.asset_check(
    asset="entity_mentions",
    description="Warns about annotated documents in which no entity was found (often a decoding or header "
    "problem); documents skipped for their language are not counted.",
)
def documents_have_entities(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    empty = _query(
        warehouse,
        "entity_mentions",
        "SELECT d.source_name FROM documents d WHERE d.doc_id NOT IN (SELECT doc_id FROM t) "
        f"AND d.doc_id NOT IN (SELECT doc_id FROM annotation_status WHERE status = '{annotate.SKIPPED}') ORDER BY 1",
        also={"documents": schemas.DOCUMENTS, "annotation_status": schemas.ANNOTATION_STATUS},
    )
    return dg.AssetCheckResult(
        passed=not empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"documents_without_entities": len(empty), "examples": ", ".join(r[0] for r in empty[:10])},
    )


@dg.asset_check(
    asset="figures",
    blocking=True,
    description="Bounds are ordered and consistent with the qualifier; qualifier and category are in the vocabulary.",
)
def figures_are_well_formed(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    sql = (SQL_DIR / "checks" / "malformed_figures.sql").read_text(encoding="utf-8")
    bad = _query(warehouse, "figures", sql, parameters=[list(QUALIFIERS), list(CATEGORIES)])
    return dg.AssetCheckResult(
        passed=not bad, metadata={"malformed": len(bad), "examples": "; ".join(f"{r[0]!r}: {r[1]}" for r in bad[:5])}
    )


@dg.asset_check(asset="date_mentions", blocking=True, description="Granularity is day, month, year or decade.")
def date_granularity_in_vocabulary(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    bad = _query(
        warehouse,
        "date_mentions",
        "SELECT count(*) FROM t WHERE granularity NOT IN ('day', 'month', 'year', 'decade') OR value IS NULL",
    )[0][0]
    return dg.AssetCheckResult(passed=bad == 0, metadata={"malformed": bad})

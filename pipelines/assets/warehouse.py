"""Publish: the Parquet tables and the `sql/` views as one DuckDB file, checked, then swapped in atomically;
and, with `WAREHOUSE_CATALOG` set, as one snapshot of the shared DuckLake catalog."""

import time
from datetime import timedelta

import dagster as dg
import duckdb

from pipelines.checks import CARRIED_OVER_KEY, last_evaluation
from pipelines.core import lake, schemas, search_index
from pipelines.core.extensions import load_statements
from pipelines.core.publish_checks import (
    PUBLISH_CHECKS,
    CheckOutcome,
    PublishRefused,
    check_warehouse,
    refuse_unless_passed,
)
from pipelines.core.settings import SQL_DIR
from pipelines.core.store import build_database
from pipelines.resources import OWNERS, WAREHOUSE_POOL, WarehouseResource, tags_for

WAREHOUSE_TABLES = list(schemas.PUBLIC_TABLES)
# Tables of rows that each belong to one document: publishing (the file and the catalog) replaces the rows of
# changed documents only. The others are copied whole when they change (`entities` keeps its most-mentioned-first order that way).
REPLACED_BY_DOCUMENT = {name: "doc_id" for name in ("annotation_status", "date_mentions", "documents", "entity_mentions", "figures")}


@dg.asset(
    deps=WAREHOUSE_TABLES,
    group_name="warehouse",
    kinds={"duckdb"},
    owners=OWNERS,
    tags=tags_for("warehouse"),
    # The daily rerun materialises it every day; two days without one means automation is broken.
    freshness_policy=dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=48), warn_window=timedelta(hours=26)),
    pool=WAREHOUSE_POOL,
    check_specs=[
        dg.AssetCheckSpec(name, asset="warehouse_duckdb", blocking=True, description=description)
        for name, description in PUBLISH_CHECKS.items()
    ],
)
def warehouse_duckdb(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """`warehouse.duckdb`: every public table loaded from its Parquet file, plus the views in `sql/views/`.

    Built as a new file (or a copy of the published one, with only the rows of changed documents
    replaced and changed tables copied again), checked (contract, orphan rows, unique ids) and only
    then renamed over the old one, so analysts reading the old file are never
    blocked and never see a half-built or failing warehouse; skipped when no
    table and no view changed and the published file is as it was published.
    The search index is built from the terms stored per document (`search_terms`),
    so only new or changed documents are cut into terms and indexed again.
    """
    store = warehouse.store
    tables = {name: store.path(name) for name in schemas.PUBLIC_TABLES if store.exists(name)}
    views = sorted((SQL_DIR / "views").glob("*.sql"))
    comments = [statement for name in tables for statement in schemas.comment_statements(name)]
    outcomes: list[CheckOutcome] = []

    def verify(connection: duckdb.DuckDBPyConnection) -> None:
        outcomes.extend(check_warehouse(connection))
        refuse_unless_passed(outcomes)

    started = time.perf_counter()
    terms = search_index.update_terms(store)
    if terms.damaged:
        context.log.warning(f"{store.path(search_index.TERMS_TABLE)} {terms.damaged}: every document is cut into terms again")
    if terms.tokenized:
        context.log.info(f"search index: {terms.tokenized} of {terms.documents} documents cut into terms")
    try:
        build = build_database(
            warehouse.warehouse_path,
            tables,
            views,
            setup_statements=load_statements(),
            table_statements=comments,
            verify=verify,
            helper_tables={search_index.TERMS_TABLE: store.path(search_index.TERMS_TABLE)},
            replace_by=REPLACED_BY_DOCUMENT,
            fill=search_index.index_documents,
        )
    except PublishRefused as refused:
        yield from _check_results(outcomes)
        raise dg.Failure(description=str(refused)) from None
    if not build.rebuilt:  # the same file, byte for byte, passed these checks when it was published; say so again
        outcomes = _last_outcomes(context)
        if outcomes is None:
            with duckdb.connect(str(build.path), read_only=True) as connection:
                outcomes = check_warehouse(connection)
    publish_seconds = time.perf_counter() - started
    yield from _check_results(outcomes)
    if build.repaired:
        context.log.warning(f"{build.path} {build.repaired}: rebuilt from the Parquet tables")
    if build.rebuilt:
        how = "a copy of the last one, updated" if build.updated_copy else "a new file"
        context.log.info(f"published {build.path} ({how}); open readers keep their snapshot until they reconnect")
    else:
        context.log.info(f"{build.path} is up to date; nothing rewritten")
    lake_metadata = _publish_to_catalog(context, warehouse, tables, views) if warehouse.lake_catalog else {}
    yield dg.MaterializeResult(
        metadata=lake_metadata | {
            "path": dg.MetadataValue.path(str(build.path)),
            "rebuilt": build.rebuilt,
            "updated_copy": build.updated_copy,
            "publish_seconds": round(publish_seconds, 3),
            "search_documents_tokenized": terms.tokenized,
            "tables": dg.MetadataValue.md(
                "| table | rows |\n|---|---|\n" + "\n".join(f"| {t} | {n} |" for t, n in build.row_counts.items())
            ),
            "views": [view.stem for view in views],
            "dagster/row_count": sum(build.row_counts.values()),
            "example_query": dg.MetadataValue.md(
                f"```sql\n-- duckdb -readonly {build.path}\nSELECT title, published_date FROM documents ORDER BY published_date;\n```"
            ),
        }
    )


def _publish_to_catalog(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, tables: dict, views: list
) -> dict[str, object]:
    """The same tables and views as one snapshot of the DuckLake catalog, checked inside its transaction."""
    catalog, started = warehouse.lake_catalog, time.perf_counter()
    try:
        published = lake.publish(
            catalog,
            tables,
            {name: warehouse.store.stored_fingerprint(name) for name in tables},
            views,
            {name: schemas.comment_statements(name) for name in tables},
            verify=lambda connection: refuse_unless_passed(check_warehouse(connection)),
            message=f"run {context.run.run_id}",
            replace_by=REPLACED_BY_DOCUMENT,
        )
    except (lake.LakeConflict, PublishRefused) as refused:
        raise dg.Failure(description=f"DuckLake catalog not published: {refused}") from None
    if published.published:
        context.log.info(
            f"published snapshot {published.snapshot} of the DuckLake catalog; copied {', '.join(published.copied) or 'no table'}, "
            f"changed documents replaced in {', '.join(published.updated) or 'no table'}"
        )
    else:
        context.log.info(f"DuckLake catalog is up to date at snapshot {published.snapshot}; nothing copied")
    return {
        "lake_snapshot": published.snapshot,
        "lake_tables_copied": published.copied,
        "lake_tables_updated": published.updated,
        "lake_publish_seconds": round(time.perf_counter() - started, 3),
    }


def _last_outcomes(context: dg.AssetExecutionContext) -> list[CheckOutcome] | None:
    """The publish checks' results as last evaluated, or None when one of them never was."""
    outcomes = []
    for name in PUBLISH_CHECKS:
        found = last_evaluation(context, dg.AssetCheckKey(dg.AssetKey("warehouse_duckdb"), name))
        if found is None:
            return None
        run_id, evaluation = found
        metadata = {key: value.value for key, value in evaluation.metadata.items()} | {CARRIED_OVER_KEY: run_id}
        outcomes.append(CheckOutcome(name, evaluation.passed, metadata))
    return outcomes


def _check_results(outcomes: list[CheckOutcome]):
    for outcome in outcomes:
        yield dg.AssetCheckResult(check_name=outcome.name, passed=outcome.passed, metadata=outcome.metadata)

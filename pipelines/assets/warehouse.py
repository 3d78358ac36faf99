"""Publish: the Parquet tables and the `sql/` views as one DuckDB file, checked, then swapped in atomically;
and, with `WAREHOUSE_CATALOG` set, as one snapshot of the shared DuckLake catalog."""

import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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
from pipelines.core.store import DatabaseBuild, KeyDigests, build_database, start_build_ahead
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
    tables = _stored_tables(warehouse, schemas.PUBLIC_TABLES)
    views = _views()
    # The catalog's snapshot is written beside the file, on a thread of its own (DuckDB and PostgreSQL do
    # the work, not Python), and committed only once the file is published: a build the file's checks
    # refused never reaches the catalog.
    file_published: Future[None] = Future()
    # Each changed table's rows are hashed per document once, for both; and kept for the next publish.
    key_digests = KeyDigests()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lake-publish") as lake_thread:
        lake_publish = (
            lake_thread.submit(_publish_to_catalog, warehouse, tables, views, context.run.run_id, file_published, key_digests)
            if warehouse.lake_catalog
            else None
        )
        checked: list[CheckOutcome] = []  # the checks' outcomes on the new file, as they come
        try:
            file = _publish_file(context, warehouse, tables, views, checked, key_digests)
        except BaseException as failed:
            file_published.set_exception(FileNotPublished(str(failed) or type(failed).__name__))
            if isinstance(failed, PublishRefused):
                yield from _check_results(checked)
                raise dg.Failure(description=str(failed)) from None
            raise
        file_published.set_result(None)
        yield from _check_results(file.outcomes)
        lake_metadata = _catalog_metadata(context, lake_publish) if lake_publish else {}
    # Both now hold the current rows: their digests serve the next publish (made here when this one built
    # the file new and needed none), the earlier ones no publish.
    for name, key in REPLACED_BY_DOCUMENT.items():
        if name in tables:
            key_digests.of(tables[name], key)
            key_digests.keep_only_current(tables[name])
    build = file.build
    yield dg.MaterializeResult(
        metadata=lake_metadata | {
            "path": dg.MetadataValue.path(str(build.path)),
            "rebuilt": build.rebuilt,
            "updated_copy": build.updated_copy,
            "publish_seconds": round(file.seconds, 3),
            "search_documents_tokenized": file.tokenized,
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


def publish_ahead(warehouse: WarehouseResource, names: list[str]) -> None:
    """Begin the next `warehouse.duckdb` with the public tables `names`, final already, on a thread
    (`store.start_build_ahead`). In a small run, whose steps share one process, the steps left before the
    publish run mostly Python on one core; the publish then finishes the copy instead of making it."""
    tables = _stored_tables(warehouse, names)
    start_build_ahead(warehouse.warehouse_path, tables, _views(), load_statements(), REPLACED_BY_DOCUMENT, KeyDigests())


def _stored_tables(warehouse: WarehouseResource, names: Iterable[str]) -> dict:
    """The Parquet file of each table of `names` written so far."""
    return {name: warehouse.store.path(name) for name in names if warehouse.store.exists(name)}


def _views() -> list:
    return sorted((SQL_DIR / "views").glob("*.sql"))


class FileNotPublished(Exception):
    """`warehouse.duckdb` was not published, so neither is the catalog's snapshot."""


@dataclass(frozen=True)
class _FilePublish:
    build: DatabaseBuild
    outcomes: list[CheckOutcome]
    seconds: float
    tokenized: int  # documents cut into search terms in this run


def _publish_file(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    tables: dict,
    views: list,
    outcomes: list[CheckOutcome],
    key_digests: KeyDigests,
) -> _FilePublish:
    """`warehouse.duckdb` built, checked and swapped in (or found up to date), with its checks' outcomes.

    The outcomes of the checks on a new file are added to `outcomes` as they come. Raises PublishRefused
    when one failed; the published file is then left as it was.
    """
    store = warehouse.store
    comments = [statement for name in tables for statement in schemas.comment_statements(name)]

    def verify(connection: duckdb.DuckDBPyConnection) -> None:
        outcomes.extend(check_warehouse(connection))
        refuse_unless_passed(outcomes)

    started = time.perf_counter()
    terms = search_index.update_terms(store)
    for name, problem in terms.damaged.items():
        context.log.warning(f"{store.path(name)} {problem}: the documents whose terms it held are cut into terms again")
    if terms.tokenized:
        context.log.info(f"search index: {terms.tokenized} of {terms.documents} documents cut into terms")
    build = build_database(
        warehouse.warehouse_path,
        tables,
        views,
        setup_statements=load_statements(),
        table_statements=comments,
        verify=verify,
        helper_tables={search_index.TERMS_TABLE: [store.path(name) for name in search_index.FILES]},
        replace_by=REPLACED_BY_DOCUMENT,
        fill=search_index.index_documents,
        key_digests=key_digests,
    )
    if not build.rebuilt:  # the same file, byte for byte, passed these checks when it was published; say so again
        carried = _last_outcomes(context)
        if carried is None:
            with duckdb.connect(str(build.path), read_only=True) as connection:
                carried = check_warehouse(connection)
        outcomes = carried
    seconds = time.perf_counter() - started
    if build.repaired:
        context.log.warning(f"{build.path} {build.repaired}: rebuilt from the Parquet tables")
    if build.rebuilt:
        how = "a copy of the last one, updated" if build.updated_copy else "a new file"
        context.log.info(f"published {build.path} ({how}); open readers keep their snapshot until they reconnect")
    else:
        context.log.info(f"{build.path} is up to date; nothing rewritten")
    return _FilePublish(build, outcomes, seconds, terms.tokenized)


def _publish_to_catalog(
    warehouse: WarehouseResource, tables: dict, views: list, run_id: str, file_published: Future[None], key_digests: KeyDigests
) -> tuple[lake.LakePublish, float]:
    """The same tables and views as one snapshot of the DuckLake catalog, checked inside its transaction and
    committed once `file_published` is done; and the seconds it took, less those it waited for the file."""
    catalog, started, waited = warehouse.lake_catalog, time.perf_counter(), 0.0

    def verify(connection: duckdb.DuckDBPyConnection) -> None:
        nonlocal waited
        refuse_unless_passed(check_warehouse(connection))
        waiting = time.perf_counter()
        try:
            file_published.result()  # raises FileNotPublished, so the transaction is rolled back
        finally:
            waited = time.perf_counter() - waiting

    published = lake.publish(
        catalog,
        tables,
        {name: warehouse.store.stored_fingerprint(name) for name in tables},
        views,
        {name: schemas.comment_statements(name) for name in tables},
        verify=verify,
        message=f"run {run_id}",
        replace_by=REPLACED_BY_DOCUMENT,
        key_digests=key_digests,
    )
    return published, time.perf_counter() - started - waited


def _catalog_metadata(context: dg.AssetExecutionContext, lake_publish: Future) -> dict[str, object]:
    """The catalog's publish, once done: logged, and its metadata; a dg.Failure when it was refused."""
    try:
        published, seconds = lake_publish.result()
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
        "lake_publish_seconds": round(seconds, 3),
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

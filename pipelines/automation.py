"""Jobs for the common selections, a daily rerun, and a sensor that reacts to new or edited files."""

import dagster as dg

from pipelines.assets.ingest import FOLDER_FINGERPRINT
from pipelines.assets.nlp import annotation_run_config
from pipelines.core import settings
from pipelines.core.folder import folder_fingerprint
from pipelines.resources import WarehouseResource

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Everything: scan the input folder, annotate new or changed documents, publish the warehouse and report.",
)

reextract_job = dg.define_asset_job(
    "reextract",
    selection=dg.AssetSelection.groups("nlp").downstream(),
    description="Annotate every stored document again (after changing the model or a rule) and republish; "
    "the input folder is not rescanned.",
    config=annotation_run_config(reannotate_all=True),
)

rebuild_sql_job = dg.define_asset_job(
    "rebuild_sql",
    selection=dg.AssetSelection.groups("warehouse").downstream(),
    description="Republish warehouse.duckdb from the stored Parquet tables and the sql/ views, and the report.",
)

daily_rerun = dg.ScheduleDefinition(
    name="daily_rerun",
    job=build_warehouse_job,
    cron_schedule="0 3 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild everything at 03:00 every day.",
)


def last_built_fingerprint(instance: dg.DagsterInstance) -> str | None:
    """The input folder's fingerprint as the last build's scan saw it (`source_files` metadata)."""
    event = instance.get_latest_materialization_event(dg.AssetKey("source_files"))
    recorded = event.asset_materialization.metadata.get(FOLDER_FINGERPRINT) if event and event.asset_materialization else None
    return recorded.value if recorded is not None else None


@dg.sensor(
    job=build_warehouse_job,
    minimum_interval_seconds=settings.sensor_interval_seconds(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a build when files in SEEDS_DIR are added, edited, renamed or removed; "
    "the build annotates only new or changed documents.",
)
def new_files_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    if not warehouse.seeds_path.is_dir():
        return dg.SkipReason(f"input folder {warehouse.seeds_path} does not exist")
    fingerprint, count = folder_fingerprint(str(warehouse.seeds_path))
    # On its first tick the sensor has no cursor: it compares with what the last build scanned,
    # so starting the daemon right after `make run` launches nothing.
    if fingerprint == (context.cursor or last_built_fingerprint(context.instance)):
        context.update_cursor(fingerprint)
        return dg.SkipReason(f"no change among {count} files in {warehouse.seeds_path}")
    context.update_cursor(fingerprint)
    # The run key carries the folder's state, so the same edit never starts two runs
    # and a later edit to the same file starts a new one.
    return dg.RunRequest(run_key=f"seeds-{fingerprint}", tags={"trigger": "new_files_sensor", "files": str(count)})

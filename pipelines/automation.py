"""Jobs for the common selections, a daily rerun, and a sensor that reacts to new or edited files."""

import hashlib
import os

import dagster as dg

from pipelines.assets.nlp import annotation_run_config
from pipelines.core import settings
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


def folder_fingerprint(folder: str) -> tuple[str, int]:
    """Hash of every file's path, size and modification time under `folder`, and the file count.

    Cheap (no file is read), and any added, removed, renamed or edited file changes it.
    """
    digest = hashlib.sha256()
    count = 0
    for parent, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(parent, name)
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue
            # fsencode: a file name that is not UTF-8 must not stop the sensor.
            digest.update(os.fsencode(os.path.relpath(path, folder)) + f"\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
            count += 1
    return digest.hexdigest()[:20], count


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
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no change among {count} files in {warehouse.seeds_path}")
    context.update_cursor(fingerprint)
    # The run key carries the folder's state, so the same edit never starts two runs
    # and a later edit to the same file starts a new one.
    return dg.RunRequest(run_key=f"seeds-{fingerprint}", tags={"trigger": "new_files_sensor", "files": str(count)})

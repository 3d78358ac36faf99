"""The Dagster code location: `dagster dev` and `dagster asset materialize -m pipelines.definitions` load `defs`."""

import dagster as dg

from pipelines import checks
from pipelines.assets import ingest, nlp, report, warehouse
from pipelines.automation import build_warehouse_job, daily_rerun, new_files_sensor, rebuild_sql_job, reextract_job
from pipelines.executors import executor_from_environment
from pipelines.resources import WarehouseResource

all_assets = dg.load_assets_from_modules([ingest, nlp, report, warehouse])
all_checks = dg.load_asset_checks_from_modules([checks])

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[build_warehouse_job, reextract_job, rebuild_sql_job],
    schedules=[daily_rerun],
    sensors=[new_files_sensor],
    resources={"warehouse": WarehouseResource.from_environment()},
    executor=executor_from_environment(),
)


def build_warehouse() -> dg.JobDefinition:
    """The main job, reconstructable in other processes (`news-warehouse build` runs it with `dg.execute_job`)."""
    return defs.resolve_job_def("build_warehouse")

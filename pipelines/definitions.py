"""The Dagster code location: `dagster dev` and `dagster asset materialize -m pipelines.definitions` load `defs`."""

from __future__ import annotations

import dagster as dg

from pipelines import checks
from pipelines.assets import ingest, nlp, warehouse
from pipelines.resources import WarehouseResource

all_assets = dg.load_assets_from_modules([ingest, nlp, warehouse])
all_checks = dg.load_asset_checks_from_modules([checks])

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Everything: scan the input folder, rebuild what changed, publish warehouse.duckdb.",
)

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[build_warehouse_job],
    resources={"warehouse": WarehouseResource.from_environment()},
)

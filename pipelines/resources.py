"""The one resource every asset shares: where to read articles and where to write the warehouse."""

from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines.core import settings
from pipelines.core.lake import LakeCatalog
from pipelines.core.store import ParquetStore


# Every asset that writes under WAREHOUSE_DIR runs in this pool; dagster.yaml limits it to
# one at a time so the sensor, the schedule and a click in the UI never write at once.
WAREHOUSE_POOL = "warehouse"
# Who answers for the assets, shown on every asset page.
OWNERS = ["team:news-warehouse"]


def tags_for(layer: str) -> dict[str, str]:
    """Tags every asset carries: its layer of the pipeline (ingest, nlp, warehouse, report) and what stores it."""
    return {"layer": layer, "storage": "duckdb" if layer == "warehouse" else "parquet" if layer != "report" else "html"}


class WarehouseResource(dg.ConfigurableResource):
    """Input folder, warehouse folder and run options.

    `from_environment()` fills them from `SEEDS_DIR`, `WAREHOUSE_DIR` and
    `MAX_FILE_BYTES` when the code location loads; each can be overridden
    per run from the launchpad.
    """

    seeds_dir: str = Field(description="Folder of raw article files, scanned recursively.")
    warehouse_dir: str = Field(description="Folder for the Parquet tables and warehouse.duckdb.")
    max_file_bytes: int = Field(description="Files larger than this are rejected, not read (for exports: each row's text).")
    export_columns: str = Field(
        default="",
        description="Export columns beyond the recognised names, as field=column,... (e.g. text=story_body,title=hed).",
    )
    warehouse_catalog: str = Field(
        default="", description="DuckLake catalog each build also publishes to (postgres:dbname=… host=…); empty for none."
    )
    lake_data: str = Field(default="", description="Where the catalog's Parquet files go; empty for <warehouse_dir>/lake/.")

    @classmethod
    def from_environment(cls) -> "WarehouseResource":
        return cls(
            seeds_dir=str(settings.seeds_dir()),
            warehouse_dir=str(settings.warehouse_dir()),
            max_file_bytes=settings.max_file_bytes(),
            export_columns=settings.export_columns(),
            warehouse_catalog=settings.warehouse_catalog(),
            lake_data=settings.lake_data_path(),
        )

    @property
    def seeds_path(self) -> Path:
        return Path(self.seeds_dir)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse_dir)

    @property
    def lake_catalog(self) -> LakeCatalog | None:
        if not self.warehouse_catalog:
            return None
        return LakeCatalog(self.warehouse_catalog, self.lake_data or str(self.warehouse_path / settings.LAKE_FOLDER))

    @property
    def store(self) -> ParquetStore:
        return ParquetStore(self.warehouse_path)

"""The one resource every asset shares: where to read articles and where to write the warehouse."""

from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines.core import settings
from pipelines.core.store import ParquetStore


class WarehouseResource(dg.ConfigurableResource):
    """Input folder, warehouse folder and run options.

    `from_environment()` fills them from `SEEDS_DIR`, `WAREHOUSE_DIR` and
    `MAX_FILE_BYTES`, `FULL_REFRESH` when the code location loads; each can be overridden
    per run from the launchpad.
    """

    seeds_dir: str = Field(description="Folder of raw article files, scanned recursively.")
    warehouse_dir: str = Field(description="Folder for the Parquet tables and warehouse.duckdb.")
    max_file_bytes: int = Field(description="Files larger than this are rejected, not read.")
    full_refresh: bool = Field(
        default=False,
        description="Recompute every derived table from the stored texts instead of reusing unchanged results.",
    )

    @classmethod
    def from_environment(cls) -> "WarehouseResource":
        return cls(
            seeds_dir=str(settings.seeds_dir()),
            warehouse_dir=str(settings.warehouse_dir()),
            max_file_bytes=settings.max_file_bytes(),
            full_refresh=settings.full_refresh(),
        )

    @property
    def seeds_path(self) -> Path:
        return Path(self.seeds_dir)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse_dir)

    @property
    def store(self) -> ParquetStore:
        return ParquetStore(self.warehouse_path)

"""Where things live, from the environment, with defaults inside the project.

`SEEDS_DIR` and `WAREHOUSE_DIR` may be absolute or relative to the working
directory; unset, they default to the project's own `seeds/` and `warehouse/`
whatever the working directory, so `make run`, `dagster dev` and the tests
agree on one place.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024


def _path_from_env(variable: str, default: Path) -> Path:
    value = os.environ.get(variable, "").strip()
    return Path(value).expanduser().resolve() if value else default


def seeds_dir() -> Path:
    return _path_from_env("SEEDS_DIR", PROJECT_ROOT / "seeds")


def warehouse_dir() -> Path:
    return _path_from_env("WAREHOUSE_DIR", PROJECT_ROOT / "warehouse")


def max_file_bytes() -> int:
    return int(os.environ.get("MAX_FILE_BYTES") or DEFAULT_MAX_FILE_BYTES)


def export_columns() -> str:
    """`EXPORT_COLUMNS`: extra export column names, `field=column,...` (see `exports.py`)."""
    return os.environ.get("EXPORT_COLUMNS", "").strip()


REPORT_FOLDER = "report"  # under WAREHOUSE_DIR
DEFAULT_REPORT_PORT = 3001


def report_url() -> str:
    """Where the rendered report is served (`news-warehouse dev` serves it); linked from the UI."""
    return os.environ.get("REPORT_URL") or f"http://127.0.0.1:{DEFAULT_REPORT_PORT}/report.html"


def sensor_interval_seconds() -> int:
    """How often the daemon looks at SEEDS_DIR for new or edited files."""
    return int(os.environ.get("SENSOR_INTERVAL_SECONDS") or 30)


LAKE_FOLDER = "lake"  # under WAREHOUSE_DIR: the DuckLake catalog's Parquet files, unless WAREHOUSE_LAKE_DATA says elsewhere


def warehouse_catalog() -> str:
    """`WAREHOUSE_CATALOG`: the DuckLake catalog each build also publishes to (`postgres:dbname=… host=…`); empty for none."""
    return os.environ.get("WAREHOUSE_CATALOG", "").strip()


def lake_data_path() -> str:
    """`WAREHOUSE_LAKE_DATA`: where the catalog's Parquet files go (a folder or `s3://…`); empty for the default."""
    value = os.environ.get("WAREHOUSE_LAKE_DATA", "").strip()
    return value if not value or "://" in value else str(Path(value).expanduser().resolve())

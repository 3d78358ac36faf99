"""DuckDB extensions shipped as Python packages, loaded from disk: nothing is downloaded.

DuckDB's own `INSTALL fts` fetches from the internet, which neither this
machine nor a user behind a firewall can do; each `duckdb-extension-*` wheel
carries the binary built for our pinned DuckDB version. The PostgreSQL client
comes from `duckdb-extension-postgres-scanner`: the same binary as
`duckdb-extension-postgres`, but under the file name `postgres_scanner` that
DuckDB derives its entry point from, so a plain `LOAD '<path>'` works.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import duckdb
import duckdb_extension_ducklake
import duckdb_extension_fts
import duckdb_extension_httpfs
import duckdb_extension_postgres_scanner


def extension_path(package: ModuleType, name: str) -> Path:
    """The binary of extension `name` in wheel `package`, for the installed DuckDB."""
    folder = Path(package.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    path = folder / f"{name}.duckdb_extension"
    if not path.exists():
        raise FileNotFoundError(
            f"no {name} extension for DuckDB {duckdb.__version__} in {folder.parent}: "
            f"duckdb and {package.__name__.replace('_', '-')} must have the same version (see pyproject.toml)"
        )
    return path


def fts_extension_path() -> Path:
    """The full-text-search extension binary matching the installed DuckDB."""
    return extension_path(duckdb_extension_fts, "fts")


def load_statements() -> list[str]:
    """SQL that loads every extension the warehouse's views use (run it in each new connection)."""
    return [f"LOAD '{fts_extension_path()}'"]


def lake_load_statements(object_storage: bool = False) -> list[str]:
    """SQL that loads what a DuckLake catalog in PostgreSQL needs (and httpfs for data in object storage)."""
    packages = [(duckdb_extension_postgres_scanner, "postgres_scanner"), (duckdb_extension_ducklake, "ducklake")]
    if object_storage:
        packages.append((duckdb_extension_httpfs, "httpfs"))
    return [f"LOAD '{extension_path(package, name)}'" for package, name in packages]


if __name__ == "__main__":
    import sys

    # `make sql` passes these to the DuckDB shell; `--lake`: what a shell needs to attach the DuckLake catalog.
    statements = lake_load_statements(object_storage=True) if "--lake" in sys.argv[1:] else load_statements()
    print(";\n".join(statements) + ";")

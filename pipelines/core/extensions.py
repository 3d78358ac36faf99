"""DuckDB extensions shipped as Python packages, loaded from disk: nothing is downloaded.

DuckDB's own `INSTALL fts` fetches from the internet, which neither this
machine nor a user behind a firewall can do; the `duckdb-extension-fts` wheel
carries the binary built for our pinned DuckDB version.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import duckdb_extension_fts


def fts_extension_path() -> Path:
    """The full-text-search extension binary matching the installed DuckDB."""
    folder = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    path = folder / "fts.duckdb_extension"
    if not path.exists():
        raise FileNotFoundError(
            f"no fts extension for DuckDB {duckdb.__version__} in {folder.parent}: "
            "duckdb and duckdb-extension-fts must have the same version (see pyproject.toml)"
        )
    return path


def load_statements() -> list[str]:
    """SQL that loads every extension the warehouse's views use (run it in each new connection)."""
    return [f"LOAD '{fts_extension_path()}'"]


if __name__ == "__main__":
    # `make sql` passes these to the DuckDB shell.
    print(";\n".join(load_statements()) + ";")

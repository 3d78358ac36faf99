"""Parquet tables and the DuckDB file, written so that no reader or crash ever sees half a write.

* Every Parquet file is written under a temporary name in the same folder and
  renamed over the old one, so a killed run leaves the previous file whole.
* A table whose content did not change is not rewritten: each file carries a
  fingerprint of its rows in its Parquet metadata, and optionally a stamp of
  the inputs it was derived from, so a step whose inputs did not change can
  skip its work altogether.
* `warehouse.duckdb` is built as a new file beside the old one and swapped in
  with one atomic rename. An analyst holding the old file open (read-only, for
  hours) keeps a consistent snapshot and never blocks the run; new connections
  see the new file.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.core.code_version import code_digest

FINGERPRINT_KEY = b"news_warehouse.fingerprint"
INPUTS_KEY = b"news_warehouse.inputs"
DATABASE_NAME = "warehouse.duckdb"
PARQUET_FOLDER = "parquet"
_TEMP_MARK = ".tmp-"


@dataclass(frozen=True)
class WriteResult:
    path: Path
    rows: int
    fingerprint: str
    changed: bool


def fingerprint(table: pa.Table) -> str:
    """Hash of a table's column names, types and rows (Arrow IPC bytes of one contiguous chunk).

    Metadata (stamps, column descriptions) is left out: rewording a description changes no data.
    """
    sink = pa.BufferOutputStream()
    bare = pa.schema([field.remove_metadata() for field in table.schema])
    table = table.combine_chunks().cast(bare)
    with pa.ipc.new_stream(sink, bare) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


class ParquetStore:
    """The Parquet files under `<warehouse>/parquet/`, one per table."""

    def __init__(self, warehouse_dir: Path):
        self.folder = Path(warehouse_dir) / PARQUET_FOLDER

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"

    def exists(self, name: str) -> bool:
        return self.path(name).exists()

    def read(self, name: str, schema: pa.Schema, columns: Sequence[str] | None = None) -> pa.Table:
        """The stored table (or only `columns` of it), or an empty one with `schema` when none was written yet."""
        path = self.path(name)
        if not path.exists():
            empty = schema.empty_table()
            return empty.select(list(columns)) if columns is not None else empty
        return pq.read_table(path, schema=schema, columns=list(columns) if columns is not None else None)

    def row_count(self, name: str) -> int:
        path = self.path(name)
        return pq.read_metadata(path).num_rows if path.exists() else 0

    def stored_fingerprint(self, name: str) -> str | None:
        return self._stored_metadata(name, FINGERPRINT_KEY)

    def stored_inputs(self, name: str) -> str | None:
        """The `inputs` stamp the table was last written with, if any."""
        return self._stored_metadata(name, INPUTS_KEY)

    def _stored_metadata(self, name: str, key: bytes) -> str | None:
        path = self.path(name)
        if not path.exists():
            return None
        value = (pq.read_schema(path).metadata or {}).get(key)
        return value.decode() if value else None

    def inputs_stamp(self, tables: Sequence[str], *code: ModuleType | Path) -> str:
        """Stamp of the stored `tables` (their fingerprints) and the code in `code` (see `code_digest`)."""
        parts = [f"{name}={self.stored_fingerprint(name)}" for name in tables] + [code_digest(*code)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def write(self, name: str, table: pa.Table, schema: pa.Schema, inputs: str | None = None) -> WriteResult:
        """Write `table` (cast to `schema`) atomically; skip the write when nothing changed.

        `inputs` (see `inputs_stamp`) is kept beside the fingerprint for `stored_inputs`.
        """
        table = table.select(schema.names).cast(schema)
        digest = fingerprint(table)
        path = self.path(name)
        same_rows = self.stored_fingerprint(name) == digest
        if same_rows and self.stored_inputs(name) == inputs:
            return WriteResult(path, table.num_rows, digest, changed=False)
        self.folder.mkdir(parents=True, exist_ok=True)
        stamps = {FINGERPRINT_KEY: digest.encode()} | ({INPUTS_KEY: inputs.encode()} if inputs else {})
        table = table.replace_schema_metadata({**(schema.metadata or {}), **stamps})
        with atomic_path(path) as temp:
            pq.write_table(table, temp, compression="zstd")
        return WriteResult(path, table.num_rows, digest, changed=not same_rows)


class atomic_path:
    """Context manager giving a temporary sibling path that replaces `target` on success only."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.temp = self.target.with_name(f"{self.target.name}{_TEMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")

    def __enter__(self) -> Path:
        return self.temp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.temp.unlink(missing_ok=True)
            return
        _fsync(self.temp)
        os.replace(self.temp, self.target)
        _fsync(self.target.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files left by killed runs (their process is gone)."""
    removed = []
    if not folder.exists():
        return removed
    for path in folder.rglob(f"*{_TEMP_MARK}*"):
        pid = path.name.split(_TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class DatabaseBuild:
    path: Path
    fingerprint: str
    rebuilt: bool
    row_counts: dict[str, int]


def build_database(
    warehouse_dir: Path,
    tables: dict[str, Path],
    sql_files: list[Path],
    setup_statements: Sequence[str] = (),
    table_statements: Sequence[str] = (),
) -> DatabaseBuild:
    """Publish `warehouse.duckdb` with one table per Parquet file and the views in `sql_files`.

    The tables are copies of the Parquet files, so the database is
    self-contained and answers the same from any working directory. Nothing
    is written when neither the tables nor the SQL changed since the last build.
    `setup_statements` (e.g. loading extensions) run first in the build's connection,
    `table_statements` (e.g. `COMMENT ON` the tables) once the tables exist.
    """
    warehouse_dir = Path(warehouse_dir)
    target = warehouse_dir / DATABASE_NAME
    stamp_path = warehouse_dir / f".{DATABASE_NAME}.build.json"
    parts = {name: _file_digest(path) for name, path in sorted(tables.items())}
    parts |= {f"sql:{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in sql_files}
    parts["table_statements"] = hashlib.sha256("\n".join(table_statements).encode()).hexdigest()
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    if target.exists() and stamp_path.exists():
        stamp = json.loads(stamp_path.read_text())
        if stamp.get("fingerprint") == digest:
            return DatabaseBuild(target, digest, rebuilt=False, row_counts=stamp["row_counts"])

    row_counts: dict[str, int] = {}
    with atomic_path(target) as temp:
        connection = duckdb.connect(str(temp))
        try:
            for statement in setup_statements:
                connection.execute(statement)
            for name, path in sorted(tables.items()):
                # Table names come from our own schema registry, never from input data.
                connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet($path)', {"path": str(path)})
                row_counts[name] = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for statement in table_statements:
                connection.execute(statement)
            for sql_file in sql_files:
                connection.execute(sql_file.read_text(encoding="utf-8"))
            connection.execute("CHECKPOINT")
        finally:
            connection.close()
        # A write-ahead log left at the target path by some other writer would be
        # replayed into the new file; the warehouse is rebuilt from Parquet, so drop it.
        Path(f"{target}.wal").unlink(missing_ok=True)
    stamp_tmp = stamp_path.with_name(f"{stamp_path.name}{_TEMP_MARK}{os.getpid()}")
    stamp_tmp.write_text(json.dumps({"fingerprint": digest, "row_counts": row_counts}, indent=2))
    os.replace(stamp_tmp, stamp_path)
    return DatabaseBuild(target, digest, rebuilt=True, row_counts=row_counts)


def build_fingerprint(database: Path) -> str | None:
    """Fingerprint of the tables and SQL the database at `database` was last built from."""
    stamp_path = Path(database).with_name(f".{Path(database).name}.build.json")
    return json.loads(stamp_path.read_text())["fingerprint"] if stamp_path.exists() else None


def _file_digest(path: Path) -> str:
    value = (pq.read_schema(path).metadata or {}).get(FINGERPRINT_KEY)
    if value:
        return value.decode()
    return hashlib.sha256(path.read_bytes()).hexdigest()

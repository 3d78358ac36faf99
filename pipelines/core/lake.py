"""The shared warehouse: a DuckLake catalog, its metadata in PostgreSQL, its data Parquet files.

With `WAREHOUSE_CATALOG=postgres:dbname=news host=db-host user=news` every
build publishes into that catalog as well as into `warehouse.duckdb`:

* One build is one snapshot. The publish is one transaction, so a reader on
  any machine that attaches the catalog sees the previous build or this one,
  never a mix, and earlier builds stay readable by time travel
  (`SELECT * FROM documents AT (VERSION => 3)`).
* Only tables whose rows changed are written. The fingerprints the Parquet
  tables carry (see `store.fingerprint`) are kept in the catalog itself
  (`warehouse_build.published`), and a build with nothing new adds no snapshot.
* A changed table named in `replace_by` (table -> key column, such as
  `doc_id`) is updated as in the file publish (`store.update_table`): only
  the rows of the key values whose rows changed are deleted and inserted
  again. Every other changed table is copied whole, and so is one that is
  new, whose columns changed, or that already holds more than
  `MAX_DATA_FILES` data files: DuckLake writes a data file per insert and
  delete files per delete, and a copy writes the table afresh.
* Two builds never publish over each other. Every publish replaces
  `warehouse_build.published`, so when two builds overlap DuckLake commits the
  first and refuses the second (`LakeConflict`), leaving the first's snapshot.
* The checks `verify` runs (those of `warehouse.duckdb`) see the new tables
  inside the transaction; when one fails nothing is committed.

The data go to `WAREHOUSE_LAKE_DATA` (default `<WAREHOUSE_DIR>/lake/`), a
folder or object storage (`s3://…`, through the httpfs extension and a DuckDB
secret). The full-text index stays in `warehouse.duckdb`: DuckLake cannot
store the index's tables, so `search()` is not in the catalog.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.core.extensions import lake_load_statements
from pipelines.core.store import KeyDigests, sql_literal, update_table

ALIAS = "lake"
STATE_TABLE = "warehouse_build.published"  # what the last build published: item -> digest
VIEWS_ITEM = "sql views"  # the state row of the views, beside one row per table
# SQL files the catalog cannot hold (see the module docstring), kept in warehouse.duckdb only.
FILE_ONLY_SQL = frozenset({"search.sql"})
# Past this many data files a table is copied whole instead of updated: every read opens each of them.
MAX_DATA_FILES = 16


class LakeConflict(Exception):
    """Another build committed to the catalog while this one was publishing; this one was not published."""


@dataclass(frozen=True)
class LakeCatalog:
    """Where the catalog's metadata live (`postgres:<libpq connection string>`) and where its data go."""

    metadata: str
    data_path: str

    def __post_init__(self):
        if not self.metadata.startswith("postgres:"):
            raise ValueError(f"WAREHOUSE_CATALOG must be postgres:<connection string>, not {self.metadata!r}")

    @property
    def object_storage(self) -> bool:
        return "://" in self.data_path

    def attach_statement(self, read_only: bool = False, snapshot: int | None = None) -> str:
        """`ATTACH` of the catalog as `lake`: to write (creating it when new), or to read, optionally at `snapshot`."""
        if read_only:
            options = ["READ_ONLY"] + ([f"SNAPSHOT_VERSION {int(snapshot)}"] if snapshot is not None else [])
        else:
            # Every row goes to Parquet under DATA_PATH, none is inlined into the PostgreSQL catalog.
            options = [f"DATA_PATH {sql_literal(self.data_path)}", "DATA_INLINING_ROW_LIMIT 0"]
        return f"ATTACH {sql_literal('ducklake:' + self.metadata)} AS {ALIAS} ({', '.join(options)})"


def connect(catalog: LakeCatalog, read_only: bool = False, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the catalog attached as `lake` and in use."""
    if not (read_only or catalog.object_storage):
        Path(catalog.data_path).mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(config={"autoinstall_known_extensions": False})
    try:
        for statement in lake_load_statements(catalog.object_storage):
            connection.execute(statement)
        connection.execute(catalog.attach_statement(read_only, snapshot))
        connection.execute(f"USE {ALIAS}")
    except BaseException:
        connection.close()
        raise
    return connection


def current_snapshot(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute(f"SELECT max(snapshot_id) FROM {ALIAS}.snapshots()").fetchone()[0]


@dataclass(frozen=True)
class LakePublish:
    snapshot: int  # the catalog's snapshot holding this build
    copied: list[str]  # tables copied whole into the catalog
    updated: list[str]  # tables whose changed keys' rows were replaced (the others were unchanged)
    published: bool  # False when nothing changed, so no snapshot was added


def publish(
    catalog: LakeCatalog,
    tables: dict[str, Path],
    fingerprints: dict[str, str],
    sql_files: Sequence[Path],
    table_statements: dict[str, Sequence[str]],
    verify: Callable[[duckdb.DuckDBPyConnection], None],
    message: str,
    replace_by: Mapping[str, str],
    key_digests: KeyDigests | None = None,
) -> LakePublish:
    """Publish the Parquet `tables` (rows fingerprinted by `fingerprints`) and the views in `sql_files` as one snapshot.

    `replace_by` names the tables updated by key (see the module docstring), compared through `key_digests` when given.
    `table_statements[name]` (e.g. `COMMENT ON`) run after table `name` is written; `verify`
    gets the connection inside the transaction and raises to stop the publish.
    `message` is recorded as the snapshot's commit message.
    """
    sql_files = [path for path in sql_files if path.name not in FILE_ONLY_SQL]
    wanted = {
        name: _digest(fingerprints[name], *table_statements.get(name, ())) for name in tables
    } | {VIEWS_ITEM: _digest(*(path.read_text(encoding="utf-8") for path in sql_files))}
    with closing(connect(catalog)) as connection:
        published = _published(connection)
        changed = sorted(name for name in tables if published.get(name) != wanted[name])
        dropped = sorted(published.keys() - wanted.keys())
        if not changed and not dropped and published.get(VIEWS_ITEM) == wanted[VIEWS_ITEM]:
            return LakePublish(current_snapshot(connection), copied=[], updated=[], published=False)
        copied, updated = [], []
        connection.execute("BEGIN TRANSACTION")
        try:
            for name in dropped:
                connection.execute(f'DROP TABLE IF EXISTS "{name}"')
            existing = _tables(connection)
            for name in changed:
                key = replace_by.get(name)
                if key is not None and (name not in existing or _data_files(connection, name) > MAX_DATA_FILES):
                    key = None  # new, or past the file bound: copied whole
                held, new = (None, None)
                if key is not None and key_digests is not None:
                    statements = table_statements.get(name, ())
                    kept = key_digests.kept(tables[name]).items()
                    held = next((digests for rows, digests in kept if _digest(rows, *statements) == published.get(name)), None)
                    new = key_digests.of(tables[name], key)
                # Table names come from our own schema registry, never from input data.
                (updated if update_table(connection, name, tables[name], key, held, new) else copied).append(name)
                for statement in table_statements.get(name, ()):
                    connection.execute(statement)
            for path in sql_files:
                connection.execute(path.read_text(encoding="utf-8"))
            _record(connection, wanted)
            connection.execute(f"CALL {ALIAS}.set_commit_message('news-warehouse', ?)", [message])
            verify(connection)
            connection.execute("COMMIT")
        except duckdb.TransactionException as exc:
            raise LakeConflict(f"another build published to the catalog meanwhile; this build was not published ({exc})") from None
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return LakePublish(current_snapshot(connection), copied=copied, updated=updated, published=True)


def _published(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    schema, table = STATE_TABLE.split(".")
    exists = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = ? AND table_schema = ? AND table_name = ?",
        [ALIAS, schema, table],
    ).fetchone()[0]
    return dict(connection.execute(f"SELECT item, digest FROM {STATE_TABLE}").fetchall()) if exists else {}


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables of the catalog's main schema."""
    return {
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main' AND table_type = 'BASE TABLE'",
            [ALIAS],
        ).fetchall()
    }


def _data_files(connection: duckdb.DuckDBPyConnection, name: str) -> int:
    return connection.execute(f"SELECT count(*) FROM ducklake_list_files('{ALIAS}', ?)", [name]).fetchone()[0]


def _record(connection: duckdb.DuckDBPyConnection, wanted: dict[str, str]) -> None:
    """Replace the state table, which is also what makes two overlapping publishes conflict."""
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_TABLE.split('.')[0]}")
    connection.execute(f"CREATE OR REPLACE TABLE {STATE_TABLE} (item VARCHAR, digest VARCHAR)")
    connection.executemany(f"INSERT INTO {STATE_TABLE} VALUES (?, ?)", sorted(wanted.items()))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()

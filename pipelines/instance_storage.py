"""The Dagster instance `news-warehouse build` runs in: the one `DAGSTER_HOME` configures, with Dagster's
SQLite storage keeping its database engines.

Dagster's SQLite run and event log storages create a SQLAlchemy engine for every connection and
dispose of it after, so every event a run records (about 135 in a build, each a step start, an
output, a materialization or a check result) sets up a new engine and compiles its statements
again: 6 ms of CPU an event, 14 ms a materialization. These storages keep one engine per database
file instead, which halves that. Connections are still opened and closed per use (`NullPool`), in
the same files, with the same tables and locking, so the UI and the daemon, which use Dagster's own
classes, read and write them as before. A `dagster.yaml` that configures its own storage (e.g.
PostgreSQL) is used as it is.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster._core.instance.config import dagster_instance_config
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SQLITE_BUSY_TIMEOUT_SECONDS, SqliteEventLogStorage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.schedules.sqlite.sqlite_schedule_storage import SqliteScheduleStorage
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

# Engines kept per event log storage, the most recently used: a run's database, the index, and a few
# runs a reader looks at. Each holds no connection, only its compiled statements.
KEPT_ENGINES = 8
# dagster.yaml keys that configure the storage; when one is there, the instance is Dagster's as configured.
_STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


def build_instance() -> dg.DagsterInstance:
    """The persistent instance of `DAGSTER_HOME` (as `DagsterInstance.get()`), its default SQLite storage
    replaced by `EngineKeepingSqliteStorage`. The step processes a run starts get the same instance."""
    home = os.environ["DAGSTER_HOME"]
    configured, _ = dagster_instance_config(home)
    if any(key in (configured or {}) for key in _STORAGE_KEYS):
        return dg.DagsterInstance.get()
    storage = {"module": __name__, "class": EngineKeepingSqliteStorage.__name__, "config": {"base_dir": home}}
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(home, overrides={"storage": {"custom": storage}}))


class _EngineKeepingEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (a database per run, and an index), one engine per database."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # first: Dagster's constructor connects
        super().__init__(base_dir, inst_data)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As Dagster's own, but with a kept engine: under the same lock, initialising each database once.
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as connection, connection.begin():
                yield connection

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard), poolclass=NullPool, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
            )
        self._engines[shard] = engine
        while len(self._engines) > KEPT_ENGINES:
            self._engines.popitem(last=False)[1].dispose()
        return engine


class _EngineKeepingRunStorage(SqliteRunStorage):
    """Dagster's SQLite run storage (one database), with one engine."""

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        if getattr(self, "_engine", None) is None:
            self._engine = create_engine(self._conn_string, poolclass=NullPool)
        with self._engine.connect() as connection, connection.begin():
            yield connection


class EngineKeepingSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage under `base_dir` (the same files and tables), keeping its engines."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        # Dagster's own constructor, with the run and event log storages above.
        self.base_dir = base_dir
        self._run_storage = _EngineKeepingRunStorage.from_local(_runs_directory(base_dir))
        self._event_log_storage = _EngineKeepingEventLogStorage(_event_logs_directory(base_dir))
        self._schedule_storage = SqliteScheduleStorage.from_local(_schedule_directory(base_dir))
        self._inst_data = inst_data
        super(DagsterSqliteStorage, self).__init__()

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value) -> EngineKeepingSqliteStorage:
        return cls(config_value["base_dir"], inst_data)

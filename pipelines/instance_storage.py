"""The Dagster instance `news-warehouse build` runs in: the one `DAGSTER_HOME` configures, with Dagster's
SQLite storage keeping its database connections open.

Dagster's SQLite run and event log storages make a SQLAlchemy engine for every connection, open the
database file, and close both after: every event a run records (about 135 in a build: each step's
start, outputs, materializations and check results) costs 5 ms of CPU that way, a materialization
12 ms, about a second a run. These storages keep one engine per database file, with its connection
open between uses (SQLAlchemy's default pool for a SQLite file), which takes an event to 1 ms and a
materialization to 3. The files, their tables and their locking are Dagster's own, so the UI and the
daemon, which use Dagster's classes, read and write them as before. A `dagster.yaml` that configures
its own storage (e.g. PostgreSQL) is used as it is.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster._core.instance.config import DAGSTER_CONFIG_YAML_FILENAME, dagster_instance_config
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

# Databases whose engine (and connection) an event log storage keeps, the most recently used: a run's
# database, the index, and a few runs a reader looks at.
KEPT_ENGINES = 8
# dagster.yaml keys that configure the storage; when one is there, the instance is Dagster's as configured.
_STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


def build_instance() -> dg.DagsterInstance:
    """The persistent instance of `DAGSTER_HOME` (as `DagsterInstance.get()`), its default SQLite storage
    replaced by `ConnectionKeepingSqliteStorage`. The step processes a run starts get the same instance."""
    home = os.environ["DAGSTER_HOME"]
    if not os.path.isabs(home) or _configures_storage(home):
        return dg.DagsterInstance.get()  # as configured (and Dagster's own message for a relative DAGSTER_HOME)
    storage = {"module": __name__, "class": ConnectionKeepingSqliteStorage.__name__, "config": {"base_dir": home}}
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(home, overrides={"storage": {"custom": storage}}))


def _configures_storage(home: str) -> bool:
    if not Path(home, DAGSTER_CONFIG_YAML_FILENAME).exists():
        return False  # not asked first: Dagster warns about a missing file, once is enough
    configured, _ = dagster_instance_config(home)
    return any(key in (configured or {}) for key in _STORAGE_KEYS)


class _ConnectionKeepingEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (a database per run, and an index), a connection kept per database."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # first: Dagster's constructor connects
        super().__init__(base_dir, inst_data)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As Dagster's own, with a kept engine: under the same lock, which also keeps two threads from
        # using one connection at once, and initialising each database once.
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
            engine = _kept_engine(self.conn_string_for_shard(shard), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
        self._engines[shard] = engine
        while len(self._engines) > KEPT_ENGINES:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    def dispose(self) -> None:
        super().dispose()
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()


class _ConnectionKeepingRunStorage(SqliteRunStorage):
    """Dagster's SQLite run storage (one database), its connection kept."""

    def __init__(self, conn_string: str, inst_data: ConfigurableClassData | None = None):
        super().__init__(conn_string, inst_data)
        self._engine = _kept_engine(conn_string)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self._engine.connect() as connection, connection.begin():
            yield connection

    def dispose(self) -> None:
        super().dispose()
        self._engine.dispose()


def _kept_engine(url: str, **connect_args) -> Engine:
    """An engine whose pool keeps one connection open between uses, which any thread may take in turn."""
    return create_engine(url, pool_size=1, connect_args={**connect_args, "check_same_thread": False})


class ConnectionKeepingSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage under `base_dir` (the same files and tables), keeping its connections open."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        # Dagster's own constructor, with the run and event log storages above.
        self.base_dir = base_dir
        self._run_storage = _ConnectionKeepingRunStorage.from_local(_runs_directory(base_dir))
        self._event_log_storage = _ConnectionKeepingEventLogStorage(_event_logs_directory(base_dir))
        self._schedule_storage = SqliteScheduleStorage.from_local(_schedule_directory(base_dir))
        self._inst_data = inst_data
        super(DagsterSqliteStorage, self).__init__()

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value) -> ConnectionKeepingSqliteStorage:
        return cls(config_value["base_dir"], inst_data)

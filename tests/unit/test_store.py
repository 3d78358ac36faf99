"""Parquet and DuckDB writes: skipped when unchanged, atomic when not, never disturbing readers."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipelines.core.store import ParquetStore, atomic_path, build_database, remove_temporaries

SCHEMA = pa.schema([pa.field("id", pa.int64()), pa.field("name", pa.string())])


def table(*names: str) -> pa.Table:
    return pa.table({"id": list(range(len(names))), "name": list(names)}, schema=SCHEMA)


def test_unchanged_table_is_not_rewritten(tmp_path):
    store = ParquetStore(tmp_path)
    first = store.write("people", table("ada", "grace"), SCHEMA)
    mtime = first.path.stat().st_mtime_ns
    again = store.write("people", table("ada", "grace"), SCHEMA)
    assert (first.changed, again.changed) == (True, False)
    assert again.path.stat().st_mtime_ns == mtime
    assert store.write("people", table("ada"), SCHEMA).changed
    assert store.read("people", SCHEMA).to_pylist() == [{"id": 0, "name": "ada"}]


def test_failed_write_leaves_the_previous_file_whole(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("killed mid-write")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def _publish(tmp_path: Path, *names: str, views: list[Path] = ()):
    store = ParquetStore(tmp_path)
    store.write("people", table(*names), SCHEMA)
    return build_database(tmp_path, {"people": store.path("people")}, list(views))


def test_database_is_rebuilt_only_when_a_table_or_view_changes(tmp_path):
    first = _publish(tmp_path, "ada")
    mtime = first.path.stat().st_mtime_ns
    assert not _publish(tmp_path, "ada").rebuilt
    assert first.path.stat().st_mtime_ns == mtime
    view = tmp_path / "v.sql"
    view.write_text("CREATE VIEW names AS SELECT name FROM people;")
    assert _publish(tmp_path, "ada", views=[view]).rebuilt
    with duckdb.connect(str(first.path), read_only=True) as connection:
        assert connection.execute("SELECT * FROM names").fetchall() == [("ada",)]


def test_a_reader_holding_the_database_open_neither_blocks_nor_sees_a_partial_build(tmp_path, analyst_session):
    database = _publish(tmp_path, "ada").path
    reader = analyst_session(database, "people")
    assert reader.count() == 1
    assert _publish(tmp_path, "ada", "grace", "linus").rebuilt
    assert reader.count() == 1  # its snapshot, unchanged
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM people").fetchone()[0] == 3


def test_a_build_killed_midway_leaves_the_old_database_queryable(tmp_path):
    database = _publish(tmp_path, "ada").path
    slow_view = tmp_path / "slow.sql"
    slow_view.write_text("CREATE TABLE slow AS SELECT sum(range) FROM range(20000000000);")
    builder = subprocess.Popen(
        [sys.executable, "-c", (
            "from pathlib import Path\n"
            "from pipelines.core.store import build_database, ParquetStore\n"
            f"root = Path({str(tmp_path)!r})\n"
            "build_database(root, {'people': ParquetStore(root).path('people')}, [root / 'slow.sql'])\n"
        )],
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("warehouse.duckdb.tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(builder.pid, signal.SIGKILL)
    builder.wait()
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT name FROM people").fetchall() == [("ada",)]
    assert remove_temporaries(tmp_path)
    assert not list(tmp_path.glob("*.tmp-*"))

"""The shared warehouse: builds publish into a DuckLake catalog kept in a real PostgreSQL server.

The test starts Debian's PostgreSQL on loopback in a folder of its own
(`bench.postgres`, which the benchmark uses too), and stops it and removes the
folder afterwards, also on failure.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import Pipeline
from paths import E2E_ARTICLES, PROJECT_ROOT
from processes import stop

from bench import postgres
from pipelines.assets import warehouse as warehouse_asset
from pipelines.assets.warehouse import REPLACED_BY_DOCUMENT
from pipelines.core import lake, schemas
from pipelines.core.publish_checks import PUBLISH_CHECKS, PublishRefused
from pipelines.core.store import ParquetStore

BUILD_TIMEOUT_S = 600
HELD_BACK = "e_dateline_byline.txt"  # left out of the first build, added for the second
# A story of our own for the third build.
NEW_ARTICLE = """Ferry line resumes crossings after storm repairs

The ferry operator North Sound Lines said on Friday that crossings between Hallby and Oster Vik would resume next week.
Chief executive Ingrid Solberg said repairs to the loading ramp had cost about 2 million euros.
"""


@pytest.fixture(scope="module")
def catalog_server():
    """A PostgreSQL server of the test's own on a free loopback port; yields a libpq connection string."""
    if postgres.server_binaries() is None:
        pytest.fail("PostgreSQL is missing: install Debian's postgresql (apt-get install -y postgresql), as make test does")
    with postgres.local_server() as connection_string:
        yield connection_string
    port = int(connection_string.rsplit("port=", 1)[1].split()[0])
    assert not _listening(port), "postgres is still listening after the test stopped it"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


# Run in another process: what a reader on another machine sees, at each snapshot and at the latest.
READER = """
import json, sys
from pipelines.core import lake
catalog = lake.LakeCatalog(sys.argv[1], "")
counts = {}
for snapshot in [*map(int, sys.argv[2:]), None]:
    with lake.connect(catalog, read_only=True, snapshot=snapshot) as connection:
        counts[str(snapshot)] = connection.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entity_mentions WHERE entity_id NOT IN (SELECT entity_id FROM entities))"
        ).fetchone()
print(json.dumps(counts))
"""


def test_builds_publish_snapshots_that_other_processes_read_while_the_next_build_runs(tmp_path, catalog_server):
    seeds, warehouse = tmp_path / "seeds", tmp_path / "warehouse"
    shutil.copytree(E2E_ARTICLES, seeds)
    held_back = (seeds / HELD_BACK).rename(tmp_path / HELD_BACK)
    pipeline = Pipeline(seeds, warehouse, warehouse_catalog=catalog_server)
    articles = len(list(E2E_ARTICLES.glob("*.txt")))

    first = pipeline.metadata(pipeline.run(), "warehouse_duckdb")
    held_back.rename(seeds / HELD_BACK)
    second = pipeline.metadata(pipeline.run(), "warehouse_duckdb")
    assert second["lake_snapshot"] > first["lake_snapshot"]
    # The new document's rows were added to the per-document tables, which were not copied again.
    assert "documents" in second["lake_tables_updated"]
    assert set(second["lake_tables_updated"]) <= REPLACED_BY_DOCUMENT.keys()
    assert not REPLACED_BY_DOCUMENT.keys() & set(second["lake_tables_copied"])
    # Data as Parquet files under the warehouse folder, none inlined into PostgreSQL.
    assert list((warehouse / "lake").rglob("*.parquet"))

    (seeds / "ferry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "SEEDS_DIR": str(seeds), "WAREHOUSE_DIR": str(warehouse), "DAGSTER_HOME": str(home), "WAREHOUSE_CATALOG": catalog_server}
    third = subprocess.Popen(
        [str(Path(sys.executable).with_name("news-warehouse")), "build", "--quiet"],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        reader = subprocess.run(
            [sys.executable, "-c", READER, catalog_server, str(first["lake_snapshot"]), str(second["lake_snapshot"])],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
        )
        assert reader.returncode == 0, reader.stderr[-3000:]
        assert third.poll() is None, "the third build ended before the reader had read; the test proves nothing"
        counts = json.loads(reader.stdout)
        assert counts[str(first["lake_snapshot"])] == [articles - 1, 0]
        assert counts[str(second["lake_snapshot"])] == [articles, 0]
        assert counts["None"] == [articles, 0]  # the third build has not published yet
        _, stderr = third.communicate(timeout=BUILD_TIMEOUT_S)
        assert third.returncode == 0, stderr[-3000:]
    finally:
        stop(third)

    with lake.connect(lake.LakeCatalog(catalog_server, ""), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (articles + 1,)
        assert connection.execute("SELECT count(*) FROM documents AT (VERSION => ?)", [second["lake_snapshot"]]).fetchone() == (articles,)
        store = ParquetStore(warehouse)
        for name in REPLACED_BY_DOCUMENT:  # updated by document since the first build, they hold what the Parquet files hold
            assert _rows(connection, f'"{name}"') == _rows(connection, f"read_parquet('{store.path(name)}')"), name
        messages = [m for (m,) in connection.execute("SELECT commit_message FROM lake.snapshots() WHERE commit_message IS NOT NULL").fetchall()]
        assert len(messages) == 3 and all(m.startswith("run ") for m in messages)  # one snapshot per build
        # The views are there; the full-text index is kept in warehouse.duckdb only.
        assert connection.execute("SELECT count(*) FROM figure_estimates").fetchone()[0] > 0
        assert connection.execute("SELECT comment FROM duckdb_tables() WHERE database_name = 'lake' AND table_name = 'documents'").fetchone() == (
            schemas.TABLES["documents"].description,
        )


def test_a_publish_copies_only_changed_tables_and_refuses_to_overwrite_a_concurrent_one(tmp_path, catalog_server):
    pipeline = Pipeline(tmp_path / "seeds", tmp_path / "warehouse")
    shutil.copytree(E2E_ARTICLES, pipeline.seeds_dir)
    pipeline.run()
    store = ParquetStore(pipeline.warehouse_dir)
    tables = {name: store.path(name) for name in schemas.PUBLIC_TABLES}
    fingerprints = {name: store.stored_fingerprint(name) for name in tables}
    catalog = lake.LakeCatalog(catalog_server.replace("dbname=news", "dbname=postgres"), str(tmp_path / "lake"))

    def publish(fingerprints: dict[str, str], verify=lambda connection: None, message: str = "test"):
        return lake.publish(catalog, tables, fingerprints, [], {}, verify=verify, message=message, replace_by={})

    first = publish(fingerprints)
    assert first.published and first.copied == sorted(tables)
    again = publish(fingerprints)
    assert (again.published, again.snapshot, again.copied) == (False, first.snapshot, [])
    changed = publish(fingerprints | {"figures": "another fingerprint"})
    assert changed.copied == ["figures"] and changed.snapshot > first.snapshot

    # A build that commits while another is between its copies and its commit wins; the other is refused.
    def meanwhile_another_build_commits(connection):
        publish(fingerprints | {"documents": "the other build's"}, message="the other build")

    with pytest.raises(lake.LakeConflict):
        publish(fingerprints | {"entities": "this build's"}, verify=meanwhile_another_build_commits, message="this build")
    with lake.connect(catalog, read_only=True) as connection:
        assert connection.execute("SELECT commit_message FROM lake.snapshots() ORDER BY snapshot_id DESC LIMIT 1").fetchone() == ("the other build",)


def _rows(connection, relation: str) -> list[tuple]:
    return connection.execute(f"SELECT * FROM {relation} ORDER BY ALL").fetchall()


WORDS = pa.schema([pa.field("doc_id", pa.string()), pa.field("word", pa.string())])


def _new_database(connection_string: str, name: str) -> str:
    """The connection string of a new, empty database on the test's server: a catalog of the test's own."""
    port = connection_string.rsplit("port=", 1)[1].split()[0]
    subprocess.run([postgres.server_binaries() / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", name], check=True)
    return connection_string.replace("dbname=news", f"dbname={name}")


def test_per_document_tables_are_updated_by_document_and_copied_whole_past_the_file_bound(tmp_path, catalog_server, monkeypatch):
    store = ParquetStore(tmp_path / "warehouse")
    catalog = lake.LakeCatalog(_new_database(catalog_server, "by_document"), str(tmp_path / "lake"))
    seen_by_verify = []

    def publish(rows: list[tuple[str, str]], schema: pa.Schema = WORDS) -> lake.LakePublish:
        store.write("words", pa.Table.from_pylist([dict(zip(schema.names, row)) for row in rows], schema=schema), schema)
        if not store.exists("harbours"):
            store.write("harbours", pa.table({"doc_id": ["h1"], "word": ["quay"]}, schema=WORDS), WORDS)
        tables = {name: store.path(name) for name in ("harbours", "words")}
        return lake.publish(
            catalog, tables, {name: store.stored_fingerprint(name) for name in tables}, [], {},
            verify=lambda connection: seen_by_verify.append(_rows(connection, "words")),
            message="test", replace_by={"words": "doc_id"},
        )

    def catalog_rows(snapshot: int | None = None) -> list[tuple]:
        with lake.connect(catalog, read_only=True, snapshot=snapshot) as connection:
            return _rows(connection, "words")

    earlier = [("d1", "lantern"), ("d1", "lantern"), ("d2", "tide"), (None, "buoy")]
    first = publish(earlier)
    assert (first.copied, first.updated) == (["harbours", "words"], [])  # new tables are copied

    later = [("d1", "lantern"), ("d2", "gull"), ("d3", "pier"), (None, "buoy")]  # a copy gone, one edited, one added
    second = publish(later)
    assert (second.copied, second.updated) == ([], ["words"])
    assert catalog_rows() == sorted(later, key=lambda row: (row[0] is None, row)) == seen_by_verify[-1]
    with lake.connect(catalog, read_only=True) as connection:
        assert _rows(connection, "words") == _rows(connection, f"read_parquet('{store.path('words')}')")
        files = connection.execute("SELECT count(*) FROM ducklake_list_files('lake', 'words')").fetchone()[0]
    assert catalog_rows(first.snapshot) == sorted(earlier, key=lambda row: (row[0] is None, row))  # time travel

    # Past the bound of data files the table is copied whole, into one file again.
    monkeypatch.setattr(lake, "MAX_DATA_FILES", files - 1)
    third = publish([("d1", "lantern"), ("d4", "harbour")])
    assert (third.copied, third.updated) == (["words"], [])
    assert catalog_rows() == [("d1", "lantern"), ("d4", "harbour")]
    assert catalog_rows(second.snapshot) == sorted(later, key=lambda row: (row[0] is None, row))
    with lake.connect(catalog, read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM ducklake_list_files('lake', 'words')").fetchone()[0] == 1

    # A table whose columns changed is copied whole too.
    monkeypatch.undo()
    wider = pa.schema([*WORDS, pa.field("count", pa.int64())])
    fourth = publish([("d1", "lantern", 2)], wider)
    assert (fourth.copied, fourth.updated) == (["words"], [])
    assert catalog_rows() == [("d1", "lantern", 2)]


def test_a_build_whose_file_is_refused_adds_no_snapshot_though_the_catalog_publishes_beside_it(tmp_path, catalog_server, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(E2E_ARTICLES, seeds)
    pipeline = Pipeline(seeds, tmp_path / "warehouse", warehouse_catalog=_new_database(catalog_server, "refused_file"))
    catalog = lake.LakeCatalog(pipeline.warehouse_catalog, "")
    first = pipeline.metadata(pipeline.run(), "warehouse_duckdb")
    (seeds / "ferry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    real_build, lake_checked = warehouse_asset.build_database, []

    def refused_after_its_checks(*args, verify, **kwargs):
        def verify_then_refuse(connection):
            verify(connection)
            # The catalog's snapshot is written meanwhile: it waits, checked, for this file's outcome.
            deadline = time.monotonic() + 60
            while not lake_checked and time.monotonic() < deadline:
                time.sleep(0.05)
            raise PublishRefused("refused by the test")

        return real_build(*args, verify=verify_then_refuse, **kwargs)

    real_catalog_checks = warehouse_asset.check_warehouse

    def noted_catalog_checks(connection):
        outcomes = real_catalog_checks(connection)
        if connection.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'lake'").fetchone()[0]:
            lake_checked.append(True)
        return outcomes

    monkeypatch.setattr(warehouse_asset, "build_database", refused_after_its_checks)
    monkeypatch.setattr(warehouse_asset, "check_warehouse", noted_catalog_checks)
    refused = pipeline.try_run()
    assert not refused.success and lake_checked  # the catalog got as far as its checks before the file was refused
    articles = len(list(E2E_ARTICLES.glob("*.txt")))
    assert pipeline.query("SELECT count(*) FROM documents") == [(articles,)]  # the published file is left as it was
    # The file's checks are reported with the refusal.
    assert {e.check_name for e in refused.get_asset_check_evaluations() if e.asset_key.path[-1] == "warehouse_duckdb"} == set(PUBLISH_CHECKS)
    with lake.connect(catalog, read_only=True) as connection:
        assert lake.current_snapshot(connection) == first["lake_snapshot"]
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (articles,)

    monkeypatch.undo()
    published = pipeline.metadata(pipeline.run(), "warehouse_duckdb")
    assert published["lake_snapshot"] > first["lake_snapshot"]
    with lake.connect(catalog, read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (articles + 1,)

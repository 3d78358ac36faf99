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
from pathlib import Path

import pytest
from conftest import Pipeline
from paths import E2E_ARTICLES, PROJECT_ROOT
from processes import stop

from bench import postgres
from pipelines.core import lake, schemas
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
    assert "documents" in second["lake_tables_copied"]
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
        return lake.publish(catalog, tables, fingerprints, [], {}, verify=verify, message=message)

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



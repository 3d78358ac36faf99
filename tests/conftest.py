"""Shared fixtures: a temporary input folder and warehouse, and a way to run the real asset graph over them."""

import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.assets.nlp import annotation_run_config
from pipelines.definitions import all_assets, all_checks
from pipelines.resources import WarehouseResource

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"


class Pipeline:
    """The real asset graph, materialised by Dagster into a temporary warehouse."""

    def __init__(self, seeds_dir: Path, warehouse_dir: Path):
        self.seeds_dir, self.warehouse_dir = seeds_dir, warehouse_dir
        self.instance = dg.DagsterInstance.ephemeral()

    def run(self, max_file_bytes: int = 1_000_000, reannotate_all: bool = False) -> dg.ExecuteInProcessResult:
        resource = WarehouseResource(
            seeds_dir=str(self.seeds_dir), warehouse_dir=str(self.warehouse_dir), max_file_bytes=max_file_bytes
        )
        result = dg.materialize(
            [*all_assets, *all_checks],
            resources={"warehouse": resource},
            instance=self.instance,
            run_config=annotation_run_config(reannotate_all),
        )
        assert result.success
        failed = [
            e.check_name
            for e in result.get_asset_check_evaluations()
            if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
        ]
        assert not failed, f"asset checks failed: {failed}"
        return result

    @staticmethod
    def metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict:
        [event] = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == asset]
        return {k: v.value for k, v in event.materialization.metadata.items()}

    @property
    def database(self) -> Path:
        return self.warehouse_dir / "warehouse.duckdb"

    def query(self, sql: str, *params) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(sql, list(params)).fetchall()


@pytest.fixture
def pipeline(tmp_path) -> Pipeline:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return Pipeline(seeds, tmp_path / "warehouse")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Pipeline:
    """The seeds built once into a warehouse shared by read-only tests."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(SEEDS, root / "seeds")
    pipeline = Pipeline(root / "seeds", root / "warehouse")
    pipeline.run()
    return pipeline


class AnalystSession:
    """Another process holding a DuckDB file open read-only, as an analyst's shell would, for the test's duration."""

    def __init__(self, database: Path, table: str):
        self.process = subprocess.Popen(
            [sys.executable, "-c", (
                "import duckdb, sys\n"
                f"connection = duckdb.connect({str(database)!r}, read_only=True)\n"
                "for _ in sys.stdin:\n"
                f"    print(connection.execute('SELECT count(*) FROM {table}').fetchone()[0], flush=True)\n"
            )],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )

    def count(self) -> int:
        """Row count of the table as this session sees it now."""
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        self.process.communicate(timeout=30)


@pytest.fixture
def analyst_session():
    sessions: list[AnalystSession] = []

    def open_session(database: Path, table: str) -> AnalystSession:
        sessions.append(AnalystSession(database, table))
        return sessions[-1]

    yield open_session
    for session in sessions:
        session.close()

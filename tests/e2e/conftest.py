"""End-to-end fixtures: a temporary input folder and warehouse, and a way to run the real asset graph over them."""

import logging
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from input_formats import copy_formats
from paths import E2E_ARTICLES

from pipelines.assets.nlp import annotation_run_config
from pipelines.definitions import all_assets, all_checks
from pipelines.resources import WarehouseResource


class Pipeline:
    """The real asset graph, materialised by Dagster into a temporary warehouse."""

    def __init__(self, seeds_dir: Path, warehouse_dir: Path, warehouse_catalog: str = ""):
        self.seeds_dir, self.warehouse_dir, self.warehouse_catalog = seeds_dir, warehouse_dir, warehouse_catalog
        self.instance = dg.DagsterInstance.ephemeral()

    def run(self, max_file_bytes: int = 1_000_000, reannotate_all: bool = False) -> dg.ExecuteInProcessResult:
        result = self.try_run(max_file_bytes=max_file_bytes, reannotate_all=reannotate_all)
        assert result.success
        failed = [
            e.check_name
            for e in result.get_asset_check_evaluations()
            if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
        ]
        assert not failed, f"asset checks failed: {failed}"
        return result

    def try_run(
        self, max_file_bytes: int = 1_000_000, reannotate_all: bool = False, seeds_dir: Path | None = None
    ) -> dg.ExecuteInProcessResult:
        """Materialise every asset and return the result, successful or not."""
        resource = WarehouseResource(
            seeds_dir=str(seeds_dir or self.seeds_dir),
            warehouse_dir=str(self.warehouse_dir),
            max_file_bytes=max_file_bytes,
            warehouse_catalog=self.warehouse_catalog,
        )
        return dg.materialize(
            [*all_assets, *all_checks],
            resources={"warehouse": resource},
            instance=self.instance,
            run_config=annotation_run_config(reannotate_all),
            raise_on_error=False,
        )

    def warnings(self, result: dg.ExecuteInProcessResult) -> list[str]:
        """The run's log messages at WARNING level and above."""
        return [entry.user_message for entry in self.instance.all_logs(result.run_id) if entry.level >= logging.WARNING]

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
    shutil.copytree(E2E_ARTICLES, seeds)
    return Pipeline(seeds, tmp_path / "warehouse")


@pytest.fixture
def formats_pipeline(formats_folder, tmp_path) -> Pipeline:
    """The real asset graph over the folder of every input format (`formats_folder`)."""
    return Pipeline(formats_folder, tmp_path / "warehouse")


# Export rows over this are rejected as too large; the folder has one such JSON line.
FORMATS_MAX_FILE_BYTES = 100_000


@pytest.fixture(scope="session")
def formats_built(tmp_path_factory) -> Pipeline:
    """The folder of every input format built once into a warehouse shared by read-only tests."""
    root = tmp_path_factory.mktemp("formats_built")
    pipeline = Pipeline(copy_formats(root / "seeds"), root / "warehouse")
    pipeline.result = pipeline.run(max_file_bytes=FORMATS_MAX_FILE_BYTES)
    return pipeline


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Pipeline:
    """The end-to-end articles built once into a warehouse shared by read-only tests."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(E2E_ARTICLES, root / "seeds")
    pipeline = Pipeline(root / "seeds", root / "warehouse")
    pipeline.run()
    return pipeline


@pytest.fixture
def built_copy(built, tmp_path) -> Pipeline:
    """A copy of the shared built warehouse and its seeds, for a test to damage or change."""
    shutil.copytree(built.seeds_dir, tmp_path / "seeds", symlinks=True)
    shutil.copytree(built.warehouse_dir, tmp_path / "warehouse")
    return Pipeline(tmp_path / "seeds", tmp_path / "warehouse")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here is end-to-end; tests that drive Chromium are also marked `browser`."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            if "browser" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.browser)

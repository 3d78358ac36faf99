"""The instance of `news-warehouse build`: Dagster's SQLite files, written with kept connections (`pipelines.instance_storage`)."""

import dagster as dg
import pytest
import yaml
from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from pipelines import instance_storage
from pipelines.instance_storage import build_instance


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    return tmp_path


def test_a_run_recorded_through_it_reads_the_same_with_dagsters_own_storage(home):
    with build_instance() as instance:
        assert isinstance(instance.event_log_storage, instance_storage._ConnectionKeepingEventLogStorage)
        run = instance.add_run(DagsterRun(job_name="tide_tables", run_id="harbour-run"))
        for n in range(3):
            instance.report_engine_event(f"the pilot boarded at berth {n}", run)
        instance.report_run_canceled(run)
        written = [entry.message for entry in instance.all_logs(run.run_id)]
    assert (home / "history" / "runs.db").exists() and (home / "history" / "runs" / "harbour-run.db").exists()
    with dg.DagsterInstance.from_config(str(home)) as dagsters:
        assert type(dagsters.event_log_storage) is SqliteEventLogStorage
        assert dagsters.get_run_by_id("harbour-run").status == DagsterRunStatus.CANCELED
        assert [entry.message for entry in dagsters.all_logs("harbour-run")] == written


def test_a_configured_storage_is_used_as_it_is(home):
    (home / "dagster.yaml").write_text(yaml.safe_dump({"storage": {"sqlite": {"base_dir": str(home / "elsewhere")}}}))
    with build_instance() as instance:
        assert type(instance.event_log_storage) is SqliteEventLogStorage
        instance.add_run(DagsterRun(job_name="tide_tables", run_id="harbour-run"))
    assert (home / "elsewhere" / "history" / "runs.db").exists()


def test_engines_are_kept_for_the_databases_used_last(home, monkeypatch):
    monkeypatch.setattr(instance_storage, "KEPT_ENGINES", 2)
    with build_instance() as instance:
        for run_id in ["first-tide", "second-tide", "third-tide", "second-tide"]:
            run = instance.get_run_by_id(run_id) or instance.add_run(DagsterRun(job_name="tide_tables", run_id=run_id))
            instance.report_engine_event("the pilot boarded", run)
        assert list(instance.event_log_storage._engines) == ["third-tide", "second-tide"]


def test_a_relative_dagster_home_gets_dagsters_own_error(monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", "relative/home")
    with pytest.raises(dg.DagsterInvariantViolationError, match="must be an absolute path"):
        build_instance()

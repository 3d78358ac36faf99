"""Issue 16, failure 9: a killed build stayed STARTED forever and held the `warehouse` pool, so queued runs
(sensor, schedule, UI) waited forever. With the shipped dagster.yaml the daemon marks it failed and the queue moves.

The real processes: `news-warehouse build` killed with SIGKILL, a run queued with `dagster job launch`
as the sensor or a click would queue it, and `dagster-daemon run` with the shipped dagster.yaml.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import dagster as dg
from dagster._core.storage.dagster_run import IN_PROGRESS_RUN_STATUSES
from paths import E2E_ARTICLES, PROJECT_ROOT
from processes import stop, wait_for

from pipelines.executors import RUN_PROCESS_TAG

BIN = Path(sys.executable).parent
TIMEOUT_S = 600


def test_a_killed_build_is_marked_failed_and_the_run_queued_behind_it_starts(tmp_path):
    seeds, home = tmp_path / "seeds", tmp_path / "dagster_home"
    shutil.copytree(E2E_ARTICLES, seeds)
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")  # as shipped
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DAGSTER_HOME": str(home),
        "SEEDS_DIR": str(seeds),
        "WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "NEWS_WAREHOUSE_EXECUTOR": "in_process",
    }
    instance = dg.DagsterInstance.from_config(str(home))
    logs = {name: (tmp_path / f"{name}.log").open("w") for name in ("build", "daemon")}

    def log_tail() -> str:
        return " | ".join(f"{name}: {(tmp_path / f'{name}.log').read_text()[-2000:]}" for name in logs)

    build = subprocess.Popen([str(BIN / "news-warehouse"), "build"], env=env, cwd=PROJECT_ROOT,
                             stdout=logs["build"], stderr=subprocess.STDOUT, start_new_session=True)
    daemon = None
    try:
        killed = wait_for(
            "the CLI build to start executing",
            lambda: next((r for r in instance.get_runs() if RUN_PROCESS_TAG in r.tags), None),
            TIMEOUT_S,
            details=log_tail,
        )
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        assert instance.get_run_by_id(killed.run_id).status == dg.DagsterRunStatus.STARTED  # left behind, as on main

        launch = subprocess.run(
            [str(BIN / "dagster"), "job", "launch", "-m", "pipelines.definitions", "-j", "build_warehouse"],
            env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
        )
        assert launch.returncode == 0, launch.stderr[-3000:]
        [queued] = [r for r in instance.get_runs() if r.run_id != killed.run_id]
        assert queued.status == dg.DagsterRunStatus.QUEUED

        daemon = subprocess.Popen([str(BIN / "dagster-daemon"), "run", "-m", "pipelines.definitions"], env=env,
                                  cwd=PROJECT_ROOT, stdout=logs["daemon"], stderr=subprocess.STDOUT, start_new_session=True)
        # The queued run, and the one the new-files sensor queues when the daemon starts, all finish.
        wait_for(
            "the queued runs to finish",
            lambda: instance.get_run_by_id(queued.run_id).status in (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE)
            and not instance.get_runs(dg.RunsFilter(statuses=[*IN_PROGRESS_RUN_STATUSES, dg.DagsterRunStatus.QUEUED])),
            TIMEOUT_S,
            details=log_tail,
        )
    finally:
        stop(build)
        if daemon is not None:
            stop(daemon)
        for output in logs.values():
            output.close()

    dead = instance.get_run_record_by_id(killed.run_id)
    assert dead.dagster_run.status == dg.DagsterRunStatus.FAILURE
    messages = [e.message for e in instance.all_logs(killed.run_id) if e.dagster_event and e.dagster_event.is_run_failure]
    assert any("is gone" in message for message in messages), messages
    after = instance.get_run_record_by_id(queued.run_id)
    assert after.dagster_run.status == dg.DagsterRunStatus.SUCCESS, log_tail()
    # The pool held the queued run back until the dead run was marked failed: it did not just slip past.
    assert after.start_time >= dead.end_time
    assert RUN_PROCESS_TAG in after.dagster_run.tags  # the run worker held the warehouse lock too

"""The run launcher named in `dagster.yaml`: Dagster's default one, plus a health check for run monitoring.

Dagster's `DefaultRunLauncher` cannot tell whether a run's process is alive,
so with it run monitoring never notices a run whose process was killed: the
run stays STARTED forever and holds the `warehouse` pool, and every queued run
(sensor, schedule, UI) waits behind it. Every run records the process that
orchestrates it (`RUN_PROCESS_TAG`, set by the executor wrapper); this launcher
reports a run whose process is gone as failed, and the run monitoring daemon
then marks the run failed and frees the pool. A run `news-warehouse build`
started is checked the same way as one the UI launched.
"""

import socket

from dagster import DagsterRun, DefaultRunLauncher
from dagster._core.launcher import CheckRunHealthResult, WorkerStatus

from pipelines.core.locking import process_alive
from pipelines.executors import RUN_PROCESS_TAG


class WarehouseRunLauncher(DefaultRunLauncher):
    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: DagsterRun) -> CheckRunHealthResult:
        recorded = run.tags.get(RUN_PROCESS_TAG)
        if recorded is None:
            # Not started executing yet, or started by other means: never fail what cannot be judged.
            return CheckRunHealthResult(WorkerStatus.RUNNING, "its process is not recorded yet")
        host, pid, start = recorded.rsplit(":", 2)
        if host != socket.gethostname():
            return CheckRunHealthResult(WorkerStatus.RUNNING, f"it runs on {host}, not here")
        if process_alive(int(pid), start or None):
            return CheckRunHealthResult(WorkerStatus.RUNNING)
        return CheckRunHealthResult(WorkerStatus.FAILED, f"its process {pid} on {host} is gone (killed or crashed)")

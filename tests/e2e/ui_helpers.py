"""`make dev` (`news-warehouse dev`) as a user starts it, in a sandbox, for the browser test (test_ui.py).

Starts webserver + daemon on a free port with a temporary DAGSTER_HOME, SEEDS_DIR and
WAREHOUSE_DIR, talks to its GraphQL API, and tears the whole process group down.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paths import E2E_ARTICLES, PROJECT_ROOT
from processes import free_port, wait_for

NEWS_WAREHOUSE = Path(sys.executable).with_name("news-warehouse")

ACTIVE = {"QUEUED", "NOT_STARTED", "MANAGED", "STARTING", "STARTED", "CANCELING"}
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}

RUNS_QUERY = """
query Runs {
  runsOrError {
    __typename
    ... on Runs { results { runId status creationTime tags { key value } } }
    ... on PythonError { message }
  }
}
"""

MATERIALIZATIONS_QUERY = """
query Materializations($path: [String!]!) {
  assetOrError(assetKey: {path: $path}) {
    __typename
    ... on Asset {
      assetMaterializations(limit: 50) {
        runId
        metadataEntries {
          label
          ... on IntMetadataEntry { intValue }
          ... on FloatMetadataEntry { floatValue }
          ... on TextMetadataEntry { text }
          ... on MarkdownMetadataEntry { mdStr }
          ... on PathMetadataEntry { path }
          ... on UrlMetadataEntry { url }
          ... on BoolMetadataEntry { boolValue }
        }
      }
    }
  }
}
"""

SCHEDULES_QUERY = """
query Schedules {
  repositoriesOrError {
    __typename
    ... on RepositoryConnection { nodes { schedules { name id scheduleState { status } } } }
    ... on PythonError { message }
  }
}
"""

STOP_SCHEDULE = """
mutation StopSchedule($id: String!) {
  stopRunningSchedule(id: $id) {
    __typename
    ... on ScheduleStateResult { scheduleState { status } }
    ... on PythonError { message }
  }
}
"""


@dataclass
class Run:
    run_id: str
    status: str
    created: float
    tags: dict[str, str]

    @property
    def short(self) -> str:
        return self.run_id[:8]


@dataclass
class DagsterDev:
    """One `news-warehouse dev` (the UI and daemon, and the report server) over a sandboxed seeds
    folder and warehouse, started as `make dev` starts it."""

    root: Path
    sensor_interval: int = 5
    port: int = field(default_factory=free_port)
    report_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def __post_init__(self):
        self.home = self.root / "dagster_home"
        self.seeds = self.root / "seeds"
        self.warehouse = self.root / "warehouse"
        self.log_path = self.root / "dagster-dev.log"
        self.url = f"http://127.0.0.1:{self.port}"

    # -- process ------------------------------------------------------------------------------

    def start(self, ready_timeout: float = 180) -> None:
        self.home.mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / "dagster.yaml", self.home / "dagster.yaml")
        shutil.copytree(E2E_ARTICLES, self.seeds)
        self.warehouse.mkdir()
        env = {
            **os.environ,
            "DAGSTER_HOME": str(self.home),
            "SEEDS_DIR": str(self.seeds),
            "WAREHOUSE_DIR": str(self.warehouse),
            "SENSOR_INTERVAL_SECONDS": str(self.sensor_interval),
            "PYTHONUNBUFFERED": "1",
        }
        command = [str(NEWS_WAREHOUSE), "dev", "--port", str(self.port), "--report-port", str(self.report_port)]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: webserver, daemon, code server, run workers
                # A shell starting us in the background may ignore SIGINT; dagster dev maps SIGTERM onto
                # the SIGINT handler, so without this it would ignore SIGTERM too and never shut down.
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )
        wait_for(f"dagster dev to serve {self.url}/server_info", self._serving, ready_timeout)

    def _serving(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"dagster dev exited early with code {self.process.returncode}")
        try:
            with urllib.request.urlopen(f"{self.url}/server_info", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self, grace: float = 30) -> None:
        """SIGTERM the whole process group, wait, SIGKILL whatever is left; fail if anything survives."""
        if self.process is None:
            return
        group = self.process.pid
        _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while self._survivors(group) and time.monotonic() < deadline:
            time.sleep(0.5)
        survivors = self._survivors(group)
        if survivors:
            _signal_group(group, signal.SIGKILL)
            for pid in survivors:
                _kill(pid, signal.SIGKILL)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        left = wait_for_none(lambda: self._survivors(group), timeout=10)
        assert not left, f"processes of dagster dev survived SIGKILL: {left}"

    def _survivors(self, group: int) -> list[int]:
        """Live (not zombie) processes in the group, or anywhere with our DAGSTER_HOME in their environment."""
        marker = f"DAGSTER_HOME={self.home}\0".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                stat = (entry / "stat").read_text()
                state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
                if state == "Z":
                    continue
                if int(pgrp) == group or marker in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except (OSError, ValueError):
                continue
        return found

    def log_tail(self, lines: int = 80) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as error:
            return f"(no dagster dev log: {error})"
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
        return "\n".join(text.splitlines()[-lines:])

    # -- GraphQL ------------------------------------------------------------------------------

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = json.load(response)
        assert not payload.get("errors"), payload["errors"]
        return payload["data"]

    def runs(self) -> list[Run]:
        result = self.graphql(RUNS_QUERY)["runsOrError"]
        assert result["__typename"] == "Runs", result
        return [
            Run(r["runId"], r["status"], r["creationTime"], {t["key"]: t["value"] for t in r["tags"]})
            for r in result["results"]
        ]

    def run(self, run_id: str) -> Run:
        [run] = [r for r in self.runs() if r.run_id == run_id]
        return run

    def wait_until_finished(self, run_id: str, timeout: float) -> Run:
        def finished():
            run = self.run(run_id)
            return run if run.status in FINISHED else None

        run = wait_for(f"run {run_id[:8]} to finish", finished, timeout, interval=2)
        assert run.status == "SUCCESS", f"run {run.short} ended {run.status}"
        return run

    def stop_schedule(self, name: str, timeout: float = 90) -> None:
        def schedules():  # empty (or an error) while the code location is still loading
            result = self.graphql(SCHEDULES_QUERY)["repositoriesOrError"]
            if result["__typename"] != "RepositoryConnection":
                return None
            return [s for repo in result["nodes"] for s in repo["schedules"] if s["name"] == name]

        [schedule] = wait_for(f"schedule {name} to be loaded", schedules, timeout)
        stopped = self.graphql(STOP_SCHEDULE, {"id": schedule["id"]})["stopRunningSchedule"]
        assert stopped.get("scheduleState", {}).get("status") == "STOPPED", stopped

    def materialization_metadata(self, asset: str, run_id: str) -> dict[str, Any]:
        result = self.graphql(MATERIALIZATIONS_QUERY, {"path": [asset]})["assetOrError"]
        assert result["__typename"] == "Asset", result
        events = [m for m in result["assetMaterializations"] if m["runId"] == run_id]
        assert len(events) == 1, f"{len(events)} materialisations of {asset} in run {run_id[:8]}"
        return {
            e["label"]: next((e[k] for k in ("intValue", "floatValue", "text", "mdStr", "path", "url", "boolValue") if k in e), None)
            for e in events[0]["metadataEntries"]
        }


def wait_for_none(probe: Callable[[], list], timeout: float) -> list:
    deadline = time.monotonic() + timeout
    while (left := probe()) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def _signal_group(group: int, sig: int) -> None:
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass

"""The same build job on Dagster's Celery executor: Redis on loopback, two workers, then the warehouse checked.

Everything the test starts (redis-server, the workers) it stops again, also on failure.
"""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from paths import E2E_ARTICLES, PROJECT_ROOT
from processes import free_port, stop, wait_for

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
WORKERS = ("worker_a", "worker_b")
START_TIMEOUT_S = 120  # a fresh virtualenv compiles Celery's modules on first import
BUILD_TIMEOUT_S = 600


@pytest.fixture
def redis_url(tmp_path):
    if not Path(REDIS_SERVER).exists():
        pytest.fail("redis-server is missing: install Debian's redis-server (apt-get install -y redis-server), as make test does")
    port = free_port()
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )

    def accepting() -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_for("redis-server to listen", accepting, START_TIMEOUT_S, interval=0.2)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(server)


def test_the_build_job_runs_unchanged_on_celery_workers(tmp_path, redis_url):
    seeds, warehouse, home = tmp_path / "seeds", tmp_path / "warehouse", tmp_path / "dagster_home"
    shutil.copytree(E2E_ARTICLES, seeds)
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    # Create the instance's databases once, as a deployment would before starting workers:
    # two workers creating the same fresh SQLite files at once can trip over each other.
    dg.DagsterInstance.from_config(str(home)).dispose()
    worker_config = tmp_path / "celery.yaml"
    worker_config.write_text(f"execution:\n  config:\n    broker: {redis_url}\n    backend: {redis_url}\n")
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",  # dagster-celery runs `celery` from PATH
        "DAGSTER_HOME": str(home),
        "SEEDS_DIR": str(seeds),
        "WAREHOUSE_DIR": str(warehouse),
        "NEWS_WAREHOUSE_EXECUTOR": "celery",
        "NEWS_WAREHOUSE_CELERY_BROKER": redis_url,
    }
    logs = {name: tmp_path / f"{name}.log" for name in WORKERS}
    outputs = {name: (tmp_path / f"{name}.out").open("w") for name in WORKERS}
    workers = [
        subprocess.Popen(
            [str(bin_dir / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app", "-y", str(worker_config),
             "-q", "dagster", "-n", name, "--", "--concurrency=1", f"--logfile={logs[name]}"],
            env=env, cwd=PROJECT_ROOT, stdout=outputs[name], stderr=subprocess.STDOUT, start_new_session=True,
        )
        for name in WORKERS
    ]
    try:
        wait_for(
            "both workers to be ready",
            lambda: all("ready" in _read(logs[name]) for name in WORKERS),
            START_TIMEOUT_S,
            interval=0.2,
            details=lambda: "Their output: " + " | ".join(_read(tmp_path / f"{name}.out")[-1500:] for name in WORKERS),
        )
        build = subprocess.run(
            [str(bin_dir / "news-warehouse"), "build", "--quiet"],
            env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
        )
        assert build.returncode == 0, build.stderr[-3000:]
    finally:
        for worker in workers:
            stop(worker)
        for output in outputs.values():
            output.close()

    # Every step ran as a Celery task, and both workers took some of them.
    tasks = {name: _read(logs[name]).count("succeeded in") for name in WORKERS}
    assert all(count > 0 for count in tasks.values()), tasks
    assert sum(tasks.values()) >= 10, tasks  # ingest, batches, merge, entities, figures, warehouse, report, checks
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (len(list(E2E_ARTICLES.glob("*.txt"))),)
        assert connection.execute("SELECT count(*) FROM entities").fetchone()[0] > 0
        assert connection.execute("SELECT count(DISTINCT doc_id) FROM date_mentions").fetchone()[0] > 0


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""

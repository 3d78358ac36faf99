"""`news-warehouse dev`: the Dagster UI and daemon, and the rendered report served beside them.

The report is a static HTML file under WAREHOUSE_DIR; browsers refuse `file://` links from a
web page, so the `warehouse_report` asset links to this small static server instead
(`REPORT_URL`, default http://127.0.0.1:3001/report.html) and the link opens in one click.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipelines.core import settings


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
        pass  # the UI's own log is enough; one line per request would drown it


def serve_folder(folder: Path, host: str, port: int) -> ThreadingHTTPServer:
    """Serve `folder` read-only over HTTP on a background thread (it need not exist yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer((host, port), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, name="report-server", daemon=True).start()
    return server


def run_dev(host: str, port: int, report_port: int) -> int:
    """Serve the report, then run `dagster dev` (loading the code location named in pyproject.toml)
    until it exits or this process is asked to stop."""
    report = serve_folder(settings.warehouse_dir() / settings.REPORT_FOLDER, host, report_port)
    report_url = f"http://{host}:{report_port}/report.html"
    print(f"Report: {report_url}   Dagster UI: http://{host}:{port}", flush=True)
    dagster = Path(sys.executable).with_name("dagster")
    env = {**os.environ, "REPORT_URL": report_url}
    child = subprocess.Popen([str(dagster), "dev", "-h", host, "-p", str(port)], cwd=settings.PROJECT_ROOT, env=env)

    def forward(signum, _frame):
        child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, forward)
    try:
        return child.wait()
    finally:
        report.shutdown()

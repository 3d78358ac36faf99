"""A throw-away PostgreSQL server on loopback for a DuckLake catalog: the benchmark's and the DuckLake test's.

Debian's server binaries (`postgresql`, which `make test` installs) in a fresh
folder, trust authentication on 127.0.0.1 only, run as the `postgres` user
when we are root (the server refuses to run as root); stopped and removed
when the `with` block ends, also on error.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.processes import free_port, stop

START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30


def server_binaries() -> Path | None:
    """The newest installed server's `bin` folder, or None when PostgreSQL is not installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda path: int(path.parts[-3]))
    return found[-1].parent if found else None


@contextmanager
def local_server(database: str = "news") -> Iterator[str]:
    """Start a server with an empty `database`; yield the libpq connection string of it."""
    bin_dir = server_binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL is missing: install Debian's postgresql (apt-get install -y postgresql), as make test does")
    root = Path(tempfile.mkdtemp(prefix="news-postgres-"))
    as_user = "postgres" if os.geteuid() == 0 else None
    if as_user:
        shutil.chown(root, as_user)
    data, port, log = root / "data", free_port(), root / "server.log"
    server = None
    try:
        subprocess.run(
            [bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync"],
            check=True, capture_output=True, user=as_user,
        )
        with log.open("w") as output:
            server = subprocess.Popen(
                [bin_dir / "postgres", "-D", data, "-p", str(port), "-k", root,
                 "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                stdout=output, stderr=subprocess.STDOUT, user=as_user, start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while subprocess.run([bin_dir / "pg_isready", "-h", "127.0.0.1", "-p", str(port)], capture_output=True).returncode != 0:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"PostgreSQL did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        subprocess.run([bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database], check=True)
        yield f"postgres:dbname={database} host=127.0.0.1 port={port} user=postgres"
    finally:
        if server is not None:
            stop(server, STOP_TIMEOUT_S, first=signal.SIGINT)  # SIGINT: PostgreSQL's fast shutdown
        shutil.rmtree(root, ignore_errors=True)

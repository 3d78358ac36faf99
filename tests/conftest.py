"""Fixtures shared by unit and end-to-end tests."""

import subprocess
import sys
from pathlib import Path

import pytest
from input_formats import copy_formats
from spacy.language import Language

from pipelines.core import code_version
from pipelines.core.nlp import load_pipeline
from pipelines.core.model import DEFAULT_MODEL


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real spaCy pipeline, loaded once for the whole session (the one the assets use)."""
    return load_pipeline(DEFAULT_MODEL)


@pytest.fixture
def edit_source(monkeypatch):
    """`edit_source(name)` makes `code_digest` read the file `name` under pipelines/ as if someone had just edited it."""

    def edit(name: str) -> None:
        real = code_version._file_bytes
        monkeypatch.setattr(code_version, "_file_bytes", lambda path: real(path) + (b"# edit" if path.name == name else b""))

    return edit


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


@pytest.fixture
def formats_folder(tmp_path) -> Path:
    return copy_formats(tmp_path / "formats")

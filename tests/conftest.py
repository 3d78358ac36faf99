"""Fixtures shared by unit and end-to-end tests."""

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from paths import FORMATS
from spacy.language import Language

from pipelines.core.nlp import DEFAULT_MODEL, load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real spaCy pipeline, loaded once for the whole session (the one the assets use)."""
    return load_pipeline(DEFAULT_MODEL)


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


# An archive export as a news API writes it; the third row has no text (a malformed row).
PARQUET_ARCHIVE = [
    {
        "title": "Wexmoor opens flood barrier a year early",
        "article_text": "The new flood barrier on the river Wex was lowered for the first time on Saturday, a year ahead of "
        "schedule, after the river rose 1.4 metres in a day.\n\nThe barrier cost 48 million pounds and protects about "
        "3,500 homes in the lower town, the environment agency said.",
        "published_at": "2024-03-09 18:30:00",
        "author": "Priya Natarajan",
        "outlet": "Wexmoor Evening Post",
        "section": "Local",
        "url": "https://wexmoorpost.example/flood-barrier",
    },
    {
        "title": "Bus drivers back new timetable",
        "article_text": "Bus drivers in Wexmoor have voted to accept a new timetable that adds late-evening services on six "
        "routes from April, their union said on Friday.",
        "published_at": "2024-03-08 12:00:00",
        "author": None,
        "outlet": "Wexmoor Evening Post",
        "section": "Local",
        "url": "https://wexmoorpost.example/bus-timetable",
    },
    {
        "title": "Market hall reopening delayed",
        "article_text": None,
        "published_at": "2024-03-07 09:15:00",
        "author": "Sam Okafor",
        "outlet": "Wexmoor Evening Post",
        "section": "Local",
        "url": "https://wexmoorpost.example/market-hall",
    },
]


def write_parquet_archive(path: Path, rows: list[dict] = PARQUET_ARCHIVE) -> Path:
    """An export in Parquet (timestamps typed as such, as exports store them)."""
    table = pa.Table.from_pylist(rows)
    table = table.set_column(
        table.schema.get_field_index("published_at"), "published_at", table["published_at"].cast(pa.timestamp("s"))
    )
    pq.write_table(table, path)
    return path


@pytest.fixture
def formats_folder(tmp_path) -> Path:
    """An input folder with every format: plain text, CSV, JSON Lines and Parquet exports, saved pages."""
    folder = tmp_path / "formats"
    shutil.copytree(FORMATS, folder)
    write_parquet_archive(folder / "wexmoor_post_archive.parquet")
    return folder

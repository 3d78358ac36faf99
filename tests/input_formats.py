"""The folder of every input format, as tests build it: the files in tests/formats plus a Parquet export.

`python tests/input_formats.py FOLDER` writes it into FOLDER (what `make formats` builds).
"""

import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from paths import FORMATS

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


def copy_formats(folder: Path) -> Path:
    """An input folder with every format: plain text, messages, other languages, exports, saved pages."""
    shutil.copytree(FORMATS, folder)
    write_parquet_archive(folder / "wexmoor_post_archive.parquet")
    return folder


if __name__ == "__main__":
    copy_formats(Path(sys.argv[1]))

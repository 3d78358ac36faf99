"""Metadata every asset reports: row count and a small preview, in the shape the Dagster UI shows best."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg
import pyarrow as pa

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 60


def table_metadata(table: pa.Table, preview_columns: Sequence[str], **extra) -> dict:
    """`dagster/row_count`, a markdown preview of a few columns, and any extra values."""
    preview = table.select(list(preview_columns)).slice(0, PREVIEW_ROWS).to_pandas()
    preview = preview.map(lambda v: _shorten(v))
    return {
        "dagster/row_count": table.num_rows,
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if len(preview) else "_(no rows)_"),
        **extra,
    }


def _shorten(value):
    text = "" if value is None else str(value)
    return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"

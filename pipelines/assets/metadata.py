"""What every table asset shows in the Dagster UI: its columns, row count, a preview and its file.

Read from the stored Parquet file, so a run that finds nothing to do reports the
same as the run that wrote the table, without recomputing anything.
"""

from __future__ import annotations

import dagster as dg
import pyarrow.parquet as pq

from pipelines.core import schemas
from pipelines.core.store import ParquetStore

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 60
# The columns worth a glance in each table's preview.
PREVIEW_COLUMNS: dict[str, list[str]] = {
    "source_files": ["source_path", "status", "reason", "size_bytes"],
    "document_texts": ["doc_id", "encoding"],
    "documents": ["doc_id", "source_name", "title", "author", "published_date", "word_count"],
    "article_mentions": ["doc_id", "text", "label", "canonical"],
    "article_figures": ["text", "qualifier", "value_low", "value_high", "category"],
    "date_mentions": ["doc_id", "text", "value", "granularity"],
    "annotation_status": ["doc_id", "status", "reason", "tokens"],
    "entities": ["name", "label", "mention_count", "doc_count", "country_code"],
    "entity_mentions": ["doc_id", "text", "label", "entity_id"],
    "figures": ["text", "qualifier", "value_low", "value_high", "category", "actor", "source"],
}
# Working tables shaped like a public one.
_SHAPED_LIKE = {"article_mentions": "entity_mentions", "article_figures": "figures"}


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns with their types and descriptions, for the asset's Columns tab."""
    definition = schemas.TABLES[_SHAPED_LIKE.get(table, table)]
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                column.name,
                schemas.duckdb_type(column),
                description=column.description,
                constraints=dg.TableColumnConstraints(nullable=column.nullable),
            )
            for column in definition.columns
        ]
    )


def definition_metadata(table: str) -> dict:
    """Metadata an asset spec carries from the start: its column schema."""
    return {"dagster/column_schema": column_schema(table)}


def stored_table_metadata(store: ParquetStore, table: str, **extra) -> dict:
    """`dagster/row_count`, a markdown preview of a few columns, the file's path, and any extra values."""
    path = store.path(table)
    if not path.exists():
        return {"dagster/row_count": 0, "preview": dg.MetadataValue.md("_(not written yet)_"), **extra}
    parquet = pq.ParquetFile(path)
    first = next(parquet.iter_batches(batch_size=PREVIEW_ROWS, columns=PREVIEW_COLUMNS[table]), None)
    preview = first.to_pandas().map(_shorten) if first is not None else None
    return {
        "dagster/row_count": parquet.metadata.num_rows,
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if preview is not None else "_(no rows)_"),
        "path": dg.MetadataValue.path(str(path)),
        **extra,
    }


def _shorten(value):
    if value is None or value != value:  # value != value: NaN, pandas' missing number
        return ""
    if isinstance(value, float):  # 4500000.0 as 4,500,000, not 4.5e+06
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    text = str(value)
    return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"

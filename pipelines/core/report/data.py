"""The report's data: each dataset is one query in `sql/report/`, read into plain columns.

A dataset lists the tables and columns it reads; on a warehouse that lacks one
(built before the entity or figure stages) it is unavailable, with the reason,
instead of failing. Rows become column lists (`{"title": [...], ...}`) so the
page carries each column name once; documents and entities are referred to by
their position in the `documents` and `entities` / `places` lists, not by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core.settings import SQL_DIR

REPORT_SQL_DIR = SQL_DIR / "report"
INPUT_TABLES = ("documents", "entities", "entity_mentions", "figures", "date_mentions")

ENTITY_LIMIT = 500  # entities the page can filter by and recount
PLACE_LIMIT = 2_000  # places on the map
PAIR_ENTITIES = 60  # entities whose sentence pairs the page carries: the network's candidates
# Characters of article text the page carries (about 3.5 MB once compressed): every article with a
# claim up to a few thousand articles, the ones with the most claims beyond that.
BODY_BUDGET = 10_000_000

Needs = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Dataset:
    """One query of `sql/report/` and the inputs it reads."""

    name: str
    needs: Needs
    # Columns holding a document id or an entity id, turned into positions in those lists.
    document_columns: tuple[str, ...] = ()
    entity_columns: tuple[str, ...] = ()
    parameters: Mapping[str, object] = field(default_factory=dict)
    # Datasets whose entities it counts per document (`$entity_ids`), and how many of them at most.
    entities_of: tuple[str, ...] = ()
    entity_limit: int | None = None


_DOCUMENTS = {"documents": ("doc_id", "source_path", "outlet", "title", "published_date", "body"),
              "document_overview": ("doc_id", "title", "published_date", "author", "section", "figure_count")}
_MENTIONS = {"entity_mentions": ("doc_id", "entity_id", "sentence", "field")}
_ENTITIES = {"entities": ("entity_id", "name", "label", "mention_count", "doc_count")}

DATASETS = (
    Dataset("documents", _DOCUMENTS),
    Dataset("claims", {
        **_DOCUMENTS,
        "figure_estimates": ("doc_id", "published_date", "actor", "category", "qualifier", "value_low", "value_high",
                             "unit", "currency", "text", "source", "sentence", "start_char"),
    }, document_columns=("doc_id",)),
    Dataset("bodies", {**_DOCUMENTS, "figures": ("doc_id",)}, document_columns=("doc_id",),
            parameters={"budget": BODY_BUDGET}),
    Dataset("events", {**_DOCUMENTS, "timeline": ("doc_id", "event_date", "granularity", "text", "sentence")},
            document_columns=("doc_id",)),
    Dataset("entities", _ENTITIES, parameters={"limit": ENTITY_LIMIT}),
    Dataset("places", {"entities": (*_ENTITIES["entities"], "place_type", "country_code", "latitude", "longitude")},
            parameters={"limit": PLACE_LIMIT}),
    Dataset("document_entities", {**_DOCUMENTS, **_ENTITIES, **_MENTIONS},
            document_columns=("doc_id",), entity_columns=("entity_id",), entities_of=("entities", "places")),
    Dataset("sentence_pairs", {**_DOCUMENTS, **_ENTITIES, **_MENTIONS},
            document_columns=("doc_id",), entity_columns=("entity_a", "entity_b"),
            entities_of=("entities",), entity_limit=PAIR_ENTITIES),
)


@dataclass
class ReportData:
    """Every dataset's columns, the reason each unavailable one is missing, and table sizes."""

    columns: dict[str, dict[str, list]]
    unavailable: dict[str, str]  # dataset name -> why (HTML: names tables and columns in <code>)
    row_counts: dict[str, int]

    def rows(self, name: str) -> int:
        columns = self.columns.get(name) or {}
        return len(next(iter(columns.values()), []))


def read_report_data(connection: duckdb.DuckDBPyConnection) -> ReportData:
    """Run every dataset's query that this warehouse can answer."""
    available = _available_columns(connection)
    row_counts = {table: query(connection, "row_count", table_name=table).column(0)[0].as_py()
                  for table in INPUT_TABLES if table in available}
    tables: dict[str, pa.Table] = {}
    unavailable: dict[str, str] = {}
    for dataset in DATASETS:
        reason = missing_inputs(available, dataset.needs)
        if reason:
            unavailable[dataset.name] = reason
        else:
            tables[dataset.name] = query(connection, dataset.name, **_parameters(dataset, tables))
    doc_index = _index(tables.get("documents"), "doc_id")
    entity_index = _index(tables.get("entities"), "entity_id")
    # Places not among the top entities are counted per document too: they go after them.
    place_ids = tables["places"]["entity_id"].to_pylist() if "places" in tables else []
    for entity_id in place_ids:
        entity_index.setdefault(entity_id, len(entity_index))
    columns = {
        dataset.name: _columns(tables[dataset.name], dataset, doc_index, entity_index)
        for dataset in DATASETS if dataset.name in tables
    }
    if "places" in columns:
        columns["places"]["entity"] = [entity_index[entity_id] for entity_id in place_ids]
    return ReportData(columns, unavailable, row_counts)


def query(connection: duckdb.DuckDBPyConnection, name: str, **parameters) -> pa.Table:
    """Run `sql/report/<name>.sql` with named parameters (`$name` in the SQL)."""
    sql = (REPORT_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return connection.execute(sql, parameters or None).to_arrow_table()


def missing_inputs(columns: dict[str, set[str]], needs: Needs) -> str | None:
    """Why something cannot be read from this warehouse, or None when it can."""
    missing_tables = [table for table in needs if table not in columns]
    if missing_tables:
        return f"the warehouse has no {_join_code(missing_tables)} table yet"
    missing_columns = [f"{table}.{column}" for table, wanted in needs.items() for column in wanted
                       if column not in columns[table]]
    if missing_columns:
        return f"the warehouse has no {_join_code(missing_columns)} column yet"
    return None


def _available_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    found = query(connection, "table_columns")
    available: dict[str, set[str]] = {}
    for table, column in zip(found["table_name"].to_pylist(), found["column_name"].to_pylist()):
        available.setdefault(table, set()).add(column)
    return available


def _parameters(dataset: Dataset, tables: dict[str, pa.Table]) -> dict[str, object]:
    """A dataset's fixed parameters, and the entity ids a per-document dataset counts."""
    if not dataset.entities_of:
        return dict(dataset.parameters)
    ids = [entity_id for name in dataset.entities_of if name in tables for entity_id in tables[name]["entity_id"].to_pylist()]
    return {**dataset.parameters, "entity_ids": list(dict.fromkeys(ids))[:dataset.entity_limit]}


def _index(table: pa.Table | None, column: str) -> dict[str, int]:
    return {} if table is None else {value: i for i, value in enumerate(table[column].to_pylist())}


def _columns(table: pa.Table, dataset: Dataset, doc_index: dict[str, int],
             entity_index: dict[str, int]) -> dict[str, list]:
    columns: dict[str, list] = {}
    for name in table.column_names:
        if name in dataset.document_columns:
            columns["doc"] = [doc_index[value] for value in table[name].to_pylist()]
        elif name in dataset.entity_columns:
            columns[name.replace("entity_id", "entity")] = [entity_index[value] for value in table[name].to_pylist()]
        else:
            columns[name] = _plain(table[name]).to_pylist()
    return columns


def _plain(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """JSON values: dates as ISO text (a timestamp's date), decimals as numbers, NaN as null like a missing value."""
    kind = values.type
    if pa.types.is_timestamp(kind):
        values, kind = pc.cast(values, pa.date32()), pa.date32()
    if pa.types.is_date(kind):
        return pc.cast(values, pa.string())
    if pa.types.is_decimal(kind):
        values, kind = pc.cast(values, pa.float64()), pa.float64()
    if pa.types.is_floating(kind):
        return pc.if_else(pc.is_nan(values), pa.scalar(None, kind), values)
    return values


def _join_code(names: list[str]) -> str:
    return ", ".join(f"<code>{name}</code>" for name in names)

"""`news-warehouse summary`: what it prints of a warehouse, and a clear word for one built by an older version."""

import duckdb
import pyarrow as pa

from pipelines.cli import print_summary
from pipelines.core import schemas


def _warehouse(folder, tables: dict[str, pa.Table]):
    folder.mkdir()
    with duckdb.connect(str(folder / "warehouse.duckdb")) as connection:
        for name, table in tables.items():
            connection.register("incoming", table)
            connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            connection.unregister("incoming")
    return folder


def _rows(table: str, rows: list[dict]) -> pa.Table:
    schema = schemas.TABLES[table].schema
    return pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)


def test_files_export_rows_languages_and_skipped_documents_are_counted(tmp_path, capsys):
    folder = _warehouse(tmp_path / "warehouse", {
        "source_files": _rows("source_files", [
            {"source_path": "notes.txt", "status": "loaded"},
            {"source_path": "feed.jsonl", "status": "loaded"},
            {"source_path": "feed.jsonl#1", "status": "loaded", "row_number": 1},
            {"source_path": "feed.jsonl#2", "status": "rejected", "row_number": 2, "reason": "empty text"},
        ]),
        "documents": _rows("documents", [{"doc_id": "a", "language": "en"}, {"doc_id": "b", "language": "de"}]),
        "annotation_status": _rows("annotation_status", [
            {"doc_id": "a", "status": "annotated"},
            {"doc_id": "b", "status": "skipped", "reason": "language de: only English is annotated"},
        ]),
    })
    assert print_summary(folder) == 0
    out = capsys.readouterr().out
    assert "  files: 2 loaded\n  export rows: 1 loaded, 1 rejected\n    rejected feed.jsonl#2: empty text\n" in out
    assert "  languages: 1 de, 1 en\n    1 not annotated: language de: only English is annotated\n" in out


def test_a_warehouse_from_an_older_version_is_named_as_such_not_a_traceback(tmp_path, capsys):
    older = {"source_files": pa.table({"source_path": ["a.txt"], "status": ["loaded"]}),
             "documents": pa.table({"doc_id": ["x"]}),
             "annotation_status": pa.table({"doc_id": ["x"], "status": ["annotated"], "reason": [None]})}
    assert print_summary(_warehouse(tmp_path / "warehouse", older)) == 1
    captured = capsys.readouterr()
    assert "source_files" in captured.out and "1 rows" in captured.out
    assert "built by an older version (no column documents.language, source_files.row_number): run `make run`" in captured.err

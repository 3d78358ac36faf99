"""Ingest: every file in the input folder accounted for, then one document per distinct text."""

from collections import Counter
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.assets.reporting import table_metadata
from pipelines.core import documents as documents_module
from pipelines.core import headers, schemas
from pipelines.core.decoding import DecodedText
from pipelines.core.documents import build_documents
from pipelines.core.sources import STATUSES, SourceFile, scan_folder
from pipelines.core.store import ParquetStore, remove_stale_temporaries
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource

INGEST = "ingest"
# Code the documents table is derived by: a change to it rebuilds the table.
_DOCUMENT_CODE = (Path(headers.__file__), Path(documents_module.__file__))
_DOCUMENT_PREVIEW = ["doc_id", "source_name", "title", "author", "published_date", "word_count"]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "source_files",
            group_name=INGEST,
            description="Every file seen in the input folder with size, sha256 and status "
            "(loaded / duplicate / rejected / missing) and the reason for any rejection.",
            kinds={"parquet"},
        ),
        dg.AssetSpec(
            "document_texts",
            group_name=INGEST,
            description="Decoded text of each distinct document, kept so a document outlives its file.",
            kinds={"parquet"},
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def scan_sources(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Scan the input folder recursively, hash and classify every file, decode the text ones."""
    store = warehouse.store
    for stale in remove_stale_temporaries(store.folder):
        context.log.info(f"removed {stale.name}, left behind by an interrupted run")
    previous, stored_texts = _stored_files(store), store.read("document_texts", schemas.DOCUMENT_TEXTS)
    context.log.info(f"scanning {warehouse.seeds_path} ({len(previous)} files known from earlier runs)")
    result = scan_folder(
        warehouse.seeds_path,
        max_file_bytes=warehouse.max_file_bytes,
        previous=previous,
        stored_texts=stored_texts["doc_id"].to_pylist(),
    )
    files = pa.Table.from_pylist([vars(row) for row in result.files], schema=schemas.SOURCE_FILES)
    new_texts = pa.Table.from_pylist(
        [{"doc_id": doc_id, "text": t.text, "encoding": t.encoding} for doc_id, t in result.texts.items()],
        schema=schemas.DOCUMENT_TEXTS,
    )
    # Texts stay in Arrow: a rescan of a large folder never turns stored articles into Python strings.
    kept = stored_texts.filter(pc.is_in(stored_texts["doc_id"], pa.array(sorted(result.referenced_doc_ids()), pa.string())))
    texts = pa.concat_tables([kept, new_texts]).sort_by("doc_id")
    statuses = Counter(row.status for row in result.files)
    for row in result.files:
        if row.status == "rejected":
            context.log.warning(f"rejected {row.source_path}: {row.reason}")
    files_written = store.write("source_files", files, schemas.SOURCE_FILES)
    texts_written = store.write("document_texts", texts, schemas.DOCUMENT_TEXTS)
    yield dg.MaterializeResult(
        asset_key="source_files",
        metadata=table_metadata(
            files,
            ["source_path", "status", "reason", "size_bytes"],
            **{f"files_{status}": statuses.get(status, 0) for status in STATUSES},
            rewritten=files_written.changed,
            path=dg.MetadataValue.path(str(files_written.path)),
        ),
    )
    yield dg.MaterializeResult(
        asset_key="document_texts",
        metadata=table_metadata(
            texts,
            ["doc_id", "encoding"],
            new_documents=new_texts.num_rows,
            rewritten=texts_written.changed,
            path=dg.MetadataValue.path(str(texts_written.path)),
        ),
    )


@dg.asset(
    deps=["source_files", "document_texts"],
    group_name=INGEST,
    kinds={"parquet"},
    pool=WAREHOUSE_POOL,
)
def documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per distinct article: title, subtitle, author, section and publication time
    normalised from the header lines, and the body with those lines removed."""
    store = warehouse.store
    inputs = store.inputs_stamp(["source_files", "document_texts"], *_DOCUMENT_CODE)
    if store.stored_inputs("documents") == inputs:
        table = store.read("documents", schemas.DOCUMENTS)
        context.log.info(f"{table.num_rows} documents (files and parsing rules unchanged: nothing to do)")
        return dg.MaterializeResult(metadata=table_metadata(table, _DOCUMENT_PREVIEW, rewritten=False))
    table = pa.Table.from_pylist(build_documents(_stored_files(store), _stored_texts(store)), schema=schemas.DOCUMENTS)
    written = store.write("documents", table, schemas.DOCUMENTS, inputs=inputs)
    context.log.info(f"{table.num_rows} documents ({'rewritten' if written.changed else 'unchanged'})")
    undated = table.filter(table["published_date"].is_null()).num_rows
    return dg.MaterializeResult(
        metadata=table_metadata(
            table,
            _DOCUMENT_PREVIEW,
            documents_without_date=undated,
            documents_without_title=table.filter(table["title"].is_null()).num_rows,
            rewritten=written.changed,
            path=dg.MetadataValue.path(str(written.path)),
        )
    )


def _stored_files(store: ParquetStore) -> list[SourceFile]:
    return [SourceFile(**row) for row in store.read("source_files", schemas.SOURCE_FILES).to_pylist()]


def _stored_texts(store: ParquetStore) -> dict[str, DecodedText]:
    rows = store.read("document_texts", schemas.DOCUMENT_TEXTS).to_pylist()
    return {row["doc_id"]: DecodedText(text=row["text"], encoding=row["encoding"]) for row in rows}

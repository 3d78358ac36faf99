"""Ingest: every file in the input folder accounted for, then one document per distinct text."""

from collections import Counter

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.assets.metadata import definition_metadata, stored_table_metadata
from pipelines.core import documents as documents_module
from pipelines.core import schemas
from pipelines.core.decoding import DecodedText
from pipelines.core.documents import build_documents
from pipelines.core.folder import folder_fingerprint
from pipelines.core.sources import STATUSES, SourceFile, scan_folder
from pipelines.core.store import ParquetStore, remove_stale_temporaries
from pipelines.resources import OWNERS, WAREHOUSE_POOL, WarehouseResource, tags_for

INGEST = "ingest"
# Metadata key of `source_files`: the folder's fingerprint before the scan, which the sensor compares.
FOLDER_FINGERPRINT = "folder_fingerprint"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "source_files",
            group_name=INGEST,
            description="Every file seen in the input folder with size, sha256 and status "
            "(loaded / duplicate / rejected / missing) and the reason for any rejection.",
            kinds={"parquet"},
            metadata=definition_metadata("source_files"),
            owners=OWNERS,
            tags=tags_for("ingest"),
        ),
        dg.AssetSpec(
            "document_texts",
            group_name=INGEST,
            description="Decoded text of each distinct document, kept so a document outlives its file.",
            kinds={"parquet"},
            metadata=definition_metadata("document_texts"),
            owners=OWNERS,
            tags=tags_for("ingest"),
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
    # Taken before reading: a file changed during the scan leaves the sensor a change to react to.
    fingerprint, _ = folder_fingerprint(str(warehouse.seeds_path))
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
        metadata=stored_table_metadata(
            store,
            "source_files",
            **{f"files_{status}": statuses.get(status, 0) for status in STATUSES},
            **{FOLDER_FINGERPRINT: fingerprint},
            rewritten=files_written.changed,
        ),
    )
    yield dg.MaterializeResult(
        asset_key="document_texts",
        metadata=stored_table_metadata(
            store, "document_texts", new_documents=new_texts.num_rows, rewritten=texts_written.changed
        ),
    )


@dg.asset(
    deps=["source_files", "document_texts"],
    group_name=INGEST,
    kinds={"parquet"},
    metadata=definition_metadata("documents"),
    owners=OWNERS,
    tags=tags_for("ingest"),
    pool=WAREHOUSE_POOL,
)
def documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per distinct article: title, subtitle, author, section and publication time
    normalised from the header lines, and the body with those lines removed."""
    store = warehouse.store
    inputs = store.inputs_stamp(["source_files", "document_texts"], documents_module)
    if store.stored_inputs("documents") == inputs:
        context.log.info(f"{store.row_count('documents')} documents (files and parsing rules unchanged: nothing to do)")
        changed = False
    else:
        table = pa.Table.from_pylist(build_documents(_stored_files(store), _stored_texts(store)), schema=schemas.DOCUMENTS)
        changed = store.write("documents", table, schemas.DOCUMENTS, inputs=inputs).changed
        context.log.info(f"{table.num_rows} documents ({'rewritten' if changed else 'unchanged'})")
    header = store.read("documents", schemas.DOCUMENTS, columns=["title", "published_date"])
    return dg.MaterializeResult(
        metadata=stored_table_metadata(
            store,
            "documents",
            documents_without_date=header["published_date"].null_count,
            documents_without_title=header["title"].null_count,
            rewritten=changed,
        )
    )


def _stored_files(store: ParquetStore) -> list[SourceFile]:
    return [SourceFile(**row) for row in store.read("source_files", schemas.SOURCE_FILES).to_pylist()]


def _stored_texts(store: ParquetStore) -> dict[str, DecodedText]:
    rows = store.read("document_texts", schemas.DOCUMENT_TEXTS).to_pylist()
    return {row["doc_id"]: DecodedText(text=row["text"], encoding=row["encoding"]) for row in rows}

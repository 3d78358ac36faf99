"""Ingest: every file in the input folder accounted for, then one document per distinct text.

The readers (page extraction, exports, dates, languages, MinHash) are imported by the steps
that use them, so the processes that only orchestrate a run stay small.
"""

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.assets.metadata import definition_metadata, stored_table_metadata
from pipelines.core import build_state, model, schemas, texts
from pipelines.core.code_version import code_digest
from pipelines.core.store import MISSING_FILE, ParquetStore, read_outdated
from pipelines.resources import OWNERS, WAREHOUSE_POOL, WarehouseResource, tags_for

if TYPE_CHECKING:
    from pipelines.core.sources import SourceFile

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
    """Scan the input folder recursively, hash and classify every file, decode the text ones.

    When the folder's listing (every file's path, size and times) and the reading settings are
    those of the last scan, and its tables are intact, the scan would find what it found then:
    no file is opened."""
    from pipelines.core import decoding, exports, html_pages
    from pipelines.core.exports import parse_column_setting

    store = warehouse.store
    try:
        export_columns = parse_column_setting(warehouse.export_columns)
    except ValueError as bad:
        raise dg.Failure(description=str(bad)) from None
    # Files rejected for their content are judged again when the decoder or the page extraction changed
    # since; exports are read again when their reader or the column names changed.
    readers = {
        "decoder": code_digest(decoding, html_pages),
        "exports": f"{code_digest(exports)}:{sorted(export_columns.items())}",
    }
    # Taken before reading: a file changed during the scan leaves the sensor (and the next scan) a change to react to.
    fingerprint, _ = build_state.input_fingerprint(warehouse.seeds_path)
    scanned = {"folder": f"{warehouse.seeds_path.resolve()}:{fingerprint}", "limit": str(warehouse.max_file_bytes)}
    stamp = ";".join(f"{name}={value}" for name, value in {**readers, **scanned}.items())
    stored_texts = _stored_texts_checked(context, store)
    if stored_texts.as_stored and store.is_current("source_files", schemas.SOURCE_FILES, stamp):
        context.log.info(f"{warehouse.seeds_path}: no file added, removed or changed since the last scan; none read")
        files, new_documents = store.read("source_files", schemas.SOURCE_FILES), 0
        files_rewritten = texts_rewritten = False
    else:
        files, new_documents, texts_rewritten = _scan(context, warehouse, stored_texts, readers, export_columns)
        # Written after the texts: a run stopped in between finds its stamp outdated and scans again.
        files_rewritten = store.write("source_files", files, schemas.SOURCE_FILES, inputs=stamp).changed
    for path, reason in _rejections(files):
        context.log.warning(f"rejected {path}: {reason}")
    yield dg.MaterializeResult(
        asset_key="source_files",
        metadata=stored_table_metadata(
            store, "source_files", **_status_counts(files), **{FOLDER_FINGERPRINT: fingerprint}, rewritten=files_rewritten
        ),
    )
    main_rows, added_rows = (store.row_count(name) for name in texts.FILES)
    yield dg.MaterializeResult(
        asset_key="document_texts",
        metadata=stored_table_metadata(
            store,
            texts.MAIN,
            new_documents=new_documents,
            rewritten=texts_rewritten,
            texts_in_additions_file=added_rows,
            **{"dagster/row_count": main_rows + added_rows},
        ),
    )


def _scan(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    stored_texts: "_StoredTexts",
    readers: dict[str, str],
    export_columns: dict[str, str],
) -> tuple[pa.Table, int, bool]:
    """Scan the folder and store the texts of new documents.

    Returns the `source_files` rows, how many documents are new and whether `document_texts` was rewritten."""
    from pipelines.core.sources import MISSING, InputFolderMissing, forget_lost_documents, scan_folder

    store = warehouse.store
    previous = _earlier_scan(context, store)
    earlier_stamp = (store.stored_inputs("source_files") or "").split(";")
    context.log.info(f"scanning {warehouse.seeds_path} ({len(previous)} files known from earlier runs)")
    stored_ids = stored_texts.doc_ids
    try:
        result = scan_folder(
            warehouse.seeds_path,
            max_file_bytes=warehouse.max_file_bytes,
            previous=previous,
            stored_texts=stored_ids,
            trust_rejections=f"decoder={readers['decoder']}" in earlier_stamp,
            trust_exports=f"exports={readers['exports']}" in earlier_stamp,
            export_columns=export_columns,
        )
    except InputFolderMissing as missing:
        raise dg.Failure(description=f"{missing}; nothing was changed in {warehouse.warehouse_path}") from None
    if all(row.status == MISSING for row in result.files):
        context.log.warning(f"input folder {warehouse.seeds_path} is empty: no file to load (check SEEDS_DIR)")
    referenced = result.referenced_doc_ids()
    if stored_texts.as_stored and not result.texts and referenced.issuperset(stored_ids):
        doc_ids, texts_rewritten = stored_ids, False  # the stored texts are exactly the ones to keep
    else:
        new_texts = pa.Table.from_pylist(
            [
                {
                    "doc_id": doc_id,
                    "text": t.text,
                    "encoding": t.encoding,
                    "encoding_confidence": t.confidence,
                    "fields": t.fields_json(),
                }
                for doc_id, t in result.texts.items()
            ],
            schema=schemas.DOCUMENT_TEXTS,
        )
        if stored_texts.as_stored and referenced.issuperset(stored_ids) and texts.fits_additions(
            stored_texts.main_rows, stored_texts.added_rows + new_texts.num_rows
        ):
            # Only gaining texts, a few: the additions file takes them, the main file stays as it is.
            added = pa.concat_tables([stored_texts.rows(texts.ADDITIONS), new_texts]).sort_by("doc_id")
            texts_rewritten = _write_texts(store, texts.ADDITIONS, added)
            doc_ids = list(dict.fromkeys([*stored_ids, *new_texts["doc_id"].to_pylist()]))
        else:
            # Texts stay in Arrow: a rescan of a large folder never turns stored articles into Python strings.
            stored = texts.combined(*(stored_texts.rows(name) for name in texts.FILES))
            kept = stored.filter(pc.is_in(stored["doc_id"], pa.array(sorted(referenced), pa.string())))
            every_text = pa.concat_tables([kept, new_texts]).sort_by("doc_id")
            # The main file first: a run stopped before the additions are emptied finds them in both (read once).
            texts_rewritten = _write_texts(store, texts.MAIN, every_text)
            texts_rewritten |= _write_texts(store, texts.ADDITIONS, schemas.DOCUMENT_TEXTS.empty_table())
            doc_ids = every_text["doc_id"].to_pylist()
    rows, lost = forget_lost_documents(result.files, doc_ids)
    for path in lost:
        context.log.warning(f"{path}: its document's stored text was damaged and the file cannot be read again; dropped")
    files = pa.Table.from_pylist([vars(row) for row in rows], schema=schemas.SOURCE_FILES)
    return files, len(result.texts), texts_rewritten


def _status_counts(files: pa.Table) -> dict[str, int]:
    """Files and export rows per status, as `files_<status>` and `export_rows_<status>` metadata."""
    from pipelines.core.sources import STATUSES

    is_row = pc.is_valid(files["row_number"])
    counts = {}
    for prefix, rows in (("files", files.filter(pc.invert(is_row))), ("export_rows", files.filter(is_row))):
        found = Counter(rows["status"].to_pylist())
        counts |= {f"{prefix}_{status}": found.get(status, 0) for status in STATUSES}
    return counts


def _rejections(files: pa.Table) -> list[tuple[str, str]]:
    """(path, reason) of every rejected file and export row."""
    from pipelines.core.sources import REJECTED

    rejected = files.filter(pc.equal(files["status"], REJECTED))
    return list(zip(rejected["source_path"].to_pylist(), rejected["reason"].to_pylist()))


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
    normalised from the header lines, and the body with those lines removed.

    Only documents not seen before are parsed; see `incremental_documents`."""
    from pipelines.core import incremental_documents

    store = warehouse.store
    inputs = incremental_documents.inputs_stamp(store)
    if store.is_current("documents", schemas.DOCUMENTS, inputs):
        rows = store.row_count("documents")
        context.log.info(f"{rows} documents (files and parsing rules unchanged: nothing to do)")
        update = incremental_documents.Update(
            rows=rows, parsed=0, reused=rows, hashed=0, processes=0, changed=False, not_reused={}
        )
    else:
        update = incremental_documents.update_documents(store, inputs, on_parsed=functools.partial(_parse_ahead, context))
        for path, problem in update.not_reused.items():
            log = context.log.info if problem.outdated or problem == MISSING_FILE else context.log.warning
            log(f"{path} {problem}: its rows are derived again from document_texts")
        context.log.info(
            f"{update.rows} documents ({'rewritten' if update.changed else 'unchanged'}): "
            f"{update.parsed} parsed, {update.reused} reused, {update.hashed} bodies hashed"
            + (f" on {update.processes} processes" if update.processes > 1 else "")
        )
    header = store.read("documents", schemas.DOCUMENTS, columns=["title", "published_date"])
    return dg.MaterializeResult(
        metadata=stored_table_metadata(
            store,
            "documents",
            documents_without_date=header["published_date"].null_count,
            documents_without_title=header["title"].null_count,
            documents_parsed=update.parsed,
            documents_reused=update.reused,
            bodies_hashed=update.hashed,
            parsing_processes=update.processes,
            rewritten=update.changed,
        )
    )


def _parse_ahead(context: dg.AssetExecutionContext, new_documents: pa.Table) -> None:
    """Send the new documents to the parsing workers, when the run started them ahead (a run with
    few changes): they parse them while the steps before their batch run."""
    from pipelines.core import annotation_buckets

    sent = annotation_buckets.parse_ahead(new_documents, model.configured_model_name())
    if sent:
        context.log.info(f"{sent} new documents sent to the parsing workers ahead of their batch")


def _earlier_scan(context: dg.AssetExecutionContext, store: ParquetStore) -> list["SourceFile"]:
    """The previous scan's rows; none when they cannot be trusted (every file is then read again)."""
    from pipelines.core.sources import SourceFile

    path, schema = store.path("source_files"), schemas.SOURCE_FILES
    problem = store.check("source_files", schema)
    if problem is None:
        return [SourceFile(**row) for row in store.read("source_files", schema).to_pylist()]
    if problem.outdated:
        context.log.info(f"{path} {problem}: its rows are carried over")
        return [SourceFile(**row) for row in _salvage(path, schema).to_pylist()]
    if store.exists("source_files") or store.published_before():
        context.log.warning(
            f"{path} {problem}: rebuilt by reading every input file again "
            "(documents of files deleted earlier are no longer kept)"
        )
    return []


# Vouched for each file of the texts (see `ParquetStore.vouch`) once every doc_id in it was found to be its text's hash.
IDS_MATCH_TEXTS = "doc_ids_match_texts"


@dataclass(frozen=True)
class _StoredTexts:
    """The stored document texts whose doc_id matches their text's hash, in both files (`texts`)."""

    doc_ids: list[str]  # each once
    rows: Callable[[str], pa.Table]  # one file's texts, read only when they are written again
    main_rows: int
    added_rows: int
    as_stored: bool  # they are the stored files' rows, none dropped or salvaged


def _stored_texts_checked(context: dg.AssetExecutionContext, store: ParquetStore) -> _StoredTexts:
    """The stored document texts whose doc_id matches their text's hash, in the main file and the additions."""
    checked = {name: _texts_file_checked(context, store, name) for name in texts.FILES}
    main_ids, added_ids = (checked[name][0] for name in texts.FILES)
    return _StoredTexts(
        list(dict.fromkeys([*main_ids, *added_ids])),  # a doc_id in both files once
        lambda name: checked[name][1](),
        len(main_ids),
        len(added_ids),
        all(as_stored for _, _, as_stored in checked.values()),
    )


def _write_texts(store: ParquetStore, name: str, rows: pa.Table) -> bool:
    """Write one file of the texts, whose doc_ids all match their text (kept ones were checked, new ones hashed from it)."""
    changed = store.write(name, rows, schemas.DOCUMENT_TEXTS).changed
    store.vouch(name, IDS_MATCH_TEXTS)
    return changed


def _texts_file_checked(
    context: dg.AssetExecutionContext, store: ParquetStore, name: str
) -> tuple[list[str], Callable[[], pa.Table], bool]:
    """One file's texts whose doc_id matches their text's hash: their ids, their rows (read when asked)
    and whether they are the file's rows as stored.

    The ids are hashed again only when the file changed since they last all
    matched. A damaged file is salvaged row by row: texts still matching their
    id are kept (the only copy of a deleted file's article), the rest are read
    again from the input files. A missing additions file holds no texts: an
    earlier version wrote none, and any it held are read again from their files.
    """
    path, schema = store.path(name), schemas.DOCUMENT_TEXTS
    problem = store.check(name, schema)
    if problem is None and store.vouched(name, IDS_MATCH_TEXTS):
        doc_ids = store.read(name, schema, columns=["doc_id"])["doc_id"].to_pylist()
        return doc_ids, lambda: store.read(name, schema), True
    if problem == MISSING_FILE and name == texts.ADDITIONS:
        return [], schema.empty_table, True
    if problem is None:
        rows = store.read(name, schema)
    elif store.exists(name):
        log = context.log.info if problem.outdated else context.log.warning
        log(f"{path} {problem}: texts that still match their doc_id are kept, the others read again from the input files")
        rows = _salvage(path, schema)
    else:
        if store.published_before():
            context.log.warning(f"{path} {problem}: texts are read again from the input files")
        rows = schema.empty_table()
    matching = _ids_match_texts(rows)
    all_match = all(matching.to_pylist())
    if not all_match:
        dropped = rows.filter(pc.invert(matching))["doc_id"].to_pylist()
        context.log.warning(
            f"{path}: {len(dropped)} texts do not match their doc_id, read again from their files: {dropped[:10]}"
        )
        rows = rows.filter(matching)
    elif problem is None:
        store.vouch(name, IDS_MATCH_TEXTS)
    return rows["doc_id"].to_pylist(), lambda: rows, problem is None and all_match


def _ids_match_texts(texts: pa.Table, chunk_rows: int = 1000) -> pa.Array:
    """Per row, whether `doc_id` is still the hash of `text` (converted to Python a chunk at a time)."""
    from pipelines.core.sources import text_matches_id

    matches: list[bool] = []
    for start in range(0, texts.num_rows, chunk_rows):
        chunk = texts.slice(start, chunk_rows)
        matches += map(text_matches_id, chunk["doc_id"].to_pylist(), chunk["text"].to_pylist())
    return pa.array(matches, pa.bool_())


def _salvage(path, schema: pa.Schema) -> pa.Table:
    """Whatever rows of a damaged or outdated Parquet file can still be read (none when it is unreadable)."""
    try:
        return read_outdated(path, schema)
    except (OSError, pa.ArrowException):
        return schema.empty_table()

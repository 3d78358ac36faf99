"""The `documents` table brought up to date with the least work: a run costs what changed.

A document's row depends only on its stored text and the fields its source
names (`document_texts`, see `texts`; the doc_id is the text's hash) and on the parsing
code, except for the columns naming the file that holds it
(`documents.HOLDER_COLUMNS`, from `source_files`) and its `story_id` (from the
whole corpus). So a run takes the rows of the documents it already has from
the stored table, parses only the texts it has not seen, names every document
after its holder again and leaves out the documents gone. Stories are grouped
from the MinHash signatures kept in the private `document_signatures` table:
only new bodies are hashed. While no document has left (or been parsed again),
the stories of the rows kept are where the grouping starts, and only the new
documents are compared with the others (`stories.story_ids`). That table also
records the fields each row was parsed with, so a text stored again with other
fields (read again from another export row after a loss) is parsed again.

Many new texts (a first build) are parsed and hashed on every core (`PARALLEL_FROM`),
taken into Python a slice at a time (`texts.PYTHON_SLICE`), not all at once.

Both tables are stamped with a digest of the parsing and hashing code
(`parsing_code`). Rows written by other code, or held in a table that is
damaged or missing, are not reused: their documents are parsed (or their bodies
hashed) again, so the result is always the table a full rebuild gives.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import documents, schemas, stories, texts, workers
from pipelines.core.code_version import code_digest
from pipelines.core.documents import HOLDER_COLUMNS, holders, parse_document
from pipelines.core.store import MISSING_FILE, ParquetStore, Problem
from pipelines.core.structured import DocumentText

INPUT_TABLES = ("source_files", *texts.FILES)
SIGNATURES = "document_signatures"
OTHER_CODE = Problem("was written by other parsing code", outdated=True)
# From this many texts to parse, they are parsed and hashed on every core: below it, starting the
# worker processes (a second or two, importing the readers) costs more than it saves.
PARALLEL_FROM = 2_000
WORKER_CHUNK = 64  # texts sent to a worker at once


def parsing_code() -> str:
    """The stamp part naming the code rows and signatures come from: `documents.py`, `stories.py` and their imports."""
    return f"code={code_digest(documents, stories)}"


def inputs_stamp(store: ParquetStore) -> str:
    """What `documents` is derived from: the stored input tables, this module with all it uses, and `parsing_code`."""
    return f"tables={store.inputs_stamp(INPUT_TABLES, sys.modules[__name__])};{parsing_code()}"


@dataclass(frozen=True)
class Update:
    rows: int
    parsed: int  # documents whose text was parsed in this run
    reused: int  # documents whose row was taken from the stored table
    hashed: int  # bodies whose signature was computed in this run
    processes: int  # how many processes parsed and hashed them
    changed: bool  # whether the `documents` file was rewritten
    not_reused: dict[Path, Problem]  # stored tables whose rows could not be reused, and why


def update_documents(store: ParquetStore, inputs: str, on_parsed: Callable[[pa.Table], object] = lambda rows: None) -> Update:
    """Write `documents` (stamped with `inputs`, see `inputs_stamp`) and its signatures from the stored inputs.
    `on_parsed` gets the rows of the documents parsed in this run as soon as they are (before their
    holders, signatures and stories are added).

    Raises DamagedFile when an input table cannot be trusted, or a text to parse no longer matches its doc_id
    (`texts.read_ids`).
    """
    code = parsing_code()
    # Only the ids at first: the rows kept are read once the new documents are parsed and on their way (`on_parsed`).
    earlier, documents_problem = _reusable(store, "documents", schemas.DOCUMENTS, code, columns=["doc_id"])
    earlier_signatures, signatures_problem = _reusable(store, SIGNATURES, schemas.DOCUMENT_SIGNATURES, code)
    holder_of = holders(
        store.read("source_files", schemas.SOURCE_FILES, columns=["doc_id", "status", "source_path", "content_sha256"])
        .to_pylist()
    )
    # Listed without the texts themselves: only those of the documents parsed here are read.
    listed = texts.read(store, texts.LISTING_COLUMNS)
    listed = listed.filter(pc.is_in(listed["doc_id"], pa.array(sorted(holder_of), pa.string())))
    # A row is reused only for the very text and fields it was parsed from (as its signature's row records).
    unchanged = pc.is_in(_text_key(listed), _text_key(earlier_signatures))
    kept_ids = earlier["doc_id"].filter(pc.is_in(earlier["doc_id"], listed["doc_id"].filter(unchanged))).combine_chunks()
    to_parse = listed["doc_id"].filter(pc.invert(pc.is_in(listed["doc_id"], kept_ids)))
    new_texts = texts.read_ids(store, to_parse.to_pylist()) if len(to_parse) else schemas.DOCUMENT_TEXTS.empty_table()
    parsed_count = new_texts.num_rows
    with workers.WorkerPool(_processes_for(parsed_count)) as map_all:
        parsed = _parsed(new_texts, map_all)
        # Each table is let go once done with: when new parsing code parses a whole corpus again, the
        # texts, the parsed rows and the sorted table would otherwise be held at once.
        del new_texts
        on_parsed(parsed)
        kept = store.read("documents", schemas.DOCUMENTS) if len(kept_ids) else schemas.DOCUMENTS.empty_table()
        kept = kept.filter(pc.is_in(kept["doc_id"], kept_ids))
        # The kept rows' stories were grouped over exactly the documents kept: none has left.
        known = dict(zip(kept["doc_id"].to_pylist(), kept["story_id"].to_pylist())) if len(kept) == len(earlier) else None
        reused = kept.num_rows
        table = pa.concat_tables([kept, parsed]).sort_by("doc_id")
        del kept, parsed
        table = _with_holders(table, holder_of)
        signatures, hashed = _signatures(table, listed, earlier_signatures, map_all)
    story_of = _story_ids(signatures, known)
    table = schemas.with_values(table, "story_id", [story_of[doc_id] for doc_id in table["doc_id"].to_pylist()])
    with store.writing_behind() as write_behind:  # both at once
        written = write_behind("documents", table, schemas.DOCUMENTS, inputs=inputs)
        store.write(SIGNATURES, signatures, schemas.DOCUMENT_SIGNATURES, inputs=code)
    changed = written.result().changed
    problems = {store.path("documents"): documents_problem, store.path(SIGNATURES): signatures_problem}
    return Update(
        rows=table.num_rows,
        parsed=parsed_count,
        reused=reused,
        hashed=hashed,
        processes=map_all.processes,
        changed=changed,
        not_reused={path: problem for path, problem in problems.items() if problem is not None},
    )


def _reusable(
    store: ParquetStore, name: str, schema: pa.Schema, code: str, columns: list[str] | None = None
) -> tuple[pa.Table, Problem | None]:
    """The stored table (or its `columns`) when it is intact and was written by `code`, else an empty one and why not.

    A table that was never written is not a problem on a first build.
    """
    problem = store.check(name, schema)
    if problem is None and code not in (store.stored_inputs(name) or "").split(";"):
        problem = OTHER_CODE
    if problem is None:
        return store.read(name, schema, columns), None
    first_build = problem == MISSING_FILE and not store.published_before()
    empty = schema.empty_table()
    return empty.select(columns) if columns else empty, None if first_build else problem


def _processes_for(count: int) -> int:
    """Processes to parse `count` new texts on: every core when there are enough of them, else this one."""
    return workers.cores() if count >= PARALLEL_FROM else 1


def _parsed(new_texts: pa.Table, map_all: workers.WorkerPool) -> pa.Table:
    """The `documents` rows of `new_texts` (holder columns and story empty), converted to Python only here,
    a slice at a time (`texts.PYTHON_SLICE`)."""
    parts = [
        pa.Table.from_pylist(map_all(_parse_row, rows.to_pylist(), WORKER_CHUNK), schema=schemas.DOCUMENTS)
        for rows in _slices(new_texts)
    ]
    return pa.concat_tables(parts) if parts else schemas.DOCUMENTS.empty_table()


def _slices(rows: pa.Table | pa.ChunkedArray) -> list:
    """`rows` as consecutive slices of `texts.PYTHON_SLICE` rows (no copy)."""
    return [rows.slice(start, texts.PYTHON_SLICE) for start in range(0, len(rows), texts.PYTHON_SLICE)]


def _parse_row(row: dict) -> dict:
    text = DocumentText(row["text"], row["encoding"], row["encoding_confidence"], DocumentText.fields_from_json(row["fields"]))
    return {"doc_id": row["doc_id"], **parse_document(text)}


def _with_holders(table: pa.Table, holder_of: dict[str, dict]) -> pa.Table:
    holders_in_order = [holder_of[doc_id] for doc_id in table["doc_id"].to_pylist()]
    for column in HOLDER_COLUMNS:
        table = schemas.with_values(table, column, [holder[column] for holder in holders_in_order])
    return table


def _text_key(table: pa.Table) -> pa.Array:
    """Per row, its doc_id and fields as one string: equal keys, same text and fields."""
    joined = pc.binary_join_element_wise(
        table["doc_id"], table["fields"], "\x1f", null_handling="replace", null_replacement="\x00"
    )
    return joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined


def _signatures(table: pa.Table, listed: pa.Table, earlier: pa.Table, map_all: workers.WorkerPool) -> tuple[pa.Table, int]:
    """The signature of every document in `table` with the fields of its text in `listed`: kept from `earlier`
    when made from the same text and fields, else hashed from its body; and how many were hashed."""
    kept = earlier.filter(pc.is_in(_text_key(earlier), _text_key(listed)))
    to_hash = pc.invert(pc.is_in(table["doc_id"], kept["doc_id"].combine_chunks()))
    hashed_ids = table["doc_id"].filter(to_hash)
    fields = listed.filter(pc.is_in(listed["doc_id"], hashed_ids.combine_chunks())).sort_by("doc_id")["fields"]
    # Picked a slice at a time: filtering them all at once would copy every body of a corpus hashed again.
    bodies = (body.filter(wanted).to_pylist() for body, wanted in zip(_slices(table["body"]), _slices(to_hash)))
    new = pa.Table.from_pydict(
        {
            "doc_id": hashed_ids,  # in doc_id order, as `fields`
            "fields": fields,
            "signature": [signature for batch in bodies for signature in map_all(stories.signature, batch, WORKER_CHUNK)],
        },
        schema=schemas.DOCUMENT_SIGNATURES,
    )
    return pa.concat_tables([kept, new]).sort_by("doc_id"), new.num_rows


def _story_ids(signatures: pa.Table, known: dict[str, str] | None) -> dict[str, str]:
    """{doc_id: story_id} from the stored form of the signatures, the same whether they were kept or just hashed
    (`known`: see `stories.story_ids`)."""
    column = signatures["signature"].combine_chunks()
    valid = column.is_valid()
    values = iter(column.filter(valid).flatten().to_numpy().reshape(-1, stories.NUM_PERM))
    doc_ids = signatures["doc_id"].to_pylist()
    return stories.story_ids({doc_id: next(values) if signed else None for doc_id, signed in zip(doc_ids, valid.to_pylist())}, known)

"""The stored document texts: a main file, and a small file of the texts added since it was written.

A build that adds a few documents writes only the additions file, instead of reading and writing
every stored text again; the main file (every text, in doc_id order) is rewritten when texts are
dropped or the additions outgrow `ADDITIONS_SHARE` of it. Read together, a doc_id in both files
counts once: a run stopped between rewriting the main file and emptying the additions leaves it in both.
"""

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core import schemas
from pipelines.core.store import DamagedFile, ParquetStore, Problem

# Stored texts (or what is made of them) turned into Python objects at once: checking or parsing a whole
# corpus again (new parsing code) never holds every text as a Python string.
PYTHON_SLICE = 16_384
MAIN = "document_texts"
ADDITIONS = "document_texts_added"
FILES = (MAIN, ADDITIONS)
# The additions stay a small file beside the main one: at most this share of its rows (and
# `ADDITIONS_MIN_ROWS` whatever its size), so reading both costs about what reading the main one does.
ADDITIONS_SHARE = 0.1
ADDITIONS_MIN_ROWS = 100
# Every column but the text itself: enough to tell which documents to parse again.
LISTING_COLUMNS = [name for name in schemas.DOCUMENT_TEXTS.names if name != "text"]


def combined(main: pa.Table, additions: pa.Table) -> pa.Table:
    """The rows of `main`, then those of `additions` whose doc_id is not in `main`."""
    new = pc.invert(pc.is_in(additions["doc_id"], main["doc_id"].combine_chunks()))
    return pa.concat_tables([main, additions.filter(new)])


def read(store: ParquetStore, columns: list[str] | None = None) -> pa.Table:
    """Every stored text (or only `columns`, `doc_id` among them), each doc_id once."""
    return combined(*(store.read(name, schemas.DOCUMENT_TEXTS, columns) for name in FILES))


def read_ids(store: ParquetStore, doc_ids: Iterable[str]) -> pa.Table:
    """The whole stored rows of `doc_ids`: from the additions file, and from the main file only
    for those not found there (new documents are in the additions, unless the main file was just rewritten).

    Raises DamagedFile, naming the file, when a text read no longer matches its doc_id (its hash).
    """
    wanted = set(doc_ids)
    found = _rows_checked(store, ADDITIONS, wanted)
    missing = wanted.difference(found["doc_id"].to_pylist())
    return pa.concat_tables([found, _rows_checked(store, MAIN, missing)]) if missing else found


def _rows_checked(store: ParquetStore, name: str, doc_ids: set[str]) -> pa.Table:
    # Imported here: `sources` loads the file readers, which loading the asset definitions must not.
    from pipelines.core.sources import text_matches_id

    table = store.read(name, schemas.DOCUMENT_TEXTS)
    rows = table.filter(pc.is_in(table["doc_id"], pa.array(sorted(doc_ids), pa.string())))
    # A batch at a time: a whole corpus parsed again would otherwise hold every text as a Python string here.
    batches = rows.select(["doc_id", "text"]).to_batches(max_chunksize=PYTHON_SLICE)
    if not all(all(map(text_matches_id, batch["doc_id"].to_pylist(), batch["text"].to_pylist())) for batch in batches):
        raise DamagedFile(store.path(name), Problem("holds texts that do not match their doc_id"))
    return rows


def fits_additions(main_rows: int, additions_rows: int) -> bool:
    """Whether `additions_rows` texts may stay in the additions file beside a main file of `main_rows`."""
    return main_rows > 0 and additions_rows <= max(ADDITIONS_MIN_ROWS, ADDITIONS_SHARE * main_rows)

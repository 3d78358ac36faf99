"""The stored texts in two files: each doc_id read once, a text found where it is, and when the additions file may grow."""

import pyarrow as pa
import pytest

from pipelines.core import schemas, texts
from pipelines.core.sources import document_id
from pipelines.core.store import DamagedFile, ParquetStore

FERRY = "Ferry services to the outer islands resume after the storm.\n"
BRIDGE = "The old swing bridge stays shut for repairs until spring.\n"
MARKET = "The covered market opens on Sundays from next month.\n"


def rows(*bodies: str) -> pa.Table:
    return pa.Table.from_pylist(
        [{"doc_id": document_id(body), "text": body, "encoding": "utf-8"} for body in bodies], schema=schemas.DOCUMENT_TEXTS
    ).sort_by("doc_id")


@pytest.fixture
def store(tmp_path) -> ParquetStore:
    store = ParquetStore(tmp_path)
    store.write(texts.MAIN, rows(FERRY, BRIDGE), schemas.DOCUMENT_TEXTS)
    # A run stopped after rewriting the main file leaves a text in both.
    store.write(texts.ADDITIONS, rows(BRIDGE, MARKET), schemas.DOCUMENT_TEXTS)
    return store


def test_every_text_is_read_once_from_both_files(store):
    every = texts.read(store)
    assert sorted(every["text"].to_pylist()) == sorted([FERRY, BRIDGE, MARKET])
    assert texts.read(store, texts.LISTING_COLUMNS).column_names == texts.LISTING_COLUMNS


def test_a_missing_additions_file_holds_no_texts(tmp_path):
    store = ParquetStore(tmp_path)
    store.write(texts.MAIN, rows(FERRY), schemas.DOCUMENT_TEXTS)
    assert texts.read(store)["text"].to_pylist() == [FERRY]


@pytest.mark.parametrize(
    "bodies",
    [[MARKET], [FERRY], [FERRY, MARKET], [BRIDGE], []],
    ids=["added-only", "main-only", "both-files", "in-both", "none"],
)
def test_texts_asked_for_by_id_are_found_in_either_file(store, bodies):
    found = texts.read_ids(store, [document_id(body) for body in bodies])
    assert sorted(found["text"].to_pylist()) == sorted(bodies)


@pytest.mark.parametrize("name", texts.FILES)
def test_a_text_that_no_longer_matches_its_id_names_the_file_it_was_read_from(store, name):
    table = store.read(name, schemas.DOCUMENT_TEXTS)
    store.write(name, table.set_column(1, "text", pa.array([text.upper() for text in table["text"].to_pylist()])), schemas.DOCUMENT_TEXTS)
    wanted = FERRY if name == texts.MAIN else MARKET  # found only in that file
    with pytest.raises(DamagedFile, match="do not match their doc_id") as raised:
        texts.read_ids(store, [document_id(wanted)])
    assert raised.value.path == store.path(name)


def test_a_damaged_text_past_the_first_batch_checked_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr(texts, "PYTHON_SLICE", 1)
    store = ParquetStore(tmp_path)
    table = rows(FERRY, BRIDGE, MARKET)
    last = table.num_rows - 1  # only the last row damaged: the batches before it check out
    damaged = [text.upper() if row == last else text for row, text in enumerate(table["text"].to_pylist())]
    store.write(texts.MAIN, table.set_column(1, "text", pa.array(damaged)), schemas.DOCUMENT_TEXTS)
    with pytest.raises(DamagedFile, match="do not match their doc_id"):
        texts.read_ids(store, table["doc_id"].to_pylist())


@pytest.mark.parametrize(
    ("main_rows", "added_rows", "fits"),
    [
        (0, 1, False),  # a first build writes the main file
        (5, 3, True),  # a small corpus keeps a few additions
        (5, texts.ADDITIONS_MIN_ROWS + 1, False),
        (10_000, 900, True),
        (10_000, 1_001, False),
    ],
)
def test_the_additions_file_stays_small_beside_the_main_one(main_rows, added_rows, fits):
    assert texts.fits_additions(main_rows, added_rows) is fits

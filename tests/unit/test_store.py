"""Parquet and DuckDB writes: skipped when unchanged, atomic when not, never disturbing readers."""

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipelines.core.atomic import atomic_path, remove_temporaries, temporaries
from pipelines.core.store import (
    FINGERPRINT_KEY,
    INPUTS_KEY,
    VERIFIED_FILE,
    DamagedFile,
    KeyDigests,
    ParquetStore,
    begin_ahead,
    build_database,
    check_table,
    database_problem,
    fingerprint,
    handing_on_tables,
    read_outdated,
    read_table,
    start_build_ahead,
    taken_ahead,
    update_table,
    write_table,
)

SCHEMA = pa.schema([pa.field("id", pa.int64()), pa.field("name", pa.string())])


def table(*names: str) -> pa.Table:
    return pa.table({"id": list(range(len(names))), "name": list(names)}, schema=SCHEMA)


def test_unchanged_table_is_not_rewritten(tmp_path):
    store = ParquetStore(tmp_path)
    first = store.write("people", table("ada", "grace"), SCHEMA)
    mtime = first.path.stat().st_mtime_ns
    again = store.write("people", table("ada", "grace"), SCHEMA)
    assert (first.changed, again.changed) == (True, False)
    assert again.path.stat().st_mtime_ns == mtime
    assert store.write("people", table("ada"), SCHEMA).changed
    assert store.read("people", SCHEMA).to_pylist() == [{"id": 0, "name": "ada"}]


def test_a_table_stamped_in_its_arrow_schema_by_earlier_versions_is_trusted_and_not_rewritten(tmp_path):
    # Earlier versions put the fingerprint in the Arrow schema's metadata; it is now added to the
    # footer after the rows. A warehouse written before must neither look damaged nor be rewritten.
    store = ParquetStore(tmp_path)
    rows = table("ada", "grace")
    stamps = {FINGERPRINT_KEY: fingerprint(rows).encode(), INPUTS_KEY: b"stamp"}
    store.folder.mkdir(parents=True)
    pq.write_table(rows.replace_schema_metadata(stamps), store.path("people"), compression="zstd", write_page_checksum=True)
    mtime = store.path("people").stat().st_mtime_ns
    assert store.check("people", SCHEMA) is None and store.is_current("people", SCHEMA, "stamp")
    assert not store.write("people", rows, SCHEMA, inputs="stamp").changed
    assert store.path("people").stat().st_mtime_ns == mtime
    restamped = store.write("people", rows, SCHEMA, inputs="other stamp")  # same rows, new stamp: rewritten, rows unchanged
    assert not restamped.changed and store.stored_inputs("people") == "other stamp"
    assert store.check("people", SCHEMA) is None and store.read("people", SCHEMA).equals(rows)


def test_tables_written_behind_are_written_recorded_and_their_failures_raised(tmp_path):
    store = ParquetStore(tmp_path)
    with store.writing_behind() as write_behind:
        behind = [write_behind(f"people{n}", table("ada", str(n)), SCHEMA) for n in range(4)]
        store.write("others", table("grace"), SCHEMA)  # meanwhile, in this thread
    assert all(write.result().changed for write in behind)
    assert store.read("people3", SCHEMA)["name"].to_pylist() == ["ada", "3"]
    # Every file's check is recorded for later runs, though two threads recorded them at once.
    recorded = json.loads((store.folder / VERIFIED_FILE).read_text())
    assert {f"people{n}.parquet" for n in range(4)} | {"others.parquet"} <= recorded.keys()
    with pytest.raises(pa.ArrowInvalid), store.writing_behind() as write_behind:
        write_behind("broken", pa.table({"id": ["not a number"], "name": ["x"]}), SCHEMA)
    assert not store.path("broken").exists()


def test_failed_write_leaves_the_previous_file_whole(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("killed mid-write")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def _publish(tmp_path: Path, *names: str, views: list[Path] = ()):
    store = ParquetStore(tmp_path)
    store.write("people", table(*names), SCHEMA)
    return build_database(tmp_path, {"people": store.path("people")}, list(views))


def test_database_is_rebuilt_only_when_a_table_or_view_changes(tmp_path):
    first = _publish(tmp_path, "ada")
    mtime = first.path.stat().st_mtime_ns
    assert not _publish(tmp_path, "ada").rebuilt
    assert first.path.stat().st_mtime_ns == mtime
    view = tmp_path / "v.sql"
    view.write_text("CREATE VIEW names AS SELECT name FROM people;")
    assert _publish(tmp_path, "ada", views=[view]).rebuilt
    with duckdb.connect(str(first.path), read_only=True) as connection:
        assert connection.execute("SELECT * FROM names").fetchall() == [("ada",)]


def test_a_reader_holding_the_database_open_neither_blocks_nor_sees_a_partial_build(tmp_path, analyst_session):
    database = _publish(tmp_path, "ada").path
    reader = analyst_session(database, "people")
    assert reader.count() == 1
    assert _publish(tmp_path, "ada", "grace", "linus").rebuilt
    assert reader.count() == 1  # its snapshot, unchanged
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM people").fetchone()[0] == 3


def test_a_build_killed_midway_leaves_the_old_database_queryable(tmp_path):
    database = _publish(tmp_path, "ada").path
    slow_view = tmp_path / "slow.sql"
    slow_view.write_text("CREATE TABLE slow AS SELECT sum(range) FROM range(20000000000);")
    builder = subprocess.Popen(
        [sys.executable, "-c", (
            "from pathlib import Path\n"
            "from pipelines.core.store import build_database, ParquetStore\n"
            f"root = Path({str(tmp_path)!r})\n"
            "build_database(root, {'people': ParquetStore(root).path('people')}, [root / 'slow.sql'])\n"
        )],
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("warehouse.duckdb.tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(builder.pid, signal.SIGKILL)
    builder.wait()
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT name FROM people").fetchall() == [("ada",)]
    assert remove_temporaries(tmp_path)
    assert not list(tmp_path.glob("*.tmp-*"))


def test_a_table_reads_back_with_the_fingerprint_it_was_written_with(tmp_path):
    # Filtering, slicing and sorting leave arbitrary bytes under null slots; the fingerprint must not see them.
    schema = pa.schema([("name", pa.string()), ("value", pa.float64()), ("aliases", pa.list_(pa.string()))])
    rows = [{"name": n, "value": v, "aliases": a} for n, v, a in
            [("b", None, None), (None, 2.0, ["x"]), ("a", 1.5, []), ("c", None, ["y", "z"])] * 50]
    table = pa.Table.from_pylist(rows, schema=schema)
    messy = pa.concat_tables([table.slice(0, 77), table.slice(77)]).filter(pc.is_valid(table["name"])).sort_by("name")
    written = write_table(tmp_path / "t.parquet", messy, schema)
    assert fingerprint(read_table(tmp_path / "t.parquet", schema)) == written.fingerprint == fingerprint(messy)
    assert fingerprint(messy) != fingerprint(messy.slice(1))


def test_the_fingerprint_of_given_rows_never_changes():
    # Every stored table carries its fingerprint and is checked against it: a new value for the same rows
    # would make every table written before look damaged. Pinned for a table of each kind of column.
    rows = pa.table({
        "word": pa.array(["alpha", None, "gamma"]),
        "count": pa.array([1, 2, None], pa.int64()),
        "tags": pa.array([["x", "y"], None, []], pa.list_(pa.string())),
        "day": pa.array([datetime.date(2020, 1, 2), None, datetime.date(1999, 12, 31)], pa.date32()),
        "flag": pa.array([True, None, False]),
    })
    assert fingerprint(rows) == "a9db0d896baaee85b78f4e762611f184388a9ea156d81cce345f30eab39d0a6d"


def test_a_flipped_byte_never_comes_back_as_wrong_rows(tmp_path):
    # Issue 16, failure 2: a flipped byte in document_texts.parquet was read back as "along the bor,ea".
    store = ParquetStore(tmp_path)
    original = table(*[f"person number {i} along the border with Ukraine" for i in range(300)])
    store.write("people", original, SCHEMA)
    path = store.path("people")
    pristine = path.read_bytes()
    names = pq.read_metadata(path).row_group(0).column(1)  # the text column's pages
    caught = 0
    for offset in range(names.dictionary_page_offset or names.data_page_offset, names.data_page_offset + names.total_compressed_size):
        damaged = bytearray(pristine)
        damaged[offset] ^= 0x20
        path.write_bytes(bytes(damaged))
        os.utime(path, ns=(offset, offset))
        if store.check("people", SCHEMA) is None:
            # Only bytes that do not carry data (page statistics, sizes rounded up) may go unnoticed.
            assert store.read("people", SCHEMA).equals(original), f"byte {offset} changed the rows unnoticed"
        else:
            caught += 1
            with pytest.raises(DamagedFile, match="people.parquet"):
                store.read("people", SCHEMA)
    assert caught > 0.5 * names.total_compressed_size


def test_an_exposed_table_is_queried_as_stored_or_refused_when_damaged(tmp_path):
    store = ParquetStore(tmp_path)
    store.write("people", table("ada", "grace"), SCHEMA)
    with duckdb.connect() as connection:
        store.expose(connection, "people", SCHEMA, as_name="t")
        store.expose(connection, "pets", SCHEMA)  # never written: an empty table of its schema
        assert connection.execute("SELECT name FROM t ORDER BY id").fetchall() == [("ada",), ("grace",)]
        assert connection.execute("SELECT count(*), count(name) FROM pets").fetchone() == (0, 0)
    path = store.path("people")
    path.write_bytes(path.read_bytes()[:-20])
    with duckdb.connect() as connection, pytest.raises(DamagedFile, match="people.parquet"):
        store.expose(connection, "people", SCHEMA)


def test_a_truncated_file_is_reported_not_raised(tmp_path):
    # Issue 16, failure 8: `ArrowInvalid: Parquet magic bytes not found`, naming no file, on every build.
    store = ParquetStore(tmp_path)
    store.write("people", table("ada", "grace"), SCHEMA, inputs="stamp")
    path = store.path("people")
    path.write_bytes(path.read_bytes()[:-20])
    assert str(store.check("people", SCHEMA)).startswith("is unreadable")
    assert store.stored_inputs("people") is None and not store.is_current("people", SCHEMA, "stamp")
    store.write("people", table("ada", "grace"), SCHEMA, inputs="stamp")  # the step that derives it, again
    assert store.check("people", SCHEMA) is None and store.is_current("people", SCHEMA, "stamp")


def test_a_file_an_earlier_version_wrote_is_outdated_and_its_rows_still_readable(tmp_path):
    path = tmp_path / "old.parquet"
    pq.write_table(pa.table({"id": [1, 2], "gone": ["x", "y"]}), path)
    problem = check_table(path, SCHEMA)
    assert problem.outdated
    assert read_outdated(path, SCHEMA).to_pylist() == [{"id": 1, "name": None}, {"id": 2, "name": None}]


def test_an_edited_database_is_rebuilt_not_trusted(tmp_path):
    # Issue 16, failure 3: titles overwritten and figures x1000 in warehouse.duckdb survived "up to date".
    database = _publish(tmp_path, "ada", "grace").path
    with duckdb.connect(str(database)) as connection:
        connection.execute("UPDATE people SET name = 'mallory'")
    rebuilt = _publish(tmp_path, "ada", "grace")
    assert rebuilt.rebuilt and "published" in rebuilt.repaired
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT name FROM people ORDER BY id").fetchall() == [("ada",), ("grace",)]
    assert database_problem(database) is None and not _publish(tmp_path, "ada", "grace").rebuilt


def test_a_truncated_or_missing_database_is_rebuilt(tmp_path):
    database = _publish(tmp_path, "ada").path
    database.write_bytes(database.read_bytes()[:4096])
    assert _publish(tmp_path, "ada").repaired is not None
    database.unlink()
    assert _publish(tmp_path, "ada").repaired == "is missing"
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT name FROM people").fetchall() == [("ada",)]


def test_a_new_database_that_fails_its_checks_is_never_published(tmp_path):
    # Issue 16, failure 1: checks on warehouse_duckdb ran after the swap, so they could not stop a bad file.
    database = _publish(tmp_path, "ada").path
    before = database.read_bytes()
    store = ParquetStore(tmp_path)
    store.write("people", table("ada", "ada"), SCHEMA)

    def refuse_duplicates(connection):
        if connection.execute("SELECT count(*) - count(DISTINCT name) FROM people").fetchone()[0]:
            raise ValueError("duplicate names")

    with pytest.raises(ValueError, match="duplicate names"):
        build_database(tmp_path, {"people": store.path("people")}, [], verify=refuse_duplicates)
    assert database.read_bytes() == before
    assert database_problem(database) is None
    assert not list(tmp_path.glob("warehouse.duckdb.tmp-*"))


def test_every_kind_of_leftover_is_removed(tmp_path):
    # Issue 16, failure 11: warehouse.duckdb.tmp-* files (13 MB) were never removed.
    leftovers = [
        tmp_path / "warehouse.duckdb.tmp-4242-0a1b2c3d",
        tmp_path / "warehouse.duckdb.tmp-4242-0a1b2c3d.wal",
        tmp_path / ".warehouse.duckdb.build.json.tmp-4242-0a1b2c3d",
        tmp_path / "parquet" / "documents.parquet.tmp-4242-0a1b2c3d",
        tmp_path / "parquet" / "annotations-32-ranges" / "date_mentions" / "bucket-03.parquet.tmp-1-2",
        tmp_path / "report" / "report.html.tmp-4242-0a1b2c3d",
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    keep = tmp_path / "parquet" / "documents.parquet"
    keep.write_bytes(b"whole")
    assert sorted(remove_temporaries(tmp_path)) == sorted(leftovers)
    assert keep.exists() and not any(path.exists() for path in leftovers)


@pytest.mark.parametrize(
    ("change", "hashed_again", "problem"),
    [
        (lambda path: None, False, None),
        (lambda path: path.write_bytes(path.read_bytes()), True, None),  # same bytes, written again: checked again
        (lambda path: path.write_bytes(path.read_bytes()[:-9]), True, "unreadable"),
        (lambda path: os.utime(path, ns=(1, 1)), True, None),
    ],
)
def test_a_file_checked_in_another_process_is_hashed_again_only_when_it_changed(tmp_path, monkeypatch, change, hashed_again, problem):
    from pipelines.core import store

    path = write_table(tmp_path / "people.parquet", table("ada", "grace"), SCHEMA).path
    store._checked.clear()  # as in a new process
    hashed = []
    real = store._find_problem
    monkeypatch.setattr(store, "_find_problem", lambda *args: hashed.append(args) or real(*args))
    change(path)
    found = check_table(path, SCHEMA)
    assert bool(hashed) is hashed_again
    assert (found is None) if problem is None else (problem in found.description)
    other = pa.schema([pa.field("id", pa.int64()), pa.field("title", pa.string())])
    store._checked.clear()
    assert check_table(path, other) is not None  # verified with other columns in mind does not count


def test_a_fact_vouched_for_a_table_holds_until_the_file_changes(tmp_path):
    store = ParquetStore(tmp_path)
    store.write("people", table("ada", "grace"), SCHEMA)
    assert not store.vouched("people", "names_checked")
    store.vouch("people", "names_checked")
    assert store.vouched("people", "names_checked") and not store.vouched("people", "ids_checked")
    assert check_table(store.path("people"), SCHEMA) is None  # the fingerprint's record is kept beside the fact
    store.write("people", table("ada", "grace"), SCHEMA)  # same rows: the file is left as it is
    assert store.vouched("people", "names_checked")
    store.write("people", table("ada", "linus"), SCHEMA)
    assert not store.vouched("people", "names_checked")
    store.vouch("people", "names_checked")
    store.path("people").unlink()
    assert not store.vouched("people", "names_checked")


def test_the_published_database_is_hashed_again_only_when_it_is_no_longer_the_very_file_published(tmp_path, monkeypatch):
    from pipelines.core import store

    database = _publish(tmp_path, "ada", "grace").path
    hashed = []
    real = store._file_sha256
    monkeypatch.setattr(store, "_file_sha256", lambda path: hashed.append(path) or real(path))
    assert database_problem(database) is None and not hashed
    # A byte flipped in place with size and modification time put back: the change time gives it away.
    info = database.stat()
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x01
    database.write_bytes(bytes(data))
    os.utime(database, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert "damaged or edited" in database_problem(database) and hashed


WORDS = pa.schema([pa.field("doc_id", pa.string()), pa.field("word", pa.string())])


def _publish_words(tmp_path: Path, rows: list[tuple[str | None, str]], key_digests: KeyDigests | None = None):
    """`words` rows as a table replaced per doc_id, and `people` beside it."""
    store = ParquetStore(tmp_path)
    store.write("words", pa.Table.from_pylist([{"doc_id": d, "word": w} for d, w in rows], schema=WORDS), WORDS)
    if not store.exists("people"):
        store.write("people", table("ada"), SCHEMA)
    tables = {"people": store.path("people"), "words": store.path("words")}
    return build_database(tmp_path, tables, [], replace_by={"words": "doc_id"}, key_digests=key_digests)


def _rows(database: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(query).fetchall()


@pytest.mark.parametrize(
    "later",
    [
        [("a", "x"), ("a", "x"), ("b", "y"), ("c", "z")],  # a document added
        [("a", "x"), ("b", "y")],  # a copy of a row gone: same words, fewer rows
        [("a", "x"), ("a", "w"), ("b", "y")],  # a row changed
        [("b", "y"), (None, "q")],  # a document gone, and rows without one
        [],
    ],
)
@pytest.mark.parametrize("kept_digests", [False, True], ids=["rows hashed", "digests kept"])
def test_an_updated_copy_of_the_published_database_holds_exactly_the_new_rows(tmp_path, later, kept_digests):
    earlier = [("a", "x"), ("a", "x"), ("b", "y"), (None, "n")]
    key_digests = KeyDigests() if kept_digests else None
    _publish_words(tmp_path, earlier, key_digests)
    if key_digests is not None:  # the first publish built the file new: the digests are made for the next one
        words = ParquetStore(tmp_path).path("words")
        assert key_digests.of(words, "doc_id") in key_digests.kept(words).values()
    build = _publish_words(tmp_path, later, key_digests)
    assert build.rebuilt and build.row_counts["words"] == len(later)
    ordered = "SELECT doc_id, word FROM words ORDER BY ALL"
    assert _rows(build.path, ordered) == sorted(later, key=lambda row: (row[0] is None, row))
    assert _rows(build.path, "SELECT name FROM people") == [("ada",)]
    assert database_problem(build.path) is None


def test_only_the_rows_of_changed_documents_are_replaced_and_a_grown_copy_is_built_new(tmp_path, monkeypatch):
    _publish_words(tmp_path, [("a", "x"), ("b", "y"), ("c", "z")])
    database = _publish_words(tmp_path, [("a", "x"), ("b", "w"), ("c", "z")]).path
    # The untouched documents' rows stay where they were; the replaced ones come after them.
    assert _rows(database, "SELECT doc_id FROM words") == [("a",), ("c",), ("b",)]
    monkeypatch.setattr("pipelines.core.store.UPDATE_GROWTH_LIMIT", 0)
    database = _publish_words(tmp_path, [("a", "x"), ("b", "v"), ("c", "z")]).path
    assert _rows(database, "SELECT doc_id, word FROM words") == [("a", "x"), ("b", "v"), ("c", "z")]


def test_a_table_whose_columns_changed_is_copied_again(tmp_path):
    _publish_words(tmp_path, [("a", "x")])
    store = ParquetStore(tmp_path)
    wider = pa.schema([*WORDS, pa.field("count", pa.int64())])
    store.write("words", pa.table({"doc_id": ["a"], "word": ["x"], "count": [2]}, schema=wider), wider)
    build = build_database(tmp_path, {"people": store.path("people"), "words": store.path("words")}, [], replace_by={"words": "doc_id"})
    assert _rows(build.path, "SELECT * FROM words") == [("a", "x", 2)]


def test_key_digests_are_kept_per_fingerprint_and_only_the_current_ones_stay(tmp_path):
    store, key_digests = ParquetStore(tmp_path), KeyDigests()
    store.write("words", pa.Table.from_pylist([{"doc_id": "a", "word": "x"}, {"doc_id": "a", "word": "y"}], schema=WORDS), WORDS)
    first = key_digests.of(store.path("words"), "doc_id")
    assert pq.read_table(first).select(["value", "rows"]).to_pylist() == [{"value": "a", "rows": 2}]
    store.write("words", pa.Table.from_pylist([{"doc_id": "b", "word": "x"}], schema=WORDS), WORDS)
    second = key_digests.of(store.path("words"), "doc_id")
    assert second != first and set(key_digests.kept(store.path("words")).values()) == {first, second}
    first.write_bytes(first.read_bytes()[:-10])  # a damaged file of digests is never trusted
    assert set(key_digests.kept(store.path("words")).values()) == {second}
    key_digests.keep_only_current(store.path("words"))
    assert not first.exists() and second.exists()


def test_key_digests_of_a_table_handed_on_are_those_of_its_file(tmp_path):
    rows = pa.Table.from_pylist([{"doc_id": "a", "word": "x"}, {"doc_id": "a", "word": None}, {"doc_id": None, "word": "y"}], schema=WORDS)
    handed_on, from_file = ParquetStore(tmp_path / "handed_on"), ParquetStore(tmp_path / "from_file")
    with handing_on_tables():
        handed_on.write("words", rows, WORDS)
        in_memory = KeyDigests().of(handed_on.path("words"), "doc_id")
    from_file.write("words", rows, WORDS)
    on_disk = KeyDigests().of(from_file.path("words"), "doc_id")
    assert pq.read_table(in_memory).sort_by("value").equals(pq.read_table(on_disk).sort_by("value"))

def test_tables_handed_on_are_read_back_without_decoding_their_files_until_a_file_changes(tmp_path, monkeypatch):
    path, elsewhere, before = tmp_path / "people.parquet", tmp_path / "other.parquet", tmp_path / "before.parquet"
    write_table(before, table("bob"), SCHEMA)  # written outside: not kept
    decoded = []
    real_read = pq.ParquetFile.read
    monkeypatch.setattr(pq.ParquetFile, "read", lambda self, **kwargs: decoded.append(1) or real_read(self, **kwargs))
    with handing_on_tables():
        write_table(path, table("ada", "grace"), SCHEMA)
        write_table(elsewhere, table("eve"), SCHEMA)
        assert read_table(path, SCHEMA, ["name"])["name"].to_pylist() == ["ada", "grace"]
        assert not decoded
        assert read_table(before, SCHEMA)["name"].to_pylist() == ["bob"] and len(decoded) == 1
        os.replace(elsewhere, path)  # another file in its place: read from the file
        assert read_table(path, SCHEMA)["name"].to_pylist() == ["eve"] and len(decoded) > 1
        write_table(path, table("ada"), SCHEMA)
    seen = len(decoded)
    assert read_table(path, SCHEMA)["name"].to_pylist() == ["ada"] and len(decoded) > seen  # let go on leaving


def test_rows_picked_from_a_table_handed_on_are_those_the_file_holds(tmp_path, monkeypatch):
    store = ParquetStore(tmp_path)

    def picked() -> pa.Table:
        return store.read_where("people", SCHEMA, lambda rows: pc.greater(rows["id"], 0))

    with handing_on_tables():
        store.write("people", table("ada", "grace", "eve"), SCHEMA)
        monkeypatch.setattr(pq.ParquetFile, "iter_batches", lambda *args, **kwargs: pytest.fail("the file was decoded"))
        assert picked()["name"].to_pylist() == ["grace", "eve"]
    monkeypatch.undo()
    assert picked()["name"].to_pylist() == ["grace", "eve"]  # from the file, outside


def _write_words(store: ParquetStore, rows: list[tuple[str, str]]) -> None:
    store.write("words", pa.Table.from_pylist([{"doc_id": d, "word": w} for d, w in rows], schema=WORDS), WORDS)


@pytest.mark.parametrize("rewritten_after", [False, True], ids=["final when begun", "rewritten after"])
def test_a_build_begun_ahead_publishes_what_a_build_at_once_publishes(tmp_path, monkeypatch, rewritten_after):
    _publish_words(tmp_path, [("a", "x"), ("b", "y")])
    store = ParquetStore(tmp_path)
    _write_words(store, [("a", "x"), ("b", "w"), ("c", "z")])
    updated = []
    real_update = update_table
    monkeypatch.setattr("pipelines.core.store.update_table", lambda connection, name, *args: updated.append(name) or real_update(connection, name, *args))
    with handing_on_tables():
        begun = start_build_ahead(tmp_path, {"words": store.path("words")}, [], replace_by={"words": "doc_id"}, key_digests=KeyDigests())
        if rewritten_after:
            begun.result()
            _write_words(store, [("a", "v"), ("c", "z")])
        store.write("people", table("ada", "grace"), SCHEMA)
        build = build_database(tmp_path, {"people": store.path("people"), "words": store.path("words")}, [], replace_by={"words": "doc_id"})
    assert updated.count("words") == (2 if rewritten_after else 1)
    expected = [("a", "v"), ("c", "z")] if rewritten_after else [("a", "x"), ("b", "w"), ("c", "z")]
    assert _rows(build.path, "SELECT doc_id, word FROM words ORDER BY ALL") == expected
    assert _rows(build.path, "SELECT name FROM people ORDER BY ALL") == [("ada",), ("grace",)]
    assert build.row_counts == {"people": 2, "words": len(expected)} and database_problem(build.path) is None
    assert temporaries(tmp_path) == []


def test_a_build_begun_ahead_that_no_build_takes_leaves_nothing_behind(tmp_path):
    published = _publish_words(tmp_path, [("a", "x")]).path
    before = published.read_bytes()
    store = ParquetStore(tmp_path)
    _write_words(store, [("a", "y")])
    # Outside a run of steps sharing one process: nothing.
    assert start_build_ahead(tmp_path, {"words": store.path("words")}, []) is None
    with handing_on_tables():
        start_build_ahead(tmp_path, {"words": store.path("words")}, [], replace_by={"words": "doc_id"})
    assert temporaries(tmp_path) == [] and published.read_bytes() == before


def test_work_begun_ahead_is_taken_only_from_the_inputs_it_was_begun_from():
    # Outside a run of steps sharing one process: nothing is begun.
    assert begin_ahead("sum", "inputs 1", lambda: 1 + 2) is None
    assert taken_ahead("sum", "inputs 1") is None
    with handing_on_tables():
        assert begin_ahead("sum", "inputs 1", lambda: 1 + 2)
        assert taken_ahead("sum", "other inputs") is None  # and it is gone: taken once, whatever the answer
        assert taken_ahead("sum", "inputs 1") is None
        begin_ahead("sum", "inputs 2", lambda: 3 + 4)
        assert taken_ahead("sum", "inputs 2").result() == 7


def test_work_begun_ahead_hands_its_failure_to_the_step_that_takes_it():
    def fails():
        raise ValueError("bad rows")

    with handing_on_tables():
        begin_ahead("checks", "inputs", fails)
        with pytest.raises(ValueError, match="bad rows"):
            taken_ahead("checks", "inputs").result()


def test_work_no_step_takes_is_finished_and_dropped_when_the_steps_stop_sharing_the_process():
    finished = threading.Event()

    def slow():
        time.sleep(0.2)
        finished.set()
        return "done"

    with handing_on_tables():
        begin_ahead("report", "inputs", slow)
        begin_ahead("report", "inputs", lambda: "again")  # the first is no step's now, and still waited for
    assert finished.is_set()  # nothing begun for a run outlives it
    with handing_on_tables():
        assert taken_ahead("report", "inputs") is None

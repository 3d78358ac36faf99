"""Parquet tables and the DuckDB file, written so that no reader or crash ever sees half a write.

* Every Parquet file is written under a temporary name in the same folder and
  renamed over the old one, so a killed run leaves the previous file whole.
* A table whose content did not change is not rewritten: each file carries a
  fingerprint of its rows in its Parquet metadata, and optionally a stamp of
  the inputs it was derived from, so a step whose inputs did not change can
  skip its work altogether.
* Every file is checked when it is read: readable (Parquet page checksums),
  the expected columns, and rows whose fingerprint matches the one recorded in
  it. A file that fails is reported as damaged (`DamagedFile`, `check_table`)
  so the step that derives it rebuilds it instead of trusting it. A file that
  passed is not hashed again while it is the same file: its inode, size,
  modification and change times are kept in `.verified.json` beside it, and
  any write to it, or a file put in its place, changes them (the change time
  cannot be set back). So a run with nothing new does not read the corpus.
  A check of a table's rows beyond its fingerprint is remembered the same way
  (`vouch`), for as long as the file stays the same.
* `warehouse.duckdb` is built as a new file beside the old one, checked
  (`verify`), and only then swapped in with one atomic rename. The new file
  starts as a copy of the published one when that is intact and laid out the
  same: unchanged tables stay as they are, and tables kept per document have
  only the rows of documents whose rows changed replaced (`replace_by`). An analyst
  holding the old file open (read-only, for hours) keeps a consistent snapshot
  and never blocks the run; new connections see the new file. Its stamp
  records the size, modification time and SHA-256 of the published file, so a
  damaged or hand-edited file is rebuilt rather than kept; the file is hashed
  again only when its inode or change time say it is no longer the very file
  published.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.core.atomic import atomic_path
from pipelines.core.code_version import code_digest

T = TypeVar("T")

# Version 2: hashed over canonical arrays (`fingerprint`); version 1 hashed memory layout and is ignored.
FINGERPRINT_KEY = b"news_warehouse.rows_sha256.v2"
INPUTS_KEY = b"news_warehouse.inputs"
DATABASE_NAME = "warehouse.duckdb"
PARQUET_FOLDER = "parquet"
_READ_BATCH_ROWS = 1024


@dataclass(frozen=True)
class Problem:
    """Why a stored file cannot be trusted as it is, phrased to follow its path."""

    description: str
    # Written by an earlier version of the pipeline (other columns, an older fingerprint),
    # not damaged: its rows can still be carried over where they cannot be derived again.
    outdated: bool = False

    def __str__(self) -> str:
        return self.description


MISSING_FILE = Problem("is missing")


class DamagedFile(Exception):
    """A derived file that cannot be trusted: unreadable, other columns, or rows that differ from its fingerprint."""

    def __init__(self, path: Path, problem: Problem):
        super().__init__(f"{path} {problem}: a full build (`make run`) rebuilds it from its inputs")
        self.path, self.problem = Path(path), problem


@dataclass(frozen=True)
class WriteResult:
    path: Path
    rows: int
    fingerprint: str
    changed: bool


def fingerprint(table: pa.Table) -> str:
    """Hash of a table's column names and rows, the same for the same rows however they are laid out in memory.

    Each column is hashed as plain arrays without nulls (its validity, then its
    values with nulls set to zero; lists as offsets and values), so a table
    hashes the same before it is written and after it is read back. Metadata
    (stamps, column descriptions) is left out: rewording a description changes no data.
    """
    digest = hashlib.sha256()
    for name, column in zip(table.column_names, table.columns):
        for index, array in enumerate(_canonical_arrays(column.combine_chunks())):
            batch = pa.record_batch([array], names=[f"{name}\x00{index}"])
            # Streamed into the hash as it is serialised: a copy of a large column costs more than hashing it.
            with pa.ipc.new_stream(pa.PythonFile(_Feeding(digest.update), mode="w"), batch.schema) as writer:
                writer.write_batch(batch)
    return digest.hexdigest()


class _Feeding:
    """A write-only file that hands each write to `consume` and keeps nothing."""

    closed = False

    def __init__(self, consume: Callable[[bytes], object]):
        self._consume = consume

    def write(self, data: bytes) -> None:
        self._consume(data)

    def flush(self) -> None:
        pass


def _canonical_arrays(array: pa.Array) -> Iterator[pa.Array]:
    """`array` as arrays without nulls or slicing, whose bytes depend only on its values."""
    valid = pc.is_valid(array)
    yield valid
    if pa.types.is_list(array.type):
        lists = pc.if_else(valid, array, pa.scalar([], array.type))  # a null list counts as empty
        offsets = lists.offsets
        yield pc.subtract(offsets, offsets[0])
        yield from _canonical_arrays(lists.flatten())
    else:
        yield pc.fill_null(array, _zero(array.type))


def _zero(type_: pa.DataType) -> pa.Scalar:
    if pa.types.is_string(type_):
        return pa.scalar("", type_)
    if pa.types.is_boolean(type_):
        return pa.scalar(False)
    if pa.types.is_date32(type_):
        return pa.scalar(0, pa.int32()).cast(type_)
    return pa.scalar(0, pa.int64()).cast(type_)


class ParquetStore:
    """The Parquet files under `<warehouse>/parquet/`, one per table."""

    def __init__(self, warehouse_dir: Path):
        self.folder = Path(warehouse_dir) / PARQUET_FOLDER

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"

    def exists(self, name: str) -> bool:
        return self.path(name).exists()

    def published_before(self) -> bool:
        """Whether a warehouse was ever published here (so a missing table is a loss, not a first build)."""
        return _stamp_path(self.folder.parent / DATABASE_NAME).exists()

    def read(self, name: str, schema: pa.Schema, columns: Sequence[str] | None = None) -> pa.Table:
        """The stored table (or only `columns` of it), checked; an empty one with `schema` when none was written yet.

        Raises DamagedFile when the stored file cannot be trusted.
        """
        path = self.path(name)
        if not path.exists():
            empty = schema.empty_table()
            return empty.select(list(columns)) if columns is not None else empty
        return read_table(path, schema, columns)

    def read_where(
        self, name: str, schema: pa.Schema, keep: Callable[[pa.RecordBatch], pa.Array], columns: Sequence[str] | None = None
    ) -> pa.Table:
        """The stored rows for which `keep` (given a batch of rows, or the table handed on) is true, checked like `read`.

        Read a batch at a time, so picking a few rows of a large table never holds all of it.
        """
        path = self.path(name)
        names = list(columns) if columns is not None else schema.names
        wanted = pa.schema([schema.field(column) for column in names])
        if not path.exists():
            return wanted.empty_table()
        if (problem := check_table(path, schema)) is not None:
            raise DamagedFile(path, problem)
        if (written := _handed_on(path, schema)) is not None:
            rows = written.select(names)
            return rows.filter(keep(rows)).cast(wanted)
        kept = [batch.filter(keep(batch)) for batch in pq.ParquetFile(path).iter_batches(batch_size=_READ_BATCH_ROWS, columns=names)]
        return pa.Table.from_batches(kept, schema=wanted)

    def expose(self, connection: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema, as_name: str | None = None) -> None:
        """The stored table as a view of `connection` (named `as_name`, default `name`), checked like `read`.

        DuckDB reads the file itself, so a query reads only the columns it uses. Raises DamagedFile
        when the stored file cannot be trusted; a table never written is an empty one.
        """
        path, view = self.path(name), as_name or name
        if not path.exists():
            connection.register(view, schema.empty_table())
            return
        if (problem := check_table(path, schema)) is not None:
            raise DamagedFile(path, problem)
        parquet_view(connection, view, path)

    def check(self, name: str, schema: pa.Schema) -> Problem | None:
        """What is wrong with the stored table (missing, unreadable, ...), or None when it can be trusted."""
        return check_table(self.path(name), schema)

    def vouch(self, name: str, fact: str) -> None:
        """Record that the stored table, as it is now, was found to hold `fact` (a check beyond its fingerprint)."""
        _remember_fact(self.path(name), fact)

    def vouched(self, name: str, fact: str) -> bool:
        """Whether `fact` was recorded for the stored table as it is now: any change to the file voids it."""
        return _holds_fact(self.path(name), fact)

    def is_current(self, name: str, schema: pa.Schema, inputs: str) -> bool:
        """The stored table was derived from `inputs` (see `inputs_stamp`) and is intact."""
        return self.stored_inputs(name) == inputs and self.check(name, schema) is None

    def row_count(self, name: str) -> int:
        path = self.path(name)
        return pq.read_metadata(path).num_rows if path.exists() else 0

    def stored_fingerprint(self, name: str) -> str | None:
        return stored_metadata(self.path(name), FINGERPRINT_KEY)

    def stored_inputs(self, name: str) -> str | None:
        """The `inputs` stamp the table was last written with, if any (None when unreadable)."""
        return stored_metadata(self.path(name), INPUTS_KEY)

    def inputs_stamp(self, tables: Sequence[str], *code: ModuleType | Path) -> str:
        """Stamp of the stored `tables` (their fingerprints) and the code in `code` (see `code_digest`)."""
        parts = [f"{name}={self.stored_fingerprint(name)}" for name in tables] + [code_digest(*code)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def write(self, name: str, table: pa.Table, schema: pa.Schema, inputs: str | None = None) -> WriteResult:
        """Write `table` (cast to `schema`) atomically; skip the write when nothing changed.

        `inputs` (see `inputs_stamp`) is kept beside the fingerprint for `stored_inputs`.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        return write_table(self.path(name), table, schema, inputs)

    @contextmanager
    def writing_behind(self) -> Iterator[Callable[..., Future[WriteResult]]]:
        """`write`, done in a thread behind the caller, which makes its next table meanwhile (Parquet
        writes and hashing leave the interpreter free). Writes run in the order asked; all have
        finished on leaving, and the first that failed raises."""
        with ThreadPoolExecutor(1, thread_name_prefix="parquet-write") as pool:
            pending: list[Future[WriteResult]] = []

            def write_behind(name: str, table: pa.Table, schema: pa.Schema, inputs: str | None = None) -> Future[WriteResult]:
                pending.append(pool.submit(self.write, name, table, schema, inputs))
                return pending[-1]

            yield write_behind
            for write in pending:
                write.result()


def write_table(path: Path, table: pa.Table, schema: pa.Schema, inputs: str | None = None) -> WriteResult:
    """Write `table` (cast to `schema`) to `path` atomically, stamped with its row fingerprint and `inputs`.

    Skipped when the file there already holds these rows and stamp, and is intact.
    A file stamped with other `inputs` (or none there) is not expected to hold
    these rows: it is written while its rows are hashed in another thread (both
    leave the interpreter free), and the fingerprint is added to its footer last.
    """
    table = table.select(schema.names).cast(schema)
    path = Path(path)
    stored = _footer(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if stored is not None and stored.get(INPUTS_KEY) == (inputs.encode() if inputs else None):
        digest = fingerprint(table)
        if stored.get(FINGERPRINT_KEY) == digest.encode() and check_table(path, schema) is None:
            _written.keep(path, table)  # the file holds these very rows
            return WriteResult(path, table.num_rows, digest, changed=False)
        with atomic_path(path) as temp:
            _write_parquet(temp, table, schema, inputs, lambda: digest)
    else:
        with ThreadPoolExecutor(1) as hashing, atomic_path(path) as temp:
            digest = _write_parquet(temp, table, schema, inputs, hashing.submit(fingerprint, table).result)
    _remember_check(path, None)  # just written from these rows
    _remember_verified(path, file_identity(path), schema)
    _written.keep(path, table)
    return WriteResult(path, table.num_rows, digest, changed=stored is None or stored.get(FINGERPRINT_KEY) != digest.encode())


def _write_parquet(path: Path, table: pa.Table, schema: pa.Schema, inputs: str | None, digest: Callable[[], str]) -> str:
    """`table` as Parquet at `path` with the schema's metadata and `inputs`; the fingerprint, `digest()`,
    is asked for once the rows are written and goes into the footer (where `stored_metadata` reads it)."""
    metadata = {**(schema.metadata or {}), **({INPUTS_KEY: inputs.encode()} if inputs else {})}
    with pq.ParquetWriter(path, table.schema.with_metadata(metadata), compression="zstd", write_page_checksum=True) as writer:
        writer.write_table(table)
        found = digest()
        writer.add_key_value_metadata({FINGERPRINT_KEY: found.encode()})
    return found


def read_table(path: Path, schema: pa.Schema, columns: Sequence[str] | None = None) -> pa.Table:
    """The table in `path` (or only its `columns`), after checking it (see `check_table`); raises DamagedFile when it fails."""
    problem = check_table(path, schema)
    if problem is not None:
        raise DamagedFile(path, problem)
    names = list(columns) if columns is not None else schema.names
    wanted = pa.schema([schema.field(name) for name in names], metadata=schema.metadata)
    if (written := _handed_on(path, schema)) is not None:
        return written.select(names).cast(wanted)
    # ParquetFile, not pq.read_table: that goes through pyarrow.dataset, which imports pandas (a third of a second).
    return pq.ParquetFile(path).read(columns=names).cast(wanted)


def _handed_on(path: Path, schema: pa.Schema) -> pa.Table | None:
    """The table this process last wrote to `path`, while the file is the one written and the table has
    `schema` (see `handing_on_tables`); else None."""
    written = _written.get(path)
    return written if written is not None and written.schema.equals(schema) else None


@contextmanager
def handing_on_tables() -> Iterator[None]:
    """Inside, the tables this process writes are kept, and `read_table` gives them back while each file is
    the one written: steps that share a process (a small run's) hand their tables on without decoding them
    again. Let go on leaving; outside, nothing is kept (a step in a process of its own would only hold them
    longer)."""
    _written.active = True
    try:
        yield
    finally:
        _written.active = False
        _written.clear()
        _let_go_work_ahead()


def begin_ahead(name: str, inputs: str, work: Callable[[], T], discard: Callable[[T], None] | None = None) -> Future[T] | None:
    """Run `work` on a thread for a later step of this run, which takes its result with
    `taken_ahead(name, inputs)`; `inputs` names what the result was made from. Only while steps share
    this process and hand their tables on (`handing_on_tables`, whose end waits for the work); returns
    its future, or None when nothing was begun. A result no step takes (one replaced under the same
    name, asked for from other inputs, or left at the end) is given to `discard`, if any."""
    if not _written.active:
        return None
    drop_ahead(name)
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as failed:  # the step that takes it meets the problem
            future.set_exception(failed)

    thread = threading.Thread(target=run, name=f"ahead-{name}")
    with _AHEAD_LOCK:
        _work_ahead[name] = _WorkAhead(inputs, future, discard)
        _threads_ahead.append(thread)
    thread.start()
    return future


def taken_ahead(name: str, inputs: str) -> Future | None:
    """The work `begin_ahead` began under `name` from these very `inputs` (its future), or None."""
    with _AHEAD_LOCK:
        begun = _work_ahead.pop(name, None)
    if begun is not None and begun.inputs != inputs:
        begun.drop()
        return None
    return begun.future if begun is not None else None


def drop_ahead(name: str) -> None:
    """Drop the work begun under `name`, if any: no step will take it."""
    with _AHEAD_LOCK:
        begun = _work_ahead.pop(name, None)
    if begun is not None:
        begun.drop()


def _let_go_work_ahead() -> None:
    with _AHEAD_LOCK:
        threads, untaken = list(_threads_ahead), list(_work_ahead.values())
        _threads_ahead.clear()
        _work_ahead.clear()
    for thread in threads:
        thread.join()
    for begun in untaken:
        begun.drop()


@dataclass(frozen=True)
class _WorkAhead:
    inputs: str  # what the result is made from
    future: Future
    discard: Callable | None

    def drop(self) -> None:
        """Give the result, once made, to `discard` (work that failed has nothing to give)."""
        if self.discard is not None and self.future.exception() is None:
            self.discard(self.future.result())


# Work begun ahead for a later step (`begin_ahead`), by name; and the threads doing it, each waited for
# when the run's steps stop sharing the process.
_work_ahead: dict[str, _WorkAhead] = {}
_threads_ahead: list[threading.Thread] = []
_AHEAD_LOCK = threading.Lock()


class _WrittenTables:
    """The tables this process wrote last, by path, with each file's `file_identity` once written; at most
    `LIMIT` bytes, the oldest let go first (see `handing_on_tables`)."""

    LIMIT = 256 * 2**20

    def __init__(self) -> None:
        self.active = False
        self._tables: dict[Path, tuple[tuple[int, ...], pa.Table, int]] = {}  # path -> identity, table, its bytes
        self._lock = threading.Lock()  # tables written behind (`writing_behind`) are kept from another thread

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()

    def keep(self, path: Path, table: pa.Table) -> None:
        if not self.active:
            return
        path, size = Path(path), table.nbytes
        with self._lock:
            self._tables.pop(path, None)
            if size > self.LIMIT:
                return
            self._tables[path] = (file_identity(path), table, size)
            while sum(held[2] for held in self._tables.values()) > self.LIMIT:
                del self._tables[next(iter(self._tables))]

    def get(self, path: Path) -> pa.Table | None:
        path = Path(path)
        with self._lock:
            identity, table, _ = self._tables.get(path, (None, None, 0))
        try:
            return table if table is not None and identity == file_identity(path) else None
        except FileNotFoundError:
            return None


_written = _WrittenTables()


def check_table(path: Path, schema: pa.Schema) -> Problem | None:
    """What is wrong with the Parquet file at `path`, or None when it can be trusted.

    Trusted means: it opens and reads with valid page checksums, has exactly
    the columns and types of `schema`, and its rows hash to the fingerprint
    recorded in it. The answer is remembered for as long as the file is unchanged.
    """
    path = Path(path)
    try:
        identity = file_identity(path)
    except FileNotFoundError:
        return MISSING_FILE
    if (remembered := _checked.get(path)) is not None and remembered[0] == identity:
        return remembered[1]
    verified = _verified(path.parent)
    if verified.get(path.name) == [*identity, _schema_digest(schema)]:
        problem = None
    else:
        problem = _find_problem(path, schema)
        if problem is None:
            _remember_verified(path, identity, schema)
    _checked[path] = (identity, problem)
    return problem


def read_outdated(path: Path, schema: pa.Schema) -> pa.Table:
    """The rows of a file an earlier version wrote, with `schema`'s columns (new ones empty, dropped ones gone)."""
    stored = pq.read_table(path)
    columns = [
        stored[field.name].cast(field.type) if field.name in stored.column_names else pa.nulls(stored.num_rows, field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def stored_metadata(path: Path, key: bytes) -> str | None:
    """A stamp from the Parquet footer at `path`, or None when the file is missing, unreadable or has none."""
    value = (_footer(path) or {}).get(key)
    return value.decode() if value else None


def _footer(path: Path) -> dict[bytes, bytes] | None:
    """The key-value metadata of the Parquet footer at `path` (the Arrow schema's included), or None
    when the file is missing or unreadable."""
    try:
        return pq.read_metadata(path).metadata or {}
    except (OSError, pa.ArrowException):
        return None


# Path -> (identity of the file when checked, problem or None); files are replaced, never edited, by this code.
_checked: dict[Path, tuple[tuple[int, ...], Problem | None]] = {}


def file_identity(path: Path) -> tuple[int, ...]:
    """Inode, size, modification and change times: any write to the file, or a file put in its place, changes them."""
    info = path.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _remember_check(path: Path, problem: Problem | None) -> None:
    _checked[Path(path)] = (file_identity(Path(path)), problem)


VERIFIED_FILE = ".verified.json"  # in each folder of tables: file name -> identity and schema when it passed


def _verified(folder: Path) -> dict[str, list]:
    try:
        recorded = json.loads((folder / VERIFIED_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def _remember_verified(path: Path, identity: tuple[int, ...], schema: pa.Schema) -> None:
    """Record that `path`, as it is, passed its check (a lost race with another process only costs a re-check)."""
    _record(path, path.name, [*identity, _schema_digest(schema)])


FACT_SEPARATOR = "#"  # entries of VERIFIED_FILE for a fact: "<file name>#<fact>" -> identity when it was found


def _remember_fact(path: Path, fact: str) -> None:
    _record(path, f"{path.name}{FACT_SEPARATOR}{fact}", list(file_identity(path)))


def _holds_fact(path: Path, fact: str) -> bool:
    try:
        identity = list(file_identity(path))
    except FileNotFoundError:
        return False
    return _verified(path.parent).get(f"{path.name}{FACT_SEPARATOR}{fact}") == identity


def _record(path: Path, key: str, entry: list) -> None:
    with _RECORDING:  # tables written behind (`writing_behind`) record from another thread
        recorded = _verified(path.parent)
        present = set(os.listdir(path.parent))  # one listing, not a look-up per entry: a folder of bucket files has hundreds
        recorded = {name: value for name, value in recorded.items() if name.split(FACT_SEPARATOR)[0] in present}
        recorded[key] = entry
        with atomic_path(path.parent / VERIFIED_FILE) as temp:
            temp.write_text(json.dumps(recorded, sort_keys=True))


_RECORDING = threading.Lock()


def _schema_digest(schema: pa.Schema) -> str:
    return hashlib.sha256(str([(field.name, str(field.type)) for field in schema]).encode()).hexdigest()[:16]


def _find_problem(path: Path, schema: pa.Schema) -> Problem | None:
    try:
        parquet = pq.ParquetFile(path, page_checksum_verification=True)
        stored = parquet.schema_arrow
        if [(f.name, f.type) for f in stored] != [(f.name, f.type) for f in schema]:
            return Problem(f"has other columns than this version writes ({', '.join(stored.names)})", outdated=True)
        table = parquet.read()
    except (OSError, pa.ArrowException) as exc:
        return Problem(f"is unreadable ({exc.__class__.__name__}: {exc})")
    recorded = (parquet.metadata.metadata or {}).get(FINGERPRINT_KEY)
    if recorded is None:
        return Problem("has no row fingerprint of this version", outdated=True)
    if fingerprint(table) != recorded.decode():
        return Problem("holds rows that do not match its recorded fingerprint (damaged or edited)")
    return None


@dataclass(frozen=True)
class DatabaseBuild:
    path: Path
    fingerprint: str
    rebuilt: bool
    row_counts: dict[str, int]
    repaired: str | None = None  # what was wrong with the published file, when that caused the rebuild
    updated_copy: bool = False  # built by updating a copy of the published file, not as a new one


def sql_literal(text: str) -> str:
    """`text` as a SQL string literal, for statements that take no parameters (views, ATTACH)."""
    return "'" + text.replace("'", "''") + "'"


def parquet_view(connection: duckdb.DuckDBPyConnection, name: str, path: Path | Sequence[Path]) -> None:
    """A view `name` over the Parquet file at `path` (or the rows of several files, one after the other),
    temporary: it never lands in a database file."""
    # Names come from our schema registry, never from input data; a view keeps its SQL, so the paths are literals.
    files = ", ".join(sql_literal(str(each)) for each in _paths(path))
    connection.execute(f'CREATE TEMP VIEW "{name}" AS SELECT * FROM read_parquet([{files}])')


def _paths(path: Path | Sequence[Path]) -> list[Path]:
    return [Path(path)] if isinstance(path, (str, Path)) else [Path(each) for each in path]


# A copy of the published file is updated, rather than a new one built, while it is at most this many
# times the size of the last file built new: replaced rows leave free space behind until a rebuild.
UPDATE_GROWTH_LIMIT = 1.5


def build_database(
    warehouse_dir: Path,
    tables: dict[str, Path],
    sql_files: list[Path],
    setup_statements: Sequence[str] = (),
    table_statements: Sequence[str] = (),
    verify: Callable[[duckdb.DuckDBPyConnection], None] = lambda connection: None,
    helper_tables: dict[str, Path | Sequence[Path]] | None = None,
    replace_by: Mapping[str, str] | None = None,
    fill: Callable[[duckdb.DuckDBPyConnection], None] = lambda connection: None,
    key_digests: KeyDigests | None = None,
) -> DatabaseBuild:
    """Publish `warehouse.duckdb` with one table per Parquet file and the views in `sql_files`.

    The tables are copies of the Parquet files, so the database is
    self-contained and answers the same from any working directory. Nothing
    is written when neither the tables nor the SQL changed since the last build
    and the published file still matches its stamp (`database_problem`).
    `setup_statements` (e.g. loading extensions) run first in the build's connection,
    `table_statements` (e.g. `COMMENT ON` the tables) once the tables exist.
    `helper_tables` are Parquet files the SQL reads (as temporary views, one per name over one or more files)
    but the database does not hold.
    `fill` runs after the statements, before the SQL files: it brings up to date what the tables feed
    (the search index), in a new file or in the copy being updated.
    `verify` gets the finished new database before it is swapped in; if it
    raises, the new file is dropped and the published one stays as it was.

    When the published file is intact and was built by the same DuckDB with the
    same SQL files (`_updatable`), the new file starts as its copy: a table whose
    Parquet file is unchanged is kept, a table named in `replace_by` (table ->
    a column, such as `doc_id`) has the rows of each value of that column whose
    rows changed replaced, in place (compared through `key_digests` when given), and any other table is copied again.
    The statements and SQL files run on it as on a new file. Replaced rows go
    to the end of their table: row order carries no meaning (use ORDER BY).
    """
    warehouse_dir = Path(warehouse_dir)
    target = warehouse_dir / DATABASE_NAME
    helper_tables = helper_tables or {}
    parts = {name: _table_digest(path) for name, path in sorted(tables.items())}
    parts |= {f"helper:{name}": ",".join(map(_table_digest, _paths(path))) for name, path in sorted(helper_tables.items())}
    parts |= {f"sql:{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in sql_files}
    parts["table_statements"] = hashlib.sha256("\n".join(table_statements).encode()).hexdigest()
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    stamp = _read_stamp(target)
    repaired = None
    if stamp is not None and stamp.get("fingerprint") == digest:
        repaired = database_problem(target)
        if repaired is None:
            drop_ahead(_build_ahead_name(target))
            return DatabaseBuild(target, digest, rebuilt=False, row_counts=stamp["row_counts"])

    layout = _layout_digest(sql_files)
    base = _updatable(target, stamp, layout) if repaired is None else None
    replace_by = replace_by or {}
    row_counts: dict[str, int] = {}
    ahead = _build_ahead_taken(target, base)
    with (ahead.file if ahead else atomic_path(target)) as temp:
        if base is not None and ahead is None:
            shutil.copyfile(target, temp)
        connection = ahead.connection if ahead else duckdb.connect(str(temp))
        try:
            for statement in setup_statements if ahead is None else ():
                connection.execute(statement)
            for name in sorted((base or {}).keys() - tables.keys()):
                connection.execute(f'DROP TABLE IF EXISTS "{name}"')
            for name, path in sorted(tables.items()):
                # Table names come from our own schema registry, never from input data.
                if base is None or name not in base:
                    connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet($path)', {"path": str(path)})
                elif base[name] != parts[name] and (ahead is None or ahead.updated.get(name) != parts[name]):
                    _update_published(connection, name, path, base[name], replace_by.get(name), key_digests)
                row_counts[name] = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name, path in sorted(helper_tables.items()):
                parquet_view(connection, name, path)
            for statement in table_statements:
                connection.execute(statement)
            fill(connection)
            for sql_file in sql_files:
                connection.execute(sql_file.read_text(encoding="utf-8"))
            connection.execute("CHECKPOINT")
            verify(connection)
        finally:
            connection.close()
            Path(f"{temp}.wal").unlink(missing_ok=True)
        # A write-ahead log left at the target path by some other writer would be
        # replayed into the new file; the warehouse is rebuilt from Parquet, so drop it.
        Path(f"{target}.wal").unlink(missing_ok=True)
    published = target.stat()
    _write_stamp(
        target,
        {
            "fingerprint": digest,
            "layout": layout,
            "tables": {name: parts[name] for name in tables},
            # The size of the last file built new: updated copies grow from it (see UPDATE_GROWTH_LIMIT).
            "new_size": stamp["new_size"] if base is not None else published.st_size,
            "row_counts": row_counts,
            "size": published.st_size,
            "mtime_ns": published.st_mtime_ns,
            "identity": list(file_identity(target)),
            "sha256": _file_sha256(target),
        },
    )
    return DatabaseBuild(target, digest, rebuilt=True, row_counts=row_counts, repaired=repaired, updated_copy=base is not None)


def _update_published(
    connection: duckdb.DuckDBPyConnection, name: str, path: Path, published: str, key: str | None, key_digests: KeyDigests | None
) -> None:
    """`update_table` for a table of a copy of the published file, whose rows were those of the Parquet
    digest `published`: the digests of the rows it holds and of the new ones from `key_digests`, when given."""
    held, new = (None, None)
    if key is not None and key_digests is not None:
        held, new = key_digests.kept(path).get(published), key_digests.of(path, key)
    update_table(connection, name, path, key, held, new)


@dataclass
class _BuildAhead:
    """A copy of the published file updated ahead of its build (`start_build_ahead`)."""

    file: atomic_path  # the copy: the build that takes it over renames it over the published file
    connection: duckdb.DuckDBPyConnection | None = None
    updated: dict[str, str] = field(default_factory=dict)  # table -> digest of the Parquet file it now holds

    def discard(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.file.__exit__(RuntimeError, None, None)  # removes the copy
        Path(f"{self.file.temp}.wal").unlink(missing_ok=True)


def start_build_ahead(
    warehouse_dir: Path,
    tables: dict[str, Path],
    sql_files: list[Path],
    setup_statements: Sequence[str] = (),
    replace_by: Mapping[str, str] | None = None,
    key_digests: KeyDigests | None = None,
) -> Future | None:
    """Begin the next `build_database` of `warehouse_dir` on a thread (`begin_ahead`; its future, None
    when nothing was begun): copy the published file and bring `tables`, whose Parquet files are final for this build,
    up to date in the copy, as `build_database` would. The build takes the copy over when the published
    file is still the one copied, skips the tables whose files are those the copy holds, and does the
    rest. Only while steps share this process and hand their tables on (`handing_on_tables`, which drops
    a copy no build took), and only when a copy of the published file can be updated (`_updatable`)."""
    if not _written.active:
        return None
    target = Path(warehouse_dir) / DATABASE_NAME
    base = _updatable(target, _read_stamp(target), _layout_digest(sql_files))
    if base is None:
        return None
    replace_by = replace_by or {}

    def update() -> _BuildAhead:
        ahead = _BuildAhead(atomic_path(target))
        try:
            shutil.copyfile(target, ahead.file.temp)
            ahead.connection = duckdb.connect(str(ahead.file.temp))
            for statement in setup_statements:
                ahead.connection.execute(statement)
            for name, path in sorted(tables.items()):
                digest = _table_digest(path)
                if base.get(name) in (None, digest):
                    continue  # a new table is created by the build; an unchanged one is kept
                _update_published(ahead.connection, name, path, base[name], replace_by.get(name), key_digests)
                ahead.updated[name] = digest
        except BaseException:
            ahead.discard()
            raise
        return ahead

    return begin_ahead(_build_ahead_name(target), _base_key(base), update, discard=_BuildAhead.discard)


def _build_ahead_taken(target: Path, base: dict[str, str] | None) -> _BuildAhead | None:
    """The build begun ahead for `target`, finished, when it started from the file `base` describes."""
    if base is None:
        drop_ahead(_build_ahead_name(target))
        return None
    begun = taken_ahead(_build_ahead_name(target), _base_key(base))
    if begun is None or begun.exception() is not None:  # one that failed: the build starts afresh, and meets the problem itself
        return None
    return begun.result()


def _build_ahead_name(target: Path) -> str:
    return f"build of {target}"


def _base_key(base: dict[str, str]) -> str:
    """The published file's tables and digests (`_updatable`), as the inputs of a build begun ahead."""
    return json.dumps(base, sort_keys=True)


def _layout_digest(sql_files: list[Path]) -> str:
    """What a published file must share with the next build for a copy of it to be updated: the DuckDB
    that wrote it and the names of the SQL files (a file gone leaves its views behind)."""
    return hashlib.sha256(json.dumps([duckdb.__version__, sorted(p.name for p in sql_files)]).encode()).hexdigest()


def _updatable(target: Path, stamp: dict | None, layout: str) -> dict[str, str] | None:
    """The published file's tables and the digests they were built from, when a copy of it can be
    updated: intact, of the same layout, not grown too far beyond the size of a file built new."""
    if stamp is None or stamp.get("layout") != layout or not isinstance(stamp.get("tables"), dict):
        return None
    size = stamp.get("size") or 0
    if size > UPDATE_GROWTH_LIMIT * (stamp.get("new_size") or 0) or database_problem(target) is not None:
        return None
    return stamp["tables"]


def update_table(
    connection: duckdb.DuckDBPyConnection,
    name: str,
    path: Path,
    key: str | None,
    held_digests: Path | None = None,
    new_digests: Path | None = None,
) -> bool:
    """Bring table `name` to the rows of the Parquet file at `path`: the rows of each value of `key`
    whose rows differ (in number, or in the sum of their row hashes) replaced; without a `key`, or when
    the columns differ, the table copied again (created when missing). True when it was updated by `key`.

    `held_digests` and `new_digests` are `KeyDigests` files of the rows the table holds and of the file's
    rows, when known: the rows are hashed only on the sides without one.
    The table's name resolves through the connection's search path, so a table of an attached catalog
    in `USE` is updated too (the DuckLake publish); the changed values go to a table in `temp`."""
    source = f"read_parquet({sql_literal(str(path))})"
    columns = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    if key is None or _names_and_types(columns) != _names_and_types(connection.execute(f'DESCRIBE "{name}"').fetchall()):
        connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM {source}')
        return False
    table = f'"{name}"'

    def digests(relation: str, stored: Path | None) -> str:
        if stored is not None:
            return f"read_parquet({sql_literal(str(stored))})"
        return f"({_key_digests_query(relation, key, [column[0] for column in columns])})"

    connection.execute(
        "CREATE OR REPLACE TEMP TABLE changed_values AS "
        f"SELECT coalesce(old.value, new.value) AS value FROM {digests(table, held_digests)} AS old "
        f"FULL JOIN {digests(source, new_digests)} AS new ON old.value IS NOT DISTINCT FROM new.value "
        "WHERE old.digest IS DISTINCT FROM new.digest OR old.rows IS DISTINCT FROM new.rows"
    )
    changed = f'EXISTS (SELECT 1 FROM temp.changed_values WHERE value IS NOT DISTINCT FROM "{key}")'
    connection.execute(f"DELETE FROM {table} WHERE {changed}")
    connection.execute(f"INSERT INTO {table} SELECT * FROM {source} WHERE {changed}")
    connection.execute("DROP TABLE temp.changed_values")
    return True


def _key_digests_query(relation: str, key: str, columns: Sequence[str]) -> str:
    """Per value of `key` in `relation`: its rows' count and the sum of their hashes (`KEY_DIGESTS`)."""
    row_hash = "hash(" + ", ".join(f'"{column}"' for column in columns) + ")"
    return f'SELECT "{key}" AS value, count(*) AS rows, sum({row_hash})::VARCHAR AS digest FROM {relation} GROUP BY ALL'


KEY_DIGESTS = pa.schema([pa.field("value", pa.string()), pa.field("rows", pa.int64()), pa.field("digest", pa.string())])
KEY_DIGESTS_FOLDER = "key_digests"


class KeyDigests:
    """Per value of a key column (such as each doc_id) of a Parquet table: its rows' count and summed row
    hashes, kept beside the tables by the rows' fingerprint (`<folder>/key_digests/<table>-<fingerprint>.parquet`).

    A publish updating a destination table by key (`update_table`) needs these for the rows the destination
    holds and for the new rows: kept, the held side is not hashed again, and the new side is hashed once for
    the file and the catalog both. Safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._table_locks: dict[Path, threading.Lock] = {}

    def of(self, path: Path, key: str) -> Path | None:
        """The digests of the table at `path` as it is now, computed once; None when it has no fingerprint."""
        path = Path(path)
        fingerprint = stored_metadata(path, FINGERPRINT_KEY)
        if fingerprint is None:
            return None
        with self._lock:
            lock = self._table_locks.setdefault(path, threading.Lock())
        with lock:
            if (kept := self.kept(path).get(fingerprint)) is not None:
                return kept
            relation = f"read_parquet({sql_literal(str(path))})"
            with duckdb.connect() as connection:
                if (written := _written.get(path)) is not None:  # handed on (`handing_on_tables`): hashed without decoding the file
                    connection.register("written", written)
                    relation = "written"
                columns = [column[0] for column in connection.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
                rows = connection.execute(_key_digests_query(relation, key, columns)).to_arrow_table()
            digests = self._path(path, fingerprint)
            write_table(digests, rows, KEY_DIGESTS, inputs=fingerprint)
            return digests

    def kept(self, path: Path) -> dict[str, Path]:
        """Row fingerprint -> its digests file, of those kept for the table at `path` and intact."""
        found = {}
        for digests in self._files(Path(path)):
            fingerprint = stored_metadata(digests, INPUTS_KEY)
            if fingerprint is not None and digests == self._path(Path(path), fingerprint) and check_table(digests, KEY_DIGESTS) is None:
                found[fingerprint] = digests
        return found

    def keep_only_current(self, path: Path) -> None:
        """Remove the digests files of the table at `path` but those of the rows it holds now."""
        current = stored_metadata(Path(path), FINGERPRINT_KEY)
        for digests in self._files(Path(path)):
            if current is None or digests != self._path(Path(path), current):
                digests.unlink(missing_ok=True)

    @staticmethod
    def _path(path: Path, fingerprint: str) -> Path:
        return path.parent / KEY_DIGESTS_FOLDER / f"{path.stem}-{fingerprint[:16]}.parquet"

    def _files(self, path: Path) -> list[Path]:
        return sorted((path.parent / KEY_DIGESTS_FOLDER).glob(f"{path.stem}-*.parquet"))


def _names_and_types(description: list[tuple]) -> list[tuple]:
    # Of `DESCRIBE`'s row per column, only these say whether rows fit: a DuckLake table reports a default of NULL, a file none.
    return [column[:2] for column in description]


def database_problem(database: Path) -> str | None:
    """What is wrong with the published database compared with its stamp, or None when it is as published."""
    database = Path(database)
    stamp = _read_stamp(database)
    if stamp is None:
        return "has no readable build stamp" if database.exists() else "is missing"
    try:
        info = database.stat()
    except FileNotFoundError:
        return "is missing"
    if (info.st_size, info.st_mtime_ns) != (stamp.get("size"), stamp.get("mtime_ns")):
        return "was changed after it was published (size or modification time differ from its stamp)"
    if list(file_identity(database)) == stamp.get("identity"):
        return None  # the very file published: any write since, or a file put in its place, changes its change time
    if _file_sha256(database) != stamp.get("sha256"):
        return "does not match the content it was published with (damaged or edited)"
    return None


def build_fingerprint(database: Path) -> str | None:
    """Fingerprint of the tables and SQL the database at `database` was last built from."""
    stamp = _read_stamp(Path(database))
    return stamp.get("fingerprint") if stamp else None


def _stamp_path(database: Path) -> Path:
    return database.with_name(f".{database.name}.build.json")


def _read_stamp(database: Path) -> dict | None:
    try:
        stamp = json.loads(_stamp_path(database).read_text())
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def _write_stamp(database: Path, stamp: dict) -> None:
    with atomic_path(_stamp_path(database)) as temp:
        temp.write_text(json.dumps(stamp, indent=2))


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _table_digest(path: Path) -> str:
    return stored_metadata(path, FINGERPRINT_KEY) or _file_sha256(path)

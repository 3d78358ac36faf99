"""Tabular exports (CSV, JSON Lines, Parquet): one article per row, read in batches.

Exports from news APIs and scrapers name their columns in many ways; a column
is recognised by the names in `COLUMN_NAMES` (case, spaces and hyphens
ignored: `pubDate`, `Publish Date` and `publish_date` are one name), and the
setting `EXPORT_COLUMNS` (`field=column,...`, e.g. `text=story_body,title=hed`)
names others. Only `text` is required.

Rows are numbered from 1 in the order they are stored: for CSV and Parquet
the record after the header, for JSON Lines the line (a blank line is no
row). Each row becomes a document of its own, or is rejected with its reason
while the others load: a CSV record with more or fewer fields than the header,
or that the csv module cannot parse (a quote opened and never closed eats the
rest of the file and is reported at its line); a JSON line that does not parse
or is not an object; a row whose text is blank or larger than the size limit.
A file that cannot be read at all (no text column, a damaged Parquet footer,
bytes that are not text) raises `ExportUnreadable` with the reason; raised
halfway, the rows read before it stand.

Nothing is read whole: CSV and JSON Lines stream line by line (the standard
library's csv and json parsers, so one bad row is rejected alone, which
pyarrow's block readers cannot do), Parquet in batches of `BATCH_ROWS` rows
of only the recognised columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.core.decoding import NotText, decode_bytes
from pipelines.core.structured import FIELDS, DocumentText, clean_fields, normalise_text

# Format of an export by its file name's suffix.
EXPORT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
TEXT = "text"
# Column names recognised per field, in order of preference when a file has several.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    TEXT: ("text", "body", "content", "article", "article_text", "full_text"),
    "title": ("title", "headline"),
    "published": ("published", "published_at", "publish_date", "pubdate", "publication_date", "date"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link"),
    "section": ("section", "category"),
    "outlet": ("outlet", "source", "publisher"),
    "language": ("language", "lang"),
}
BATCH_ROWS = 1024
# Enough of a CSV's start to tell its encoding.
ENCODING_SAMPLE_BYTES = 1 << 16
_SKIP_CHUNK = 1 << 20
_BOM = codecs.BOM_UTF8


class ExportUnreadable(ValueError):
    """The file cannot be read as an export (any more); the message says why, for `source_files.reason`."""


@dataclass(frozen=True)
class ExportRow:
    number: int  # 1-based: the record (CSV, Parquet) or line (JSON Lines)
    document: DocumentText | None
    rejected: str | None = None  # why the row is not a document


def export_format(path: str) -> str | None:
    """`csv`, `jsonl` or `parquet` for an export's file name, else None."""
    dot = path.rfind(".")
    return EXPORT_FORMATS.get(path[dot:].lower()) if dot >= 0 else None


def column_key(name: str) -> str:
    """A column name as compared: lower case, runs of spaces, hyphens and dots as one underscore."""
    return re.sub(r"[\s\-.]+", "_", name.strip()).lower()


def parse_column_setting(setting: str) -> dict[str, str]:
    """`EXPORT_COLUMNS` (`field=column,...`) as {field: column}; raises ValueError naming what is wrong."""
    mapping = {}
    for item in filter(None, (part.strip() for part in setting.split(","))):
        field, sep, column = (part.strip() for part in item.partition("="))
        if not sep or not column or field not in (TEXT, *FIELDS):
            raise ValueError(f"EXPORT_COLUMNS item {item!r}: expected field=column with a field among {(TEXT, *FIELDS)}")
        mapping[field] = column
    return mapping


def match_columns(names: Iterable[str], extra: Mapping[str, str] = {}) -> dict[str, str]:
    """{field: column as named in the file} for the columns recognised; `extra` ({field: column}) comes first."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(column_key(name), name)
    found = {}
    for field, aliases in COLUMN_NAMES.items():
        wanted = ([extra[field]] if field in extra else []) + list(aliases)
        column = next((by_key[column_key(alias)] for alias in wanted if column_key(alias) in by_key), None)
        if column is not None:
            found[field] = column
    return found


def read_export(
    binary: BinaryIO, format: str, *, max_text_bytes: int, columns: Mapping[str, str] = {}
) -> tuple[str, Iterator[ExportRow]]:
    """The export's text encoding and its rows, read lazily from the seekable `binary` (at its start).

    `columns` are the settings' extra names ({field: column}). Raises
    ExportUnreadable, at once or while the rows are read.
    """
    if format == "csv":
        encoding = _csv_encoding(binary)
        return encoding, _csv_rows(binary, encoding, max_text_bytes, columns)
    if format == "jsonl":
        return "utf-8", _json_lines(binary, max_text_bytes, columns)
    if format == "parquet":
        return "parquet", _parquet_rows(binary, max_text_bytes, columns)
    raise ValueError(f"not an export format: {format}")


def _row(number: int, values: Mapping[str, object], encoding: str, max_text_bytes: int) -> ExportRow:
    """One row's document, or why it is rejected."""
    text = values.get(TEXT)
    if text is None or not str(text).strip():
        return ExportRow(number, None, "empty text")
    text = normalise_text(str(text))
    size = len(text.encode("utf-8"))
    if size > max_text_bytes:
        return ExportRow(number, None, f"too large: text of {size} bytes over the {max_text_bytes}-byte limit")
    return ExportRow(number, DocumentText(text, encoding, 1.0, clean_fields(values)))


def _without_text_column(names: Iterable[str]) -> ExportUnreadable:
    return ExportUnreadable(
        f"no text column among {sorted(names)[:20]} (recognised: {', '.join(COLUMN_NAMES[TEXT])}; "
        "name another with EXPORT_COLUMNS=text=<column>)"
    )


def _csv_encoding(binary: BinaryIO) -> str:
    """What the decoder makes of the first lines (binary is refused there); UTF-8 whenever the start is valid UTF-8."""
    sample = binary.read(ENCODING_SAMPLE_BYTES)
    binary.seek(0)
    whole_lines = sample[: sample.rfind(b"\n") + 1] or sample
    try:
        judged = decode_bytes(whole_lines).encoding if whole_lines else "utf-8"
    except NotText as exc:
        raise ExportUnreadable(str(exc)) from None
    if sample.startswith(_BOM):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)  # a character cut at the end is fine
        return "utf-8"
    except UnicodeDecodeError:
        return judged


def _csv_rows(binary: BinaryIO, encoding: str, max_text_bytes: int, extra: Mapping[str, str]) -> Iterator[ExportRow]:
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    reader = csv.reader(text, strict=True)
    number = 0
    try:
        header = next(reader, None)
        if not header:
            raise ExportUnreadable("empty export: no header row")
        columns = match_columns(header, extra)
        if TEXT not in columns:
            raise _without_text_column(header)
        index = {field: header.index(column) for field, column in columns.items()}
        while True:
            line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                yield ExportRow(number, None, f"malformed CSV record starting at line {line}: {exc}")
                continue
            if not record:  # a blank line
                continue
            number += 1
            if len(record) != len(header):
                yield ExportRow(number, None, f"{len(record)} fields where the header has {len(header)} (line {line})")
                continue
            yield _row(number, {field: record[i] for field, i in index.items()}, encoding, max_text_bytes)
    except UnicodeDecodeError as exc:
        raise ExportUnreadable(f"not valid {encoding} text after row {number}: {exc.reason}") from None
    finally:
        text.detach()  # the caller owns the file


def _json_lines(binary: BinaryIO, max_text_bytes: int, extra: Mapping[str, str]) -> Iterator[ExportRow]:
    number = 0
    while line := binary.readline(max_text_bytes + 1):
        number += 1
        if len(line) > max_text_bytes and not line.endswith(b"\n"):
            while (rest := binary.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield ExportRow(number, None, f"too large: line over the {max_text_bytes}-byte limit")
            continue
        if number == 1:
            line = line.removeprefix(_BOM)
        if not line.strip():
            continue
        try:
            value = json.loads(line.strip())
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError too
            yield ExportRow(number, None, f"not valid JSON: {str(exc)[:200]}")
            continue
        if not isinstance(value, dict):
            yield ExportRow(number, None, f"not a JSON object but {type(value).__name__}")
            continue
        columns = match_columns(value, extra)
        if TEXT not in columns:
            yield ExportRow(number, None, str(_without_text_column(value)))
            continue
        yield _row(number, {field: value[column] for field, column in columns.items()}, "utf-8", max_text_bytes)


def _parquet_rows(binary: BinaryIO, max_text_bytes: int, extra: Mapping[str, str]) -> Iterator[ExportRow]:
    try:
        parquet = pq.ParquetFile(binary)
        names = parquet.schema_arrow.names
    except (pa.ArrowException, OSError, ValueError, OverflowError) as exc:  # damaged metadata
        raise ExportUnreadable(f"not a readable Parquet file: {exc}") from None
    columns = match_columns(names, extra)
    if TEXT not in columns:
        raise _without_text_column(names)
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=sorted(set(columns.values()))):
            for values in batch.to_pylist():
                number += 1
                yield _row(number, {field: values[column] for field, column in columns.items()}, "parquet", max_text_bytes)
    except (pa.ArrowException, OSError, ValueError, OverflowError) as exc:  # damaged strings, timestamps out of range
        raise ExportUnreadable(f"Parquet file damaged after row {number}: {exc}") from None

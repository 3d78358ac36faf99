"""Exports, one article per row: recognised columns, rows rejected alone with their reason, batches, fuzzing."""

import io
import json
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from input_formats import PARQUET_ARCHIVE, write_parquet_archive
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import FORMATS

from pipelines.core import exports
from pipelines.core.exports import (
    ExportUnreadable,
    column_key,
    export_format,
    match_columns,
    parse_column_setting,
    read_export,
)
from pipelines.core.structured import parse_published

LIMIT = 100_000


def rows_of(data: bytes, format: str, **options) -> list:
    encoding, rows = read_export(io.BytesIO(data), format, max_text_bytes=options.pop("limit", LIMIT), **options)
    return list(rows)


def outcome(rows) -> dict[int, str]:
    """{row number: 'loaded' or the reason it was rejected}."""
    return {row.number: row.rejected or "loaded" for row in rows}


@pytest.mark.parametrize(
    ("path", "format"),
    [("a.csv", "csv"), ("dir/A.CSV", "csv"), ("feed.jsonl", "jsonl"), ("feed.ndjson", "jsonl"),
     ("x.parquet", "parquet"), ("notes.txt", None), ("csv", None), ("page.html", None)],
)
def test_exports_are_told_by_their_suffix(path, format):
    assert export_format(path) == format


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(["Headline", "Body", "pubDate"], {"title": "Headline", "text": "Body", "published": "pubDate"}, id="case"),
        pytest.param(["title", "content", "Publish Date", "link"], {"title": "title", "text": "content", "published": "Publish Date", "url": "link"}, id="spaces"),
        pytest.param(["article", "byline", "category", "source", "lang"], {"text": "article", "author": "byline", "section": "category", "outlet": "source", "language": "lang"}, id="synonyms"),
        pytest.param(["date", "published", "text"], {"published": "published", "text": "text"}, id="preferred-name-wins"),
        pytest.param(["hed", "story"], {}, id="unknown-names"),
    ],
)
def test_columns_are_recognised_by_their_common_names(header, expected):
    assert match_columns(header) == expected


def test_the_setting_names_other_columns_and_wins_over_the_common_ones():
    extra = parse_column_setting("text = story_body, title=hed")
    assert extra == {"text": "story_body", "title": "hed"}
    assert match_columns(["Story Body", "hed", "headline"], extra) == {"text": "Story Body", "title": "hed"}


@pytest.mark.parametrize("setting", ["text", "body=story", "text=", "=x"])
def test_a_bad_setting_says_what_is_wrong(setting):
    with pytest.raises(ValueError, match="EXPORT_COLUMNS"):
        parse_column_setting(setting)


def test_column_keys_ignore_case_spaces_hyphens_and_dots():
    assert column_key(" Publish-Date ") == column_key("publish.date") == "publish_date"


def test_the_csv_fixture_loads_its_good_rows_and_rejects_each_bad_one_with_its_reason():
    rows = rows_of((FORMATS / "harbour_gazette_export.csv").read_bytes(), "csv")
    assert outcome(rows) == {
        1: "loaded",
        2: "9 fields where the header has 8 (line 9)",
        3: "malformed CSV record starting at line 10: ',' expected after '\"'",
        4: "empty text",
        5: "loaded",
    }
    first = rows[0].document
    assert first.fields["title"] == "Port Hallam strike over after nine days"
    assert first.fields["outlet"] == "Harbour Gazette" and first.fields["language"] == "en"
    assert "\n\n" in first.text and first.text.startswith("Dockers at Port Hallam")


def test_the_json_lines_fixture_rejects_a_cut_line_and_a_row_without_text():
    rows = rows_of((FORMATS / "freight_wire_feed.jsonl").read_bytes(), "jsonl")
    result = outcome(rows)
    assert [n for n, r in result.items() if r == "loaded"] == [1, 2]
    assert result[3].startswith("not valid JSON: Unterminated string")
    assert result[5].startswith("no text column among ['author', 'headline', 'lang', 'pubDate', 'publisher']")
    assert 4 not in result  # a blank line is no row
    assert rows[0].document.fields["author"] == "Ana Ruiz, Piet de Smet"  # a list of authors, joined
    assert rows[1].document.fields["language"] == "fr"


def test_the_parquet_fixture_rejects_its_row_without_text(tmp_path):
    path = write_parquet_archive(tmp_path / "archive.parquet")
    rows = rows_of(path.read_bytes(), "parquet")
    assert outcome(rows) == {1: "loaded", 2: "loaded", 3: "empty text"}
    assert rows[0].document.fields["published"] == "2024-03-09 18:30:00"
    assert "author" not in rows[1].document.fields  # NULL stays absent


@pytest.mark.parametrize(
    ("format", "data", "reason"),
    [
        pytest.param("csv", b"", "empty export: no header row", id="csv-empty"),
        pytest.param("csv", b"headline,summary\nA,B\n", "no text column among ['headline', 'summary']", id="csv-no-text-column"),
        pytest.param("csv", b"text\n\x00\x01\x02\x03" * 400, "binary file", id="csv-binary"),
        pytest.param("parquet", b"PAR1 this is not really parquet PAR1", "not a readable Parquet file", id="parquet-corrupt"),
        pytest.param("parquet", b"", "not a readable Parquet file", id="parquet-empty"),
    ],
)
def test_an_unreadable_export_says_why(format, data, reason):
    with pytest.raises(ExportUnreadable, match=reason.replace("[", r"\[").replace("]", r"\]")):
        rows_of(data, format)


def test_a_parquet_file_damaged_in_its_pages_keeps_the_rows_read_before(tmp_path):
    rows = [{"text": f"Article number {n} about the harbour.", "title": f"Story {n}"} for n in range(5000)]
    path = tmp_path / "big.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1000, compression="none")
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4000] = b"\xff" * 4000  # a damaged stretch in the middle row groups
    read = []
    with pytest.raises(ExportUnreadable, match="Parquet file damaged after row"):
        for row in read_export(io.BytesIO(bytes(data)), "parquet", max_text_bytes=LIMIT)[1]:
            read.append(row)
    assert 1000 <= len(read) < 5000 and all(row.document for row in read)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        pytest.param(b"[1, 2]", "not a JSON object but list", id="array"),
        pytest.param(b'"just a string"', "not a JSON object but str", id="string"),
        pytest.param(b'{"text": "  "}', "empty text", id="blank-text"),
        pytest.param(b'{"text": null, "title": "x"}', "empty text", id="null-text"),
        pytest.param(b'{"text": "caf\xe9"}', "not valid JSON", id="not-utf8"),
        pytest.param(b'{"text": "' + b"x" * 200 + b'"}', "too large: line over the 100-byte limit", id="too-large"),
        pytest.param(b"{" * 100_000, "not valid JSON", id="deep-nesting"),
    ],
)
def test_a_bad_json_line_is_rejected_alone(line, reason):
    good = b'{"text": "The harbour reopened.", "title": "Reopened"}'
    rows = rows_of(good + b"\n" + line + b"\n" + good + b"\n", "jsonl", limit=100 if "large" in reason else LIMIT)
    assert [row.rejected is None for row in rows] == [True, False, True]
    assert rows[1].rejected.startswith(reason)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param("title,text\nCafé,Le café du port ferme.\n".encode(), "utf-8", id="utf-8"),
        pytest.param("\ufefftitle,text\nCafé,Le café du port ferme.\n".encode(), "utf-8-sig", id="utf-8-bom"),
        pytest.param("title,text\nCafé,Le café du port ferme à midi.\n".encode("cp1252"), "cp1252", id="cp1252"),
    ],
)
def test_csv_text_is_decoded(data, encoding):
    found, rows = read_export(io.BytesIO(data), "csv", max_text_bytes=LIMIT)
    [row] = list(rows)
    assert found == encoding
    assert row.document.fields["title"] == "Café" and "café" in row.document.text


def test_a_quote_never_closed_is_reported_where_it_opens_and_the_rows_before_stand():
    data = b'text,title\n"First story.",One\n"Second story, never closed,Two\nThird story.,Three\n'
    assert outcome(rows_of(data, "csv")) == {1: "loaded", 2: "malformed CSV record starting at line 3: unexpected end of data"}


def test_a_text_over_the_limit_rejects_its_row():
    data = b"text\n" + b"word " * 50 + b"\nshort one\n"
    assert outcome(rows_of(data, "csv", limit=100)) == {1: "too large: text of 250 bytes over the 100-byte limit", 2: "loaded"}


def test_rows_are_read_in_batches_not_all_at_once(tmp_path, monkeypatch):
    """A large export yields its first rows before the rest is read (Parquet reads BATCH_ROWS at a time)."""
    monkeypatch.setattr(exports, "BATCH_ROWS", 10)
    path = tmp_path / "many.parquet"
    pq.write_table(pa.Table.from_pylist([{"text": f"row {n}"} for n in range(1000)]), path, row_group_size=100)
    batches = []
    original = pq.ParquetFile.iter_batches

    def counting(self, *args, **kwargs):
        for batch in original(self, *args, **kwargs):
            batches.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counting)
    rows = read_export(path.open("rb"), "parquet", max_text_bytes=LIMIT)[1]
    assert next(rows).number == 1 and batches == [10]
    assert sum(1 for _ in rows) == 999 and max(batches) == 10


@pytest.mark.parametrize(
    ("written", "parsed"),
    [
        ("2024-03-14T11:05:00Z", datetime(2024, 3, 14, 11, 5)),
        ("2024-03-14T16:20:00+01:00", datetime(2024, 3, 14, 16, 20)),
        ("Wed, 13 Mar 2024 07:45:00 +0100", datetime(2024, 3, 13, 7, 45)),
        ("2024-03-09 18:30:00", datetime(2024, 3, 9, 18, 30)),
        ("14 March 2024", datetime(2024, 3, 14)),
        ("March 2024", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_published_values_are_parsed_as_written(written, parsed):
    assert parse_published(written) == parsed


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_csv_parser_never_raises_anything_but_unreadable(data):
    try:
        for row in rows_of(b"title,text\n" + data, "csv", limit=500):
            assert (row.document is None) != (row.rejected is None)
    except ExportUnreadable:
        pass


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=200), st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text(max_size=50), st.integers(), st.lists(st.text(max_size=5))), max_size=5).map(lambda d: json.dumps(d).encode())), max_size=20))
def test_json_lines_parser_accounts_for_every_line(lines):
    rows = rows_of(b"\n".join(line.replace(b"\n", b" ") for line in lines), "jsonl", limit=300)
    assert all((row.document is None) != (row.rejected is None) for row in rows)
    assert len({row.number for row in rows}) == len(rows)


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=0, max_size=400), st.integers(min_value=0, max_value=2000))
def test_parquet_parser_never_raises_anything_but_unreadable(noise, at):
    data = bytearray(write_parquet_archive(io.BytesIO(), PARQUET_ARCHIVE).getvalue())
    data[at : at + len(noise)] = noise
    try:
        for row in rows_of(bytes(data), "parquet"):
            assert (row.document is None) != (row.rejected is None)
    except ExportUnreadable:
        pass

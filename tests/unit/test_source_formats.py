"""The scan over exports and saved pages: every file and every row accounted for, incrementally."""

import os
import shutil

import pytest

from pipelines.core.sources import document_id, scan_folder
from pipelines.core.structured import DocumentText

CSV = b"title,text,source\nHarbour reopens,The harbour reopened on Monday after repairs.,Harbour Gazette\n"


def by_path(result):
    return {row.source_path: row for row in result.files}


def statuses(result) -> dict[str, str]:
    return {row.source_path: row.status if row.status != "rejected" else f"rejected: {row.reason}" for row in result.files}


def test_every_file_and_every_row_of_the_mixed_folder_is_accounted_for(formats_folder):
    result = scan_folder(formats_folder, max_file_bytes=100_000)
    assert statuses(result) == {
        "article_fr.txt": "loaded",
        "article_ru.txt": "loaded",
        "freight_wire_feed.jsonl": "loaded",
        "freight_wire_feed.jsonl#1": "loaded",
        "freight_wire_feed.jsonl#2": "loaded",
        "freight_wire_feed.jsonl#3": "rejected: not valid JSON: Unterminated string starting at: line 1 column 66 (char 65)",
        "freight_wire_feed.jsonl#5": "rejected: no text column among ['author', 'headline', 'lang', 'pubDate', 'publisher'] "
        "(recognised: text, body, content, article, article_text, full_text; name another with EXPORT_COLUMNS=text=<column>)",
        "harbour_gazette_export.csv": "loaded",
        "harbour_gazette_export.csv#1": "loaded",
        "harbour_gazette_export.csv#2": "rejected: 9 fields where the header has 8 (line 9)",
        "harbour_gazette_export.csv#3": "rejected: malformed CSV record starting at line 10: ',' expected after '\"'",
        "harbour_gazette_export.csv#4": "rejected: empty text",
        "harbour_gazette_export.csv#5": "loaded",
        "message_original.eml": "loaded",
        "message_reply.eml": "loaded",
        "plain_council_budget.txt": "loaded",
        "plain_harbour.txt": "loaded",
        "valley_courier_gallery.html": "rejected: no main text found in the HTML page (only navigation, links or other boilerplate)",
        "valley_courier_port_strike.html": "loaded",
        "wexmoor_post_archive.parquet": "loaded",
        "wexmoor_post_archive.parquet#1": "loaded",
        "wexmoor_post_archive.parquet#2": "loaded",
        "wexmoor_post_archive.parquet#3": "rejected: empty text",
        "wire_dateline.txt": "loaded",
        "wire_dock_strike.txt": "loaded",
    }
    rows = by_path(result)
    assert rows["harbour_gazette_export.csv"].doc_id is None  # the file's rows hold the documents
    assert rows["harbour_gazette_export.csv"].format == "csv" and rows["harbour_gazette_export.csv#5"].row_number == 5
    assert rows["valley_courier_port_strike.html"].format == "html" and rows["wire_dock_strike.txt"].format == "text"
    row_text = result.texts[rows["harbour_gazette_export.csv#1"].doc_id]
    assert row_text.fields["outlet"] == "Harbour Gazette"
    assert rows["harbour_gazette_export.csv#1"].content_sha256 is not None
    assert len(result.texts) == 15  # 8 text files and messages, 1 page, 2 rows of each export


def test_the_same_text_in_two_rows_or_a_row_and_a_file_is_a_duplicate(tmp_path):
    (tmp_path / "a.csv").write_bytes(CSV + b"Again,The harbour reopened on Monday after repairs.,Valley Courier\n")
    (tmp_path / "b.txt").write_text("The harbour reopened on Monday after repairs.\n")
    rows = by_path(scan_folder(tmp_path))
    assert rows["a.csv#1"].status == "loaded"
    assert rows["a.csv#2"].status == "duplicate" and rows["a.csv#2"].reason == "same text as a.csv#1"
    assert rows["b.txt"].status == "duplicate"


def test_an_unchanged_export_is_not_read_again(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_bytes(CSV)
    first = scan_folder(tmp_path)
    monkeypatch.setattr("pipelines.core.sources.read_export", lambda *a, **k: pytest.fail("read again"))
    again = scan_folder(tmp_path, previous=first.files, stored_texts=list(first.texts))
    assert again.files == first.files and again.texts == {}


@pytest.mark.parametrize("reason", ["code-or-columns-changed", "touched-only"])
def test_an_export_is_read_again_when_its_reader_changed_or_it_was_touched(tmp_path, reason):
    (tmp_path / "a.csv").write_bytes(CSV)
    first = scan_folder(tmp_path)
    if reason == "touched-only":
        os.utime(tmp_path / "a.csv", ns=(1, 1))
    again = scan_folder(tmp_path, previous=first.files, stored_texts=list(first.texts), trust_exports=reason == "touched-only")
    assert statuses(again) == statuses(first)
    assert by_path(again)["a.csv"].modified_ns == (1 if reason == "touched-only" else by_path(first)["a.csv"].modified_ns)


def test_the_column_setting_names_a_column_the_export_calls_otherwise(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"hed,story_body\nHarbour reopens,The harbour reopened.\n")
    assert by_path(scan_folder(tmp_path))["a.csv"].reason.startswith("no text column among ['hed', 'story_body']")
    result = scan_folder(tmp_path, export_columns={"text": "story_body", "title": "hed"})
    row = by_path(result)["a.csv#1"]
    assert row.status == "loaded"
    assert result.texts[row.doc_id] == DocumentText("The harbour reopened.", "utf-8", 1.0, {"title": "Harbour reopens"})


def test_rows_gone_from_an_edited_export_are_missing_and_keep_their_documents(tmp_path):
    (tmp_path / "a.csv").write_bytes(CSV + b"Second,Ferries run again on the northern route.,Harbour Gazette\n")
    first = scan_folder(tmp_path)
    (tmp_path / "a.csv").write_bytes(CSV)
    again = by_path(scan_folder(tmp_path, previous=first.files, stored_texts=list(first.texts)))
    assert again["a.csv#1"].status == "loaded"
    assert again["a.csv#2"].status == "missing" and again["a.csv#2"].reason == "no longer in its file"
    assert again["a.csv#2"].doc_id == document_id("Ferries run again on the northern route.")


def test_a_deleted_export_leaves_all_its_rows_missing(tmp_path):
    (tmp_path / "a.csv").write_bytes(CSV)
    first = scan_folder(tmp_path)
    (tmp_path / "a.csv").unlink()
    (tmp_path / "keep.txt").write_text("Something else entirely.\n")
    again = statuses(scan_folder(tmp_path, previous=first.files, stored_texts=list(first.texts)))
    assert again == {"a.csv": "missing", "a.csv#1": "missing", "keep.txt": "loaded"}


def test_a_corrupt_parquet_file_is_rejected_and_the_others_load(tmp_path, formats_folder):
    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copy(formats_folder / "wexmoor_post_archive.parquet", folder / "good.parquet")
    data = (folder / "good.parquet").read_bytes()
    (folder / "truncated.parquet").write_bytes(data[: len(data) // 2])
    rows = statuses(scan_folder(folder))
    assert rows["truncated.parquet"].startswith("rejected: not a readable Parquet file")
    assert rows["good.parquet#1"] == "loaded"
    assert not any(path.startswith("truncated.parquet#") for path in rows)


def test_the_size_limit_applies_to_each_row_not_to_the_export(tmp_path):
    (tmp_path / "big.jsonl").write_text("\n".join(f'{{"text": "Row {n} says the harbour is open again."}}' for n in range(200)))
    (tmp_path / "long.jsonl").write_text('{"text": "' + "word " * 100 + '"}\n{"text": "short"}\n')
    rows = statuses(scan_folder(tmp_path, max_file_bytes=300))
    assert os.path.getsize(tmp_path / "big.jsonl") > 300 and rows["big.jsonl#200"] == "loaded"
    assert rows["long.jsonl#1"] == "rejected: too large: line over the 300-byte limit" and rows["long.jsonl#2"] == "loaded"

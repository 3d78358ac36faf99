"""Scanning the input folder: every file accounted for, incrementally and without surprises."""

import os
from pathlib import Path

import pytest

from pipelines.core import sources
from pipelines.core.sources import document_id, scan_folder

ARTICLE = "A headline\nBy Jane Doe\n\nThe body of the article says something.\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def by_path(result):
    return {row.source_path: row for row in result.files}


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        pytest.param("empty.txt", b"", "empty file", id="empty"),
        pytest.param("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "binary file (contains NUL bytes)", id="binary"),
        pytest.param("huge.txt", "word " * 400, "too large: 2000 bytes over the 1000-byte limit", id="too-large"),
    ],
)
def test_bad_files_are_rejected_with_their_reason(tmp_path, name, data, reason):
    write(tmp_path, "good.txt", ARTICLE)
    write(tmp_path, name, data)
    rows = by_path(scan_folder(tmp_path, max_file_bytes=1000))
    assert rows["good.txt"].status == "loaded"
    assert rows[name].status == "rejected"
    assert rows[name].reason == reason
    assert rows[name].doc_id is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("crlf.txt", ARTICLE.replace("\n", "\r\n"), id="crlf"),
        pytest.param("bom.txt", "\ufeff" + ARTICLE, id="bom"),
        pytest.param("legacy.txt", ARTICLE.encode("cp1252"), id="cp1252"),
        pytest.param("nested/deeper/copy.txt", ARTICLE, id="nested-copy"),
    ],
)
def test_the_same_article_under_another_name_or_form_is_a_duplicate(tmp_path, name, data):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, name, data)
    rows = by_path(scan_folder(tmp_path))
    assert rows["a.txt"].status == "loaded"
    assert rows[name].status == "duplicate"
    assert rows[name].reason == "same text as a.txt"
    assert rows[name].doc_id == rows["a.txt"].doc_id == document_id(ARTICLE)


def test_non_utf8_text_is_decoded_not_rejected(tmp_path):
    text = "Café crème for the “résumé” – déjà vu.\n"
    write(tmp_path, "latin.txt", text.encode("cp1252"))
    result = scan_folder(tmp_path)
    row = result.files[0]
    assert (row.status, row.encoding) == ("loaded", "cp1252")
    assert result.texts[row.doc_id].text == text


def test_symlink_outside_the_folder_is_rejected_not_followed(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "out"
    secret = write(outside, "secret.txt", "outside text that must not be read\n")
    inside.mkdir()
    os.symlink(secret, inside / "link.txt")
    os.symlink(outside, inside / "linked-folder")
    result = scan_folder(inside)
    rows = by_path(result)
    assert rows["link.txt"].status == "rejected"
    assert "outside the input folder" in rows["link.txt"].reason
    assert rows["linked-folder"].status == "rejected"
    assert not result.texts


def test_symlink_inside_the_folder_is_a_duplicate_of_its_target(tmp_path):
    target = write(tmp_path, "a.txt", ARTICLE)
    os.symlink(target, tmp_path / "b.txt")
    rows = by_path(scan_folder(tmp_path))
    assert (rows["a.txt"].status, rows["b.txt"].status) == ("loaded", "duplicate")


def test_a_file_gone_since_the_last_run_is_missing_and_keeps_its_document(tmp_path):
    doomed = write(tmp_path, "a.txt", ARTICLE)
    first = scan_folder(tmp_path)
    doomed.unlink()
    second = scan_folder(tmp_path, previous=first.files, stored_texts=first.texts)
    row = by_path(second)["a.txt"]
    assert (row.status, row.reason) == ("missing", "no longer in the input folder")
    assert row.doc_id in second.referenced_doc_ids()


def test_a_file_deleted_while_the_run_reads_it_is_explained(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", "Another article entirely.\n")
    real_walk = sources._walk

    def walk_then_delete(root):
        for path in real_walk(root):
            if path.name == "b.txt":
                path.unlink()  # listed, then gone before it is read
            yield path

    monkeypatch.setattr(sources, "_walk", walk_then_delete)
    rows = by_path(scan_folder(tmp_path))
    assert rows["a.txt"].status == "loaded"
    assert (rows["b.txt"].status, rows["b.txt"].reason) == ("rejected", "deleted while the run was reading it")


def test_a_changed_file_gets_a_new_document_and_the_old_text_is_dropped(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    first = scan_folder(tmp_path)
    path.write_text(ARTICLE + "A correction was appended.\n")
    second = scan_folder(tmp_path, previous=first.files, stored_texts=first.texts)
    assert second.files[0].doc_id != first.files[0].doc_id
    assert set(second.texts) == second.referenced_doc_ids() == {second.files[0].doc_id}


def test_rescanning_an_unchanged_folder_gives_identical_rows_without_decoding(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", ARTICLE)
    write(tmp_path, "empty.txt", b"")
    first = scan_folder(tmp_path)
    monkeypatch.setattr(sources, "decode_bytes", lambda raw: pytest.fail("unchanged file decoded again"))
    second = scan_folder(tmp_path, previous=first.files, stored_texts=first.texts)
    assert (second.files, second.texts) == (first.files, {})  # texts already stored are not returned again


def test_the_file_that_held_a_document_keeps_it_when_a_copy_appears(tmp_path):
    write(tmp_path, "m.txt", ARTICLE)
    first = scan_folder(tmp_path)
    write(tmp_path, "a.txt", ARTICLE)  # sorts first, but arrived later
    rows = by_path(scan_folder(tmp_path, previous=first.files, stored_texts=first.texts))
    assert (rows["m.txt"].status, rows["a.txt"].status) == ("loaded", "duplicate")


def test_fifo_is_rejected_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    assert by_path(scan_folder(tmp_path))["pipe"].reason == "not a regular file"


def test_a_file_with_unchanged_size_and_time_is_not_read_again(tmp_path, monkeypatch):
    path = write(tmp_path, "a.txt", ARTICLE)
    first = scan_folder(tmp_path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read again"))
    second = scan_folder(tmp_path, previous=first.files, stored_texts=first.texts)
    assert by_path(second)["a.txt"] == by_path(first)["a.txt"]
    assert second.texts == {}  # its text is already stored


@pytest.mark.parametrize("touch", [True, False], ids=["new-mtime", "same-mtime"])
def test_an_edit_is_seen_when_the_modification_time_moves(tmp_path, touch):
    path = write(tmp_path, "a.txt", ARTICLE)
    first = scan_folder(tmp_path)
    before = path.stat().st_mtime_ns
    path.write_text(ARTICLE.replace("says", "said"))  # same size
    os.utime(path, ns=(before, before + 1_000_000_000 if touch else before))
    row = by_path(scan_folder(tmp_path, previous=first.files, stored_texts=first.texts))["a.txt"]
    # An edit that keeps both size and time is invisible, as it is to make and rsync.
    assert (row.doc_id != by_path(first)["a.txt"].doc_id) is touch

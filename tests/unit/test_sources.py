"""Scanning the input folder: every file accounted for, incrementally and without surprises."""

import os
import sys
import threading
from pathlib import Path

import pytest

from pipelines.core import sources
from pipelines.core.sources import document_id, scan_folder

ARTICLE = "A headline\nBy Jane Doe\n\nThe body of the article says something.\n"
# Issue 16, failure 5: on main a cp1252 copy of this came back as cp852 ("Russiaĺs") and was loaded as a new document.
QUOTED = "Dockers block the quay\n\nDockers blocked Gdansk’s quay – organisers said “at least 1,500” took part.\n"


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
        pytest.param("quotes.txt", QUOTED.encode("cp1252"), id="cp1252-curly-quotes"),
        pytest.param("wide.txt", QUOTED.encode("utf-16-le"), id="utf-16-le-without-bom"),
        pytest.param("nested/deeper/copy.txt", ARTICLE, id="nested-copy"),
    ],
)
def test_the_same_article_under_another_name_or_form_is_a_duplicate(tmp_path, name, data):
    original = QUOTED if name in ("quotes.txt", "wide.txt") else ARTICLE
    write(tmp_path, "a.txt", original)
    write(tmp_path, name, data)
    rows = by_path(scan_folder(tmp_path))
    assert rows["a.txt"].status == "loaded"
    assert rows[name].status == "duplicate"
    assert rows[name].reason == "same text as a.txt"
    assert rows[name].doc_id == rows["a.txt"].doc_id == document_id(original)


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
    real_walk = sources.walk_entries

    def walk_then_delete(root, on_error):
        for entry in real_walk(root, on_error):
            if entry.source_path == "b.txt":
                os.unlink(entry.path)  # listed, then gone before it is read
            yield entry

    monkeypatch.setattr(sources, "walk_entries", walk_then_delete)
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


def test_rescanning_an_unchanged_folder_gives_identical_rows_without_opening_a_file(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", ARTICLE)
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "wire/c.txt", "Harbour cranes idle after the storm.\n")
    first = scan_folder(tmp_path)
    monkeypatch.setattr(sources, "_open_inside", lambda root_fd, parts: pytest.fail(f"unchanged {parts} opened again"))
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
    write(tmp_path, "a.txt", ARTICLE)
    first = scan_folder(tmp_path)
    monkeypatch.setattr(sources, "_read_at_most", lambda fd, limit: pytest.fail("an unchanged file was read again"))
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


# Issue 16, failure 4: a file rejected after it was loaded kept nothing (11 -> 2 documents).
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(lambda path: None, "too large", id="size-limit-lowered"),
        pytest.param(lambda path: path.write_text("word " * 400), "too large", id="file-grew"),
        pytest.param(lambda path: path.write_bytes(b""), "empty file", id="emptied"),
        pytest.param(lambda path: path.write_bytes(b"\x89PNG\x00\x00"), "binary file", id="turned-binary"),
    ],
)
def test_a_file_rejected_after_loading_keeps_its_document_like_a_deleted_file(tmp_path, change, reason):
    path = write(tmp_path, "a.txt", ARTICLE)
    first = scan_folder(tmp_path)
    change(path)
    second = scan_folder(tmp_path, max_file_bytes=50, previous=first.files, stored_texts=first.texts)
    row = by_path(second)["a.txt"]
    assert row.status == "rejected" and row.reason.startswith(reason)
    assert row.reason.endswith("its document from the earlier version is kept")
    assert row.doc_id == first.files[0].doc_id
    assert second.referenced_doc_ids() == {row.doc_id}
    third = scan_folder(tmp_path, max_file_bytes=50, previous=second.files, stored_texts=first.texts)
    assert by_path(third)["a.txt"].doc_id == row.doc_id  # and on every later run


def test_raising_the_limit_again_loads_the_file_again(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    small = scan_folder(tmp_path, max_file_bytes=10)
    again = scan_folder(tmp_path, previous=small.files)
    assert by_path(again)["a.txt"].status == "loaded" and again.texts


# Issue 16, failure 6: a misspelt SEEDS_DIR marked every file missing and exited 0.
def test_a_missing_input_folder_is_an_error_not_an_empty_scan(tmp_path):
    with pytest.raises(sources.InputFolderMissing, match="does not exist"):
        scan_folder(tmp_path / "seeeds")
    write(tmp_path, "file.txt", ARTICLE)
    with pytest.raises(sources.InputFolderMissing):
        scan_folder(tmp_path / "file.txt")


# Issue 16, failure 10: one odd file stopped the whole build.
def test_a_symlink_loop_is_rejected_and_the_scan_goes_on(tmp_path):
    write(tmp_path, "good.txt", ARTICLE)
    os.symlink("loop-b", tmp_path / "loop-a")
    os.symlink("loop-a", tmp_path / "loop-b")
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    rows = by_path(scan_folder(tmp_path))
    assert rows["good.txt"].status == "loaded"
    assert rows["loop-a"].status == rows["loop-b"].status == "rejected"
    assert rows["loop-a"].reason.startswith("symlink loop")
    assert rows["dangling.txt"].reason == "broken symlink: its target does not exist"


def test_a_file_name_that_is_not_utf8_is_rejected_under_an_escaped_name(tmp_path):
    write(tmp_path, "good.txt", ARTICLE)
    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as latin1_name:
        latin1_name.write(b"Some article.\n")
    result = scan_folder(tmp_path)
    rows = by_path(result)
    assert rows["good.txt"].status == "loaded"
    assert rows["caf\\xe9.txt"].status == "rejected"
    assert "not valid UTF-8" in rows["caf\\xe9.txt"].reason
    for row in result.files:
        row.source_path.encode("utf-8")  # storable as Parquet text


def test_an_unexpected_error_on_one_file_rejects_that_file_only(tmp_path, monkeypatch):
    write(tmp_path, "good.txt", ARTICLE)
    write(tmp_path, "odd.txt", "An article the decoder chokes on.\n")
    real_decode = sources.decode_bytes

    def choke(raw):
        if raw.startswith(b"An article the decoder"):
            raise RuntimeError("decoder bug")
        return real_decode(raw)

    monkeypatch.setattr(sources, "decode_bytes", choke)
    rows = by_path(scan_folder(tmp_path))
    assert rows["good.txt"].status == "loaded"
    assert (rows["odd.txt"].status, rows["odd.txt"].reason) == ("rejected", "could not be scanned: RuntimeError('decoder bug')")


def test_a_file_an_older_decoder_rejected_is_judged_again(tmp_path):
    path = write(tmp_path, "wide.txt", QUOTED.encode("utf-16-le"))
    earlier = sources.SourceFile("wide.txt", path.stat().st_size, "0" * 64, None, "rejected",
                                 "binary file (contains NUL bytes)", None, path.stat().st_mtime_ns)
    assert by_path(scan_folder(tmp_path, previous=[earlier]))["wide.txt"] == earlier  # same bytes, same verdict
    row = by_path(scan_folder(tmp_path, previous=[earlier], trust_rejections=False))["wide.txt"]
    assert (row.status, row.encoding) == ("loaded", "utf-16-le")


def test_every_decode_records_its_encoding_and_confidence(tmp_path):
    write(tmp_path, "utf8.txt", ARTICLE)
    write(tmp_path, "legacy.txt", QUOTED.encode("cp1252"))
    rows = by_path(scan_folder(tmp_path))
    assert (rows["utf8.txt"].encoding, rows["utf8.txt"].encoding_confidence) == ("utf-8", 1.0)
    assert rows["legacy.txt"].encoding == "cp1252" and 0.9 < rows["legacy.txt"].encoding_confidence <= 1.0


# Issue 16, failure 12: `_classify` checked is_symlink() and then read by path; swapping the
# file for a link in between loaded a file from outside the folder.
def test_a_file_swapped_for_a_symlink_after_the_check_is_not_followed(tmp_path, monkeypatch):
    inside, outside = tmp_path / "in", tmp_path / "out"
    secret = write(outside, "secret.txt", "outside text that must not be read\n")
    victim = write(inside, "a.txt", ARTICLE)
    real_lstat = os.lstat

    def lstat_then_swap(path, *args, **kwargs):
        result = real_lstat(path, *args, **kwargs)
        if Path(path) == victim and not os.path.islink(victim):
            victim.unlink()
            os.symlink(secret, victim)  # the attacker wins the race, every time
        return result

    monkeypatch.setattr(os, "lstat", lstat_then_swap)
    result = scan_folder(inside)
    monkeypatch.undo()
    assert by_path(result)["a.txt"].status == "rejected"
    assert all("outside" not in decoded.text for decoded in result.texts.values())


def test_racing_symlink_swaps_never_pull_in_a_file_from_outside(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "out"
    secret = write(outside, "secret.txt", "outside text that must not be read\n")
    target = write(inside, "a.txt", ARTICLE)
    regular, link = inside / ".regular", inside / ".link"
    stop = threading.Event()

    def flip():
        while not stop.is_set():
            regular.write_text(ARTICLE)
            os.replace(regular, target)
            os.symlink(secret, link)
            os.replace(link, target)

    flipper = threading.Thread(target=flip)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so the swap lands between check and read
    flipper.start()
    try:
        leaked = sum(
            any("outside" in decoded.text for decoded in scan_folder(inside).texts.values()) for _ in range(3000)
        )
    finally:
        stop.set()
        flipper.join()
        sys.setswitchinterval(switch_interval)
    assert leaked == 0

"""The input folder's cheap listing: which files changed, by path, size and times, without reading them."""

import os
import time
from pathlib import Path

import pytest

from pipelines.core.folder import folder_fingerprint, folder_listing, folder_listing_and_fingerprint, source_path, source_paths, walk_entries


@pytest.mark.parametrize(
    ("change", "differences"),
    [
        (lambda folder: None, 0),
        (lambda folder: (folder / "c.txt").write_text("a third story"), 1),
        (lambda folder: (folder / "a.txt").unlink(), 1),
        (lambda folder: os.utime(folder / "a.txt", ns=(1, 1)), 2),  # an edit: the old entry out, the new one in
        (lambda folder: (folder / "a.txt").rename(folder / "sub" / "a.txt"), 2),
        # A new mode changes only the change time, which the kernel keeps to a clock tick of a few ms.
        (lambda folder: time.sleep(0.05) or os.chmod(folder / "a.txt", 0o600), 2),
    ],
)
def test_two_listings_differ_by_the_files_changed(tmp_path, change, differences):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("harbour strike enters its third week")
    (tmp_path / "sub" / "b.txt").write_text("ferry crossings resume")
    before, fingerprint = folder_listing(str(tmp_path)), folder_fingerprint(str(tmp_path))[0]
    change(tmp_path)
    after = folder_listing(str(tmp_path))
    assert len(before ^ after) == differences
    assert (folder_fingerprint(str(tmp_path))[0] == fingerprint) is (differences == 0)
    assert folder_listing_and_fingerprint(str(tmp_path)) == (after, folder_fingerprint(str(tmp_path)))


def test_each_entry_is_named_as_source_path_names_its_path(tmp_path):
    (tmp_path / "wire" / "2024").mkdir(parents=True)
    (tmp_path / "wire" / "2024" / "strike.txt").write_text("dockers walk out")
    (tmp_path / "b.txt").write_text("ferry crossings resume")
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_text("a Latin-1 name")
    (tmp_path / "linked").symlink_to(tmp_path / "wire", target_is_directory=True)  # listed, not entered
    entries = list(walk_entries(tmp_path))
    expected = [source_path(tmp_path, Path(entry.path)) for entry in entries]
    assert [entry.source_path for entry in entries] == list(source_paths(tmp_path)) == expected
    assert sorted(expected) == ["b.txt", "caf\\xe9.txt", "linked", "wire/2024/strike.txt"]

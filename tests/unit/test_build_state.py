"""The last build's state and files: how many files changed since, and who lists the folder."""

import json

import pytest

from pipelines.core import build_state
from pipelines.core.batches import SHARED_FROM
from pipelines.core.build_state import BUILD_STATE_FILE, SMALL_RUN_FILES
from pipelines.core.folder import folder_fingerprint, folder_listing
from pipelines.core.store import DATABASE_NAME


@pytest.fixture
def folders(tmp_path):
    seeds, warehouse = tmp_path / "seeds", tmp_path / "warehouse"
    seeds.mkdir()
    warehouse.mkdir()
    for number in range(3):
        (seeds / f"note_{number}.txt").write_text(f"The ferry sailed {number} times.", encoding="utf-8")
    return seeds, warehouse


def test_files_changed_since_the_last_build_count_additions_and_edits_of_the_same_state(folders):
    seeds, warehouse = folders
    build_state.record_build_state(warehouse, "state-a", build_state.input_files(seeds))
    assert build_state.files_changed_since_last_build(warehouse, build_state.input_files(seeds), "state-a") == 0
    (seeds / "note_3.txt").write_text("A new note.", encoding="utf-8")
    (seeds / "note_0.txt").write_text("An edited note, longer than before.", encoding="utf-8")
    files = build_state.input_files(seeds)
    # An edit counts twice: out with the old listing entry, in with the new.
    assert build_state.files_changed_since_last_build(warehouse, files, "state-a") == 3
    assert build_state.files_changed_since_last_build(warehouse, files, "state-b") is None  # other code or settings
    assert build_state.files_changed_since_last_build(warehouse, files) == 3  # the state left unchecked


@pytest.mark.parametrize(
    "recorded",
    ["not json", json.dumps(["a list"])],
    ids=["damaged", "not a record"],
)
def test_no_count_without_a_readable_record(folders, recorded):
    seeds, warehouse = folders
    (warehouse / BUILD_STATE_FILE).write_text(recorded, encoding="utf-8")
    assert build_state.files_changed_since_last_build(warehouse, build_state.input_files(seeds)) is None


def test_no_count_once_the_warehouse_is_not_the_one_that_build_published(folders):
    seeds, warehouse = folders
    build_state.record_build_state(warehouse, "state-a", build_state.input_files(seeds))
    (warehouse / f".{DATABASE_NAME}.build.json").write_text(json.dumps({"fingerprint": "another build"}), encoding="utf-8")
    assert build_state.files_changed_since_last_build(warehouse, build_state.input_files(seeds), "state-a") is None


def test_the_run_takes_over_the_listing_its_command_took_once(folders):
    seeds, _ = folders
    listed = build_state.list_before_the_run(seeds)
    (seeds / "note_3.txt").write_text("A note written after the command listed the folder.", encoding="utf-8")
    assert build_state.input_files(seeds) == listed  # taken over, not listed again
    assert len(build_state.input_files(seeds)) == len(listed) + 1  # the next run lists the folder itself


def test_a_missing_input_folder_lists_no_files(tmp_path):
    assert build_state.input_files(tmp_path / "nowhere") == set()


@pytest.mark.parametrize(
    ("changed", "one_process", "every_core"),
    [(None, False, False), (0, True, False), (SHARED_FROM - 1, True, False), (SHARED_FROM, True, True), (SMALL_RUN_FILES, True, True), (SMALL_RUN_FILES + 1, False, False)],
)
def test_how_a_run_with_so_many_changed_files_runs(changed, one_process, every_core, monkeypatch):
    monkeypatch.setattr(build_state, "cores", lambda: 2)
    assert build_state.runs_in_one_process(changed) is one_process
    assert build_state.parses_on_every_core(changed) is every_core


def test_one_core_never_parses_on_workers(monkeypatch):
    monkeypatch.setattr(build_state, "cores", lambda: 1)
    assert not build_state.parses_on_every_core(SHARED_FROM)


def test_the_scan_takes_over_the_fingerprint_taken_in_the_same_walk_once(folders):
    seeds, _ = folders
    build_state.list_before_the_run(seeds)
    taken = folder_fingerprint(str(seeds))
    (seeds / "note_4.txt").write_text("A note written after the command listed the folder.", encoding="utf-8")
    assert build_state.input_fingerprint(seeds) == taken  # taken over, not walked again
    assert build_state.input_fingerprint(seeds) == folder_fingerprint(str(seeds)) != taken


def test_what_a_run_did_not_take_over_is_forgotten_when_it_ends(folders):
    seeds, _ = folders
    build_state.list_before_the_run(seeds)
    build_state.forget_the_listing_before_the_run()
    (seeds / "note_5.txt").write_text("A note written after that run ended.", encoding="utf-8")
    assert build_state.input_fingerprint(seeds) == folder_fingerprint(str(seeds))
    assert build_state.input_files(seeds) == folder_listing(str(seeds))

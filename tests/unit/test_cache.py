"""Cache files made once per machine (`pipelines.core.cache`)."""

import threading
import time

from pipelines.core import cache


def test_makers_that_start_at_once_make_a_cache_file_once(tmp_path):
    # Two open() calls take separate flock locks, so threads stand in for the processes of a first build.
    target, makers = tmp_path / "tide-tables.bin", []

    def make(name: str) -> None:
        with cache.one_maker(tmp_path):
            if not target.exists():
                time.sleep(0.2)  # long enough for the other maker to arrive meanwhile
                makers.append(name)
                target.write_text(name)

    threads = [threading.Thread(target=make, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(makers) == 1 and target.read_text() == makers[0]


def test_a_folder_that_cannot_hold_the_lock_still_lets_the_cache_be_made(tmp_path):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    made = []
    with cache.one_maker(blocked / "cache"):
        made.append(True)
    assert made == [True]


def test_a_reader_that_waited_for_the_maker_reads_what_it_made(tmp_path):
    target, makes, results = tmp_path / "tide-tables.bin", [], []

    def read() -> str | None:
        return target.read_text() if target.exists() else None

    def make() -> str:
        time.sleep(0.2)  # long enough for the other reader to find nothing and wait
        makes.append(True)
        target.write_text("made once")
        return "made once"

    threads = [threading.Thread(target=lambda: results.append(cache.read_or_make(tmp_path, read, make))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert makes == [True] and results == ["made once", "made once"]

"""The benchmark corpus: cycled copies stay distinct, and writing it again leaves files that are already right."""

import os

from bench.corpus import Article, count_words, write_corpus

SOURCE = [Article("first", "A harbour pilot\n\nThe pilot boarded at dawn.\n"), Article("second", "Night ferry\n\nIt sailed late.\n")]


def test_every_copy_after_the_first_pass_is_distinct(tmp_path):
    words = write_corpus(tmp_path, SOURCE, 5)
    texts = [path.read_text(encoding="utf-8") for path in sorted(tmp_path.glob("*.txt"))]
    assert len(texts) == len(set(texts)) == 5
    assert texts[0] == SOURCE[0].text
    assert texts[2].endswith("Archive copy 1 of first.\n")
    assert words == count_words(tmp_path)


def test_writing_again_leaves_files_already_right_and_mends_the_others(tmp_path):
    write_corpus(tmp_path, SOURCE, 4)
    paths = sorted(tmp_path.glob("*.txt"))
    for path in paths:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    paths[1].write_text("edited by hand\n", encoding="utf-8")
    os.utime(paths[1], ns=(1_000_000_000, 1_000_000_000))

    write_corpus(tmp_path, SOURCE, 4)

    assert [path.stat().st_mtime_ns for path in paths[2:]] == [1_000_000_000] * 2
    assert paths[0].stat().st_mtime_ns == 1_000_000_000
    assert paths[1].read_text(encoding="utf-8") == SOURCE[1].text

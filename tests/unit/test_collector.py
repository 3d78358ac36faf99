import gc
import weakref

import pytest

from pipelines.core import collector


def test_collector_is_paced_inside_and_restored_after():
    before = gc.get_threshold()
    with collector.paced_for_tables():
        assert gc.get_threshold() == (collector.YOUNG_GENERATION_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0  # what was loaded before is out of the scans
        assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_made_inside_are_still_freed():
    class Node:
        pass

    with collector.paced_for_tables():
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        del first, second
        gc.collect()
        assert alive() is None


def test_collector_is_restored_when_the_block_fails():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector.paced_for_tables():
        raise RuntimeError("a step failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_block_inside_another_freezes_more_and_leaves_the_outer_one_paced():
    before = gc.get_threshold()
    with collector.paced_for_tables():
        frozen = gc.get_freeze_count()
        loaded_since = [[n] for n in range(1_000)]
        with collector.paced_for_tables():
            assert gc.get_freeze_count() >= frozen + len(loaded_since)
        assert gc.get_threshold()[0] == collector.YOUNG_GENERATION_THRESHOLD
        assert gc.get_freeze_count() >= frozen + len(loaded_since)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

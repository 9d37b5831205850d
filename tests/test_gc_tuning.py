"""The collector setting a batch runs under is scoped to the batch, and nested batches share it."""

from __future__ import annotations

import gc
import weakref

from pipeline.gc_tuning import YOUNG_THRESHOLD, batch_gc


def test_batch_freezes_and_restores():
    before_threshold, before_frozen = gc.get_threshold(), gc.get_freeze_count()
    made_before = [object() for _ in range(3)]
    with batch_gc():
        assert gc.get_freeze_count() > before_frozen  # what existed is out of the collector's sight
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_threshold()[1:] == before_threshold[1:]
        with batch_gc():  # a nested batch (a flow calling run_batch) keeps the outer setting
            assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_freeze_count() > before_frozen
    assert gc.get_threshold() == before_threshold
    assert gc.get_freeze_count() == before_frozen
    assert made_before  # kept alive across the block


def test_cycles_made_in_a_batch_are_still_collected():
    class Node:
        pass

    with batch_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        ref = weakref.ref(a)
        del a, b
        gc.collect()
        assert ref() is None

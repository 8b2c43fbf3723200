"""Big builds hold the cyclic collector off, and always hand it back."""
from __future__ import annotations

import gc

import pytest

from gutskin_desktop.ui.collector import FREEZE_AT, bulk, settle


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
        with bulk():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner block does not turn it back on early"
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error() -> None:
    with pytest.raises(ValueError, match="a bad file"), bulk():
        raise ValueError("a bad file")
    assert gc.isenabled()


def test_a_very_large_build_is_frozen_and_a_small_one_is_not() -> None:
    gc.collect()
    frozen = gc.get_freeze_count()
    try:
        with bulk():
            small = [[n] for n in range(1000)]
        assert gc.get_freeze_count() == frozen, "a small build is left to the collector"
        with bulk():
            large = [[n] for n in range(FREEZE_AT + 1000)]
        assert gc.get_freeze_count() >= frozen + FREEZE_AT, "a large one is frozen"
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert small and large


def test_settling_collects_garbage_first_then_freezes_what_is_alive() -> None:
    import weakref

    class Node:
        pass

    kept = [[n] for n in range(1000)]
    lost = Node()
    lost.me = lost  # type: ignore[attr-defined]  # a cycle only the collector can free
    gone = weakref.ref(lost)
    del lost
    before = gc.get_freeze_count()
    try:
        settle()
        assert gone() is None, "garbage is collected, not frozen"
        assert gc.get_freeze_count() >= before + len(kept), "what is alive is frozen"
        assert gc.isenabled()
    finally:
        gc.unfreeze()

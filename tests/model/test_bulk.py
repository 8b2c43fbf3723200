"""Big builds hold the cyclic collector off, and always hand it back."""
from __future__ import annotations

import gc

import pytest

from gutskin_desktop.model.bulk import bulk


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
        with bulk():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner block does not turn it back on early"
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error() -> None:
    with pytest.raises(ValueError):
        with bulk():
            raise ValueError("a bad file")
    assert gc.isenabled()

"""``argparse`` imported without ``gettext`` (and the ``locale`` module it loads): the
command line's parser, for :mod:`gutskin_desktop.cli`.

``argparse`` takes ``gettext`` and ``ngettext`` from the standard library's ``gettext``
module to translate its own words ("usage:", "options", "show this help message and
exit"...). Importing ``gettext`` costs about 1.5 ms at every start, and each of the
parser's dozen translations of a `gutskin export` then looks for a catalogue file, which
loads ``locale`` (another millisecond) and asks the file system again for each word.

Python itself installs no catalogue for ``argparse``'s words (they would be
``messages.mo`` files under its ``share/locale``), so every one of those look-ups finds
none and hands the words back as they are; the project's own messages are English. So,
while ``argparse`` loads, ``gettext`` is a :class:`~gutskin_desktop.stand_ins.StandIn`
whose ``gettext`` and ``ngettext`` give the words as written (``ngettext`` picks the
singular for one and the plural otherwise, as ``gettext`` does without a catalogue);
anything else asked of it comes from the real module. Once ``argparse`` is loaded the
stand-in is gone: a later ``import gettext`` gets the real one. When ``argparse`` or
``gettext`` is already loaded, nothing is done.

``tests/test_cli_speed_tricks.py`` checks that the parser's words are the same with the
real ``gettext`` and that an export does not load it. The benchmark row is the whole
`gutskin export` (``benchmarks/run_all.py``); see docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .stand_ins import StandIn, in_sys_modules


def as_written(message: str) -> str:
    """``gettext.gettext`` without a catalogue: the message as it is."""
    return message


def as_written_plural(singular: str, plural: str, n: int) -> str:
    """``gettext.ngettext`` without a catalogue: the singular for one, else the plural."""
    return singular if n == 1 else plural


@contextmanager
def _words_as_written() -> Iterator[None]:
    """``gettext``'s two translating functions as :func:`as_written` and
    :func:`as_written_plural` while ``argparse`` loads (unless either is loaded)."""
    if "argparse" in sys.modules or "gettext" in sys.modules:
        yield
        return
    stand_in = StandIn("gettext", "argparse's words as written (see "
                                  "gutskin_desktop.argparse_import)")
    stand_in.gettext = as_written  # type: ignore[attr-defined]
    stand_in.ngettext = as_written_plural  # type: ignore[attr-defined]
    with in_sys_modules(stand_in):
        yield


with _words_as_written():
    import argparse

__all__ = ["argparse", "as_written", "as_written_plural"]

"""The user's cache folder: files the project can always make again, kept to save time.

Each cache file is named ``KIND-TAG.marshal`` in ``$XDG_CACHE_HOME/gutskin-desktop``
(``~/.cache/gutskin-desktop`` when the variable is unset), where ``TAG`` is a digest of
what its contents were made from (the hyphenation patterns' file and the counting code,
or the Python that compiled the patterns). Two installs, or two Pythons, thus keep a file
each instead of overwriting one another's at every run; the oldest files of a kind go
past :data:`KEPT`. A missing, stale or damaged cache is simply made again, and one that
cannot be written (a read-only or full disk) only costs the work.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .files import create_temp

KEPT = 4  # cache files of each kind kept in the folder (one per install in use)


def folder() -> Path:
    """``$XDG_CACHE_HOME/gutskin-desktop`` (``~/.cache/gutskin-desktop`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gutskin-desktop"


def save(cache: Path, data: bytes) -> None:
    """Write a cache file atomically; on a read-only or full disk give up quietly (the
    work is done again next time), never leaving the temporary file behind."""
    temp = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = create_temp(cache.parent, f".{cache.stem}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, cache)
        temp = None
        prune(cache)
    except OSError:
        pass
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def prune(cache: Path) -> None:
    """Remove the oldest cache files of the same kind (other installs', or made before an
    update) past :data:`KEPT`; the one just written stays."""
    kind = cache.name.rsplit("-", 1)[0]
    with contextlib.suppress(OSError):  # the one name of earlier versions
        (cache.parent / f"{kind}.marshal").unlink()
    others = [path for path in cache.parent.glob(f"{kind}-*.marshal") if path != cache]
    others.sort(key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for path in others[KEPT - 1:]:
        with contextlib.suppress(OSError):
            path.unlink()

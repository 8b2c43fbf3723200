"""Reading a file safely: only a regular file, never more than a cap, never blocking.

Every reader of a file a user can name or drop into a folder (content, diagram, layout
and clinic files, the batch CSV, saved layouts, recovery files) goes through
:func:`read_regular`::

    from gutskin_desktop.model.files import read_regular

    data = read_regular(path, 5 * 1024 * 1024)   # bytes, or LoadError naming the file

It refuses, with a :class:`~.errors.LoadError` whose reason is plain words:

* anything that is not a regular file (a folder, a named pipe, a device such as
  ``/dev/zero``, a socket), found *before* the file is opened, and checked again on the
  open file, so that swapping the file for a pipe in between changes nothing;
* a missing file, a symbolic link that loops or leads nowhere, a file it may not read;
* a file with more than ``cap`` bytes: at most ``cap + 1`` bytes are ever read, so a
  file that grows while it is read (or lies about its size) cannot exhaust memory.

Nothing can block: the file is opened with ``O_NONBLOCK`` (so that even a named pipe
put in place between the check and the open does not wait for a writer) and
``O_NOCTTY``. Symbolic links to regular files are followed, as a user expects.

:func:`open_regular` gives the same checks with an open binary file instead, for a
reader that wants only the start of a file (an image's header, say).
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import LoadError

CHUNK = 1024 * 1024
_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


_NEW_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
              | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def create_temp(folder: str | Path, prefix: str, suffix: str = ".tmp") -> tuple[int, str]:
    """A new file in ``folder``, named ``PREFIX`` + eight random hex digits + ``SUFFIX``,
    created by this call (never one that was there, nor through a link) and open for
    reading and writing by its owner only (mode 0600): the file descriptor and the
    absolute path. What ``tempfile.mkstemp`` gives, without importing ``tempfile``, which
    brings ``shutil``, ``random`` and three compression modules, about 2.5 ms of every
    export (docs/performance.md, "Speed tricks"). OSError when the folder cannot take a new file."""
    for _ in range(100):
        path = os.path.abspath(os.path.join(folder, f"{prefix}{os.urandom(4).hex()}{suffix}"))
        try:
            return os.open(path, _NEW_FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(folder))


def describe_size(cap: int) -> str:
    """``20 MB``, ``5 MB``, ``512 KB``, ``100 bytes``: a cap as a person reads it."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if cap >= size and cap % size == 0:
            return f"{cap // size} {unit}"
    return f"{cap} bytes"


def too_large(path: str | Path, cap: int) -> LoadError:
    """The error for a file with more than ``cap`` bytes."""
    return LoadError(path, "", f"the file is larger than {describe_size(cap)}")


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` cannot be read as a data file (None: it can)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "a symbolic link that loops (too many levels of links)"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a part of the path is not a folder)"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return f"cannot be read: {exc.strerror or exc}"


def _open_fd(path: str | Path) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file at ``path`` and its status, or LoadError."""
    try:
        # Refuse pipes and devices without opening them: opening some devices does
        # something (a tape rewinds), and a pipe's open can wait for a writer.
        reason = not_regular(os.stat(path).st_mode)
        if reason:
            raise LoadError(path, "", reason)
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise LoadError(path, "", _reason(exc)) from None
    except ValueError as exc:  # a NUL byte in the name, for example
        raise LoadError(path, "", f"not a usable file name ({exc})") from None
    try:
        status = os.fstat(fd)
        reason = not_regular(status.st_mode)  # swapped for something else since the stat
        if reason:
            raise LoadError(path, "", reason)
    except OSError as exc:
        os.close(fd)
        raise LoadError(path, "", _reason(exc)) from None
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def open_regular(path: str | Path) -> BinaryIO:
    """The regular file at ``path``, open for reading in binary (close it, or use
    ``with``); LoadError, naming the file, for anything else. Reads never block."""
    fd, _ = _open_fd(path)
    return os.fdopen(fd, "rb")


def read_regular(path: str | Path, cap: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``cap`` of them.

    Raises LoadError naming ``path`` for a folder, a named pipe, a device or socket, a
    missing or unreadable file, a looping symbolic link, or a file of more than ``cap``
    bytes (reading stops at ``cap + 1``). Never blocks; never reads more than the cap.
    """
    fd, status = _open_fd(path)
    try:
        if status.st_size > cap:
            raise too_large(path, cap)
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise LoadError(path, "", _reason(exc)) from None
    finally:
        os.close(fd)
    if left <= 0:
        raise too_large(path, cap)
    return b"".join(chunks)

"""Atomic file writing: write a temporary file beside the target, flush, then replace.

A failed write leaves the target exactly as it was and no temporary file behind; the
error names the path and the reason in words a person can act on.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class SaveError(Exception):
    """A file could not be written; the message names the path and why."""


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder is read-only)"
    if exc.errno == errno.EISDIR:
        return "it is a folder"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return exc.strerror or str(exc)


def check_target(path: str | Path) -> Path:
    """Refuse a target that is a folder or whose folder is missing, before any work."""
    target = Path(path)
    if target.is_dir():
        raise SaveError(f"{target}: is a folder, not a file name")
    if not target.parent.is_dir():
        raise SaveError(f"{target}: the folder {target.parent} does not exist")
    return target


def backup_path(path: str | Path) -> Path:
    """Where the previous version of a saved file is kept."""
    target = Path(path)
    return target.with_name(target.name + ".bak")


def write_atomic(path: str | Path, data: bytes, backup: bool = False) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    With ``backup``, the file being replaced is first kept as ``NAME.bak`` (itself written
    atomically); if that fails, the original is left untouched.
    """
    target = check_target(path)
    if backup and target.is_file():
        try:
            old = target.read_bytes()
        except OSError as exc:
            raise SaveError(f"{target}: could not read the previous version: "
                            f"{_reason(exc)}") from None
        write_atomic(backup_path(target), old)
    fd, tmp = -1, ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise SaveError(f"{target}: could not write: {_reason(exc)}") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            Path(tmp).unlink(missing_ok=True)

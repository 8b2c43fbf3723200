"""Atomic file writing: write a temporary file beside the target, flush, then replace.

What is written to
------------------
Writes go only to regular files or to new names. A folder, a device (``/dev/null``), a
named pipe, a socket, or a name ending in ``/`` is refused with a :class:`SaveError`
before anything is written, and checked again just before the file is moved into place.
A symbolic link is followed: the file it leads to is replaced atomically (its temporary
file, and its ``.bak``, are made beside that file) and the link itself stays a link. A
link that loops, or one that cannot be followed to the file it names, is refused.
Inside :func:`guard_inputs` (the command line wraps every job in one), a target that is
the same file as one of the job's inputs (same device and inode: a hard link or a
symbolic link to it counts) is refused too.

A failed write leaves the target exactly as it was and no temporary file behind; the
error names the path and the reason in words a person can act on.

The backup (``backup=True``)
----------------------------
A save of new data ``N`` over a file holding ``P``, when ``NAME.bak`` holds ``B``, goes:

1. ``N`` is written to ``.NAME.XXXXXXXX.tmp`` and flushed to the disk;
2. ``P`` gets a second name, ``.NAME.bak-XXXXXXXX.tmp`` (a hard link; where links are
   not possible, a flushed copy given that name in one rename), the *pending backup*;
3. the temporary file is renamed over ``NAME`` (now ``N``);
4. the pending backup is renamed over ``NAME.bak`` (now ``P``).

When the file already holds ``N``, steps 2 and 4 are left out and ``NAME.bak`` is not
touched, so a save that changes nothing never throws the backup away.

**The guarantee.** ``NAME`` is always ``P`` or ``N`` whole, never part of either.
Whatever instant the process is killed at (even with SIGKILL, which nothing can catch),
the folder holds one of

* ``NAME=P, bak=B`` (perhaps with a temporary file, and a pending backup equal to ``P``),
* ``NAME=N, bak=B`` with a pending backup holding ``P`` (killed between the renames),
* ``NAME=N, bak=P``;

so ``NAME.bak`` is never equal to ``NAME`` unless it already was before the save, and
the version before the file's present one is never lost: it is in ``NAME.bak`` or in the
pending backup. After a completed save ``NAME.bak`` holds the last version that differed
from the new data. A pending backup left by a killed save is finished by the next
clean-up (it becomes ``NAME.bak``) when the save had replaced the file and no later save
has made a newer backup (told apart by the files' change times); one equal to the file
(the save never happened) or older than ``NAME.bak`` is deleted, as are the temporary
files of killed saves. Only one version back is kept: a save of ``N`` over ``P``
replaces ``B``. (A power cut is another matter: the data is flushed before each rename
and the folder after the save, but which renames a file system keeps when they were not
yet flushed is up to it.)

Clean-up
--------
:func:`clean_temp_files` removes our own temporary files (``.NAME.XXXXXXXX.tmp``, and
settles ``.NAME.bak-XXXXXXXX.tmp``) older than :data:`STALE_SECONDS`, so that a save
another instance of the app is making at that moment is never touched. The app's folders
(the data folder, its ``layouts/`` and ``recovery/``) are cleaned at start
(:func:`clean_user_folders`) and before the first save into them; in any other folder,
a save removes only the stale temporary files of the name it writes.
"""
from __future__ import annotations

import _thread
import errno
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .errors import printable
from .files import create_temp
from .files import not_regular as unreadable
from .paths import user_data_dir, user_layouts_dir

STALE_SECONDS = 5.0  # a temporary file this old belongs to no save still running
NAME_MAX = 255  # bytes in one file name, on every file system the app runs on
_RANDOM = 8  # characters of the random part of a temporary name
# ".NAME.bak-XXXXXXXX.tmp", the longest of our temporary names, within NAME_MAX
_STEM_MAX = NAME_MAX - len("." + ".bak-" + ".tmp") - _RANDOM
_TEMP = re.compile(rf"\.(?P<stem>.+?)\.(?P<pending>bak-)?[a-z0-9_]{{{_RANDOM}}}\.tmp",
                   re.DOTALL)
_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0))


class SaveError(Exception):
    """A file could not be written; the message names the path and why."""


def _reason(exc: OSError, folder: Path | None = None) -> str:
    code = exc.errno
    if code == errno.ENOSPC:
        return "the disk is full"
    if code == getattr(errno, "EDQUOT", -1):
        return "the disk quota is used up"
    if code == errno.EROFS:
        return "the file system is read-only"
    if code in (errno.EACCES, errno.EPERM):
        if folder is None:
            return "permission denied"
        return f"permission denied (no permission to write in the folder {folder})"
    if code == errno.EISDIR:
        return "it is a folder"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.ELOOP:
        return "a link on the way leads round in a loop"
    return exc.strerror or str(exc)


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` cannot be written to (None: it can): what
    :func:`files.not_regular` says of reading it, and what to do."""
    if stat.S_ISDIR(mode):
        return "is a folder, not a file name"
    reason = unreadable(mode)
    return reason and f"{reason}; give a file name"


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a folder")."""
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a link"),
                        (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
                        (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return "not a regular file"


def _shown(text: str) -> str:
    """A path as an error message shows it: whole, unless it is absurdly long."""
    return text if len(text) <= 120 else f"{text[:60]}...{text[-40:]}"


def _resolve(path: str | Path) -> tuple[str, Path, os.stat_result | None]:
    """The path as given (for messages), the file to replace (a link's target), and that
    file's status (None when there is none yet); SaveError for anything but a regular
    file or a new name in an existing folder."""
    try:
        text = os.fsdecode(os.fspath(path))
    except TypeError:
        raise SaveError(f"{path!r}: not a file name") from None
    if not text:
        raise SaveError("no file name given")
    if "\0" in text:
        raise SaveError(f"{printable(text)}: a file name cannot hold a NUL character")
    shown = _shown(text)
    base = os.path.basename(text)
    seps = tuple(s for s in (os.sep, os.altsep) if s)
    if text.endswith(seps) or base in (".", ".."):
        if os.path.isdir(text):
            raise SaveError(f"{shown}: is a folder, not a file name")
        raise SaveError(f"{shown}: ends in '/', so it names a folder, not a file; "
                        "give a file name")
    size = len(os.fsencode(base))
    if size > NAME_MAX:
        raise SaveError(f"{shown}: the file name is too long ({size} bytes; at most "
                        f"{NAME_MAX})")
    try:
        status: os.stat_result | None = os.stat(text)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SaveError(f"{shown}: is a link that leads round in a loop") from None
        raise SaveError(f"{shown}: {_reason(exc)}") from None
    if status is not None:
        why = not_regular(status.st_mode)
        if why:
            raise SaveError(f"{shown}: {why}")
    try:
        link = stat.S_ISLNK(os.lstat(text).st_mode)
    except OSError:
        link = False  # no such name; its folder is checked below
    real = Path(text)
    if link or _in_proc(os.path.abspath(text)):
        real = _follow(shown, text)
        try:
            found: os.stat_result | None = os.lstat(real)
        except FileNotFoundError:
            found = None
        except OSError as exc:
            raise SaveError(f"{shown}: is a link that cannot be followed: "
                            f"{_reason(exc)}") from None
        if status is None:
            if found is not None:
                raise SaveError(f"{shown}: is a link that leads nowhere usable")
        elif found is None or (found.st_dev, found.st_ino) != (status.st_dev, status.st_ino):
            raise SaveError(f"{shown}: is a link that cannot be followed to the file it "
                            "names")
        if len(os.fsencode(real.name)) > NAME_MAX:
            raise SaveError(f"{shown}: is a link to a file name that is too long")
    if not real.parent.is_dir():
        if link:
            raise SaveError(f"{shown}: is a link to {_shown(str(real))}, whose folder "
                            "does not exist")
        raise SaveError(f"{shown}: the folder {real.parent} does not exist")
    return shown, real, status


def _in_proc(path: str) -> bool:
    return any(path == top or path.startswith(top + os.sep) for top in ("/proc", "/sys"))


def _follow(shown: str, text: str) -> Path:
    """The file a symbolic link leads to, link by link; refusing links into ``/proc``
    (``/dev/stdout`` leads to whatever file descriptor 1 is: not a file to replace)."""
    path = os.path.abspath(text)
    for _ in range(40):
        path = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        if _in_proc(path):
            top = os.sep + path.split(os.sep)[1]
            raise SaveError(f"{shown}: leads into {top} (as /dev/stdout does), not to a "
                            "file of its own; give a file name")
        try:
            target = os.readlink(path)
        except OSError:
            return Path(path)  # not a link (or not there): the end of the chain
        path = os.path.join(os.path.dirname(path), target)
    raise SaveError(f"{shown}: is a link that leads round in a loop")


def check_target(path: str | Path) -> Path:
    """Refuse, before any work, a target that cannot be written: a folder, a device, a
    pipe or socket, a name ending in ``/``, a name too long, a link that cannot be
    followed, or a name in a folder that does not exist."""
    _resolve(path)
    return Path(path)


def backup_path(path: str | Path) -> Path:
    """Where the previous version of a saved file is kept."""
    target = Path(path)
    return target.with_name(target.name + ".bak")


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two names lead to the same file (device and inode; links followed)."""
    try:
        one, two = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


# -- the inputs of a job ---------------------------------------------------------------

_INPUTS: ContextVar[tuple[tuple[tuple[int, int], str], ...]] = ContextVar(
    "gutskin_inputs", default=())


@contextmanager
def guard_inputs(inputs: Iterable[tuple[str, str | Path | None]]) -> Iterator[None]:
    """While the block runs, refuse to write over any of ``inputs`` (``(what, path)``
    pairs, such as ``("layout file", "my.json")``; missing files and None are skipped)."""
    found = []
    for what, path in inputs:
        if path is None:
            continue
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            continue
        found.append(((status.st_dev, status.st_ino), f"{what} {path}"))
    token = _INPUTS.set(_INPUTS.get() + tuple(found))
    try:
        yield
    finally:
        _INPUTS.reset(token)


def guarded_input(path: str | Path) -> str | None:
    """The input (``"layout file my.json"``) that ``path`` is the same file as, if any."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    key = (status.st_dev, status.st_ino)
    return next((what for ident, what in _INPUTS.get() if ident == key), None)


# -- writing -----------------------------------------------------------------------------


def _stem(name: str) -> str:
    """The file name as our temporary names hold it (cut to fit in a file name)."""
    stem = name
    while len(os.fsencode(stem)) > _STEM_MAX:
        stem = stem[:-1]
    return stem


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, opened so that nothing can block."""
    fd = os.open(path, _READ_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _write_temp(folder: Path, name: str, data: bytes, mode: int) -> str:
    """A new, flushed temporary file ``.NAME.XXXXXXXX.tmp`` in ``folder`` holding
    ``data`` with permissions ``mode``."""
    fd, tmp = create_temp(folder, f".{_stem(name)}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _pending_backup(real: Path, old: bytes, mode: int) -> Path:
    """Give the file's present version a second name, ``.NAME.bak-XXXXXXXX.tmp``, in
    one step (a hard link, else a flushed copy renamed): it is never there half."""
    stem = _stem(real.name)
    for _ in range(50):
        name = real.with_name(f".{stem}.bak-{os.urandom(_RANDOM // 2).hex()}.tmp")
        try:
            os.link(real, name)  # ``real`` is no link: the link is to the file
            return name
        except FileExistsError:
            continue
        except OSError:
            break  # a file system without hard links: copy
    copy = _write_temp(real.parent, real.name, old, mode)
    name = real.with_name(f".{stem}.bak-{os.urandom(_RANDOM // 2).hex()}.tmp")
    os.replace(copy, name)
    return name


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and termination signals over the two renames (they arrive after).

    The signal mask is set through ``_signal``, the C module that ``signal`` wraps (it
    hands the same calls on, turning numbers into enum members): importing ``signal``
    builds its three enum types, about 1 ms of every export (docs/performance.md, "Speed
    tricks")."""
    try:
        signal: Any = __import__("_signal")
    except ImportError:  # an interpreter without it: the usual module
        signal = __import__("signal")

    held = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _still_writable(shown: str, real: Path) -> None:
    """Check again, just before the rename, that the target is a regular file or none."""
    try:
        mode = os.lstat(real).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise SaveError(f"{shown}: {not_regular(mode) or 'is a link'} (it changed while "
                        "the file was being written); nothing was written")


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | Path, data: bytes, backup: bool = False) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    With ``backup``, the version being replaced is kept as ``NAME.bak`` when it differs
    from ``data`` (see the module's notes for the order of the writes and the guarantee
    a kill at any instant keeps). Raises :class:`SaveError` naming the path and why.
    """
    shown, real, status = _resolve(path)
    if status is not None:
        what = guarded_input(real)
        if what:
            raise SaveError(f"{shown}: is the same file as the {what}; it was left as it "
                            "was (choose another name)")
    bak = backup_path(real) if backup else None
    if bak is not None:
        try:
            bak_mode = os.lstat(bak).st_mode
        except FileNotFoundError:
            bak_mode = stat.S_IFREG
        except OSError as exc:
            raise SaveError(f"{bak}: cannot keep the previous version: "
                            f"{_reason(exc)}") from None
        if not stat.S_ISREG(bak_mode):
            raise SaveError(f"{bak}: is {_kind(bak_mode)}, so the previous version cannot "
                            "be kept there; move it away and save again")
    _clean_before_save(real)
    old: bytes | None = None
    if bak is not None and status is not None:
        try:
            old = _read_regular(real)
        except OSError as exc:
            raise SaveError(f"{shown}: could not read the previous version: "
                            f"{_reason(exc)}") from None
    if status is not None:
        mode = status.st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp: str | None = None
    pending: Path | None = None
    try:
        tmp = _write_temp(real.parent, real.name, data, mode)
        if bak is not None and old is not None and old != data:
            pending = _pending_backup(real, old, mode)
        with _signals_held():
            _still_writable(shown, real)
            os.replace(tmp, real)
            tmp = None
            if pending is not None and bak is not None:
                try:
                    os.replace(pending, bak)
                    pending = None
                except OSError:
                    pass  # the save is done; the older backup stays as it was
        _sync_folder(real.parent)
    except OSError as exc:
        raise SaveError(f"{shown}: could not write: {_reason(exc, real.parent)}") from None
    finally:
        for leftover in (tmp, pending):
            if leftover is not None:
                with suppress(OSError):
                    Path(leftover).unlink(missing_ok=True)


# -- cleaning up after killed saves ----------------------------------------------------

_lock = _thread.allocate_lock()
_scanned: dict[str, dict[str, list[Path]]] = {}  # folder -> stem -> our temporary files


def _temp_files(folder: Path) -> dict[str, list[Path]]:
    """Our temporary files in ``folder`` by the name (stem) they were made for."""
    out: dict[str, list[Path]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                match = _TEMP.fullmatch(entry.name)
                if match:
                    out.setdefault(match.group("stem"), []).append(Path(entry.path))
    except OSError:
        pass
    return out


def _age(status: os.stat_result, now: float) -> float:
    # ctime too: a hard link keeps the file's old mtime, but linking sets the ctime
    return now - max(status.st_mtime, status.st_ctime)


def _is_pending(file: Path) -> bool:
    match = _TEMP.fullmatch(file.name)
    return bool(match and match.group("pending"))


def _settle(folder: Path, stem: str, files: list[Path], min_age: float) -> int:
    """Delete the stale temporary files made for one name, finishing the newest pending
    backup first. Nothing is touched while any of them is young (a save may be running).
    Returns how many files went."""
    now = time.time()
    found = []
    for file in files:
        try:
            status = os.lstat(file)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue  # never ours
        if _age(status, now) < min_age:
            return 0
        found.append((file, status))
    gone = 0
    pending = sorted((f for f in found if _is_pending(f[0])),
                     key=lambda f: f[1].st_ctime_ns, reverse=True)
    for file, status in pending:
        if _finish_backup(folder / stem, file, status):
            gone += 1
            continue
        try:
            file.unlink()
            gone += 1
        except OSError:
            pass
    for file, _status in found:
        if not _is_pending(file):
            try:
                file.unlink()
                gone += 1
            except OSError:
                pass
    return gone


def _finish_backup(target: Path, pending: Path, status: os.stat_result) -> bool:
    """Make a killed save's pending backup ``NAME.bak`` when the save did replace the
    file and no later save has made a newer backup since. True when it was moved."""
    bak = backup_path(target)
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):
            return False
        try:
            bak_status: os.stat_result | None = os.lstat(bak)
        except FileNotFoundError:
            bak_status = None
        if bak_status is not None and (not stat.S_ISREG(bak_status.st_mode)
                                       or bak_status.st_ctime_ns >= status.st_ctime_ns):
            return False  # a later save's backup (or something not ours)
        if _read_regular(pending) == _read_regular(target):
            return False  # killed before the file was replaced: the save never happened
        os.replace(pending, bak)
        return True
    except OSError:
        return False


def clean_temp_files(folder: str | Path, name: str | None = None,
                     min_age: float | None = None) -> int:
    """Remove the temporary files killed saves left in ``folder`` (only those made for
    ``name`` when given), at least ``min_age`` seconds old (:data:`STALE_SECONDS` by
    default), finishing a pending backup where the save had replaced the file. Returns
    how many files went; never raises."""
    age = STALE_SECONDS if min_age is None else min_age
    where = Path(folder)
    groups = _temp_files(where)
    if name is not None:
        stem = _stem(name)
        groups = {stem: groups[stem]} if stem in groups else {}
    return sum(_settle(where, stem, files, age) for stem, files in groups.items())


def user_folders() -> list[Path]:
    """The folders the app writes into: the data folder, its layouts and recovery."""
    data = user_data_dir()
    return [data, user_layouts_dir(), data / "recovery"]


def clean_user_folders(min_age: float | None = None) -> int:
    """Clean the app's own folders (at start); returns how many files went."""
    return sum(clean_temp_files(folder, min_age=min_age) for folder in user_folders()
               if folder.is_dir())


def _key(folder: Path) -> str:
    return os.path.realpath(folder)


def _clean_before_save(real: Path) -> None:
    """Before the first save into a folder (in this process), clean it: all of our
    stale temporary files in the app's own folders, elsewhere only those of this name."""
    folder = real.parent
    key = _key(folder)
    with _lock:
        groups = _scanned.get(key)
        if groups is None:
            groups = _scanned[key] = _temp_files(folder)
            if groups and key in {_key(f) for f in user_folders()}:
                mine = dict(groups)
                groups.clear()
            else:
                mine = {}
        else:
            mine = {}
        stem = _stem(real.name)
        if stem in groups:
            mine[stem] = groups.pop(stem)
    for stem, files in mine.items():
        _settle(folder, stem, files, STALE_SECONDS)

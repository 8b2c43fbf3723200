"""Recovery files without Qt: who owns them, what they belong to, and reading them safely.

Each running instance of the app writes its unsaved documents to ``recovery/`` in the
user's data folder as ``<instance>.<key>.json``, where ``<instance>`` is the process id
and a random tag (``4242-a1b2c3``: a reused process id never takes over a dead
instance's files). Before its first file it takes ``instance-<instance>.lock``: a file
holding its process id and start time, locked (``fcntl.flock``) for as long as the
instance runs. The lock is taken on a temporary file which is then renamed into place,
so another instance never sees the lock file unlocked while its owner is alive.

An instance is *live* while its lock is held: the operating system releases the lock
when the process ends, however it ends, so a crashed instance's files are found by the
next start, and a live instance's files are never offered, read or deleted by another.
Files without an instance in their name (from older versions) belong to no live
instance.

Each record names its document: ``kind`` (``diagram`` or ``layout``), ``name`` (as a
person reads it), ``path`` (the file it is saved to) and ``disk_hash`` (that file's
content hash when it was opened, so that a restored document still asks before
overwriting a file changed on disk since). Records are read with a 5 MB cap and a
nesting cap; one that cannot be read is reported once and set aside as
``NAME.unreadable``.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from .errors import LoadError, printable
from .files import create_temp, read_regular
from .jsonfile import MAX_BYTES, parse_json
from .paths import user_data_dir
from .storage import write_atomic

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

ENV = "GUTSKIN_RECOVERY_SECONDS"
DEFAULT_SECONDS = 60
MIN_SECONDS, MAX_SECONDS = 1, 86400
KINDS = ("diagram", "layout")
FORMAT = 1
SET_ASIDE = ".unreadable"

_ID = r"[0-9]+-[0-9a-f]+"
_RECORD = re.compile(rf"^(?:({_ID})\.)?([a-z0-9-]+)\.json$")
_LOCK = re.compile(rf"^instance-({_ID})\.lock$")
_KEY = re.compile(r"^[a-z0-9-]+$")
_TMP = re.compile(rf"^\.(?:({_ID})\.[a-z0-9-]+\.json|instance-({_ID})\.lock)\..*\.tmp$")
_LOCK_BYTES = 4096


def recovery_dir() -> Path:
    """Where recovery files are kept: ``recovery/`` in the user's data folder."""
    return user_data_dir() / "recovery"


# -- the interval ----------------------------------------------------------------------


def interval_seconds(value: str | None) -> tuple[int, str | None]:
    """The autosave interval for a ``GUTSKIN_RECOVERY_SECONDS`` value, and a warning when
    the value cannot be used (the default is used then). Whole seconds from 1 to 86400."""
    if value is None or not value.strip():
        return DEFAULT_SECONDS, None
    text = value.strip()
    if re.fullmatch(r"[0-9]{1,9}", text) and MIN_SECONDS <= int(text) <= MAX_SECONDS:
        return int(text), None
    shown = printable(text[:40] + ("..." if len(text) > 40 else ""))
    return DEFAULT_SECONDS, (f"warning: {ENV}={shown!r} is not a whole number of seconds "
                             f"from {MIN_SECONDS} to {MAX_SECONDS}; unsaved work is kept "
                             f"every {DEFAULT_SECONDS} seconds instead")


def configured_interval() -> int:
    """The interval from the environment; a bad value is ignored with a warning on stderr
    and in the log."""
    seconds, warning = interval_seconds(os.environ.get(ENV))
    if warning:
        print(warning, file=sys.stderr)
        log(warning)
    return seconds


def log(text: str) -> None:
    """Add a line to the app's log (``gutskin.log`` in the data folder), if it can be."""
    path = user_data_dir() / "gutskin.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError:
        pass


# -- reading ---------------------------------------------------------------------------


def read_capped(path: Path, cap: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, at most ``cap`` (LoadError otherwise); never blocks on a
    named pipe or a device."""
    return read_regular(path, cap)


class Recovered(msgspec.Struct, frozen=True):
    """One document's unsaved state left by an instance that is no longer running."""

    file: Path
    kind: str
    name: str
    path: str
    data: str
    saved_at: str
    instance: str = ""
    disk_hash: str | None = None
    has_disk_hash: bool = False  # older files do not record it


class Unreadable(msgspec.Struct, frozen=True):
    """A recovery file that could not be read, and why."""

    file: Path
    reason: str


def read_record(file: Path) -> Recovered:
    """One recovery file, checked (LoadError naming the file and the field otherwise)."""
    raw = parse_json(file, read_capped(file))
    if not isinstance(raw, dict):
        raise LoadError(file, "(top level)", "expected a JSON object")
    for field in ("kind", "name", "data"):
        if not isinstance(raw.get(field), str):
            raise LoadError(file, field, "required, a string")
    for field in ("path", "saved_at", "instance"):
        if not isinstance(raw.get(field, ""), str):
            raise LoadError(file, field, "a string")
    if raw["kind"] not in KINDS:
        raise LoadError(file, "kind", f"must be one of {', '.join(KINDS)}")
    disk_hash = raw.get("disk_hash")
    if disk_hash is not None and not isinstance(disk_hash, str):
        raise LoadError(file, "disk_hash", "a string or null")
    owner = _RECORD.match(file.name)
    return Recovered(file, raw["kind"], raw["name"], raw.get("path") or "", raw["data"],
                     raw.get("saved_at") or "", (owner.group(1) or "") if owner else "",
                     disk_hash, "disk_hash" in raw)


# -- instances -------------------------------------------------------------------------


def _proc_start(pid: int) -> str:
    """The process's start time from /proc (to tell a reused pid apart), or ''."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return text[text.rindex(")") + 2:].split()[19]
    except (OSError, ValueError, IndexError):
        return ""


def lock_file(folder: Path, instance: str) -> Path:
    return folder / f"instance-{instance}.lock"


def is_live(folder: Path, instance: str) -> bool:
    """Whether the instance that wrote files tagged ``instance`` is still running: its
    lock file exists and its lock is held (by any process, this one included)."""
    path = lock_file(folder, instance)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False  # no lock file: it ended, or it is a leftover
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            except OSError:
                return _pid_alive(fd)  # a file system without locks: ask about the pid
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        return _pid_alive(fd)
    finally:
        os.close(fd)


def _pid_alive(fd: int) -> bool:
    """Fallback: the lock's pid exists and started when the lock says."""
    try:
        info = json.loads(os.read(fd, _LOCK_BYTES).decode("utf-8"))
        pid, started = int(info["pid"]), str(info.get("proc_start", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return True  # unreadable: do not treat someone's files as abandoned
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # it exists (owned by someone else)
    now = _proc_start(pid)
    return not (started and now and started != now)


class Instance:
    """This running instance's recovery files and the lock that marks them as live."""

    def __init__(self, folder: Path | None = None, instance_id: str | None = None) -> None:
        self._folder = folder
        self.id = instance_id or f"{os.getpid()}-{os.urandom(3).hex()}"
        self._fd = -1

    @property
    def folder(self) -> Path:
        return self._folder or recovery_dir()

    @property
    def locked(self) -> bool:
        return self._fd >= 0

    def file(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a recovery key: {key!r}")
        return self.folder / f"{self.id}.{key}.json"

    def acquire(self) -> None:
        """Take this instance's lock (before writing the first file). OSError if not."""
        if self.locked:
            return
        folder = self._folder = self.folder  # its files stay where its lock is
        folder.mkdir(parents=True, exist_ok=True)
        target = lock_file(folder, self.id)
        fd, tmp = create_temp(folder, f".{target.name}.")
        try:
            if fcntl is not None:
                # without locks on this file system, the pid inside is the fallback
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            info = {"pid": os.getpid(), "instance": self.id,
                    "started": datetime.now().isoformat(timespec="seconds"),
                    "proc_start": _proc_start(os.getpid())}
            os.write(fd, json.dumps(info).encode("utf-8"))
            os.replace(tmp, target)  # appears already locked
        except BaseException:
            os.close(fd)
            Path(tmp).unlink(missing_ok=True)
            raise
        self._fd = fd

    def write(self, key: str, record: dict[str, Any]) -> Path:
        """Write one document's record atomically (SaveError or OSError if it fails)."""
        self.acquire()
        target = self.file(key)
        record = {"format": FORMAT, **record, "instance": self.id, "pid": os.getpid()}
        write_atomic(target, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return target

    def remove(self, key: str) -> None:
        """Remove this instance's file for ``key``; with none left, let go of the lock."""
        self.file(key).unlink(missing_ok=True)
        if self.locked and not self.own_files():
            self.release()

    def own_files(self) -> list[Path]:
        return sorted(self.folder.glob(f"{self.id}.*.json"))

    def release(self) -> None:
        """Remove the lock file and let go of the lock (only once no files are left)."""
        if not self.locked:
            return
        lock_file(self.folder, self.id).unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = -1

    # -- other instances' files ------------------------------------------------------

    def scan(self) -> tuple[list[Recovered], list[Unreadable]]:
        """Recovery files left by instances that are no longer running (never this
        one's, never a live one's): the readable ones, and those that could not be read
        (set aside as ``NAME.unreadable`` so that each is reported once)."""
        folder = self.folder
        found: list[Recovered] = []
        broken: list[Unreadable] = []
        try:
            names = sorted(entry.name for entry in os.scandir(folder))
        except OSError:
            return found, broken
        live: dict[str, bool] = {}
        for name in names:
            match = _RECORD.match(name)
            if not match:
                continue
            owner = match.group(1) or ""
            if owner == self.id:
                continue
            if owner and live.setdefault(owner, is_live(folder, owner)):
                continue
            file = folder / name
            try:
                found.append(read_record(file))
            except (LoadError, OSError, ValueError, RecursionError) as exc:
                reason = (str(exc) if not isinstance(exc, LoadError) else exc.reason
                          if not exc.field else f"{exc.field}: {exc.reason}")
                broken.append(Unreadable(file, reason))
                set_aside(file)
                log(f"recovery file {file} could not be read ({reason}); "
                    f"it was set aside as {file.name}{SET_ASIDE}")
        return found, broken

    def tidy(self) -> None:
        """Remove what ended instances left besides their records: lock files and
        half-written temporary files (never a record, never a live instance's file)."""
        folder = self.folder
        try:
            names = [entry.name for entry in os.scandir(folder)]
        except OSError:
            return
        records = {m.group(1) for m in map(_RECORD.match, names) if m and m.group(1)}
        for name in names:
            lock = _LOCK.match(name)
            tmp = _TMP.match(name)
            owner = lock.group(1) if lock else (tmp.group(1) or tmp.group(2)) if tmp else ""
            if not owner or owner == self.id or owner in records:
                continue
            if tmp and tmp.group(2) and not lock_file(folder, owner).exists():
                continue  # a lock being taken right now, or one that never was: leave it
            if not is_live(folder, owner):
                (folder / name).unlink(missing_ok=True)


def set_aside(file: Path) -> None:
    """Rename an unreadable recovery file so that it is no longer offered (kept, not
    deleted, for a person to look at)."""
    with contextlib.suppress(OSError):
        os.replace(file, file.with_name(file.name + SET_ASIDE))


def discard(found: list[Recovered]) -> None:
    """Delete recovery files the person chose to throw away."""
    for item in found:
        item.file.unlink(missing_ok=True)

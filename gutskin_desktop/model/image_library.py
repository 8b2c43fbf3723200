"""The user's image library: pictures brought in from anywhere, checked and kept safely.

A PNG, JPEG or SVG file chosen anywhere on the computer (Insert > Image in the designer,
the clinic's logo) is read once, checked by its content (:mod:`.images`: its real kind,
size and pixels, an SVG's safety) and the bytes that were checked are copied into the
library, the folder :func:`.paths.user_images_dir` (``~/.local/share/gutskin-desktop/
images/``), under a readable name made from the file's own (``Clinic Logo (2).PNG``
becomes ``clinic-logo-2.png``; the suffix is the kind the content really is). A file whose
content is already in the library is not copied again: its name there is used. Another
file that would get a name already taken gets ``-2``, ``-3``, ... The copy is atomic: a
file in the library is never seen half-written, and a name is never taken twice, however
many imports run at once.

Layouts name a library image as ``library/<name>`` (besides ``images/...`` in the app's
data folder), and so may the clinic profile's logo; :func:`library_file` resolves such a
name, refusing any that could lead out of the library.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from contextlib import suppress
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .errors import LoadError
from .files import create_temp, read_regular
from .images import (
    IMAGE_SUFFIXES,
    MAX_IMAGE_BYTES,
    ImageRefused,
    Kind,
    check_data,
    image_kind,
    read_image_file,
)
from .paths import user_images_dir
from .storage import SaveError

PREFIX = "library/"  # how a layout or the clinic profile names a library image
LIBRARY_NAME = "your image library"  # how messages to users name the folder
SUFFIXES: dict[Kind, str] = {"PNG": ".png", "JPEG": ".jpg", "SVG": ".svg"}
STEM_LENGTH = 60  # characters of a name before its suffix and any -2
_OTHER = re.compile(r"[^a-z0-9]+")
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
                       "ð": "d", "þ": "th", "\u0131": "i"})


class LibraryImage(NamedTuple):
    """An image in the library: its name there and its file."""

    name: str
    file: Path

    @property
    def layout_path(self) -> str:
        """How a layout names it: ``library/<name>``."""
        return PREFIX + self.name


def is_library_path(relative: str) -> bool:
    """Whether a layout's image path names the library (``library/...``)."""
    return relative.startswith(PREFIX)


def slug(name: str) -> str:
    """A file name's stem as a library name: lower case, accents folded, every run of
    other characters one hyphen (``Clinic Logo (2)`` is ``clinic-logo-2``); ``image``
    when nothing is left."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    plain = folded.encode("ascii", "ignore").decode("ascii")
    out = _OTHER.sub("-", plain).strip("-")[:STEM_LENGTH].rstrip("-")
    return out or "image"


def library_images() -> list[LibraryImage]:
    """The images in the library, newest first (by the time they came in), then by name.
    Hidden files (our temporary ones among them), folders and files of other kinds are
    left out; the images are not checked here (a layout that uses one checks it)."""
    folder = user_images_dir()
    found: list[tuple[float, str, Path]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or Path(name).suffix.lower() not in IMAGE_SUFFIXES:
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            found.append((-status.st_mtime, name, Path(entry.path)))
    return [LibraryImage(name, path) for _, name, path in sorted(found)]


def library_file(path: str | Path, where: str, relative: str) -> Path:
    """The file a ``library/<name>`` path names, for the file ``path`` refers to in its
    field ``where``; LoadError naming them for a name that could lead out of the library
    (another folder, ``..``, a hidden name, a symbolic link leading out) or that is not
    there. The image itself is not checked here."""
    name = relative[len(PREFIX):]
    folder = user_images_dir()
    pure = PurePosixPath(name)
    if ("\\" in name or "\x00" in name or len(pure.parts) != 1 or name.startswith(".")
            or name != pure.name):
        raise LoadError(path, where, f"{relative!r} is not an image in {LIBRARY_NAME}: "
                                     "after library/ comes one file name (like "
                                     "library/clinic-logo.png)")
    if pure.suffix.lower() not in IMAGE_SUFFIXES:
        raise LoadError(path, where, "only PNG and JPEG images and SVG drawings can be "
                                     "placed")
    file = folder / name
    try:
        resolved = file.resolve()
        real_folder = folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        raise LoadError(path, where, f"{name} in {LIBRARY_NAME} is a symbolic link that "
                                     "loops") from None
    if resolved.parent != real_folder:
        raise LoadError(path, where, f"{name} in {LIBRARY_NAME} ({folder}) leads out of "
                                     "it (a symbolic link)")
    if not resolved.is_file():
        raise LoadError(path, where, f"no image {name} in {LIBRARY_NAME} ({folder}); "
                                     "insert it again from the designer")
    return resolved


def import_image(source: str | Path) -> str:
    """Check an image file and copy it into the library; return its layout path,
    ``library/<name>``.

    Raises LoadError naming ``source`` with the reason when it cannot be printed (nothing
    is copied then), and SaveError when the library cannot be written."""
    source = Path(source)
    try:
        data = read_image_file(source)  # the bytes checked are the bytes kept
        held = image_kind(data)  # named by what it holds: a PNG called .jpg is welcome
        kind = check_data(data, SUFFIXES[held] if held is not None else source.suffix)
    except ImageRefused as refused:
        raise LoadError(source, "", str(refused)) from None
    return _store(data, source.name, kind)


def _store(data: bytes, original: str, kind: Kind) -> str:
    """Copy checked image bytes into the library under a name made from ``original`` (a
    file name) and the suffix of their ``kind``; return the layout path."""
    folder = user_images_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{folder}: could not make {LIBRARY_NAME}: "
                        f"{exc.strerror or exc}") from None
    same = _same_content(folder, data)
    if same is not None:
        return PREFIX + same
    stem, suffix = slug(Path(original).stem), SUFFIXES[kind]
    temp = _write_temp(folder, data)
    try:
        for n in range(1, 10_000):
            name = f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
            target = folder / name
            if _place(temp, target):
                return PREFIX + name
            if _holds(target, data):  # the same picture, just imported by another import
                return PREFIX + name
        raise SaveError(f"{folder}: too many images named {stem}{suffix} in "
                        f"{LIBRARY_NAME}")
    finally:
        with suppress(OSError):
            temp.unlink(missing_ok=True)


def _write_temp(folder: Path, data: bytes) -> Path:
    """A flushed hidden temporary file in the library holding ``data``."""
    try:
        fd, name = create_temp(folder, ".import-")
    except OSError as exc:
        raise SaveError(f"{folder}: could not write in {LIBRARY_NAME}: "
                        f"{exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, 0o644)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise SaveError(f"{folder}: could not write in {LIBRARY_NAME}: "
                        f"{exc.strerror or exc}") from None
    return Path(name)


def _place(temp: Path, target: Path) -> bool:
    """Give the finished temporary file the name ``target`` if nothing has it yet (True),
    in one step: a hard link, which fails when the name is taken; where the file system
    has none, the name is claimed first (an empty file made only if it does not exist)
    and the finished file renamed over it."""
    try:
        os.link(temp, target)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
                             getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)):
            raise SaveError(f"{target}: could not write: {exc.strerror or exc}") from None
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        return False
    except OSError as exc:
        raise SaveError(f"{target}: could not write: {exc.strerror or exc}") from None
    copy = _write_temp(target.parent, temp.read_bytes())
    try:
        os.replace(copy, target)
    except OSError as exc:
        copy.unlink(missing_ok=True)
        target.unlink(missing_ok=True)  # the claimed name, still empty
        raise SaveError(f"{target}: could not write: {exc.strerror or exc}") from None
    return True


def _same_content(folder: Path, data: bytes) -> str | None:
    """The name of a library image holding exactly ``data`` (None: there is none)."""
    digest = hashlib.sha256(data).digest()
    for image in library_images():
        try:
            if image.file.stat().st_size != len(data):
                continue
            if hashlib.sha256(read_regular(image.file, MAX_IMAGE_BYTES)).digest() == digest:
                return image.name
        except (OSError, LoadError):
            continue
    return None


def _holds(target: Path, data: bytes) -> bool:
    try:
        return read_regular(target, MAX_IMAGE_BYTES) == data
    except LoadError:
        return False


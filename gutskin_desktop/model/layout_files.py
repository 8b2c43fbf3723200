"""Finding layouts: the shipped ones in ``data/layouts/`` and any file named by path."""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .content import Content
from .errors import LoadError
from .fields import is_id
from .layout import Layout, load_layout
from .paths import LAYOUTS, user_layouts_dir

# Letters that Unicode does not split into a plain letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
                       "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
                       "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "\u0131": "i"})
_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")
_OTHER = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 40  # an id's longest (model/fields.py)
COPY_SUFFIX = "-copy"


def slug(text: str, limit: int = SLUG_LENGTH) -> str:
    """A name as a file name and id: ``Dr. Müller's A4 — v2`` is ``dr-mullers-a4-v2``.

    Lower case, accents folded to plain letters, apostrophes dropped, every run of other
    characters one hyphen, no hyphen at either end, at most ``limit`` characters, and
    starting with a letter (``layout-`` goes before a leading digit). Empty when the text
    has no letter or digit to keep."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = folded.encode("ascii", "ignore").decode("ascii").lower()
    out = _OTHER.sub("-", _APOSTROPHES.sub("", plain)).strip("-")
    if out and not out[0].isalpha():
        out = f"layout-{out}"
    if len(out) > limit:  # cut at a word's end when one is near
        cut = out[:limit]
        word_end = cut.rfind("-") if out[limit] != "-" else limit
        out = cut[:word_end] if word_end >= limit * 2 // 3 else cut
    out = out.rstrip("-")
    return out if is_id(out) else ""


def user_layout_name(text: str) -> str:
    """The file name (without ``.json``) a layout called ``text`` is saved under in the
    user's layouts folder: its :func:`slug`, with ``-copy`` after a shipped layout's name
    (a saved layout never hides a shipped one). Empty when the text gives no name."""
    name = slug(text)
    if name and (LAYOUTS / f"{name}.json").is_file():
        name = slug(name, SLUG_LENGTH - len(COPY_SUFFIX)) + COPY_SUFFIX
    return name


def shipped_layout_files() -> list[Path]:
    """The layouts that ship with the app, by name."""
    return sorted(LAYOUTS.glob("*.json"))


def user_layout_files() -> list[Path]:
    """Layouts saved from the designer, by name."""
    folder = user_layouts_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def layout_files() -> list[Path]:
    """Every layout: the shipped ones, then the user's own."""
    return shipped_layout_files() + user_layout_files()


def _named(name: str) -> Path | None:
    """The shipped or saved layout file of that name (shipped first), if there is one."""
    for folder in (LAYOUTS, user_layouts_dir()):
        found = folder / f"{name}.json"
        if found.is_file():
            return found
    return None


def resolve_layout(name_or_path: str) -> Path:
    """A layout given by name (``a4-handout``) or by path to a ``.json`` file.

    A path that is there but is not a regular file (a named pipe, a device) is returned
    as it is: reading it (:func:`.files.read_regular`) refuses it, naming what it is."""
    candidate = Path(name_or_path)
    looks_like_path = (candidate.suffix == ".json" or "/" in name_or_path
                       or os.sep in name_or_path)
    if looks_like_path or os.path.lexists(name_or_path):
        if candidate.is_dir():
            found = None if looks_like_path else _named(name_or_path)
            if found is None:
                raise LoadError(name_or_path, "", "is a folder, not a layout file")
            return found
        if not os.path.lexists(name_or_path):
            raise LoadError(name_or_path, "", "no such layout file")
        return candidate
    found = _named(name_or_path)
    if found is not None:
        return found
    names = ", ".join(p.stem for p in layout_files())
    raise LoadError(name_or_path, "", f"no layout of that name (choose from {names})")


def open_layout(name_or_path: str, content: Content | None = None) -> Layout:
    """Resolve and load a layout (raises LoadError)."""
    return load_layout(resolve_layout(name_or_path), content)


def each_layout(content: Content | None = None) -> Iterator[tuple[Path, Layout | LoadError]]:
    """Every layout (:func:`layout_files`) loaded, or the LoadError saying why it cannot
    be, so that a listing can warn of one broken file and go on: a folder or a named
    pipe named ``x.json``, an unreadable file, bad JSON, a lone surrogate... Unexpected
    errors from one file (an OSError or RuntimeError from the file system) are turned
    into a LoadError naming it too."""
    for path in layout_files():
        item: Layout | LoadError
        try:
            item = load_layout(path, content)
        except LoadError as exc:
            item = exc
        except (OSError, RuntimeError, ValueError) as exc:
            item = LoadError(path, "", f"cannot be read ({exc})")
        yield path, item

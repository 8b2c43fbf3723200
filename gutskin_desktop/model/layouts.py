"""Finding layouts: the shipped ones in ``layouts/`` and any file named by path."""
from __future__ import annotations

from pathlib import Path

from .content import Content
from .errors import LoadError
from .layout import Layout, load_layout
from .paths import LAYOUTS, user_layouts_dir


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


def resolve_layout(name_or_path: str) -> Path:
    """A layout given by name (``a4-handout``) or by path to a ``.json`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".json" or "/" in name_or_path or candidate.exists():
        if not candidate.is_file():
            raise LoadError(name_or_path, "", "no such layout file")
        return candidate
    for folder in (LAYOUTS, user_layouts_dir()):
        found = folder / f"{name_or_path}.json"
        if found.is_file():
            return found
    names = ", ".join(p.stem for p in layout_files())
    raise LoadError(name_or_path, "", f"no layout of that name (choose from {names})")


def open_layout(name_or_path: str, content: Content | None = None) -> Layout:
    """Resolve and load a layout (raises LoadError)."""
    return load_layout(resolve_layout(name_or_path), content)

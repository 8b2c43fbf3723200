"""Finding layouts: the shipped ones in ``layouts/`` and any file named by path."""
from __future__ import annotations

from pathlib import Path

from .content import Content
from .errors import LoadError
from .layout import Layout, load_layout
from .paths import LAYOUTS


def layout_files() -> list[Path]:
    """The shipped layout files, by name."""
    return sorted(LAYOUTS.glob("*.json"))


def resolve_layout(name_or_path: str) -> Path:
    """A layout given by name (``a4-handout``) or by path to a ``.json`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".json" or "/" in name_or_path or candidate.exists():
        if not candidate.is_file():
            raise LoadError(name_or_path, "", "no such layout file")
        return candidate
    shipped = LAYOUTS / f"{name_or_path}.json"
    if not shipped.is_file():
        names = ", ".join(p.stem for p in layout_files())
        raise LoadError(name_or_path, "", f"no layout of that name (choose from {names})")
    return shipped


def open_layout(name_or_path: str, content: Content | None = None) -> Layout:
    """Resolve and load a layout (raises LoadError)."""
    return load_layout(resolve_layout(name_or_path), content)

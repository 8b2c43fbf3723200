"""Loading the content and the diagram together, and checking any data file by its kind."""
from __future__ import annotations

from pathlib import Path

import msgspec

from .content import Content, load_content
from .diagram import Diagram, check_against, load_diagram
from .errors import LoadError
from .jsonfile import parse_json, read_bytes
from .paths import CONTENT_FILE, diagram_file


class Bundle(msgspec.Struct, frozen=True):
    """The content and the diagram that opens it."""

    content: Content
    diagram: Diagram


def load_bundle(content_path: str | Path | None = None,
                diagram_path: str | Path | None = None) -> Bundle:
    """Load both files and check the diagram against the content (raises LoadError)."""
    content = load_content(content_path or CONTENT_FILE)
    diagram = load_diagram(diagram_path or diagram_file(), content)
    return Bundle(content, diagram)


def sniff_kind(path: str | Path) -> str:
    """Tell a content file from a diagram file by its top-level fields."""
    raw = parse_json(path, read_bytes(path))
    if isinstance(raw, dict) and "sections" in raw:
        return "content"
    if isinstance(raw, dict) and "nodes" in raw:
        return "diagram"
    if isinstance(raw, dict) and "blocks" in raw:
        return "layout"
    if isinstance(raw, dict) and raw.keys() & {"can_do", "get_help", "clinic", "reviewer"}:
        return "clinic"
    raise LoadError(path, "(top level)", "not a content file (no 'sections'), a diagram "
                                         "file (no 'nodes'), a layout (no 'blocks') or a "
                                         "clinic profile (no 'can_do')")


def check_file(path: str | Path) -> str:
    """Validate one data file; return a one-line summary or raise LoadError.

    A diagram is checked against ``content.json`` in its own folder when there is one,
    otherwise against the shipped content.
    """
    # the clinic profile's and the layout's models are loaded here, when a file of theirs
    # is checked: the app's start needs only the content and the diagram (start-up speed)
    from .clinic import load_clinic
    from .layout import load_layout

    kind = sniff_kind(path)
    if kind == "content":
        content = load_content(path)
        return f"{path}: ok, content with {len(content.sections)} sections"
    if kind == "clinic":
        profile = load_clinic(path).profile
        name = repr(profile.clinic) if profile.clinic else "a clinic with no name yet"
        state = (f"advice reviewed by {profile.reviewer} on {profile.reviewed}"
                 if profile.is_reviewed else "advice not yet reviewed")
        if profile.is_starting_point:
            state += ", still the shipped starting point"
        return f"{path}: ok, clinic profile for {name}, {state}"
    if kind == "layout":
        layout = load_layout(path, load_content(CONTENT_FILE))
        return (f"{path}: ok, layout {layout.name!r}, {layout.describe_size()}, "
                f"{len(layout.blocks)} blocks")
    diagram = load_diagram(path)
    sibling = Path(path).with_name("content.json")
    content = load_content(sibling if sibling.is_file() else CONTENT_FILE)
    check_against(path, diagram, content)
    return f"{path}: ok, diagram with {len(diagram.nodes)} nodes and {len(diagram.edges)} edges"

"""Where the project's data lives: shipped assets and layouts, and the user's folders."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ASSETS = ROOT / "assets"
LAYOUTS = ROOT / "layouts"
CONTENT_FILE = ASSETS / "content.json"
DIAGRAM_FILE = ASSETS / "diagram.json"

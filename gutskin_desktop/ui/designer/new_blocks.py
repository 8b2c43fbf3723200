"""New blocks for the designer's Insert menu: sensible defaults for each type."""
from __future__ import annotations

from typing import Any

from ...model.layout import Layout

DEFAULT_SIZE_MM = {"title": (150, 20), "diagram": (150, 100), "sections": (120, 100),
                   "summary": (120, 60), "callout": (90, 35), "notes": (90, 60),
                   "details": (90, 60), "qr": (40, 48), "image": (40, 40),
                   "disclaimer": (150, 30), "footer": (150, 6), "message": (150, 20),
                   "questions": (120, 50), "glossary": (120, 80), "advice": (120, 80)}
EXTRA: dict[str, dict[str, Any]] = {
    "callout": {"title": "Remember", "text": "Write your note here."},
    "qr": {"url": "https://example.org/"},
    "image": {"path": "images/gutskin-logo.png"},
}
LABELS = {"title": "Title", "diagram": "Diagram", "sections": "Sections", "summary": "Summary",
          "callout": "Callout", "notes": "Notes lines", "details": "Details",
          "qr": "QR code", "image": "Image", "disclaimer": "About (uncertainty, source)",
          "footer": "Footer", "message": "Main message", "questions": "Questions to ask",
          "glossary": "Glossary", "advice": "Clinic advice"}


def new_block(layout: Layout, kind: str, page: int) -> dict[str, Any]:
    """A block of ``kind`` centred in the page's content area, sized to fit it."""
    cx, cy, cw, ch = layout.page.content_box()
    w, h = DEFAULT_SIZE_MM[kind]
    w, h = min(w, cw), min(h, ch)
    return {"id": kind, "type": kind, "page": page, "x_mm": round(cx + (cw - w) / 2, 1),
            "y_mm": round(cy + (ch - h) / 2, 1), "w_mm": w, "h_mm": h, **EXTRA.get(kind, {})}

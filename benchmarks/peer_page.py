"""The peer's page: the first page of the A4 handout as an SVG another tool can convert.

The benchmark compares a whole `gutskin export` with Inkscape turning an equivalent page
into a PDF. This script writes that page, ``benchmarks/peer/page.svg``, from the page
gutskin itself prints: every text run becomes live SVG text in the same family (Bitstream
Vera, falling back to its metric twin DejaVu Sans), size, weight, colour and position,
and every drawn shape (boxes, rules, the diagram's arrows) becomes an SVG path with the
same fill and stroke. So the peer sets the same words and draws the same shapes.

Run: .venv/bin/python benchmarks/peer_page.py   (prints the path it wrote)
"""
from __future__ import annotations

import ctypes
import json
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PEER = ROOT / "benchmarks" / "peer"
FAMILY = "'Bitstream Vera Sans', 'DejaVu Sans', sans-serif"


def _colour(obj: object, getter: object) -> tuple[str, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):  # type: ignore[operator]
        return None
    return f"#{r.value:02x}{g.value:02x}{b.value:02x}", a.value / 255


def _matrix(obj: object) -> tuple[float, ...]:
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    return m.a, m.b, m.c, m.d, m.e, m.f


def _text_part(raw_obj: object, textpage: object, height: float) -> dict | None:
    import pypdfium2.raw as raw

    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(raw_obj, size)
    length = raw.FPDFTextObj_GetText(raw_obj, textpage, None, 0)
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFTextObj_GetText(raw_obj, textpage, ctypes.cast(buffer, ctypes.POINTER(
        ctypes.c_ushort)), length)
    text = buffer.raw.decode("utf-16-le").rstrip("\x00")
    if not text.strip():
        return None
    font = raw.FPDFTextObj_GetFont(raw_obj)
    name = ctypes.create_string_buffer(256)
    raw.FPDFFont_GetBaseFontName(font, name, 256)
    base = name.value.decode("latin-1").lower()
    a, b, _c, _d, e, f = _matrix(raw_obj)
    fill = _colour(raw_obj, raw.FPDFPageObj_GetFillColor) or ("#000000", 1.0)
    return {"kind": "text", "text": text, "x": e, "y": height - f,
            "size": size.value * (a * a + b * b) ** 0.5,
            "bold": "bold" in base, "italic": "italic" in base or "oblique" in base,
            "fill": fill[0]}


def _path_part(raw_obj: object, height: float) -> dict | None:
    import pypdfium2.raw as raw

    a, b, c, d, e, f = _matrix(raw_obj)

    def point(seg: object) -> str:
        x, y = ctypes.c_float(), ctypes.c_float()
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        return f"{px:.2f} {height - py:.2f}"

    commands, curve = [], []
    for i in range(raw.FPDFPath_CountSegments(raw_obj)):
        seg = raw.FPDFPath_GetPathSegment(raw_obj, i)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            commands.append(f"M{point(seg)}")
        elif kind == raw.FPDF_SEGMENT_LINETO:
            commands.append(f"L{point(seg)}")
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            curve.append(point(seg))
            if len(curve) == 3:
                commands.append("C" + " ".join(curve))
                curve = []
        if raw.FPDFPathSegment_GetClose(seg):
            commands.append("Z")
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(raw_obj, fill_mode, stroke)
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(raw_obj, width)
    scale = (abs(a * d - b * c)) ** 0.5
    fill = _colour(raw_obj, raw.FPDFPageObj_GetFillColor) if fill_mode.value else None
    line = _colour(raw_obj, raw.FPDFPageObj_GetStrokeColor) if stroke.value else None
    if not commands or not (fill or line):
        return None
    dashes = []
    count = raw.FPDFPageObj_GetDashCount(raw_obj)
    if line and count > 0:
        array = (ctypes.c_float * count)()
        if raw.FPDFPageObj_GetDashArray(raw_obj, array, count):
            dashes = [v * scale for v in array]
    return {"kind": "path", "d": " ".join(commands), "dash": dashes,
            "fill": fill[0] if fill else None, "stroke": line[0] if line else None,
            "width": width.value * scale,
            "evenodd": fill_mode.value == raw.FPDF_FILLMODE_ALTERNATE}


def page_parts(pdf: bytes, index: int = 0) -> dict:
    """One page's text runs and shapes, in points from the top-left, in drawing order."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    page = document[index]
    width, height = page.get_size()
    textpage = page.get_textpage()
    parts = []
    for obj in page.get_objects():
        if obj.type == 1:
            part = _text_part(obj.raw, textpage.raw, height)
        elif obj.type == 2:
            part = _path_part(obj.raw, height)
        else:
            part = None
        if part:
            parts.append(part)
    return {"width": width, "height": height, "parts": parts}


def page_svg(parts: dict) -> str:
    """The page as SVG: live text and plain paths."""
    w, h = parts["width"], parts["height"]
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.2f}pt" height="{h:.2f}pt" '
           f'viewBox="0 0 {w:.2f} {h:.2f}">'),
           f'<rect width="{w:.2f}" height="{h:.2f}" fill="#ffffff"/>']
    for p in parts["parts"]:
        if p["kind"] == "text":
            style = (f'font-family:{FAMILY};font-size:{p["size"]:.2f}px;fill:{p["fill"]}'
                     + (";font-weight:bold" if p["bold"] else "")
                     + (";font-style:italic" if p["italic"] else ""))
            out.append(f'<text x="{p["x"]:.2f}" y="{p["y"]:.2f}" style="{style}" '
                       f'xml:space="preserve">{escape(p["text"])}</text>')
        else:
            fill = p["fill"] or "none"
            stroke = (f' stroke="{p["stroke"]}" stroke-width="{p["width"]:.2f}"'
                      if p["stroke"] else "")
            if p["stroke"] and p["dash"]:
                stroke += ' stroke-dasharray="{}"'.format(" ".join(f"{v:.2f}" for v in p["dash"]))
            rule = ' fill-rule="evenodd"' if p["evenodd"] else ""
            out.append(f'<path d="{p["d"]}" fill="{fill}"{stroke}{rule}/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def handout_pdf() -> bytes:
    """The A4 handout as `gutskin export` writes it."""
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.bundle import load_bundle
    from gutskin_desktop.model.layout_files import open_layout

    bundle = load_bundle()
    return render(open_layout("a4-handout", bundle.content), bundle, ExportOptions()).pdf


def write_peer_page(folder: Path = PEER) -> Path:
    """Write page.svg (and page.json, the same parts as data) and return the SVG's path."""
    parts = page_parts(handout_pdf())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.json").write_text(json.dumps(parts), encoding="utf-8")
    path = folder / "page.svg"
    path.write_text(page_svg(parts), encoding="utf-8")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else PEER
    print(write_peer_page(target if target.suffix == "" else Path(tempfile.mkdtemp())))

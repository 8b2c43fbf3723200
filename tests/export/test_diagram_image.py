"""The diagram as an image for slides: SVG with embedded fonts, PNG at a chosen dpi."""
from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image

from gutskin_desktop.export.diagram_image import diagram_png, diagram_svg
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.geometry import solve_diagram

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = load_bundle()
SVG = "{http://www.w3.org/2000/svg}"


def _png_info(data: bytes) -> tuple[int, int, float, Image.Image]:
    """A PNG's size and recorded resolution, read from its chunks (each checksum
    checked), and its pixels as an image viewer decodes them."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        length, = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    per_metre, = struct.unpack(">I", chunks[b"pHYs"][:4])
    image = Image.open(io.BytesIO(data))
    assert image.size == (width, height) and image.mode == "RGB"
    return width, height, per_metre * 0.0254, image


def test_svg_has_every_node_label_edge_and_embedded_fonts() -> None:
    root = ElementTree.fromstring(diagram_svg(BUNDLE.diagram))
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for node in BUNDLE.diagram.nodes:
        for word in node.label.split():
            assert word in texts
    assert len(list(root.iter(f"{SVG}path"))) == len(BUNDLE.diagram.edges)
    style = "".join(s.text or "" for s in root.iter(f"{SVG}style"))
    assert style.count("@font-face") >= 2 and "data:font/ttf;base64," in style
    _, _, w, h = solve_diagram(BUNDLE.diagram).bounds
    assert root.get("viewBox").split()[2:] == [f"{w:.2f}", f"{h:.2f}"]


def test_svg_escapes_labels() -> None:
    node = BUNDLE.diagram.nodes[0].model_copy(update={"label": "<b>Gut & co</b>"})
    diagram = BUNDLE.diagram.model_copy(update={"nodes": [node, *BUNDLE.diagram.nodes[1:]]})
    root = ElementTree.fromstring(diagram_svg(diagram))
    assert "<b>Gut" in " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_png_size_follows_the_dpi_and_shows_the_nodes() -> None:
    _, _, w, h = solve_diagram(BUNDLE.diagram).bounds
    for dpi in (72, 144):
        width, height, recorded, image = _png_info(diagram_png(BUNDLE.diagram, dpi))
        assert abs(width - w * dpi / 72) <= 1 and abs(height - h * dpi / 72) <= 1
        assert abs(recorded - dpi) < 0.5
    gut = next(n for n in BUNDLE.diagram.nodes if n.id == "gut")
    g = solve_diagram(BUNDLE.diagram)
    x, y, _, bh = g.nodes["gut"].rect
    px = round((x + 8 - g.bounds[0]) * 2)
    py = round((y + bh / 2 - 6 - g.bounds[1]) * 2)
    shown = image.getpixel((px, py))  # at 144 dpi, inside the gut's box
    from gutskin_desktop.model.theme import parse_hex, tint
    want = parse_hex(tint(gut.accent))
    assert all(abs(a - c) <= 6 for a, c in zip(shown, want, strict=True))


def test_cli_export_diagram_svg_png_and_bad_input(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "export-diagram",
                               *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    svg, png = tmp_path / "d.svg", tmp_path / "d.png"
    assert run("--out", str(svg)).returncode == 0 and svg.read_bytes().startswith(b"<svg")
    assert run("--out", str(png), "--dpi", "100").returncode == 0
    assert _png_info(png.read_bytes())[2] == __import__("pytest").approx(100, abs=0.5)
    for args in (["--out", str(tmp_path / "d.gif")], ["--out", str(png), "--dpi", "0"],
                 ["--out", str(tmp_path / "missing" / "d.svg")]):
        done = run(*args)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert re.fullmatch(r"error: [^\n]+\n", done.stderr)
    assert not (tmp_path / "d.gif").exists()

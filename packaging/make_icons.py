"""Make the app's icon files from its SVG sources; run once after changing an SVG.

    .venv/bin/python packaging/make_icons.py

Writes ``gutskin_desktop/data/icons/gutskin-<N>.png`` for every size in ``SIZES`` (the
window's icon and the desktop entry's, shipped with the package), and, for the standalone
app's executable, ``packaging/icons/gutskin.ico`` (Windows) and
``packaging/icons/gutskin.icns`` (macOS). Qt's own SVG renderer draws the PNGs, so they
look as the app's SVG icon does on screen; 16 px is drawn from ``gutskin-small.svg``, the
same picture laid on whole pixels so that its edges stay sharp. The files are committed;
nothing runs this script at build time.
"""
from __future__ import annotations

import os
import sys
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ICON = ROOT / "gutskin_desktop" / "data" / "icons" / "gutskin.svg"
SMALL_ICON = HERE / "icons" / "gutskin-small.svg"
PNG_FOLDER = ROOT / "gutskin_desktop" / "data" / "icons"
ICO = HERE / "icons" / "gutskin.ico"
ICNS = HERE / "icons" / "gutskin.icns"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMALL_UP_TO = 16  # sizes up to this one are drawn from the small-size source
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Windows reads from an .ico
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # what Pillow writes into an .icns


def render(svg: Path, size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"error: {svg}: not an SVG file Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    images: dict[int, Image.Image] = {}
    for size in sorted({*SIZES, *ICNS_SIZES}):
        source = SMALL_ICON if size <= SMALL_UP_TO else ICON
        png = render(source, size)
        images[size] = Image.open(BytesIO(png)).convert("RGBA")
        if size in SIZES:
            # Pillow writes the PNG again, without Qt's time stamp, so that running this
            # script twice gives the same files
            target = PNG_FOLDER / f"gutskin-{size}.png"
            images[size].save(target, optimize=True)
            print(f"wrote {target.relative_to(ROOT)}")
    largest = images[max(ICO_SIZES)]
    largest.save(ICO, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    print(f"wrote {ICO.relative_to(ROOT)}")
    biggest = images[max(ICNS_SIZES)]
    biggest.save(ICNS, format="ICNS",
                 append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)])
    print(f"wrote {ICNS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

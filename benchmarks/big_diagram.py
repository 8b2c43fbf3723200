"""Large generated diagrams in the explorer: build, zoomed-out paint, drag step, memory.

Run one size in a fresh process (so peak memory is its own):
    .venv/bin/python benchmarks/big_diagram.py 10000
Prints build time, a zoomed-out full-frame paint time, a drag step time (Arrange mode,
one node dragged with its edges following) and the process's peak memory.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def generate(count: int, folder: Path) -> Path:
    """A grid of ``count`` nodes, each joined to its right and lower neighbour."""
    shipped = json.loads((Path(__file__).resolve().parent.parent / "gutskin_desktop" / "data" /
                          "content.json").read_text())
    sections = [s["id"] for s in shipped["sections"]]
    side = max(1, int(count ** 0.5))
    nodes, edges = [], []
    for i in range(count):
        row, col = divmod(i, side)
        nodes.append({"id": f"n{i}", "label": f"Node {i}", "kind": "mechanism",
                      "section": sections[i % len(sections)], "x": col * 190.0,
                      "y": row * 110.0})
        if col + 1 < side and i + 1 < count:
            edges.append({"source": f"n{i}", "target": f"n{i + 1}", "label": "link"})
        if i + side < count:
            edges.append({"source": f"n{i}", "target": f"n{i + side}"})
    path = folder / "diagram.json"
    path.write_text(json.dumps({"format_version": 1, "title": "Generated", "nodes": nodes,
                                "edges": edges}))
    return path


def main(count: int) -> dict[str, float]:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    path = generate(count, folder)
    from gutskin_desktop.app import build_window

    start = time.perf_counter()
    window = build_window(diagram_path=path)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    build = time.perf_counter() - start
    view = window.view
    view.fit()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    paints = []
    for _ in range(5):
        painter = QPainter(image)
        t = time.perf_counter()
        view.render(painter)
        painter.end()
        paints.append(time.perf_counter() - t)
    window.set_arranging(True)
    scene = window.scene
    node = window.bundle.diagram.nodes[count // 2]
    steps = []
    for step in range(40):
        t = time.perf_counter()
        scene.preview_positions({node.id: (node.x + step * 2.0, node.y + step)})
        steps.append(time.perf_counter() - t)
    window.session.diagram.undo_stack.setClean()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"build_s": build, "paint_ms": statistics.median(paints) * 1000,
            "drag_ms": statistics.median(steps) * 1000, "peak_mb": peak}


if __name__ == "__main__":
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(json.dumps(result))

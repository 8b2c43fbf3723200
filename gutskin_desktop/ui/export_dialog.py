"""File > Export PDF: choose a layout and text, see the real pages, write the PDF.

The preview is the PDF the export writes, rasterised with pypdfium2. Rendering and
writing run off the GUI thread; a failure is shown as a message, and the file is written
atomically, so an existing file is never half-overwritten.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QMessageBox, QProgressDialog, QVBoxLayout, QWidget)

from ..export.render import ExportOptions, Rendered, render
from .clinic_dialog import clinic_store
from ..export.tiling import tile_layout
from ..model.bundle import Bundle
from ..model.errors import LoadError
from ..model.layout import Layout, load_layout
from ..model.layout_files import layout_files
from ..model.storage import write_atomic
from .jobs import run_job
from .pdf_preview import PdfPreview
from .pdfimage import page_images

PREVIEW_DPI = 60.0


class ExportDialog(QDialog):
    """Pick a layout, preview its pages and export them as a PDF."""

    def __init__(self, bundle: Bundle, parent: QWidget | None = None,
                 text: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export PDF")
        self.bundle = bundle
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("exportLayout")
        self.text_box = QComboBox()
        self.text_box.setObjectName("exportText")
        self.bleed = QDoubleSpinBox()
        self.bleed.setObjectName("exportBleed")
        self.bleed.setRange(0, 25)
        self.bleed.setSuffix(" mm")
        self.bleed.setSpecialValueText("as the layout says")
        self.crop_marks = QCheckBox("Crop marks (for a print shop)")
        self.crop_marks.setObjectName("exportCropMarks")
        self.tile = QComboBox()
        self.tile.setObjectName("exportTile")
        self.tile.addItem("One sheet per page", None)
        self.tile.addItem("Tile across A4 sheets", "A4")
        self.tile.addItem("Tile across US Letter sheets", "letter")
        self.overlap = QDoubleSpinBox()
        self.overlap.setObjectName("exportOverlap")
        self.overlap.setRange(0, 50)
        self.overlap.setValue(10)
        self.overlap.setSuffix(" mm overlap")
        self.preview = PdfPreview()
        self.summary = QLabel()
        self.summary.setObjectName("exportSummary")
        self.summary.setWordWrap(True)
        self.generation = 0
        self.rendered: Rendered | None = None
        self.written: Path | None = None
        self._build(text)
        self.resize(900, 760)
        self.refresh()

    def _build(self, text: str) -> None:
        for path in layout_files():
            try:
                layout = load_layout(path, self.bundle.content)
            except LoadError:
                continue
            self.layout_box.addItem(f"{layout.name}: {layout.description}", layout)
        names = [self.layout_box.itemData(i).name for i in range(self.layout_box.count())]
        if "a4-handout" in names:
            self.layout_box.setCurrentIndex(names.index("a4-handout"))
        self.text_box.addItem("As the layout says", None)
        self.text_box.addItem("Plain language, for patients", "patient")
        self.text_box.addItem("Fuller text, for presenters", "presenter")
        self.text_box.setCurrentIndex(max(0, self.text_box.findData(text)))
        form = QFormLayout()
        form.addRow("Layout", self.layout_box)
        form.addRow("Text", self.text_box)
        press = QHBoxLayout()
        press.addWidget(QLabel("Bleed"))
        press.addWidget(self.bleed)
        press.addWidget(self.crop_marks)
        press.addStretch(1)
        form.addRow("Print shop", press)
        tiling = QHBoxLayout()
        tiling.addWidget(self.tile, 1)
        tiling.addWidget(self.overlap)
        form.addRow("Home printer", tiling)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export PDF...",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        top = QVBoxLayout(self)
        top.addLayout(form)
        top.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(buttons)
        top.addLayout(row)
        for box in (self.layout_box, self.text_box, self.tile):
            box.currentIndexChanged.connect(self.refresh)
        for spin in (self.bleed, self.overlap):
            spin.valueChanged.connect(self.refresh)
        self.crop_marks.toggled.connect(self.refresh)

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        if not getattr(self, "_shown", False):
            self._shown = True
            self.refresh()  # again, now that the preview's width is known

    @property
    def layout_choice(self) -> Layout:
        return self.layout_box.currentData()

    def options(self) -> ExportOptions:
        bleed = self.bleed.value() or None
        return ExportOptions(text=self.text_box.currentData(), bleed_mm=bleed,
                             clinic=clinic_store().clinic,
                             crop_marks=self.crop_marks.isChecked())

    def make_pdf(self, layout: Layout, options: ExportOptions) -> Rendered:
        """The PDF as chosen: one sheet per page, or tiled across home-printer sheets."""
        sheet = self.tile.currentData()
        if sheet is None:
            return render(layout, self.bundle, options)
        tiled = tile_layout(layout, self.bundle, options, sheet=sheet,
                            overlap_mm=self.overlap.value())
        return Rendered(tiled.pdf, tiled.sheets, [])

    def refresh(self) -> None:
        """Render the chosen layout's pages for the preview, off the GUI thread."""
        self.generation += 1
        generation, layout, options = self.generation, self.layout_choice, self.options()
        self.summary.setText("Rendering the preview...")
        width_in = (layout.page.size_mm()[0] if self.tile.currentData() is None else 216) / 25.4
        make = self.make_pdf
        room = max(200, self.preview.viewport().width() - 40) * self.devicePixelRatioF()
        dpi = max(PREVIEW_DPI, min(200.0, room / width_in))

        def work() -> tuple[int, Rendered, list]:
            rendered = make(layout, options)
            return generation, rendered, page_images(rendered.pdf, dpi)
        run_job(work, self._on_preview, self._on_failure, self)

    def _on_preview(self, result: tuple[int, Rendered, list]) -> None:
        generation, rendered, images = result
        if generation != self.generation:
            return
        self.rendered = rendered
        self.preview.set_images(images)
        self.summary.setText(rendered.summary() + ".")

    def _on_failure(self, error: Exception) -> None:
        self.summary.setText(f"The preview could not be made: {error}")

    def export(self) -> None:
        """Ask where, then render and write the PDF off the GUI thread."""
        name = f"{self.layout_choice.name}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", name, "PDF (*.pdf)")
        if not path:
            return
        layout, options, make = self.layout_choice, self.options(), self.make_pdf
        progress = QProgressDialog("Writing the PDF...", "", 0, 0, self)
        progress.setObjectName("exportProgress")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        self.export_button.setEnabled(False)

        def work() -> Path:
            write_atomic(path, make(layout, options).pdf)
            return Path(path)

        def done(written: Path) -> None:
            progress.close()
            self.export_button.setEnabled(True)
            self.written = written
            self.accept()

        def failed(error: Exception) -> None:
            progress.close()
            self.export_button.setEnabled(True)
            QMessageBox.warning(self, "Could not export", str(error))
        run_job(work, done, failed)


def export_diagram_image(parent: QWidget, diagram: object) -> None:
    """Save the diagram as SVG, or as PNG at a chosen resolution, off the GUI thread."""
    from PySide6.QtWidgets import QInputDialog

    from ..export.diagram_image import diagram_png, diagram_svg

    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export diagram image", "gut-brain-skin-axis.svg",
        "SVG image (*.svg);;PNG image (*.png)")
    if not path:
        return
    png = path.lower().endswith(".png") or (chosen.startswith("PNG")
                                            and not path.lower().endswith(".svg"))
    if png and not path.lower().endswith(".png"):
        path += ".png"
    elif not png and not path.lower().endswith(".svg"):
        path += ".svg"
    dpi = 150
    if png:
        dpi, ok = QInputDialog.getInt(parent, "PNG resolution", "Dots per inch:", 150, 36,
                                      1200, 10)
        if not ok:
            return

    def work() -> str:
        write_atomic(path, diagram_png(diagram, dpi) if png else diagram_svg(diagram))
        return path
    run_job(work, lambda p: parent.statusBar().showMessage(f"Saved {p}", 6000),  # type: ignore[attr-defined]
            lambda e: QMessageBox.warning(parent, "Could not save the image", str(e)))

"""File > Export PDF: choose a layout and text, see the real pages, write the PDF.

The preview is the PDF the export writes, rasterised with pypdfium2. Every choice is read
from the widgets into a :class:`.render_jobs.RenderRequest` on the GUI thread; rendering
and writing are jobs of the session's render service. A failure is shown as a message,
and the file is written atomically, so an existing file is never half-overwritten.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.export.cmyk import OutputProfile, ProfileError, read_profile
from gutskin_desktop.export.diagram_image import diagram_png, diagram_svg
from gutskin_desktop.export.render import ExportOptions, Rendered
from gutskin_desktop.model.diagram import Diagram
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.layout import Layout, load_layout
from gutskin_desktop.model.layout_files import layout_files
from gutskin_desktop.model.storage import write_atomic

from .pdf_preview import PdfPreview
from .render_jobs import Pages, RenderRequest, gui_message, render_pages, write_pdf
from .render_service import CancelToken

if TYPE_CHECKING:
    from .session import Session

PREVIEW_DPI = 60.0
CHOOSE_PROFILE = "Other profile..."  # the profile list's last item: asks for an ICC file
TILED_SHEET_WIDTH_MM = 216  # the wider of the two home-printer sheets


class ExportDialog(QDialog):
    """Pick a layout, preview its pages and export them as a PDF."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 text: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export PDF")
        self.session = session
        self.preview_kind = f"export-preview:{id(self)}"
        self.export_kind = f"export-write:{id(self)}"
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
        self.pdfx = QCheckBox("PDF/X-4 for a print shop")
        self.pdfx.setObjectName("exportPdfx")
        self.pdfx.setToolTip("CMYK colours through the press's output profile, small dark "
                             "text in black ink only, and the declarations a print shop's "
                             "preflight checks (PDF/X-4)")
        self.profile_box = QComboBox()
        self.profile_box.setObjectName("exportProfile")
        self.profile_box.setToolTip("The press's CMYK output profile: ask the print shop")
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
        self.rendered: Rendered | None = None
        self._pages: Pages | None = None  # the preview shown: the images it may keep
        self.written: Path | None = None
        self._shown = False
        self._progress: QProgressDialog | None = None
        self._build(text)
        self.resize(900, 760)
        self.refresh()

    def _build(self, text: str | None) -> None:
        self._fill_layouts()
        self.text_box.addItem("As the layout says", None)
        self.text_box.addItem("Plain language, for patients", "patient")
        self.text_box.addItem("Fuller text, for presenters", "presenter")
        self.text_box.setCurrentIndex(max(0, self.text_box.findData(text)))
        self.profile_box.addItem("Coated offset paper, FOGRA39 (built in)", None)
        self.profile_box.addItem(CHOOSE_PROFILE, CHOOSE_PROFILE)
        self.profile_box.setEnabled(False)
        self._profile_index = 0
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export PDF...",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        top = QVBoxLayout(self)
        top.addLayout(self._form())
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
        self.tile.currentIndexChanged.connect(self._press_or_tiles)
        self.crop_marks.toggled.connect(self._press_or_tiles)
        self.pdfx.toggled.connect(self.profile_box.setEnabled)
        self.pdfx.toggled.connect(self.refresh)
        self.profile_box.activated.connect(self._profile_chosen)

    def _press_or_tiles(self) -> None:
        """Crop marks and tiling do not go together (tiled sheets have their own cut
        lines): whichever is on turns the other off, and its tooltip says why."""
        tiled = self.tile.currentData() is not None
        marked = self.crop_marks.isChecked()
        tip = ("Crop marks are for a print shop's single sheet; tiled sheets carry their "
               "own cut lines and alignment targets")
        self.crop_marks.setEnabled(not tiled)
        self.tile.setEnabled(not marked)
        self.crop_marks.setToolTip(tip if tiled else "")
        self.tile.setToolTip(tip if marked else "")

    def _fill_layouts(self) -> None:
        """Every layout that loads, the A4 handout chosen."""
        for path in layout_files():
            try:
                layout = load_layout(path, self.session.bundle.content)
            except LoadError:
                continue
            self.layout_box.addItem(f"{layout.name}: {layout.description}", layout)
        names = [self.layout_box.itemData(i).name for i in range(self.layout_box.count())]
        if "a4-handout" in names:
            self.layout_box.setCurrentIndex(names.index("a4-handout"))

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow("Layout", self.layout_box)
        form.addRow("Text", self.text_box)
        press = QHBoxLayout()
        press.addWidget(QLabel("Bleed"))
        press.addWidget(self.bleed)
        press.addWidget(self.crop_marks)
        press.addStretch(1)
        form.addRow("Print shop", press)
        pdfx = QHBoxLayout()
        pdfx.addWidget(self.pdfx)
        pdfx.addWidget(QLabel("Output profile"))
        pdfx.addWidget(self.profile_box, 1)
        form.addRow("", pdfx)
        tiling = QHBoxLayout()
        tiling.addWidget(self.tile, 1)
        tiling.addWidget(self.overlap)
        form.addRow("Home printer", tiling)
        return form

    def _profile_chosen(self, index: int) -> None:
        """Choosing "Other profile..." asks for an ICC file; a CMYK output profile is
        added to the list and chosen, anything else is refused with a message and the
        choice goes back to the profile chosen before."""
        if self.profile_box.itemData(index) != CHOOSE_PROFILE:
            self._profile_index = index
            self.refresh()
            return
        self.profile_box.setCurrentIndex(self._profile_index)
        path, _ = QFileDialog.getOpenFileName(self, "Output profile", "",
                                              "ICC profiles (*.icc *.icm);;All files (*)")
        if not path:
            return
        try:
            profile = read_profile(path)
        except ProfileError as error:
            QMessageBox.warning(self, "Cannot use this profile", gui_message(error))
            return
        self.profile_box.insertItem(self.profile_box.count() - 1,
                                    f"{profile.description} ({Path(path).name})", profile)
        self._profile_index = self.profile_box.count() - 2
        self.profile_box.setCurrentIndex(self._profile_index)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.refresh()  # again, now that the preview's width is known

    @property
    def layout_choice(self) -> Layout:
        """The layout chosen in the list."""
        layout: Layout = self.layout_box.currentData()
        return layout

    def options(self) -> ExportOptions:
        """The export options as chosen now (text, bleed, crop marks, PDF/X and its
        profile, the clinic)."""
        bleed = self.bleed.value() or None
        profile = self.profile_box.currentData()
        return ExportOptions(text=self.text_box.currentData(), bleed_mm=bleed,
                             clinic=self.session.clinic.clinic,
                             crop_marks=self.crop_marks.isChecked(),
                             pdfx=self.pdfx.isChecked(),
                             output_profile=profile if isinstance(profile, OutputProfile)
                             else None)

    def request(self) -> RenderRequest:
        """Everything the export needs, read from the widgets now (on the GUI thread)."""
        return RenderRequest(self.layout_choice, self.session.bundle, self.options(),
                             sheet=self.tile.currentData(), overlap_mm=self.overlap.value())

    def refresh(self) -> None:
        """Render the chosen layout's pages for the preview, off the GUI thread (a newer
        choice supersedes a preview still being made)."""
        request = self.request()
        self.summary.setText("Rendering the preview...")
        width_mm = (request.layout.page.size_mm()[0] if request.sheet is None
                    else TILED_SHEET_WIDTH_MM)
        room = max(200, self.preview.viewport().width() - 40) * self.devicePixelRatioF()
        dpi = max(PREVIEW_DPI, min(200.0, room / (width_mm / 25.4)))
        earlier = self._pages  # its unchanged pages' images are kept
        self.session.renders.submit(self.preview_kind,
                                    lambda token: render_pages(request, dpi, token,
                                                               earlier=earlier),
                                    self._on_preview, self._on_failure, owner=self)

    def _on_preview(self, pages: Pages) -> None:
        self.rendered = pages.rendered
        self._pages = pages
        self.preview.set_images(pages.images)
        pdfx = (f" PDF/X-4 in CMYK, profile: {self.profile_box.currentText()}."
                if self.pdfx.isChecked() else "")
        self.summary.setText(pages.rendered.summary() + "." + pdfx)

    def _on_failure(self, error: Exception) -> None:
        self.summary.setText(f"The preview could not be made: {gui_message(error)}")

    def export(self) -> None:
        """Ask where, then render and write the PDF off the GUI thread."""
        name = f"{self.layout_choice.name}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", name, "PDF (*.pdf)")
        if not path:
            return
        request = self.request()
        progress = QProgressDialog("Writing the PDF...", "Cancel", 0, 0, self)
        progress.setObjectName("exportProgress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.canceled.connect(self._cancel_export)
        self._progress = progress
        self.export_button.setEnabled(False)
        self.session.renders.submit(self.export_kind,
                                    lambda token: write_pdf(request, path, token),
                                    self._exported, self._export_failed, owner=self)

    def _cancel_export(self) -> None:
        """Cancel: the PDF is not written (or, if already written, kept whole)."""
        self.session.renders.cancel(self.export_kind)
        self._export_ended()

    def _export_ended(self) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect(self._cancel_export)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self.export_button.setEnabled(True)

    def _exported(self, written: Path) -> None:
        self._export_ended()
        self.written = written
        self.accept()

    def _export_failed(self, error: Exception) -> None:
        self._export_ended()
        QMessageBox.warning(self, "Could not export", gui_message(error))

    def done(self, result: int) -> None:
        """Closing the dialog stops its preview (an export asked for still ends)."""
        self.session.renders.cancel(self.preview_kind)
        super().done(result)


def export_diagram_image(session: Session, window: QMainWindow) -> None:
    """Save the session's diagram as SVG, or as PNG at a chosen resolution, off the GUI
    thread; the window's status bar says where."""
    path, chosen = QFileDialog.getSaveFileName(
        window, "Export diagram image", "gut-brain-skin-axis.svg",
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
        dpi, ok = QInputDialog.getInt(window, "PNG resolution", "Dots per inch:", 150, 36,
                                      1200, 10)
        if not ok:
            return
    diagram = session.bundle.diagram
    session.renders.submit(
        f"diagram-image:{id(window)}",
        lambda token: _write_image(diagram, path, dpi if png else None, token),
        lambda written: window.statusBar().showMessage(f"Saved {written}", 6000),
        lambda error: QMessageBox.warning(window, "Could not save the image",
                                          gui_message(error)),
        owner=window)


def _write_image(diagram: Diagram, path: str, png_dpi: int | None, token: CancelToken) -> str:
    """Draw the diagram as PNG at ``png_dpi`` (SVG when None) and write it (a job)."""
    data = diagram_png(diagram, png_dpi) if png_dpi is not None else diagram_svg(diagram)
    token.check()
    write_atomic(path, data)
    return path

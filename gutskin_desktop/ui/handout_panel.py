"""The handout panel: pick a layout and sections, fill in details, check, preview.

A clinician chooses a layout by thumbnails of its real first page, ticks sections, fills
in the details and a personal note, and watches the preview (the real PDF) follow as they
type. A meter shows the reading level; characters the font cannot print are reported
before anything is exported. Clinic, clinician and phone are remembered between runs; the
patient's name and the note are never written anywhere but into the exported PDF.

The thumbnails and the preview are jobs of the session's render service, made from a
:class:`.render_jobs.RenderRequest` read off the widgets first.
"""
from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.export.block_drawing import long_date
from gutskin_desktop.export.render import ExportOptions, Rendered
from gutskin_desktop.export.text import clean
from gutskin_desktop.model.bundle import Bundle
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.handout_checks import (
    FIELD_LIMITS,
    PLAIN_GRADE,
    glyph_problems,
    invisible,
    name_chars,
    reading_report,
    shown,
    too_long,
)
from gutskin_desktop.model.layout import CLINIC_DETAIL_FIELDS, Layout, SectionsBlock, load_layout
from gutskin_desktop.model.layout_files import layout_files

from .batch_dialog import BatchRequest
from .clinic_dialog import ClinicProfileDialog, ClinicStore
from .pdf_preview import PdfPreview
from .render_jobs import Pages, RenderRequest, gui_message, render_pages
from .render_service import CancelToken

if TYPE_CHECKING:
    from .session import Session

REMEMBERED = CLINIC_DETAIL_FIELDS  # remembered between runs; never the patient's
FIELD_NAMES = {"clinic": "Clinic", "clinician": "Clinician", "phone": "Phone",
               "patient": "Patient name", "date": "Date", "note": "Note"}
QT_DATE_FORMATS = {"long": "d MMMM yyyy", "dmy": "dd/MM/yyyy", "mdy": "MM/dd/yyyy",
                   "iso": "yyyy-MM-dd"}
THUMB_DPI = 18.0
PREVIEW_DPI = 80.0


class HandoutPanel(QWidget):
    """Layout thumbnails, sections, details, reading level and the live preview.

    Every detail typed is checked as it is typed, beside its field: too long (and by how
    much), characters the fonts cannot print, invisible characters left out, a layout
    with no place for it, or (once the preview is made) text that does not fit. While any
    of these stands, ``blocked`` is true and Print and Save are off.
    """

    blocked_changed = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoutPanel")
        self.session = session
        self.clinic_store: ClinicStore = session.clinic
        self.clinic_store.changed.connect(self._on_clinic_saved)
        session.bundle_changed.connect(self._on_bundle_change)
        self.layouts: list[Layout] = []
        self.rendered: Rendered | None = None
        self._pages: Pages | None = None  # the preview shown: the images it may keep
        self.preview_kind = f"handout-preview:{id(self)}"
        self.thumbnails_kind = f"handout-thumbnails:{id(self)}"
        self.focus_field = ""
        self.blocked = False
        self.layout_list = QListWidget()
        self.sections = QListWidget()
        self.fields: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        self.date = QDateEdit(QDate.currentDate())
        self.note = QPlainTextEdit()
        self.large_print = QPushButton("Large print")
        self.grade = QLabel()
        self.note_grade = QLabel()
        self.hardest = QLabel()
        self.glyphs = QLabel()
        self.advice = QLabel()
        self.preview = PdfPreview()
        self.status = QLabel()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.refresh)
        self._build()
        self._load_layouts()
        self._restore_fields()
        self._on_clinic()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        controls = QWidget()
        columns = QHBoxLayout(controls)
        first, second = QVBoxLayout(), QVBoxLayout()
        first.addWidget(self._layout_group())
        first.addWidget(self._sections_group())
        first.addStretch(1)
        second.addWidget(self._details_group())
        second.addWidget(self._reading_group())
        second.addWidget(self._advice_group())
        second.addStretch(1)
        columns.addLayout(first, 11)
        columns.addLayout(second, 11)
        scroll = QScrollArea()
        scroll.setObjectName("handoutForm")
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(400)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.preview, 1)
        self.status.setObjectName("handoutStatus")
        self.status.setWordWrap(True)
        right_column.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 600])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _layout_group(self) -> QGroupBox:
        box = QGroupBox("Layout")
        column = QVBoxLayout(box)
        self.layout_list.setObjectName("layoutList")
        self.layout_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.layout_list.setIconSize(QSize(56, 79))
        self.layout_list.setGridSize(QSize(82, 122))
        self.layout_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.layout_list.setWordWrap(True)
        self.layout_list.setSpacing(2)
        self.layout_list.setMovement(QListWidget.Movement.Static)
        self.layout_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.layout_list.setWrapping(True)
        self.layout_list.setFlow(QListWidget.Flow.LeftToRight)
        self.layout_list.setFixedHeight(132)
        self.layout_list.setAccessibleName("Layouts")
        self.layout_list.currentRowChanged.connect(lambda _: self._changed())
        column.addWidget(self.layout_list)
        self.large_print.setObjectName("largePrint")
        self.large_print.setToolTip("Switch to the large-print layout, keeping every choice")
        self.large_print.clicked.connect(lambda: self.choose_layout("large-print"))
        column.addWidget(self.large_print)
        return box

    def _sections_group(self) -> QGroupBox:
        box = QGroupBox("Sections")
        column = QVBoxLayout(box)
        self.sections.setObjectName("handoutSections")
        for section in self.bundle.content.sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(section.summary)
            self.sections.addItem(item)
        rows = min(len(self.bundle.content.sections), 12)
        self.sections.setFixedHeight(self.sections.sizeHintForRow(0) * rows + 8)
        self.sections.itemChanged.connect(lambda _: self._changed())
        column.addWidget(self.sections)
        return box

    def _details_group(self) -> QGroupBox:
        box = QGroupBox("Details")
        form = QFormLayout(box)
        form.setVerticalSpacing(3)
        for name, label in (("clinic", "Clinic"), ("clinician", "Clinician"),
                            ("phone", "Phone"), ("patient", "Patient name")):
            edit = QLineEdit()
            edit.setObjectName(f"detail{name.title()}")
            edit.setMaxLength(FIELD_LIMITS[name] * 4)  # longer is shown, not cut
            edit.textChanged.connect(lambda _, n=name: self._field_changed(n))
            edit.installEventFilter(self)
            self.fields[name] = edit
            form.addRow(label, edit)
            form.addRow(self._message(name))
        self.date.setObjectName("detailDate")
        self.date.setCalendarPopup(True)
        self.date.dateChanged.connect(lambda _: self._changed())
        self.date.installEventFilter(self)
        form.addRow("Date", self.date)
        form.addRow(self._message("date"))
        self.note.setObjectName("detailNote")
        self.note.setPlaceholderText("A personal note for this patient (printed on the handout)")
        self.note.setFixedHeight(72)
        self.note.setTabChangesFocus(True)
        self.note.textChanged.connect(self._changed)
        self.note.installEventFilter(self)
        form.addRow("Note", self.note)
        form.addRow(self._message("note"))
        self.glyphs.setObjectName("glyphWarning")
        self.glyphs.setWordWrap(True)
        self.glyphs.setStyleSheet("color: #b3261e;")
        form.addRow(self.glyphs)
        return box

    def _message(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"message{name.title()}")
        label.setWordWrap(True)
        label.hide()
        self.messages[name] = label
        return label

    def _advice_group(self) -> QGroupBox:
        box = QGroupBox("Clinic advice")
        column = QVBoxLayout(box)
        self.advice.setObjectName("adviceStatus")
        self.advice.setWordWrap(True)
        column.addWidget(self.advice)
        edit = QPushButton("Edit clinic profile...")
        edit.setObjectName("editClinicProfile")
        edit.clicked.connect(self.edit_clinic)
        column.addWidget(edit)
        return box

    def edit_clinic(self) -> None:
        """Open the clinic profile; the preview follows when it is saved."""
        ClinicProfileDialog(self.clinic_store, self).exec()

    def _reading_group(self) -> QGroupBox:
        box = QGroupBox("Reading level")
        column = QVBoxLayout(box)
        for label, name in ((self.grade, "readingGrade"), (self.note_grade, "noteGrade"),
                            (self.hardest, "hardestSentences")):
            label.setObjectName(name)
            label.setWordWrap(True)
            column.addWidget(label)
        return box

    def _load_layouts(self) -> None:
        for path in layout_files():
            try:
                layout = load_layout(path, self.bundle.content)
            except LoadError:
                continue
            if layout.purpose != "handout":
                continue  # posters and notes are made from File > Export PDF
            self.layouts.append(layout)
            item = QListWidgetItem(layout.title)
            item.setToolTip(f"{layout.describe_size()}: {layout.description}")
            item.setData(Qt.ItemDataRole.UserRole, layout.name)
            self.layout_list.addItem(item)
        self.choose_layout("a4-handout")
        self._load_thumbnails()

    def _load_thumbnails(self) -> None:
        """Render each layout's first page, small, for its thumbnail (off the GUI thread)."""
        requests = tuple(RenderRequest(layout, self.bundle) for layout in self.layouts)
        self.session.renders.submit(self.thumbnails_kind,
                                    lambda token: _thumbnails(requests, token),
                                    self._show_thumbnails, owner=self)

    def _show_thumbnails(self, images: list[QImage]) -> None:
        for row, image in enumerate(images):
            self.layout_list.item(row).setIcon(QIcon(QPixmap.fromImage(image)))

    def _restore_fields(self) -> None:
        """The remembered clinic, clinician and phone; the clinic profile's name and phone
        where nothing is remembered yet."""
        store = self.session.settings()
        profile = self.clinic_store.clinic.profile
        for name in REMEMBERED:
            value = str(store.value(f"handout/{name}", ""))
            self.fields[name].setText(value or getattr(profile, name, ""))

    # -- state -----------------------------------------------------------------------------

    @property
    def bundle(self) -> Bundle:
        """The content and the diagram the handout prints (the session's, as arranged)."""
        return self.session.bundle

    @property
    def current_layout(self) -> Layout:
        """The layout chosen in the thumbnails."""
        row = max(0, self.layout_list.currentRow())
        return self.layouts[row]

    def choose_layout(self, name: str) -> None:
        """Select a layout by name, keeping every other choice."""
        for row, layout in enumerate(self.layouts):
            if layout.name == name:
                self.layout_list.setCurrentRow(row)

    def chosen_sections(self) -> list[str]:
        """The ids of the ticked sections, in the content's order."""
        return [self.sections.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.sections.count())
                if self.sections.item(i).checkState() == Qt.CheckState.Checked]

    def typed(self) -> dict[str, str]:
        """The details as typed (blank ones left out; the date as the calendar gives it)."""
        out = {n: e.text().strip() for n, e in self.fields.items() if e.text().strip()}
        day = self.date.date()
        out["date"] = date(day.year(), day.month(), day.day()).isoformat()
        if self.note.toPlainText().strip():
            out["note"] = self.note.toPlainText().strip()
        return out

    def values(self) -> dict[str, str]:
        """The details as they print (invisible characters left out)."""
        return {n: clean(v) for n, v in self.typed().items()}

    def options(self) -> ExportOptions:
        """The export options the handout is made with, as chosen now."""
        return ExportOptions(sections=tuple(self.chosen_sections()), fields=self.values(),
                             clinic=self.clinic_store.clinic)

    def request(self) -> RenderRequest:
        """Everything a render of the handout needs, read from the widgets now."""
        return RenderRequest(self.current_layout, self.bundle, self.options())

    def batch_request(self) -> BatchRequest:
        """What a batch made from this panel takes: its layout, the clinic's details and
        the date as typed here (for a CSV's empty cells), and the clinic profile."""
        values = self.values()
        defaults = tuple((k, values[k]) for k in (*CLINIC_DETAIL_FIELDS, "date")
                         if k in values)
        return BatchRequest(self.current_layout, self.bundle, defaults,
                            self.clinic_store.clinic)

    def field_messages(self) -> dict[str, tuple[str, bool]]:
        """Each field's message and whether it stops printing."""
        typed, layout = self.typed(), self.current_layout
        out: dict[str, tuple[str, bool]] = {}
        for name, value in typed.items():
            texts, blocking = [], False
            chars = invisible(value)
            if chars:
                texts.append(f"Left out, as they would not print: {name_chars(chars)}.")
            problem = too_long({name: value}) + glyph_problems({name: clean(value)})
            if problem:
                text = problem[0].split(": ", 1)[-1]
                texts.append(text[:1].upper() + text[1:] + ".")
                blocking = True
            if name in layout.unprinted(typed):
                texts.append(f"{layout.title} has no place for this: choose another layout "
                             "or leave it empty.")
                blocking = True
            if texts:
                out[name] = (" ".join(texts), blocking)
        if self.rendered is not None:
            for overflow in self.rendered.overflows:
                for name in overflow.fields:
                    left = f"{overflow.lines} lines ({overflow.mm:.0f} mm)"
                    out[name] = (f"Does not fit: {left} are left over. Shorten it.", True)
        return out

    def problems(self) -> list[str]:
        """What stops an export: no section chosen, details that would not print whole."""
        out = [f"{FIELD_NAMES[name]}: {text}" for name, (text, blocking)
               in self.field_messages().items() if blocking]
        if not self.chosen_sections():
            out.insert(0, "choose at least one section")
        return out

    def text_kind(self) -> str:
        """Which text the layout prints (patient or presenter), for the reading level."""
        blocks = [b for b in self.current_layout.blocks if isinstance(b, SectionsBlock)]
        return blocks[0].text if blocks else "patient"

    # -- reacting --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for name, widget in (*self.fields.items(), ("date", self.date),
                                 ("note", self.note)):
                if watched is widget:
                    self.focus_field = name
                    self.show_field_page()
        return super().eventFilter(watched, event)

    def _on_bundle_change(self, _bundle: Bundle) -> None:
        """The diagram was arranged anew: the preview follows."""
        self._changed()

    def _on_clinic_saved(self, _clinic: object) -> None:
        self._on_clinic()

    def _on_clinic(self) -> None:
        style = self.clinic_store.clinic.profile.date_format
        self.date.setDisplayFormat(QT_DATE_FORMATS[style])
        self._changed()

    def _field_changed(self, name: str) -> None:
        if name in REMEMBERED:
            self.session.settings().setValue(f"handout/{name}", self.fields[name].text())
        self._changed()

    def _changed(self) -> None:
        self.update_checks()
        self._debounce.start()

    def next_patient(self) -> None:
        """Start the next handout clean: no patient's name or note, today's date; the
        clinic, clinician and phone stay."""
        self.fields["patient"].clear()
        self.note.clear()
        self.date.setDate(QDate.currentDate())
        self.fields["patient"].setFocus()

    def update_checks(self) -> None:
        """Reading level, and every field's message, at once (they are quick)."""
        self._update_reading()
        messages = self.field_messages()
        for name, label in self.messages.items():
            text, blocking = messages.get(name, ("", False))
            label.setText(text)
            label.setStyleSheet("color: #b3261e;" if blocking else "color: #5c4400;")
            label.setVisible(bool(text))
        problems = self.problems()
        fields = [p for p in problems if ": " in p]
        others = [p for p in problems if ": " not in p]
        summary = others + (["fix the details marked in red"] if fields else [])
        self.glyphs.setText("Cannot print yet: " + "; ".join(summary) if summary else "")
        self.glyphs.setToolTip("\n".join(problems))
        self.advice.setText(_advice_status(self.clinic_store))
        if bool(problems) != self.blocked:
            self.blocked = bool(problems)
            self.blocked_changed.emit(self.blocked)

    def _update_reading(self) -> None:
        note = self.note.toPlainText()
        chosen = self.chosen_sections()
        report = reading_report(self.bundle.content, chosen, self.text_kind(), note)
        if not chosen:
            self.grade.setText("Nothing to measure: no section is ticked.")
        else:
            easy = report.text.grade <= PLAIN_GRADE
            self.grade.setText(f"<b>Grade {shown(report.text.grade)}</b> for the chosen text "
                               + ("(easy to follow for most readers)" if easy else
                                  f"<span style='color:#b3261e'>(above grade "
                                  f"{PLAIN_GRADE:g}: consider fewer or simpler sections)"
                                  "</span>"))
        if report.note is not None:
            warn = report.note.grade > PLAIN_GRADE
            colour = "#b3261e" if warn else "#1f2d36"
            self.note_grade.setText(f"<span style='color:{colour}'>Note: grade "
                                    f"{shown(report.note.grade)}"
                                    f"{' (above grade 8)' if warn else ''}</span>")
        else:
            self.note_grade.setText("")
        hardest = "".join(f"<li>{_escape(s)} (grade {shown(g)})</li>"
                          for g, s in report.hardest)
        self.hardest.setText(f"Hardest sentences:<ul>{hardest}</ul>" if hardest else "")
        self.report = report

    def refresh(self) -> None:
        """Render the handout for the preview, off the GUI thread (a newer render
        supersedes one still running)."""
        stopping = [p for p in self.problems() if "Does not fit" not in p]
        if stopping:
            self.session.renders.cancel(self.preview_kind)
            self.status.setText("Fix the details above to see the preview.")
            return
        request = self.request()
        earlier = self._pages  # its unchanged pages' images are kept
        self.session.renders.submit(
            self.preview_kind,
            lambda token: render_pages(request, PREVIEW_DPI, token, earlier=earlier),
            lambda pages: self._on_preview(request.layout, pages),
            lambda error: self.status.setText(f"Preview failed: {gui_message(error)}"),
            owner=self)

    def preview_pending(self) -> bool:
        """Whether the preview is still to catch up with what the panel holds."""
        return self._debounce.isActive() or self.session.renders.busy(self.preview_kind)

    def stop_rendering(self) -> None:
        """Cancel the preview and thumbnails still being made (the panel is closing)."""
        self._debounce.stop()
        self.session.renders.cancel(self.preview_kind)
        self.session.renders.cancel(self.thumbnails_kind)

    def _on_preview(self, layout: Layout, pages: Pages) -> None:
        rendered = pages.rendered
        self.rendered = rendered
        self._pages = pages
        self.preview.set_images(pages.images)
        self.status.setText(f"{layout.title}: {rendered.summary()}.")
        self.status.setStyleSheet("color: #b3261e;" if rendered.overflows or rendered.small_type
                                  else "")
        self.update_checks()
        self.show_field_page()

    def show_field_page(self) -> None:
        """Bring the page where the field being typed prints into view."""
        if self.rendered is not None and self.focus_field in self.rendered.field_pages:
            self.preview.show_page(self.rendered.field_pages[self.focus_field] - 1)


def _thumbnails(requests: tuple[RenderRequest, ...], token: CancelToken) -> list[QImage]:
    """Each layout's first page, small (a job: checks its token between layouts)."""
    images: list[QImage] = []
    for request in requests:
        dpi = THUMB_DPI * (297 / max(request.layout.page.size_mm()))
        images += render_pages(request, dpi, token, [0]).images
    return images


def _advice_status(store: ClinicStore) -> str:
    """What the handout's clinic advice is: the clinic's own and reviewed, or not yet."""
    if store.error:
        return (f"<span style='color:#b3261e'>The clinic profile could not be read, so the "
                f"starting-point advice is printed: {_escape(store.error)}</span>")
    problems = store.clinic.review_problems()
    if not problems:
        profile = store.clinic.profile
        return (f"Printed as the clinic's advice, reviewed by {_escape(profile.reviewer)} on "
                f"{long_date(profile.reviewed)}." if profile.reviewed else "")
    text = "; ".join(problems)
    return f"<span style='color:#8a5a00'>{_escape(text[:1].upper() + text[1:])}.</span>"


def _escape(text: str) -> str:
    return escape(text, quote=False)

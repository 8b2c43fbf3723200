"""The clinic profile in the app: one store every window reads, and the dialog to edit it.

:class:`ClinicStore` holds the profile loaded from the user's data folder and tells its
subscribers when it changes, so the handout panel, the export dialog and the designer
print the same advice without reaching into each other. :class:`ClinicProfileDialog`
edits it: the clinic's name and phone, its own advice ("What you can do", "When to get
help", one item a line), who reviewed it and when, the next review and a logo. Until a
clinic makes the advice its own, the dialog says the texts are shipped starting points.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..model.clinic import (
    DEFAULT_CAN_DO,
    DEFAULT_GET_HELP,
    Clinic,
    ClinicProfile,
    clinic_file,
    install_logo,
    load_clinic,
    save_clinic,
)
from ..model.dates import DATE_FORMATS
from ..model.errors import LoadError
from ..model.handout_checks import PLAIN_GRADE, shown
from ..model.images import check_image
from ..model.readability import measure, split_sentences
from ..model.storage import SaveError

MAX_ITEMS = 10
MAX_ITEM_CHARS = 300


class ClinicStore(QObject):
    """The clinic profile the app prints from; ``changed`` carries the new :class:`Clinic`."""

    changed = Signal(object)

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or clinic_file()
        self.error = ""
        try:
            self.clinic = load_clinic(self.path if self.path.exists() else None)
        except LoadError as exc:  # a broken profile: print the starting point, say why
            self.clinic, self.error = Clinic(), str(exc)

    def save(self, profile: ClinicProfile) -> Clinic:
        """Write the profile (raises SaveError or LoadError) and tell every subscriber."""
        save_clinic(profile, self.path)
        self.clinic, self.error = load_clinic(self.path), ""
        self.changed.emit(self.clinic)
        return self.clinic


def clinic_store() -> ClinicStore:
    """The application's one clinic store (made on first use, and again if the user's
    data folder has moved since)."""
    app = QApplication.instance()
    store = app.findChild(ClinicStore, "clinicStore") if app is not None else None
    if store is not None and store.path != clinic_file():
        store.setObjectName("")
        store.deleteLater()
        store = None
    if store is None:
        store = ClinicStore(parent=app)
        store.setObjectName("clinicStore")
    return store


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [" ".join(line.split()) for line in edit.toPlainText().splitlines() if line.strip()]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ClinicProfileDialog(QDialog):
    """Edit the clinic profile; Save writes it atomically and updates every window."""

    def __init__(self, store: ClinicStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clinicProfileDialog")
        self.setWindowTitle("Clinic profile - gutskin")
        self.store = store
        self.logo_name: str | None = store.clinic.profile.logo
        self.logo_source: Path | None = None
        self.banner = QLabel()
        self.fields = {name: QLineEdit() for name in ("clinic", "phone", "reviewer")}
        self.reviewed_box = QCheckBox("Reviewed on")
        self.reviewed = QDateEdit()
        self.next_review = QDateEdit()
        self.date_format = QComboBox()
        self.can_do = QPlainTextEdit()
        self.get_help = QPlainTextEdit()
        self.grade = QLabel()
        self.problem = QLabel()
        self.logo = QLabel()
        self._build()
        self.show_profile(store.clinic.profile)

    def _build(self) -> None:
        self.banner.setObjectName("clinicStartingPoint")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4d6; color: #5c4400; padding: 8px;"
                                  "border: 1px solid #e8c766; border-radius: 4px;")
        form = QFormLayout()
        for name, label, limit in (("clinic", "Clinic name", 120), ("phone", "Phone", 60),
                                   ("reviewer", "Reviewed by", 120)):
            edit = self.fields[name]
            edit.setObjectName(f"clinic{name.title()}")
            edit.setMaxLength(limit)
            edit.textChanged.connect(self.update_checks)
            form.addRow(label, edit)
        for day, name in ((self.reviewed, "clinicReviewed"),
                          (self.next_review, "clinicNextReview")):
            day.setObjectName(name)
            day.setCalendarPopup(True)
            day.setDisplayFormat("d MMMM yyyy")
        self.reviewed_box.setObjectName("clinicIsReviewed")
        self.reviewed_box.toggled.connect(self.reviewed.setEnabled)
        self.reviewed_box.toggled.connect(self.next_review.setEnabled)
        self.reviewed_box.toggled.connect(self.update_checks)
        row = QHBoxLayout()
        row.addWidget(self.reviewed_box)
        row.addWidget(self.reviewed, 1)
        form.addRow("Review", row)
        form.addRow("Next review", self.next_review)
        self.date_format.setObjectName("clinicDateFormat")
        for style, example in DATE_FORMATS.items():
            self.date_format.addItem(example, style)
        self.date_format.setToolTip("How every date prints on your handouts, and how "
                                    "numeric dates in a batch file are read")
        form.addRow("Dates print as", self.date_format)
        for advice, name, label in ((self.can_do, "clinicCanDo", "What you can do"),
                                    (self.get_help, "clinicGetHelp", "When to get help")):
            advice.setObjectName(name)
            advice.setPlaceholderText("One piece of advice a line")
            advice.setTabChangesFocus(True)
            advice.setMinimumHeight(96)
            advice.textChanged.connect(self.update_checks)
            form.addRow(label, advice)
        form.addRow(self._logo_row())
        self.grade.setObjectName("clinicAdviceGrade")
        self.problem.setObjectName("clinicProblem")
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        restore = QPushButton("Restore starting points")
        restore.setObjectName("clinicRestore")
        restore.clicked.connect(self.restore_starting_points)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(restore, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("clinicSave")
        column = QVBoxLayout(self)
        column.addWidget(self.banner)
        column.addLayout(form)
        column.addWidget(self.grade)
        column.addWidget(self.problem)
        column.addWidget(buttons)
        self.resize(620, 640)

    def _logo_row(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo.setObjectName("clinicLogo")
        self.logo.setFixedHeight(48)
        choose = QPushButton("Choose logo...")
        choose.setObjectName("clinicChooseLogo")
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton("Remove logo")
        remove.setObjectName("clinicRemoveLogo")
        remove.clicked.connect(self.remove_logo)
        row.addWidget(QLabel("Logo"))
        row.addWidget(self.logo, 1)
        row.addWidget(choose)
        row.addWidget(remove)
        return box

    # -- state -----------------------------------------------------------------------------

    def show_profile(self, profile: ClinicProfile) -> None:
        """Fill the form from a profile."""
        self.fields["clinic"].setText(profile.clinic)
        self.fields["phone"].setText(profile.phone)
        self.fields["reviewer"].setText(profile.reviewer)
        reviewed = profile.reviewed or date.today()
        self.reviewed.setDate(_qdate(reviewed))
        self.next_review.setDate(_qdate(profile.next_review or reviewed + timedelta(days=365)))
        self.reviewed_box.setChecked(profile.reviewed is not None)
        self.reviewed.setEnabled(profile.reviewed is not None)
        self.next_review.setEnabled(profile.reviewed is not None)
        self.date_format.setCurrentIndex(self.date_format.findData(profile.date_format))
        self.can_do.setPlainText("\n".join(profile.can_do))
        self.get_help.setPlainText("\n".join(profile.get_help))
        self._show_logo()
        self.update_checks()

    def profile(self) -> ClinicProfile:
        """The profile as the form holds it (raises ValueError naming a bad field)."""
        can_do, get_help = _lines(self.can_do), _lines(self.get_help)
        for label, items in (("What you can do", can_do), ("When to get help", get_help)):
            if len(items) > MAX_ITEMS:
                raise ValueError(f"{label}: at most {MAX_ITEMS} lines, not {len(items)}")
            long = [i for i in items if len(i) > MAX_ITEM_CHARS]
            if long:
                raise ValueError(f"{label}: a line is {len(long[0])} characters long; keep "
                                 f"each under {MAX_ITEM_CHARS}")
        reviewed = self.reviewed_box.isChecked()
        return ClinicProfile.model_validate({
            "format_version": 1,
            "clinic": " ".join(self.fields["clinic"].text().split()),
            "phone": " ".join(self.fields["phone"].text().split()),
            "reviewer": " ".join(self.fields["reviewer"].text().split()),
            "reviewed": _date(self.reviewed.date()) if reviewed else None,
            "next_review": _date(self.next_review.date()) if reviewed else None,
            "can_do": can_do, "get_help": get_help, "logo": self.logo_name,
            "date_format": self.date_format.currentData()})

    def update_checks(self) -> None:
        """The starting-point banner, the advice's reading level and any problem."""
        can_do, get_help = _lines(self.can_do), _lines(self.get_help)
        starting = tuple(can_do) == DEFAULT_CAN_DO and tuple(get_help) == DEFAULT_GET_HELP
        reviewed = self.reviewed_box.isChecked() and bool(self.fields["reviewer"].text().strip())
        notes = []
        if starting:
            notes.append("The advice below is the starting point shipped with gutskin: "
                         "conservative advice any clinic could sign. Read it and change it "
                         "to suit your clinic before you print it for patients.")
        if not reviewed:
            notes.append("Add who reviewed the advice and when; until then handouts say "
                         "\u201cNot yet reviewed by your clinic\u201d.")
        self.banner.setText(" ".join(notes))
        self.banner.setVisible(bool(notes))
        sentences = [s for item in can_do + get_help for s in split_sentences(item)]
        if sentences:
            grade = measure(sentences).grade
            warn = grade > PLAIN_GRADE
            self.grade.setText(f"Reading level of the advice: grade {shown(grade)}"
                               + (f" (above grade {PLAIN_GRADE:g}: simpler words and shorter "
                                  "sentences help)" if warn else ""))
        else:
            self.grade.setText("No advice: handouts will print only the clinic's phone.")
        try:
            self.profile()
            self.problem.setText("")
            self.save_button.setEnabled(True)
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.save_button.setEnabled(False)

    def restore_starting_points(self) -> None:
        """Put the shipped advice back into the form (saved only with Save)."""
        self.can_do.setPlainText("\n".join(DEFAULT_CAN_DO))
        self.get_help.setPlainText("\n".join(DEFAULT_GET_HELP))

    # -- logo ------------------------------------------------------------------------------

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Clinic logo", "",
                                              "Images (*.png *.jpg *.jpeg)")
        if path:
            self.set_logo(Path(path))

    def set_logo(self, source: Path) -> None:
        """Use this image as the logo (copied beside the profile on Save)."""
        try:
            check_image(source, "logo", source)
        except (LoadError, OSError) as exc:
            QMessageBox.warning(self, "Cannot use this logo", str(exc))
            return
        self.logo_source, self.logo_name = source, source.name
        self._show_logo()
        self.update_checks()

    def remove_logo(self) -> None:
        self.logo_source, self.logo_name = None, None
        self._show_logo()
        self.update_checks()

    def _show_logo(self) -> None:
        path = self.logo_source or self.store.clinic.logo_path
        if self.logo_name is None or path is None:
            self.logo.setText("(none)")
            return
        pixmap = QPixmap(str(path))
        self.logo.setPixmap(pixmap.scaledToHeight(44, Qt.TransformationMode.SmoothTransformation)
                            if not pixmap.isNull() else QPixmap())

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Copy a new logo, write the profile, and close; say why if it cannot be done."""
        try:
            if self.logo_source is not None:
                self.logo_name = install_logo(self.logo_source, self.store.path.parent)
            self.store.save(self.profile())
        except (ValueError, LoadError, SaveError, OSError) as exc:
            QMessageBox.warning(self, "Could not save the clinic profile", str(exc))
            return
        self.accept()

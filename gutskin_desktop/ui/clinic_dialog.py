"""The clinic profile in the app: one store every window reads, and the dialog to edit it.

:class:`ClinicStore` holds the profile loaded from the user's data folder and tells its
subscribers when it changes, so the handout panel, the export dialog and the designer
print the same advice without reaching into each other. :class:`ClinicProfileDialog`
edits it: the clinic's name and phone, its own advice ("What you can do", "When to get
help", one item a line), who reviewed it and when, the next review and a logo, chosen
with the designer's image picker (a PNG, JPEG or SVG file from anywhere, copied into the
image library, or an image already there). Until a clinic makes the advice its own, the
dialog says the texts are shipped starting points.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
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
    load_clinic,
    save_clinic,
)
from ..model.dates import DATE_FORMATS
from ..model.errors import LoadError
from ..model.handout_checks import PLAIN_GRADE, shown
from ..model.image_library import is_library_path, library_file
from ..model.readability import measure, split_sentences
from ..model.storage import SaveError
from ..model.theme_files import SWATCH_LABELS, check_brand_colours, default_theme
from .colour_button import ColourButton

MAX_ITEMS = 10
SWATCH_DOES = {  # what each theme swatch colours on a handout
    "ink": "The text", "heading": "Headings", "muted": "Quieter text: captions, footers",
    "panel": "The background of boxed blocks", "paper": "White cards",
    "page": "A poster's page", "soft": "Subtitles", "rule": "Ruled lines and footer rules",
    "tint": "The clinic advice panel and the diary's header"}
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
        self.logo_label = QLabel()
        self.brand = {name: ColourButton(allow_none=True) for name in SWATCH_LABELS}
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
        form.addRow("Logo", self._logo_row())
        form.addRow("Brand colours", self._brand_box())
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
        self.resize(660, 760)

    def _logo_row(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo.setObjectName("clinicLogo")
        self.logo.setFixedSize(48, 48)
        self.logo_label.setObjectName("clinicLogoName")
        self.logo_label.setStyleSheet("color: #5b6b75;")
        choose = QPushButton("Choose logo...")
        choose.setObjectName("clinicChooseLogo")
        choose.clicked.connect(self.choose_logo)
        remove = QPushButton("Remove logo")
        remove.setObjectName("clinicRemoveLogo")
        remove.clicked.connect(self.remove_logo)
        row.addWidget(self.logo)
        row.addWidget(self.logo_label, 1)
        row.addWidget(choose)
        row.addWidget(remove)
        return box

    def _brand_box(self) -> QWidget:
        """A colour button per theme swatch: the clinic's own colours, which its handouts
        print in when a layout uses the clinic's theme (None: the default theme's)."""
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        theme = default_theme()
        palette = [(SWATCH_LABELS[name], colour) for name, colour in theme.swatches()]
        for i, (name, button) in enumerate(self.brand.items()):
            button.setObjectName(f"clinicBrand:{name}")
            button.set_palette(palette)
            button.setAccessibleName(f"Brand colour: {SWATCH_LABELS[name]}")
            button.colour_chosen.connect(lambda _colour: self.update_checks())
            label = QLabel(SWATCH_LABELS[name])
            label.setToolTip(f"{SWATCH_DOES[name]}; None keeps the default theme's "
                             f"{theme.colour(name)}")
            label.setBuddy(button)
            row, column = divmod(i, 3)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(button, row, column * 2 + 1)
        note = QLabel("Handouts use these colours when their layout's theme is the "
                      "clinic's; None keeps the default theme's colour.")
        note.setObjectName("clinicBrandNote")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6b75;")
        grid.addWidget(note, (len(self.brand) + 2) // 3, 0, 1, 6)
        return box

    def brand_colours(self) -> dict[str, str] | None:
        """The brand colours the form holds, by swatch name (None: none given)."""
        given = {name: colour for name, button in self.brand.items()
                 if (colour := button.colour()) is not None}
        return given or None

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
        given = profile.brand_colours.given() if profile.brand_colours is not None else {}
        for name, button in self.brand.items():
            button.set_colour(given.get(name))
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
        profile = ClinicProfile.model_validate({
            "format_version": 1,
            "clinic": " ".join(self.fields["clinic"].text().split()),
            "phone": " ".join(self.fields["phone"].text().split()),
            "reviewer": " ".join(self.fields["reviewer"].text().split()),
            "reviewed": _date(self.reviewed.date()) if reviewed else None,
            "next_review": _date(self.next_review.date()) if reviewed else None,
            "can_do": can_do, "get_help": get_help, "logo": self.logo_name,
            "date_format": self.date_format.currentData(),
            "brand_colours": self.brand_colours()})
        try:
            check_brand_colours("Brand colours", profile.brand_colours)
        except LoadError as exc:
            label = SWATCH_LABELS.get(exc.field.rsplit(".", 1)[-1], exc.field)
            raise ValueError(f"Brand colours: {label}: {exc.reason}") from None
        return profile

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
        """Choose the logo with the image picker: a file from anywhere (checked and copied
        into the image library) or an image already there."""
        from .designer.image_picker import choose_image  # the picker loads on first use

        current = self.logo_name if self.logo_name and is_library_path(self.logo_name) \
            else None
        choice = choose_image(self, current=current, title="Clinic logo",
                              action="Use as logo", app_images=False, pictograms=False)
        if choice is not None and choice.path is not None:
            self.set_logo(choice.path)

    def set_logo(self, name: str) -> None:
        """Use this library image (``library/<name>``) as the logo (saved with Save)."""
        self.logo_name = name
        self._show_logo()
        self.update_checks()

    def remove_logo(self) -> None:
        self.logo_name = None
        self._show_logo()
        self.update_checks()

    def logo_file(self) -> Path | None:
        """The file of the logo the form shows (None: none, or it cannot be found)."""
        if self.logo_name is None:
            return None
        if is_library_path(self.logo_name):
            try:
                return library_file(self.store.path, "logo", self.logo_name)
            except LoadError:
                return None
        return self.store.clinic.logo_path  # the older form: a file beside the profile

    def _show_logo(self) -> None:
        from .designer.image_picker import picture

        file = self.logo_file()
        self.logo.setPixmap(QPixmap())
        if self.logo_name is None:
            self.logo.setText("")
            self.logo_label.setText("(none)")
            return
        if file is None:
            self.logo.setText("")
            self.logo_label.setText(f"{self.logo_name} (not found)")
            return
        found = picture(file)
        self.logo.setPixmap(found.icon.pixmap(48, 48))
        self.logo_label.setText(file.name if not found.problem
                                else f"{file.name}: {found.problem}")

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the profile, and close; say why if it cannot be done."""
        try:
            self.store.save(self.profile())
        except (ValueError, LoadError, SaveError, OSError) as exc:
            QMessageBox.warning(self, "Could not save the clinic profile", str(exc))
            return
        self.accept()

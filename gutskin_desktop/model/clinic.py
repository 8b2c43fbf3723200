"""The clinic profile: the clinic's own details and advice, kept apart from the content.

What a patient should do ("What you can do", "When to get help") is the clinic's advice,
not the source article's, so it lives here and is printed under a heading that says so.
The profile is a small JSON file in the user's data folder (``clinic.json``), edited in
the app (Tools > Clinic Profile) and read by the command line too. Until a clinic saves
its own, the shipped starting points are used: conservative advice any clinic could sign,
shown in the app as a draft to review. An optional logo is a PNG or JPEG image or an SVG
drawing in the user's image library (``"logo": "library/clinic-logo.png"``, chosen in
the app with the same picker as the designer's images); profiles saved before the library
name a file kept beside the profile (``"logo": "clinic-logo.png"``), and still load.
"""
# No `from __future__ import annotations` here: the records' field types are objects when
# the module loads, so msgspec does not compile each from text at the first file read
# (tests/test_records.py::test_record_fields_are_types).

from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated

import msgspec
from msgspec import Meta

from .dates import DateFormat
from .errors import LoadError
from .image_library import import_image, is_library_path, library_file
from .images import IMAGE_SUFFIXES, ImageRefused, check_image, read_image
from .jsonfile import DataFile, load_model
from .paths import user_data_dir
from .storage import write_atomic
from .theme_files import BrandColours, check_brand_colours

DEFAULT_CAN_DO = (
    ("Keep using the treatment your care team has given you. Stopping it could make your "
     "skin worse."),
    ("Talk to us before you change what you eat or start taking supplements. Some changes "
     "can do harm or get in the way of your treatment."),
    ("Be careful with tests or products that promise to find or fix a \"leaky gut\". "
     "Research has not shown that they work. Ask us first."),
    ("Each evening, write down how your skin, your gut and your stress were that day. "
     "Use the diary in this leaflet. Bring it to your next visit. It helps us see what "
     "is going on."),
)
DEFAULT_GET_HELP = (
    "Contact us if your skin or your gut gets worse.",
    "Contact us if you are worried, or if something new upsets your skin or gut.",
    ("If you feel very unwell, get help at once. Call your emergency number, or go to "
     "the nearest hospital."),
)
LOGO_SUFFIXES = IMAGE_SUFFIXES


Advice = Annotated[tuple[Annotated[str, Meta(min_length=1, max_length=300)], ...],
                   Meta(max_length=10)]


class ClinicProfile(DataFile):
    """The clinic's name and phone, who reviewed the handout and when, and its advice."""

    clinic: Annotated[str, Meta(max_length=120)] = ""
    phone: Annotated[str, Meta(max_length=60)] = ""
    reviewer: Annotated[str, Meta(max_length=120)] = ""
    reviewed: date | None = None
    next_review: date | None = None
    can_do: Advice = DEFAULT_CAN_DO
    get_help: Advice = DEFAULT_GET_HELP
    logo: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    date_format: DateFormat = "long"
    brand_colours: BrandColours | None = None  # the clinic's own theme (model/themes.py)

    @property
    def is_reviewed(self) -> bool:
        """Whether someone at the clinic has put their name and a date to it."""
        return bool(self.reviewer.strip()) and self.reviewed is not None

    @property
    def is_starting_point(self) -> bool:
        """Whether the advice is still the shipped starting point, word for word."""
        return self.can_do == DEFAULT_CAN_DO and self.get_help == DEFAULT_GET_HELP


DEFAULT_PROFILE = ClinicProfile.model_validate({"format_version": 1})


class Clinic(msgspec.Struct, frozen=True):
    """A profile and where its logo is on disk (None: no logo)."""

    profile: ClinicProfile = DEFAULT_PROFILE
    logo_path: Path | None = None

    def review_problems(self) -> list[str]:
        """What a clinician should know before printing: a draft or unreviewed advice."""
        out = []
        if self.profile.is_starting_point:
            out.append("the clinic's advice is the shipped starting point: review it and "
                       "make it your own (Tools > Clinic Profile)")
        if not self.profile.is_reviewed:
            out.append("the clinic's advice has no reviewer and review date yet")
        return out


def clinic_file() -> Path:
    """Where the user's clinic profile is kept."""
    return user_data_dir() / "clinic.json"


def _logo_path(path: Path, profile: ClinicProfile) -> Path | None:
    """The logo's file: in the image library (``library/<name>``), or (the older form)
    beside the profile; refusing names that could lead out of their folder, and images
    that cannot be printed."""
    if profile.logo is None:
        return None
    if is_library_path(profile.logo):
        logo = library_file(path, "logo", profile.logo)
        check_image(path, "logo", logo)
        return logo
    pure = PurePosixPath(profile.logo)
    if ("\\" in profile.logo or pure.is_absolute() or len(pure.parts) != 1
            or pure.suffix.lower() not in LOGO_SUFFIXES):
        raise LoadError(path, "logo", "must be an image in your image library (like "
                                      "library/clinic-logo.png), or the name of a PNG, "
                                      "JPEG or SVG file in the profile's own folder")
    logo = path.parent / pure.name
    if not logo.is_file() or logo.is_symlink():
        raise LoadError(path, "logo", f"no image at {logo}")
    check_image(path, "logo", logo)
    return logo


def load_clinic(path: str | Path | None = None) -> Clinic:
    """The profile at ``path`` (the user's by default; the shipped starting point when the
    user has none yet). A broken file raises LoadError naming it."""
    target = Path(path) if path is not None else clinic_file()
    if path is None and not target.exists():
        return Clinic()
    profile = load_model(target, ClinicProfile)
    check_brand_colours(target, profile.brand_colours)
    return Clinic(profile, _logo_path(target, profile))


def clinic_json(profile: ClinicProfile) -> bytes:
    """The profile as saved: every field written out, the advice included, so that a
    reviewed profile never takes on a later release's starting points unseen."""
    import json  # only to save: reading a profile does without it (jsonfile.py)

    data = profile.model_dump(mode="json", exclude_none=True)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def save_clinic(profile: ClinicProfile, path: str | Path | None = None) -> Path:
    """Write the profile atomically, keeping the previous one as ``.bak``."""
    target = Path(path) if path is not None else clinic_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, clinic_json(profile), backup=True)
    return target


def install_logo(source: str | Path, folder: str | Path | None = None) -> str:
    """Use an image file as the logo: checked and copied into the user's image library
    (:func:`.image_library.import_image`); returns the name to store in the profile,
    ``library/<name>``. With ``folder`` (the older form, for scripts that keep the logo
    beside a profile of their own), the checked image is copied there as
    ``clinic-logo.<suffix>`` and that name is returned."""
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        raise LoadError(source, "logo", "choose a PNG or JPEG image or an SVG drawing")
    if folder is None:
        return import_image(source)
    try:
        data, _ = read_image(source)  # the bytes checked are the bytes kept
    except ImageRefused as refused:
        raise LoadError(source, "logo", f"{source.name}: {refused}") from None
    name = f"clinic-logo{'.jpg' if suffix == '.jpeg' else suffix}"
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    write_atomic(target / name, data)
    return name

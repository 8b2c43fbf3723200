"""Theme files: a theme's named colours and its heading and body fonts, as data.

A theme is a JSON file in ``data/themes/`` (``default.json`` is the app's own look),
checked like every data file: a ``format_version``, its ``name`` (the file's name), a
``label`` and ``description`` people read, its ``colours`` (the swatches below, each
``#rrggbb``), their ``cmyk`` values for print (each swatch's cyan, magenta, yellow and
black in whole percents, at most :data:`MAX_INK` in all: what a PDF/X export prints the
swatch in; see :mod:`..export.cmyk`) and the ``heading_font`` and ``body_font`` (``sans``
or ``serif``).

The swatches have fixed names, so that a layout's colours can follow a change of theme
name for name: ``ink`` (text), ``heading`` (headings), ``muted`` (quieter text: captions,
footers), ``panel`` (the background of boxed blocks), ``paper`` (white cards),
``page`` (a poster's page), ``soft`` (subtitles), ``rule`` (ruled lines and footer rules)
and ``tint`` (the clinic advice panel, the diary's header). A clinic's brand colours
(:class:`BrandColours`, in its profile) name any of them; the rest come from the
default theme.

This module reads no layout, so the layout's own check can ask it which names exist;
:mod:`.themes` applies themes to layouts.
"""
# No `from __future__ import annotations` here: the records' field types are objects when
# the module loads, so msgspec does not compile each from text at the first file read
# (tests/test_records.py::test_record_fields_are_types).

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from msgspec import Meta

from .errors import LoadError
from .fields import Colour, Id
from .fonts import FontChoice
from .jsonfile import DataFile, load_model
from .paths import DATA
from .records import Record
from .theme import contrast

THEMES = DATA / "themes"
DEFAULT = "default"
CLINIC = "clinic"  # the theme made from the clinic profile's brand colours
SWATCH_LABELS = {
    "ink": "Text", "heading": "Headings", "muted": "Quiet text", "panel": "Panel",
    "paper": "Paper", "page": "Page", "soft": "Subtitles", "rule": "Rules", "tint": "Tint"}
TEXT_SWATCHES = ("ink", "heading", "muted", "soft")  # set as text on the backgrounds
BACKGROUND_SWATCHES = ("panel", "paper", "page", "tint")
READABLE = 4.5  # the least contrast text keeps with what it is printed on (WCAG AA)
MAX_INK = 300  # total ink (C + M + Y + K, in percent) coated offset paper takes
Percent = Annotated[int, Meta(ge=0, le=100)]
InkPercents = tuple[Percent, Percent, Percent, Percent]  # cyan, magenta, yellow, black


class Swatches(Record):
    """A theme's colours, by name, in the order a palette shows them."""

    ink: Colour
    heading: Colour
    muted: Colour
    panel: Colour
    paper: Colour
    page: Colour
    soft: Colour
    rule: Colour
    tint: Colour


class CmykSwatches(Record):
    """Each swatch's CMYK for print, in whole percents."""

    ink: InkPercents
    heading: InkPercents
    muted: InkPercents
    panel: InkPercents
    paper: InkPercents
    page: InkPercents
    soft: InkPercents
    rule: InkPercents
    tint: InkPercents


class BrandColours(Record):
    """A clinic's own colours for any of the swatches (the rest are the default theme's)."""

    ink: Colour | None = None
    heading: Colour | None = None
    muted: Colour | None = None
    panel: Colour | None = None
    paper: Colour | None = None
    page: Colour | None = None
    soft: Colour | None = None
    rule: Colour | None = None
    tint: Colour | None = None

    def given(self) -> dict[str, str]:
        """The swatches the clinic names, by name."""
        return {name: value for name in SWATCH_LABELS
                if (value := getattr(self, name)) is not None}


class Theme(DataFile):
    """Named colours and the heading and body fonts."""

    name: Id
    label: Annotated[str, Meta(min_length=1, max_length=60)]
    description: Annotated[str, Meta(min_length=1, max_length=300)]
    colours: Swatches
    cmyk: CmykSwatches | None = None
    heading_font: FontChoice = "sans"
    body_font: FontChoice = "sans"

    def colour(self, name: str) -> str:
        """The colour of one swatch (KeyError for a name that is not a swatch)."""
        if name not in SWATCH_LABELS:
            raise KeyError(name)
        value: str = getattr(self.colours, name)
        return value

    def swatches(self) -> list[tuple[str, str]]:
        """Each swatch's name and colour, in order."""
        return [(name, self.colour(name)) for name in SWATCH_LABELS]

    def cmyk_swatches(self) -> dict[str, tuple[float, float, float, float]] | None:
        """Each swatch's CMYK for print (0 to 1), by name; None when the theme has none."""
        if self.cmyk is None:
            return None
        out = {}
        for name in SWATCH_LABELS:
            c, m, y, k = (v / 100 for v in getattr(self.cmyk, name))
            out[name] = (c, m, y, k)
        return out


def load_theme(path: str | Path) -> Theme:
    """Read and check one theme file (raises LoadError)."""
    theme = load_model(path, Theme)
    if theme.name != Path(path).stem:
        raise LoadError(path, "name", f"{theme.name!r} must be the file's name "
                                      f"({Path(path).stem!r})")
    if theme.name == CLINIC:
        raise LoadError(path, "name", f"'{CLINIC}' is the clinic profile's theme")
    for name in SWATCH_LABELS if theme.cmyk is not None else ():
        inks = getattr(theme.cmyk, name)
        if sum(inks) > MAX_INK:
            raise LoadError(path, f"cmyk.{name}", f"{list(inks)} adds up to {sum(inks)}% ink, "
                                                   f"more than the {MAX_INK}% a press takes")
    return theme


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Theme]:
    return {path.stem: load_theme(path) for path in sorted(THEMES.glob("*.json"))}


def shipped_themes() -> dict[str, Theme]:
    """The themes that ship with the app, by name (the default first)."""
    found = _shipped()
    return {DEFAULT: found[DEFAULT], **{k: v for k, v in found.items() if k != DEFAULT}}


def theme_named(name: str) -> Theme:
    """A shipped theme by name (KeyError if there is none)."""
    return _shipped()[name]


def default_theme() -> Theme:
    """The app's own look."""
    return theme_named(DEFAULT)


def check_theme_name(path: str | Path, name: str | None) -> None:
    """Refuse a layout's ``theme`` that names no theme (LoadError listing them)."""
    if name is None or name == CLINIC or name in _shipped():
        return
    known = ", ".join(sorted([*_shipped(), CLINIC]))
    raise LoadError(path, "theme", f"no theme named {name!r} (there are {known})")


def check_brand_colours(path: str | Path, colours: BrandColours | None) -> None:
    """Refuse brand colours that would leave text unreadable: a background swatch so
    dark that even black text on it is under :data:`READABLE` contrast. (Text swatches
    too light for the backgrounds are darkened when the theme is made.)"""
    for name, value in (colours.given() if colours else {}).items():
        if name in BACKGROUND_SWATCHES and contrast("#000000", value) < READABLE:
            raise LoadError(path, f"brand_colours.{name}",
                            f"{value} is too dark to print text on (even black text has "
                            f"{contrast('#000000', value):.1f}:1 contrast with it, and a "
                            f"handout needs {READABLE:g}:1); choose a lighter colour")

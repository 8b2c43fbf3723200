"""Colours for a press: every colour and image of a PDF/X export in CMYK, through one
output profile.

Three kinds of colour reach a page. A theme's swatches have CMYK values of their own,
chosen once in the theme file (:mod:`..model.theme_files`); they are used when the export
prints through the app's own profile (any shipped theme's swatch, the layout's theme's
first). Pure greys (equal red, green and blue) print in black ink only, its percentage
from the grey's lightness. Everything else (layout colours outside the theme, the
diagram's accents, pictograms, SVG drawings, images' pixels) is converted from sRGB
through the output profile, relative colorimetric with black point compensation
(Pillow's ImageCms, that is LittleCMS), once per colour per export. With a profile the
person names, every colour but the greys goes through that profile: the themes' CMYK
values are chosen for the app's own.

Small dark text and hairlines are set in black ink only, so that a misregistered press
cannot blur them: :meth:`Inks.k_only` gives the black-only form of a dark, near-neutral
colour, with the black's percentage from the colour's lightness. Dark and near-neutral
are measured on the colour as it prints (its CMYK through the profile back to L*a*b*,
as the preflight measures it): lightness L* under :data:`DARK_L` and chroma C* under
:data:`NEUTRAL_C`, or the theme's ink or muted swatch when near-neutral. The PDF/X
canvas (:mod:`.pdfx`) uses it for text under :data:`SMALL_TEXT_PT` and lines under
:data:`THIN_LINE_PT`.
"""
from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageCms
from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.rl_accel import fp_str

from ..model.paths import DATA
from ..model.theme_files import shipped_themes
from .export_errors import ExportError

if TYPE_CHECKING:
    from ..model.theme_files import Theme

OUR_PROFILE = DATA / "colour" / "gutskin-cmyk-fogra39l.icc"
# The print condition our profile describes, as the output intent names it (the ICC's
# registry of characterisations lists FOGRA39)
FOGRA39 = ("FOGRA39",
           ("Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 "
            "= coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)"),
           "http://www.color.org")
SMALL_TEXT_PT = 12.0  # text set smaller than this, when dark, prints in black ink only
THIN_LINE_PT = 0.5  # and so do dark lines thinner than this
DARK_L = 35.0  # dark: lightness L* under this, as printed...
NEUTRAL_C = 15.0  # ...and near-neutral: chroma C* under this
MAX_PROFILE_BYTES = 20_000_000
Cmyk = tuple[float, float, float, float]  # cyan, magenta, yellow, black: 0 to 1


class ProfileError(ExportError):
    """An output profile that cannot be used (not readable, not ICC, not for CMYK
    output): ``path`` names the file and ``problem`` says what is wrong."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"output profile {path}: {problem}")
        self.path, self.problem = str(path), problem


@dataclass(frozen=True)
class OutputProfile:
    """A CMYK output profile and how a PDF/X output intent names its print condition."""

    data: bytes
    description: str
    identifier: str  # OutputConditionIdentifier
    condition: str  # OutputCondition: the print condition in words
    registry: str  # RegistryName; "" for a condition no registry lists
    ours: bool = False


@lru_cache(maxsize=1)
def our_profile() -> OutputProfile:
    """The app's own profile: FOGRA39 (coated offset paper), made from the FOGRA39L data."""
    data = OUR_PROFILE.read_bytes()
    identifier, condition, registry = FOGRA39
    return OutputProfile(data, _description(_open(data)), identifier, condition, registry,
                         ours=True)


def read_profile(path: str | Path) -> OutputProfile:
    """A CMYK output profile a person names (ProfileError, naming the file, when it is
    not one)."""
    where = Path(path)
    try:
        with where.open("rb") as file:
            data = file.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise ProfileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(path, f"is larger than {MAX_PROFILE_BYTES // 1_000_000} MB; no "
                                 "ICC profile is")
    if len(data) < 128 or data[36:40] != b"acsp":
        raise ProfileError(path, "is not an ICC colour profile")
    space, kind = data[16:20], data[12:16]
    if space != b"CMYK" or kind != b"prtr":
        what = {b"mntr": "a display", b"scnr": "an input (scanner or camera)",
                b"link": "a device link", b"abst": "an abstract", b"spac": "a colour space",
                b"nmcl": "a named colour", b"prtr": "an output"}.get(kind, "an unknown kind of")
        raise ProfileError(path, f"is {what} profile for "
                                 f"{space.decode('latin-1').strip() or 'no'} colour, not a "
                                 "CMYK output (printer) profile; ask the print shop for theirs")
    try:
        profile = _open(data)
        Inks(OutputProfile(data, "", "", "", ""), None).rgb_cmyk((31, 79, 102))  # both ways
    except (OSError, ImageCms.PyCMSError, ValueError) as exc:
        raise ProfileError(path, f"cannot be used ({exc})") from None
    description = _description(profile) or where.stem
    return OutputProfile(data, description, "Custom", description, "")


def _open(data: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(data))


def _description(profile: ImageCms.ImageCmsProfile) -> str:
    text = profile.profile.profile_description or ""
    return " ".join(str(text).split())[:200]


def lab(rgb: tuple[int, int, int]) -> tuple[float, float]:
    """An sRGB colour's lightness L* (0 to 100) and chroma C*."""
    return _lightness_chroma(ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb),
                                                     _to_lab()))


def printed_lab(profile: bytes) -> Callable[[Cmyk], tuple[float, float]]:
    """A function giving the lightness L* and chroma C* a CMYK colour (0 to 1) prints
    at through this output profile (relative colorimetric)."""
    transform = ImageCms.buildTransform(_open(profile), ImageCms.createProfile("LAB"), "CMYK",
                                        "LAB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)

    def printed(cmyk: Cmyk) -> tuple[float, float]:
        pixel = tuple(max(0, min(255, round(v * 255))) for v in cmyk)
        return _lightness_chroma(ImageCms.applyTransform(Image.new("CMYK", (1, 1), pixel),
                                                         transform))
    return printed


def _lightness_chroma(image: Image.Image | None) -> tuple[float, float]:
    assert image is not None
    l_value, a, b = image.getpixel((0, 0))  # type: ignore[misc]  # a LAB pixel is a triple
    return l_value * 100 / 255, math.hypot(a - 128, b - 128)


@lru_cache(maxsize=1)
def _to_lab() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"),
                                   ImageCms.createProfile("LAB"), "RGB", "LAB")


def percent(values: tuple[float, ...]) -> Cmyk:
    """CMYK values (0 to 1) rounded to whole percents, as printers name them."""
    c, m, y, k = (round(v * 100) / 100 for v in values)
    return c, m, y, k


def operands(cmyk: Cmyk) -> str:
    """CMYK values as a PDF content stream writes them before ``k`` or ``K``."""
    return str(fp_str(*cmyk))


class Inks:
    """The colours of one export for one press: theme swatches, greys, everything else
    through the profile, and the black-only forms of the dark ones."""

    def __init__(self, profile: OutputProfile, theme: Theme | None) -> None:
        self.profile = profile
        self._rgb = to_press(ImageCms.createProfile("sRGB"), profile.data)
        self._sources: dict[bytes, ImageCms.ImageCmsTransform] = {}
        self._ramp = _black_ramp(_open(profile.data))
        self.printed = printed_lab(profile.data)
        self._palette: dict[tuple[int, int, int], Cmyk] = {}
        self._dark_swatches: set[tuple[int, int, int]] = set()
        self._colours: dict[tuple[int, int, int], Cmyk] = {}
        self._k_only: dict[str, str] = {}  # the operands of a dark colour: its black's
        if theme is not None:
            self._swatches(theme)

    def _swatches(self, theme: Theme) -> None:
        """The swatches' own CMYK (with our profile: every shipped theme's, this one's
        last), and the theme's text swatches that are always dark enough for black."""
        if self.profile.ours:
            for each in [*shipped_themes().values(), theme]:
                for name, value in (each.cmyk_swatches() or {}).items():
                    self._palette[_rgb(each.colour(name))] = value
        for name in ("ink", "muted"):
            rgb = _rgb(theme.colour(name))
            if self.printed(self._inks(rgb))[1] < NEUTRAL_C:
                self._dark_swatches.add(rgb)

    # -- colours ------------------------------------------------------------------------

    def cmyk(self, colour: Any) -> Any:
        """Any colour reportlab takes, in CMYK (what the canvas's enforceColorSpace
        calls); CMYK colours as they are, and what is no colour as it was given (for
        reportlab to refuse)."""
        if isinstance(colour, CMYKColor):
            return colour
        if isinstance(colour, str):
            colour = toColor(colour)
        if isinstance(colour, (tuple, list)) and len(colour) in (3, 4):
            colour = CMYKColor(*colour) if len(colour) == 4 else Color(*colour)
            if isinstance(colour, CMYKColor):
                return colour
        if not isinstance(colour, Color):
            return colour
        rgb = tuple(max(0, min(255, round(v * 255))) for v in colour.rgb())
        c, m, y, k = self.rgb_cmyk((rgb[0], rgb[1], rgb[2]))
        return CMYKColor(c, m, y, k, alpha=colour.alpha)

    def rgb_cmyk(self, rgb: tuple[int, int, int]) -> Cmyk:
        """An sRGB colour (0 to 255) in CMYK (0 to 1), worked out once."""
        found = self._colours.get(rgb)
        if found is None:
            found = self._colours[rgb] = self._convert(rgb)
        return found

    def _convert(self, rgb: tuple[int, int, int]) -> Cmyk:
        """A colour's CMYK, noting the black-only form of a dark one."""
        out = self._inks(rgb)
        lightness, chroma = self.printed(out)
        if chroma < NEUTRAL_C and (lightness < DARK_L or rgb in self._dark_swatches):
            black = (0.0, 0.0, 0.0, out[3] if out[:3] == (0, 0, 0)
                     else self.black_for(lab(rgb)[0]))
            self._k_only[operands(out)] = operands(black)
        return out

    def _inks(self, rgb: tuple[int, int, int]) -> Cmyk:
        """A colour's CMYK: the swatch's own, black only for a grey, else the profile's."""
        if rgb in self._palette:
            return self._palette[rgb]
        if rgb[0] == rgb[1] == rgb[2]:
            return 0.0, 0.0, 0.0, self.black_for(lab(rgb)[0])
        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), self._rgb)
        assert pixel is not None
        return percent(tuple(v / 255 for v in pixel.getpixel((0, 0))))  # type: ignore[union-attr]

    def black_for(self, lightness: float) -> float:
        """The black ink (0 to 1, whole percents) that prints a grey of this lightness
        (L*, 0 to 100): as far from paper white towards solid black as the grey is from
        white towards black."""
        paper, solid = self._ramp[0], self._ramp[-1]
        target = solid + (paper - solid) * max(0.0, min(100.0, lightness)) / 100
        for k in range(1, len(self._ramp)):
            if self._ramp[k] <= target:
                upper, lower = self._ramp[k - 1], self._ramp[k]
                share = (upper - target) / (upper - lower) if upper > lower else 1.0
                return round(k - 1 + share) / 100
        return 1.0

    def k_only(self, colour: str) -> str | None:
        """The black-only operands for a dark colour's CMYK operands (``.83 .57 .45 .7``),
        or None for a colour that keeps its inks."""
        return self._k_only.get(colour)

    # -- images -------------------------------------------------------------------------

    def image(self, image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
        """A picture in CMYK (a grey one stays grey, a CMYK one as it is) and its
        transparency, if any, as a grey mask. An RGB picture with a colour profile of
        its own is converted from that profile; others as sRGB."""
        alpha: Image.Image | None = None
        if image.mode == "P":
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
            alpha = image.getchannel("A")
            image = image.convert("L" if image.mode.startswith("L") else "RGB")
        if image.mode in ("CMYK", "L"):
            return image, alpha
        if image.mode == "1":
            return image.convert("L"), alpha
        if image.mode != "RGB":
            image = image.convert("RGB")
        out = ImageCms.applyTransform(image, self._image_transform(image))
        assert out is not None
        return out, alpha

    def _image_transform(self, image: Image.Image) -> ImageCms.ImageCmsTransform:
        embedded = image.info.get("icc_profile")
        if not embedded:
            return self._rgb
        key = hashlib.sha256(embedded).digest()
        if key not in self._sources:
            try:
                source = _open(embedded)
                if source.profile.xcolor_space.strip() != "RGB":
                    raise ValueError("not an RGB profile")
                self._sources[key] = to_press(source, self.profile.data)
            except (OSError, ImageCms.PyCMSError, ValueError):
                self._sources[key] = self._rgb  # a broken profile: read it as sRGB
        return self._sources[key]


class _Written:
    """A profile as given, for Pillow to tag converted pictures with (LittleCMS cannot
    write some valid profiles back out, and Pillow asks it to after every conversion)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def tobytes(self) -> bytes:
        return self.data


def to_press(source: Any, profile: bytes) -> ImageCms.ImageCmsTransform:
    """The conversion from an RGB profile to the press's CMYK: relative colorimetric
    with black point compensation."""
    transform = ImageCms.buildTransform(
        source, _open(profile), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    transform.output_profile = _Written(profile)  # type: ignore[assignment]
    return transform


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _black_ramp(profile: ImageCms.ImageCmsProfile) -> list[float]:
    """The lightness (L*) the press prints black ink at 0, 1, ... 100% (paper first)."""
    to_lab = ImageCms.buildTransform(profile, ImageCms.createProfile("LAB"), "CMYK", "LAB",
                                     renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    ramp = Image.new("CMYK", (101, 1))
    ramp.putdata([(0, 0, 0, round(k * 2.55)) for k in range(101)])
    out = ImageCms.applyTransform(ramp, to_lab)
    assert out is not None
    return [out.getpixel((k, 0))[0] * 100 / 255 for k in range(101)]  # type: ignore[index]

"""Reading one content stream for the preflight (:mod:`.preflight`): colours set in
DeviceRGB, pictures and colour spaces in it, and text shown small in a dark colour
printed in more than black ink.

The reader follows the graphics state a content stream builds: the fill colour (``k``,
``g``, ``rg`` and the others), saved and restored with ``q`` and ``Q``; the current
transformation (``cm``) and the text matrix (``Tm``), which scale the font size set with
``Tf``; and the forms and images it draws (``Do``), which its checker reads in turn.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from .cmyk import SMALL_TEXT_PT

if TYPE_CHECKING:
    from .preflight import Report

RGB_NAMES = {"/DeviceRGB", "/RGB"}


class Checker(Protocol):
    """What the reader reports to, and asks about forms, images and colours."""

    report: Report

    def used(self, number: int, resources: Any, name: Any, fill: Any) -> None:
        """Check a form or image the stream draws."""

    def dark_mix(self, cmyk: tuple[float, ...]) -> bool:
        """Whether a CMYK fill is dark and near-neutral, and more than black ink."""


class ContentReader:
    """Read one content stream (of page ``number``, with its ``resources``; ``fill`` is
    the colour set where it starts, None when unknown)."""

    def __init__(self, checker: Checker, number: int, resources: Any, fill: Any) -> None:
        self.checker, self.number, self.resources = checker, number, resources
        self.fill = fill  # ("k", values), ("g", ...), None when unknown or not CMYK
        self.size = 0.0
        self.ctm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0)
        self.tm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0)
        self.stack: list[tuple[Any, tuple[float, ...]]] = []
        self.small: set[tuple[float, tuple[float, ...]]] = set()

    def read(self, ops: list[tuple[Any, Any]]) -> None:
        for operands, operator in ops:
            self.op(operator.decode("latin-1") if isinstance(operator, bytes)
                    else str(operator), operands)

    def op(self, operator: str, operands: list[Any]) -> None:
        report, page = self.checker.report, self.number
        if operator in ("rg", "RG"):
            report.add("colour", "colours set in DeviceRGB (the rg and RG operators)", page)
            if operator == "rg":
                self.fill = None
        elif operator in ("cs", "CS") and operands and self._rgb_space(operands[0]):
            report.add("colour", "the DeviceRGB colour space set (the cs and CS operators)",
                       page)
        elif operator == "k":
            self.fill = ("k", tuple(float(v) for v in operands[:4]))
        elif operator == "g":
            self.fill = ("g", (float(operands[0]),) if operands else (0.0,))
        elif operator in ("sc", "scn", "cs"):
            self.fill = None
        elif operator == "q":
            self.stack.append((self.fill, self.ctm))
        elif operator == "Q" and self.stack:
            self.fill, self.ctm = self.stack.pop()
        elif operator == "cm" and len(operands) == 6:
            self.ctm = _times(tuple(float(v) for v in operands[:4]), self.ctm)
        elif operator == "BT":
            self.tm = (1.0, 0.0, 0.0, 1.0)
        elif operator == "Tm" and len(operands) == 6:
            self.tm = tuple(float(v) for v in operands[:4])
        elif operator == "Tf" and len(operands) == 2:
            self.size = float(operands[1])
        elif operator in ("Tj", "TJ", "'", '"'):
            self.shown()
        elif operator == "Do" and operands:
            self.checker.used(page, self.resources, operands[0], self.fill)
        elif operator == "INLINE IMAGE":
            self.inline(operands)

    def shown(self) -> None:
        """Text shown: a warning (once per size and colour) when it is small and dark in
        more than black ink."""
        size = self.size * _scale(_times(self.tm, self.ctm))
        if self.fill is None or self.fill[0] != "k" or size >= SMALL_TEXT_PT - 0.01:
            return
        cmyk = self.fill[1]
        if (round(size, 1), cmyk) in self.small or not self.checker.dark_mix(cmyk):
            return
        self.small.add((round(size, 1), cmyk))
        inks = " ".join(f"{round(v * 100)}" for v in cmyk)
        self.checker.report.add("small text", f"text at {size:.1f} pt in a dark colour "
                                              f"printed in four inks (CMYK {inks}); set it "
                                              "in black only so misregistration cannot "
                                              "blur it", self.number, warning=True)

    def inline(self, image: Any) -> None:
        settings = image.get("settings", {}) if isinstance(image, dict) else {}
        space = settings.get("/CS", settings.get("/ColorSpace"))
        if is_rgb(space) or self._rgb_space(space):
            self.checker.report.add("colour", "an inline image in DeviceRGB", self.number)

    def _rgb_space(self, name: Any) -> bool:
        """Whether a colour space operand is DeviceRGB, itself or by its resource name."""
        if is_rgb(name):
            return not self._default_rgb()
        spaces = self.resources.get("/ColorSpace")
        spaces = spaces.get_object() if spaces is not None else {}
        return name in spaces and is_rgb(spaces[name])

    def _default_rgb(self) -> bool:
        spaces = self.resources.get("/ColorSpace")
        return spaces is not None and "/DefaultRGB" in spaces.get_object()


def is_rgb(space: Any) -> bool:
    """Whether a colour space is DeviceRGB, or indexed, separation or DeviceN over it."""
    if space is None:
        return False
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, str):
        return space in RGB_NAMES
    if isinstance(space, list) and space:
        kind = str(space[0])
        if kind in ("/Indexed", "/I") and len(space) > 1:
            return is_rgb(space[1])
        if kind == "/Separation" and len(space) > 2:
            return is_rgb(space[2])
        if kind == "/DeviceN" and len(space) > 2:
            return is_rgb(space[2])
    return False


def _times(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float, float, float]:
    """The linear part of two PDF matrices multiplied (``a`` then ``b``)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3])


def _scale(m: tuple[float, ...]) -> float:
    return float(abs(m[0] * m[3] - m[1] * m[2]) ** 0.5)

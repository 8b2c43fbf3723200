"""The measures of a TrueType face read straight from its file, without reportlab.

Why: the diagram's boxes are sized from text widths, so the main window needs a face's
advance widths, ascent and descent and the characters it covers before its first paint.
Asking reportlab for them meant importing reportlab (and Pillow, which it pulls in) and
parsing each face with its full TrueType reader. Reading them here took the main window's
first paint from 0.32 s to 0.30 s (median of 11 interleaved rounds) and its peak memory
from 85 MB to 80 MB: the ``first paint of the main window`` row of
``benchmarks/run_all.py`` (``benchmarks/first_paint.py``). This module reads the six small
tables the measures come from (``head``, ``OS/2``, ``hhea``, ``maxp``, ``cmap`` and
``hmtx``) with :mod:`struct`, 3 to 4 times faster than reportlab's reader and with nothing
to keep on disk (a cache of reportlab's figures would still have made the first run import
reportlab, and would have to be kept in step with the files).

The numbers are exactly reportlab's (``reportlab.pdfbase.ttfonts.TTFontFile`` and its
``stringWidth``), because the screen and the page share the geometry: the same choice of
``cmap`` subtable (the last Windows or Unicode one wins), the same units (1/1000 of the
size, scaled by ``1000 / unitsPerEm`` as reportlab does), the same rule that a no-break
space takes the space's width, the same width for characters a face lacks (its glyph 0's
advance) and the same order of arithmetic (the widths summed from the left, then times
0.001, then times the size). reportlab applies no kerning to TrueType text, and neither
does this. The tests compare every face the project ships against reportlab on a wide
sample of scripts and sizes.

Only the ``cmap`` subtable formats the shipped faces and common fonts use (0, 4, 6 and
12) are read; a face in another format is refused with a :class:`ValueError` naming it.
"""
from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import msgspec


class FaceMetrics(msgspec.Struct, frozen=True):
    """One face's measures, in 1/1000 of the type size."""

    widths: dict[int, float]  # code point -> advance width
    default_width: float  # the advance of a character the face lacks (glyph 0's)
    ascent: float
    descent: float  # negative below the baseline
    covered: frozenset[int]  # the code points the face's cmap maps

    def string_width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` points, as reportlab's stringWidth."""
        get = self.widths.get
        default = self.default_width
        total = 0.0
        for ch in text:
            total += get(ord(ch), default)
        return total * 0.001 * size


class _Tables:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = data = path.read_bytes()
        if len(data) < 12:
            raise ValueError(f"{path}: not a TrueType font (too short)")
        (count,) = struct.unpack_from(">H", data, 4)
        self.offsets: dict[str, int] = {}
        for n in range(count):
            tag, _checksum, offset, _length = struct.unpack_from(">4sLLL", data, 12 + 16 * n)
            self.offsets[tag.decode("latin-1")] = offset

    def at(self, tag: str) -> int:
        try:
            return self.offsets[tag]
        except KeyError:
            raise ValueError(f"{self.path}: the font has no {tag!r} table") from None


def read_face(path: Path | str) -> FaceMetrics:
    """Read a TrueType file's measures (see the module's docstring); a file that is not a
    TrueType font the reader can use is refused with a ValueError naming it."""
    try:
        return _read_face(Path(path))
    except struct.error as error:
        raise ValueError(f"{path}: not a readable TrueType font ({error})") from None


def _read_face(path: Path) -> FaceMetrics:
    tables = _Tables(path)
    data = tables.data

    head = tables.at("head")
    (units_per_em,) = struct.unpack_from(">H", data, head + 18)
    y_min, y_max = struct.unpack_from(">h2xh", data, head + 38)
    if units_per_em == 1000:
        def scale(x: float) -> float:
            return x
    else:
        mult: float = 1000 / units_per_em

        def scale(x: float) -> float:
            return x * mult

    if "OS/2" in tables.offsets:
        typo_ascender, typo_descender = struct.unpack_from(">hh", data, tables.at("OS/2") + 68)
        ascent, descent = scale(typo_ascender), scale(typo_descender)
    else:
        ascent, descent = scale(y_max), scale(y_min)

    (number_of_hmetrics,) = struct.unpack_from(">H", data, tables.at("hhea") + 34)
    (num_glyphs,) = struct.unpack_from(">H", data, tables.at("maxp") + 4)
    char_to_glyph = _read_cmap(tables, num_glyphs)

    advances = _advances(data, tables.at("hmtx"), number_of_hmetrics, scale)
    last = advances[-1]
    widths: dict[int, float] = {}
    for char, glyph in char_to_glyph.items():
        if glyph < number_of_hmetrics:
            widths[char] = advances[glyph]
        elif glyph < num_glyphs:
            widths[char] = last
    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        if 0x20 in widths:
            widths[0xA0] = widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        if 0xA0 in widths:
            widths[0x20] = widths[0xA0]
    return FaceMetrics(widths, advances[0], ascent, descent, frozenset(char_to_glyph))


def _advances(data: bytes, offset: int, count: int, scale: Callable[[float], float]) -> list[float]:
    """The scaled advance width of each of the first ``count`` glyphs (``hmtx``)."""
    if count == 0:
        raise ValueError("the font's hhea table lists no horizontal metrics")
    pairs = struct.unpack_from(f">{2 * count}H", data, offset)
    return [scale(aw) for aw in pairs[0::2]]


def _read_cmap(tables: _Tables, num_glyphs: int) -> dict[int, int]:
    """Code point -> glyph index, from the subtable reportlab picks."""
    data = tables.data
    cmap = tables.at("cmap")
    version, count = struct.unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count, version = version, count
    chosen = None
    kind = 0  # 1: a Unicode subtable, 2: Macintosh Roman
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * n)
        if platform == 3:
            kind, chosen = 1, offset
        elif platform == 1 and encoding == 0 and kind != 1:
            kind, chosen = 2, offset
        elif (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            kind, chosen = 1, offset
    if chosen is None:
        raise ValueError(f"{tables.path}: the font has no usable character map")
    start = cmap + chosen
    (fmt,) = struct.unpack_from(">H", data, start)
    result: dict[int, int] = {}
    if fmt == 4:
        length, _lang, seg_x2 = struct.unpack_from(">HHH", data, start + 2)
        limit = start + length
        segs = seg_x2 // 2
        at = start + 14
        ends = struct.unpack_from(f">{segs}H", data, at)
        starts = struct.unpack_from(f">{segs}H", data, at + seg_x2 + 2)
        deltas = struct.unpack_from(f">{segs}h", data, at + 2 * seg_x2 + 2)
        range_start = at + 3 * seg_x2 + 2
        range_offsets = struct.unpack_from(f">{segs}H", data, range_start)
        for n in range(segs):
            first, end, delta, range_offset = starts[n], ends[n], deltas[n], range_offsets[n]
            if range_offset == 0:
                for char in range(first, end + 1):
                    result[char] = (char + delta) & 0xFFFF
                continue
            base = range_start + 2 * n + range_offset
            for char in range(first, end + 1):
                where = base + (char - first) * 2
                if where >= limit:
                    glyph = 0  # a broken font: reportlab reads such characters as glyph 0
                else:
                    (glyph,) = struct.unpack_from(">H", data, where)
                    if glyph:
                        glyph = (glyph + delta) & 0xFFFF
                result[char] = glyph
    elif fmt == 12:
        (groups,) = struct.unpack_from(">L", data, start + 12)
        for n in range(groups):
            first, end, glyph = struct.unpack_from(">LLL", data, start + 16 + 12 * n)
            for char in range(first, end + 1):
                result[char] = glyph + char - first
    elif fmt == 0:
        (length,) = struct.unpack_from(">H", data, start + 2)
        glyphs = data[start + 6:start + length]
        for char in range(min(256, num_glyphs, len(glyphs))):
            result[char] = glyphs[char]
    elif fmt == 6:
        first, entries = struct.unpack_from(">HH", data, start + 6)
        chars = struct.unpack_from(f">{entries}H", data, start + 10)
        for glyph, char in zip(range(first, first + entries), chars, strict=True):
            result[char] = glyph
    else:
        raise ValueError(f"{tables.path}: character map format {fmt} is not supported")
    return result

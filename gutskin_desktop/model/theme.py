"""The diagram's palette and type sizes, shared by the screen and the page.

Colours are ``#rrggbb`` strings so that both Qt and reportlab read them. A node carries
one accent colour; its fill is a light tint of that accent.
"""
from __future__ import annotations

import re
from functools import lru_cache

BACKGROUND = "#f6f8f9"
INK = "#1f2d36"
MUTED_INK = "#52626d"
EDGE = "#8a9ba6"
EDGE_LIT = "#2b6a8a"
FOCUS = "#1c66b0"
LABEL_BACKGROUND = "#ffffff"
DEFAULT_ACCENT = {"hub": "#3e8e7e", "mechanism": "#6b7f8e", "note": "#8b97a0"}

LABEL_SIZE = {"hub": 16.0, "mechanism": 12.5, "note": 11.5}
LABEL_FACE = {"hub": "bold", "mechanism": "bold", "note": "italic"}
EDGE_LABEL_SIZE = 10.5
TINT = 0.86
COLOUR = r"^#[0-9a-fA-F]{6}$"  # a colour as data files store it
COLOUR_HINT = "a colour like #1f6f8b"
_COLOUR = re.compile(COLOUR)


def is_colour(text: str) -> bool:
    """Whether text is a colour as data files store it: ``#rrggbb``."""
    return _COLOUR.fullmatch(text) is not None


def parse_hex(colour: str) -> tuple[int, int, int]:
    """Split ``#rrggbb`` into red, green and blue (0-255)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    """Join red, green and blue (0-255) into ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@lru_cache(maxsize=1024)
def tint(colour: str, amount: float = TINT) -> str:
    """Mix a colour with white; ``amount`` 1.0 is white."""
    r, g, b = (round(c + (255 - c) * amount) for c in parse_hex(colour))
    return to_hex((r, g, b))


@lru_cache(maxsize=1024)
def shade(colour: str, amount: float = 0.35) -> str:
    """Mix a colour with black; ``amount`` 1.0 is black."""
    r, g, b = (round(c * (1 - amount)) for c in parse_hex(colour))
    return to_hex((r, g, b))


def luminance(colour: str) -> float:
    """The relative luminance of a colour (WCAG 2)."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours (WCAG 2): 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

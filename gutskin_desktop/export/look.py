"""How a block's text looks on the page: its style, with what the style leaves to the
layout's theme filled in.

A style may leave its font (``font``), its heading colour (``heading_color``) and, for
titles, callouts and captions, its weight and slant (``bold``, ``italic``) unset. The
theme then gives the font (its heading font for titles and headings, its body font for
the rest) and the heading colour; the block type gives the usual weight and slant. The
theme also gives the colours no style names: subtitles, ruled lines and tinted panels.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from ..model.fonts import face_key
from ..model.layout import Style
from ..model.theme_files import Theme
from .text import style

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle


class Look(msgspec.Struct, frozen=True):
    """A block's style in the layout's theme."""

    style: Style
    theme: Theme

    @property
    def heading_font(self) -> str:
        """The family of titles and headings: the style's, else the theme's."""
        return self.style.font or self.theme.heading_font

    @property
    def body_font(self) -> str:
        """The family of the text: the style's, else the theme's."""
        return self.style.font or self.theme.body_font

    @property
    def heading_colour(self) -> str:
        """Headings' colour: the style's, else the theme's."""
        return self.style.heading_color or self.theme.colour("heading")

    def colour(self, swatch: str) -> str:
        """One of the theme's colours."""
        return self.theme.colour(swatch)

    def weight(self, bold: bool = False, italic: bool = False) -> str:
        """The face (regular, bold, italic or bolditalic) of text usually set ``bold`` and
        ``italic``, as the style's own ``bold`` and ``italic`` change it (for the block
        types that offer them: titles, callouts and captions)."""
        s = self.style
        bold = s.bold if s.bold is not None else bold
        italic = s.italic if s.italic is not None else italic
        return ("bold" if bold else "") + ("italic" if italic else "") or "regular"

    def face(self, weight: str = "regular", heading: bool = False) -> str:
        """The key of a face (for measuring and drawing single lines): ``weight`` in the
        heading or body family."""
        font = self.heading_font if heading else self.body_font
        return face_key(font, "bold" in weight, "italic" in weight)

    def para(self, name: str, size: float, *, heading: bool = False, face: str = "regular",
             leading: float = 1.35, colour: str | None = None, align: str = "left",
             space_before: float = 0.0, space_after: float = 0.0,
             bullet: bool = False) -> ParagraphStyle:
        """A paragraph style in the heading or body family (``colour``: the style's text
        colour unless given)."""
        return style(name, size, leading=leading, face=face,
                     colour=self.style.color if colour is None else colour, align=align,
                     space_before=space_before, space_after=space_after, bullet=bullet,
                     font=self.heading_font if heading else self.body_font)

"""Themes applied to layouts: which theme a layout prints in, changing it, its palette.

A layout names its theme (``theme``; none is the default). The export takes the theme's
fonts for text whose style names none (the heading font for titles and headings, the
body font for the rest) and its heading colour where a style leaves that unset. A style's
own colours are what prints; :func:`apply_theme` is how a layout takes on another theme's
colours: each colour that is a swatch of its old theme becomes the same swatch of the new
one. Besides the shipped themes (:mod:`.theme_files`), a clinic whose profile has brand
colours has a theme of its own, named ``clinic``.
"""
from __future__ import annotations

from typing import Any

from .clinic import Clinic
from .image_library import is_library_path
from .layout import Layout, TitleBlock
from .layout_edit import rebuild
from .theme import contrast, parse_hex, shade
from .theme_files import (
    BACKGROUND_SWATCHES,
    CLINIC,
    DEFAULT,
    READABLE,
    SWATCH_LABELS,
    TEXT_SWATCHES,
    Swatches,
    Theme,
    default_theme,
    shipped_themes,
    theme_named,
)

__all__ = ["CLINIC", "DEFAULT", "Theme", "apply_theme", "available_themes", "clinic_theme",
           "palette", "shipped_themes", "theme_for", "theme_named"]

PLACEHOLDER_LOGO = "images/gutskin-logo.png"  # the shipped logo a clinic's replaces
USED_LABEL = "Used in this layout"
# Which swatch a colour is taken for when it is more than one of the old theme's: the
# ones a field most often holds first.
PREFERRED = {
    "color": ("ink", "muted", "soft", "heading"),
    "heading_color": ("heading", "ink", "muted", "soft"),
    "background": ("panel", "paper", "tint", "page"),
    "border": ("rule", "heading", "ink", "muted"),
    "page": ("page", "paper", "panel", "tint"),
}
STYLE_COLOURS = ("color", "heading_color", "background", "border")
NEAR = 4  # a colour this close to a swatch in each of red, green and blue is that swatch


def _readable(colour: str, backgrounds: list[str]) -> str:
    """``colour`` darkened in small steps, if need be, until it keeps :data:`READABLE`
    contrast with every background (or is as dark as it gets)."""
    step, out = 0.0, colour
    while min(contrast(out, b) for b in backgrounds) < READABLE and step < 1.0:
        step = min(1.0, step + 0.05)
        out = shade(colour, step)
    return out


def clinic_theme(clinic: Clinic | None) -> Theme | None:
    """The clinic's theme, from its profile's brand colours (the swatches it does not
    name are the default theme's; text colours are darkened just enough to stay
    readable on its backgrounds); None when the profile has none."""
    brand = clinic.profile.brand_colours if clinic is not None else None
    given = brand.given() if brand is not None else {}
    if not given:
        return None
    base = default_theme()
    colours = {**dict(base.swatches()), **{k: v.lower() for k, v in given.items()}}
    backgrounds = [colours[name] for name in BACKGROUND_SWATCHES]
    for name in TEXT_SWATCHES:
        colours[name] = _readable(colours[name], backgrounds)
    name = " ".join(clinic.profile.clinic.split()) if clinic is not None else ""
    label = f"{name} (clinic)" if name else "Your clinic"
    return Theme(format_version=1, name=CLINIC, label=label[:60],
                 description="The clinic's brand colours, from its profile",
                 colours=Swatches(**colours), heading_font=base.heading_font,
                 body_font=base.body_font)


def available_themes(clinic: Clinic | None = None) -> dict[str, Theme]:
    """The shipped themes by name, and the clinic's when its profile has brand colours."""
    out = dict(shipped_themes())
    own = clinic_theme(clinic)
    if own is not None:
        out[CLINIC] = own
    return out


def theme_for(layout: Layout, clinic: Clinic | None = None) -> Theme:
    """The theme a layout prints in: the one it names (the default when it names none,
    or names the clinic's and the clinic has no brand colours)."""
    name = layout.theme or DEFAULT
    if name == CLINIC:
        return clinic_theme(clinic) or default_theme()
    return theme_named(name)


def _distance(a: str, b: str) -> int:
    """How far apart two colours are: the most any of red, green and blue differs."""
    return max(abs(x - y) for x, y in zip(parse_hex(a), parse_hex(b), strict=True))


def _swap(colour: str | None, field: str, old: Theme, new: Theme) -> str | None:
    """The new theme's swatch for a colour that is one of the old theme's (or within
    :data:`NEAR` of one, which looks the same), else the colour as it is."""
    if colour is None:
        return None
    order = PREFERRED[field] + tuple(SWATCH_LABELS)
    near = [(_distance(value, colour), order.index(name), name)
            for name, value in old.swatches() if _distance(value, colour) <= NEAR]
    return new.colour(min(near)[2]) if near else colour


def apply_theme(layout: Layout, theme: Theme, clinic: Clinic | None = None) -> Layout:
    """The layout in another theme (raises EditError when the result is not valid): it
    names the theme; every style colour and the page's background that is a swatch of
    its old theme becomes the new theme's swatch of that name; a font that was the old
    theme's is left to the theme; and in the clinic's theme, image blocks showing the
    shipped placeholder logo show the clinic's logo from the image library."""
    old = theme_for(layout, clinic)
    data = layout.model_dump(mode="python", exclude_none=True)
    data["theme"] = None if theme.name == DEFAULT else theme.name
    if data["theme"] is None:
        data.pop("theme")
    page = data["page"]
    if "background" in page:
        page["background"] = _swap(page["background"], "page", old, theme)
    logo = clinic.profile.logo if clinic is not None else None
    swap_logo = theme.name == CLINIC and logo is not None and is_library_path(logo)
    for block, record in zip(data["blocks"], layout.blocks, strict=True):
        _restyle(block, record, old, theme)
        if swap_logo and block.get("type") == "image" and block.get("path") == PLACEHOLDER_LOGO:
            block["path"] = logo
    return rebuild(layout, data)


def _restyle(block: dict[str, Any], record: Any, old: Theme, new: Theme) -> None:
    """One block's style in the new theme (its data changed in place)."""
    style = block.setdefault("style", {})
    current = record.style
    for field in STYLE_COLOURS:
        value = getattr(current, field)
        swapped = _swap(value, field, old, new)
        if swapped is not None:
            style[field] = swapped
    own = old.heading_font if isinstance(record, TitleBlock) else old.body_font
    if current.font is not None and current.font == own:
        style.pop("font", None)


def palette(layout: Layout, clinic: Clinic | None = None) -> list[tuple[str, str]]:
    """The colours to offer while styling a layout, as (label, colour): its theme's
    swatches in order, then the other colours the layout uses, each colour once."""
    theme = theme_for(layout, clinic)
    out = [(SWATCH_LABELS[name], value) for name, value in theme.swatches()]
    used = [layout.page.background] + [getattr(b.style, field) for b in layout.blocks
                                       for field in STYLE_COLOURS]
    out += [(USED_LABEL, colour) for colour in used if colour]
    seen: set[str] = set()
    unique = []
    for label, colour in out:
        if colour.lower() not in seen:
            seen.add(colour.lower())
            unique.append((label, colour))
    return unique

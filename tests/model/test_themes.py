"""Themes: the shipped theme files, a layout's theme name, the clinic's brand colours as a
theme, changing a layout's theme as one edit, and the palette the designer offers."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest
from PIL import Image

from gutskin_desktop.model.clinic import Clinic, ClinicProfile, load_clinic
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.fonts import FontChoice
from gutskin_desktop.model.image_library import import_image
from gutskin_desktop.model.layout import FontFamily, Layout, load_layout
from gutskin_desktop.model.layout_files import open_layout
from gutskin_desktop.model.theme import contrast
from gutskin_desktop.model.theme_files import (
    BACKGROUND_SWATCHES,
    SWATCH_LABELS,
    TEXT_SWATCHES,
    THEMES,
    BrandColours,
    Swatches,
    load_theme,
)
from gutskin_desktop.model.themes import (
    PLACEHOLDER_LOGO,
    apply_theme,
    available_themes,
    clinic_theme,
    palette,
    shipped_themes,
    theme_for,
    theme_named,
)

DEFAULT_COLOURS = {"ink": "#1f2d36", "heading": "#1f4f66", "muted": "#3d4b55",
                   "panel": "#e3efeb", "paper": "#ffffff", "page": "#f6f8f9"}


def handout() -> Layout:
    return open_layout("a4-handout")


def clinic(brand: dict[str, str] | None = None, logo: str | None = None) -> Clinic:
    data: dict[str, Any] = {"format_version": 1, "clinic": "Elm Street Clinic"}
    if brand is not None:
        data["brand_colours"] = brand
    if logo is not None:
        data["logo"] = logo
    return Clinic(ClinicProfile.model_validate(data))


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- the shipped themes ----------------------------------------------------------------

def test_three_themes_ship_the_default_first_with_the_apps_own_colours() -> None:
    themes = shipped_themes()
    assert list(themes) == ["default", "high-contrast", "warm-serif"]
    default = themes["default"]
    assert {k: v for k, v in default.swatches() if k in DEFAULT_COLOURS} == DEFAULT_COLOURS
    assert (default.heading_font, default.body_font) == ("sans", "sans")
    assert themes["warm-serif"].heading_font == "serif"
    assert [name for name, _ in default.swatches()] == list(SWATCH_LABELS)
    assert all(t.label and t.description for t in themes.values())


@pytest.mark.parametrize("name", ["default", "high-contrast", "warm-serif"])
def test_every_shipped_themes_text_reads_on_every_one_of_its_backgrounds(name: str) -> None:
    theme = theme_named(name)
    for text in TEXT_SWATCHES:
        for ground in BACKGROUND_SWATCHES:
            ratio = contrast(theme.colour(text), theme.colour(ground))
            assert ratio >= 4.5, (name, text, ground, ratio)


def test_a_theme_by_an_unknown_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        theme_named("neon")
    with pytest.raises(KeyError):
        theme_named("default").colour("sparkle")


def test_the_font_choices_are_the_layouts() -> None:
    assert get_args(FontChoice) == get_args(FontFamily)


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"colours": {**DEFAULT_COLOURS, "soft": "#52626d", "rule": "#9aa9b3", "tint": "red"}},
     "colours.tint", "#1f6f8b"),
    ({"colours": {"ink": "#000000"}}, "colours.heading", "missing"),
    ({"colours": {**DEFAULT_COLOURS, "soft": "#52626d", "rule": "#9aa9b3",
                  "tint": "#eef4f1", "glow": "#ffff00"}}, "colours.glow", "unknown field"),
    ({"heading_font": "comic"}, "heading_font", "serif"),
    ({"name": "other"}, "name", "file's name"),
])
def test_a_broken_theme_file_is_refused_naming_the_field(
        tmp_path: Path, change: dict[str, Any], field: str, reason: str) -> None:
    data = json.loads((THEMES / "default.json").read_text(encoding="utf-8"))
    data.update(change)
    path = write_json(tmp_path / "default.json", data)
    with pytest.raises(LoadError) as caught:
        load_theme(path)
    assert caught.value.field == field and reason in caught.value.reason, str(caught.value)


# --- a layout's theme name -----------------------------------------------------------------

def test_a_layout_naming_no_theme_is_in_the_default_and_an_unknown_one_is_refused(
        tmp_path: Path) -> None:
    assert theme_for(handout()).name == "default"
    data = handout().model_dump(mode="json", exclude_none=True)
    path = write_json(tmp_path / "layout.json", {**data, "theme": "neon"})
    with pytest.raises(LoadError) as caught:
        load_layout(path)
    assert caught.value.field == "theme"
    assert caught.value.reason == ("no theme named 'neon' (there are clinic, default, "
                                   "high-contrast, warm-serif)")
    path = write_json(tmp_path / "layout.json", {**data, "theme": "warm-serif"})
    assert theme_for(load_layout(path)).name == "warm-serif"


def test_the_clinic_theme_without_brand_colours_falls_back_to_the_default() -> None:
    layout = handout().model_copy(update={"theme": "clinic"})
    assert theme_for(layout, clinic()).name == "default"
    assert theme_for(layout, clinic({"heading": "#8a1538"})).name == "clinic"


# --- the clinic's theme -------------------------------------------------------------------

def test_brand_colours_make_a_theme_named_for_the_clinic() -> None:
    assert clinic_theme(clinic()) is None and clinic_theme(clinic({})) is None
    assert "clinic" not in available_themes(clinic())
    own = clinic_theme(clinic({"heading": "#8a1538", "panel": "#fbeef1"}))
    assert own is not None
    assert (own.name, own.label) == ("clinic", "Elm Street Clinic (clinic)")
    assert own.colour("heading") == "#8a1538" and own.colour("panel") == "#fbeef1"
    assert own.colour("ink") == "#1f2d36"  # the rest are the default theme's
    assert list(available_themes(clinic({"heading": "#8a1538"}))) == [
        "default", "high-contrast", "warm-serif", "clinic"]


def test_a_brand_colour_too_light_for_text_is_darkened_until_it_reads() -> None:
    own = clinic_theme(clinic({"heading": "#ffcc00", "ink": "#888888"}))
    assert own is not None
    for text in ("heading", "ink"):
        assert min(contrast(own.colour(text), own.colour(g)) for g in BACKGROUND_SWATCHES) >= 4.5
    assert own.colour("heading") != "#ffcc00"


@pytest.mark.parametrize(("brand", "field", "reason"), [
    ({"panel": "#102030"}, "brand_colours.panel", "too dark to print text on"),
    ({"heading": "maroon"}, "brand_colours.heading", "#1f6f8b"),
    ({"sparkle": "#ffffff"}, "brand_colours.sparkle", "unknown field"),
])
def test_brand_colours_that_cannot_work_are_refused_naming_the_field(
        tmp_path: Path, brand: dict[str, str], field: str, reason: str) -> None:
    path = write_json(tmp_path / "clinic.json", {"format_version": 1, "brand_colours": brand})
    with pytest.raises(LoadError) as caught:
        load_clinic(path)
    assert caught.value.field == field and reason in caught.value.reason, str(caught.value)


def test_brand_colours_are_the_swatches() -> None:
    assert list(BrandColours.__struct_fields__) == list(Swatches.__struct_fields__) == \
        list(SWATCH_LABELS)


# --- changing a layout's theme ------------------------------------------------------------

def test_applying_a_theme_swaps_each_swatch_for_the_new_themes_of_that_name() -> None:
    layout = handout()
    warm = theme_named("warm-serif")
    after = apply_theme(layout, warm)
    assert after.theme == "warm-serif"
    title, message = after.block("title"), after.block("message")
    assert title.style.heading_color == warm.colour("heading")
    assert title.style.color == warm.colour("ink")
    assert message.style.background == warm.colour("panel")
    assert after.block("footer").style.color == warm.colour("muted")
    assert apply_theme(after, theme_named("default")) == layout  # and back again


def test_colours_of_the_layouts_own_stay_and_a_swatchs_twin_follows() -> None:
    layout = open_layout("a3-poster")  # its key points sit on #eef5f3, a hair off the tint
    warm = theme_named("warm-serif")
    after = apply_theme(layout, warm)
    assert after.block("summary").style.background == warm.colour("tint")
    own = layout.model_copy(update={"blocks": tuple(
        b.model_copy(update={"style": b.style.model_copy(update={"color": "#123456"})})
        if b.id == "message" else b for b in layout.blocks)})
    assert apply_theme(own, warm).block("message").style.color == "#123456"


def test_a_poster_banner_keeps_its_light_text_on_the_new_heading_colour() -> None:
    after = apply_theme(open_layout("a1-poster"), theme_named("high-contrast"))
    title = after.block("title")
    assert title.style.background == "#003366" and title.style.color == "#ffffff"
    assert after.page.background == "#ffffff"  # the page swatch


def test_a_font_that_was_the_old_themes_is_left_to_the_new_one() -> None:
    layout = handout()
    blocks = []
    for b in layout.blocks:
        font = {"title": "sans", "sections": "serif"}.get(b.id)
        blocks.append(b.model_copy(update={"style": b.style.model_copy(update={"font": font})}))
    after = apply_theme(layout.model_copy(update={"blocks": tuple(blocks)}),
                        theme_named("warm-serif"))
    assert after.block("title").style.font is None  # was the default's heading font
    assert after.block("sections").style.font == "serif"  # a choice of its own


def test_the_clinic_theme_puts_the_clinics_logo_in_place_of_the_placeholder(
        tmp_path: Path) -> None:
    picture = tmp_path / "Elm Logo.png"
    Image.new("RGB", (60, 40), "#8a1538").save(picture)
    logo = import_image(picture)
    layout = handout()
    data = layout.model_dump(mode="python", exclude_none=True)
    data["blocks"].append({"id": "logo", "type": "image", "x_mm": 160, "y_mm": 240,
                           "w_mm": 30, "h_mm": 20, "path": PLACEHOLDER_LOGO})
    layout = Layout.model_validate(data)
    own = clinic({"heading": "#8a1538"}, logo=logo)
    theme = clinic_theme(own)
    assert theme is not None
    after = apply_theme(layout, theme, own)
    assert after.block("logo").path == logo and after.theme == "clinic"
    plain = apply_theme(layout, theme, clinic({"heading": "#8a1538"}))
    assert plain.block("logo").path == PLACEHOLDER_LOGO  # no logo of its own: left alone


# --- the palette ------------------------------------------------------------------------------

def test_the_palette_is_the_themes_swatches_then_the_layouts_other_colours() -> None:
    layout = open_layout("a3-poster")
    colours = palette(layout)
    theme = theme_named("default")
    assert colours[:len(SWATCH_LABELS)] == [(SWATCH_LABELS[n], c) for n, c in theme.swatches()]
    assert ("Used in this layout", "#eef5f3") in colours
    assert len({c.lower() for _, c in colours}) == len(colours)
    warm = palette(apply_theme(layout, theme_named("warm-serif")))
    assert warm[1] == ("Headings", "#7a3322")

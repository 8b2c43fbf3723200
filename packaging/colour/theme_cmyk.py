"""Suggest each theme swatch's CMYK for print (the ``cmyk`` of data/themes/*.json).

    .venv/bin/python packaging/colour/theme_cmyk.py [THEME ...]

prints, for every swatch of the themes named (all shipped themes by default), the
profile's own conversion and the value suggested for the theme file, as JSON ready to
paste. The values in the shipped themes were chosen this way:

- a pure grey (equal red, green and blue): black ink only, as dark as the export's rule
  for greys makes it (export/cmyk.py, ``Inks.black_for``);
- a near-neutral text colour (ink, muted, soft, and the heading when it is near-neutral:
  chroma under 20): as much black as can still print the colour, that is the highest black
  (whole percents) for which some cyan, magenta and yellow (searched in 2% steps) land
  within 2 delta E (CIE 1976) of what the profile's own conversion prints, with at most
  300% ink in all; the least total ink among those. Text then prints mostly on the black
  plate, so it stays sharp even when the other plates are slightly out of register;
- every other colour: the profile's conversion (sRGB, relative colorimetric with black
  point compensation), in whole percents.
"""
from __future__ import annotations

import io
import json
import math
import sys
from functools import lru_cache

from PIL import Image, ImageCms

from gutskin_desktop.export.cmyk import NEUTRAL_C, Inks, lab, our_profile
from gutskin_desktop.model.theme_files import SWATCH_LABELS, shipped_themes

TEXT = ("ink", "muted", "soft", "heading")
STEP = 2  # percent, in the search for cyan, magenta and yellow
CLOSE = 2.0  # delta E


@lru_cache(maxsize=1)
def _to_lab() -> ImageCms.ImageCmsTransform:
    profile = ImageCms.ImageCmsProfile(io.BytesIO(our_profile().data))
    return ImageCms.buildTransform(profile, ImageCms.createProfile("LAB"), "CMYK", "LAB")


def _lab_of(cmyks: list[tuple[int, int, int, int]]) -> list[tuple[float, float, float]]:
    """What the press prints for each CMYK (percent), as L*a*b*."""
    image = Image.new("CMYK", (len(cmyks), 1))
    image.putdata([tuple(round(v * 2.55) for v in c) for c in cmyks])
    data = ImageCms.applyTransform(image, _to_lab()).tobytes()
    return [(data[i] * 100 / 255, data[i + 1] - 128.0, data[i + 2] - 128.0)
            for i in range(0, len(data), 3)]


def most_black(target: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The CMYK with the most black that prints within CLOSE of ``target``."""
    aim = _lab_of([target])[0]
    steps = range(0, 101, STEP)
    grid = [(c, m, y) for c in steps for m in steps for y in steps]
    for k in range(100, target[3] - 1, -1):
        cmyks = [(c, m, y, k) for c, m, y in grid if c + m + y + k <= 300]
        near = [(math.dist(lab_value, aim), sum(cmyk), cmyk)
                for cmyk, lab_value in zip(cmyks, _lab_of(cmyks), strict=True)]
        fits = [n for n in near if n[0] <= CLOSE]
        if fits:
            return min(fits, key=lambda n: (n[1], n[0]))[2]
    return target


def suggest(theme_name: str) -> dict[str, list[int]]:
    """Each swatch's suggested CMYK (percent) for one theme."""
    theme = shipped_themes()[theme_name]
    inks = Inks(our_profile(), None)  # no palette: the profile's own conversion
    out = {}
    for name in SWATCH_LABELS:
        hex_colour = theme.colour(name)
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        own = tuple(round(v * 100) for v in inks.rgb_cmyk(rgb))
        lightness, chroma = lab(rgb)
        if rgb[0] == rgb[1] == rgb[2]:
            chosen = (0, 0, 0, round(inks.black_for(lightness) * 100))
        elif name in TEXT and chroma < NEUTRAL_C:
            chosen = most_black(own)
        else:
            chosen = own
        print(f"{theme_name:14} {name:8} {hex_colour}  L*{lightness:5.1f} C*{chroma:5.1f}  "
              f"profile {list(own)}  chosen {list(chosen)}", file=sys.stderr)
        out[name] = list(chosen)
    return out


if __name__ == "__main__":
    names = sys.argv[1:] or list(shipped_themes())
    print(json.dumps({name: suggest(name) for name in names}, indent=2))

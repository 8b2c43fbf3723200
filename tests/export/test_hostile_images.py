"""Images in layouts: only real PNG and JPEG files in the data folder, and no decompression
bombs."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from gutskin_desktop.model import layout as layout_module
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.paths import ASSETS

from .pdfread import shipped

DATA = Path(__file__).resolve().parent.parent / "data"
LOGO = len(shipped("a4-handout")["blocks"])  # the image block goes after a4-handout's own


def _layout_with_image(tmp_path: Path, image: str) -> Path:
    import json

    data = shipped("a4-handout")
    data["blocks"].append({"id": "logo", "type": "image", "x_mm": 170, "y_mm": 14,
                           "w_mm": 25, "h_mm": 20, "path": image})
    path = tmp_path / "with-image.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "assets"
    folder.mkdir()
    monkeypatch.setattr(layout_module, "ASSETS", folder)
    return folder


@pytest.mark.parametrize(("name", "reason"), [("bomb.png", "more than 50 million"),
                                              ("fake.png", "not a PNG or JPEG")])
def test_bombs_and_impostors_are_refused(tmp_path: Path, assets: Path, name: str,
                                         reason: str) -> None:
    shutil.copy(DATA / name, assets / name)
    with pytest.raises(LoadError) as caught:
        load_layout(_layout_with_image(tmp_path, name))
    assert f"blocks[{LOGO}].path" in str(caught.value) and reason in str(caught.value)


def test_a_real_jpeg_is_accepted(tmp_path: Path, assets: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(buffer, "JPEG")
    (assets / "photo.jpg").write_bytes(buffer.getvalue())
    assert load_layout(_layout_with_image(tmp_path, "photo.jpg")).block("logo")


def test_a_link_out_of_assets_is_refused(tmp_path: Path, assets: Path) -> None:
    outside = tmp_path / "secret.png"
    shutil.copy(ASSETS / "images" / "gutskin-logo.png", outside)
    (assets / "link.png").symlink_to(outside)
    with pytest.raises(LoadError) as caught:
        load_layout(_layout_with_image(tmp_path, "link.png"))
    assert "outside the app's data folder" in str(caught.value)

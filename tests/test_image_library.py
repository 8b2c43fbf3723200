"""The image library: pictures from anywhere checked by their content and copied under a
readable, unique name; layouts and the clinic profile naming ``library/<name>``; names that
could lead out of the library, missing images and unsafe files refused with one line.

Each test has its own user data folder (tests/conftest.py sets ``XDG_DATA_HOME``), so the
library starts empty and nothing is written into the real home.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from gutskin_desktop.model.clinic import ClinicProfile, install_logo, load_clinic, save_clinic
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.image_library import import_image, library_images, slug
from gutskin_desktop.model.layout import safe_asset_path
from gutskin_desktop.model.paths import LAYOUTS, user_data_dir, user_images_dir

from .cli_support import REVIEWED_CLINIC, assert_one_error_line
from .test_images import pdf_images, svg, truncated_png

ROOT = Path(__file__).resolve().parent.parent


def png(width: int = 60, height: int = 30, colour: str = "#1f4f66") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 80, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#c03020").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "#00ff00").save(buffer, "GIF")
    return buffer.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def library() -> dict[str, bytes]:
    """The library's files and their bytes (hidden files too: nothing may be left)."""
    folder = user_images_dir()
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


def test_the_library_is_in_the_tests_own_data_folder() -> None:
    assert str(user_images_dir()).startswith(os.environ["XDG_DATA_HOME"])
    assert user_images_dir() == user_data_dir() / "images"
    assert not Path.home().joinpath(".local/share/gutskin-desktop/images/x").exists()


@pytest.mark.parametrize(("name", "data", "stored"), [
    ("Clinic Logo (2).PNG", png(), "clinic-logo-2.png"),
    ("Photo of the Clinic.jpeg", jpeg(), "photo-of-the-clinic.jpg"),
    ("Ärztehaus Logo.svg", svg(), "arztehaus-logo.svg"),
    ("really-a-png.jpg", png(), "really-a-png.png"),  # named by what it holds
    ("!!!.png", png(), "image.png"),
])
def test_pngs_jpegs_and_svgs_come_in_under_readable_names(tmp_path: Path, name: str,
                                                          data: bytes, stored: str) -> None:
    source = write(tmp_path, name, data)
    assert import_image(source) == f"library/{stored}"
    assert library() == {stored: data}
    assert [(i.name, i.layout_path) for i in library_images()] == [(stored,
                                                                    f"library/{stored}")]


def test_the_same_picture_is_kept_once_and_another_of_the_same_name_gets_a_number(
        tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", "logo.png", png(colour="#ff0000"))
    again = write(tmp_path, "copy of the logo.png", png(colour="#ff0000"))
    other = write(tmp_path / "b", "logo.png", png(colour="#0000ff"))
    assert import_image(first) == "library/logo.png"
    assert import_image(again) == "library/logo.png"  # same content: the same name
    assert import_image(other) == "library/logo-2.png"
    assert import_image(first) == "library/logo.png"
    assert sorted(library()) == ["logo-2.png", "logo.png"]
    assert library()["logo-2.png"] == other.read_bytes()


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("renamed-gif.png", gif(), ("not a PNG or JPEG image (its content looks like a GIF "
                                "image), nor an SVG drawing")),
    ("truncated.png", truncated_png(), "the PNG image is cut short (truncated)"),
    ("entity.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM '
                   b'"file:///etc/passwd">]>' + svg("<text>&x;</text>"),
     "the SVG file declares a DTD or entities"),
    ("passwd.svg", svg('<image width="9" height="9" xlink:href="file:///etc/passwd"/>'),
     "refers to another file or a web address ('file:///etc/passwd')"),
    ("huge.svg", svg("<!--" + "x" * (5 * 1024 * 1024) + "-->"),
     "the SVG file is larger than 5 MB"),
])
def test_a_refused_file_is_named_with_the_reason_and_nothing_is_copied(
        tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    source = write(tmp_path, name, data)
    with pytest.raises(LoadError) as caught:
        import_image(source)
    message = str(caught.value)
    assert message.startswith(f"{source}: ") and reason in message, message
    assert "\n" not in message and message.count(name) == 1  # one line, the file named once
    assert library() == {}


def test_hidden_and_other_files_in_the_folder_are_not_listed(tmp_path: Path) -> None:
    import_image(write(tmp_path, "a.png", png()))
    folder = user_images_dir()
    (folder / ".import-abc.tmp").write_bytes(png())
    (folder / "notes.txt").write_text("mine")
    (folder / "sub.png").mkdir()
    assert [i.name for i in library_images()] == ["a.png"]


def test_newest_first() -> None:
    folder = user_images_dir()
    folder.mkdir(parents=True)
    for n, name in enumerate(["b.png", "a.png", "c.png"]):
        (folder / name).write_bytes(png())
        os.utime(folder / name, (1_700_000_000 + n, 1_700_000_000 + n))
    assert [i.name for i in library_images()] == ["c.png", "a.png", "b.png"]


def test_slug() -> None:
    assert slug("Dr. Müller\u2019s   Logo!!") == "dr-mullers-logo"
    assert slug("2024 logo") == "2024-logo"
    assert slug("x" * 200) == "x" * 60


# --- layouts and the clinic profile naming library images ------------------------------------

@pytest.mark.parametrize(("relative", "reason"), [
    ("library/../images/gutskin-logo.png", "after library/ comes one file name"),
    ("library/sub/x.png", "after library/ comes one file name"),
    ("library/.hidden.png", "after library/ comes one file name"),
    ("library\\x.png", "use forward slashes"),
    ("library/x.gif", "only PNG and JPEG images and SVG drawings"),
    ("library/missing.png", ("no image missing.png in your image library ({folder}); "
                             "insert it again from the designer")),
])
def test_library_paths_that_lead_out_or_lead_nowhere_are_refused(relative: str,
                                                                 reason: str) -> None:
    user_images_dir().mkdir(parents=True)
    with pytest.raises(LoadError) as caught:
        safe_asset_path("my-layout.json", "blocks[3].path", relative)
    assert str(caught.value).startswith("my-layout.json: blocks[3].path: ")
    assert reason.format(folder=user_images_dir()) in str(caught.value)


def test_a_symbolic_link_out_of_the_library_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path, "secret.png", png())
    user_images_dir().mkdir(parents=True)
    (user_images_dir() / "link.png").symlink_to(outside)
    with pytest.raises(LoadError, match="leads out of it"):
        safe_asset_path("my-layout.json", "blocks[3].path", "library/link.png")


def test_a_library_image_that_was_damaged_since_is_refused(tmp_path: Path) -> None:
    import_image(write(tmp_path, "x.png", png()))
    (user_images_dir() / "x.png").write_bytes(truncated_png())
    with pytest.raises(LoadError, match=r"blocks\[3\].path: x.png: the PNG image is cut short"):
        safe_asset_path("my-layout.json", "blocks[3].path", "library/x.png")


def _layout_with(folder: Path, path: str, **where: float) -> Path:
    data = json.loads((LAYOUTS / "a4-handout.json").read_text(encoding="utf-8"))
    data["blocks"].append({"id": "picture", "type": "image", "x_mm": where.get("x", 150),
                           "y_mm": where.get("y", 40), "w_mm": 40, "h_mm": 20, "path": path})
    out = folder / "with-picture.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def _gutskin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_layout_with_library_images_exports_them(tmp_path: Path) -> None:
    """A PNG as an image XObject at its own size; an SVG as vectors whose text is text."""
    photo = import_image(write(tmp_path, "photo.png", png(64, 32)))
    drawing = import_image(write(tmp_path, "sign.svg", svg(
        '<rect width="120" height="60" fill="#2f8a77"/>'
        '<text x="8" y="40" font-size="22" fill="#fff">Welcome</text>')))
    layout = _layout_with(tmp_path, photo)
    data = json.loads(layout.read_text(encoding="utf-8"))
    data["blocks"].append({**data["blocks"][-1], "id": "sign", "y_mm": 70, "path": drawing})
    layout.write_text(json.dumps(data), encoding="utf-8")
    clinic = tmp_path / "clinic.json"
    clinic.write_text(json.dumps(REVIEWED_CLINIC), encoding="utf-8")
    out = tmp_path / "out.pdf"
    done = _gutskin("export", "--layout", str(layout), "--out", str(out), "--clinic",
                    str(clinic))
    assert done.returncode == 0, done.stderr
    assert (64, 32, "/FlateDecode") in pdf_images(out)
    assert "Welcome" in pypdf.PdfReader(out).pages[0].extract_text()


def test_a_layout_naming_a_missing_library_image_says_so_in_one_line(tmp_path: Path) -> None:
    layout = _layout_with(tmp_path, "library/gone.png")
    done = _gutskin("check", str(layout))
    assert_one_error_line(done, str(layout), ".path", "no image gone.png in your image "
                          f"library ({user_images_dir()}); insert it again from the designer")


def test_the_clinic_logo_may_be_a_library_image(tmp_path: Path) -> None:
    """An SVG logo from the library prints beside the clinic's advice, as vectors."""
    logo = install_logo(write(tmp_path, "Our Logo.svg", svg(
        '<circle cx="60" cy="30" r="28" fill="#4f58a8"/>'
        '<text x="30" y="36" font-size="14" fill="#fff">ELM</text>')))
    assert logo == "library/our-logo.svg"
    profile = ClinicProfile.model_validate({**REVIEWED_CLINIC, "logo": logo})
    path = save_clinic(profile, tmp_path / "clinic.json")
    assert load_clinic(path).logo_path == user_images_dir() / "our-logo.svg"
    data = json.loads((LAYOUTS / "a4-handout.json").read_text(encoding="utf-8"))
    out = tmp_path / "out.pdf"
    done = _gutskin("export", "--layout", "a4-handout", "--out", str(out), "--clinic",
                    str(path))
    assert done.returncode == 0, done.stderr
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "ELM" in text and data["name"] == "a4-handout"


def test_a_profile_with_its_logo_beside_it_still_loads(tmp_path: Path) -> None:
    write(tmp_path, "clinic-logo.png", png())
    path = save_clinic(ClinicProfile.model_validate({**REVIEWED_CLINIC,
                                                     "logo": "clinic-logo.png"}),
                       tmp_path / "clinic.json")
    assert load_clinic(path).logo_path == tmp_path / "clinic-logo.png"


def test_a_profile_naming_a_missing_library_logo_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps({**REVIEWED_CLINIC, "logo": "library/gone.svg"}),
                    encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_clinic(path)
    assert str(caught.value).startswith(f"{path}: logo: no image gone.svg in your image "
                                        "library")

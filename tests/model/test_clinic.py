"""The clinic profile: the shipped starting point, saving and loading, the logo beside it,
and broken profiles named with their field."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from gutskin_desktop.model.clinic import (
    DEFAULT_CAN_DO,
    DEFAULT_GET_HELP,
    ClinicProfile,
    clinic_file,
    install_logo,
    load_clinic,
    save_clinic,
)
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.readability import grade


def test_without_a_saved_profile_the_starting_point_is_used() -> None:
    assert not clinic_file().exists()
    clinic = load_clinic()
    assert clinic.profile.can_do == DEFAULT_CAN_DO and clinic.profile.get_help == DEFAULT_GET_HELP
    assert clinic.logo_path is None
    assert [p.split(":")[0] for p in clinic.review_problems()] == [
        "the clinic's advice is the shipped starting point",
        "the clinic's advice has no reviewer and review date yet"]


def test_the_starting_point_is_conservative_and_plain() -> None:
    words = " ".join(DEFAULT_CAN_DO + DEFAULT_GET_HELP).lower()
    for must in ("treatment", "before you change", "supplements", "leaky gut", "worse",
                 "worried"):
        assert must in words
    for item in DEFAULT_CAN_DO + DEFAULT_GET_HELP:
        assert grade(item) <= 8, item


def test_saved_profile_loads_back_with_every_field_written(tmp_path: Path) -> None:
    profile = ClinicProfile.model_validate({
        "format_version": 1, "clinic": "Riverside", "phone": "0123", "reviewer": "Dr B",
        "reviewed": "2026-11-30", "next_review": "2027-11-30"})
    path = save_clinic(profile, tmp_path / "clinic.json")
    assert load_clinic(path).profile == profile
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["can_do"] == list(DEFAULT_CAN_DO), "the reviewed advice is on disk, word for word"
    assert load_clinic(path).review_problems() == [
        ("the clinic's advice is the shipped starting point: review it and make it your own "
         "(Tools > Clinic Profile)")]
    save_clinic(profile.model_copy(update={"clinic": "Hillside"}), path)
    assert json.loads((tmp_path / "clinic.json.bak").read_text())["clinic"] == "Riverside"


def test_a_logo_is_copied_beside_the_profile(tmp_path: Path) -> None:
    source = tmp_path / "mine.PNG"
    Image.new("RGB", (40, 20), "#1f4f66").save(source, "PNG")
    name = install_logo(source, tmp_path / "data")
    assert name == "clinic-logo.png" and (tmp_path / "data" / name).is_file()
    profile = ClinicProfile.model_validate({"format_version": 1, "logo": name})
    path = save_clinic(profile, tmp_path / "data" / "clinic.json")
    assert load_clinic(path).logo_path == tmp_path / "data" / name


@pytest.mark.parametrize(("change", "where"), [
    ({"logo": "../elsewhere.png"}, "logo"),
    ({"logo": "/etc/passwd.png"}, "logo"),
    ({"logo": "missing.png"}, "logo"),
    ({"logo": "notes.txt"}, "logo"),
    ({"reviewed": "2026-02-30"}, "reviewed"),
    ({"can_do": "one line"}, "can_do"),
    ({"can_do": [""]}, "can_do[0]"),
    ({"clinic": "x" * 121}, "clinic"),
    ({"colour": "#fff"}, "colour"),
])
def test_a_broken_profile_names_the_file_and_field(tmp_path: Path, change: dict,
                                                   where: str) -> None:
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps({"format_version": 1, **change}), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_clinic(path)
    assert str(path) in str(caught.value) and where in str(caught.value)


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"not a png at all")
    with pytest.raises(LoadError, match="not a PNG or JPEG"):
        install_logo(fake, tmp_path / "data")
    assert not (tmp_path / "data" / "clinic-logo.png").exists()

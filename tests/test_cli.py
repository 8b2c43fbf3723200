"""The ``check`` command line: ok lines for good files, one ``error:`` line and exit 2 for bad."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .cli_support import assert_one_error_line, reviewed_clinic

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "gutskin_desktop" / "data" / "content.json"
DIAGRAM = ROOT / "gutskin_desktop" / "data" / "diagram.json"
SHIPPED_CONTENT: dict[str, Any] = json.loads(CONTENT.read_text(encoding="utf-8"))
SHIPPED_DIAGRAM: dict[str, Any] = json.loads(DIAGRAM.read_text(encoding="utf-8"))


def run(*args: str, script: tuple[str, ...] = ("-m", "gutskin_desktop.cli")
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *script, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def write(path: Path, data: dict[str, Any] | str) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "summary"), [
    ("gutskin_desktop/data/content.json", "ok, content with 9 sections"),
    ("gutskin_desktop/data/diagram.json", "ok, diagram with"),
])
def test_shipped_files_check_ok(name: str, summary: str) -> None:
    result = run("check", name)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [line for line in result.stdout.splitlines()
                                          if line.startswith(f"{name}: {summary}")]
    assert len(result.stdout.splitlines()) == 1


def test_several_files_check_ok_one_line_each() -> None:
    result = run("check", "gutskin_desktop/data/content.json", "gutskin_desktop/data/diagram.json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(": ok," in line for line in lines)


def test_bad_json_fails_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "content.json", json.dumps(SHIPPED_CONTENT, indent=2)[:-3])
    line = assert_one_error_line(run("check", str(path)), str(path), "bad JSON", "line")
    assert line.startswith(f"error: {path}: ")


def test_edge_to_unknown_node_fails_naming_the_field(tmp_path: Path) -> None:
    data = copy.deepcopy(SHIPPED_DIAGRAM)
    data["edges"][3]["target"] = "liver"
    path = write(tmp_path / "diagram.json", data)
    assert_one_error_line(run("check", str(path)), str(path), "edges[3].target", "liver")


def test_node_with_missing_section_fails_naming_the_field(tmp_path: Path) -> None:
    data = copy.deepcopy(SHIPPED_DIAGRAM)
    data["nodes"][4]["section"] = "sleep"
    path = write(tmp_path / "diagram.json", data)
    assert_one_error_line(run("check", str(path)), str(path), "nodes[4].section", "sleep")


def test_diagram_is_checked_against_the_content_beside_it(tmp_path: Path) -> None:
    content = copy.deepcopy(SHIPPED_CONTENT)
    content["sections"] = [s for s in content["sections"] if s["id"] != "stress"]
    write(tmp_path / "content.json", content)
    diagram = write(tmp_path / "diagram.json", SHIPPED_DIAGRAM)
    assert run("check", str(tmp_path / "content.json")).returncode == 0
    index = next(i for i, n in enumerate(SHIPPED_DIAGRAM["nodes"]) if n["section"] == "stress")
    assert_one_error_line(run("check", str(diagram)), str(diagram), f"nodes[{index}].section",
                          "stress")


def test_content_with_missing_field_fails_naming_the_field(tmp_path: Path) -> None:
    data = copy.deepcopy(SHIPPED_CONTENT)
    del data["sections"][5]["presenter"]
    path = write(tmp_path / "content.json", data)
    assert_one_error_line(run("check", str(path)), str(path), "sections[5].presenter",
                          "missing")


def test_first_bad_file_stops_the_check(tmp_path: Path) -> None:
    bad = write(tmp_path / "content.json", "{")
    result = run("check", "gutskin_desktop/data/content.json", str(bad))
    assert_one_error_line(result, str(bad))
    assert result.stdout.startswith("gutskin_desktop/data/content.json: ok")


def test_unrecognised_file_fails(tmp_path: Path) -> None:
    path = write(tmp_path / "other.json", {"format_version": 1})
    assert_one_error_line(run("check", str(path)), str(path), "(top level)")


def test_missing_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert_one_error_line(run("check", str(path)), str(path), "no such file")
    assert not path.exists()


def test_folder_fails(tmp_path: Path) -> None:
    assert_one_error_line(run("check", str(tmp_path)), str(tmp_path), "folder")


def test_unknown_subcommand_fails() -> None:
    assert_one_error_line(run("frobnicate"), "frobnicate")


def test_check_without_a_file_fails() -> None:
    assert_one_error_line(run("check"), "FILE")


def test_main_py_checks_too() -> None:
    result = run("check", "gutskin_desktop/data/content.json", script=("main.py",))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "gutskin_desktop/data/content.json: ok, content with 9 sections"
    bad = run("check", "gutskin_desktop/data/missing.json", script=("main.py",))
    assert_one_error_line(bad, "gutskin_desktop/data/missing.json", "no such file")


def test_error_stays_on_one_line_when_a_field_name_has_a_line_break(tmp_path: Path) -> None:
    data = copy.deepcopy(SHIPPED_CONTENT)
    data["sections"][0]["bad\nfield"] = 1
    path = write(tmp_path / "content.json", data)
    assert_one_error_line(run("check", str(path)), str(path), "sections[0]", "unknown field")


def test_every_line_reaches_a_pipe_before_the_quick_exit() -> None:
    """Command-line jobs skip the interpreter's tidy-up; their output is flushed first."""
    result = run("layouts")
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"a4-handout", "letter-handout", "a1-poster", "poster-24x36"} <= set(names)


def test_a_reader_that_leaves_early_gets_no_error() -> None:
    child = subprocess.Popen([sys.executable, "-m", "gutskin_desktop.cli", "layouts"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # like `gutskin layouts | head -0`
    error = child.stderr.read().decode()
    child.wait(timeout=60)
    assert "Traceback" not in error and "unexpected problem" not in error


# --- blocks that cover other blocks' text ---------------------------------------------------

def covering_layout(folder: Path, wrap: bool = False) -> Path:
    """The A4 handout with a callout dropped on the sections' text on page 2."""
    data = json.loads((ROOT / "gutskin_desktop" / "data" / "layouts" / "a4-handout.json")
                      .read_text(encoding="utf-8"))
    data["name"] = "covered"
    data["blocks"].append({"id": "tip", "type": "callout", "page": 2, "x_mm": 70,
                           "y_mm": 90, "w_mm": 70, "h_mm": 40, "wrap": wrap,
                           "title": "Remember", "text": "Keep using your treatment."})
    return write(folder / "covered.json", data)


COVERS = "block 'tip' covers the text of block 'sections' on page 2 (70 x 40 mm)"


def test_check_lists_a_block_covering_text_and_says_so(tmp_path: Path) -> None:
    path = covering_layout(tmp_path)
    result = run("check", str(path))
    assert result.returncode == 0, result.stderr
    assert f"warning: {path}: {COVERS}" in result.stderr.splitlines()
    assert result.stdout.strip().endswith(", some blocks cover text")
    shipped = run("check", "gutskin_desktop/data/layouts/a4-handout.json")
    assert shipped.stdout.strip().endswith(", no blocks overlap")
    around = run("check", str(covering_layout(tmp_path, wrap=True)))
    assert around.stdout.strip().endswith(", no blocks overlap") and COVERS not in around.stderr


def test_export_warns_of_covered_text_and_strict_refuses_it(tmp_path: Path) -> None:
    path = covering_layout(tmp_path)
    clinic = str(reviewed_clinic(tmp_path))  # no warnings about the clinic's advice
    out = tmp_path / "covered.pdf"
    warned = run("export", "--layout", str(path), "--out", str(out), "--clinic", clinic)
    assert warned.returncode == 0, warned.stderr
    assert f"warning: covered: {COVERS}" in warned.stderr.splitlines()
    assert out.read_bytes().startswith(b"%PDF-")
    strict = tmp_path / "strict.pdf"
    refused = run("export", "--layout", str(path), "--out", str(strict), "--strict",
                  "--clinic", clinic)
    assert_one_error_line(refused, f"error: covered: {COVERS}")
    assert not strict.exists()
    tiled = run("export", "--layout", str(path), "--out", str(strict), "--tile", "A4",
                "--strict", "--clinic", clinic)
    assert_one_error_line(tiled, COVERS)
    assert not strict.exists()


# -- PDF/X-4 and the preflight ----------------------------------------------------------------

def test_export_pdfx_writes_a_checked_pdfx_and_preflight_says_so(tmp_path: Path) -> None:
    from pypdf import PdfReader

    clinic = str(reviewed_clinic(tmp_path))
    shop, plain = tmp_path / "shop.pdf", tmp_path / "plain.pdf"
    made = run("export", "--layout", "a4-handout", "--out", str(shop), "--pdfx",
               "--clinic", clinic, "--deterministic")
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""
    assert made.stdout.splitlines()[-2:] == [
        f"wrote {shop} (5 pages, a4-handout)", "PDF/X-4 preflight passed: 9 checks, 5 pages"]
    intent = PdfReader(shop).trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert run("export", "--layout", "a4-handout", "--out", str(plain), "--clinic",
               clinic).returncode == 0
    checked = run("preflight", str(shop), str(plain))
    assert checked.returncode == 1, "one of them fails"
    lines = checked.stdout.splitlines()
    assert lines[0] == f"{shop}: PDF/X-4 preflight passed: 9 checks, 5 pages"
    assert lines[1] == (f"{plain}: PDF/X-4 preflight failed (5 pages): PDF version, output "
                        "intent, XMP metadata, colour")
    assert (f"{plain}: error: colour: pages 1-5: colours set in DeviceRGB (the rg and RG "
            "operators)") in lines
    assert run("preflight", str(shop)).returncode == 0
    not_pdf = write(tmp_path / "notes.pdf", "notes")
    assert_one_error_line(run("preflight", str(not_pdf)), f"error: {not_pdf}: is not a PDF")


def test_output_profile_that_is_not_a_cmyk_output_profile_is_refused(tmp_path: Path) -> None:
    from PIL import ImageCms

    out = tmp_path / "shop.pdf"
    text = write(tmp_path / "profile.icc", "not a profile")
    assert_one_error_line(run("export", "--layout", "a4-handout", "--out", str(out),
                              "--output-profile", str(text)),
                          f"error: --output-profile {text}: is not an ICC colour profile")
    screen = tmp_path / "screen.icc"
    screen.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    assert_one_error_line(run("export", "--layout", "a4-handout", "--out", str(out),
                              "--pdfx", "--output-profile", str(screen)),
                          f"error: --output-profile {screen}: is a display profile for RGB "
                          "colour, not a CMYK output (printer) profile")
    assert not out.exists()


def test_plain_gutskin_is_read_as_the_parser_reads_no_arguments() -> None:
    # `gutskin` alone skips building the parser (a start-up speed trick): what it uses
    # instead must be what the parser makes of no arguments
    import gutskin_desktop.cli as cli

    assert vars(cli.app_arguments()) == vars(cli.build_parser().parse_args([]))


COMMAND_LINES = [
    ["layouts"],
    ["export", "--layout", "a4-handout", "--out", "x.pdf", "--set", "patient=Ann",
     "--tile", "a4", "--overlap", "8"],
    ["--content", "c.json", "--diagram=d.json", "batch", "--layout", "a", "--csv", "r.csv",
     "--out-dir", "out", "--jobs", "2"],
    ["export-diagram", "--out", "d.png", "--dpi", "300"],
    ["export-slides", "--png", "slides", "--text", "presenter"],
    ["check", "a.json", "b.json"],
    ["preflight", "a.pdf"],
    ["install-desktop-entry", "--uninstall"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda argv: argv[0])
def test_a_command_line_is_read_as_the_whole_parser_reads_it(argv: list[str]) -> None:
    # a subcommand's command line gets a parser of that subcommand alone (a speed
    # trick): it must read the arguments as the whole parser does
    import gutskin_desktop.cli as cli

    quick = cli.parser_for(argv)
    assert vars(quick.parse_args(argv)) == vars(cli.build_parser().parse_args(argv))
    command = next(word for word in argv if word in cli._COMMANDS)
    assert list(_subcommands(quick)) == [command]  # the others were not built


def _subcommands(parser: Any) -> dict[str, Any]:
    return next(action.choices for action in parser._actions
                if isinstance(action.choices, dict))


@pytest.mark.parametrize("command", ["layouts", "export", "batch", "export-diagram",
                                     "export-slides", "check", "preflight",
                                     "install-desktop-entry"])
def test_each_subcommand_helps_and_refuses_as_with_the_whole_parser(
        command: str, capsys: pytest.CaptureFixture[str]) -> None:
    import gutskin_desktop.cli as cli

    shown = run(command, "--help")
    assert shown.returncode == 0 and f"usage: gutskin {command} [-h]" in shown.stdout
    assert shown.stdout == _subcommands(cli.build_parser())[command].format_help()
    refused = run(command, "--no-such-option")
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args([command, "--no-such-option"])
    whole = capsys.readouterr().err
    assert "error: " in whole and "(see 'gutskin --help')" in whole
    assert (refused.returncode, refused.stderr) == (2, whole)


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["no-such-command"], [],
                                  ["--content"], ["-h", "export"]])
def test_other_command_lines_get_the_whole_parser(argv: list[str]) -> None:
    import gutskin_desktop.cli as cli

    assert list(_subcommands(cli.parser_for(argv))) == list(cli._COMMANDS)


@pytest.mark.parametrize("columns", ["", "52", "90", "200", "0", "wide"])
def test_help_is_as_wide_as_argparse_makes_it(columns: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    import gutskin_desktop.cli as cli

    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    else:
        monkeypatch.delenv("COLUMNS", raising=False)
    whole = cli.build_parser()
    parsers = [whole, *_subcommands(whole).values()]
    ours = [parser.format_help() for parser in parsers]
    monkeypatch.setattr(cli._Parser, "_get_formatter",
                        argparse.ArgumentParser._get_formatter)  # argparse's, with shutil
    assert ours == [parser.format_help() for parser in parsers]

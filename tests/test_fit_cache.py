"""The diagram's layouts kept between command-line runs (model/fit_cache.py): a kept
layout is the very one laid out, of the model's own types; another diagram, block or
code makes its own; a damaged file is made again; the PDFs are the same bytes."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gutskin_desktop.model import fit_cache, page_diagram
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.geometry import Badge, NodeGeometry, Picture, TextLine
from gutskin_desktop.model.page_diagram import PageLook, fit_to_block

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = load_bundle()
# a few blocks and choices: the A4 handout's, a poster's, a narrow one with arrow labels,
# and one too small for the diagram to fit at all
CASES = [((496.1, 300.5, PageLook(10, 13, 8.5)), {}),
         ((1500.0, 1100.0, PageLook(28, 36, 22)), {"version": "clinician"}),
         ((300.0, 420.0, PageLook(9, 11, 8)), {"edge_labels": True, "pictograms": False}),
         ((40.0, 30.0, PageLook(12, 14, 10)), {})]


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The cache on, in a cache folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fit_cache, "enabled", True)
    fit_cache.forget()
    page_diagram._FITTED.clear()
    yield tmp_path / "gutskin-desktop"
    fit_cache.forget()
    page_diagram._FITTED.clear()


def _fresh(args: tuple, options: dict) -> object:
    enabled, fit_cache.enabled = fit_cache.enabled, False
    try:
        page_diagram._FITTED.clear()
        return fit_to_block(BUNDLE.diagram, *args, **options)
    finally:
        fit_cache.enabled = enabled
        page_diagram._FITTED.clear()


def _kept(args: tuple, options: dict) -> object:
    fit_cache.forget()  # as another run: read from the file
    page_diagram._FITTED.clear()
    return fit_to_block(BUNDLE.diagram, *args, **options)


def test_a_kept_layout_is_the_one_laid_out(kept: Path) -> None:
    for args, options in CASES:
        fresh = _fresh(args, options)
        first = _kept(args, options)  # laid out, and kept
        again = _kept(args, options)  # read back
        assert first == fresh and again == fresh
        if fresh is None:
            continue
        assert type(again).__name__ == "PageDiagram"
        for node in again.geometry.nodes.values():  # type: ignore[union-attr]
            assert type(node) is NodeGeometry
            assert all(type(line) is TextLine for line in node.lines)
            assert node.badge is None or type(node.badge) is Badge
            assert node.picture is None or type(node.picture) is Picture
    assert [path.name[:5] for path in kept.iterdir()] == ["fits-"]


def test_a_kept_layout_is_used_only_for_the_very_same_inputs(
        kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args, options = CASES[0]
    _kept(args, options)
    laid_out: list[object] = []
    real = page_diagram._fit
    monkeypatch.setattr(page_diagram, "_fit", lambda *a: laid_out.append(a) or real(*a))
    _kept(args, options)
    assert laid_out == []  # read back
    _kept((args[0] + 1, *args[1:]), options)  # another block size
    other = BUNDLE.diagram.model_copy(update={"nodes": BUNDLE.diagram.nodes[:-1]})
    fit_cache.forget()
    page_diagram._FITTED.clear()
    fit_to_block(other, *args, **options)  # another diagram
    assert len(laid_out) == 2


def test_a_changed_module_names_another_file(kept: Path) -> None:
    _kept(*CASES[0])
    before = {path.name for path in kept.iterdir()}
    module = Path(page_diagram.__file__)
    stat = module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        _kept(*CASES[0])
        after = {path.name for path in kept.iterdir()}
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert len(after - before) == 1


def test_a_damaged_file_is_made_again(kept: Path) -> None:
    _kept(*CASES[0])
    (path,) = kept.iterdir()
    for damage in (b"", b"not marshal", path.read_bytes()[:40]):
        path.write_bytes(damage)
        assert _kept(*CASES[0]) == _fresh(*CASES[0])
    assert _kept(*CASES[0]) == _fresh(*CASES[0])


def test_exports_are_the_same_bytes_with_and_without_kept_layouts(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    outputs = []
    for run in range(3):  # lays out and keeps, reads back, reads back
        out = tmp_path / f"out{run}.pdf"
        subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout",
                        "a4-handout", "--out", str(out), "--deterministic"], cwd=ROOT,
                       env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
        outputs.append(out.read_bytes())
    assert list((tmp_path / "cache" / "gutskin-desktop").glob("fits-*.marshal"))
    fresh = tmp_path / "fresh.pdf"
    probe = ("import gutskin_desktop.cli as cli\n"
             "cli._exit_now = lambda code: None\n"  # main(): no kept layouts
             f"cli.main(['export', '--layout', 'a4-handout', '--out', {str(fresh)!r}, "
             "'--deterministic'])\n")
    subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                   capture_output=True, stdin=subprocess.DEVNULL)
    assert outputs[0] == outputs[1] == outputs[2] == fresh.read_bytes()


def test_another_version_of_the_project_names_another_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The standalone app keeps its modules as compiled files, so the project's version
    is in the tag too (as are the compiled files' sizes and times)."""
    import gutskin_desktop

    before = fit_cache._tag()
    monkeypatch.setattr(gutskin_desktop, "__version__", gutskin_desktop.__version__ + ".1")
    assert fit_cache._tag() != before


def test_no_cache_folder_lays_out_as_usual(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A home folder that cannot be found (or a module folder that cannot be read) costs
    only the work: the layout is made, and nothing is kept."""
    def no_folder() -> Path:
        raise RuntimeError("Could not determine home directory.")
    monkeypatch.setattr(fit_cache.cache_files, "folder", no_folder)
    assert _kept(*CASES[0]) == _fresh(*CASES[0])
    assert not kept.exists()

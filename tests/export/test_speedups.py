"""The lazy regular expressions of export/speedups.py: the same patterns, links that
still work, and ``re.compile`` left as it was."""
from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

import pytest

import gutskin_desktop.export  # noqa: F401  (installs the speed-ups, as any export does)
from gutskin_desktop.export import speedups
from gutskin_desktop.export.speedups import LAZY_PATTERNS, LazyPattern


def _compiled_in_source(module: str, name: str) -> tuple[str, int]:
    """The pattern text and flags reportlab's module passes to ``re.compile`` for
    ``name``, read from its source."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec and spec.origin
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == name and isinstance(node.value, ast.Call)):
            pattern = ast.literal_eval(node.value.args[0])
            flags = node.value.args[1] if len(node.value.args) > 1 else None
            assert isinstance(flags, ast.Attribute)
            return pattern, int(getattr(re, flags.attr))
    raise AssertionError(f"{module}.{name} not found")


@pytest.mark.parametrize(("module", "name"), [("reportlab.platypus.paragraph", "uri_pat"),
                                              ("reportlab.lib.textsplit", "rx")])
def test_the_lazy_patterns_are_reportlabs_own(module: str, name: str) -> None:
    import importlib

    pattern, flags = _compiled_in_source(module, name)
    assert LAZY_PATTERNS[module] == {(pattern, flags)}
    lazy = getattr(importlib.import_module(module), name)
    assert isinstance(lazy, LazyPattern), "the module was loaded with the lazy pattern"
    real = re.compile(pattern, flags)
    assert lazy.pattern == real.pattern and lazy.flags == real.flags
    assert lazy.groups == real.groups


def test_re_compile_is_restored_and_others_compile_as_usual() -> None:
    assert re.compile is speedups._real_compile
    with speedups._lazy_compiles(frozenset({("a+", 0)})):
        assert isinstance(re.compile("a+"), LazyPattern)
        assert isinstance(re.compile("a+", re.I), re.Pattern)
        assert isinstance(re.compile("b+"), re.Pattern)
    assert re.compile is speedups._real_compile


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    from reportlab.platypus.paragraph import uri_pat

    real = re.compile(uri_pat.pattern, re.I)
    for uri in ("https://example.org/gut-skin/axis?x=1", "ftp://10.0.0.1:21/a",
                "http://localhost/", "not a uri", "https://bücher.example/ä"):
        lazy_match, real_match = uri_pat.match(uri), real.match(uri)
        assert (lazy_match and lazy_match.groups()) == (real_match and real_match.groups())


def test_a_long_link_still_splits_at_its_slashes_and_links(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import paragraph
    from reportlab.platypus.paragraph import Paragraph

    url = "https://example.org/gut-skin-axis/handouts/eczema/what-to-ask-your-doctor"
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12,
                           hyphenationLang="en_US", uriWasteReduce=0.3)

    def lines(pattern: object) -> list[str]:
        monkeypatch.setattr(paragraph, "uri_pat", pattern)
        para = Paragraph(f'<a href="{url}">{url}</a>', style)
        para.wrap(150, 500)
        return [" ".join(w.text if hasattr(w, "text") else str(w[1])
                         for w in getattr(line, "words", [])) or str(line)
                for line in para.blPara.lines]

    lazy_lines = lines(LazyPattern(paragraph.uri_pat.pattern, re.I))
    assert lines(re.compile(paragraph.uri_pat.pattern, re.I)) == lazy_lines
    assert len(lazy_lines) > 1, "the link is split across lines"
    assert "gut-skin-axis/'" in lazy_lines[0], "at a slash, as reportlab splits addresses"

    out = io.BytesIO()
    canvas = Canvas(out)
    para = Paragraph(f'<a href="{url}">{url}</a>', style)
    para.wrapOn(canvas, 150, 500)
    para.drawOn(canvas, 72, 600)
    canvas.save()
    assert url.encode() in out.getvalue(), "the PDF links to the whole address"


def test_reportlab_reads_pictures_through_the_lazy_pillow(tmp_path: Path) -> None:
    import sys

    from PIL import Image as RealImage
    from reportlab.lib import utils

    assert isinstance(utils.Image, speedups.LazyModule) or utils.Image is RealImage
    assert sys.modules["PIL.Image"] is RealImage, "other importers get the real module"
    picture = tmp_path / "dot.png"
    RealImage.new("RGB", (3, 2), (200, 10, 10)).save(picture)
    assert utils.ImageReader(str(picture)).getSize() == (3, 2)
    in_memory = RealImage.new("RGB", (5, 4))
    assert utils._isPILImage(in_memory)
    assert utils.ImageReader(in_memory).getSize() == (5, 4)
    assert utils.haveImages


def test_the_stand_in_is_taken_off_the_package() -> None:
    import types

    package = types.ModuleType("gutskin_test_pkg")
    sys_modules = __import__("sys").modules
    sys_modules["gutskin_test_pkg"] = package
    try:
        with speedups._lazy_submodule("gutskin_test_pkg", "part"):
            assert isinstance(package.part, speedups.LazyModule)  # type: ignore[attr-defined]
        assert not hasattr(package, "part")
    finally:
        del sys_modules["gutskin_test_pkg"]


def _fresh(code: str) -> str:
    """What ``code`` prints in a new interpreter (the speed-ups installed or not, as the
    code does)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stdout.strip()


_NAMESPACE = """
import json, sys
import reportlab.platypus as p
names = {k: f"{type(v).__name__} {getattr(v, '__module__', '')}"
         for k, v in vars(p).items() if k not in ("__loader__", "__spec__", "__getattr__")}
print(json.dumps(names, sort_keys=True))
"""


def test_a_handout_export_does_not_run_the_platypus_init() -> None:
    out = _fresh("""
import sys
from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.layout_files import open_layout
bundle = load_bundle(None, None)
rendered = render(open_layout("a4-handout", bundle.content), bundle, ExportOptions())
package = vars(sys.modules["reportlab.platypus"])
print(rendered.pages, "SimpleDocTemplate" in package, "xpreformatted" in sys.modules
      or "reportlab.platypus.xpreformatted" in sys.modules)
""")
    assert out == "5 False False"


def test_the_lazy_platypus_gives_every_name_reportlab_gives() -> None:
    plain = _fresh(_NAMESPACE)
    lazy = _fresh("import gutskin_desktop.export\nimport reportlab.platypus.paragraph\n"
                  "from reportlab.platypus import SimpleDocTemplate\n" + _NAMESPACE)
    assert lazy == plain
    assert "SimpleDocTemplate" in plain and "Paragraph" in plain


def test_the_lazy_platypus_star_import_and_submodules() -> None:
    out = _fresh("""
import sys
import gutskin_desktop.export
from reportlab.platypus import paragraph, tables
package = sys.modules["reportlab.platypus"]
before = "SimpleDocTemplate" in vars(package)
from reportlab.platypus import *
print(before, paragraph.Paragraph is Paragraph, tables.Table is Table, Frame.__name__)
try:
    from reportlab.platypus import NoSuchName
except ImportError as error:
    print("ImportError", "NoSuchName" in str(error))
""")
    assert out.splitlines() == ["False True True Frame", "ImportError True"]


def test_the_tricks_apply_whatever_loader_reads_reportlab() -> None:
    """The standalone app reads reportlab from its own archive, a bytecode-only install
    from .pyc files: the tricks wrap whatever loader finds the module."""
    out = _fresh("""
import sys
from importlib.machinery import FileFinder, SourceFileLoader, SourcelessFileLoader
from importlib.machinery import BYTECODE_SUFFIXES, EXTENSION_SUFFIXES, ExtensionFileLoader


class OtherLoader(SourceFileLoader):  # not the standard source loader itself
    pass


sys.path_hooks.insert(0, FileFinder.path_hook(
    (ExtensionFileLoader, EXTENSION_SUFFIXES), (OtherLoader, [".py"]),
    (SourcelessFileLoader, BYTECODE_SUFFIXES)))
sys.path_importer_cache.clear()
import gutskin_desktop.export
from gutskin_desktop.export.speedups import LazyPattern
from reportlab.platypus.paragraph import uri_pat
from reportlab.lib import utils
package = sys.modules["reportlab.platypus"]
print(type(package.__spec__.loader.inner).__name__, isinstance(uri_pat, LazyPattern),
      "PIL.Image" in sys.modules, "SimpleDocTemplate" in vars(package))
""")
    assert out == "OtherLoader True False False"


def test_a_handout_export_loads_neither_the_evaluator_nor_pyphen(tmp_path: Path) -> None:
    # the second export of the same text: the reading level's syllables are kept by then
    # (the first counts them with pyphen's patterns); the diary's grid is our own
    # (diary_grid.py), so neither reportlab's tables nor logging load
    code = f"""
import sys
import gutskin_desktop.cli as cli
cli._exit_now = lambda code: None
cli.main(["export", "--layout", "a4-handout", "--out", {str(tmp_path / "h.pdf")!r}])
print("LOADED", "reportlab.lib.rl_safe_eval" in sys.modules, "inspect" in sys.modules,
      "pyphen" in sys.modules, "importlib.resources" in sys.modules,
      "reportlab.platypus.tables" in sys.modules, "logging" in sys.modules)
print("ALSO", "pickle" in sys.modules, "ast" in sys.modules, "json" in sys.modules,
      "tempfile" in sys.modules, "platform" in sys.modules, "shutil" in sys.modules,
      "signal" in sys.modules, any("_fontdata_" in name  # reportlab 5.0 sets ZapfDingbats
          and not name.endswith(("zapfdingbats", "symbol")) for name in sys.modules))
from reportlab.lib import utils
import platform
print("PYPY", utils.isPyPy == (platform.python_implementation() == "PyPy"),
      utils.platform.python_version() == platform.python_version())
"""
    _fresh(code)
    out = _fresh(code)
    # on 3.10 msgspec imports typing_extensions, and with it inspect (msgspec_import.py)
    inspect_loaded = sys.version_info < (3, 11)
    assert out.splitlines()[-3] == f"LOADED False {inspect_loaded} False False False False"
    assert out.splitlines()[-2] == "ALSO False " + " ".join([str(inspect_loaded)] + ["False"] * 6)
    assert out.splitlines()[-1] == "PYPY True True"
    assert (tmp_path / "h.pdf").stat().st_size > 10_000


def test_reportlab_finds_its_scratch_folder_through_the_stand_in() -> None:
    out = _fresh("""
import sys
import gutskin_desktop.export
from reportlab.lib import rltempfile, utils
print("tempfile" in sys.modules)
import os, tempfile
print(rltempfile.get_rl_tempdir() == os.path.join(tempfile.gettempdir(),
      f"ReportLab_tmp{os.getuid()}"), rltempfile.tempfile.mkdtemp is tempfile.mkdtemp)
""")
    assert out.split() == ["False", "True", "True"]


STANDARD_WIDTHS = """
import sys
from reportlab.pdfbase import pdfmetrics, _fontdata
fonts = sorted(pdfmetrics.standardFonts)
text = "Hello, World! 0123 \u00e9\u00df"
print([round(pdfmetrics.stringWidth(text, font, 11), 6) for font in fonts])
from reportlab.rl_config import _reset
_reset()
print([round(pdfmetrics.stringWidth("again", font, 9), 6) for font in fonts])
print(sorted(_fontdata.widthsByFontGlyph.get("Courier").items())[:3],
      len(dict(_fontdata.widthsByFontGlyph.items())), len(_fontdata.widthsByFontGlyph.copy()))
print(_fontdata.encodings["winansi"] is _fontdata.WinAnsiEncoding,
      [len(_fontdata.encodings[name]) for name in _fontdata.standardEncodings],
      _fontdata.MacExpertEncoding[40:44], sorted(_fontdata.encodings)[:2])
"""


def test_the_standard_fonts_measure_as_without_the_trick() -> None:
    usual = _fresh(STANDARD_WIDTHS)
    tricked = _fresh("import sys, gutskin_desktop.export\n"
                     "from reportlab.pdfbase import _fontdata\n"
                     "print(type(_fontdata.widthsByFontGlyph).__name__,"
                     " sum('_fontdata_' in n for n in sys.modules))\n"
                     + STANDARD_WIDTHS)
    assert tricked.splitlines()[0] == "LaterTables 0"
    assert tricked.splitlines()[1:] == usual.splitlines()
    import reportlab.pdfbase._fontdata_widths_courier as courier
    from reportlab.pdfbase import _fontdata  # this process: the same tables, once used

    assert _fontdata.widthsByFontGlyph["Courier"] is courier.widths


def test_reportlab_evaluates_through_the_lazy_callables() -> None:
    out = _fresh("""
import sys
import gutskin_desktop.export
from reportlab.lib import utils
from reportlab.lib.colors import Blacker, HexColor, toColor
from reportlab.platypus import doctemplate
from gutskin_desktop.export.speedups import LazyCallable
print(isinstance(utils.rl_safe_eval, LazyCallable), "reportlab.lib.rl_safe_eval" in sys.modules)
print(utils.rl_safe_eval("1 + 2 * 3", g={}, l={}), utils.rl_extended_literal_eval("[1, (2, 3)]"))
print(toColor("Blacker(red, 0.5)") == Blacker("red", 0.5),
      toColor("#35796b") == HexColor("#35796b"))
real = sys.modules["reportlab.lib.rl_safe_eval"]
print(type(real).__name__, hasattr(real, "rl_less_safe_eval"), callable(utils.safer_globals))
print(doctemplate.rl_safe_eval.rl_safe_eval("4 * 5", g={}, l={}))
""")
    assert out.splitlines() == ["True False", "7 [1, (2, 3)]", "True True",
                                "module True True", "20"]


def test_reportlab_loads_pickle_and_ast_when_first_used() -> None:
    out = _fresh("""
import sys
import gutskin_desktop.export
from reportlab.lib import colors, utils
print("pickle" in sys.modules, "ast" in sys.modules)
print(utils.decode_label(utils.encode_label((1, "a"))), colors.literal_eval("(0.5, 1)"))
print(utils.pickle.loads(utils.pickle.dumps({"a": 2})), "pickle" in sys.modules)
""")
    # on 3.10 msgspec imports typing_extensions, and with it inspect, which imports ast
    ast_loaded = sys.version_info < (3, 11)
    assert out.splitlines() == [f"False {ast_loaded}", "(1, 'a') (0.5, 1)", "{'a': 2} True"]


def test_the_stand_in_callables_leave_sys_modules() -> None:
    import sys

    with speedups._lazy_callables("gutskin_test_safe", ("run",)):
        stand_in = sys.modules["gutskin_test_safe"]
        assert isinstance(stand_in.run, speedups.LazyCallable)  # type: ignore[attr-defined]
    assert "gutskin_test_safe" not in sys.modules


def test_reportlab_still_hyphenates_through_the_lazy_pyphen() -> None:
    out = _fresh("""
import sys
import gutskin_desktop.export
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph
from gutskin_desktop.export.speedups import StandIn
print(isinstance(paragraph.pyphen, StandIn), "pyphen" in sys.modules)
style = ParagraphStyle("h", fontName="Helvetica", fontSize=12, leading=14,
                       hyphenationLang="en_US")
para = paragraph.Paragraph("Extraordinarily characteristically", style)
para.wrap(60, 1000)
print(sum(line[1][-1].endswith("-") for line in para.blPara.lines),
      type(sys.modules["pyphen"]).__name__)
""")
    first, second = out.splitlines()
    assert first == "True False"
    hyphens, kind = second.split()
    assert int(hyphens) >= 2 and kind == "module"


def test_an_importer_meanwhile_gets_the_stand_in_and_the_real_names() -> None:
    """Another thread importing the module while reportlab loads is handed the stand-in:
    what it asks of it comes from the real module, imported past the stand-in."""
    import sys

    sys.modules.pop("colorsys", None)
    with speedups._lazy_module("colorsys"):
        import colorsys as meanwhile

        assert isinstance(meanwhile, speedups.StandIn)
        assert meanwhile.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
        assert not isinstance(sys.modules["colorsys"], speedups.StandIn)
    import colorsys

    assert colorsys is sys.modules["colorsys"] and colorsys.__file__

    with speedups._lazy_callables("gutskin_test_colours", ("one",)):
        stand_in = sys.modules["gutskin_test_colours"]
        assert isinstance(stand_in, speedups.StandIn)
        with pytest.raises(ModuleNotFoundError):  # no such module: the import is tried
            stand_in.other  # noqa: B018
    assert "gutskin_test_colours" not in sys.modules

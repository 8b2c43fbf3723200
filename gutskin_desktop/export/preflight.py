"""A PDF/X-4 preflight: read a PDF back and check what a print shop's preflight checks.

Used by ``gutskin export --pdfx`` on what it is about to write, by ``gutskin preflight
FILE.pdf`` for any PDF, and by the tests. Each finding names the check, what is wrong
and, where it is on a page, which. The checks (:data:`CHECKS`):

- PDF version 1.6 or later (PDF/X-4 is based on PDF 1.6);
- not encrypted;
- an output intent ``/S /GTS_PDFX`` with an OutputConditionIdentifier and an embedded
  CMYK output profile (``/N 4``, an ICC profile for CMYK);
- XMP metadata in the catalog with ``pdfxid:GTS_PDFXVersion`` PDF/X-4, ``pdf:Trapped``
  True or False, a title, creation and modification dates, and a document id, version id
  and rendition class;
- the Info dictionary's ``/Trapped`` True or False, as the XMP says;
- every page has a TrimBox (or an ArtBox) inside its MediaBox, and a BleedBox, when it
  has one, that holds the TrimBox and lies inside the MediaBox;
- no DeviceRGB anywhere: no ``rg``/``RG`` operators, no DeviceRGB colour space set with
  ``cs``/``CS``, in an image (inline ones too), a shading, a pattern or a form, nor as the
  base or alternate of an indexed, separation or DeviceN colour space;
- every font embedded;
- (a warning) text under 12 pt in a dark, near-neutral colour printed with more than the
  black ink, where misregistration would blur it.

The content streams of pages, and of the forms, patterns and Type 3 glyphs they use, are
read with pypdf, one by one by :class:`.preflight_content.ContentReader`.
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cmyk import DARK_L, NEUTRAL_C, printed_lab
from .export_errors import ExportError
from .preflight_content import ContentReader, is_rgb

CHECKS = ("PDF version", "encryption", "output intent", "XMP metadata", "Info", "page boxes",
          "colour", "fonts", "small text")
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "pdfxid": "http://www.npes.org/pdfx/ns/id/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
      "dc": "http://purl.org/dc/elements/1.1/"}
XMP_NEEDS = (("pdfxid", "GTS_PDFXVersion"), ("pdf", "Trapped"), ("dc", "title"),
             ("xmp", "CreateDate"), ("xmp", "ModifyDate"), ("xmpMM", "DocumentID"),
             ("xmpMM", "VersionID"), ("xmpMM", "RenditionClass"))
MAX_FINDINGS_PER_CHECK = 20  # then one line says how many more


class UnreadablePdf(ExportError):
    """A file the preflight cannot read as a PDF; the message names it."""


class PreflightFailed(ExportError):
    """A PDF/X export that fails its own preflight (it would claim to be PDF/X and not
    be): the message says which checks failed and what they found."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.summary()}: " + "; ".join(str(f) for f in report.errors))
        self.report = report


@dataclass(frozen=True)
class Finding:
    """One thing a check found, on the pages it names (none: the whole document): an
    error, or a warning (``warning``)."""

    check: str
    message: str
    pages: tuple[int, ...] = ()
    warning: bool = False

    def __str__(self) -> str:
        if not self.pages:
            return f"{self.check}: {self.message}"
        return f"{self.check}: {_pages(self.pages)}: {self.message}"


@dataclass
class Report:
    """What the preflight found in one PDF."""

    pages: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if not f.warning]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.warning]

    @property
    def passed(self) -> bool:
        """Whether every check passed (warnings allowed)."""
        return not self.errors

    def failed_checks(self) -> list[str]:
        """The names of the checks that failed, in the order they are made."""
        failed = {f.check for f in self.errors}
        return [name for name in CHECKS if name in failed]

    def summary(self) -> str:
        """One line: passed, or which checks failed."""
        pages = (f"{self.pages} page{'s' if self.pages != 1 else ''}" if self.pages
                 else "no pages read")
        if self.passed:
            warned = (f", {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
                      if self.warnings else "")
            return f"PDF/X-4 preflight passed: {len(CHECKS)} checks, {pages}{warned}"
        return (f"PDF/X-4 preflight failed ({pages}): "
                + ", ".join(self.failed_checks()))

    def add(self, check: str, message: str, page: int | None = None,
            warning: bool = False) -> None:
        """Note a finding (on ``page``): the same finding on several pages is one,
        naming them all."""
        for n, found in enumerate(self.findings):
            if (found.check, found.message, found.warning) == (check, message, warning):
                if page is not None and page not in found.pages:
                    self.findings[n] = Finding(check, message, (*found.pages, page), warning)
                return
        self.findings.append(Finding(check, message, () if page is None else (page,),
                                     warning))


def preflight(pdf: bytes | str | Path, name: str = "the PDF") -> Report:
    """Check a PDF (its bytes or its file) against PDF/X-4; UnreadablePdf when it cannot
    be read as a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    where = str(pdf) if isinstance(pdf, (str, Path)) else name
    try:
        data = Path(pdf).read_bytes() if isinstance(pdf, (str, Path)) else pdf
    except OSError as exc:
        raise UnreadablePdf(f"{where}: cannot be read ({exc.strerror or exc})") from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise UnreadablePdf(f"{where}: is not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data))
        report = Report()
        _Checker(reader, report).run()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError) as exc:
        raise UnreadablePdf(f"{where}: cannot be read as a PDF ({type(exc).__name__}: "
                            f"{exc})") from None
    return _capped(report)


def require_pdfx(pdf: bytes) -> Report:
    """The preflight of a PDF/X export about to be written (PreflightFailed when it
    fails)."""
    report = preflight(pdf)
    if not report.passed:
        raise PreflightFailed(report)
    return report


def _capped(report: Report) -> Report:
    """The report's findings in the order of the checks, at most
    :data:`MAX_FINDINGS_PER_CHECK` of each (and a line saying how many more)."""
    out, counts = Report(report.pages), dict.fromkeys(CHECKS, 0)
    for finding in sorted(report.findings, key=lambda f: CHECKS.index(f.check)):
        counts[finding.check] = counts.get(finding.check, 0) + 1
        if counts[finding.check] <= MAX_FINDINGS_PER_CHECK:
            out.findings.append(finding)
    for check, count in counts.items():
        if count > MAX_FINDINGS_PER_CHECK:
            warning = all(f.warning for f in report.findings if f.check == check)
            out.add(check, f"and {count - MAX_FINDINGS_PER_CHECK} more findings like these",
                    warning=warning)
    return out


def _pages(pages: tuple[int, ...]) -> str:
    """``page 3``, ``pages 1-4, 7``."""
    runs: list[list[int]] = []
    for page in sorted(pages):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)
    return f"page{'s' if len(pages) > 1 else ''} {text}"


class _Checker:
    """The checks, in order, on one PDF."""

    def __init__(self, reader: Any, report: Report) -> None:
        self.reader, self.report = reader, report
        self.root: Any = {}
        self.lab: Any = None  # CMYK to L*a*b* through the output intent's profile
        self.seen_fonts: set[int] = set()
        self.seen_streams: set[int] = set()

    def run(self) -> None:
        if self.reader.is_encrypted:
            if not self.reader.decrypt(""):  # opened with a password: nothing more to read
                self.report.add("encryption", "the PDF is encrypted with a password, so "
                                              "nothing more could be checked; PDF/X forbids "
                                              "encryption")
                self.version()
                return
            self.report.add("encryption", "the PDF is encrypted; PDF/X forbids it")
        self.root = self.reader.trailer["/Root"].get_object()
        self.report.pages = len(self.reader.pages)
        self.version()
        self.output_intent()
        xmp = self.metadata()
        self.info(xmp)
        for number, page in enumerate(self.reader.pages, 1):
            self.boxes(number, page)
            self.content(number, page)

    # -- the document -------------------------------------------------------------------

    def version(self) -> None:
        header = str(self.reader.pdf_header).removeprefix("%PDF-")
        version = str(self.root.get("/Version", "")).lstrip("/") or header
        try:
            major, minor = (int(v) for v in version.split(".")[:2])
        except ValueError:
            major, minor = 0, 0
        if (major, minor) < (1, 6):
            self.report.add("PDF version", f"the PDF is version {version}; PDF/X-4 needs "
                                           "1.6 or later")

    def output_intent(self) -> None:
        intents = [i.get_object() for i in self.root.get("/OutputIntents", [])]
        pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
        if not pdfx:
            self.report.add("output intent", "no PDF/X output intent (/S /GTS_PDFX): the "
                                             "PDF does not say which press it is made for")
            return
        intent = pdfx[0]
        if not str(intent.get("/OutputConditionIdentifier", "")).strip():
            self.report.add("output intent", "the output intent has no "
                                             "OutputConditionIdentifier")
        stream = intent.get("/DestOutputProfile")
        if stream is None:
            self.report.add("output intent", "the output intent has no embedded profile "
                                             "(DestOutputProfile)")
            return
        stream = stream.get_object()
        data = stream.get_data()
        if stream.get("/N") != 4 or data[16:20] != b"CMYK" or data[36:40] != b"acsp":
            self.report.add("output intent", "the output intent's profile is not a CMYK "
                                             "ICC profile (/N 4)")
            return
        self.lab = _cmyk_to_lab(data)

    def metadata(self) -> dict[str, str]:
        stream = self.root.get("/Metadata")
        if stream is None:
            self.report.add("XMP metadata", "the catalog has no XMP metadata stream")
            return {}
        data = stream.get_object().get_data()
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            self.report.add("XMP metadata", "the XMP metadata declares a DTD or entities; "
                                            "XMP has neither")
            return {}
        try:
            found = _xmp_properties(data)
        except ET.ParseError as exc:
            self.report.add("XMP metadata", f"the XMP metadata is not well-formed XML ({exc})")
            return {}
        for prefix, name in XMP_NEEDS:
            if not found.get(f"{prefix}:{name}", "").strip():
                self.report.add("XMP metadata", f"no {prefix}:{name} in the XMP metadata")
        version = found.get("pdfxid:GTS_PDFXVersion", "")
        if version and not version.startswith("PDF/X-4"):
            self.report.add("XMP metadata", f"the XMP says {version}, not PDF/X-4")
        trapped = found.get("pdf:Trapped", "")
        if trapped and trapped not in ("True", "False"):
            self.report.add("XMP metadata", f"pdf:Trapped is {trapped}; it must be True or "
                                            "False")
        return found

    def info(self, xmp: dict[str, str]) -> None:
        info = self.reader.trailer.get("/Info")
        info = info.get_object() if info is not None else {}
        trapped = str(info.get("/Trapped", "")).lstrip("/")
        if trapped not in ("True", "False"):
            self.report.add("Info", "the Info dictionary's /Trapped is "
                                    f"{trapped or 'missing'}; it must be /True or /False")
        elif xmp.get("pdf:Trapped") and xmp["pdf:Trapped"] != trapped:
            self.report.add("Info", f"/Trapped is {trapped} but the XMP says "
                                    f"{xmp['pdf:Trapped']}")
        for key in ("/CreationDate", "/ModDate"):
            if not str(info.get(key, "")).strip():
                self.report.add("Info", f"the Info dictionary has no {key}")

    # -- pages --------------------------------------------------------------------------

    def boxes(self, number: int, page: Any) -> None:
        media = _box(page.get("/MediaBox")) or _box(page.mediabox)
        trim = _box(page.get("/TrimBox")) or _box(page.get("/ArtBox"))
        bleed = _box(page.get("/BleedBox"))
        if trim is None:
            self.report.add("page boxes", "no TrimBox (or ArtBox): the print shop cannot "
                                          "tell where to cut", number)
            return
        if media is not None and not _inside(trim, media):
            self.report.add("page boxes", f"the TrimBox {_show(trim)} is not inside the "
                                          f"MediaBox {_show(media)}", number)
        if bleed is not None and not _inside(trim, bleed):
            self.report.add("page boxes", f"the BleedBox {_show(bleed)} does not hold the "
                                          f"TrimBox {_show(trim)}", number)
        if bleed is not None and media is not None and not _inside(bleed, media):
            self.report.add("page boxes", f"the BleedBox {_show(bleed)} is not inside the "
                                          f"MediaBox {_show(media)}", number)

    def content(self, number: int, page: Any) -> None:
        contents = page.get_contents()
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        if contents is not None:
            self.stream(number, contents, resources, None)

    def stream(self, number: int, stream: Any, resources: Any, fill: Any) -> None:
        """Check one content stream and what it uses (each form, pattern and glyph
        procedure once)."""
        from pypdf.generic import ContentStream

        self.fonts(number, resources)
        self.colour_spaces(number, resources)
        ops = ContentStream(stream, self.reader).operations
        ContentReader(self, number, resources, fill).read(ops)

    def used(self, number: int, resources: Any, name: Any, fill: Any) -> None:
        """A form or image (``Do``) a content stream uses."""
        xobjects = resources.get("/XObject")
        xobject = xobjects.get_object().get(name) if xobjects is not None else None
        if xobject is None:
            return
        key = id(xobject.get_object()) if not hasattr(xobject, "idnum") else xobject.idnum
        if key in self.seen_streams:
            return
        self.seen_streams.add(key)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            if is_rgb(xobject.get("/ColorSpace")):
                self.report.add("colour", f"image {name} is in DeviceRGB", number)
            return
        inner = xobject.get("/Resources")
        inner = inner.get_object() if inner is not None else resources
        self.stream(number, xobject, inner, fill)

    def fonts(self, number: int, resources: Any) -> None:
        fonts = resources.get("/Font")
        for name, ref in (fonts.get_object().items() if fonts is not None else []):
            key = getattr(ref, "idnum", id(ref))
            if key in self.seen_fonts:
                continue
            self.seen_fonts.add(key)
            font = ref.get_object()
            if font.get("/Subtype") == "/Type3":
                inner = font.get("/Resources")
                for glyph in font.get("/CharProcs", {}).values():
                    self.stream(number, glyph.get_object(),
                                inner.get_object() if inner is not None else resources, None)
                continue
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                self.report.add("fonts", f"font {font.get('/BaseFont', name)} is not "
                                         "embedded", number)

    def colour_spaces(self, number: int, resources: Any) -> None:
        """DeviceRGB named in the resources: colour spaces, shadings, patterns."""
        spaces = resources.get("/ColorSpace")
        for name, space in (spaces.get_object().items() if spaces is not None else []):
            if is_rgb(space):
                self.report.add("colour", f"colour space {name} is DeviceRGB", number)
        shadings = resources.get("/Shading")
        for name, shading in (shadings.get_object().items() if shadings is not None else []):
            if is_rgb(shading.get_object().get("/ColorSpace")):
                self.report.add("colour", f"shading {name} is in DeviceRGB", number)
        patterns = resources.get("/Pattern")
        for name, ref in (patterns.get_object().items() if patterns is not None else []):
            pattern = ref.get_object()
            key = getattr(ref, "idnum", id(pattern))
            if key in self.seen_streams:
                continue
            self.seen_streams.add(key)
            if pattern.get("/PatternType") == 2:
                if is_rgb(pattern["/Shading"].get_object().get("/ColorSpace")):
                    self.report.add("colour", f"pattern {name} is in DeviceRGB", number)
            else:
                inner = pattern.get("/Resources")
                self.stream(number, pattern,
                            inner.get_object() if inner is not None else resources, None)

    def dark_mix(self, cmyk: tuple[float, ...]) -> bool:
        """Whether a CMYK fill is dark and near-neutral, and more than black ink."""
        if self.lab is None or all(v <= 0.001 for v in cmyk[:3]):
            return False
        lightness, chroma = self.lab(cmyk[:4])
        return bool(lightness < DARK_L and chroma < NEUTRAL_C)


def _xmp_properties(data: bytes) -> dict[str, str]:
    """The simple properties of an XMP packet (``prefix:name``: text; the first item of
    an array), whether written as attributes or elements."""
    root = ET.fromstring(data.strip().strip(b"\0"))
    prefixes = {uri: prefix for prefix, uri in NS.items()}
    out: dict[str, str] = {}

    def key(tag: str) -> str | None:
        uri, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        return f"{prefixes[uri]}:{name}" if uri in prefixes else None
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for attribute, value in description.attrib.items():
            if (name := key(attribute)) is not None:
                out.setdefault(name, value)
        for child in description:
            name = key(child.tag)
            if name is None:
                continue
            items = [li.text or "" for li in child.iter(f"{{{NS['rdf']}}}li")]
            out.setdefault(name, (items[0] if items else child.text or "").strip())
    return out


def _cmyk_to_lab(profile: bytes) -> Any:
    """A function giving L* and C* of a CMYK colour (0 to 1) as it prints through the
    profile (as the export measures it); None when the profile cannot be used."""
    from PIL import ImageCms

    try:
        return printed_lab(profile)
    except (OSError, ImageCms.PyCMSError):
        return None


def _box(value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    numbers = [float(v) for v in value]
    if len(numbers) != 4:
        return None
    x0, y0, x1, y1 = numbers
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], slack: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _show(box: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{v:g}" for v in (round(x, 2) for x in box)) + "]"


def describe(report: Report) -> Iterator[str]:
    """The report as lines: the summary, then each finding."""
    yield report.summary()
    for finding in report.findings:
        yield f"{'warning' if finding.warning else 'error'}: {finding}"

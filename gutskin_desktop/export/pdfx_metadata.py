"""What a PDF/X-4 file declares about itself (:mod:`.pdfx` writes the pages): the output
intent with its profile embedded, the XMP metadata and the Info dictionary's PDF/X
entries, added to a reportlab document just before it is written.

The XMP repeats the Info dictionary (title, author, subject, keywords, creator, producer,
dates) and adds ``pdf:Trapped False``, ``pdfxid:GTS_PDFXVersion PDF/X-4`` and the document
and instance ids, made from a digest of the pages' content so that the same input gives
the same ids (and ``--deterministic`` the same bytes).
"""
from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDate,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFString,
)

if TYPE_CHECKING:
    from .cmyk import OutputProfile

PDFX_VERSION = "PDF/X-4"


class _Metadata(PDFStream):  # type: ignore[misc]  # reportlab ships no types
    """The XMP metadata stream: uncompressed, so that any tool can read it."""

    def __init__(self, xmp: bytes) -> None:
        super().__init__(PDFDictionary({"Type": PDFName("Metadata"),
                                        "Subtype": PDFName("XML")}), xmp)

    def format(self, document: Any) -> bytes:
        dictionary = PDFDictionary(dict(self.dictionary.dict))
        dictionary["Length"] = len(self.content)
        head: bytes = dictionary.format(document)
        content: bytes = self.content
        return head + b"\nstream\n" + content + b"\nendstream\n"


class _PdfxInfo(PDFInfo):  # type: ignore[misc]  # reportlab ships no types
    """The Info dictionary with the PDF/X version."""

    def format(self, document: Any) -> bytes:
        entries = {"Title": PDFString(self.title), "Author": PDFString(self.author),
                   "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
                   "Creator": PDFString(self.creator), "Producer": PDFString(self.producer),
                   "CreationDate": _date(document), "ModDate": _date(document),
                   "Trapped": PDFName("False"), "GTS_PDFXVersion": PDFString(PDFX_VERSION)}
        formatted: bytes = PDFDictionary(entries).format(document)
        return formatted


def _date(document: Any) -> PDFDate:
    return PDFDate(ts=document._timeStamp, dateFormatter=getattr(document.info,
                                                                 "_dateFormatter", None))


def declare(doc: Any, profile: OutputProfile, content: bytes) -> None:
    """Give a reportlab document its output intent (``profile``), XMP metadata (its ids
    from ``content``, a digest of its pages) and PDF/X Info entries."""
    info = _PdfxInfo()
    info.__dict__.update(doc.info.__dict__)
    doc.info = info
    catalog = doc.Catalog
    catalog.OutputIntents = PDFArray([output_intent(doc, profile)])
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]  # written inline
    document_id = _uuid(content, info.title.encode("utf-8", "replace"))
    instance_id = _uuid(document_id.encode(), repr(doc._timeStamp.YMDhms).encode())
    catalog.Metadata = _Metadata(xmp(info, doc._timeStamp, document_id, instance_id))


def output_intent(doc: Any, profile: OutputProfile) -> PDFDictionary:
    """The PDF/X output intent, its profile embedded (compressed)."""
    stream = PDFStream(PDFDictionary({"N": 4}), profile.data)
    entries = {"Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
               "OutputConditionIdentifier": PDFString(profile.identifier),
               "OutputCondition": PDFString(profile.condition),
               "Info": PDFString(profile.description or profile.condition),
               "DestOutputProfile": doc.Reference(stream)}
    if profile.registry:
        entries["RegistryName"] = PDFString(profile.registry)
    return PDFDictionary(entries)


def _uuid(*parts: bytes) -> str:
    digest = hashlib.sha256(b"\0".join(parts)).digest()
    return f"uuid:{uuid.UUID(bytes=digest[:16], version=4)}"


def _xmp_date(stamp: Any) -> str:
    year, month, day, hour, minute, second = stamp.YMDhms
    offset = stamp.dhh * 60 + (stamp.dmm if stamp.dhh >= 0 else -stamp.dmm)
    sign = "+" if offset >= 0 else "-"
    return (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}")


def xmp(info: PDFInfo, stamp: Any, document_id: str, instance_id: str) -> bytes:
    """The XMP packet: what the Info dictionary says, the ids and the PDF/X version."""
    when = _xmp_date(stamp)

    def text(value: str) -> str:
        return escape(str(value))

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{text(value)}</rdf:li></rdf:Alt>'
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>{alt(info.title)}</dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description>{alt(info.subject)}</dc:description>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{text(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>{text(info.producer)}</pdf:Producer>
   <pdf:Keywords>{text(info.keywords)}</pdf:Keywords>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
{" " * 99}
<?xpacket end="w"?>"""
    return body.encode("utf-8")

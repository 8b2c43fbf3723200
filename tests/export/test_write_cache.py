"""Compressed streams and font subsets made once (export/write_cache.py): the same bytes
as zlib and reportlab make, kept within bounds, and the same PDFs."""
from __future__ import annotations

import random
import zlib
from collections.abc import Iterator

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFontFace

from gutskin_desktop.export import write_cache
from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.export.text import family, wide_family
from gutskin_desktop.model.layout_files import open_layout

from .pdfread import BUNDLE, TODAY


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    write_cache.clear()
    yield
    write_cache.clear()


def test_in_place_for_every_export() -> None:
    family()
    assert isinstance(pdfdoc.zlib, write_cache._Zlib)
    assert TTFontFace.makeSubset is write_cache.make_subset
    assert pdfdoc.zlib.decompress is zlib.decompress  # everything else is zlib's own


def test_compressed_as_zlib_compresses_every_time() -> None:
    rng = random.Random(3)
    blobs = [bytes(rng.getrandbits(8) for _ in range(n)) for n in (0, 10, 5000, 70000)]
    blobs += [b"BT /F1+0 10 Tf (words) Tj ET\n" * 400]
    for _ in range(3):
        for blob in blobs:
            assert write_cache.compress(blob) == zlib.compress(blob)
            assert write_cache.compress(blob, 9) == zlib.compress(blob, 9)
            assert zlib.decompress(write_cache.compress(blob)) == blob


def test_what_is_kept_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write_cache, "MAX_STREAM_BYTES", 100_000)
    monkeypatch.setattr(write_cache, "MAX_SUBSETS", 3)
    for n in range(40):
        write_cache.compress(bytes([n]) * 10_000)
    assert write_cache._stream_bytes <= 100_000
    assert len(write_cache._streams) <= 10
    face = getFont(wide_family()["regular"]).face
    for n in range(6):
        write_cache.make_subset(face, [0, 32, 65 + n])
    assert len(write_cache._subsets) == 3


def test_subsets_are_the_subsets_reportlab_makes() -> None:
    face = getFont(wide_family()["regular"]).face
    for subset in ([0, 32, 65, 66, 67], [0, 32, 0x00EB, 0x05D0], list(range(32, 127))):
        kept = write_cache.make_subset(face, subset)
        assert kept == write_cache.make_subset.__wrapped__(face, subset)  # type: ignore[attr-defined]
        assert write_cache.make_subset(face, subset) is kept  # made once


@pytest.mark.parametrize("name", ["a4-handout", "presenter-notes", "a3-poster"])
def test_the_same_pdfs(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    layout = open_layout(name, BUNDLE.content)
    options = ExportOptions(deterministic=True, today=TODAY, fields={"patient": "Zoë"})
    kept = [render(layout, BUNDLE, options).pdf for _ in range(2)]
    monkeypatch.setattr(pdfdoc, "zlib", zlib)
    monkeypatch.setattr(TTFontFace, "makeSubset", write_cache.make_subset.__wrapped__)  # type: ignore[attr-defined]
    plain = render(layout, BUNDLE, options).pdf
    assert kept[0] == kept[1] == plain

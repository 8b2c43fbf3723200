"""Previews rasterise only the pages that changed: a page whose digest is the one shown
before keeps its image, and every image shown is the one a fresh rasterisation makes."""
from __future__ import annotations

from msgspec.structs import replace
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.layout_files import open_layout
from gutskin_desktop.ui.handout_panel import PREVIEW_DPI
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.pdfimage import page_images
from gutskin_desktop.ui.render_jobs import RenderRequest, render_pages
from gutskin_desktop.ui.render_service import CancelToken

BUNDLE = load_bundle()
DPI = 40.0


def _pixels(image: QImage) -> bytes:
    return bytes(image.convertToFormat(QImage.Format.Format_RGBX8888).constBits())


def _request(**fields: str) -> RenderRequest:
    layout = open_layout("a4-handout", BUNDLE.content)
    return RenderRequest(layout, BUNDLE, ExportOptions(fields=fields, deterministic=True))


def test_page_digests_change_with_the_page_and_only_then() -> None:
    layout = open_layout("a4-handout", BUNDLE.content)
    options = ExportOptions(page_digests=True, deterministic=True)
    one = render(layout, BUNDLE, replace(options, fields={"patient": "Sam Lee"}))
    two = render(layout, BUNDLE, replace(options, fields={"patient": "Sam Leeds"}))
    assert len(one.page_digests) == one.pages == two.pages == len(two.page_digests)
    name_page = two.field_pages["patient"] - 1
    for index in range(one.pages):
        same = one.page_digests[index] == two.page_digests[index]
        assert same == (index != name_page)
        first, second = (page_images(r.pdf, DPI, [index])[0] for r in (one, two))
        assert (_pixels(first) == _pixels(second)) == same
    # a letter no page had before takes a new code in the font subset: the pages from the
    # one it prints on look the same but are drawn again, never shown from an old image
    three = render(layout, BUNDLE, replace(options, fields={"patient": "Sam Łee"}))
    assert three.page_digests[name_page] != two.page_digests[name_page]
    assert not render(layout, BUNDLE, ExportOptions()).page_digests  # only when asked


def test_a_preview_keeps_the_images_of_unchanged_pages() -> None:
    token = CancelToken()
    first = render_pages(_request(patient="Sam Lee"), DPI, token)
    second = render_pages(_request(patient="Sam Leeds"), DPI, token, earlier=first)
    name_page = second.rendered.field_pages["patient"] - 1
    fresh = page_images(second.rendered.pdf, DPI)
    assert len(second.images) == len(fresh) == second.rendered.pages
    for index, image in enumerate(second.images):
        assert _pixels(image) == _pixels(fresh[index])  # what is shown is right
        kept = image.cacheKey() == first.images[index].cacheKey()
        assert kept == (index != name_page)
    # at another resolution nothing is kept
    third = render_pages(_request(patient="Sam Leeds"), DPI * 2, token, earlier=second)
    assert all(a.cacheKey() != b.cacheKey() for a, b in zip(third.images, second.images,
                                                             strict=True))


def test_the_handout_panel_shows_each_keystroke_on_its_page(qtbot: QtBot,
                                                            handout: HandoutWindow) -> None:
    panel = handout.panel
    qtbot.waitUntil(lambda: panel.rendered is not None and not panel.preview_pending(),
                    timeout=15000)
    before = list(panel.preview.images)
    panel.fields["patient"].setText("Sam Leeds")
    qtbot.waitUntil(lambda: panel.rendered is not None and not panel.preview_pending()
                    and "Sam Leeds" in str(panel.typed()), timeout=15000)
    qtbot.waitUntil(lambda: list(panel.preview.images) != before, timeout=15000)
    assert panel.rendered is not None
    shown = list(panel.preview.images)
    fresh = page_images(panel.rendered.pdf, PREVIEW_DPI)
    assert [_pixels(i) for i in shown] == [_pixels(i) for i in fresh]
    changed = [i for i, (a, b) in enumerate(zip(before, shown, strict=True))
               if a.cacheKey() != b.cacheKey()]
    assert changed == [panel.rendered.field_pages["patient"] - 1]

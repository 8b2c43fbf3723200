"""The designer after an edit does only the GUI work the edit needs: the page is shown
pixel for pixel, and the rulers, the other fields and the other pages' thumbnails are
left as they were (each repaint on the GUI thread competes with the preview's render)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.designer.window import DesignerWindow

from .test_designer_pages import _settled as settled


def _settled(qtbot: QtBot, designer: DesignerWindow) -> None:
    """Wait for the preview and the thumbnails of the layout as it stands, and the
    repaints they asked for."""
    settled(qtbot, designer)
    qtbot.wait(50)


class _Paints(QObject):
    """Counts the paint events a widget gets."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _edit_title_size(qtbot: QtBot, designer: DesignerWindow) -> None:
    generation = designer.preview.generation
    box = designer.panel.font_size
    box.setValue(box.value() + 0.5)
    qtbot.waitUntil(lambda: designer.last_preview is not None
                    and designer.last_preview.generation > generation, timeout=15000)
    qtbot.wait(50)


def test_the_preview_is_rendered_at_the_size_the_page_is_shown(
        qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.resize(1100, 800)
    designer.view.fit()
    designer.request_preview()  # at this zoom now, not when the zoom settles
    _settled(qtbot, designer)
    image = designer.last_preview.image  # type: ignore[union-attr]
    assert image is not None
    shown = designer.view.mapFromScene(designer.view.page_item.page).boundingRect()
    ratio = designer.devicePixelRatioF()
    # the page's own pixels on screen: no scaling of a larger image (as at a fixed 72 dpi)
    assert abs(image.width() - shown.width() * ratio) <= 2
    assert abs(image.height() - shown.height() * ratio) <= 2
    assert image.width() < 210 / 25.4 * 72 - 20  # this window shows the page under 72 dpi
    # and what is shown is that image: the page's middle on screen is its middle
    grab = designer.view.viewport().grab().toImage()
    centre = shown.center()
    on_screen = grab.pixelColor(centre)
    rendered = image.pixelColor(image.width() // 2, image.height() // 2)
    assert abs(on_screen.red() - rendered.red()) < 40
    assert abs(on_screen.green() - rendered.green()) < 40


def test_an_edit_leaves_the_rulers_and_the_other_fields_alone(
        qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    _settled(qtbot, designer)
    ruler_paints = [_Paints(ruler) for ruler in designer.rulers.rulers]
    line = designer.panel.findChildren(QLineEdit)[0]
    assert line.isVisible() and line.text()
    line.setCursorPosition(2)
    for _ in range(3):
        _edit_title_size(qtbot, designer)
    assert [p.count for p in ruler_paints] == [0, 0]  # the page moved nowhere
    assert line.cursorPosition() == 2  # the title's text was not set again
    # selecting what is selected changes nothing either (no panel refresh, no signal)
    seen: list[list[str]] = []
    designer.view.selection_changed.connect(seen.append)
    designer.view.select(["title"])
    assert seen == []
    designer.view.select(["message"])
    assert seen and seen[-1] == ["message"]


def test_unchanged_pages_keep_their_thumbnails(qtbot: QtBot,
                                              designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    _settled(qtbot, designer)
    panel = designer.pages
    before = [panel.item(i).icon().cacheKey() for i in range(panel.count())]
    _edit_title_size(qtbot, designer)
    # the preview came: no thumbnail was made again before the pause, and then only the
    # first page's (the only one the edit changed)
    assert [panel.item(i).icon().cacheKey() for i in range(panel.count())] == before
    _settled(qtbot, designer)
    after = [panel.item(i).icon().cacheKey() for i in range(panel.count())]
    assert after[0] != before[0]
    assert after[1:] == before[1:]

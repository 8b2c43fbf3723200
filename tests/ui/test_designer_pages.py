"""The designer's pages: the thumbnails panel, the Page menu and the rulers, driven as a
designer would."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.designer.rulers import Ruler
from gutskin_desktop.ui.designer.window import DesignerWindow


def _settled(qtbot: QtBot, designer: DesignerWindow) -> None:
    """Wait for the preview and the thumbnails of the layout as it stands."""
    qtbot.waitUntil(lambda: designer.preview.idle and designer.last_preview is not None
                    and designer.last_preview.generation == designer.preview.generation,
                    timeout=15000)
    panel = designer.pages
    qtbot.waitUntil(lambda: panel.shown_generation == panel.generation, timeout=15000)


def _shown_ids(designer: DesignerWindow) -> set[str]:
    return set(designer.view.blocks)


def _click_thumbnail(qtbot: QtBot, panel: QListWidget, row: int) -> None:
    rect = panel.visualItemRect(panel.item(row))
    panel.scrollToItem(panel.item(row))
    rect = panel.visualItemRect(panel.item(row))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_pages_panel_shows_every_page_and_goes_to_the_one_clicked(
        qtbot: QtBot, designer: DesignerWindow) -> None:
    _settled(qtbot, designer)
    panel = designer.findChild(QListWidget, "pagesPanel")
    assert panel is designer.pages and panel.isVisible()
    pages = designer.last_preview.pages  # type: ignore[union-attr]
    assert panel.count() == pages == designer.page_box.maximum()
    assert [panel.item(i).text() for i in range(2)] == ["1", "2"]
    assert panel.item(2).text() == "3 (text continued)"
    assert panel.currentRow() == 0
    # each thumbnail is its page: the first has the dark title band, the second is text
    first, second = panel.images[0], panel.images[1]
    assert first.width() <= 120 and abs(first.height() / first.width() - 297 / 210) < 0.05
    assert first != second

    _click_thumbnail(qtbot, panel, 1)
    assert designer.page_box.value() == 2 and designer.view.page_index == 1
    assert "sections" in _shown_ids(designer) and "title" not in _shown_ids(designer)
    designer.page_box.setValue(1)
    assert panel.currentRow() == 0 and "title" in _shown_ids(designer)
    designer.action("actionNextPage").trigger()
    assert panel.currentRow() == 1 and designer.page_box.value() == 2


def test_add_and_duplicate_pages_each_one_undo_step(qtbot: QtBot,
                                                    designer: DesignerWindow) -> None:
    _settled(qtbot, designer)
    before = designer.document.layout
    designer.action("actionAddPage").trigger()
    layout = designer.document.layout
    assert layout.page_count == 3 and layout.block("sections").page == 3
    assert designer.view.page_index == 1 and _shown_ids(designer) == {"footer"}
    assert designer.document.undo_stack.count() == 1
    assert designer.document.undo_stack.undoText() == "Add page 2"
    _settled(qtbot, designer)
    assert designer.pages.count() == designer.last_preview.pages  # type: ignore[union-attr]
    assert designer.pages.currentRow() == 1
    assert designer.pages.item(2).text() == "3"
    designer.action("actionUndo").trigger()
    assert designer.document.layout == before

    designer.go_to_page(0)
    designer.action("actionDuplicatePage").trigger()
    layout = designer.document.layout
    assert designer.view.page_index == 1
    assert {"title-2", "message-2", "diagram-2", "summary-2"} <= _shown_ids(designer)
    assert layout.block("title-2").page == 2 and layout.block("sections").page == 3
    assert designer.document.undo_stack.undoText() == "Duplicate page 1"
    _settled(qtbot, designer)
    assert designer.pages.item(1).text() == "2" and designer.pages.currentRow() == 1
    designer.action("actionUndo").trigger()
    assert designer.document.layout == before


def test_remove_page_asks_when_it_has_blocks_and_undo_brings_it_back(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    before = designer.document.layout
    designer.go_to_page(1)
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> staticmethod[..., object]:
        def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
            asked.append(str(args[2]))
            return button
        return staticmethod(question)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    designer.action("actionRemovePage").trigger()
    assert asked and "page 2" in asked[0] and "sections" in asked[0]
    assert designer.document.layout == before
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    designer.action("actionRemovePage").trigger()
    assert designer.document.layout.page_count == 1
    assert "sections" not in {b.id for b in designer.document.layout.blocks}
    assert designer.view.page_index == 0
    assert not designer.action("actionRemovePage").isEnabled()  # the one page left
    designer.action("actionUndo").trigger()
    assert designer.document.layout == before

    # an empty page goes without a question; the page with every block is refused
    monkeypatch.setattr(QMessageBox, "question", staticmethod(_no_question))
    designer.go_to_page(0)
    designer.action("actionAddPage").trigger()  # an empty page 2; the sections on page 3
    designer.action("actionRemovePage").trigger()
    assert designer.document.layout == before
    designer.action("actionAddPage").trigger()
    designer.go_to_page(2)
    designer.view.select(["sections", "footer"])
    designer.action("actionDelete").trigger()  # the pages stay, empty
    layout = designer.document.layout
    assert layout.page_count == 3 and {b.page for b in layout.blocks} == {1}
    designer.go_to_page(0)
    designer.action("actionRemovePage").trigger()
    assert designer.document.layout == layout
    assert "every block" in designer.statusBar().currentMessage()


def _no_question(*args: object, **kwargs: object) -> object:
    raise AssertionError(f"asked: {args[2]}")


def test_move_page_swaps_pages_and_follows_the_page(qtbot: QtBot,
                                                   designer: DesignerWindow) -> None:
    assert not designer.action("actionMovePageUp").isEnabled()
    designer.action("actionMovePageDown").trigger()
    layout = designer.document.layout
    assert layout.block("title").page == 2 and layout.block("sections").page == 1
    assert layout.block("footer").page == 1  # on every page: it stays
    assert designer.view.page_index == 1 and "title" in _shown_ids(designer)
    assert not designer.action("actionMovePageDown").isEnabled()
    designer.action("actionMovePageUp").trigger()
    assert designer.document.layout.block("title").page == 1
    assert designer.document.undo_stack.count() == 2

    # a page where the sections text continues is not one to move, copy or remove
    _settled(qtbot, designer)
    designer.go_to_page(3)
    for name in ("actionDuplicatePage", "actionRemovePage", "actionMovePageUp",
                 "actionMovePageDown"):
        assert not designer.action(name).isEnabled(), name
    designer.action("actionAddPage").trigger()  # after the layout's own pages
    assert designer.document.layout.page_count == 3
    assert designer.view.page_index == 2


# -- rulers ----------------------------------------------------------------------------


def _rulers(designer: DesignerWindow) -> tuple[Ruler, Ruler]:
    top = designer.findChild(QWidget, "rulerTop")
    left = designer.findChild(QWidget, "rulerLeft")
    assert isinstance(top, Ruler) and isinstance(left, Ruler)
    return top, left


def _page_edge_on_ruler(designer: DesignerWindow, ruler: Ruler, mm: float) -> float:
    """Where the page's ``mm`` is, in the ruler's pixels, from the view itself."""
    point = designer.view.mapFromScene(QPointF(mm, mm))
    mapped = designer.view.viewport().mapTo(designer, point)
    mine = ruler.mapTo(designer, QPoint(0, 0))
    return mapped.x() - mine.x() if ruler.horizontal else mapped.y() - mine.y()


def test_rulers_measure_the_page_and_show_the_selection_and_the_mouse(
        qtbot: QtBot, designer: DesignerWindow) -> None:
    top, left = _rulers(designer)
    assert top.isVisible() and left.isVisible()
    for ruler in (top, left):
        assert abs(ruler.to_pixel(0) - _page_edge_on_ruler(designer, ruler, 0)) <= 1
        assert abs(ruler.to_pixel(100) - _page_edge_on_ruler(designer, ruler, 100)) <= 1
    fitted = top.steps()
    assert fitted == (5.0, 10.0, 50.0)  # the whole A4 page: ticks every 5 mm
    image = top.grab().toImage()
    ratio = image.devicePixelRatio()
    page_left = top.to_pixel(0)
    row = int(3 * ratio)
    assert image.pixelColor(int((page_left + 8) * ratio), row) == QColor("#ffffff")
    assert image.pixelColor(int((page_left - 8) * ratio), row) != QColor("#ffffff")

    # the selected blocks' extent, while dragged too, and the mouse
    designer.view.select(["diagram"])
    assert top.selection_mm == (15.0, 195.0) and left.selection_mm == (59.0, 177.0)
    port = designer.view.viewport()
    where = QPointF(designer.view.mapFromScene(QPointF(40.0, 80.0)))
    hover = QMouseEvent(QEvent.Type.MouseMove, where, port.mapToGlobal(where),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(port, hover)  # the mouse over the page, no button down
    assert top.mouse_mm is not None and left.mouse_mm is not None
    assert abs(top.mouse_mm - 40.0) < 1.5 and abs(left.mouse_mm - 80.0) < 1.5
    # dragging the block: the band follows it before the edit is made
    start = designer.view.mapFromScene(QPointF(100.0, 100.0))
    end = designer.view.mapFromScene(QPointF(110.0, 100.0))
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, start)
    for i in range(1, 5):
        QTest.mouseMove(port, start + (end - start) * i / 4)
    x, _, w, _ = designer.view.blocks["diagram"].scene_rect_mm()
    assert x > 20.0
    qtbot.waitUntil(lambda: top.selection_mm == (x, x + w))
    assert designer.document.layout.block("diagram").x_mm == 15.0  # not edited yet
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, end)
    designer.view.select([])
    assert top.selection_mm is None

    # zoomed in: finer ticks, and the numbers follow the scrolling
    designer.view.zoom_by(4.0)
    assert top.steps() == (1.0, 5.0, 10.0)
    bar = designer.view.horizontalScrollBar()
    bar.setValue(bar.value() + 120)
    for ruler in (top, left):
        assert abs(ruler.to_pixel(50) - _page_edge_on_ruler(designer, ruler, 50)) <= 1

    designer.action("actionRulers").trigger()
    assert not top.isVisible() and not left.isVisible()
    designer.action("actionRulers").trigger()
    assert top.isVisible()

"""The guided tour, stepped through with Right as a presenter would at 1920x1080: every
box once in the article's order, hubs with texts of their own, pages instead of a
scrollbar, the audience never shown the presenter notes, labels large enough to read."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser, QToolButton
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.content import BulletList, Paragraph
from gutskin_desktop.ui.main_window import MainWindow

ARTICLE_ORDER = ["gut", "microbiome", "immune", "inflammation", "gut-wall", "nutrients",
                 "brain", "skin", "outlook"]


def _settled(window: MainWindow) -> bool:
    return window.view.animation.state() != window.view.animation.State.Running


def _present_at_1080(qtbot: QtBot, window: MainWindow) -> None:
    """Present, then make the window 1920x1080 (the offscreen screen is smaller; the
    window manager's full screen may land after a first resize, so resize until it holds)."""
    window.action("actionPresent").trigger()

    def at_1080() -> bool:
        if window.height() != 1080:
            window.setGeometry(0, 0, 1920, 1080)
        return window.view.height() > 600 and _settled(window)
    qtbot.waitUntil(at_1080, timeout=15000)


def _shown(window: MainWindow) -> str:
    return window.findChild(QTextBrowser, "sectionText").toPlainText()


def _press_right(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: _settled(window), timeout=15000)


def _walk(qtbot: QtBot, window: MainWindow) -> list[tuple[str, list[str], float]]:
    """Each step: its opened box, the text of each of its pages, the smallest label's
    height on screen (pixels) among the boxes in view."""
    steps: list[tuple[str, list[str], float]] = []
    while True:
        opened = window.scene.opened
        assert opened is not None
        if not steps or steps[-1][0] != opened:
            steps.append((opened, [], _smallest_label_px(window)))
        steps[-1][1].append(_shown(window))
        before = (opened, window.panel.page)
        _press_right(qtbot, window)
        if (window.scene.opened, window.panel.page) == before:
            return steps


def _smallest_label_px(window: MainWindow) -> float:
    view = window.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    sizes = [window.scene.node_item(n.id).model_geometry.font_size
             for n in window.bundle.diagram.nodes
             if shown.intersects(window.scene.node_rect(n.id))]
    return min(sizes) * view.transform().m11()


def _presenter_words(window: MainWindow, section_id: str) -> list[str]:
    """The presenter text's paragraphs and list items that the patient text does not
    share (its headings may repeat a title, a list may name the same conditions: "Acne")."""
    section = window.bundle.content.section(section_id)
    patient = {w for b in section.blocks("patient")
               for w in (b.items if isinstance(b, BulletList) else [b.text])}
    words: list[str] = []
    for block in section.blocks("presenter"):
        if isinstance(block, Paragraph):
            words.append(block.text)
        elif isinstance(block, BulletList):
            words.extend(block.items)
    assert words
    return [w for w in words if len(w.split()) >= 4 and not any(w in p for p in patient)]


def test_the_tour_shows_every_box_once_in_the_article_order(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    diagram, content = window.bundle.diagram, window.bundle.content
    _present_at_1080(qtbot, window)
    steps = _walk(qtbot, window)
    boxes = [box for box, _, _ in steps]
    assert boxes == ARTICLE_ORDER == list(diagram.tour)
    assert sorted(boxes) == sorted(n.id for n in diagram.nodes)
    firsts = {box: pages[0].splitlines()[0] for box, pages, _ in steps}
    for box in boxes:
        assert firsts[box] == content.section(diagram.node(box).section).title
    assert len({firsts["gut"], firsts["brain"], firsts["skin"]}) == 3
    assert len(set(firsts.values())) == len(boxes)
    for box, pages, label_px in steps:
        assert label_px >= 24, box
        for text in pages:
            for words in _presenter_words(window, diagram.node(box).section):
                assert words not in text, (box, words)


def test_no_box_is_joined_to_nothing(window: MainWindow) -> None:
    diagram = window.bundle.diagram
    assert all(diagram.edges_of(n.id) for n in diagram.nodes)
    [edge] = [e for e in diagram.edges if "outlook" in (e.source, e.target)]
    assert edge.label.strip()
    assert "outlook" in window.scene.neighbours("skin")


def test_a_long_step_pages_before_moving_on(qtbot: QtBot, window: MainWindow) -> None:
    content, diagram = window.bundle.content, window.bundle.diagram
    _present_at_1080(qtbot, window)
    browser = window.findChild(QTextBrowser, "sectionText")
    assert browser.verticalScrollBar().maximum() == 0 or \
        browser.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert len(window.panel.pages) > 1, "the first step's text takes several pages"
    pages = [_shown(window)]
    while window.panel.page < len(window.panel.pages) - 1:
        _press_right(qtbot, window)
        assert window.scene.opened == "gut"
        assert browser.verticalScrollBar().maximum() == 0  # a page never scrolls
        pages.append(_shown(window))
    assert len(set(pages)) == len(pages)
    step_label = window.findChild(QLabel, "stepLabel")
    assert f"page {len(pages)} of {len(pages)}" in step_label.text()
    shown = " ".join(" ".join(p.split()) for p in pages)
    for block in content.section(diagram.node("gut").section).blocks("patient"):
        for words in (block.items if isinstance(block, BulletList) else [block.text]):
            assert words in shown
    _press_right(qtbot, window)
    assert window.scene.opened == "microbiome" and window.panel.page == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Left)  # back: the step before, at its last page
    assert window.scene.opened == "gut" and _shown(window) == pages[-1]
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp)
    assert _shown(window) == pages[-2]


def test_controls_are_hidden_while_presenting(qtbot: QtBot, window: MainWindow) -> None:
    controls = [window.menuBar(), window.toolbar, window.statusBar(),
                window.findChild(QLabel, "textSwitchLabel"),
                window.findChild(QToolButton, "textPatient"),
                window.findChild(QToolButton, "textPresenter")]
    assert all(c.isVisible() for c in controls)
    _present_at_1080(qtbot, window)
    assert not any(c.isVisible() for c in controls)
    assert window.findChild(QTextBrowser, "sectionText").verticalScrollBarPolicy() \
        == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert all(c.isVisible() for c in controls)
    assert not window.presenter.active


def test_a_smaller_window_keeps_labels_large_for_its_size_and_shows_more(
        qtbot: QtBot, window: MainWindow) -> None:
    """Labels keep 24 px in 1080 in proportion to the window (a projector at 768 pixels,
    a window that could not go full screen), so a smaller window shows as much of a hub's
    pathway as a full HD screen, not a smaller piece of it."""
    _present_at_1080(qtbot, window)
    _press_right(qtbot, window)  # the tour starts on Gut, a hub: step 2, then back
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: _settled(window), timeout=15000)
    view = window.view

    def shown_share() -> float:
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        pathway = window.scene.pathway_rect(window.scene.opened or "")
        part = shown.intersected(pathway)
        return (part.width() * part.height()) / (pathway.width() * pathway.height())

    at_1080 = shown_share()

    def at_800() -> bool:
        if window.height() != 800:
            window.setGeometry(0, 0, 1280, 800)
        return window.height() == 800 and _settled(window)
    qtbot.waitUntil(at_800, timeout=15000)
    window.presenter.frame()
    qtbot.waitUntil(lambda: _settled(window), timeout=15000)
    assert _smallest_label_px(window) >= 24 * 800 / 1080 - 0.5
    assert shown_share() >= at_1080 - 0.05

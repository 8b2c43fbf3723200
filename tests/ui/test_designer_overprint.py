"""The designer marks a block that covers another block's text, as it marks overflow: both
blocks outlined with the message in their tooltips, and the status bar says so instead of
"text fits"; text set to flow around the block clears it."""
from __future__ import annotations

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.designer.window import DesignerWindow

COVERS = "covers the text of block 'sections' on page 2"


def test_a_callout_inserted_over_the_sections_is_flagged_on_both_blocks(
        qtbot: QtBot, designer: DesignerWindow) -> None:
    page = designer.findChild(type(designer.page_box), "pageSelector")
    page.setValue(2)  # the sections' page: full, so a new block lands on the text
    designer.findChild(QAction, "actionAddCallout").trigger()
    added = designer.document.layout.blocks[-1]
    assert added.type == "callout" and added.page == 2
    qtbot.waitUntil(lambda: bool(designer.view.blocks.get(added.id)
                                 and designer.view.blocks[added.id].overflow), timeout=15000)
    message = f"block '{added.id}' {COVERS}"
    assert message in designer.view.blocks[added.id].toolTip()
    assert message in designer.view.blocks["sections"].toolTip()
    status = designer.statusBar().currentMessage()
    assert message in status and "text fits" not in status
    assert status.count(message) == 1

    designer.document.edit("Text flows around", designer.document.layout.model_copy(
        update={"blocks": (*designer.document.layout.blocks[:-1],
                           added.model_copy(update={"wrap": True}))}))
    qtbot.waitUntil(lambda: not designer.view.blocks["sections"].overflow, timeout=15000)
    assert "text fits and is large enough" in designer.statusBar().currentMessage()

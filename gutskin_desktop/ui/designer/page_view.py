"""The designer's page view: select, move, resize and nudge blocks, with snapping guides,
and edit a block's text in place.

The scene shows the document's layout; mouse and key gestures become document edits.
A drag moves the selection's items live and pushes one undoable edit on release; the
selection's bounding box snaps to margins, the page centre, other blocks and the grid
(Alt turns snapping off). Arrow keys nudge by 1 mm, with Shift by 10 mm. A double-click on
a block (or F2 or Enter on the selected one) edits its own text over it on the page, as
one undoable step; for a block whose text comes from elsewhere, :attr:`PageView.message`
says where.
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QWidget

from gutskin_desktop.model import layout_edit, snapping
from gutskin_desktop.model.content import Content
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import Block, Layout

from .block_editors import editor_for, shown_text, text_value
from .block_items import BlockItem, GuideItem, HandleItem, PageItem
from .document import LayoutDocument
from .text_editor import InPlaceEditor

Rect = tuple[float, float, float, float]

ZOOM_STEP = 1.2
EDIT_KEYS = (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter)
NUDGE_KEYS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
              Qt.Key.Key_Down: (0, 1)}


class _Drag:
    """A move or resize in progress: where it started and what it touches."""

    def __init__(self, kind: str, press: QPointF, items: list[BlockItem], role: str = "",
                 alt: bool = False) -> None:
        self.kind, self.press, self.items, self.role = kind, press, items, role
        self.alt = alt
        self.start: dict[str, Rect] = {i.block_id: i.scene_rect_mm() for i in items}
        self.moved = False


class PageView(QGraphicsView):
    """The page at true proportions, with block outlines to arrange."""

    selection_changed = Signal(list)
    zoom_changed = Signal(float)
    message = Signal(str)  # something to say in the status bar
    picture_wanted = Signal(str)  # an image block double-clicked: choose its picture

    def __init__(self, document: LayoutDocument, content: Content | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setAccessibleName("Page layout")
        self.document = document
        self.content = content
        self.text_editor: InPlaceEditor | None = None
        self.page_index = 0
        self.snapping = True
        self.auto_fit = True
        # what the page was last fitted to: its area, the view's size and the zoom made
        self._fitted: tuple[object, ...] = ()
        self.setScene(QGraphicsScene(self))
        self.page_item = PageItem()
        self.scene().addItem(self.page_item)
        self.blocks: dict[str, BlockItem] = {}
        self.guides: list[GuideItem] = []
        self._drag: _Drag | None = None
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setBackgroundBrush(Qt.GlobalColor.lightGray)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scene().selectionChanged.connect(self._emit_selection)
        document.changed.connect(self.sync)
        self.sync()

    # -- projection of the document -------------------------------------------------------

    @property
    def current_layout(self) -> Layout:
        """The document's layout as it stands (what the page shows)."""
        return self.document.layout

    def sync(self) -> None:
        """Make the items match the document's layout (page, blocks, order)."""
        layout = self.current_layout
        w, h = layout.page.size_mm()
        m = layout.page.margins_mm
        self.page_item.set_page(w, h, (m.top, m.right, m.bottom, m.left), layout.page.bleed_mm)
        grow = max(w, h) * 0.08 + layout.page.bleed_mm
        self.scene().setSceneRect(QRectF(-grow, -grow, w + 2 * grow, h + 2 * grow))
        selected = set(self.selected_ids())
        shown = {b.id: b for b in layout.blocks if self._on_this_page(b)}
        for block_id in list(self.blocks):
            if block_id not in shown:
                self.scene().removeItem(self.blocks.pop(block_id))
        for z, block in enumerate(layout.blocks):
            if block.id not in shown:
                continue
            item = self.blocks.get(block.id)
            if item is None or item.kind != block.type:
                if item is not None:
                    self.scene().removeItem(item)
                item = self.blocks[block.id] = BlockItem(block.id, block.type)
                self.scene().addItem(item)
            item.set_rect(block.x_mm, block.y_mm, block.w_mm, block.h_mm)
            item.set_wrap(block.wrap)
            item.setZValue(1 + z * 0.01)
            item.setSelected(block.id in selected)
        if self.text_editor is not None and self.text_editor.block_id not in shown:
            self._close_editor()  # its block went (an undo, another page)
        if self.auto_fit:
            self.fit()

    def _on_this_page(self, block: Block) -> bool:
        if block.type == "footer" and getattr(block, "all_pages", False):
            return True
        return block.page == self.page_index + 1

    def set_page_index(self, index: int) -> None:
        """Show another page of the layout (0-based)."""
        self.page_index = max(0, index)
        self.sync()

    def selected_ids(self) -> list[str]:
        """Ids of the selected blocks, in drawing order."""
        order = [b.id for b in self.current_layout.blocks]
        chosen = {i.block_id for i in self.scene().selectedItems() if isinstance(i, BlockItem)}
        return [i for i in order if i in chosen]

    def select(self, ids: list[str]) -> None:
        """Select exactly these blocks (nothing is done, or emitted, when they are the
        ones selected)."""
        wanted = [block_id for block_id in ids if block_id in self.blocks]
        if sorted(wanted) == sorted(self.selected_ids()):
            return
        self.scene().clearSelection()
        for block_id in ids:
            if block_id in self.blocks:
                self.blocks[block_id].setSelected(True)

    def _emit_selection(self) -> None:
        self.selection_changed.emit(self.selected_ids())

    # -- zoom ------------------------------------------------------------------------------

    def fit(self) -> None:
        """Show the whole page. While it is fitted there are no scroll bars: the scene
        reaches past the fitted area, and scroll bars that came and went with the zoom
        would resize the view, fit it again and so on, without end, at some window
        sizes."""
        self.auto_fit = True
        self._scroll_bars(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = self.page_item.page
        pad = max(page.width(), page.height()) * 0.04 + self.current_layout.page.bleed_mm
        area = page.adjusted(-pad, -pad, pad, pad)
        fitted = (area.getRect(), self.viewport().size().toTuple(), self.transform())
        if fitted == self._fitted:
            return  # fitted so already: every edit comes here (no zoom, no new preview)
        self.fitInView(area, Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = (area.getRect(), self.viewport().size().toTuple(), self.transform())
        self._zoomed()

    def zoom_by(self, factor: float) -> None:
        current = self.transform().m11()
        target = min(80.0, max(0.3, current * factor))
        self.auto_fit = False
        self._scroll_bars(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scale(target / current, target / current)
        self._zoomed()

    def _scroll_bars(self, policy: Qt.ScrollBarPolicy) -> None:
        if self.horizontalScrollBarPolicy() != policy:
            self.setHorizontalScrollBarPolicy(policy)
            self.setVerticalScrollBarPolicy(policy)

    def _zoomed(self) -> None:
        if self.text_editor is not None:
            self.text_editor.place()
        self.zoom_changed.emit(self.transform().m11())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self.text_editor is not None:
            self.text_editor.place()

    def pixels_per_mm(self) -> float:
        """The zoom: screen pixels per millimetre of the page."""
        return self.transform().m11()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    # -- mouse -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        item = self.itemAt(event.position().toPoint())
        press = self.mapToScene(event.position().toPoint())
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if isinstance(item, HandleItem):
            self._drag = _Drag("resize", press, [item.block], item.role, alt)
            event.accept()
            return
        if isinstance(item, BlockItem):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if shift:
                item.setSelected(not item.isSelected())
            elif not item.isSelected():
                self.scene().clearSelection()
                item.setSelected(True)
            chosen = [self.blocks[i] for i in self.selected_ids()]
            self._drag = _Drag("move", press, chosen, alt=alt) if item.isSelected() else None
            self.setFocus()
            event.accept()
            return
        if not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.scene().clearSelection()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return super().mouseMoveEvent(event)
        point = self.mapToScene(event.position().toPoint())
        delta = point - self._drag.press
        alt = self._drag.alt or bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        snap = self.snapping and not alt
        if self._drag.kind == "move":
            self._move(delta.x(), delta.y(), snap)
        else:
            self._resize(delta.x(), delta.y(), snap)
        self._drag.moved = True
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None:
            return super().mouseReleaseEvent(event)
        self._clear_guides()
        if drag.moved:
            self._commit(drag)
        event.accept()

    @staticmethod
    def _selection_bounds(rects: dict[str, Rect]) -> Rect:
        left = min(r[0] for r in rects.values())
        top = min(r[1] for r in rects.values())
        right = max(r[0] + r[2] for r in rects.values())
        bottom = max(r[1] + r[3] for r in rects.values())
        return left, top, right - left, bottom - top

    def _snap(self, rect: Rect, exclude: set[str], edges: str) -> snapping.Snap:
        xs, ys = snapping.guides(self.current_layout, exclude)
        threshold = max(snapping.THRESHOLD_MM, 6.0 / max(self.pixels_per_mm(), 0.01))
        return snapping.snap_rect(rect, xs, ys, min(threshold, 4.0), edges)

    def _move(self, dx: float, dy: float, snap: bool) -> None:
        drag = self._drag
        if drag is None:
            return
        moved: dict[str, Rect] = {i: (r[0] + dx, r[1] + dy, r[2], r[3])
                                  for i, r in drag.start.items()}
        before = self._selection_bounds(moved)
        x, y, w, h = layout_edit.clamp_rect(self.current_layout, before)
        bounds = (x, y, w, h)
        cx, cy = x - before[0], y - before[1]
        result = self._snap(bounds, set(drag.start), "lrtbc") if snap else None
        sx, sy = (result.dx, result.dy) if result else (0.0, 0.0)
        for item in drag.items:
            x, y, w, h = moved[item.block_id]
            item.set_rect(x + cx + sx, y + cy + sy, w, h)
        self._show_guides(result)

    def _resize(self, dx: float, dy: float, snap: bool) -> None:
        drag = self._drag
        if drag is None:
            return
        item = drag.items[0]
        x, y, w, h = drag.start[item.block_id]
        role = drag.role
        left, top, right, bottom = x, y, x + w, y + h
        if "l" in role:
            left += dx
        if "r" in role:
            right += dx
        if "t" in role:
            top += dy
        if "b" in role:
            bottom += dy
        result = None
        if snap:
            edges = "".join(e for e in "lrtb" if e in role)
            result = self._snap((left, top, right - left, bottom - top), {item.block_id}, edges)
            left += result.dx if "l" in role else 0
            right += result.dx if "r" in role else 0
            top += result.dy if "t" in role else 0
            bottom += result.dy if "b" in role else 0
        minimum = layout_edit.MIN_SIZE_MM
        if right - left < minimum:
            left, right = (right - minimum, right) if "l" in role else (left, left + minimum)
        if bottom - top < minimum:
            top, bottom = (bottom - minimum, bottom) if "t" in role else (top, top + minimum)
        item.set_rect(*layout_edit.clamp_rect(self.current_layout, (left, top, right - left,
                                                             bottom - top)))
        self._show_guides(result)

    def _show_guides(self, result: snapping.Snap | None) -> None:
        self._clear_guides()
        if result is None:
            return
        rect = self.scene().sceneRect()
        for x in result.x_guides:
            self.guides.append(GuideItem(QLineF(x, rect.top(), x, rect.bottom())))
        for y in result.y_guides:
            self.guides.append(GuideItem(QLineF(rect.left(), y, rect.right(), y)))
        for guide in self.guides:
            self.scene().addItem(guide)

    def _clear_guides(self) -> None:
        for guide in self.guides:
            self.scene().removeItem(guide)
        self.guides.clear()

    def _commit(self, drag: _Drag) -> None:
        changes: dict[str, dict[str, object]] = {}
        for item in drag.items:
            x, y, w, h = (round(v, 2) for v in item.scene_rect_mm())
            changes[item.block_id] = {"x_mm": x, "y_mm": y, "w_mm": w, "h_mm": h}
        verb = "Move" if drag.kind == "move" else "Resize"
        names = ", ".join(changes)
        self.apply_changes(f"{verb} {names}", changes)

    def apply_changes(self, text: str, changes: dict[str, dict[str, object]],
                      merge_key: str | None = None) -> bool:
        """Push an edit of block fields; on a refused edit, put the items back."""
        try:
            after = layout_edit.update_blocks(self.current_layout, changes)
        except EditError:
            self.sync()
            return False
        self.document.edit(text, after, merge_key)
        self.sync()
        return True

    # -- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = NUDGE_KEYS.get(Qt.Key(event.key()))
        ids = self.selected_ids()
        if event.key() in EDIT_KEYS and len(ids) == 1:
            self.edit_text(ids[0])
            event.accept()
            return
        if step is None or not ids:
            return super().keyPressEvent(event)
        amount = 10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
        changes: dict[str, dict[str, object]] = {}
        for block_id in ids:
            block = self.current_layout.block(block_id)
            x, y, _, _ = layout_edit.clamp_rect(self.current_layout, (
                block.x_mm + step[0] * amount, block.y_mm + step[1] * amount,
                block.w_mm, block.h_mm))
            changes[block_id] = {"x_mm": x, "y_mm": y}
        self.apply_changes(f"Nudge {', '.join(ids)}", changes, f"nudge:{','.join(ids)}")
        event.accept()

    # -- text in place ---------------------------------------------------------------------

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseDoubleClickEvent(event)
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, HandleItem):
            item = item.block
        if isinstance(item, BlockItem):
            self.scene().clearSelection()
            item.setSelected(True)
            self.edit_text(item.block_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def edit_text(self, block_id: str) -> bool:
        """Open the editor over a block for its own text (False, and a message saying
        where its text comes from, when it has none to edit here)."""
        self._close_editor()
        block = self.current_layout.block(block_id)
        editor = editor_for(block.type)
        if self.selected_ids() != [block_id]:
            self.select([block_id])
        field = editor.in_place
        if editor.picture:
            self.picture_wanted.emit(block_id)
            return False
        if field is None or self.content is None:
            about = editor.text_from or "has no text to edit"
            self.message.emit(f"Block '{block_id}' {about}.")
            return False
        label = dict(editor.texts).get(field, field.title())
        self.text_editor = InPlaceEditor(
            self, block_id, field, label, shown_text(block, field, self.content),
            field in editor.long, _size_pt(block, field),
            QRectF(block.x_mm, block.y_mm, block.w_mm, block.h_mm))
        self.text_editor.committed.connect(self._commit_text)
        self.text_editor.cancelled.connect(self._close_editor)
        other = f"; the block {editor.text_from}" if editor.text_from else ""
        self.message.emit(f"Editing the {label.lower()} of '{block_id}'{other}.")
        return True

    def _commit_text(self, text: str) -> None:
        editor = self.text_editor
        self._close_editor()
        if editor is None or self.content is None:
            return
        block_id, field = editor.block_id, editor.field
        if block_id not in {b.id for b in self.current_layout.blocks}:
            return
        block = self.current_layout.block(block_id)
        if text == shown_text(block, field, self.content):
            return
        try:
            value = text_value(block.type, field, text)
            after = layout_edit.update_blocks(self.current_layout, {block_id: {field: value}})
        except EditError as exc:
            self.message.emit(f"The text of '{block_id}' was not changed: {exc}.")
            return
        self.document.edit(f"Edit text of {block_id}", after)
        self.message.emit(f"Edited the text of '{block_id}'.")

    def _close_editor(self) -> None:
        editor, self.text_editor = self.text_editor, None
        if editor is None:
            return
        focused = QApplication.focusWidget()
        had_focus = focused is not None and (focused is editor or editor.isAncestorOf(focused))
        editor.cancel()  # nothing more is emitted once it is done
        editor.hide()
        editor.deleteLater()
        if had_focus:  # finished with a key: the page has the keys again
            self.setFocus(Qt.FocusReason.OtherFocusReason)


def _size_pt(block: Block, field: str) -> float:
    """The type size a text field prints at, in points (the editor's size at the zoom)."""
    s = block.style
    if block.type == "title" and field == "text":
        return s.heading_size or s.font_size * 2.2
    if field == "title":
        return s.heading_size or s.font_size * 1.25
    return s.font_size

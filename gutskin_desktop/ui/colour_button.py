"""A button that shows a colour and opens a small palette to choose another.

The button shows the colour as a swatch beside its ``#rrggbb`` code, with its palette
name in its tooltip and the code in its accessible description. A click (or Space, Enter
or Alt+Down) opens a popup of the palette's swatches in a grid, each named in its tooltip
and, while pointed at or focused, in the popup's caption; a "None" choice when the field
may be empty, and "More colours..." for any other colour. Arrow keys move between
swatches, Enter or Space chooses one, Esc closes the popup.
Choosing emits :attr:`ColourButton.colour_chosen`; :meth:`ColourButton.set_colour` only
shows a value and emits nothing, so a panel can refresh without echoing edits.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFocusEvent,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.model.theme import is_colour

COLUMNS = 6
SWATCH = 24  # px, one palette swatch
NO_COLOUR = "None"
_RING = QColor("#1c66b0")
_EDGE = QColor("#8a9ba6")


ICON_SIZE = QSize(28, 16)


def swatch_icon(colour: str | None, size: QSize = ICON_SIZE) -> QIcon:
    """A small filled rectangle of the colour; for no colour, white with a red diagonal."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRect(0, 0, size.width() - 1, size.height() - 1)
    painter.setPen(QPen(_EDGE, 1))
    painter.setBrush(QColor(colour) if colour else QColor("#ffffff"))
    painter.drawRect(box)
    if not colour:
        painter.setPen(QPen(QColor("#c62828"), 1.5))
        painter.drawLine(box.bottomLeft(), box.topRight())
    painter.end()
    return QIcon(pixmap)


class SwatchButton(QToolButton):
    """One colour of the palette in the popup's grid: a filled square, ringed when it is
    the current colour or has the keyboard focus. Named ``swatch:#rrggbb``."""

    pointed = Signal(str)  # "label #rrggbb", when pointed at or focused

    def __init__(self, label: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.colour = colour
        self.current = False
        self.setObjectName(f"swatch:{colour}")
        self.setToolTip(f"{label} {colour}")
        self.setAccessibleName(label)
        self.setAccessibleDescription(colour)
        self.setFixedSize(SWATCH, SWATCH)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = self.rect().adjusted(1, 1, -1, -1)
        if self.hasFocus() or self.current or self.underMouse():
            width = 2 if self.hasFocus() or self.current else 1
            painter.setPen(QPen(_RING if self.hasFocus() or self.current else _EDGE, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(outer, 4, 4)
        painter.setPen(QPen(_EDGE, 1))
        painter.setBrush(QColor(self.colour))
        painter.drawRoundedRect(self.rect().adjusted(4, 4, -4, -4), 2, 2)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.pointed.emit(self.toolTip())
        self.update()

    def enterEvent(self, event: QEnterEvent) -> None:
        super().enterEvent(event)
        self.pointed.emit(self.toolTip())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


class ColourPopup(QFrame):
    """The palette's swatches in a grid, "None" and "More colours...", closed by a choice,
    Esc or a click elsewhere."""

    chosen = Signal(object)  # "#rrggbb" or None
    more_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("colourPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.swatches: list[SwatchButton] = []
        self.caption = QLabel()
        self.caption.setObjectName("colourCaption")
        self.caption.setStyleSheet("color: #1f2d36;")
        self.grid = QGridLayout()
        self.grid.setSpacing(2)
        self.empty = QLabel("This layout has no palette yet.")
        self.empty.setStyleSheet("color: #52626d;")
        self.none_button = QPushButton(swatch_icon(None), "None")
        self.none_button.setObjectName("colourNone")
        self.none_button.setToolTip("No colour: the block type's usual look")
        self.none_button.clicked.connect(lambda: self._choose(None))
        self.more_button = QPushButton("More colours...")
        self.more_button.setObjectName("colourMore")
        self.more_button.clicked.connect(self._more)
        buttons = QHBoxLayout()
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(self.caption)
        outer.addLayout(self.grid)
        outer.addWidget(self.empty)
        outer.addLayout(buttons)

    def fill(self, palette: list[tuple[str, str]], current: str | None,
             allow_none: bool, none_label: str = NO_COLOUR) -> None:
        """Show the palette's swatches, the current colour ringed."""
        for swatch in self.swatches:
            self.grid.removeWidget(swatch)
            swatch.deleteLater()
        self.swatches = []
        for index, (label, colour) in enumerate(palette):
            swatch = SwatchButton(label, colour, self)
            swatch.current = current is not None and colour.lower() == current.lower()
            swatch.clicked.connect(lambda _=False, c=colour: self._choose(c))
            swatch.pointed.connect(self.caption.setText)
            self.grid.addWidget(swatch, index // COLUMNS, index % COLUMNS)
            self.swatches.append(swatch)
        self.empty.setVisible(not self.swatches)
        self.none_button.setVisible(allow_none)
        self.none_button.setText(none_label)
        names = [s.toolTip() for s in self.swatches if s.current]
        self.caption.setText(names[0] if names else f"Now: {current or 'no colour'}")
        self.caption.setMinimumWidth(COLUMNS * (SWATCH + 2))
        self.adjustSize()

    def focus_first(self, current: str | None) -> None:
        """Put the keyboard focus on the current colour's swatch, else the first one."""
        ringed = [swatch for swatch in self.swatches if swatch.current]
        choices: list[QWidget] = [*ringed, *self.swatches, self.more_button]
        target = choices[0]
        target.setFocus(Qt.FocusReason.PopupFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                Qt.Key.Key_Up: -COLUMNS, Qt.Key.Key_Down: COLUMNS}.get(Qt.Key(event.key()))
        focused = self.focusWidget()
        if step is not None and focused in self.swatches and isinstance(focused, SwatchButton):
            index = self.swatches.index(focused) + step
            if 0 <= index < len(self.swatches):
                self.swatches[index].setFocus(Qt.FocusReason.TabFocusReason)
            elif step > 0:
                self.more_button.setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)

    def _choose(self, colour: str | None) -> None:
        self.close()
        self.chosen.emit(colour)

    def _more(self) -> None:
        self.close()
        self.more_requested.emit()


class ColourButton(QToolButton):
    """A colour field: shows its colour, opens the palette popup, emits the colour chosen."""

    colour_chosen = Signal(object)  # "#rrggbb" or None

    def __init__(self, allow_none: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_none = allow_none
        self._none_label: str = NO_COLOUR
        self._none_colour: str | None = None
        self._colour: str | None = None
        self._palette: list[tuple[str, str]] = []
        self._shown: tuple[object, ...] = ()
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(ICON_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(120)
        self.popup = ColourPopup(self)
        self.popup.chosen.connect(self._chosen)
        self.popup.more_requested.connect(self._more_colours)
        self.clicked.connect(self.open_popup)
        self._show()

    def colour(self) -> str | None:
        """The colour shown: ``#rrggbb`` or None."""
        return self._colour

    def set_colour(self, colour: str | None) -> None:
        """Show a colour (None for no colour) without emitting :attr:`colour_chosen`."""
        if colour is not None and not is_colour(colour):
            raise ValueError(f"not a #rrggbb colour: {colour!r}")
        self._colour = colour.lower() if colour else None
        self._show()

    def set_palette(self, palette: list[tuple[str, str]]) -> None:
        """The (label, colour) swatches the popup offers."""
        self._palette = [(label, colour.lower()) for label, colour in palette]
        self._show()

    def set_none(self, label: str, colour: str | None = None) -> None:
        """What no colour means for this field: ``label`` (like "Theme's heading") on the
        button and the popup's None choice, and the colour it then prints in, if any."""
        self._none_label, self._none_colour = label, colour
        self._show()

    def palette_colours(self) -> list[tuple[str, str]]:
        """The (label, colour) swatches the popup offers."""
        return list(self._palette)

    def open_popup(self) -> None:
        """Show the palette below the button (above it if there is no room), kept on
        the screen."""
        self.popup.fill(self._palette, self._colour, self.allow_none, self._none_label)
        size = self.popup.sizeHint()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x = max(area.left(), min(below.x(), area.right() - size.width()))
        y = below.y()
        if y + size.height() > area.bottom():
            y = max(area.top(), self.mapToGlobal(QPoint(0, 0)).y() - size.height())
        self.popup.move(x, y)
        self.popup.show()
        self.popup.focus_first(self._colour)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = (event.key() == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or alt_down:
            self.open_popup()
            return
        super().keyPressEvent(event)

    def _name(self) -> str:
        """The colour's palette name ("" when it has none)."""
        for label, colour in self._palette:
            if colour == self._colour:
                return label
        return ""

    def _show(self) -> None:
        # shown again only when something shown changed: a panel refreshes its buttons
        # after every edit, and a new icon repaints the button
        shown = (self._colour, self._none_colour, self._none_label, tuple(self._palette))
        if shown == self._shown:
            return
        self._shown = shown
        if self._colour is None:
            self.setIcon(swatch_icon(self._none_colour))
            self.setText(self._none_label)
            code = f"no colour of its own: {self._none_label}"
            if self._none_colour:
                code += f" {self._none_colour}"
            self.setToolTip(code)
            self.setAccessibleDescription(code)
            return
        self.setIcon(swatch_icon(self._colour))
        self.setText(self._colour)
        code = self._colour
        name = self._name()
        self.setToolTip(f"{name} {code}" if name else code)
        self.setAccessibleDescription(f"{name} {code}" if name else code)

    def _chosen(self, colour: str | None) -> None:
        if colour == self._colour:
            return
        self.set_colour(colour)
        self.colour_chosen.emit(colour)

    def _more_colours(self) -> None:
        from PySide6.QtWidgets import QColorDialog

        initial = QColor(self._colour or "#ffffff")
        picked = QColorDialog.getColor(initial, self.window(), "Choose a colour")
        if picked.isValid():
            self._chosen(picked.name().lower())
        self.setFocus(Qt.FocusReason.PopupFocusReason)

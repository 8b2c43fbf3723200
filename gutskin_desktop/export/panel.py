"""A panel: flowables kept together in one column, optionally on a tinted background.

The flow (:func:`flow.fill`) moves a panel that does not fit the rest of a column to the
next column when it fits a whole one (``keep_whole``). A panel longer than a column
splits between its parts into two panels, each with its background; a single part
taller than the room is let loose so that it can split itself. Nothing is ever dropped.
"""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus.flowables import Flowable

BIG = 1e9


class Panel(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """``parts`` stacked with their own spacing, inside ``pad`` points of padding."""

    keep_whole = True

    def __init__(self, parts: list[Flowable], pad: float = 0.0,
                 background: str | None = None, space_before: float | None = None,
                 space_after: float = 0.0) -> None:
        super().__init__()
        self.parts, self.pad, self.background = parts, pad, background
        self.spaceBefore = parts[0].getSpaceBefore() if space_before is None else space_before
        self.spaceAfter = space_after
        self.heights: list[float] = []
        self._made = frozenset(self.__dict__) | {"_made"}

    def signature(self) -> object:
        """Equal for two panels that wrap, split and draw alike (None when a part's
        cannot be told): see :func:`.flow.signature`."""
        from .flow import signature

        parts = [signature(p) for p in self.parts]
        if None in parts:
            return None
        extra = tuple(sorted((k, v) for k, v in self.__dict__.items()
                             if k not in self._made))
        if any(type(v) not in (str, int, float, bool, type(None)) for _, v in extra):
            return None
        return (type(self), tuple(parts), self.pad, self.background, self.spaceBefore,
                self.spaceAfter, extra)

    def _gaps(self, i: int) -> tuple[float, float]:
        """The space above and below part ``i`` inside the panel."""
        before = self.parts[i].getSpaceBefore() if i else 0.0
        after = self.parts[i].getSpaceAfter() if i < len(self.parts) - 1 else 0.0
        return before, after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = avail_width - 2 * self.pad
        self.heights = [p.wrap(inner, BIG)[1] for p in self.parts]
        total = sum(h + sum(self._gaps(i)) for i, h in enumerate(self.heights))
        self.height = total + 2 * self.pad
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        room, used, count = avail_height - 2 * self.pad, 0.0, 0
        for i, h in enumerate(self.heights):
            before, after = self._gaps(i)
            if used + before + h > room:
                break
            used += before + h + after
            count += 1
        if count == 0:  # the first part alone is too tall: let it split itself
            return [self.parts[0], *self._rest(1)] if len(self.parts) > 1 else [self.parts[0]]
        if count == len(self.parts):
            return [self]
        head = Panel(self.parts[:count], self.pad, self.background, self.spaceBefore)
        return [head, *self._rest(count)]

    def _rest(self, start: int) -> list[Flowable]:
        rest = self.parts[start:]
        return [Panel(rest, self.pad, self.background, 0.0, self.spaceAfter)] if rest else []

    def draw(self) -> None:
        canvas = self.canv
        if self.background:
            canvas.saveState()
            canvas.setFillColor(HexColor(self.background))
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canvas.restoreState()
        y = self.height - self.pad
        for i, (part, h) in enumerate(zip(self.parts, self.heights, strict=True)):
            before, after = self._gaps(i)
            y -= before + h
            part.drawOn(canvas, self.pad, y)
            y -= after

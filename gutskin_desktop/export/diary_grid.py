"""The diary's grid: a row of column headings over a week of empty boxes to write in.

Our own flowable rather than reportlab's ``Table``: a grid of fixed rows needs none of
what ``Table`` brings (spans, styles by cell range, splitting by ``repeatRows``), and
importing ``reportlab.platypus.tables`` loads its document templates, frames and
``logging`` with it: with svglib's ``logging`` set up only when a drawing is printed
(:mod:`.svg_image`), a whole ``gutskin export`` of the A4 handout takes about 8% less
time (benchmarks/export_speed.py; docs/performance.md, "Speed tricks, in one place"). The grid
is laid out as ``Table`` lays out the same cells (6 points of padding at the sides, 3
above and below, text centred in its row, 0.6 point rules with round caps and joins),
and it splits between days, with the headings again at the top of the part that moves
on, so that no box is ever without its column's name.
"""
from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.platypus.flowables import Flowable

from .flow import signature

PAD_X, PAD_Y = 6.0, 3.0  # points, as reportlab's table cells
RULE_WIDTH = 0.6


class DiaryGrid(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Column headings (``heads``, paragraphs) over one row a day, the day's label
    (``days``, paragraphs) in the first column and the rest left empty to write in."""

    def __init__(self, heads: Sequence[Flowable], days: Sequence[Flowable],
                 shares: Sequence[float], row_height: float, rule: str, tint: str) -> None:
        super().__init__()
        self.heads, self.days = list(heads), list(days)
        self.shares, self.row_height = tuple(shares), row_height
        self.rule, self.tint = rule, tint
        self.widths: list[float] = []
        self.head_heights: list[float] = []
        self.day_heights: list[float] = []
        self.head_height = 0.0

    def signature(self) -> object:
        """Equal for two grids that wrap, split and draw alike (see
        :func:`.flow.signature`)."""
        parts = tuple(signature(p) for p in (*self.heads, *self.days))
        if None in parts:
            return None
        return (type(self), parts, self.shares, self.row_height, self.rule, self.tint)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.widths = [avail_width * share for share in self.shares]
        self.head_heights = [head.wrap(w - 2 * PAD_X, avail_height)[1]
                             for head, w in zip(self.heads, self.widths, strict=True)]
        self.day_heights = [day.wrap(self.widths[0] - 2 * PAD_X, avail_height)[1]
                            for day in self.days]
        self.head_height = max(self.head_heights) + 2 * PAD_Y
        self.height = self.head_height + self.row_height * len(self.days)
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Two grids, each with the headings, split between days; none when not even
        the headings and one day fit."""
        self.wrap(avail_width, avail_height)
        fits = int((avail_height - self.head_height) // self.row_height)
        if fits < 1 or fits >= len(self.days):
            return []
        return [self._part(self.days[:fits]), self._part(self.days[fits:])]

    def _part(self, days: Sequence[Flowable]) -> DiaryGrid:
        return DiaryGrid(self.heads, days, self.shares, self.row_height, self.rule,
                         self.tint)

    def draw(self) -> None:
        canvas = self.canv
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        tops = [self.height - self.head_height - self.row_height * i
                for i in range(len(self.days) + 1)]
        canvas.saveState()
        canvas.setFillColor(HexColor(self.tint))
        canvas.rect(0, tops[0], self.width, self.head_height, stroke=0, fill=1)
        canvas.restoreState()
        for head, h, left in zip(self.heads, self.head_heights, lefts[:-1], strict=True):
            head.drawOn(canvas, left + PAD_X, tops[0] + (self.head_height - h) / 2)
        for day, h, top in zip(self.days, self.day_heights, tops[1:], strict=True):
            day.drawOn(canvas, PAD_X, top + (self.row_height - h) / 2)
        canvas.saveState()
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.setStrokeColor(HexColor(self.rule))
        canvas.setLineWidth(RULE_WIDTH)
        for y in (self.height, *tops):
            canvas.line(0, y, self.width, y)
        for x in lefts:
            canvas.line(x, self.height, x, 0)
        canvas.restoreState()


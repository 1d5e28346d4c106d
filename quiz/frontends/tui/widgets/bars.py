"""Horizontal bars drawn with block characters, with the figure beside each bar.

Used for per-topic results and for answer distributions: the number is always printed, so
the chart reads the same in monochrome, high contrast or a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from quiz.i18n import _
from quiz.i18n.width import cells, ljust, rjust, truncate

_SHORTEST_BAR = 10


@dataclass(frozen=True)
class Bar:
    label: str
    fraction: float
    figure: str
    style: str = ""


class Bars(Widget):
    DEFAULT_CSS = """
    Bars { height: auto; }
    """

    def __init__(self, bars: Sequence[Bar] = (), *, id: str | None = None, align: str = "right") -> None:
        super().__init__(id=id)
        self.bars = list(bars)
        self.align = align
        """Where the figures start: "left" for figures whose first parts are of one width."""

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self.bars))

    def render(self) -> RenderResult:
        if not self.bars:
            return Content(_("(nothing to show)"))
        width = self.content_size.width or 60
        figure_width = max(cells(b.figure) for b in self.bars)
        # Labels whole while the bar keeps a quarter of the width: at a third, the live host's
        # reveal at 80 columns cut Lithuanian's "✗ 1. Supriešinimas" to "✗ 1. Supriešin…".
        room = width - figure_width - 3 - max(_SHORTEST_BAR, width // 4)
        label_width = min(max(cells(b.label) for b in self.bars), max(8, room))
        bar_width = max(5, width - label_width - figure_width - 3)
        lines = []
        for bar in self.bars:
            label = truncate(bar.label, label_width)  # in cells: a Japanese topic takes two a character
            filled = round(max(0.0, min(1.0, bar.fraction)) * bar_width)
            lines.append(
                Content.assemble(
                    Content(ljust(label, label_width)),
                    " ",
                    ("█" * filled, bar.style or "$primary"),
                    ("░" * (bar_width - filled), "$foreground 30%"),
                    " ",
                    Content((ljust if self.align == "left" else rjust)(bar.figure, figure_width)),
                )
            )
        return Content("\n").join(lines)

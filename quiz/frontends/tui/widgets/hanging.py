"""Lines that start with a label ("1. ○ ") and wrap under their text, not under the label.

An option that wraps back to the first column hides where the next option begins; a
terminal has no text-indent rule, so the indent is made here, at the width the widget is
drawn at (which only the widget knows). A note under an option (its feedback) hangs: its
wrapped lines start further in, so that where the note ends and the next option begins shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Row(NamedTuple):
    label: Content
    text: Content
    hang: int = 0
    """How many columns further in than its first line the text's wrapped lines start."""


class Hanging(Visual):
    """Rows: each row's text wraps in the columns right of its label (and its ``hang``)."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = list(rows)

    def __str__(self) -> str:
        return "\n".join(row.label.plain + row.text.plain for row in self.rows)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            (row.label.cell_length + row.text.get_optimal_width(rules, container_width) for row in self.rows),
            default=0,
        )

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max(
            (row.label.cell_length + row.hang + row.text.get_minimal_width(rules) for row in self.rows),
            default=1,
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(
            max(1, row.text.get_height(rules, max(1, width - row.label.cell_length - row.hang)))
            for row in self.rows
        )

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        for label, text, hang in self.rows:
            indent = min(label.cell_length, max(0, width - 1))
            hang = min(hang, max(0, width - 1 - indent))
            # Every line is as wide as the wrapped ones, the first a little shorter than it could be.
            lines = text.render_strips(max(1, width - indent - hang), None, style, options)
            lines = lines or [Strip.blank(0)]
            head = label.render_strips(indent, 1, style, options) if indent else []
            first = (head[0] if head else Strip.blank(0)).extend_cell_length(indent, style.rich_style)
            blank = Strip.blank(indent + hang, style.rich_style)
            strips += [Strip.join([first if n == 0 else blank, line]) for n, line in enumerate(lines)]
        return strips if height is None else strips[:height]

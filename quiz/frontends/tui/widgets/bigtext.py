"""Large letters for the join code and the projector's figures, readable from the back of a room.

The letters are as wide as they come (an M is 11 columns, a 6-character code 50 to 65), and the
host's lobby at 80 columns leaves 49 beside the participants: Textual cropped the code, its last
letter short of a column. So the text is drawn in as many rows of large letters as its width
needs, and only where a single letter cannot fit, in ordinary letters.
"""

from __future__ import annotations

from functools import cache

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


@cache
def _font() -> object:
    from pyfiglet import Figlet

    return Figlet(font="ansi_regular", width=1000)


@cache
def big(text: str) -> str:
    """``text`` in large letters, on one row of them."""
    rendered: str = _font().renderText(text)  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in rendered.splitlines() if line.strip())


def width_of(drawn: str) -> int:
    return max((cell_len(line) for line in drawn.splitlines()), default=0)


@cache
def fitted(text: str, width: int) -> str:
    """``text`` large within ``width`` columns: in the fewest rows of large letters that fit,
    the letters shared evenly between them (``MW6`` over ``QB2``, not five letters over one),
    rows a blank line apart; in ordinary letters if one letter alone is too wide."""
    for count in range(1, len(text) + 1):
        size = -(-len(text) // count)
        rows = [big(text[i : i + size]) for i in range(0, len(text), size)]
        if all(width_of(row) <= width for row in rows):
            return "\n\n".join(rows)
    return text


class BigText(Widget):
    """Text drawn large, in rows that fit the width it is given."""

    DEFAULT_CSS = """
    BigText { height: auto; width: auto; color: $text-primary; text-style: bold; }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def set_text(self, text: str) -> None:
        self.text = text
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return width_of(fitted(self.text, container.width)) if self.text else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(fitted(self.text, width).splitlines()) if self.text else 0

    def render(self) -> Content:
        return Content(fitted(self.text, self.size.width or 1000)) if self.text else Content("")

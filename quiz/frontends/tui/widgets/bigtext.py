"""Large letters for the join code, readable from the back of a room."""

from __future__ import annotations

from functools import cache

from textual.content import Content
from textual.widgets import Static


@cache
def _font() -> object:
    from pyfiglet import Figlet

    return Figlet(font="ansi_regular", width=200)


def big(text: str) -> str:
    rendered: str = _font().renderText(text)  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in rendered.splitlines() if line.strip())


class BigText(Static):
    """The text drawn large, then once more in plain letters for screen readers and copying."""

    DEFAULT_CSS = """
    BigText { height: auto; width: auto; color: $text-primary; text-style: bold; }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.update(Content(big(text)) if text else Content(""))

"""Textual's Markdown widget, parsing bank text by the same rules as every other rendering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Markdown as TextualMarkdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def _parser() -> MarkdownIt:
    from quiz.markdown import parser

    return parser("gfm-like")


class Markdown(TextualMarkdown):
    """Textual's own parser closes no ``**`` after full-width punctuation before a letter, so a
    Japanese prompt showed ``**外国による情報操作・干渉（FIMI）**を``; and it read raw HTML in
    bank text as markup. ``quiz.markdown.parser`` fixes both, as it does for reports and plain
    mode."""

    def __init__(self, markdown: str | None = None, **kwargs: Any) -> None:
        super().__init__(markdown, parser_factory=_parser, **kwargs)

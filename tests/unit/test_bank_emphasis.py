"""No bundled bank, in any language, shows a literal ``**`` (issue 18: CommonMark in Japanese).

CommonMark does not close ``**`` after full-width punctuation when a letter follows, so the
Japanese prompt ``**外国による情報操作・干渉（FIMI）**を…`` showed its asterisks on every screen.
Every text of every question (prompt, choices, feedback, explanation, pairs, items) is rendered
as the app renders it, the full-screen app's parser included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.bank.loader import load_bank
from quiz.frontends.tui.widgets.markdown import _parser as tui_parser
from quiz.markdown import to_html, to_plain
from tests.conftest import REPO

BANKS = sorted(p for p in (REPO / "questions").glob("*.toml") if p.stem.count(".") == 0)


def texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


def shown_by_the_app(markdown: str) -> str:
    """The words Textual's Markdown widget draws: the text of its inline tokens."""
    tokens = tui_parser().parse(markdown)
    return "".join(
        child.content for token in tokens for child in token.children or () if child.type == "text"
    )


def every_text(path: Path) -> Iterator[tuple[str, str, str]]:
    bank = load_bank(path)
    for language in bank.languages:
        for question in bank.in_language(language).questions:
            for text in texts(question.model_dump()):
                if "**" in text:
                    yield language, question.id, text


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_no_rendered_text_shows_asterisks(path: Path) -> None:
    found = list(every_text(path))
    assert found, "the bank has no bold text: nothing was checked"
    for language, question_id, text in found:
        for rendered in (to_plain(text), to_html(text), shown_by_the_app(text)):
            assert "**" not in rendered, (language, question_id, rendered)


def test_bold_closes_after_full_width_punctuation_before_a_letter() -> None:
    text = "**外国による情報操作・干渉（FIMI）**を定義づける"
    assert to_html(text) == "<p><strong>外国による情報操作・干渉（FIMI）</strong>を定義づける</p>\n"
    assert to_plain(text) == "外国による情報操作・干渉（FIMI）を定義づける"
    assert shown_by_the_app(text) == "外国による情報操作・干渉（FIMI）を定義づける"
    assert to_html("a **b** c") == "<p>a <strong>b</strong> c</p>\n"  # English as CommonMark has it
    assert to_html("<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>\n"  # bank text is never markup

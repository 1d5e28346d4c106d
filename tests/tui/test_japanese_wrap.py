"""Japanese text on screen breaks between phrases and never starts a line with closing
punctuation (issue 18, point 2: Japanese at 80x24).

Textual wrapped at spaces only: a Japanese paragraph, which has none, was cut at whatever
character reached the edge, mid-word, and lines began with 、。」）.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import textual.content
from rich._wrap import divide_line as rich_divide_line
from textual.content import Content
from textual.geometry import Region
from textual.widgets._markdown import MarkdownParagraph

from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.linebreak import NO_LINE_END, NO_LINE_START, divide_line, pieces
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.widgets.markdown import Markdown
from quiz.i18n import set_language
from tests.conftest import REPO, FakeClock
from tests.tui.conftest import until

TEXT = (
    "なりすまし：このアカウントは信頼される組織の名前と見た目をまねて（「l」の代わりに数字の「1」、"
    "偽の認証マーク、できたばかりのアカウント）、その組織の信用を自分の主張に借りています。"
    "欧州対外行動庁（EEAS）によれば、外国による情報操作・干渉（FIMI）を定義づける特徴はどれですか？"
)


def lines(text: str, width: int, divide: object = divide_line) -> list[str]:
    breaks = divide(text, width)  # type: ignore[operator]
    return [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]


def kinsoku_faults(shown: list[str]) -> list[str]:
    return [
        line
        for i, line in enumerate(shown)
        if (i and line[:1] in NO_LINE_START) or (i < len(shown) - 1 and line.rstrip()[-1:] in NO_LINE_END)
    ]


def test_rich_alone_breaks_japanese_mid_word_and_before_punctuation() -> None:
    # What the app showed before: the fault this module is for, at a width the app uses.
    assert any(kinsoku_faults(lines(TEXT, width, rich_divide_line)) for width in range(20, 78))


@pytest.mark.parametrize("width", range(8, 81))
def test_no_line_starts_with_closing_punctuation_and_lines_fit(width: int) -> None:
    shown = lines(TEXT, width)
    assert "".join(shown) == TEXT
    assert kinsoku_faults(shown) == []
    assert all(Content(line.rstrip()).cell_length <= width for line in shown), shown


def test_lines_break_between_phrases_where_they_fit() -> None:
    phrases = {start for start, _ in pieces(TEXT)}
    breaks = divide_line(TEXT, 76)
    assert breaks
    assert set(breaks) <= phrases  # at 76 columns every phrase fits: never a break inside one


def test_english_wraps_exactly_as_rich_does() -> None:
    text = "Disinformation is false or misleading content spread with an intention to deceive " * 3
    for width in (9, 20, 40, 76):
        assert divide_line(text, width) == rich_divide_line(text, width)


def test_mixed_latin_and_japanese_keeps_words_whole() -> None:
    text = "New kindsはまだ日本語に翻訳されていないため、英語で表示します。"
    shown = lines(text, 30)
    assert shown[0].startswith("New kinds")  # broken after the phrase, not after "New"
    assert kinsoku_faults(shown) == []


async def test_the_app_wraps_a_japanese_explanation_by_phrases(tmp_path: Path) -> None:
    settings = AppSettings(
        tmp_path / "quiz.db",
        [REPO / "questions" / "disinformation.toml"],
        name="Ona",
        start=StartRequest(
            bank="disinformation", question_ids=("dis-tech-impersonation-name",), shuffle=False
        ),
        language="ja",
    )
    app = make_app(settings, clock=FakeClock())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
            await pilot.press("2")
            await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
            await pilot.pause()
            paragraph = app.screen.query_one("#explanation", Markdown).query_one(MarkdownParagraph)
            text = paragraph.visual.plain  # type: ignore[union-attr]
            shown = [strip.text.rstrip() for strip in paragraph.render_lines(Region(0, 0, *paragraph.size))]
            shown = [line.strip() for line in shown if line.strip()]
            assert len(shown) > 2
            assert "".join(shown) == text.replace(" ", "")
            assert kinsoku_faults(shown) == []
            starts = {start for start, _ in pieces(text)}
            offsets = [sum(len(line) for line in shown[:i]) for i in range(1, len(shown))]
            assert set(offsets) <= starts, shown  # every line ends where a phrase does
        assert textual.content.divide_line is divide_line  # the seam in Textual is still there
    finally:
        set_language("en")

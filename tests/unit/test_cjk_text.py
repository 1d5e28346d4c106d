"""Japanese text as Japanese is set (issue 18, point 2): no space where a line of the bank's
source breaks between two Japanese characters, and lines that break between phrases, in the
full-screen app, plain mode and the HTML report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from quiz.frontends.tui.widgets.markdown import _parser as tui_parser
from quiz.i18n.phrases import CJK, boundaries, phrases
from quiz.i18n.width import cells, wrap
from quiz.markdown import to_html, to_plain

ROOT = Path(__file__).resolve().parents[2]


def japanese_words() -> set[str]:
    """Every run without spaces that holds CJK characters, in the bundled Japanese banks and
    the Japanese catalog."""
    sources = [*ROOT.glob("questions/*.ja.toml"), ROOT / "quiz/i18n/locale/ja/LC_MESSAGES/quiz.po"]
    return {word for source in sources for word in source.read_text("utf-8").split() if CJK.search(word)}


def test_phrase_boundaries_are_budouxs() -> None:
    """``boundaries`` reads BudouX's model without importing BudouX (for start-up time): it must
    cut every text the app shows where BudouX's own parser does."""
    import budoux

    parser = budoux.load_default_japanese_parser()
    words = japanese_words()
    assert len(words) > 1000
    for word in words:
        lengths = [len(phrase) for phrase in parser.parse(word)[:-1]]
        assert boundaries(word) == [sum(lengths[: i + 1]) for i in range(len(lengths))], word


SPLIT = "日本語の文章を\n二行に分けて書きました。**太字**\n続きです。"
JOINED = "日本語の文章を二行に分けて書きました。太字続きです。"


def shown_by_the_app(markdown: str) -> str:
    """What Textual's Markdown widget draws of a paragraph: its text, a soft break as a space."""
    [inline] = [token for token in tui_parser().parse(markdown) if token.type == "inline"]
    words = {"text": lambda t: t.content, "softbreak": lambda t: " ", "code_inline": lambda t: t.content}
    return "".join(words[t.type](t) for t in inline.children or () if t.type in words)


def test_a_line_break_between_japanese_characters_is_no_space() -> None:
    assert to_plain(SPLIT) == JOINED
    assert shown_by_the_app(SPLIT) == JOINED
    html = to_html(SPLIT)
    assert "\n" not in html.removesuffix("\n")
    assert re.sub(r"</?strong>|</?p>", "", html).strip() == JOINED


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("two\nlines", "two lines"),
        ("日本語\nEnglish", "日本語 English"),
        ("English\n日本語", "English 日本語"),
        ("`code`\n日本語", "code 日本語"),
    ],
)
def test_other_line_breaks_stay_spaces(source: str, shown: str) -> None:
    assert to_plain(source) == shown
    assert shown_by_the_app(source) == shown


TEXT = (
    "正しい。Big Data & Society誌の研究（2021年）によると、操作的な内容をより操作的だと見る傾向と、"
    "その判断への自信は、1週間後にもまだ残っていました。2020年10月に公開されたGo Viral!は、"
    "恐怖をあおること、偽の専門家、陰謀論を教えます。"
)


@pytest.mark.parametrize("width", [24, 37, 60, 80])
def test_plain_mode_breaks_japanese_between_phrases(width: int) -> None:
    # It broke between any two characters: "残っていまし" then "た。" on the next line.
    lines = wrap(TEXT, width, "", "  ")
    assert re.sub(r"\s+", "", "".join(lines)) == re.sub(r"\s+", "", TEXT)
    assert all(cells(line) <= width for line in lines)
    boundaries = {0}
    for word in TEXT.split(" "):
        at = TEXT.index(word)
        for piece in phrases(word):
            boundaries.add(at)
            at += len(piece)
    at = 0
    for line in lines:
        text = line.strip()
        at = TEXT.index(text, at)
        assert at in boundaries or TEXT[at - 1] == " ", (width, line)
        at += len(text)


def test_a_phrase_longer_than_the_line_breaks_between_characters() -> None:
    lines = wrap("情報操作・干渉" * 6, 10)
    assert all(cells(line) <= 10 for line in lines)
    assert not any(line.startswith(("・", "、")) for line in lines)


def test_the_html_report_breaks_japanese_between_phrases() -> None:
    from quiz.export.html import breakable

    page = (
        "<html><head><title>まだ見極めができていない</title></head><body>"
        "<td>まだ見極めができていない</td><p>合算しています。\n  確信度に基づく &amp; Ona</p></body></html>"
    )
    shown = breakable(page)
    assert "<title>まだ見極めができていない</title>" in shown  # no <wbr> where it would show as text
    body = shown.split("<body>")[1]
    assert re.search(rf"{CJK.pattern}<wbr>{CJK.pattern}", body)
    assert body.replace("<wbr>", "") == (
        "<td>まだ見極めができていない</td><p>合算しています。確信度に基づく &amp; Ona</p></body></html>"
    )
    assert breakable("<body><p>No Japanese\n here</p></body>") == "<body><p>No Japanese\n here</p></body>"


def test_the_html_report_keeps_japanese_words_whole(store, sample_bank) -> None:  # type: ignore[no-untyped-def]
    from quiz.export import export_attempts
    from quiz.i18n import set_language
    from tests.export.conftest import SOME_WRONG, take

    attempt = take(store, sample_bank, store.learner("青木花子"), SOME_WRONG)
    out = io.StringIO()
    set_language("ja")
    try:
        export_attempts(store, [attempt.id], "html", out, banks={sample_bank.id: sample_bank})
    finally:
        set_language("en")
    html = out.getvalue()
    assert "word-break: keep-all" in html  # the browser breaks CJK only at a <wbr>, a space or punctuation
    assert re.search(rf"{CJK.pattern}<wbr>{CJK.pattern}", html.split("<body>")[1])

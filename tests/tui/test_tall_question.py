"""A question taller than 80x24 scrolls inside, and its key hint and footer stay on screen
(issue 18: a matching question of five pairs pushed its hint off the screen in ja and lt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.i18n import set_language
from tests.conftest import FIXTURES, REPO, FakeClock
from tests.tui.conftest import until

TALL = StartRequest(bank="sanctions", question_ids=("sanc-m-what-blocks",), shuffle=False)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


def asking(tmp_path: Path, bank: Path, start: StartRequest, language: str) -> QuizApp:
    """The app opened straight on ``start``'s question, in ``language``."""
    settings = AppSettings(tmp_path / "quiz.db", [bank], name="Ona", start=start, language=language)
    return make_app(settings, clock=FakeClock())


@pytest.mark.parametrize("language", ["en", "lt", "ja"])
async def test_a_tall_matching_question_keeps_its_hint_and_footer_in_view(
    tmp_path: Path, language: str
) -> None:
    app = asking(tmp_path, REPO / "questions" / "sanctions.toml", TALL, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.pause()
        screen = app.screen
        assert screen.max_scroll_y == 0  # the screen itself does not scroll: its top line stays
        hint = screen.query_one("#hint")
        footer = screen.query_one("Footer")
        assert hint.region.height >= 1
        assert hint.region.bottom <= footer.region.y  # the whole hint, above the footer
        assert footer.region.bottom == 24
        assert screen.query_one("#question-top").region.y == 0
        body = screen.query_one("#question-body")
        assert body.max_scroll_y > 0  # what does not fit scrolls inside


@pytest.mark.parametrize(("language", "size"), [("en", (120, 40)), ("ja", (120, 40)), ("lt", (80, 24))])
async def test_a_short_questions_hint_follows_it(
    tmp_path: Path, language: str, size: tuple[int, int]
) -> None:
    # At 120x40 the hint was pinned above the footer, 20 rows below a two-line question.
    short = StartRequest(bank="sample", shuffle=False)
    app = asking(tmp_path, FIXTURES / "sample.toml", short, language)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.pause()
        screen = app.screen
        body = screen.query_one("#question-body")
        hint = screen.query_one("#hint")
        assert body.max_scroll_y == 0  # the whole question is shown
        assert hint.region.y == body.region.bottom + 1  # one blank row, the hint's margin
        assert hint.region.bottom < screen.query_one("Footer").region.y


@pytest.mark.parametrize("language", ["lt", "ja"])
async def test_a_post_that_fits_the_screen_does_not_scroll(tmp_path: Path, language: str) -> None:
    # With the question as tall as it is, the post's box took half of that, not of the screen:
    # at 80x24 the Lithuanian flood warning scrolled inside a box with four rows free below it.
    post = StartRequest(bank="disinformation", question_ids=("dis-h-eastmere-flood-warning",), shuffle=False)
    app = asking(tmp_path, REPO / "questions" / "disinformation.toml", post, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.pause()
        box = app.screen.query_one("#prompt-box")
        assert box.has_class("post")
        assert box.max_scroll_y == 0, box.virtual_size
        assert app.screen.query_one("#question-body").max_scroll_y == 0

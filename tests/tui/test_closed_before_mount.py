"""A screen closed by a key before it has mounted must not crash the app (seen in tmux: Enter
pressed twice quickly in practice ended the app with NoMatches '#next' in the feedback screen)."""

from __future__ import annotations

from quiz.engine.request import StartRequest
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from tests.tui.conftest import AppFactory


async def test_feedback_closed_before_it_mounts(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "tf1"), seed=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        feedback = FeedbackScreen(screen.run.attempt, 0)
        app.push_screen(feedback)
        feedback.dismiss(False)  # what a key handled before the screen's mount does
        await pilot.pause()
        await pilot.pause()
        assert app._exception is None
        assert app.screen is screen


async def test_feedback_focuses_next(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "tf1"), seed=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert app.focused is not None
        assert app.focused.id == "next"

"""Full attempts driven through the keyboard and mouse, checked against what the store holds."""

from __future__ import annotations

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.screens.results import ResultsScreen
from quiz.frontends.tui.widgets.choices import ChoiceList
from tests.questions import right
from tests.tui.conftest import AppFactory


def right_keys(screen: QuestionScreen) -> list[str]:
    """The number keys that answer the current question correctly, as shown on screen."""
    item = screen.run.attempt.item
    question = screen.run.attempt.question
    keys = [str(item.order.index(i) + 1) for i in list(right(question))]
    if question.type == "multiple":
        keys.append("enter")
    return keys


async def test_full_practice_attempt_with_feedback(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.practice, seed=3))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        run = screen.run
        for _ in range(len(run.attempt)):
            question_screen = app.screen
            assert isinstance(question_screen, QuestionScreen)
            await pilot.press(*right_keys(question_screen))
            await pilot.pause()
            assert isinstance(app.screen, FeedbackScreen)
            assert "✓ Correct" in str(app.screen.query_one("#verdict").render())
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        summary = str(app.screen.query_one("#result-summary").render())
        assert "Score 5 of 5 (100.0%)" in summary
        stored = app.store.answers(run.id)
        assert len(stored) == 5
        row = app.store.attempt(run.id)
        assert row.finished
        assert row.percent == 100.0
        assert row.passed


async def test_wrong_answer_feedback_names_the_correct_one(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1",), seed=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        wrong = screen.run.attempt.item.order.index(1)  # bank option 1 is wrong
        await pilot.press(str(wrong + 1))
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert "✗ Not right" in str(app.screen.query_one("#verdict").render())
        options = str(app.screen.query_one("#options").render())
        assert "(your answer)" in options
        assert "(correct)" in options
        assert "manipulators count on" in options  # the picked choice's own feedback
        assert "Stanford History Education Group" in str(app.screen.query_one("#sources").render())


async def test_answer_with_the_mouse(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("tf1",), seed=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Click the second line inside the border: option "2. False", the right answer.
        await pilot.click(ChoiceList, offset=(5, 2))
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert "✓ Correct" in str(app.screen.query_one("#verdict").render())


async def test_multiple_toggles_with_space_and_submits_with_enter(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("m1",), shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # nothing ticked: a hint, no answer
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "Tick at least one" in str(app.screen.query_one("#hint").render())
        await pilot.press("space", "down", "space", "down", "space", "space")  # ticks 1, 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        (row,) = app.store.attempts(finished=False)
        assert app.store.answers(row.id)["m1"].response == (0, 1)


async def test_skip_flag_and_come_back(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.exam, shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press("f", "s")
        await pilot.pause()
        assert screen.run.attempt.position == 1
        assert screen.run.attempt.flagged == {"s1"}
        await pilot.press("1", "enter")  # m1: tick 1, submit
        await pilot.pause()
        assert screen.run.attempt.position == 2
        await pilot.press("left", "left")
        await pilot.pause()
        assert screen.run.attempt.position == 0
        assert "⚑ flagged" in str(screen.query_one("#counter").render())
        row = app.store.attempt(screen.run.id)
        assert row.flagged == ["s1"]


async def test_confidence_is_asked_before_answering(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("tf1",), confidence=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)  # refused: no confidence yet
        await pilot.press("h", "2")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        (row,) = app.store.attempts(finished=False)
        assert app.store.answers(row.id)["tf1"].confidence == 3
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Score 3 of 3" in str(app.screen.query_one("#result-summary").render())
        assert app.screen.query("#calibration")


async def test_quit_asks_and_keeps_the_attempt(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [r.bank_id for r in app.store.unfinished()] == ["sample"]

"""The numbers the app shows are right: time taken, best score, retries, measurements, CBM bars."""

from __future__ import annotations

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.engine.timing import duration_seconds
from quiz.frontends.tui.screens.history import HistoryScreen
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.screens.results import ResultsScreen
from quiz.frontends.tui.widgets.bars import Bars
from tests.conftest import FakeClock
from tests.questions import options, right
from tests.tui.conftest import AppFactory
from tests.tui.test_practice import right_keys


def wrong_keys(screen: QuestionScreen) -> list[str]:
    """A number key that answers the current question wrongly (Enter too for "choose all")."""
    item = screen.run.attempt.item
    question = screen.run.attempt.question
    wrong = next(i for i in range(len(options(question))) if i not in right(question))
    keys = [str(item.order.index(wrong) + 1)]
    if question.type == "multiple":
        keys.append("enter")
    return keys


async def test_results_time_is_the_attempts_duration(app_factory: AppFactory) -> None:
    # Answer times summed gave 4 s for a 30 s exam; the time shown is start to end.
    clock = FakeClock()
    request = StartRequest(bank="sample", mode=Mode.exam, shuffle=False, time_limit_minutes=0)
    app = app_factory(start=request, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        clock.advance(seconds=70)
        await pilot.press(*right_keys(screen))
        await pilot.pause()
        clock.advance(seconds=5)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "time 1\xa0min 15\xa0s" in str(app.screen.query_one("#result-summary").render())
        row = app.store.attempt(screen.run.id)
        assert duration_seconds(row.started_at, row.finished_at) == 75
        await pilot.press("h", "h")  # home, then History: the same time
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("DataTable")
        assert str(table.get_row_at(0)[4]) == "1\xa0min 15\xa0s"  # one bank: no Bank column  # type: ignore[attr-defined]


async def answer_all(pilot: object, app: object, right: set[str]) -> None:
    """Answer every question of a practice attempt: right for ``right`` ids, else wrong."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    while isinstance(pilot.app.screen, QuestionScreen):
        screen = pilot.app.screen
        keys = right_keys(screen) if screen.run.attempt.question.id in right else wrong_keys(screen)
        await pilot.press(*keys)
        await pilot.pause()
        if not isinstance(pilot.app.screen, QuestionScreen | ResultsScreen):
            await pilot.press("enter")  # the feedback screen
            await pilot.pause()


async def test_best_score_comes_from_whole_bank_attempts_and_retries_are_marked(
    app_factory: AppFactory,
) -> None:
    app = app_factory(start=StartRequest(bank="sample", shuffle=False))
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        await answer_all(pilot, app, right={"s1", "m1", "tf1"})
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.percent == 60.0
        await pilot.press("r")  # retry the two missed: both right this time
        await pilot.pause()
        await answer_all(pilot, app, right={"h1", "h2"})
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.percent == 100.0
        retry_id = app.screen.run.id
        await pilot.press("h")
        await pilot.pause()
        app.start(StartRequest(bank="sample", count=2, shuffle=False))  # part of the bank, all right
        await pilot.pause()
        await answer_all(pilot, app, right={"s1", "m1", "tf1", "h1", "h2"})
        await pilot.press("h")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "Best score 60% (all questions)" in str(home.query_one("#bank-stats").render())
        assert app.store.attempt(retry_id).settings["retry_of"] is not None
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one("DataTable")
        modes = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert modes == ["Practice (2 of 5)", "Practice (retry, 2 of 5)", "Practice"]
        trend = str(history.query_one("#trend-label").render())
        assert "whole-bank best 60%" in trend


async def test_a_review_that_asks_every_question_is_not_the_best_score(app_factory: AppFactory) -> None:
    """A review asks what is due: when that is every question of the bank, it still says how the
    learner does on what they got wrong before, not on the bank, and was taken for its best."""
    app = app_factory(start=StartRequest(bank="sample", shuffle=False))
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        await answer_all(pilot, app, right={"s1", "m1", "tf1"})
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.percent == 60.0
        await pilot.press("h")
        await pilot.pause()
        every = tuple(q.id for q in app.bank("sample").questions)
        app.start(StartRequest(bank="sample", mode=Mode.review, question_ids=every, shuffle=False))
        await pilot.pause()
        await answer_all(pilot, app, right=set(every))
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.percent == 100.0
        await pilot.press("h")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "Best score 60% (all questions)" in str(home.query_one("#bank-stats").render())
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "whole-bank best 60%" in str(history.query_one("#trend-label").render())


async def test_a_discernment_check_is_measured_not_passed_and_offers_no_retry(
    app_factory: AppFactory,
) -> None:
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.discernment, shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert len(screen.run.attempt) == 2  # the headline items only, not the whole bank
        await answer_all(pilot, app, right={"h1"})
        results = app.screen
        assert isinstance(results, ResultsScreen)
        verdict = str(results.query_one("#result-verdict").render())
        assert "PASSED" not in verdict
        assert "MEASURED" in verdict
        assert "pass mark" not in str(results.query_one("#result-summary").render())
        assert not results.query("#retry")
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is results
        assert app.store.attempt(results.run.id).passed is None


async def test_confidence_mode_bars_show_accuracy(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1",), confidence=True, seed=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press("h", *wrong_keys(screen))  # sure, and wrong: -6 of 3 points
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert "Score -6 of 3" in str(results.query_one("#result-summary").render())
        bars = str(results.query_one("#topic-bars", Bars).render())
        assert "0% (0/1)" in bars
        assert "-200%" not in bars

"""Exam with a time limit, spaced review, discernment before/after, resume after closing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.engine.timing import duration_seconds
from quiz.frontends.tui.screens.dialogs import NothingDueDialog, ResumeDialog
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.screens.results import ResultsScreen
from tests.tui.conftest import AppFactory, FakeClock
from tests.tui.test_practice import right_keys


async def test_exam_time_limit_runs_out(app_factory: AppFactory) -> None:
    # The app's clock is a test's: the limit runs out when the test moves time, never by waiting.
    clock = FakeClock()
    request = StartRequest(bank="sample", mode=Mode.exam, shuffle=False, time_limit_minutes=10)
    app = app_factory(start=request, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.timer is not None  # the one-second interval that calls tick()
        assert "10:00 left" in str(screen.query_one("#time-left").render())
        await pilot.press(*right_keys(screen))  # one right answer, then time passes
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)  # no feedback in an exam
        clock.advance(minutes=9, seconds=30)
        screen.tick()
        await pilot.pause()
        assert "0:30 left" in str(screen.query_one("#time-left").render())
        assert screen.query_one("#time-left").has_class("urgent")
        assert isinstance(app.screen, QuestionScreen)
        clock.advance(seconds=31)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        score = app.screen.score
        assert score.answered_count == 1
        assert score.points == 1
        summary = str(app.screen.query_one("#result-summary").render())
        assert "Score 1 of 5 (20.0%)" in summary
        assert "time 10\xa0min 00\xa0s" in summary  # the attempt's duration: it ended at the deadline
        row = app.store.attempt(screen.run.id)
        assert row.finished
        assert row.passed is False
        assert duration_seconds(row.started_at, row.finished_at) == 600


async def test_an_answer_after_the_limit_is_not_counted(app_factory: AppFactory) -> None:
    clock = FakeClock()
    request = StartRequest(bank="sample", mode=Mode.exam, shuffle=False, time_limit_minutes=0.5)
    app = app_factory(start=request, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.timer is not None
        screen.timer.pause()  # the answer's own check, not the countdown, must catch this one
        clock.advance(seconds=33)
        await pilot.press(*right_keys(screen))
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.answered_count == 0
        assert app.store.answers(screen.run.id) == {}
        notices = [n.message for n in app._notifications]
        assert any("this answer came 3\xa0s after it and was not counted" in n for n in notices), notices
        assert "time 30\xa0s" in str(app.screen.query_one("#result-summary").render())


async def test_exam_end_confirms_and_scores_unanswered_as_zero(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.exam, shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.answered_count == 0
        assert "5 unanswered" in str(app.screen.query_one("#result-summary").render())


async def test_review_brings_back_missed_questions(app_factory: AppFactory) -> None:
    clock = FakeClock()  # the app's: schedules, due questions and the attempts' times alike
    app = app_factory(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # Nothing due yet: the app offers practice instead.
        app.start(StartRequest(bank="sample", mode=Mode.review))
        await pilot.pause()
        assert isinstance(app.screen, NothingDueDialog)
        await pilot.press("n")
        await pilot.pause()
        # Practise: miss tf1, get h2 right.
        app.start(StartRequest(bank="sample", question_ids=("tf1", "h2"), shuffle=False))
        await pilot.pause()
        await pilot.press("1", "enter", "1", "enter")  # tf1 "True" is wrong; h2 "Reliable" is right
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.store.due_questions(app.learner.id, "sample", clock()) == []  # type: ignore[union-attr]
        # Two days later the miss is due (Again: 1 day), the right answer not yet (Good: 2+ days).
        clock.advance(days=1, hours=1)
        later = clock()
        await pilot.press("h")
        await pilot.pause()
        app.start(StartRequest(bank="sample", mode=Mode.review))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.run.attempt.plan.question_ids == ["tf1"]
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.score.correct_count == 1
        # Answered right in review: no longer due; it comes back later than the day after.
        learner_id = app.learner.id  # type: ignore[union-attr]
        assert app.store.due_questions(learner_id, "sample", later) == []
        assert "tf1" not in app.store.due_questions(learner_id, "sample", later + timedelta(hours=23))


async def test_resume_after_the_app_is_closed(app_factory: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "resume.db"
    first = app_factory(start=StartRequest(bank="sample", mode=Mode.exam, shuffle=False, seed=1), db=db)
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = first.screen
        assert isinstance(screen, QuestionScreen)
        attempt_id = screen.run.id
        await pilot.press(*right_keys(screen))
        await pilot.pause()
        await pilot.press(*right_keys(first.screen))  # type: ignore[arg-type]
        await pilot.pause()
        # closed without finishing, as a crash or a closed terminal would
    second = app_factory(db=db)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = second.screen
        assert isinstance(dialog, ResumeDialog)
        assert "2 of 5 answered" in str(dialog.query_one(".dialog-text").render())
        await pilot.press("r")
        await pilot.pause()
        screen = second.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.run.id == attempt_id
        assert screen.run.attempt.position == 2
        assert set(screen.run.attempt.answers) == {"s1", "m1"}
        for _ in range(3):
            await pilot.press(*right_keys(second.screen))  # type: ignore[arg-type]
            await pilot.pause()
        await pilot.press("y")  # all answered: finish
        await pilot.pause()
        assert isinstance(second.screen, ResultsScreen)
        assert second.screen.score.percent == 100.0


async def test_discernment_before_after_on_the_results(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for form, judge in (("headlines_a", "manipulative"), ("headlines_b", "right")):
            app.start(StartRequest(bank=form, mode=Mode.discernment, shuffle=False))
            await pilot.pause()
            for _ in range(20):
                screen = app.screen
                assert isinstance(screen, QuestionScreen)
                keys = ["2"] if judge == "manipulative" else right_keys(screen)
                await pilot.press(*keys)
                await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
            measures = str(app.screen.query_one("#discernment").render())
            assert "Discernment (d')" in measures
            if form == "headlines_a":
                assert "Veracity discernment: 10 of 20" in measures
                assert "first discernment check" in str(app.screen.query_one("#before-after").render())
                await pilot.press("h")
                await pilot.pause()
        verdict = str(app.screen.query_one("#before-after").render())
        assert "Discernment improved" in verdict

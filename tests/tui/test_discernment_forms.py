"""The home screen's discernment check: forms A, B and C in turn, in a random order each time."""

from __future__ import annotations

from quiz.bank import load_bank
from quiz.engine.request import Mode, StartRequest
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.options import OptionsDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.services.attempts import start_attempt
from tests.conftest import REPO
from tests.tui.conftest import AppFactory
from tests.unit.playing import take


async def test_home_assigns_a_then_b_then_c_and_shuffles(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        learner = app.learner
        assert learner is not None
        for form in ("headlines_a", "headlines_b", "headlines_c"):
            await pilot.press("d")  # whichever bank is highlighted: the sample bank here
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, OptionsDialog)
            assert dialog.bank.id == form
            assert dialog.mode is Mode.discernment
            await pilot.press("ctrl+s")
            await pilot.pause()
            question = app.screen
            assert isinstance(question, QuestionScreen)
            plan = question.run.attempt.plan
            assert plan.bank_id == form
            assert plan.question_ids != [
                q.id for q in load_bank(REPO / "questions" / f"{form}.toml").questions
            ]
            assert app.store.attempt(question.run.id).plan.seed == plan.seed
            # Finish it out of sight, as if the learner had judged all 20, and go home.
            app.store.discard_attempt(question.run.id)
            take(app.store, question.run.bank, learner, lambda q: [0], mode="discernment")
            app.go_home()
            await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, OptionsDialog)
        assert app.screen.bank.id == "headlines_a"  # every form taken: round the cycle


async def test_a_half_done_form_is_resumed_not_restarted(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        learner = app.learner
        assert learner is not None
        form_a = app.bank("headlines_a")
        run = start_attempt(
            app.store, form_a, learner, StartRequest(bank="headlines_a", mode=Mode.discernment)
        )
        run.answer([0])
        run.go_to(1)
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.run.id == run.id
        assert screen.run.attempt.position == 1

"""The new kinds in the full-screen app at 80x24: the keys that answer each form, shown in the
footer, and what the store holds afterwards (issue 16, points 4-6)."""

from __future__ import annotations

from pathlib import Path

from quiz.config import settings_path
from quiz.config.settings import load_settings
from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.widgets.answers import MatchList, OrderList
from tests.conftest import FIXTURES, FakeClock
from tests.questions import right
from tests.tui.conftest import until
from tests.tui.test_fit_and_keys import SMALL, footer_keys


def kinds_app(tmp_path: Path, question: str, seed: int = 5) -> QuizApp:
    settings = AppSettings(
        tmp_path / "quiz.db",
        [FIXTURES / "kinds.toml"],
        name="Aiko",
        start=StartRequest(bank="kinds", mode=Mode.practice, question_ids=(question,), seed=seed),
        user=load_settings(settings_path()),
        user_path=settings_path(),
    )
    return make_app(settings, clock=FakeClock())


def screen_text(app: QuizApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Label, Static"))


async def test_ordering_moves_items_with_space_and_arrows_then_number_keys(tmp_path: Path) -> None:
    app = kinds_app(tmp_path, "order1")
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        # Space: pick up, in the footer at 80 columns (once the footer has caught up with the focus)
        await until(pilot, lambda: "grab" in footer_keys(app))
        order = screen.query_one(OrderList)
        item = screen.run.attempt.item
        wanted = [item.order.index(i) for i in right(screen.run.attempt.question)]  # shown terms
        # The first right item: picked up with Space, carried up with ↑ to place 1, put down.
        start = order.arrangement.index(wanted[0])
        await pilot.press(*["down"] * start, "space", *["up"] * start, "space")
        assert order.arrangement[0] == wanted[0]
        # The rest with number keys: the highlighted item goes to the place typed.
        for place in range(1, len(wanted)):
            now = order.arrangement.index(wanted[place])
            highlighted = order.highlighted or 0
            moves = ["down"] * (now - highlighted) if now >= highlighted else ["up"] * (highlighted - now)
            await pilot.press(*moves, str(place + 1))
        assert order.arrangement == wanted
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        assert "✓ Correct" in str(app.screen.query_one("#verdict").render())
        [stored] = app.store.answer_rows([screen.run.id])
        assert stored.response == (0, 1, 2, 3)
        assert stored.credit == 1.0


async def test_ordering_feedback_names_each_neighbour_pair(tmp_path: Path) -> None:
    app = kinds_app(tmp_path, "order1")
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press("enter")  # the scrambled order as shown: never the right one
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        text = screen_text(app)
        assert "✗ Not right" in text or "◐ Partly right" in text
        assert "Stop → Investigate the source" in text
        [stored] = app.store.answer_rows([screen.run.id])
        assert stored.credit < 1.0


async def test_matching_gives_each_prompt_an_answer_by_number(tmp_path: Path) -> None:
    app = kinds_app(tmp_path, "match1")
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await until(pilot, lambda: "cycle" in footer_keys(app))  # Space: the next answer
        assert "Answers: 1." in screen_text(app)
        item = screen.run.attempt.item
        keys = [str(item.order.index(a) + 1) for a in right(screen.run.attempt.question)]
        await pilot.press("enter")  # nothing matched yet: asked to match, not submitted
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "Give A an answer first" in screen_text(app)
        await pilot.press(*keys)  # each number answers the highlighted prompt and moves on
        assert screen.query_one(MatchList).matched == [int(k) - 1 for k in keys]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        assert "✓ Correct" in str(app.screen.query_one("#verdict").render())
        assert "A hidden 'they'." in screen_text(app)  # a pair's own feedback
        [stored] = app.store.answer_rows([screen.run.id])
        assert stored.response == (0, 1, 2)


async def test_spot_ticks_segments_like_multiple_on_a_post(tmp_path: Path) -> None:
    app = kinds_app(tmp_path, "spot1")
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.query_one("#prompt-box").has_class("post")  # the headline card look
        await pilot.press("1", "2", "enter")  # the hook (right) and the report (not manipulative)
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        text = screen_text(app)
        assert "Capitals and 'shocking' raise alarm" in text  # each segment's own feedback
        assert "impersonation" in text
        [stored] = app.store.answer_rows([screen.run.id])
        assert stored.response == (0, 1)
        assert stored.credit == 0.0  # one right mark, one wrong: shares as multiple

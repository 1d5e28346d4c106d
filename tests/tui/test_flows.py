"""Flows a new user met (issue 11, points 17 to 22): nothing due, unfinished attempts, a tiny
terminal, history details and the command palette."""

from __future__ import annotations

from textual.color import Color
from textual.command import CommandList
from textual.widgets import Input, OptionList

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui.messages import ShowHistory
from quiz.frontends.tui.screens.dialogs import ConfirmDialog, NameDialog, NothingDueDialog, ResumeDialog
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.options import OptionsDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from tests.tui.conftest import AppFactory, until


async def test_review_with_nothing_due_is_one_dialog_then_practice_options(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, NothingDueDialog)  # straight away: no empty review options first
        await pilot.press("y")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OptionsDialog)
        assert dialog.mode is Mode.practice
        dialog.query_one("#count", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert len(app.screen.run.attempt) == 2  # the count chosen, not the whole bank


async def test_quiz_take_review_with_nothing_due_offers_practice_options(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.review))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NothingDueDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, OptionsDialog)


async def start_and_leave(app: object, pilot: object, bank: str) -> None:
    app.start(StartRequest(bank=bank, mode=Mode.exam, shuffle=False))  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("1")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("escape", "y")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_every_unfinished_attempt_is_listed_and_discard_asks_first(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await start_and_leave(app, pilot, "sample")
        await start_and_leave(app, pilot, "sanctions")
        home = app.screen
        assert isinstance(home, HomeScreen)
        waiting = home.query_one("#waiting")
        assert waiting.display
        assert "2 unfinished attempts waiting" in str(waiting.render())
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ResumeDialog)
        assert dialog.query_one(OptionList).option_count == 2
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # no deletion without a yes
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog
        assert len(app.store.unfinished(app.learner.id)) == 2  # type: ignore[union-attr]
        await pilot.press("down", "d", "y")
        await pilot.pause()
        assert len(app.store.unfinished(app.learner.id)) == 1  # type: ignore[union-attr]
        again = app.screen  # the one left is offered again
        assert isinstance(again, ResumeDialog)
        assert again.query_one(OptionList).option_count == 1
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_first_run_name_dialog_works_at_40x10(app_factory: AppFactory) -> None:
    app = app_factory(name=None)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NameDialog)
        field = dialog.query_one("#name", Input)
        assert app.focused is field
        assert field.region.height > 0
        assert field.region.bottom <= 10
        await pilot.press(*"Ona", "enter", "enter")  # the first keystrokes count
        await pilot.pause()
        assert app.learner is not None
        assert app.learner.name == "Ona"


async def test_changing_the_name_does_not_say_welcome(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NameDialog)
        title = str(dialog.query_one(".dialog-title").render())
        assert "Welcome" not in title
        assert "Change" in title


def palette_titles(app: object) -> list[str]:
    found = app.screen.query(CommandList)  # type: ignore[attr-defined]
    if not found:
        return []
    command_list = found.first()
    return [
        str(command_list.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(command_list.option_count)
    ]


async def test_the_command_palette_offers_the_screens_actions(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Practice", "Exam", "Review", "Discernment", "History", "Change name"):
            assert wanted in titles, (wanted, titles)
        assert "Resume" not in titles  # nothing to resume yet: only what applies now
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"exam")
        await until(pilot, lambda: bool(palette_titles(app)) and palette_titles(app)[0] == "Exam")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OptionsDialog)
        assert app.screen.mode is Mode.exam


async def test_results_offer_export_and_retry_in_the_palette(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1",), shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter")  # wrong, then on to the results
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export" in titles
        assert "Retry missed" in titles


async def test_history_opens_a_past_attempt_question_by_question(app_factory: AppFactory) -> None:
    from quiz.frontends.tui.screens.attempt import AttemptScreen
    from quiz.frontends.tui.screens.export import ExportDialog
    from quiz.frontends.tui.screens.history import HistoryScreen
    from quiz.frontends.tui.screens.results import ResultsScreen

    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "tf1"), shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter", "1", "enter")  # s1 wrong, tf1 "True" wrong
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("h")  # home: history
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        app.screen.query_one("DataTable").focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AttemptScreen)
        shown = "\n".join(str(w.render()) for w in screen.query("Label, Static"))
        assert "1. ✗ Not right" in shown
        assert "lateral reading" in shown  # the prompt
        assert "(your answer)" in shown
        assert "(correct)" in shown
        assert "Fact-checkers leave a site" in shown  # the explanation
        assert "2. ✗ Not right" in shown
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)


async def test_cosmetics_seen_by_the_reviewer(app_factory: AppFactory) -> None:
    """Plurals, the export dialog's buttons at 80x24, the high-contrast theme's dividers."""
    from quiz.frontends.tui.screens.export import ExportDialog
    from quiz.frontends.tui.screens.results import ResultsScreen

    app = app_factory(
        start=StartRequest(bank="sample", mode=Mode.exam, question_ids=("s1", "tf1"), shuffle=False)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")  # one of two answered
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "1 question is unanswered" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        box = dialog.query_one(".dialog").region
        for button in dialog.query("Button"):
            assert button.region.height >= 1
            assert box.contains_region(button.region)  # drawn whole, inside the dialog
        app.theme = "high-contrast"
        await pilot.pause()
        variables = app.get_css_variables()
        assert variables["scrollbar"].upper().startswith("#FFFF00")
        divider = Color.parse(variables["panel-lighten-2"])
        assert divider.brightness > 0.25  # a divider you can see on black


async def test_history_shows_whole_titles_when_wide_and_wraps_its_summary(app_factory: AppFactory) -> None:
    from quiz.frontends.tui.screens.history import HistoryScreen

    app = app_factory(bundled=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.start(
            StartRequest(
                bank="democratic_resilience",
                question_ids=(app.bank("democratic_resilience").questions[0].id,),
            )
        )
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        app.post_message(ShowHistory(None))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("DataTable")
        title = app.bank("democratic_resilience").info.title
        assert len(title) > 24
        assert str(table.get_row_at(0)[1]) == title  # type: ignore[attr-defined]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert str(table.get_row_at(0)[1]).endswith("…")  # type: ignore[attr-defined]

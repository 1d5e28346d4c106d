"""Text from learners and banks shows as typed; screens fit 80x24 and 200x60."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.screens.results import ResultsScreen
from quiz.frontends.tui.widgets.choices import ChoiceList
from tests.tui.conftest import AppFactory
from tests.tui.test_practice import right_keys

MARKUP_BANK = """
[bank]
title = "Markup [b]bank[/b]"
version = "1"

[[questions]]
id = "q1"
type = "single"
prompt = "Is [link=https://evil.example]this[/link] a link? [red]no[/red]"
explanation = "Shown as typed: [bold]not bold[/bold]"

[[questions.choices]]
text = "[b]bold?[/b]"
correct = true

[[questions.choices]]
text = "$variable and [/]"
"""


async def test_learner_name_and_bank_text_are_never_markup(tmp_path: Path) -> None:
    bank = tmp_path / "markup.toml"
    bank.write_text(MARKUP_BANK)
    settings = AppSettings(
        tmp_path / "m.db",
        [bank],
        name="[bold red]x",
        start=StartRequest(bank="markup", shuffle=False),
    )
    app = make_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        options = [str(o.prompt) for o in app.screen.query_one(ChoiceList).options]
        assert "[b]bold?[/b]" in options[0]
        assert "$variable and [/]" in options[1]
        assert "Markup [b]bank[/b]" in str(app.screen.query_one("#where").render())
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert "[b]bold?[/b]" in str(app.screen.query_one("#options").render())
        await pilot.press("escape", "y")  # leave, and say yes when asked
        await pilot.pause()
        learner_label = str(app.screen.query_one("#learner").render())
        assert "[bold red]x" in learner_label


def _inside(widget: Widget, width: int, height: int) -> bool:
    region = widget.region
    return region.width > 0 and region.height > 0 and region.right <= width and region.bottom <= height


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_screens_fit_small_and_large_terminals(app_factory: AppFactory, size: tuple[int, int]) -> None:
    width, height = size
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.practice, shuffle=False), bundled=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        for selector in ("#where", "#counter", "#progress", "#prompt", "#choices", "#hint", "Footer"):
            assert _inside(screen.query_one(selector), width, height), selector
        # Every option line is on screen, not scrolled away.
        choices = screen.query_one(ChoiceList)
        assert choices.region.height >= len(choices.texts) + 2
        for _ in range(5):
            await pilot.press(*right_keys(app.screen))  # type: ignore[arg-type]
            await pilot.pause()
            feedback = app.screen
            assert isinstance(feedback, FeedbackScreen)
            assert _inside(feedback.query_one("#verdict"), width, height)
            assert _inside(feedback.query_one("#next"), width, height)
            await pilot.press("enter")
            await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        for selector in ("#result-verdict", "#result-summary", "#home", "#export"):
            assert _inside(results.query_one(selector), width, height), selector
        await pilot.press("h")
        await pilot.pause()
        home = app.screen
        for selector in ("#banks", "#bank-title", "#modes", "Footer"):
            assert _inside(home.query_one(selector), width, height), selector
        # Widgets side by side never overlap.
        assert home.query_one("#bank-pane").region.right <= home.query_one("#detail-pane").region.x


# A title Textual would read as a link tag it cannot parse (History's bank menu stopped the app
# with a MarkupError on it), and topics it would draw in bold.
TAGGED_BANK = """
[bank]
title = "Tagged [link=https://evil.example]bank[/link] [b]x[/b]"
version = "1"

[bank.defaults]
topics = ["[b]bold topic[/b]", "[red]red[/red]"]

[[questions]]
id = "q1"
type = "true_false"
prompt = "Plain?"
answer = true
explanation = "Yes."
"""


async def test_bank_title_and_topics_in_menus_are_never_markup(tmp_path: Path) -> None:
    from textual.widgets import Select, SelectionList

    from quiz.frontends.tui.messages import ShowHistory
    from quiz.frontends.tui.screens.options import OptionsDialog
    from tests.tui.conftest import reach, until

    bank = tmp_path / "tagged.toml"
    bank.write_text(TAGGED_BANK)
    title = "Tagged [link=https://evil.example]bank[/link] [b]x[/b]"
    settings = AppSettings(tmp_path / "t.db", [bank], name="Ona", start=StartRequest(bank="tagged"))
    app = make_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        history = await reach(pilot, "HistoryScreen", post=ShowHistory("tagged"))
        menu = history.query_one(Select)
        assert str(menu.query_one("SelectCurrent #label").render()) == title
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(OptionsDialog(app.bank("tagged"), Mode.practice))
        await until(pilot, lambda: bool(app.screen.query("SelectionList#topics")))
        topics = app.screen.query_one("#topics", SelectionList)
        shown = [str(topics.get_option_at_index(i).prompt) for i in range(topics.option_count)]
        assert shown == ["[b]bold topic[/b]", "[red]red[/red]"]

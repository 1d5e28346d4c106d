"""What matters fits 80x24, and the keys that apply are shown (issue 11, points 12 to 15)."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Checkbox, Input, SelectionList
from textual.widgets._footer import FooterKey

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui.launch import JoinRequest
from quiz.frontends.tui.messages import ChooseOptions
from quiz.frontends.tui.screens.dialogs import ConfirmDialog, HelpDialog, JoinScreen, join_failure
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.options import OptionsDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.i18n import set_language
from quiz.live.client import AddressError
from tests.questions import options
from tests.tui.conftest import AppFactory, until

SMALL = (80, 24)


def footer_keys(app: object) -> dict[str, FooterKey]:
    """The footer's keys that are on screen, by action."""
    screen = app.screen  # type: ignore[attr-defined]
    return {
        key.action: key
        for key in screen.query(FooterKey)
        if key.region.width and key.region.right <= screen.size.width
    }


async def test_options_dialog_shows_every_topic_with_even_checkboxes(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.post_message(ChooseOptions("sanctions", Mode.practice))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OptionsDialog)
        topics = dialog.query_one("#topics", SelectionList)
        assert topics.option_count == len(app.bank("sanctions").topics) >= 9
        assert topics.max_scroll_y == 0  # no topic hidden inside the list
        shuffle = dialog.query_one("#shuffle", Checkbox)
        confidence = dialog.query_one("#confidence", Checkbox)
        assert confidence.region.x == shuffle.region.x  # no stray rule from another screen
        shown = [strip.text.strip() for strip in confidence.render_lines(confidence.region.reset_offset)]
        assert " ".join(shown).removeprefix("▐X▌ ") == str(confidence.label)  # the label whole, wrapped
        levels = dialog.query_one("#levels", SelectionList)
        assert shuffle.virtual_region.y >= levels.virtual_region.bottom + 1  # a gap before Shuffle
        start = dialog.query_one("#start", Button)
        assert start.region.height == 1  # the buttons are on screen
        assert dialog.query_one(".options").region.contains_region(start.region)


async def test_options_dialog_for_review_has_no_empty_rows(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for mode in (Mode.review, Mode.discernment):
            app.push_screen(OptionsDialog(app.bank("sanctions"), mode, due=3))
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, OptionsDialog)
            box = dialog.query_one(".options")
            assert box.region.height <= 12, (mode, box.region.height)
            await pilot.press("escape")
            await pilot.pause()


async def test_home_footer_shows_resume_quit_and_help_at_80_columns(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.exam, shuffle=False))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("1")  # one answer: the attempt is unfinished
        await pilot.pause()
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await until(pilot, lambda: "resume" in footer_keys(app))
        shown = footer_keys(app)
        for action in ("resume", "app.quit", "help", "history", "join"):
            assert action in shown, (action, sorted(shown))


async def test_help_lists_the_screens_keys_only_those_that_apply_and_scrolls(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1",), shuffle=False))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionScreen)
        count = len(options(question.run.attempt.question))
        await pilot.press("f1")
        await pilot.pause()
        help_dialog = app.screen
        assert isinstance(help_dialog, HelpDialog)
        text = help_dialog.keys_text()
        assert "super" not in text
        assert f"Option {count + 1}" not in text
        assert f"1-{count}" in text
        for needed in ("Skip", "Flag", "Overview", "Leave", "Help"):
            assert needed in text, needed
        scroller = help_dialog.query_one("#help-scroll")
        assert scroller.region.bottom <= SMALL[1]
        before = scroller.scroll_y
        await pilot.press("end")
        await pilot.pause()
        assert scroller.max_scroll_y == 0 or scroller.scroll_y > before


async def test_discernment_header_keeps_its_labels_apart(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True, start=StartRequest(bank="headlines_a", mode=Mode.discernment))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        where, counter = screen.query_one("#where"), screen.query_one("#counter")
        assert where.region.right < counter.region.x  # at least one blank cell between them
        assert "Question 1 of 20" in str(counter.render())


LONG = StartRequest(bank="sanctions", question_ids=("sanc-freeze-meaning",), shuffle=False)


async def test_feedback_scrolls_with_arrows_and_pages_while_next_keeps_focus(app_factory: AppFactory) -> None:
    app = app_factory(bundled=True, start=LONG)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FeedbackScreen)
        box = screen.query_one("#feedback-box")
        assert box.max_scroll_y > 0  # the sources are below the fold at 80x24
        await pilot.press("down")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 1
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        assert isinstance(app.focused, Button)
        assert app.focused.id == "next"


async def test_escape_on_feedback_asks_like_on_a_question_and_both_say_leave(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "m1"), shuffle=False))
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "leave" in footer_keys(app))
        assert footer_keys(app)["leave"].description == "Leave"
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        await until(pilot, lambda: "leave" in footer_keys(app))
        assert footer_keys(app)["leave"].description == "Leave"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_join_form_starts_at_its_first_field_and_checks_the_code(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JoinScreen)
        inputs = list(form.query(Input))
        assert app.focused is inputs[0]
        assert min(inputs, key=lambda i: i.region.y) is inputs[0]
        await pilot.press(*"nosuch.invalid:9", "enter")
        await pilot.pause()
        assert app.screen is form  # no connection tried with an address for a code
        error = str(form.query_one("#join-error").render())
        assert "letters and digits" in error
        assert "address" in error


async def test_join_failure_is_said_plainly_and_fits_80x24(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.open_join(JoinRequest("127.0.0.1:9", "ABCDEF", "Ona"))  # nothing listens on port 9
        await until(pilot, lambda: isinstance(app.screen, JoinScreen) and "✗" in error_text(app.screen))
        form = app.screen
        text = error_text(form)
        assert "Nothing answers at that address" in text
        assert "ssl:default" not in text
        assert "Connect call failed" not in text
        for widget in (form.query_one("#join-error"), form.query_one("#join"), form.query_one("#back")):
            assert widget.region.height > 0
            assert widget.region.bottom <= SMALL[1]


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("localhost:99999", "The port in “localhost:99999” is not a number from 1 to 65535."),
        (":8765", "“:8765” names no host: type host:port, as the instructor's screen shows."),
    ],
)
async def test_a_malformed_address_is_said_in_the_learners_words(
    app_factory: AppFactory, address: str, said: str
) -> None:
    """It was the live layer's English with Python's repr quotes, in every language's form."""
    app = app_factory()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.open_join(JoinRequest(address, "ABCDEF", "Ona"))
        await until(pilot, lambda: isinstance(app.screen, JoinScreen) and "✗" in error_text(app.screen))
        assert error_text(app.screen) == "✗ " + said
    set_language("lt")
    try:
        worded = join_failure(AddressError(address, "port" if "99999" in address else "host"))
    finally:
        set_language("en")
    assert f"„{address}“" in worded
    assert "expected" not in worded


def error_text(screen: object) -> str:
    found = screen.query("#join-error")  # type: ignore[attr-defined]
    return str(found.first().render()) if found else ""

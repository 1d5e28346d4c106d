"""A wrapped option continues under its own text, not under its number (issue 11, point 20)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget

from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.widgets.choices import ChoiceList
from tests.tui.conftest import FakeClock

LONG = (
    "Check who published the claim, what other independent sources say about that publisher, "
    "and whether the figures match the original report before sharing it with anyone"
)
BANK = f"""
[bank]
title = "Long options"
version = "1"

[[questions]]
id = "q1"
type = "single"
prompt = "Which habit helps before sharing?"
explanation = "Lateral reading."

[[questions.choices]]
text = "{LONG}"
correct = true
feedback = "Yes: {LONG}"

[[questions.choices]]
text = "Share it first"
"""


FRAME = str.maketrans("│┃╭╮╰╯─━", " " * 8)


def screen_lines(widget: Widget) -> list[str]:
    """The widget's rows as drawn, its frame blanked, without the trailing blanks."""
    size = widget.size
    strips = widget.render_lines(Region(0, 0, size.width, size.height))
    return [strip.text.translate(FRAME).rstrip() for strip in strips]


def assert_hangs(lines: list[str], label: str, note: str | None = None) -> None:
    """The line holding ``label`` wraps, and every continuation starts under the text after it
    (up to the line of its ``note``, if it has one)."""
    first = next(n for n, line in enumerate(lines) if label in line)
    column = lines[first].index(label) + len(label)
    rest = []
    for line in lines[first + 1 :]:
        if not line.strip() or len(line) - len(line.lstrip()) < column or (note and note in line):
            break
        rest.append(line)
    assert rest, lines  # it did wrap, and the next line is under the text
    assert all(len(line) - len(line.lstrip()) == column for line in rest), lines
    wrapped = " ".join(part.strip() for part in [lines[first][column:], *rest])
    assert wrapped.startswith(LONG[:60]), wrapped


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_option_hangs_under_its_text_on_the_question_and_the_feedback(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    bank = tmp_path / "long.toml"
    bank.write_text(BANK)
    settings = AppSettings(
        tmp_path / "h.db", [bank], name="Ona", start=StartRequest(bank="long", shuffle=False)
    )
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert_hangs(screen_lines(app.screen.query_one(ChoiceList)), "1. ○ ")
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        options = screen_lines(app.screen.query_one("#options", Widget))
        assert_hangs(options, "✓ 1. ", note="Yes: ")
        feedback = next(n for n, line in enumerate(options) if "Yes: " in line)
        assert options[feedback].index("Yes: ") == options[0].index("✓ 1. ") + len("✓ 1. ")
        notes = [line for line in options[feedback + 1 :] if line.strip()]
        assert notes, options  # the feedback wrapped; its lines hang two columns further in
        assert len(notes[0]) - len(notes[0].lstrip()) == options[feedback].index("Yes: ") + 2, options


SPOT_BANK = f"""
[bank]
title = "Long notes"
version = "1"

[[questions]]
id = "p1"
type = "spot"
prompt = "Mark the parts of this post that manipulate."
explanation = "The hook manipulates."

[[questions.segments]]
text = "SHOCKING: they are hiding what is in your water!"
manipulative = true
technique = "emotion"
feedback = "The hook. {LONG}"

[[questions.segments]]
text = "The council's 2025 water report lists nitrate at 12 mg/l."

[[questions.segments]]
text = "The legal limit is 50 mg/l."
"""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_segments_long_feedback_hangs_under_its_first_line(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    bank = tmp_path / "notes.toml"
    bank.write_text(SPOT_BANK)
    settings = AppSettings(
        tmp_path / "h.db", [bank], name="Ona", start=StartRequest(bank="notes", shuffle=False)
    )
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        options = screen_lines(app.screen.query_one("#options", Widget))
        first = next(n for n, line in enumerate(options) if "The hook. " in line)
        column = options[first].index("The hook. ")
        assert column == options[0].index("✓ 1. ") + len("✓ 1. "), options  # under the segment's text
        rest = []
        for line in options[first + 1 :]:
            if "2. " in line:
                break
            rest.append(line)
        assert rest, options  # the note wrapped
        assert all(len(line) - len(line.lstrip()) == column + 2 for line in rest), options
        assert " ".join([options[first][column:], *(line.strip() for line in rest)]).endswith("anyone")

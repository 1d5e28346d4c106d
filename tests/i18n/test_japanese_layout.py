"""Japanese where English hid two faults: keys of screens imported after the language was
chosen, and click's help, which counts characters where a Japanese one takes two columns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from textual.binding import Binding
from textual.screen import Screen

from quiz.cli import cli
from quiz.frontends.tui.language import translate_bindings
from quiz.i18n import gettext, set_language
from quiz.i18n.width import cells
from tests.i18n.test_everything_translated import _commands


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")
    translate_bindings()


def test_a_screen_defined_after_the_language_was_chosen_shows_its_keys_in_it() -> None:
    set_language("ja")
    translate_bindings()

    class Later(Screen[None]):  # as a screen module imported when first shown
        BINDINGS = [Binding("q", "app.quit", "Quit", tooltip="Leave the session")]

    binding = Later._merged_bindings.key_to_bindings["q"][0]  # type: ignore[union-attr]
    assert (binding.description, binding.tooltip) == (gettext("Quit"), gettext("Leave the session"))
    assert binding.description != "Quit"


@pytest.mark.parametrize("command", _commands(cli), ids=lambda c: " ".join(c) or "quiz")
def test_every_japanese_help_page_fits_80_columns(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, ["--lang", "ja", *command, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert "使い方" in result.output
    too_wide = [line for line in result.output.splitlines() if cells(line) > 80]
    assert too_wide == [], result.output


def test_a_figure_beside_japanese_punctuation_is_not_cut_between_its_digits() -> None:
    # A source line in Japanese, "(19 Mar 2025)：https://…", broke after "202": BudouX's phrases
    # cut between two digits, where only Latin text was on either side.
    from quiz.frontends.tui.linebreak import divide_line
    from quiz.i18n.phrases import phrases
    from quiz.i18n.width import wrap

    assert phrases("2025)：https://eunews.it/en/2025/03/19/x") == (
        "2025)：https://eunews.it/en/2025/03/19/x",
    )
    assert len(phrases("外国による情報操作に関するEEASの第3回報告書")) > 1  # Japanese still breaks
    text = "an exposure matrix (19 Mar 2025)：https://eunews.it/en/2025/03/19/the-galaxy-of-operations"
    for width in range(30, len(text)):
        lines = wrap(text, width)
        assert not any(line.endswith("202") for line in lines), lines
        breaks = divide_line(text, width)
        assert all(text[at - 1 : at + 1] != "25" for at in breaks), (width, breaks)

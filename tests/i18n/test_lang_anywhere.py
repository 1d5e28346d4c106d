"""``--lang`` before the command or after it: ``quiz take disinformation --lang uk`` as users
type it, as well as ``quiz --lang uk take disinformation``."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.i18n import gettext, set_language
from tests.conftest import FIXTURES

ENV = {"LANG": "C", "LANGUAGE": "", "LC_ALL": ""}


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):  # the quiz group loads its commands as they are asked for
        command = group.get_command(context, name)
        assert command is not None, name
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
    return found


def _in(language: str, message: str) -> str:
    set_language(language)
    try:
        return gettext(message)
    finally:
        set_language("en")


def _run(args: list[str], stdin: str | None = None) -> click.testing.Result:
    try:
        return CliRunner().invoke(cli, args, env=ENV, input=stdin)
    finally:
        set_language("en")


@pytest.mark.parametrize("command", _commands(cli), ids=" ".join)
def test_every_command_takes_lang_after_its_name(command: tuple[str, ...]) -> None:
    result = _run([*command, "--help", "--lang", "uk"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(_in("uk", "Usage:")), result.output[:200]
    assert "--lang [en|ja|lt|uk]" in result.output


def test_lang_after_the_command_is_the_same_as_before_it() -> None:
    after = _run(["banks", "--lang", "lt"])
    before = _run(["--lang", "lt", "banks"])
    english = _run(["banks"])
    assert after.exit_code == 0, after.output
    assert after.output == before.output
    assert after.output != english.output


def test_lang_after_the_bank_reaches_plain_mode() -> None:
    """The learner's language, not only the help's: plain mode asks in Lithuanian."""
    bank = str(FIXTURES / "translated" / "mini.toml")
    result = _run(["take", bank, "--plain", "--name", "Ona", "--lang", "lt"], stdin="q\n")
    said = _in("lt", "Answer with the option's number; s skips, q quits (your answers are kept).")
    assert said in " ".join(result.output.split()), result.output  # wrapped to the terminal


def test_a_wrong_language_after_the_command_is_a_usage_error_in_one_line() -> None:
    result = _run(["banks", "--lang", "xx"])
    assert result.exit_code == 2
    assert "'xx'" in result.output
    assert "Traceback" not in result.output


def test_the_last_lang_wins_and_nothing_after_a_double_dash_is_read() -> None:
    from quiz.commands.language import language_option

    assert language_option(["--lang", "uk", "take", "x", "--lang", "lt"]) == "lt"
    assert language_option(["take", "--lang=ja"]) == "ja"
    assert language_option(["take", "--", "--lang", "ja"]) is None

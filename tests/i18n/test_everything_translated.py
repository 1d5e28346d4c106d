"""Under a pseudo-locale that marks every catalog string, nothing the interface shows is
left unmarked but bank text, user text and the names of options and commands."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from quiz.cli import cli
from tests.i18n.pseudo import CLOSE, OPEN, pseudo

__all__ = ["pseudo"]

_MARKED = re.compile(re.escape(OPEN) + r".*?" + re.escape(CLOSE), re.S)
_CUT = re.compile(re.escape(OPEN) + r"[^\n]*")
"""A marked text cut short (a command's short help in a list of commands)."""
# What a help page may show untranslated: option names, metavariables, choices, defaults.
_NAMES = re.compile(
    r"(--?[a-z][\w-]*|\[[^\]\s]*\](\.\.\.)?|[A-Z][A-Z_.\[\]]+(\.\.\.)?|[|,/=:;()\[\].…]+|\d+(\.\d+)?|"
    r"quiz|cli|\[?[\d.]*<?=?x[<>]=[\d.]+\]?|\S+\.toml)"
)


def unmarked(text: str, names: set[str], allowed: re.Pattern[str] = _NAMES) -> list[str]:
    left = _CUT.sub(" ", _MARKED.sub(" ", text))
    words = (word.rstrip(",;") for word in left.split())
    return [word for word in words if word and word not in names and not allowed.fullmatch(word)]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(cli), ids=lambda c: " ".join(c) or "quiz")
def test_every_help_page_is_in_the_catalog(command: tuple[str, ...], pseudo: str) -> None:
    result = CliRunner().invoke(cli, ["--lang", pseudo, *command, "--help"])
    assert result.exit_code == 0, result.output
    assert OPEN in result.output
    names = {part for found in _commands(cli) for part in found}
    assert unmarked(result.output, names) == [], result.output

"""Under a pseudo-locale that marks every catalog string, nothing the interface shows is
left unmarked but bank text, user text and the names of options and commands."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quiz.bank import load_bank
from quiz.cli import cli
from quiz.export.registry import FORMATS
from quiz.markdown import to_plain
from tests.conftest import FIXTURES
from tests.i18n.pseudo import CLOSE, OPEN, pseudo
from tests.questions import option_feedback, options

__all__ = ["pseudo"]

SAMPLE = FIXTURES / "sample.toml"

_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_CUT = re.compile(re.escape(OPEN) + r"[^\n]*")
"""A marked text cut short (a command's short help in a list of commands)."""
# What a help page may show untranslated: option names, metavariables, choices, defaults.
_NAMES = re.compile(
    r"(--?[a-z][\w-]*|\[[^\]\s]*\](\.\.\.)?|[A-Z][A-Z_.\[\]]+(\.\.\.)?|[|,/=:;()\[\].…]+|\d+(\.\d+)?|"
    r"quiz|cli|\[?[\d.]*<?=?x[<>]=[\d.]+\]?|\S+\.toml)"
)


def _unmark(text: str) -> str:
    """``text`` without its marked parts, nested ones ("⟦5 ⟦questions⟧⟧") included."""
    while True:
        shorter = _INNERMOST.sub(" ", text)
        if shorter == text:
            return _CUT.sub(" ", text)
        text = shorter


def unmarked(text: str, names: set[str], allowed: re.Pattern[str] = _NAMES) -> list[str]:
    left = _unmark(text)
    words = (word.rstrip(",;") for word in left.split())
    return [word for word in words if word and word not in names and not allowed.fullmatch(word)]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    context = click.Context(group)
    for name in group.list_commands(context):  # the quiz group loads its commands as they are asked for
        command = group.get_command(context, name)
        assert command is not None, name
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
    names |= {f"{name}:" for name in FORMATS}  # the export formats, named as typed
    assert unmarked(result.output, names) == [], result.output


def _bank_words(path: Path) -> set[str]:
    """Every word the bank itself shows (prompts, options, explanations, titles, sources)."""
    return {word.strip(",;:.()") for text in _bank_texts(path) for word in text.split()}


def test_plain_mode_shows_nothing_outside_the_catalog_but_bank_text(tmp_path: Path, pseudo: str) -> None:
    answers = "\n".join(["1", "1,2", "2", "2", "1"]) + "\n"
    result = CliRunner().invoke(
        cli,
        ["--lang", pseudo, "--db", str(tmp_path / "q.db"), "take", str(SAMPLE), "--plain", "--no-shuffle"],
        input="Ona\n" + answers,
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 0, result.output
    assert OPEN in result.output
    allowed = _bank_words(SAMPLE) | {"Ona", "✓", "✗", "◐", "-", "•", "·"}
    left = [word.strip(",;:.()") for word in _unmark(result.output).split()]
    strays = [w for w in left if w and w not in allowed and not re.fullmatch(r"[\d.,:/%()\-+′″\[\]]+", w)]
    assert strays == [], result.output


_CODE_PUNCTUATION = re.compile(r"(?<!\d):|:(?!\d)|[()]|\.(?=\s|$)|;")
"""A colon, parenthesis, full stop or semicolon: the language writes these (Japanese "：", "（",
"。"), so they belong inside a message, not between the messages in code. A colon in a time
("10:30") is a figure's."""


def code_punctuation(text: str, bank_texts: list[str]) -> list[str]:
    """The lines of ``text`` with punctuation outside every marked message and every bank
    text, as code put there: ``f"{verdict}: {title}"``, ``"; ".join(parts) + "."``."""
    found = []
    for line in text.splitlines():
        left = _unmark(line)
        for shown in sorted(bank_texts, key=len, reverse=True):
            left = left.replace(shown, " ")
        # An option's number ("1.", "(1)"), a count inside a message, an address: no words.
        left = re.sub(r"\d+\.(?=\s)|\(\d+(/\d+)?\)|\S+://\S+", " ", left)
        if _CODE_PUNCTUATION.search(left):
            found.append(line)
    return found


def _bank_texts(path: Path) -> list[str]:
    bank = load_bank(path)
    texts = [bank.info.title, *bank.topics]
    for question in bank.questions:
        texts += [to_plain(question.prompt), to_plain(question.explanation), *options(question)]
        texts += [option_feedback(question, i) or "" for i in range(len(options(question)))]
        texts += [part for source in question.sources for part in (source.title, source.url)]
    return [text for text in texts if text]


def test_plain_mode_adds_no_punctuation_of_its_own(tmp_path: Path, pseudo: str) -> None:
    answers = "\n".join(["1", "1,2", "2", "2", "1"]) + "\n"
    result = CliRunner().invoke(
        cli,
        ["--lang", pseudo, "--db", str(tmp_path / "q.db"), "take", str(SAMPLE), "--plain", "--no-shuffle"],
        input="Ona\n" + answers,
        env={"COLUMNS": "400"},  # no wrapping: a message cut over two lines would not read as one
    )
    assert result.exit_code == 0, result.output
    assert code_punctuation(result.output, _bank_texts(SAMPLE)) == [], result.output


def test_code_punctuation_finds_a_colon_and_a_full_stop_put_in_by_code() -> None:
    bank = ["Sample bank", "media literacy"]
    built = f"{OPEN}✓ PASSED{CLOSE}: Sample bank"
    assert code_punctuation(built, bank) == [built]
    assert code_punctuation(f"{OPEN}Score 3 of 5 (60 %){CLOSE}; {OPEN}time 1:05{CLOSE}.", bank) != []
    assert code_punctuation("  media literacy: 50 % (1/2)", bank) != []
    assert code_punctuation(f"{OPEN}{OPEN}✓ PASSED{CLOSE}: Sample bank{CLOSE}", bank) == []
    assert code_punctuation(f"{OPEN}Question 1 of 5{CLOSE} · 10:30", bank) == []

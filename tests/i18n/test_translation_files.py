"""Translation files beside a bank: read, checked against the bank, never listed as banks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import load_bank, load_banks
from quiz.cli import cli
from tests.conftest import FIXTURES
from tests.questions import option_feedback, options, right

TRANSLATED = FIXTURES / "translated"

BROKEN_UK = """\
[translation]
bank = "mini"
language = "uk"
version = "1"
title = "Міні-перевірка"

[[questions]]
id = "mini-single"
prompt = "Який прийом підробляє надійне джерело?"
explanation = "Видавання себе за інших запозичує вигляд джерела, якому ви довіряєте."
choices = [
    { text = "Видавання себе за інших", feedback = "Так." },
    { text = "Тролінг" },
]

[[questions]]
id = "mini-multiple"
prompt = "Які звички допомагають перевірити допис?"
explanation = "Бічне читання і пошук першоджерела."
choices = [
    { text = "Прочитати, що інші кажуть про джерело" },
    { text = "Знайти першоджерело" },
    { text = "Спершу поширити" },
]

[[questions]]
id = "mini-tf"
prompt = "Попереднє спростування \\u001b[2J попереджає людей."
explanation = "Воно діє як щеплення."
choices = [{ text = "Так" }, { text = "Ні" }]

[[questions]]
id = "mini-gone"
prompt = "Цього питання в банку немає."
explanation = "Зайвий ідентифікатор."
hint = "?"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "banks"
    shutil.copytree(TRANSLATED, target)
    return target


def test_a_translation_keeps_everything_but_the_words() -> None:
    bank = load_bank(TRANSLATED / "mini.toml")
    assert bank.languages == ("en", "ja", "lt")
    lt = bank.in_language("lt")
    assert lt.info.title == "Mažas patikrinimas"
    assert lt.info.language == "lt"
    assert (lt.id, lt.info.version, lt.content_hash) == (bank.id, bank.info.version, bank.content_hash)
    for ours, theirs in zip(lt.questions, bank.questions, strict=True):
        assert ours.id == theirs.id
        assert ours.type == theirs.type
        assert right(ours) == right(theirs)
        assert ours.sources == theirs.sources
        assert ours.prompt != theirs.prompt
    single = lt.question("mini-single")
    assert options(single) == ("Apsimetinėjimas", "Trolinimas", "Poliarizacija")
    assert option_feedback(single, 1) == "Trolinimas provokuoja, bet neapsimeta kitu."
    assert option_feedback(single, 0) is None
    # The bank itself is untouched, and a region or another spelling of the tag finds the same.
    assert options(bank.question("mini-single"))[0] == "Impersonation"
    assert bank.in_language("lt_LT.UTF-8") is lt
    assert bank.in_language("ja").question("mini-tf").prompt.startswith("プレバンキング")


def test_a_language_without_translation_is_the_bank_itself() -> None:
    bank = load_bank(TRANSLATED / "mini.toml")
    assert bank.in_language("uk") is bank
    assert bank.in_language("en-GB") is bank
    assert bank.in_language(None) is bank


def test_validate_reports_each_problem_with_file_line_question_and_field(folder: Path) -> None:
    broken = folder / "mini.uk.toml"
    broken.write_text(BROKEN_UK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    expected = [
        f"{broken}:1: translation: description: required but missing: the bank has a description",
        f"{broken}:28: question 'mini-tf': prompt: contains the control character U+001B (ESC): remove it "
        "(text may hold newline and tab)",
        f"{broken}:11: question 'mini-single': choices: expected 3 choices, as in the bank (in its "
        "order), found 2",
        f"{broken}:20: question 'mini-multiple': choices[2].feedback: required but missing: the bank's "
        "choice has feedback",
        f"{broken}:30: question 'mini-tf': choices: a true_false question has no choices to translate "
        "(True and False are the app's words, translated in its catalogs): remove them",
        f"{broken}:33: question 'mini-gone': id: the bank 'mini' has no question with this id",
        f"{broken}: question 'mini-headline': missing translation (question 4 of 4 in the bank): add its "
        "[[questions]] table",
        f"warning: {broken}:4: translation: version: translated from version 1, the bank is version 2: "
        "check the questions that changed, then set version = '2'",
    ]
    for line in expected:
        assert line in lines, "\n".join(lines)
    assert lines[-1] == "1 bank valid, 2 translations valid, 1 invalid (7 problems)"
    # Left out of the bank, which stays valid and keeps its other languages.
    assert load_bank(folder / "mini.toml").languages == ("en", "ja", "lt")


def test_a_wrong_translated_choice_is_the_only_problem_shown(tmp_path: Path) -> None:
    # Pydantic also counts the refused choice as missing from a list at its minimum length; the
    # echo ("choices: expected at least 2 items, found 1") named a problem the file does not have.
    bank = tmp_path / "two.toml"
    bank.write_text(
        '[bank]\ntitle = "Two"\nversion = "1"\n\n[[questions]]\nid = "q1"\ntype = "single"\n'
        'prompt = "Which?"\nexplanation = "Because."\n'
        'choices = [{ text = "Yes", correct = true }, { text = "No" }]\n',
        encoding="utf-8",
    )
    lt = tmp_path / "two.lt.toml"
    lt.write_text(
        '[translation]\nbank = "two"\nlanguage = "lt"\nversion = "1"\ntitle = "Du"\n\n'
        '[[questions]]\nid = "q1"\nprompt = "Kuris?"\nexplanation = "Nes."\n'
        'choices = [{ text = "Taip" }, { text = "" }]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    problems = [line for line in result.output.splitlines() if line.startswith(str(lt))]
    assert problems == [f"{lt}:11: question 'q1': choices[1].text: must not be empty"], result.output


def test_feedback_only_where_the_bank_has_it_and_a_missing_one_placed(folder: Path) -> None:
    text = (folder / "mini.lt.toml").read_text(encoding="utf-8")
    text = text.replace('{ text = "Apsimetinėjimas" }', '{ text = "Apsimetinėjimas", feedback = "Taip." }')
    start = text.index('[[questions]]\nid = "mini-multiple"')
    end = text.index('[[questions]]\nid = "mini-tf"')
    (folder / "mini.lt.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(folder / "mini.lt.toml")])
    assert result.exit_code == 1
    path = folder / "mini.lt.toml"
    tf_line = 1 + (text[:start] + text[end:]).splitlines().index('id = "mini-tf"') - 1
    assert result.output.splitlines() == [
        f"{path}:12: question 'mini-single': choices[0].feedback: the bank's choice has no feedback: "
        "remove it",
        f"{path}:{tf_line}: question 'mini-multiple': missing translation (question 2 of 4 in the bank): "
        "add its [[questions]] table before this line",
        "0 banks valid, 1 invalid (2 problems)",
    ]


def test_the_listing_never_shows_a_translation_as_a_bank(folder: Path, quiz_home: Path) -> None:
    shutil.copytree(folder, quiz_home / "banks")
    result = CliRunner().invoke(cli, ["banks"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert "mini" in rows
    assert not [bank for bank in rows if bank.startswith("mini.")]
    assert "en ja lt" in rows["mini"]
    loaded = load_banks([folder])
    assert [b.id for b in loaded.banks] == ["mini"]
    assert sorted(t.language for t in loaded.translations) == ["ja", "lt"]


def test_a_translation_named_alone_is_checked_against_its_bank(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(folder / "mini.ja.toml")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["✓ mini.ja.toml: ミニチェック (ja)", "1 translation valid"]
    both = CliRunner().invoke(cli, ["validate", str(folder / "mini.ja.toml"), str(folder / "mini.toml")])
    assert both.output.splitlines()[-1] == "1 bank valid, 2 translations valid"


def test_a_translation_without_its_bank_says_where_it_belongs(tmp_path: Path) -> None:
    lonely = tmp_path / "mini.lt.toml"
    shutil.copy(TRANSLATED / "mini.lt.toml", lonely)
    result = CliRunner().invoke(cli, ["validate", str(lonely)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{lonely}: translation: a translation is read beside its bank: put it next to mini.toml, "
        "named mini.<language>.toml (mini.lt.toml, say)"
    )


def test_a_translation_for_another_bank_or_language_is_refused(folder: Path) -> None:
    path = folder / "mini.lt.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('bank = "mini"', 'bank = "maxi"').replace('"lt"', '"en"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    lines = result.output.splitlines()
    assert f"{path}:2: translation: bank: 'maxi' must be 'mini', the bank beside it" in lines
    assert f"{path}:3: translation: language: 'en' must match the file name's 'lt'" in lines
    assert f"{path}:3: translation: language: 'en' is the bank's own language ('en')" in lines

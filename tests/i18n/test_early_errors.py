"""The settings file's and the files' errors in the interface language.

The settings file is read before its own ``language`` can be known: a file that is not TOML is
said in the language of ``--lang`` or of the environment, which are decided first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.i18n.pseudo import CLOSE, OPEN, pseudo

__all__ = ["pseudo"]


def _no_app(*args: object, **kwargs: object) -> None:
    raise AssertionError("the app was started: the settings file was not refused")


@pytest.mark.parametrize("chosen", ["--lang", "LANG"])
def test_a_settings_file_that_is_not_toml_is_refused_in_the_language(
    tmp_path: Path, pseudo: str, monkeypatch: pytest.MonkeyPatch, chosen: str
) -> None:
    from quiz.cli import cli

    monkeypatch.setattr("quiz.frontends.tui.make_app", _no_app)
    (tmp_path / "settings.toml").write_text('language = "lt"\ntheme = \n', encoding="utf-8")
    env = {"QUIZ_HOME": str(tmp_path), "LANG": "C", "LANGUAGE": "", "LC_ALL": ""}
    if chosen == "LANG":
        env["LANG"] = "lt_LT.UTF-8"
    result = CliRunner().invoke(cli, ["--lang", pseudo] if chosen == "--lang" else [], env=env)
    assert result.exit_code == 1, result.output
    said = result.output.strip()
    assert said.startswith(
        f"{OPEN}Error: {OPEN}{tmp_path / 'settings.toml'}: not valid TOML at line 2, column "
    ), said


def test_a_wrong_value_in_the_settings_file_is_said_in_the_language(tmp_path: Path, pseudo: str) -> None:
    from quiz.config.settings import SettingsError, load_settings
    from quiz.i18n import set_language

    path = tmp_path / "settings.toml"
    path.write_text('practice_count = "ten"\nlanguage = "fr"\ncolour = 1\n', encoding="utf-8")
    set_language(pseudo)
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    lines = str(raised.value).splitlines()
    wanted = f"{OPEN}expected {OPEN}a whole number{CLOSE}, got 'ten'{CLOSE}"
    assert lines[0] == f"{OPEN}{path}:1: practice_count: {wanted}{CLOSE}"
    assert lines[1].startswith(f"{OPEN}{path}:2: language: {OPEN}expected en, lt, uk ")
    assert lines[2] == f"{OPEN}{path}:3: colour: {OPEN}no such setting (the README lists them){CLOSE}{CLOSE}"


def test_a_file_that_cannot_be_read_or_written_is_said_in_the_language(tmp_path: Path, pseudo: str) -> None:
    from quiz.i18n import set_language
    from quiz.infra.files import WriteError, write_text
    from quiz.infra.reading import ReadError, read_limited

    set_language(pseudo)
    with pytest.raises(ReadError) as read:
        read_limited(tmp_path, 100)
    assert (
        str(read.value)
        == f"{OPEN}{tmp_path}: {OPEN}is a folder, not a file: only regular files are read{CLOSE}{CLOSE}"
    )
    with pytest.raises(WriteError) as written:
        write_text(tmp_path / "missing" / "out.csv", "a")
    assert str(written.value).startswith(f"{OPEN}cannot write {tmp_path / 'missing' / 'out.csv'}: ")

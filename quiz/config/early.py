"""The settings file as plain TOML, before the settings model has checked it.

The first frame needs three of its values: the language, the theme and the remapped keys.
Checking the whole file needs the model, and pydantic with it: importing them and building the
model took 130 ms of CPU (the best of ten launches on this machine), a third of the launch of
a one-Label Textual app. So the home screen is drawn from what is read here, the values of the
right type only, and ``quiz.config.settings`` checks the whole file right after the first frame
(or when a setting is first needed): a wrong value stops the app there with the same one line.
A file that cannot be read or is not TOML stops it here, before the first frame, in the
language of ``--lang`` or the environment (the file's own setting cannot be read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli

from quiz.errors import QuizError
from quiz.i18n import _


class SettingsError(QuizError):
    """The settings file is not valid TOML or has a wrong value."""


@dataclass(frozen=True)
class EarlySettings:
    """What the first frame shows of the settings file, unchecked."""

    language: str | None = None
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)


def read_settings_file(path: Path) -> tuple[str, dict[str, Any]] | None:
    """The file's text and its TOML table; None when there is no such file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(
            _("{path}: cannot read the settings file: {why}").format(path=path, why=exc)
        ) from exc
    try:
        return text, tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        from quiz.config.toml import toml_message

        # tomli's str(exc) is English with the place inside ("Invalid value (at line 1, column
        # 9)"): the place goes into the message, where the language puts it.
        message = _("{path}: not valid TOML at line {line}, column {column}: {why}")
        raise SettingsError(
            message.format(path=path, line=exc.lineno, column=exc.colno, why=toml_message(exc.msg))
        ) from exc


def early_settings(path: Path) -> EarlySettings | None:
    """The language, theme and keymap of ``path``, where they have the right type (the model
    reports any that has not); None when there is no file."""
    read = read_settings_file(path)
    if read is None:
        return None
    data = read[1]
    language, theme, keymap = data.get("language"), data.get("theme"), data.get("keymap")
    return EarlySettings(
        language if isinstance(language, str) else None,
        theme if isinstance(theme, str) else None,
        {k: v for k, v in keymap.items() if isinstance(v, str)} if isinstance(keymap, dict) else {},
    )


def first_read(path: Path) -> EarlySettings | SettingsError | None:
    """``early_settings``, or why the file cannot be read: the one read of the file before the
    first frame. The CLI's language comes from it and the app draws its first frame from it (or
    reports the error); headless commands ignore an error, which is the app's to report."""
    try:
        return early_settings(path)
    except SettingsError as exc:
        return exc

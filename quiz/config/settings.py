"""The user's settings: one small TOML file, every field typed and documented.

A missing file means the defaults; a wrong value is an error naming the file, the line and the
field, so a typo never turns silently into a default. The README lists every field from here.
The app checks the file right after its first frame, which ``quiz.config.early`` draws.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from quiz.config.early import SettingsError, read_settings_file
from quiz.i18n import N_, _

__all__ = ["SettingsError", "UserSettings", "load_settings", "save_setting", "save_theme"]


class UserSettings(BaseModel):
    """What a learner can set once instead of on every quiz (``settings.toml``)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    practice_count: Annotated[int, Field(ge=1, le=1000)] = 10
    """Questions a practice offers before you change it (at most the bank's size)."""

    exam_count: Annotated[int, Field(ge=1, le=1000)] = 20
    """Questions an exam offers before you change it (at most the bank's size)."""

    time_limit_minutes: Annotated[float, Field(ge=0, le=600)] | None = None
    """An exam's time limit in minutes; 0 means untimed; unset uses the bank's own limit."""

    confidence: bool = False
    """Start with confidence mode (certainty-based marking) ticked."""

    theme: str | None = None
    """The colour theme, such as "high-contrast" or "textual-light"; a theme picked in the
    command palette (Ctrl+P) is written here."""

    language: Literal["en", "lt", "uk", "ja"] | None = None
    """The language of the app and of the banks that have a translation: en, lt, uk or ja;
    unset follows the environment (LANG). Changed in the app, it is written here."""

    keymap: dict[str, str] = Field(default_factory=dict)
    """Keys for the app's actions by binding id, such as ``"question.skip" = "k"``; several
    keys are separated by commas. The README lists the ids."""


def load_settings(path: Path) -> UserSettings:
    """The settings in ``path``; the defaults when there is no such file."""
    read = read_settings_file(path)
    if read is None:
        return UserSettings()
    text, data = read
    try:
        return UserSettings.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            line = _line_of(text, str(error["loc"][-1]) if error["loc"] else "")
            prefix = f"{path}:{line}" if line else str(path)
            lines.append(
                _("{place}: {field}: {problem}").format(place=prefix, field=where, problem=_expected(error))
            )
        raise SettingsError("\n".join(lines)) from exc


def _expected(error: ErrorDetails) -> str:
    """What the field wanted, in the words of this app rather than pydantic's."""
    kind, ctx, got = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "extra_forbidden":
        return _("no such setting (the README lists them)")
    if kind == "literal_error":  # the language, the only setting with a few values
        from quiz.i18n import LANGUAGES
        from quiz.i18n.lists import alternatives

        return _("expected {wanted}, got {got}").format(wanted=alternatives(list(LANGUAGES)), got=repr(got))
    wanted = _WANTED.get(kind)
    if kind == "greater_than_equal":
        wanted = _("at least {n}").format(n=ctx.get("ge"))
    elif kind == "less_than_equal":
        wanted = _("at most {n}").format(n=ctx.get("le"))
    elif wanted is not None:
        wanted = _(wanted)
    if wanted is None:
        return str(error["msg"])
    return _("expected {wanted}, got {got}").format(wanted=wanted, got=repr(got))


_WANTED = {
    "int_parsing": N_("a whole number"),
    "int_type": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "float_parsing": N_("a number"),
    "float_type": N_("a number"),
    "bool_parsing": N_("true or false"),
    "bool_type": N_("true or false"),
    "string_type": N_("text in quotes"),
    "dict_type": N_("a table of binding ids and keys"),
}
"""What a field wanted, by pydantic's error type, in this app's words."""


def _line_of(text: str, key: str) -> int | None:
    """The line that sets ``key``, for an error a user can find in their editor."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def save_theme(path: Path, theme: str) -> None:
    """Remember a theme picked in the palette, keeping the file's comments and order."""
    save_setting(path, "theme", theme)


def save_setting(path: Path, key: str, value: str) -> None:
    """Remember one top-level setting chosen in the app (theme, language), keeping the file's
    comments and order."""
    import tomlkit

    document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    # Keep top-level settings above the [keymap] table, where TOML needs them.
    if key not in document and "keymap" in document:
        keymap = document.pop("keymap")
        document[key] = value
        document["keymap"] = keymap
    else:
        document[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(tomlkit.dumps(document), encoding="utf-8")
    partial.replace(path)  # whole or not at all: a crash never leaves half a settings file

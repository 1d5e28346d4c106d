"""The command line in the interface language: help texts, click's own words, and choosing.

Click's help is written at import, in English, and shown after the command line is read; so the
language is chosen from the command line first (``--lang``, before any other work), and the help
of every command is swapped for its translation before click prints any of it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

import click

from quiz.i18n import LANGUAGES, N_, choose_language, gettext, set_language

_ENGLISH: dict[tuple[int, str], str] = {}
"""(id of a command or option, attribute) -> its English help, the msgid."""

COMPOSED: dict[str, Callable[[], str]] = {}
"""English help made of several messages (the list of export formats) -> how to write it in
the current language: no single msgid holds it."""


def language_option(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` before the command's name or after it (``quiz --lang uk take``
    and ``quiz take disinformation --lang uk``), the last one given; read before click parses
    anything, since the first word of help or of an error is already in the language."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break  # what follows is arguments, never options
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def accept_language(command: click.Command, root: click.Command) -> None:
    """``command`` and every command below it take ``root``'s ``--lang`` too, with its words and
    choices; ``language_option`` has read it by then, so the command's own copy only validates
    it and shows it in its help."""
    shared = next(param for param in root.params if isinstance(param, click.Option) and param.name == "lang")
    if not any(param.name == "lang" for param in command.params):
        command.params.append(
            click.Option(shared.opts, type=shared.type, help=shared.help, expose_value=False)
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            accept_language(sub, root)


def speak(language: str | None, setting: str | None, root: click.Command) -> str:
    """Choose the language, make it current, and translate the help of ``root`` and below."""
    from quiz.i18n.click_messages import install

    chosen = choose_language(language if language in LANGUAGES else None, setting)
    set_language(chosen)
    install()
    translate(root)
    return chosen


_TYPE_PLACEHOLDERS: dict[str, str] = {
    "text": N_("TEXT"),
    "integer": N_("INTEGER"),
    "float": N_("NUMBER"),
    "integer range": N_("INTEGER"),
    "float range": N_("NUMBER"),
}
"""What an option's value is called in its help (``--name TEXT``) where the option names no
placeholder of its own, by click's name of its type; a range's bounds are shown beside it."""
_PATHS = {"file": N_("FILE"), "directory": N_("FOLDER"), "path": N_("PATH")}
"""A path option's placeholder: click names it when the option is made, in the language of
then (the top-level ``--db`` before the language is known, a command's after)."""


def placeholder(option: click.Option) -> str | None:
    """The English placeholder of ``option``'s value, a msgid: its own ``metavar``, else its
    type's word; None for a flag or a list of choices (shown as the words typed)."""
    if option.is_flag or option.count or isinstance(option.type, click.Choice):
        return None
    if isinstance(option.type, click.Path):
        kind = "file" if option.type.file_okay and not option.type.dir_okay else "path"
        return _PATHS["directory" if option.type.dir_okay and not option.type.file_okay else kind]
    return _TYPE_PLACEHOLDERS.get(option.type.name)


def translate(command: click.Command) -> None:
    """The help of ``command`` and below in the current language (the commands loaded so far:
    the others are translated as they are loaded)."""
    command._help_option = None  # click keeps the --help option it made, in the words of then
    for item in (command, *command.params):
        for attribute in ("help", "short_help", "epilog"):
            key = (id(item), attribute)
            english = _ENGLISH.setdefault(key, getattr(item, attribute, None) or "")
            if english in COMPOSED:
                setattr(item, attribute, COMPOSED[english]())
            elif english:
                setattr(item, attribute, gettext(inspect.cleandoc(english)))
        if isinstance(item, click.Option):
            english = _ENGLISH.setdefault((id(item), "metavar"), item.metavar or placeholder(item) or "")
            if english:
                item.metavar = gettext(english)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate(sub)

# ruff: noqa: E501
"""Click's own words (usage, options, errors), marked here so the catalogs carry them.

Click asks the standard gettext for them; ``install`` makes it ask ours instead. Made from
click 8.5.1 by extracting its messages; nothing here runs but ``install``.
"""

from __future__ import annotations

from typing import Any

from quiz.i18n import N_, gettext, ngettext


def install() -> None:
    """Click speaks the interface language from now on."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    ):
        module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    _measure_in_cells()


ONE_OR_SEVERAL = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."),
}
"""Click's messages that are one thing or a list, not a count: ``n`` is how many there are,
the list is not a number a plural form agrees with, and the two forms name their field
differently. As a plural, Lithuanian and Ukrainian use the first form for 21 as for 1, where
the field is ``{possibilities}`` (``msgfmt -c`` rejects the catalog); as two messages each
language writes the one and the several once."""


def _ngettext(singular: str, plural: str, n: int) -> str:
    if (singular, plural) in ONE_OR_SEVERAL:
        return gettext(singular if n == 1 else plural)
    return ngettext(singular, plural, n)


_CLICK: dict[str, Any] = {}
"""Click's own short help and wrapping, which English keeps (so its help reads as before)."""


def _measure_in_cells() -> None:
    """Click wraps help counting characters and breaks lines only at spaces; a Japanese
    character takes two columns and Japanese has no spaces, so its help ran past 80 columns
    (and a command's short help was cut at a space that never came). Text with wide characters
    is wrapped and cut in cells instead; other text goes through click as before."""
    import click._textwrap
    import click.core

    if click._textwrap.TextWrapper.wrap is _wrap_in_cells:
        return
    # Click 8.5 calls its short-help helper `_make_default_short_help`; 8.4 and earlier call
    # it `make_default_short_help` (8.4 ends in a traceback when the other is read).
    core = vars(click.core)
    name = "_make_default_short_help" if "_make_default_short_help" in core else "make_default_short_help"
    _CLICK.update(short_help=core[name], wrap=click._textwrap.TextWrapper.wrap)
    core[name] = _short_help
    click._textwrap.TextWrapper.wrap = _wrap_in_cells  # type: ignore[method-assign]


def _wide(text: str) -> bool:
    from quiz.i18n.width import cells

    return any(cells(char) > 1 for char in text)


def _short_help(help: str, max_length: int = 45) -> str:
    """The first sentence of the first paragraph, cut to ``max_length`` columns."""
    if not _wide(help):
        return str(_CLICK["short_help"](help, max_length))
    from quiz.i18n.width import truncate

    first = " ".join(help.split("\n\n", 1)[0].replace("\b", "").split())
    return truncate(first.split("。", 1)[0] + ("。" if "。" in first else ""), max_length)


def _wrap_in_cells(self: Any, text: str) -> list[str]:
    if not _wide(text):
        return list(_CLICK["wrap"](self, text))
    from quiz.i18n.width import wrap

    return wrap(text, self.width, self.initial_indent, self.subsequent_indent)


def _marks() -> None:  # never called: what the extractor reads
    N_("Aborted!")
    N_("deprecated")
    N_("Options")
    N_("Positional arguments")
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    N_("DeprecationWarning: The command {name!r} is deprecated.{extra_message}")
    N_("Commands")
    N_("Missing command.")
    N_("Value must be an iterable.")
    ngettext("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", 1)
    N_("DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}")
    N_("Name '{name}' defined twice")
    N_("Boolean option {decl!r} cannot use the same flag for true/false.")
    N_("Could not determine name for option with declarations {decls!r}")
    N_(
        "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you mean to pass '--{name}'?"
    )
    N_("env var: {var}")
    N_("default: {default}")
    N_("(dynamic)")
    N_("Arguments take exactly one parameter declaration, got {length}: {decls}.")
    N_("Did you mean {possibility}?")
    N_("(Did you mean one of: {possibilities}?)")
    N_("Error: {message}")
    N_("Try '{command} {option}' for help.")
    N_("Invalid value: {message}")
    N_("Invalid value for {param_hint}: {message}")
    N_("Missing argument")
    N_("Missing option")
    N_("Missing parameter")
    N_("Missing {param_type}")
    N_("Missing parameter: {param_name}")
    N_("No such option {name!r}.")
    N_("No such command {name!r}.")
    N_("unknown error")
    N_("Could not open file {filename!r}: {message}")
    N_("Usage:")
    N_("Invalid start character for option ({option})")
    N_("Argument {name!r} takes {nargs} values.")
    N_("Option {name!r} does not take a value.")
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1)
    N_("Choose from:\n\t{choices}")
    N_("{value!r} is not {choice}.")
    N_("{value!r} is not one of {choices}.")
    N_("Choice({choices})")
    N_("{value!r} does not match the format {format}.")
    N_("{value!r} does not match the formats {formats}.")
    N_("{value!r} is not a valid {number_type}.")
    N_("{value} is not in the range {range}.")
    N_("{value!r} is not a valid boolean. Recognized values: {states}")
    N_("{value!r} is not a valid UUID.")
    N_("file")
    N_("directory")
    N_("path")
    N_("{name} {filename!r} does not exist.")
    N_("{name} {filename!r} is a file.")
    N_("{name} {filename!r} is a directory.")
    N_("{name} {filename!r} is not readable.")
    N_("{name} {filename!r} is not writable.")
    N_("{name} {filename!r} is not executable.")
    ngettext(
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
        1,
    )
    N_("Do you want to continue?")
    N_("Confirm the action without prompting.")
    N_("%(prog)s, version %(version)s")
    N_("Show the version and exit.")
    N_("Show this message and exit.")
    N_("Repeat for confirmation")
    N_("Error: The two entered values do not match.")
    N_("Error: invalid input")
    N_("Unknown color {colour!r}")
    N_("Press any key to continue...")

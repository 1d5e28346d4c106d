"""The TOML parser's complaints in the project's words: a bank file's and the settings file's.

tomli says "Invalid value (at line 1, column 9)" in English, whatever the language; its
``msg`` is the complaint without the place, its ``lineno`` and ``colno`` the place, so each
message here puts the place where its language puts it.
"""

from __future__ import annotations

from quiz.i18n import N_, _

# The TOML parser's commonest complaints, as the person editing the file would put them.
_TOML_WORDS = {
    "Illegal character '\\n'": N_(
        "the text in quotes is not closed on this line (text over several lines goes in triple quotes)"
    ),
    "Unterminated string": N_("the text in quotes is never closed"),
    "Cannot overwrite a value": N_("this key is set twice"),
    "Expected '=' after a key in a key/value pair": N_("expected key = value"),
    "Invalid value": N_("the value is not valid TOML (text needs quotes; true and false do not)"),
}


def toml_message(message: str) -> str:
    """The TOML parser's message in the project's words, where it has some for it."""
    ours = _TOML_WORDS.get(message)
    return _(ours) if ours else message


__all__ = ["toml_message"]

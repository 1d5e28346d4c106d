"""A translated message with some of its values styled, and no markup in the catalog.

A msgid such as ``"$mode: [b]$title[/b]"`` hands translators Textual's markup to keep intact,
and a bank title or a learner's name put through markup could be read as markup itself. Here
the message has only ``{name}`` placeholders; the values are put in as text, each styled as
the caller says, so what the learner or the bank wrote is shown as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

from textual.content import Content


def styled(message: str, styles: Mapping[str, str], **values: object) -> Content:
    """``message`` (translated, with ``{name}`` placeholders) filled with ``values``, those
    named in ``styles`` styled (``{"title": "bold"}``)."""
    parts: list[str | tuple[str, str]] = []
    for literal, field, spec, conversion in Formatter().parse(message):
        if literal:
            parts.append(literal)
        if field is None:
            continue
        value = values[field]
        text = format(repr(value) if conversion == "r" else value, spec or "")
        parts.append((text, styles[field]) if field in styles else text)
    return Content.assemble(*parts)

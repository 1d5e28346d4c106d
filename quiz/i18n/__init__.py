"""The interface language: which one, and the gettext catalogs that speak it.

One language is current for the whole process (a terminal has one user); ``gettext`` and
``ngettext`` read it at call time, so a change of language applies to everything shown after
it. Pure: the standard library's gettext and the compiled catalogs beside this file.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

DOMAIN = "quiz"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

ENGLISH = "en"
LANGUAGES: dict[str, str] = {
    "en": "English",
    "lt": "Lietuvių",
    "uk": "Українська",
    "ja": "日本語",
}
"""The interface languages, each named in itself (as a language menu shows them)."""

ENGLISH_NAMES: dict[str, str] = {"en": "English", "lt": "Lithuanian", "uk": "Ukrainian", "ja": "Japanese"}

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
ENVIRONMENT_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Read in gettext's own order: ``LANGUAGE`` (a list such as ``lt:en``), then the locale."""


def primary(tag: str) -> str:
    """``lt`` of ``lt_LT.UTF-8``, ``lt-LT`` or ``LT``: the language without region or encoding."""
    return re.split(r"[-_.@]", tag.strip(), maxsplit=1)[0].lower()


def is_tag(tag: str) -> bool:
    """Whether ``tag`` looks like a BCP 47 language tag (``lt``, ``pt-BR``), as banks name them."""
    return bool(_TAG.match(tag))


def match_language(wanted: str | None, available: Iterable[str]) -> str | None:
    """The one of ``available`` that serves ``wanted``: the same tag, else the same language."""
    if not wanted:
        return None
    options = list(available)
    for tag in options:
        if tag.lower() == wanted.lower():
            return tag
    return next((tag for tag in options if primary(tag) == primary(wanted)), None)


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The first interface language the locale variables ask for, as gettext reads them."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT_VARIABLES:
        value = environ.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            if primary(part) in ("c", "posix", ""):
                continue
            found = match_language(part, LANGUAGES)
            if found:
                return found
        if name != "LANGUAGE":
            return None  # the locale is set, to a language the app does not speak: English
    return None


def choose_language(option: str | None, setting: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``--lang``, then the user's setting, then the environment, then English."""
    for wanted in (option, setting):
        found = match_language(wanted, LANGUAGES)
        if found:
            return found
    return from_environment(environ) or ENGLISH


@cache
def translator(language: str) -> _gettext.NullTranslations:
    """The catalog of ``language``; English (the source strings) where there is none."""
    if language == ENGLISH:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


_current: list[str] = [ENGLISH]


def current_language() -> str:
    return _current[0]


def set_language(language: str) -> None:
    """Make ``language`` the interface language from now on (unknown ones mean English)."""
    _current[0] = language if language in LANGUAGES else ENGLISH


def gettext(message: str) -> str:
    return translator(_current[0]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(_current[0]).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translator(_current[0]).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translator(_current[0]).npgettext(context, singular, plural, n)


def language_name(tag: str, language: str | None = None) -> str:
    """``tag``'s language named in ``language`` (the interface's by default): "lietuvių"."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(language or _current[0])
    except (ValueError, UnknownLocaleError):
        return tag
    return name or tag


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is defined; translate it where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for the catalog; translate it with ``pgettext`` where shown."""
    return message


_ = gettext

__all__ = [
    "DOMAIN",
    "ENGLISH",
    "LANGUAGES",
    "LOCALE_DIR",
    "NP_",
    "N_",
    "_",
    "choose_language",
    "current_language",
    "from_environment",
    "gettext",
    "is_tag",
    "language_name",
    "match_language",
    "ngettext",
    "npgettext",
    "pgettext",
    "primary",
    "set_language",
    "translator",
]

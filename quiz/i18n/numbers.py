"""Numbers and dates as the interface language writes them (Babel's locale data): "45,5 %"
in Lithuanian, "28 February 2026" in English, "2026年2月28日" in Japanese.

The home screen shows percentages and a day. In English those are written here without
Babel, whose import and English locale data cost the first screen about 45 ms of 390 (the
one-Label floor's whole start-up) on this machine; a test holds them to Babel's output.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from quiz.i18n import ENGLISH, current_language

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""The month names of Babel's long date in English (en_GB: "d MMMM y")."""


def decimal(value: float, digits: int = 1) -> str:
    """``value`` with at most ``digits`` decimals (none shown when they are zero)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current_language())


def percent(value: float, digits: int = 0) -> str:
    """``value`` in percent (``value`` 45.5 is "45.5%"), with exactly ``digits`` decimals."""
    language = current_language()
    if language == ENGLISH:
        # Babel's way: the float's shortest decimal (str), scaled, halves rounded to even.
        exact = Decimal(str(value / 100)).scaleb(2)
        return f"{exact.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_EVEN):,f}%"
    return babel_percent(value, digits, language)


def babel_percent(value: float, digits: int, language: str) -> str:
    """``percent`` from Babel's locale data, in any language."""
    from babel import Locale
    from babel.numbers import format_percent

    locale = Locale.parse(language)
    pattern = locale.percent_formats[None].pattern  # "#,##0%", "#,##0 %" in Lithuanian
    if digits:
        pattern = _with_decimals(locale.percent_formats[None].pattern, digits)
    return format_percent(value / 100, format=pattern, locale=locale)


def _with_decimals(pattern: str, digits: int) -> str:
    """``#,##0 %`` with ``digits`` decimals: ``#,##0.0 %``."""
    last = pattern.rfind("0")
    return pattern[: last + 1] + "." + "0" * digits + pattern[last + 1 :]


def day(value: date) -> str:
    """A day in full, as the language writes it."""
    language = current_language()
    if language == ENGLISH:
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return babel_day(value, language)


def babel_day(value: date, language: str) -> str:
    """``day`` from Babel's locale data, in any language."""
    from babel.dates import format_date

    return format_date(value, format="long", locale="en_GB" if language == ENGLISH else language)


def percent_as_given(value: float) -> str:
    """A percentage someone chose (a pass mark of 70 or 72.5): a decimal only when it has one."""
    return percent(value, 0 if float(value).is_integer() else 1)


def decimal_fixed(value: float, digits: int = 2) -> str:
    """``value`` with exactly ``digits`` decimals, for figures that line up in a column."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current_language())

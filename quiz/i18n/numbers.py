"""Numbers and dates as the interface language writes them (Babel's locale data): "45,5 %"
in Lithuanian, "28 February 2026" in English, "2026年2月28日" in Japanese."""

from __future__ import annotations

from datetime import date

from quiz.i18n import current_language


def decimal(value: float, digits: int = 1) -> str:
    """``value`` with at most ``digits`` decimals (none shown when they are zero)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current_language())


def percent(value: float, digits: int = 0) -> str:
    """``value`` in percent (``value`` 45.5 is "45.5%"), with exactly ``digits`` decimals."""
    from babel import Locale
    from babel.numbers import format_percent

    locale = Locale.parse(current_language())
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
    from babel.dates import format_date

    language = current_language()
    return format_date(value, format="long", locale="en_GB" if language == "en" else language)


def percent_as_given(value: float) -> str:
    """A percentage someone chose (a pass mark of 70 or 72.5): a decimal only when it has one."""
    return percent(value, 0 if float(value).is_integer() else 1)


def decimal_fixed(value: float, digits: int = 2) -> str:
    """``value`` with exactly ``digits`` decimals, for figures that line up in a column."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current_language())

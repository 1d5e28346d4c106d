"""Numbers and dates as the interface language writes them (Babel's locale data): "45,5 %"
in Lithuanian, "28 February 2026" in English, "2026年2月28日" in Japanese.

The home screen shows percentages and a day. For the app's own languages those two are written
from a copy of Babel's data below, so that the first screen loads none of Babel: its import and
one language's locale data took 45 ms of the first frame, where the whole one-Label Textual app
starts in 390 (``benchmarks/startup.py``). A test holds every entry to Babel's own output.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, NamedTuple

from quiz.i18n import ENGLISH, current_language

if TYPE_CHECKING:
    from collections.abc import Mapping


class _Written(NamedTuple):
    """How a language writes a percentage and a day in full (Babel's CLDR data). A NamedTuple:
    a frozen dataclass cost about 2 M instructions more at every start-up."""

    percent: str
    """The percent pattern around the number: ``"{}\xa0%"`` for "#,##0\xa0%"."""
    decimal: str
    group: str
    day: str
    """The long date pattern: ``{y}``, ``{m}`` (the month's number), ``{month}``, ``{d}``."""
    months: tuple[str, ...]
    """The month names as a long date writes them (Lithuanian and Ukrainian: the genitive)."""


_WRITTEN = {
    "en": _Written(  # en_GB: "28 February 2026"
        "{}%", ".", ",", "{d} {month} {y}",
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
    ),
    "lt": _Written(
        "{}\xa0%", ",", "\xa0", "{y} m. {month} {d} d.",
        ("sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos",
         "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio"),
    ),
    "uk": _Written(
        "{}%", ",", "\xa0", "{d} {month} {y}\u202fр.",
        ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
         "вересня", "жовтня", "листопада", "грудня"),
    ),
    "ja": _Written("{}%", ".", ",", "{y}年{m}月{d}日", ()),
}  # fmt: skip


MINUS = {"en": "-", "lt": "\u2212", "uk": "\u2212", "ja": "-"}
"""The sign a negative figure is written with. CLDR's (Babel's) for en, lt and ja; for uk CLDR
gives the hyphen-minus, but Ukrainian typography keeps the hyphen (дефіс) for words and writes
a negative number with the minus sign (мінус, U+2212), as Lithuanian does: the app writes
figures to be read, not typed back, so it follows the typography. A test holds the others to
Babel."""


_NONZERO = re.compile("[1-9]")


def minus_sign(language: str) -> str:
    """The minus sign of ``language`` (Babel's for the languages the app does not speak)."""
    found = MINUS.get(language)
    if found is None:
        from babel.numbers import get_minus_sign_symbol

        found = get_minus_sign_symbol(language)
    return found


def decimal(value: float, digits: int = 1) -> str:
    """``value`` with at most ``digits`` decimals (none shown when they are zero)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return _minus(format_decimal(value, format=pattern, locale=current_language()))


def signed(value: float, digits: int = 2) -> str:
    """``value`` with its sign always shown and exactly ``digits`` decimals, as a change or a
    measure that may go either way reads: "+0.29", "−0,29" in Lithuanian. A value that rounds
    to zero is "+0.00", never "−0.00"."""
    rounded = round(value, digits) + 0.0
    shown = decimal_fixed(abs(rounded), digits)
    return _minus("-" + shown) if rounded < 0 else "+" + shown


def signed_percent(value: float, digits: int = 0) -> str:
    """``percent`` with its sign always shown, the language's minus for a negative one: "+12%",
    "−100 %" in Lithuanian (the live host wrote an ASCII "-" before it)."""
    shown = percent(abs(value), digits)
    return (minus_sign(current_language()) if value < 0 and shown != percent(0, digits) else "+") + shown


def _minus(text: str, language: str | None = None) -> str:
    """The language's minus sign for Babel's ASCII one (Babel writes "-" even where the locale's
    is "−", as Lithuanian's is), and none on a figure that rounded to zero: Babel writes -0.0
    and -0.004 as "-0", which reads as a lean where there is none (the report's bias c)."""
    if not text.startswith("-"):
        return text
    if not _NONZERO.search(text):
        return text[1:]
    return minus_sign(language or current_language()) + text[1:]


def percent(value: float, digits: int = 0) -> str:
    """``value`` in percent (``value`` 45.5 is "45.5%"), with exactly ``digits`` decimals."""
    language = current_language()
    written = _WRITTEN.get(language)
    if written is None:
        return babel_percent(value, digits, language)
    # Babel's way: the float's shortest decimal (str), scaled, halves rounded to even.
    exact = Decimal(str(value / 100)).scaleb(2).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_EVEN)
    number = f"{abs(exact):,f}".translate({ord(","): written.group, ord("."): written.decimal})
    return (minus_sign(language) if exact.is_signed() and exact else "") + written.percent.format(number)


def babel_percent(value: float, digits: int, language: str) -> str:
    """``percent`` from Babel's locale data, in any language."""
    from babel import Locale
    from babel.numbers import format_percent

    locale = Locale.parse(language)
    pattern = locale.percent_formats[None].pattern  # "#,##0%", "#,##0 %" in Lithuanian
    if digits:
        pattern = _with_decimals(locale.percent_formats[None].pattern, digits)
    return _minus(format_percent(value / 100, format=pattern, locale=locale), language)


def _with_decimals(pattern: str, digits: int) -> str:
    """``#,##0 %`` with ``digits`` decimals: ``#,##0.0 %``."""
    last = pattern.rfind("0")
    return pattern[: last + 1] + "." + "0" * digits + pattern[last + 1 :]


def day(value: date) -> str:
    """A day in full, as the language writes it."""
    language = current_language()
    written = _WRITTEN.get(language)
    if written is None:
        return babel_day(value, language)
    month = written.months[value.month - 1] if written.months else ""
    return written.day.format(y=value.year, m=value.month, month=month, d=value.day)


def babel_day(value: date, language: str) -> str:
    """``day`` from Babel's locale data, in any language."""
    from babel.dates import format_date

    return format_date(value, format="long", locale="en_GB" if language == ENGLISH else language)


def sentence_with_day(message: str, value: date) -> str:
    """``message`` (translated, a sentence ending in ``{day}.``) with the day put in. A day that
    ends in an abbreviation ("28 лютого 2026 р.", "2026 m. vasario 28 d.") ends the sentence
    with that one period, as those languages write it, not with two."""
    shown = day(value)
    text = message.format(day=shown)
    return text.replace(shown + ".", shown) if shown.endswith(".") else text


def percent_as_given(value: float) -> str:
    """A percentage someone chose (a pass mark of 70 or 72.5): a decimal only when it has one."""
    return percent(value, 0 if float(value).is_integer() else 1)


def decimal_fixed(value: float, digits: int = 2) -> str:
    """``value`` with exactly ``digits`` decimals, for figures that line up in a column."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _minus(format_decimal(value, format=pattern, locale=current_language()))


NO_BREAK = "\xa0"
"""The space a line never breaks at: Babel's in "45,5 %" and "1 000", and ``unit_spaces``'s
between a number and its unit (``quiz.i18n.width.wrap`` and the app's wrapping keep it)."""

_PLACEHOLDER_THEN_SPACE = re.compile(r"(?<!\{)\{(\w+)\} ")
_ENDS_IN_DIGIT = re.compile(r"\d\Z")


def unit_spaces(message: str, values: Mapping[str, object]) -> str:
    """``message`` (translated) with a no-break space after each placeholder whose value is a
    number: "25 хв", "30 s each", "+5 points" stay on one line. A number at a line's end and
    its unit at the next one's start read as two things (uk's "25 / хв" in a wrapped line)."""

    def bind(found: re.Match[str]) -> str:
        value = values.get(found[1])
        number = isinstance(value, int | float) or bool(_ENDS_IN_DIGIT.search(str(value)))
        return found[0][:-1] + NO_BREAK if number else found[0]

    return _PLACEHOLDER_THEN_SPACE.sub(bind, message)


def with_unit(message: str, **values: object) -> str:
    """``message.format(**values)``, each number kept on one line with its unit
    (``unit_spaces``): for every message that puts a number before a unit or a counted word."""
    return unit_spaces(message, values).format(**values)


_COUNT_OF = re.compile(r"(\d+) (\w{1,3}) (\d+)")


def counts_together(text: str) -> str:
    """``text`` with each pair of numbers joined by a short word on one line: "2 of 44", "2 iš
    44", "2 з 44" read as one figure, where "Pratybos (5 iš" over "70)" read as two."""
    return _COUNT_OF.sub(f"\\1{NO_BREAK}\\2{NO_BREAK}\\3", text)

"""The home screen's percentages and days are written without Babel (start-up), exactly as Babel
writes them, in every language the app speaks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quiz.i18n import LANGUAGES, current_language, set_language
from quiz.i18n.numbers import babel_day, babel_percent, day, percent


@contextmanager
def speaking(language: str) -> Iterator[None]:
    before = current_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


each_language = pytest.mark.parametrize("language", sorted(LANGUAGES))


@each_language
@settings(deadline=None)  # the first example loads Babel's locale data
@given(
    value=st.one_of(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
        st.fractions(min_value=0, max_value=1, max_denominator=500).map(lambda f: float(f * 100)),
    ),
    digits=st.integers(min_value=0, max_value=3),
)
@example(value=0.15, digits=1)  # a half that float formatting rounds down, Babel's decimal to even
@example(value=61.25000000000001, digits=1)
@example(value=-0.0, digits=0)
@example(value=-5.5, digits=0)
@example(value=1234567.891, digits=1)
def test_percent_is_babels(language: str, value: float, digits: int) -> None:
    with speaking(language):
        assert percent(value, digits) == babel_percent(value, digits, language)


@each_language
@settings(deadline=None)  # the first example loads Babel's locale data
@given(value=st.dates())
@example(value=date(2026, 2, 28))
def test_day_is_babels(language: str, value: date) -> None:
    with speaking(language):
        assert day(value) == babel_day(value, language)


def test_lithuanian_as_a_reader_sees_it() -> None:
    with speaking("lt"):
        assert percent(45.5, 1) == "45,5\xa0%"
        assert percent(-3, 0) == "\u22123\xa0%"  # Lithuanian's minus sign, where Babel writes "-"
        assert day(date(2026, 2, 28)) == "2026 m. vasario 28 d."


@each_language
@pytest.mark.parametrize("style", ["standard", "or"])
@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 6])
def test_lists_are_written_from_the_copy_exactly_as_babel_writes_them(
    language: str, style: str, count: int
) -> None:
    """The home screen lists a bank's topics without Babel (start-up), with Babel's patterns."""
    from babel.lists import format_list

    from quiz.i18n.lists import PATTERNS, alternatives, together

    items = [f"item{i}" for i in range(count)]
    with speaking(language):
        ours = (together if style == "standard" else alternatives)(items)
    assert (language, style) in PATTERNS
    locale = "en_GB" if language == "en" else language
    assert ours == format_list(items, style=style, locale=locale)  # type: ignore[arg-type]

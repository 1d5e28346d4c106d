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

"""English percentages and days are written without Babel (start-up), and exactly as Babel would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from quiz.i18n import current_language, set_language
from quiz.i18n.numbers import babel_day, babel_percent, day, percent


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@given(
    st.one_of(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
        st.fractions(min_value=0, max_value=1, max_denominator=500).map(lambda f: float(f * 100)),
    ),
    st.integers(min_value=0, max_value=3),
)
@example(0.15, 1)  # a half that float formatting rounds down and Babel's decimal rounds to even
@example(61.25000000000001, 1)
@example(-0.0, 0)
@example(1234567.891, 0)
def test_english_percent_is_babels(value: float, digits: int) -> None:
    assert percent(value, digits) == babel_percent(value, digits, "en")


@given(st.dates())
def test_english_day_is_babels(value: date) -> None:
    assert day(value) == babel_day(value, "en")


def test_other_languages_still_come_from_babel() -> None:
    set_language("lt")
    assert percent(45.5, 1) == "45,5\xa0%"
    assert day(date(2026, 2, 28)) == babel_day(date(2026, 2, 28), "lt")

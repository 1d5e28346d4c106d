"""Figures and days as the language writes them: the minus sign, the decimal comma, a day that
ends in an abbreviation's period, and the discernment measures built from them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from quiz.i18n import gettext, set_language
from quiz.i18n.numbers import decimal, decimal_fixed, sentence_with_day, signed


@pytest.fixture
def speak() -> Iterator[object]:
    yield set_language
    set_language("en")


@pytest.mark.parametrize(
    ("language", "negative", "positive", "tiny"),
    [
        ("en", "-0.29", "+0.29", "+0.00"),
        ("lt", "−0,29", "+0,29", "+0,00"),  # CLDR's Lithuanian minus is U+2212
        ("uk", "-0,29", "+0,29", "+0,00"),  # CLDR's Ukrainian one is the hyphen-minus
        ("ja", "-0.29", "+0.29", "+0.00"),
    ],
)
def test_a_signed_figure_in_each_language(
    speak: object, language: str, negative: str, positive: str, tiny: str
) -> None:
    set_language(language)
    assert signed(-0.29) == negative
    assert signed(0.291) == positive
    assert signed(-0.001) == tiny  # never "−0,00"
    assert decimal_fixed(-0.29) == negative
    assert decimal(-1.5) == negative.replace("0", "1").replace("29", "5").lstrip("+")


@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
def test_a_sentence_that_ends_in_a_day_has_one_full_stop(speak: object, language: str) -> None:
    set_language(language)
    text = sentence_with_day(gettext("Facts as of {day}."), date(2026, 2, 28))
    assert ".." not in text, text
    assert "2026" in text


def test_the_uk_day_keeps_its_own_period() -> None:
    set_language("uk")
    try:
        assert sentence_with_day("Станом на {day}.", date(2026, 2, 28)) == "Станом на 28 лютого 2026\u202fр."
        assert sentence_with_day("{day}, далі", date(2026, 2, 28)) == "28 лютого 2026\u202fр., далі"
    finally:
        set_language("en")


def test_discernment_measures_are_written_in_the_language(speak: object) -> None:
    from quiz.engine.discernment import Discernment

    found = Discernment(hits=1, misses=3, false_alarms=3, correct_rejections=1)  # d′ < 0
    set_language("lt")
    shown = {m.key: m.text for m in found.measures()}
    assert shown["d_prime"] == "−1,05", shown  # was "-1.05"
    assert shown["hit_rate"] == "25\u00a0%", shown  # was "25%"

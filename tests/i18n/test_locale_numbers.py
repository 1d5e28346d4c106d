"""Figures and days as the language writes them: the minus sign, the decimal comma, a day that
ends in an abbreviation's period, and the discernment measures built from them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from quiz.explain.discernment import measures
from quiz.i18n import gettext, set_language
from quiz.i18n.numbers import (
    MINUS,
    decimal,
    decimal_fixed,
    percent,
    sentence_with_day,
    signed,
    signed_percent,
)


@pytest.fixture
def speak() -> Iterator[object]:
    yield set_language
    set_language("en")


@pytest.mark.parametrize(
    ("language", "negative", "positive", "tiny"),
    [
        ("en", "-0.29", "+0.29", "+0.00"),
        ("lt", "−0,29", "+0,29", "+0,00"),  # CLDR's Lithuanian minus is U+2212
        ("uk", "−0,29", "+0,29", "+0,00"),  # CLDR's is the hyphen-minus; the typography's U+2212
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
    shown = {m.key: m.text for m in measures(found)}
    assert shown["d_prime"] == "−1,05", shown  # was "-1.05"
    assert shown["hit_rate"] == "25\u00a0%", shown  # was "25%"


@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
def test_a_measure_with_no_value_reads_as_one_sentence_in_plain_mode(speak: object, language: str) -> None:
    """Plain mode says "{measure}: {value}. {meaning}": Lithuanian's "n. d." made "n. d.. Kaip"."""
    from quiz.engine.discernment import Discernment

    only_reliable = Discernment(hits=3, misses=1, false_alarms=0, correct_rejections=0)  # no d', no c
    set_language(language)
    lines = [
        gettext("{measure}: {value}. {meaning}").format(measure=m.label, value=m.text, meaning=m.meaning)
        for m in measures(only_reliable)
    ]
    assert all(".." not in line for line in lines), lines
    set_language("en")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "-31.7%"), ("lt", "−31,7\u00a0%"), ("uk", "−31,7%"), ("ja", "-31.7%")],
)
def test_a_negative_percentage_has_the_languages_minus(speak: object, language: str, shown: str) -> None:
    """A certainty-based score below zero: "(-31,7 %)" in Lithuanian had the hyphen-minus."""
    set_language(language)
    assert percent(-31.7, 1) == shown


def test_the_minus_signs_are_babels_but_ukrainians() -> None:
    """Babel's data for en, lt and ja; Ukrainian's hyphen-minus is replaced on purpose (see
    ``quiz.i18n.numbers.MINUS``)."""
    from babel.numbers import get_minus_sign_symbol

    assert get_minus_sign_symbol("uk") == "-"
    assert MINUS["uk"] == "\u2212"
    assert {tag: sign for tag, sign in MINUS.items() if tag != "uk"} == {
        tag: get_minus_sign_symbol(tag) for tag in MINUS if tag != "uk"
    }


SIGNED_PERCENTS = [
    ("en", "-100%", "+12%"),
    ("lt", "\u2212100\xa0%", "+12\xa0%"),
    ("uk", "\u2212100%", "+12%"),
    ("ja", "-100%", "+12%"),
]


@pytest.mark.parametrize(("language", "negative", "positive"), SIGNED_PERCENTS)
def test_a_signed_percent_has_the_languages_minus(
    speak: object, language: str, negative: str, positive: str
) -> None:
    # The live host's discrimination was "-100 %" in Lithuanian: an ASCII hyphen before it.
    set_language(language)
    assert (signed_percent(-100), signed_percent(12)) == (negative, positive)
    assert signed_percent(-0.2) == "+" + percent(0)  # rounds to zero: no minus

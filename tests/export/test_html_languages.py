"""The HTML report in the interface language: every word of the template from the catalog."""

from __future__ import annotations

import re

import pytest

from tests.export.conftest import TRICKY_NAMES, Seeded
from tests.export.test_html import parse, report
from tests.i18n.pseudo import CLOSE, OPEN, pseudo
from tests.i18n.test_no_string_left_out import unmarked_words
from tests.questions import options

__all__ = ["pseudo"]


def _bank_words(seeded: Seeded) -> set[str]:
    bank = seeded.bank
    texts = [bank.info.title, *bank.topics, *TRICKY_NAMES, "Nobody Known"]
    for question in bank.questions:
        texts += [question.prompt, question.explanation, *options(question), question.id]
        texts += [part for source in question.sources for part in (source.title, source.url)]
    words = [word for text in texts for word in (*text.split(), *re.split(r"[\s/]+", text))]
    # d′ and c: the measures' symbols, written so in every language.
    stripped = {word.strip(chars) for word in words for chars in ("()[]:,.;·", "()[]:,.;·*\"'")}
    # "ir" and "ar": Lithuanian's "and" and "or" between a list's last two items, Babel's
    # (CLDR's list patterns), the pseudo-locale's language's own.
    return {"d′", "c", "ir", "ar", *words, *stripped}


def test_a_cohort_report_speaks_the_interface_language(seeded: Seeded, pseudo: str) -> None:
    from quiz.i18n import set_language

    set_language(pseudo)
    html = report(seeded, seeded.ids)
    assert '<html lang="lt">' in html
    body = html[html.index("<body>") :]
    text = "\n".join(parse(body).text)
    assert OPEN in text
    assert CLOSE in text
    left = unmarked_words(text, _bank_words(seeded))
    assert left == [], left


def test_a_learner_report_speaks_the_interface_language(seeded: Seeded, pseudo: str) -> None:
    from quiz.i18n import set_language

    set_language(pseudo)
    html = report(seeded, [seeded.attempts[2].id])
    text = "\n".join(parse(html[html.index("<body>") :]).text)
    left = unmarked_words(text, _bank_words(seeded))
    assert left == [], left


@pytest.mark.parametrize(
    ("language", "minus"), [("en", "-"), ("lt", "\u2212"), ("uk", "\u2212"), ("ja", "-")]
)
def test_a_measure_that_rounds_to_zero_is_written_0(seeded: Seeded, language: str, minus: str) -> None:
    # The learners' c column showed "-0": the bias of an evenly judged check, -0.0 or -0.001,
    # is no lean either way. A value that does not round to zero keeps the language's minus.
    from quiz.i18n import set_language
    from quiz.i18n.numbers import decimal, percent

    set_language(language)
    try:
        html = report(seeded, seeded.ids)
        cells = re.findall(r'<td class="n">([^<]*)</td>', html)
        assert "0" in cells  # the evenly judged check's c
        assert [cell for cell in cells if re.fullmatch(r"[-\u2212][0.,]+", cell)] == []
        assert [decimal(-0.0, 2), decimal(-0.004, 2)] == ["0", "0"]
        assert decimal(-0.25, 2) == minus + decimal(0.25, 2)
        assert percent(-0.001) == percent(0)  # the percent of a change, likewise
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["lt", "uk"])
def test_a_day_a_score_and_a_part_of_a_bank_are_not_broken_inside(seeded: Seeded, language: str) -> None:
    # Chromium at 900 px broke "2026-12-02 01:50" at its hyphens ("2026-" over "12-02"), the
    # score "0,67 / 60" after its slash, and "Тренування (10 з 68)" inside "10 з 68".
    from quiz.i18n import set_language
    from quiz.i18n.numbers import counts_together

    set_language(language)
    try:
        html = report(seeded, seeded.ids)
        cells = re.findall(r"<td>(.*?)</td><td class=\"n\">", html)
        days = [cell for cell in cells if re.search(r"\d{4}-\d\d-\d\d", cell)]
        assert days, html
        for cell in days:
            assert re.fullmatch(
                r'<span class="nobr">\d{4}-\d\d-\d\d</span> <span class="nobr">\d\d:\d\d</span>', cell
            )
        scores = re.findall(r'<td class="n">([^<]*/[^<]*)</td>', html)
        assert scores
        assert all(re.fullmatch(r"−?[\d,]+&nbsp;/&nbsp;[\d,]+", score) for score in scores), scores
        assert counts_together("Тренування (10 з 68)") == "Тренування (10\xa0з\xa068)"
        assert counts_together("練習（10/68）") == "練習（10/68）"
    finally:
        set_language("en")

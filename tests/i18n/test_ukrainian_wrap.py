"""No line ends with a one-letter Ukrainian word (в, у, з, і, й, а, о, я...): the app's
wrapping, plain mode's and the HTML report's bind it to the word after it, as Ukrainian
typography does; a line that ends with "в" or "і" reads as cut off."""

from __future__ import annotations

import re

import pytest

from quiz.export.html import breakable
from quiz.frontends.tui.linebreak import divide_line
from quiz.i18n.nobreak import glued
from quiz.i18n.width import wrap

TEXT = (
    "Перевірте джерело й дату, а потім пошукайте в надійних медіа з іменем автора і датою у "
    "профілі: о котрій годині й де з'явився допис, а також чи є в нього першоджерело."
)
ENDS_WITH_ONE_LETTER = re.compile(r"(?:^|\s)[а-яґєіїА-ЯҐЄІЇ]$")


def _faults(lines: list[str]) -> list[str]:
    return [line for line in lines[:-1] if ENDS_WITH_ONE_LETTER.search(line.rstrip())]


@pytest.mark.parametrize("width", range(12, 70))
def test_plain_modes_lines_never_end_with_a_one_letter_word(width: int) -> None:
    lines = wrap(TEXT, width)
    assert _faults(lines) == []
    assert " ".join(lines).replace("\xa0", " ") == TEXT


@pytest.mark.parametrize("width", range(12, 70))
def test_the_apps_lines_never_end_with_a_one_letter_word(width: int) -> None:
    breaks = divide_line(TEXT, width)
    lines = [TEXT[a:b] for a, b in zip([0, *breaks], [*breaks, len(TEXT)], strict=True)]
    assert _faults(lines) == []
    assert "".join(lines) == TEXT  # the offsets point into the text as given


def test_the_html_reports_one_letter_words_hold_to_the_next() -> None:
    page = breakable(
        "<html><head><title>в і</title></head><body><p>пошукайте в надійних і перевірених</p></body>"
    )
    assert "<p>пошукайте в\xa0надійних і\xa0перевірених</p>" in page
    assert "<title>в і</title>" in page  # only the body's text


def test_only_a_one_letter_word_is_glued() -> None:
    assert glued("ліс в горах") == "ліс в\xa0горах"
    assert glued("ліс гір") == "ліс гір"  # a word's last letter is no word
    assert glued("Ona in Vilnius") == "Ona in Vilnius"
    assert len(glued(TEXT)) == len(TEXT)

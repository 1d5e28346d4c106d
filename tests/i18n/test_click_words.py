"""Click's own messages in the interface language: the ones that are one thing or a list."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.i18n import gettext, set_language
from quiz.i18n.click_messages import ONE_OR_SEVERAL, _ngettext


@pytest.fixture
def lithuanian() -> object:
    set_language("lt")
    yield
    set_language("en")


@pytest.mark.parametrize(("one", "several"), sorted(ONE_OR_SEVERAL))
@pytest.mark.usefixtures("lithuanian")
def test_one_is_the_singular_and_any_more_the_list_whatever_the_plural_rule(one: str, several: str) -> None:
    """Lithuanian's first plural form serves 1, 21 and 31: as a plural, 21 suggestions read as
    one, with a field click fills only as ``{possibilities}``."""
    assert gettext(one) != one  # translated, as two messages
    assert _ngettext(one, several, 1) == gettext(one)
    for n in (2, 5, 21):
        assert _ngettext(one, several, n) == gettext(several)


def test_a_mistyped_option_is_answered_in_the_language() -> None:
    try:
        result = CliRunner().invoke(cli, ["--lang", "lt", "take", "--tim", "5"])
    finally:
        set_language("en")
    set_language("lt")
    try:
        wanted = gettext("Did you mean {possibility}?").format(possibility="'--topic'")
    finally:
        set_language("en")
    assert result.exit_code == 2
    assert wanted in result.output

"""The gettext catalogs: in step with the sources, compiled, with the right plural forms."""

from __future__ import annotations

import gettext
import re

import pytest
from babel.messages.pofile import read_po

from quiz.i18n import LANGUAGES, LOCALE_DIR, translator
from quiz.i18n.catalogs import main, po_path

TRANSLATED = [tag for tag in LANGUAGES if tag != "en"]


def test_the_template_the_po_files_and_the_compiled_catalogs_are_up_to_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["check"])
    assert status == 0, capsys.readouterr().out + "\nrun: python -m quiz.i18n.catalogs"


def _plural(language: str) -> tuple[int, object]:
    header = po_path(language).read_text(encoding="utf-8")
    found = re.search(r"Plural-Forms: nplurals=(\d+); plural=(.*?);\\n", header.replace('"\n"', ""))
    assert found, f"{language}: no Plural-Forms header"
    return int(found.group(1)), gettext.c2py(found.group(2))


@pytest.mark.parametrize(
    ("language", "forms", "expected"),
    [
        # Lithuanian: 1 klausimas, 2 klausimai, 5 klausimai, 21 klausimas, 10 and 11 klausimų.
        ("lt", 3, {1: 0, 2: 1, 5: 1, 21: 0, 10: 2, 11: 2, 0: 2}),
        # Ukrainian: 1 питання (one), 2 (few), 5 (many), 21 (one), 11 (many), 22 (few).
        ("uk", 3, {1: 0, 2: 1, 5: 2, 21: 0, 11: 2, 22: 1, 0: 2}),
        ("ja", 1, {1: 0, 2: 0, 5: 0, 21: 0}),
    ],
)
def test_plural_forms_for_1_2_5_and_21(language: str, forms: int, expected: dict[int, int]) -> None:
    nplurals, plural = _plural(language)
    assert nplurals == forms
    assert {n: plural(n) for n in expected} == expected  # type: ignore[operator]
    # And every plural message translated so far has all its forms, used as gettext picks them.
    with po_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    for message in catalog:
        if message.pluralizable and any(message.string):
            assert len(message.string) == forms, message.id
            assert all(message.string), message.id
            for n, index in expected.items():
                got = translator(language).ngettext(message.id[0], message.id[1], n)
                assert got == message.string[index]


def test_the_compiled_catalogs_are_what_the_app_reads() -> None:
    for language in TRANSLATED:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "quiz.mo").is_file()
        assert isinstance(translator(language), gettext.GNUTranslations), language


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_is_complete(language: str) -> None:
    with po_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing = [m.id for m in catalog if m.id and (not m.string or (m.pluralizable and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, f"{language}: {len(missing)} untranslated"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy"

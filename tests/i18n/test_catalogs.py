"""The gettext catalogs: in step with the sources, compiled, with the right plural forms."""

from __future__ import annotations

import gettext
import re
import shutil
from string import Template

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from quiz.i18n import LANGUAGES, LOCALE_DIR, translator
from quiz.i18n.catalogs import extraction_problems, main, msgfmt_problems, po_path

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
                if message.context:
                    got = translator(language).npgettext(message.context, message.id[0], message.id[1], n)
                else:
                    got = translator(language).ngettext(message.id[0], message.id[1], n)
                assert got == message.string[index]


def test_the_compiled_catalogs_are_what_the_app_reads() -> None:
    for language in TRANSLATED:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "quiz.mo").is_file()
        assert isinstance(translator(language), gettext.GNUTranslations), language


def _catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as fh:
        return read_po(fh, locale=language)


def complete_languages() -> list[str]:
    """The languages whose translator marked the catalog complete (``<lang>/COMPLETE``)."""
    return [tag for tag in TRANSLATED if (LOCALE_DIR / tag / "COMPLETE").is_file()]


def untranslated(catalog: Catalog) -> list[str]:
    """Every message of ``catalog`` with no translation, a missing plural form, or marked fuzzy."""
    left = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        forms = catalog.num_plurals if message.pluralizable else 1
        if message.fuzzy or len(strings) != forms or not all(strings):
            left.append(message.id if isinstance(message.id, str) else message.id[0])
    return left


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}|%\(\w+\)[sdr]|\$[A-Za-z_][A-Za-z0-9_]*")
"""``{n}``, ``%(n)s`` and ``$name``, the last as ``string.Template`` (and so Textual's markup)
reads it: ASCII letters only, so ja's ``$answered問`` is ``$answered`` followed by 問. ``{{`` and
``}}`` are matched first so that, as ``str.format`` reads them, they are literal braces and what
they enclose (``{{...}}``) is text, not a placeholder."""

_LITERAL_BRACES = {"{{", "}}"}


def placeholders(text: str) -> set[str]:
    """The placeholders of ``text``, without the literal braces ``{{`` and ``}}``."""
    return set(_PLACEHOLDER.findall(text)) - _LITERAL_BRACES


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Translations whose placeholders differ from the English: ``.format`` raises on a name it
    does not know, and a dropped ``{path}`` hides what the message is about."""
    problems = []
    for message in catalog:
        if not message.id or not any(message.string):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        english = set().union(*map(placeholders, ids))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in filter(None, strings):
            found = placeholders(string)
            # A plural form may leave out the count ("one attempt"); nothing may add a name.
            if not found <= english or (not message.pluralizable and found != english):
                problems.append(f"{ids[0]!r}: {sorted(found)} against {sorted(english)}")
    return problems


def test_untranslated_finds_an_empty_a_partial_plural_and_a_fuzzy_message() -> None:
    catalog = Catalog(locale="lt")
    catalog.add("Done", "Atlikta")
    catalog.add("Empty", "")
    catalog.add(("{n} question", "{n} questions"), ("{n} klausimas", "{n} klausimai", ""))
    catalog.add(("{n} day", "{n} days"), ("{n} diena", "{n} dienos", "{n} dienų"))
    catalog.add("Fuzzy", "Neaišku", flags=["fuzzy"])
    assert untranslated(catalog) == ["Empty", "{n} question", "Fuzzy"]


def test_placeholder_problems_finds_a_renamed_and_a_dropped_placeholder() -> None:
    catalog = Catalog(locale="lt")
    catalog.add("Saved {path}", "Įrašyta {kelias}")
    catalog.add("Wrote {path}.", "Įrašyta.")
    catalog.add("Learner: [b]$name[/b]", "Mokinys: [b]$name[/b]")
    catalog.add(("Export this attempt", "Export {n} attempts"), ("Eksportuoti šį bandymą", "{n}", "{n}"))
    assert len(placeholder_problems(catalog)) == 2


def test_doubled_braces_are_literal_braces_as_str_format_reads_them() -> None:
    """GIFT's messages write its answer block as ``{{...}}``: a translation may word what the
    braces enclose in its own language, but not rename ``{open}``."""
    catalog = Catalog(locale="lt")
    catalog.add(
        "a question has one {{...}} of answers, escape {open}", "klausimas turi vieną {{…}} atsakymų, {open}"
    )
    catalog.add("one {{...}} of answers, escape {open}", "vienas {{…}}, {atidaryti}")
    assert placeholder_problems(catalog) == [
        "'one {{...}} of answers, escape {open}': ['{atidaryti}'] against ['{open}']"
    ]
    assert "{{…}} {open}".format(open="\\{") == "{…} \\{"


def test_a_placeholder_followed_by_a_letter_of_another_script_is_the_placeholder() -> None:
    """Japanese writes no space after a number: ``$answered問`` must read as ``$answered``, as
    ``string.Template`` substitutes it."""
    catalog = Catalog(locale="ja")
    catalog.add("$answered of $total answered", "$total問中$answered問回答済み")
    assert placeholder_problems(catalog) == []
    text = Template(catalog.get("$answered of $total answered").string).substitute(answered=3, total=5)
    assert text == "5問中3問回答済み"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_placeholders(language: str) -> None:
    assert placeholder_problems(_catalog(language)) == []


@pytest.mark.parametrize("language", complete_languages() or [pytest.param("", marks=pytest.mark.skip)])
def test_each_catalog_listed_as_complete_is_complete(language: str) -> None:
    """A translator marks a catalog complete with ``quiz/i18n/locale/<lang>/COMPLETE``."""
    left = untranslated(_catalog(language))
    assert not left, f"{language}: {len(left)} untranslated or fuzzy, the first: {left[:5]}"


def test_every_marked_message_reaches_the_template() -> None:
    """An f-string with substitutions is skipped by the extractor (so it stays English), and a
    msgid used alone and as a plural's singular is one entry, which ``gettext`` never finds
    (the past attempt's "Export this attempt" tooltip and the export dialog's plural title)."""
    assert extraction_problems() == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", TRANSLATED)
def test_msgfmt_finds_no_fault_in_the_catalog(language: str) -> None:
    """What translators' tools and other gettext programs check: ``msgfmt -c`` (it rejected
    Lithuanian's and Ukrainian's click "Did you mean" plural, whose first form serves 21 too)."""
    assert msgfmt_problems(language) == []


def test_the_check_command_fails_on_a_msgfmt_fault(monkeypatch: pytest.MonkeyPatch) -> None:
    import quiz.i18n.catalogs as catalogs

    monkeypatch.setattr(catalogs, "msgfmt_problems", lambda tag: [f"{tag}: a fault"] if tag == "uk" else [])
    assert main(["check"]) == 1


COMMANDS_TO_TYPE = {"Try '{command} {option}' for help."}
"""Messages whose ASCII quotes are a shell's, in every language: a command to type as written."""
CLICKS_OWN = {"Name '{name}' defined twice"}
"""click's msgids, as click writes them; their translations quote as the language does."""


def _quotes_a_value_in_ascii(text: str) -> bool:
    """'{name}' or "{name}": typewriter quotes round a placeholder (a shell command's aside)."""
    return bool(re.search(r"""(?<![\w(])['"]\{\w+\}['"]""", text)) and "mv '" not in text


@pytest.mark.parametrize("language", [None, *TRANSLATED])
def test_a_value_is_quoted_with_the_languages_quotes(language: str | None) -> None:
    """ "no bank called 'nope'" quoted as a programmer does; English writes “nope”, Lithuanian
    „nope“, Ukrainian «nope», Japanese 「nope」 (rinkinio '{name}' nėra, Ім'я '{name}' визначено)."""
    from quiz.i18n.catalogs import TEMPLATE

    path = TEMPLATE if language is None else po_path(language)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    skipped = COMMANDS_TO_TYPE | (CLICKS_OWN if language is None else set())
    found = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts = [t for t in (ids if language is None else strings) if t]
        if ids[0] not in skipped and any(_quotes_a_value_in_ascii(t) for t in texts):
            found.append(f"{ids[0]!r}: {texts}")
    assert found == [], "\n".join(found)

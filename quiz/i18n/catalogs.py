"""The gettext catalogs, managed with Babel: extract, update, compile, check.

    python -m quiz.i18n.catalogs extract   # the sources -> quiz/i18n/locale/quiz.pot
    python -m quiz.i18n.catalogs update    # quiz.pot -> each language's quiz.po (keeps translations)
    python -m quiz.i18n.catalogs compile   # each quiz.po -> quiz.mo (what ships in the wheel)
    python -m quiz.i18n.catalogs all       # the three, in order
    python -m quiz.i18n.catalogs check     # exit 1 if any of them would change a file, a message
                                           # cannot be extracted, or msgfmt -c finds a fault

Run by developers and translators, never at run time: the app reads only the compiled ``.mo``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from contextlib import redirect_stderr
from datetime import UTC, datetime
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

from quiz.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "NP_": ((1, "c"), 2),
    "Binding": (3,),  # Textual's Binding(key, action, description): translated by the app
}
_FIXED = datetime(2026, 1, 1, tzinfo=UTC)
TRANSLATED = [tag for tag in LANGUAGES if tag != "en"]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extracted() -> bytes:
    """The template the sources give now, as ``quiz.pot`` holds it (no dates, sorted)."""
    return _extract()[0]


def extraction_problems() -> list[str]:
    """What the sources mark that the template cannot carry as written: an f-string with
    substitutions (Babel skips it, so it stays English), and a msgid used both alone and as the
    singular of a plural (one entry in the catalog: ``gettext`` then never finds it)."""
    return _extract()[1]


def _extract() -> tuple[bytes, list[str]]:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import write_po

    method_map, options_map = _mapping()
    catalog = _new_catalog(None)
    seen: dict[tuple[str | None, str], tuple[bool, str]] = {}
    problems = []
    skipped = StringIO()
    with redirect_stderr(skipped):  # where Babel says it skipped an f-string
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT,
            method_map,
            options_map,
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            plural = isinstance(message, tuple)
            key = (context, str(message[0] if plural else message))
            where = f"{filename}:{lineno}"
            first = seen.setdefault(key, (plural, where))
            if first[0] != plural:
                other = "plural" if first[0] else "message"
                problems.append(f"{where}: {key[1]!r} is also a {other} at {first[1]}")
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    problems += sorted({line.strip() for line in skipped.getvalue().splitlines() if line.strip()})
    return _po_bytes(catalog, write_po, template=True), problems


def msgfmt_problems(language: str) -> list[str]:
    """What GNU ``msgfmt -c`` finds wrong in ``language``'s catalog (placeholders a plural form
    lacks, a broken header), as other gettext tools and translators' editors will; nothing
    where msgfmt is not installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    run = subprocess.run(
        [msgfmt, "-c", "-o", os.devnull, str(po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode == 0:
        return []
    return [line for line in run.stderr.splitlines() if "warning:" not in line]


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    return list(method_map), dict(options_map)


def _po_bytes(catalog: object, write_po: object, *, template: bool = False) -> bytes:
    out = BytesIO()
    # No creation date: a template that only changed its date is not a change.
    # No line numbers either: a template changes when a message does, not when code moves.
    write_po(out, catalog, width=100, no_location=True, sort_output=True, ignore_obsolete=True)  # type: ignore[operator]
    text = out.getvalue().decode("utf-8")
    lines = [
        line
        for line in text.splitlines(keepends=True)
        if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:'))
    ]
    return "".join(lines).encode("utf-8")


def _new_catalog(language: str | None) -> Any:
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        locale=language,
        project="resilience-quiz",
        copyright_holder="resilience-quiz developers",
        msgid_bugs_address="",
        charset="utf-8",
        fuzzy=False,
    )
    catalog.version = "0.1"
    catalog.header_comment = (
        "# The interface of resilience-quiz"
        + (f" in {language}" if language else ": the template")
        + ".\n# Made and updated by `python -m quiz.i18n.catalogs`; translate the msgstr lines."
    )
    return catalog


def updated(language: str, template: bytes) -> bytes:
    """``language``'s catalog with the template's messages, its translations kept."""
    from babel.messages.pofile import read_po, write_po

    pot = read_po(BytesIO(template))
    path = po_path(language)
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
    else:
        catalog = _new_catalog(language)
    catalog.update(pot, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return _po_bytes(catalog, write_po)


def compiled(language: str) -> bytes:
    """The ``.mo`` of ``language``'s ``.po`` (what gettext reads)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language)
    catalog.creation_date = catalog.revision_date = _FIXED  # the same .po, the same .mo
    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def plan() -> list[tuple[Path, bytes]]:
    """Every catalog file as the sources make it now, in the order they depend on each other."""
    template = extracted()
    files = [(TEMPLATE, template)]
    for language in TRANSLATED:
        files.append((po_path(language), updated(language, template)))
    return files


def _messages(data: bytes) -> dict[tuple[str | None, object], object]:
    """A catalog's messages as (context, id) -> translation: what it means, whatever wrote it."""
    from babel.messages.pofile import read_po

    return {(m.context, m.id): m.string for m in read_po(BytesIO(data)) if m.id}


def _compiled_messages(data: bytes) -> dict[object, str]:
    import gettext

    catalog = gettext.GNUTranslations(BytesIO(data))._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}


def check(template: bytes) -> list[Path]:
    """The catalog files whose messages differ from what the sources make (compared by their
    meaning, not their bytes, so another version of Babel agrees)."""
    stale = []
    wanted = _messages(template)
    if not TEMPLATE.exists() or _messages(TEMPLATE.read_bytes()).keys() != wanted.keys():
        stale.append(TEMPLATE)
    for tag in TRANSLATED:
        po, mo = po_path(tag), po_path(tag).with_suffix(".mo")
        if not po.exists() or _messages(po.read_bytes()).keys() != wanted.keys():
            stale.append(po)
            continue
        if not mo.exists() or _compiled_messages(mo.read_bytes()) != _compiled_messages(compiled(tag)):
            stale.append(mo)
    return stale


def write(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    changed = []
    for path, data in files:
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(path)
    return changed


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    template = extracted()
    if command == "extract":
        changed = write([(TEMPLATE, template)])
    elif command == "update":
        changed = write([(po_path(tag), updated(tag, TEMPLATE.read_bytes())) for tag in TRANSLATED])
    elif command == "compile":
        changed = write([(po_path(tag).with_suffix(".mo"), compiled(tag)) for tag in TRANSLATED])
    elif command == "check":
        stale = check(template)
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run python -m quiz.i18n.catalogs)")
        problems = extraction_problems() + [p for tag in TRANSLATED for p in msgfmt_problems(tag)]
        for problem in problems:
            print(problem)
        return 1 if stale or problems else 0
    elif command == "all":
        changed = write(plan())
        changed += write([(po_path(tag).with_suffix(".mo"), compiled(tag)) for tag in TRANSLATED])
    else:
        print(__doc__)
        return 2
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

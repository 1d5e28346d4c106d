"""What the importers share: stable question ids, the import report, and writing the bank TOML."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.bank import Bank
from quiz.bank.loader import BankError, parse_bank
from quiz.bank.models import ID_PATTERN
from quiz.bank.summary import MAX_BANK_BYTES
from quiz.errors import QuizError
from quiz.i18n import _, ngettext
from quiz.infra.controls import CONTROL, describe, visible
from quiz.infra.files import write_text
from quiz.infra.reading import megabytes

NO_EXPLANATION = "No explanation came with this question in the imported file."
_ID = re.compile(ID_PATTERN)
PHP_WHITESPACE = " \t\n\r\0\x0b"
"""What PHP's trim() removes, and so Moodle: not NBSP, form feeds or other Unicode spaces."""


def php_trim(text: str) -> str:
    return text.strip(PHP_WHITESPACE)


def html_markdown(text: str, *, escape_misc: bool = False) -> str:
    """HTML (a Moodle question in ``[html]``) as the Markdown bank texts are written in."""
    from markdownify import markdownify

    return str(markdownify(text, heading_style="ATX", bullets="-", escape_misc=escape_misc)).strip()


def plain_markdown(text: str) -> str:
    """Plain text as Markdown that shows it as typed: Markdown's characters escaped, lines kept."""
    import html

    if not text:
        return ""
    return html_markdown(html.escape(text, quote=False).replace("\n", "<br>"), escape_misc=True)


class ImportError_(QuizError):
    """An import that cannot produce a bank: nothing to keep, or nowhere to write it."""


def slug(text: str, limit: int = 60) -> str:
    """Letters and digits of ``text`` (accents dropped), joined by '-': a readable id part."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:limit].strip("-")


def make_id(wanted: str, text: str) -> str:
    """The title (or Moodle idnumber) when it is a valid id, else its slug, else a hash of the text."""
    wanted = wanted.strip()
    if wanted and _ID.match(wanted) and len(wanted) <= 80:
        return wanted
    return slug(wanted) or "q-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


@dataclass
class QuestionDraft:
    data: dict[str, Any]
    """Bank question fields except the id."""
    wanted_id: str
    text: str
    notes: list[str] = field(default_factory=list)
    where: str = ""


@dataclass
class ImportResult:
    questions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """One line per question left out: where, which type, and why."""
    notes: list[str] = field(default_factory=list)
    """Questions kept with a change worth knowing (lossy weights, placeholder explanation)."""
    bank: dict[str, Any] = field(default_factory=dict)
    """Bank fields the file carried (a GIFT file written by resilience-quiz has them)."""
    _ids: set[str] = field(default_factory=set)

    def add(self, draft: QuestionDraft) -> None:
        found = _control_in(draft.data)
        if found is not None:  # carried in by a comment's JSON escapes: a bank may not hold it
            why = _("its text contains the control character {char}").format(char=found)
            self.skipped.append(_("{where}: skipped, {why}").format(where=draft.where, why=why))
            return
        qid = unique_id(make_id(draft.wanted_id, draft.text), self._ids)
        self.questions.append({"id": qid, **draft.data})
        # TRANSLATORS: an import's note on a question it kept: {where} is file:line and the question.
        self.notes.extend(_("{where}: {note}").format(where=draft.where, note=note) for note in draft.notes)


def question_label(where: str, text: str, *, cut: bool = True) -> str:
    """Where a question is and which one: its name, or the start of its text (``cut``), quoted
    in the message as each language quotes, control characters made visible."""
    short = text.replace("\n", " ")
    if cut and len(short) > 40:
        short = short[:40] + "..."
    return _("{where}: question “{name}”").format(where=where, name=visible(short))


def _control_in(value: object) -> str | None:
    """The first control character in any text of ``value`` (nested lists and dicts), described."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found = CONTROL.search(item)
            if found:
                return describe(found.group())
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return None


def bank_document(result: ImportResult, bank_id: str, title: str | None, source: Path) -> dict[str, Any]:
    if _control_in(result.bank) is not None:
        result.bank = {}  # the bank's own title and so on from a comment: the defaults instead
    info: dict[str, Any] = {
        "id": bank_id,
        "title": title or result.bank.get("title") or source.name.split(".")[0],
        "description": result.bank.get("description") or f"Imported from {source.name}.",
        "version": str(result.bank.get("version") or "1"),
        "language": result.bank.get("language") or "en",
    }
    if isinstance(result.bank.get("pass_mark"), int | float):
        info["pass_mark"] = float(result.bank["pass_mark"])
    return {"bank": info, "questions": result.questions}


def write_bank(document: dict[str, Any], path: Path, *, force: bool = False) -> Bank:
    """Validate the TOML as the app would load it, then write it; a bank that does not load is
    never written, and one that replaces another (``force``) does so only once complete.

    The folder must exist, as for ``quiz export --out``: a typo in a path creates nothing.
    """
    import tomli_w

    if path.exists() and not force:
        raise ImportError_(_("{path} already exists (use --force to replace it)").format(path=path))
    if not document["questions"]:
        raise ImportError_(_("no question could be imported, so no bank was written"))
    encoded = tomli_w.dumps(document, multiline_strings=True).encode("utf-8")
    if len(encoded) > MAX_BANK_BYTES:
        raise ImportError_(
            _(
                "the bank would be {size}, over the limit of {limit} a bank may have, so {path} was not "
                "written (split the file and import the parts)"
            ).format(size=megabytes(len(encoded)), limit=megabytes(MAX_BANK_BYTES), path=path)
        )
    try:
        bank = parse_bank(encoded, path)
    except BankError as exc:
        if len(exc.problems) > 1:
            message = ngettext(
                "the imported questions do not make a valid bank, so {path} was not written: {problem} "
                "(and {n} more)",
                "the imported questions do not make a valid bank, so {path} was not written: {problem} "
                "(and {n} more)",
                len(exc.problems) - 1,
            )
        else:
            message = _(
                "the imported questions do not make a valid bank, so {path} was not written: {problem}"
            )
        raise ImportError_(
            message.format(path=path, problem=exc.problems[0], n=len(exc.problems) - 1)
        ) from exc
    write_text(path, encoded.decode("utf-8"))  # a missing folder: WriteError, as for an export
    return bank

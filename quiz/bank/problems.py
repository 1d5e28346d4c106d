"""What is wrong with a bank file (or a translation of one), and where: the shared wording.

Bank files and their translation files are checked by different rules, but a problem reads
the same in both: the file, the line, the question, the field, and what was expected. So the
wording and the ways of finding a line are public here (``__all__``), used by the bank loader,
the translation checker and the GIFT importer alike, rather than written once in each.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from quiz.config.toml import toml_message
from quiz.i18n import N_, _
from quiz.i18n.lists import alternatives
from quiz.infra.controls import CONTROL, describe, visible
from quiz.kinds.registry import KINDS

__all__ = [
    "Locator",
    "Problem",
    "control_problems",
    "explain",
    "field_path",
    "question_where",
    "quoted",
    "relevant_errors",
    "toml_message",
    "unreadable",
    "validation_problems",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file, worded for the person who will fix it."""

    file: Path
    where: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else str(self.file)
        parts = [place, self.where]
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        # One line, and nothing a terminal would act on: a file name or a key may hold escapes too.
        return visible(": ".join(parts))


# Only these can put a control character into TOML text: the escapes \b \f \r \e \xHH \uHHHH
# \UHHHHHHHH, and raw C1 characters, which TOML allows unescaped. A file without any of them
# (every bundled bank) is not walked value by value.
_MAY_HOLD_CONTROL = re.compile(r"\\[befrxuU]|[\x80-\x9f]")


def control_problems(
    text: str, data: dict[str, Any], path: Path, locator: Locator, table: str = "bank"
) -> list[Problem]:
    """One problem per text (or key) holding a control character, in file order; none at once
    for a file whose text cannot hold one.

    Iterative, not recursive: TOML allows values nested 400 deep, which is no reason to fail.
    """
    problems: list[Problem] = []
    if not _MAY_HOLD_CONTROL.search(text):
        return problems
    pending: list[tuple[tuple[int | str, ...], object]] = [((), data)]
    while pending:
        keys, value = pending.pop()
        if isinstance(value, str):
            found = CONTROL.search(value)
            if found:
                problems.append(_control_problem(path, data, keys, found.group(), locator, table=table))
        elif isinstance(value, dict):
            items = list(value.items())
            for key, _ in items:
                found = CONTROL.search(key)
                if found:
                    problems.append(
                        _control_problem(
                            path, data, (*keys, key), found.group(), locator, key=True, table=table
                        )
                    )
            pending.extend(((*keys, key), item) for key, item in reversed(items))
        elif isinstance(value, list):
            pending.extend(((*keys, i), item) for i, item in reversed(list(enumerate(value))))
    return problems


def _control_problem(
    path: Path,
    data: dict[str, Any],
    keys: tuple[int | str, ...],
    char: str,
    locator: Locator,
    *,
    key: bool = False,
    table: str = "bank",
) -> Problem:
    if key:
        message = _(
            "this key contains the control character {char}: remove it (text may hold newline and tab)"
        )
    else:
        message = _("contains the control character {char}: remove it (text may hold newline and tab)")
    message = message.format(char=describe(char))
    if keys[:1] == (table,):
        fld = field_path(keys[1:])
        return Problem(path, table, fld, message, locator.bank_field(fld))
    questions = data.get("questions")
    index = keys[1] if len(keys) > 1 else None
    if keys[0] == "questions" and isinstance(index, int) and isinstance(questions, list):
        position = index + 1
        fld = field_path(keys[2:])
        where = question_where(questions[index], position)
        return Problem(path, where, fld, message, locator.question(position, fld))
    return Problem(path, _("file"), field_path(keys), message)


def question_where(raw: object, position: int) -> str:
    qid = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(qid, str):
        return _("question {id}").format(id=quoted(qid))
    return _("question #{n}").format(n=position)


def field_path(loc: tuple[int | str, ...], tag: object = None) -> str:
    parts = list(loc)
    if parts and tag is not None and parts[0] == tag:
        parts = parts[1:]  # the discriminated union puts the type tag first; the author never wrote it
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "union[")):  # pydantic's internal validator names
            continue
        else:
            out += f".{part}" if out else part
    return out


class _ShortRepr(reprlib.Repr):
    """A value as a message quotes it: a few levels deep, a few dozen characters long."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = self.maxother = self.maxlong = 60
        self.maxlist = self.maxdict = 6

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 190:  # about 57 digits; str() of 4,300 digits or more would raise
            digits = int(x.bit_length() * 0.30103)
            if x < 0:
                return _("a negative number of about {n} digits").format(n=digits)
            return _("a number of about {n} digits").format(n=digits)
        return repr(x)


_SHORT = _ShortRepr()


def quoted(value: object, limit: int = 60) -> str:
    """``value`` quoted for a one-line message: bounded, and with no raw control character."""
    text = _SHORT.repr(value)
    return text if len(text) <= limit + 20 else text[: limit + 19] + "…"


def relevant_errors(exc: ValidationError) -> list[ErrorDetails]:
    """Pydantic's errors less the echoes: a list whose item failed also reports itself too short
    (``choices: expected at least 2 items, found 1`` for two choices, one of them wrong)."""
    errors = exc.errors()
    failed_in = {
        err["loc"][:i] for err in errors for i, part in enumerate(err["loc"]) if isinstance(part, int)
    }
    return [err for err in errors if not (err["type"] == "too_short" and err["loc"] in failed_in)]


def validation_problems(
    exc: ValidationError,
    path: Path,
    where: str,
    line: Callable[[str], int | None],
    tag: object = None,
) -> list[Problem]:
    """Pydantic's complaints about one table (``where``), each at the line ``line`` finds for
    its field; ``tag`` is the question type a discriminated union puts first in the path."""
    found = []
    for err in relevant_errors(exc):
        fld = field_path(err["loc"], tag)
        found.append(Problem(path, where, fld, explain(err), line(fld)))
    return found


def unreadable(path: Path, exc: ValueError | RecursionError) -> Problem:
    """Why ``decode_toml`` could not read the file: not UTF-8, not TOML, or nested too deeply."""
    if isinstance(exc, UnicodeDecodeError):
        return Problem(path, _("file"), "", _("is not UTF-8 text (byte {n})").format(n=exc.start))
    if isinstance(exc, RecursionError):
        return Problem(path, "TOML", "", _("invalid TOML: nested too deeply ({why})").format(why=exc))
    # tomli.TOMLDecodeError, or an integer of thousands of digits
    colno = getattr(exc, "colno", None)
    message = toml_message(getattr(exc, "msg", str(exc)))
    return Problem(
        path,
        _("column {n}").format(n=colno) if colno else "TOML",
        "",
        _("invalid TOML: {why}").format(why=message),
        getattr(exc, "lineno", None),
    )


# What a TOML value of the wrong shape should have been, by the field's last name.
_TABLES = {
    "choices": N_('a table such as { text = "...", correct = true }'),
    "sources": N_('a table such as { title = "...", url = "https://..." }'),
    "defaults": N_("a [bank.defaults] table (difficulty, points, topics, shuffle)"),
}
_A_TABLE = N_("a table")
_AN_ARRAY = N_("an array in square brackets")
_ARRAYS = {
    "choices": N_("an array of [[questions.choices]] tables"),
    "sources": N_('an array of tables such as [{ title = "...", url = "https://..." }]'),
    "topics": N_('an array of strings such as ["verification"]'),
}


def explain(err: Any) -> str:
    """One pydantic error in this project's words (the README's and questions/README.md's)."""
    kind = err["type"]
    ctx = err.get("ctx", {})
    names = [part for part in err["loc"] if isinstance(part, str)]
    name = names[-1] if names else ""
    got = quoted(err.get("input"))
    if kind == "extra_forbidden":
        return _("unknown key (check its spelling against questions/README.md)")
    if kind == "missing":
        return _("required but missing")
    if kind == "union_tag_not_found":
        return _("required but missing: type (one of {kinds})").format(kinds=alternatives(list(KINDS)))
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", "")
        return _("unknown question type {tag} (expected {kinds})").format(
            tag=quoted(tag), kinds=alternatives(list(KINDS))
        )
    if kind == "literal_error" or kind == "enum":
        return _("got {value}, expected {expected}").format(
            value=got, expected=_expected(ctx.get("expected", ""))
        )
    if kind == "string_pattern_mismatch":
        return _(
            "got {value}, expected letters, digits and _ . : - (starting with a letter or digit)"
        ).format(value=got)
    if kind == "bool_type":
        return _("got {value}, expected true or false (without quotes)").format(value=got)
    if kind in ("float_type", "int_type", "float_parsing"):
        return _("got {value}, expected a number (without quotes)").format(value=got)
    if kind == "finite_number":
        return _("got {value}, expected a finite number").format(value=got)
    if kind in _BOUNDS:
        message, key = _BOUNDS[kind]
        limit = ctx.get(key)
        shown = f"{limit:g}" if isinstance(limit, int | float) else str(limit)
        return _(message).format(value=got, limit=shown)
    if kind == "string_type":
        return _("got {value}, expected a string in quotes").format(value=got)
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("must not be empty")
        return _("got {value}, expected at least {n} characters").format(value=got, n=ctx.get("min_length"))
    if kind == "string_too_long":
        return _("expected at most {n} characters, found {found}").format(
            n=ctx.get("max_length"), found=len(str(err.get("input")))
        )
    if kind == "too_short":
        return _("expected at least {n} items, found {found}").format(
            n=ctx.get("min_length"), found=ctx.get("actual_length")
        )
    if kind == "too_long":
        return _("expected at most {n} items, found {found}").format(
            n=ctx.get("max_length"), found=ctx.get("actual_length")
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("got {value}, expected {what}").format(value=got, what=_(_TABLES.get(name, _A_TABLE)))
    if kind in ("tuple_type", "list_type"):
        what = _(_ARRAYS.get(name, _AN_ARRAY))
        return _("got {value}, expected {what}").format(value=got, what=what)
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message


_QUOTED = re.compile(r"'[^']*'")


def _expected(text: str) -> str:
    """Pydantic's "'easy', 'medium' or 'hard'" with the "or" of the interface language."""
    values = _QUOTED.findall(text)
    if len(values) < 2 or text != ", ".join(values[:-1]) + " or " + values[-1]:
        return text
    return alternatives(values)


_BOUNDS = {
    "greater_than": (N_("got {value}, expected more than {limit}"), "gt"),
    "greater_than_equal": (N_("got {value}, expected at least {limit}"), "ge"),
    "less_than": (N_("got {value}, expected less than {limit}"), "lt"),
    "less_than_equal": (N_("got {value}, expected at most {limit}"), "le"),
}


class Locator:
    """Finds line numbers for messages; only used when something is wrong, so it may be slow."""

    _HEADER = re.compile(r"^\s*\[\[\s*questions\s*\]\]\s*(#.*)?$")

    def __init__(self, text: str, table: str = "bank") -> None:
        self.text = text
        self.table = f"[{table}]"
        self._lines: list[str] | None = None
        self._starts: list[int] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [i for i, line in enumerate(self.lines) if self._HEADER.match(line)]
        return self._starts

    def question(self, position: int, fld: str) -> int | None:
        if position > len(self.starts):
            return None
        start = self.starts[position - 1]
        end = self.starts[position] if position < len(self.starts) else len(self.lines)
        return self._find_key(start, end, fld) or start + 1

    def bank_field(self, fld: str) -> int | None:
        start = next((i for i, line in enumerate(self.lines) if line.strip() == self.table), None)
        if start is None:
            return None
        end = self.starts[0] if self.starts else len(self.lines)
        return self._find_key(start, end, fld) or start + 1

    def table_key(self, table: str, key: str) -> int | None:
        """The line of ``key`` (bare or quoted) in the table ``[table]``, else of its header;
        None when the file has no such table (an inline ``topics = {...}``, say)."""
        header = f"[{table}]"
        start = next((i for i, line in enumerate(self.lines) if line.split("#")[0].strip() == header), None)
        if start is None:
            return None
        written = re.escape(key)
        pattern = re.compile(rf"""^\s*(?:"{written}"|'{written}'|{written})\s*=""") if key else None
        for i in range(start + 1, len(self.lines)):
            if self.lines[i].lstrip().startswith("["):
                break
            if pattern and pattern.match(self.lines[i]):
                return i + 1
        return start + 1

    def _find_key(self, start: int, end: int, fld: str) -> int | None:
        key = re.split(r"[.\[]", fld, maxsplit=1)[0] if fld else ""
        if not key:
            return None
        pattern = re.compile(rf"^\s*(\[\[\s*questions\.)?{re.escape(key)}\b")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return None

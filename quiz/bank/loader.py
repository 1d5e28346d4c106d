"""Read bank files into validated ``Bank`` objects, reporting every problem at once.

A bank author fixes ten mistakes in one pass only if all ten are reported: questions are
validated one by one so that one bad question never hides the others, and each problem
carries the file, the line, the question and the field.
"""

from __future__ import annotations

import hashlib
import re
import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz.bank.models import AnyQuestion, BankInfo, Question, QuestionType
from quiz.bank.summary import MAX_BANK_BYTES, decode_toml, iter_bank_files
from quiz.errors import QuizError
from quiz.infra.controls import CONTROL, describe, visible
from quiz.infra.gcpause import collector_paused
from quiz.infra.reading import ReadError, TooLargeError, megabytes, read_limited

_QUESTION_ADAPTER: TypeAdapter[AnyQuestion] = TypeAdapter(Question)
_CHOICE_TYPES = {QuestionType.single.value, QuestionType.multiple.value}


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


class BankError(QuizError):
    """A bank (or several) failed to load; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Bank:
    info: BankInfo
    questions: tuple[AnyQuestion, ...]
    path: Path | None = None
    content_hash: str = ""
    by_id: dict[str, AnyQuestion] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id.update((q.id, q) for q in self.questions)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def topics(self) -> list[str]:
        """Topics in first-seen order, so listings follow the author's order."""
        return list(dict.fromkeys(t for q in self.questions for t in q.topics))

    def question(self, question_id: str) -> AnyQuestion:
        return self.by_id[question_id]


def load_bank(path: Path | str) -> Bank:
    """Load one bank file; raise ``BankError`` with every problem found.

    Only a regular file is read, and never more than ``MAX_BANK_BYTES`` of it: a named pipe,
    a device or a file that cannot be read is one problem naming it, like a broken bank.
    """
    path = Path(path)
    try:
        raw = read_limited(path, MAX_BANK_BYTES)
    except TooLargeError as exc:
        raise BankError([_too_large(path, exc.size)]) from exc
    except ReadError as exc:
        raise BankError([Problem(path, "file", "", exc.reason)]) from exc
    with collector_paused():  # a third of the load time on a 10,000-question bank
        return parse_bank(raw, path)


def _too_large(path: Path, size: int) -> Problem:
    return Problem(
        path,
        "file",
        "",
        f"is {megabytes(size)}; a bank may be at most {megabytes(MAX_BANK_BYTES)} "
        "(split it into several banks)",
    )


# Only these can put a control character into TOML text: the escapes \b \f \r \e \xHH \uHHHH
# \UHHHHHHHH, and raw C1 characters, which TOML allows unescaped. A file without any of them
# (every bundled bank) is not walked value by value.
_MAY_HOLD_CONTROL = re.compile(r"\\[befrxuU]|[\x80-\x9f]")


def parse_bank(raw: bytes, path: Path) -> Bank:
    """Validate the bytes of a bank file; ``path`` names it in messages and gives the default id."""
    if len(raw) > MAX_BANK_BYTES:
        raise BankError([_too_large(path, len(raw))])
    try:
        text, data = decode_toml(raw)
    except UnicodeDecodeError as exc:
        raise BankError([Problem(path, "file", "", f"is not UTF-8 text (byte {exc.start})")]) from exc
    except RecursionError as exc:
        raise BankError([Problem(path, "TOML", "", f"invalid TOML: nested too deeply ({exc})")]) from exc
    except ValueError as exc:  # tomli.TOMLDecodeError, or an integer of thousands of digits
        lineno = getattr(exc, "lineno", None)
        colno = getattr(exc, "colno", None)
        message = getattr(exc, "msg", str(exc))
        where = f"column {colno}" if colno else "TOML"
        raise BankError([Problem(path, where, "", f"invalid TOML: {message}", lineno)]) from exc

    problems: list[Problem] = []
    locator = _Locator(text)
    if _MAY_HOLD_CONTROL.search(text):
        _control_problems(data, path, problems, locator)
    info = _validate_info(data, path, problems, locator)
    questions = _validate_questions(data, info, path, problems, locator)
    unknown = sorted(set(data) - {"bank", "questions"})
    if unknown:
        problems.append(
            Problem(
                path,
                "file",
                ", ".join(key if len(key) <= 40 else _shown(key, 40) for key in unknown),
                "unknown top-level key (expected only [bank] and [[questions]])",
            )
        )
    if problems or info is None:
        raise BankError(problems)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return Bank(info=info, questions=tuple(questions), path=path, content_hash=digest)


def _control_problems(data: dict[str, Any], path: Path, problems: list[Problem], locator: _Locator) -> None:
    """One problem per text (or key) holding a control character, in file order.

    Iterative, not recursive: TOML allows values nested 400 deep, which is no reason to fail.
    """
    pending: list[tuple[tuple[int | str, ...], object]] = [((), data)]
    while pending:
        keys, value = pending.pop()
        if isinstance(value, str):
            found = CONTROL.search(value)
            if found:
                problems.append(_control_problem(path, data, keys, found.group(), locator))
        elif isinstance(value, dict):
            items = list(value.items())
            for key, _ in items:
                found = CONTROL.search(key)
                if found:
                    problems.append(
                        _control_problem(path, data, (*keys, key), found.group(), locator, key=True)
                    )
            pending.extend(((*keys, key), item) for key, item in reversed(items))
        elif isinstance(value, list):
            pending.extend(((*keys, i), item) for i, item in reversed(list(enumerate(value))))


def _control_problem(
    path: Path,
    data: dict[str, Any],
    keys: tuple[int | str, ...],
    char: str,
    locator: _Locator,
    *,
    key: bool = False,
) -> Problem:
    what = "this key contains" if key else "contains"
    message = f"{what} the control character {describe(char)}: remove it (text may hold newline and tab)"
    if keys[:1] == ("bank",):
        fld = _field_path(keys[1:])
        return Problem(path, "bank", fld, message, locator.bank_field(fld))
    questions = data.get("questions")
    index = keys[1] if len(keys) > 1 else None
    if keys[0] == "questions" and isinstance(index, int) and isinstance(questions, list):
        position = index + 1
        fld = _field_path(keys[2:])
        where = _question_where(questions[index], position)
        return Problem(path, where, fld, message, locator.question(position, fld))
    return Problem(path, "file", _field_path(keys), message)


def _validate_info(
    data: dict[str, Any], path: Path, problems: list[Problem], locator: _Locator
) -> BankInfo | None:
    table = data.get("bank")
    if not isinstance(table, dict):
        problems.append(Problem(path, "bank", "", "missing [bank] table (id, title, version, ...)"))
        return None
    table = {"id": path.stem, **table}
    try:
        info = BankInfo.model_validate(table)
    except ValidationError as exc:
        for err in exc.errors():
            fld = _field_path(err["loc"])
            problems.append(Problem(path, "bank", fld, _explain(err, BankInfo), locator.bank_field(fld)))
        return None
    if info.id != path.stem and path.suffix == ".toml":
        problems.append(
            Problem(
                path,
                "bank",
                "id",
                f"{info.id!r} must match the file name {path.stem!r} (the id is how "
                "`quiz take` finds the bank)",
                locator.bank_field("id"),
            )
        )
    return info


def _validate_questions(
    data: dict[str, Any],
    info: BankInfo | None,
    path: Path,
    problems: list[Problem],
    locator: _Locator,
) -> list[AnyQuestion]:
    raw_questions = data.get("questions", [])
    if not isinstance(raw_questions, list) or not all(isinstance(q, dict) for q in raw_questions):
        problems.append(Problem(path, "questions", "", "expected an array of [[questions]] tables"))
        return []
    if not raw_questions:
        problems.append(Problem(path, "questions", "", "the bank has no [[questions]]"))
        return []
    defaults = info.defaults.model_dump(exclude_none=True) if info else {}
    questions: list[AnyQuestion] = []
    first_seen: dict[str, int] = {}
    for position, raw in enumerate(raw_questions, start=1):
        qid = raw.get("id")
        where = _question_where(raw, position)
        if isinstance(qid, str):
            if qid in first_seen:
                problems.append(
                    Problem(
                        path,
                        where,
                        "id",
                        f"duplicate question id (first used by question #{first_seen[qid]})",
                        locator.question(position, "id"),
                    )
                )
            else:
                first_seen[qid] = position
        if defaults:
            raw = _with_defaults(raw, defaults)
        try:
            question = _QUESTION_ADAPTER.validate_python(raw)
        except ValidationError as exc:
            for err in exc.errors():
                fld = _field_path(err["loc"], raw.get("type"))
                problems.append(
                    Problem(path, where, fld, _explain(err, None), locator.question(position, fld))
                )
            continue
        questions.append(question)
    return questions


def _question_where(raw: object, position: int) -> str:
    qid = raw.get("id") if isinstance(raw, dict) else None
    return f"question {_shown(qid)}" if isinstance(qid, str) else f"question #{position}"


def _with_defaults(raw: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    merged = dict(raw)
    for key, value in defaults.items():
        if key == "shuffle" and raw.get("type") not in _CHOICE_TYPES:
            continue
        merged.setdefault(key, value)
    return merged


def _field_path(loc: tuple[int | str, ...], tag: object = None) -> str:
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
            return f"a {'negative ' if x < 0 else ''}number of about {int(x.bit_length() * 0.30103)} digits"
        return repr(x)


_SHORT = _ShortRepr()


def _shown(value: object, limit: int = 60) -> str:
    """``value`` quoted for a one-line message: bounded, and with no raw control character."""
    text = _SHORT.repr(value)
    return text if len(text) <= limit + 20 else text[: limit + 19] + "…"


def _explain(err: Any, model: type[BankInfo] | None) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key (check its spelling against questions/README.md)"
    if kind == "missing":
        return "required but missing"
    if kind == "union_tag_not_found":
        return "required but missing: type (one of single, multiple, true_false, headline)"
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag", "")
        return f"unknown question type {_shown(tag)} (expected single, multiple, true_false or headline)"
    if kind == "literal_error" or kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"got {_shown(err['input'])}, expected {expected}"
    if kind == "string_pattern_mismatch":
        return (
            f"got {_shown(err['input'])}, expected letters, digits and _ . : - "
            "(starting with a letter or digit)"
        )
    if kind == "bool_type":
        return f"got {_shown(err['input'])}, expected true or false (without quotes)"
    if kind in ("float_type", "int_type", "float_parsing"):
        return f"got {_shown(err['input'])}, expected a number (without quotes)"
    if kind == "string_type":
        return f"got {_shown(err['input'])}, expected a string in quotes"
    if kind in ("string_too_short", "too_short", "too_long"):
        ctx = err.get("ctx", {})
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return "must not be empty"
        if kind == "too_short":
            return f"expected at least {ctx.get('min_length')} items, found {ctx.get('actual_length')}"
        if kind == "too_long":
            return f"expected at most {ctx.get('max_length')} items, found {ctx.get('actual_length')}"
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message


class _Locator:
    """Finds line numbers for messages; only used when something is wrong, so it may be slow."""

    _HEADER = re.compile(r"^\s*\[\[\s*questions\s*\]\]\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.text = text
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
        start = next((i for i, line in enumerate(self.lines) if line.strip() == "[bank]"), None)
        if start is None:
            return None
        end = self.starts[0] if self.starts else len(self.lines)
        return self._find_key(start, end, fld) or start + 1

    def _find_key(self, start: int, end: int, fld: str) -> int | None:
        key = re.split(r"[.\[]", fld, maxsplit=1)[0] if fld else ""
        if not key:
            return None
        pattern = re.compile(rf"^\s*(\[\[\s*questions\.)?{re.escape(key)}\b")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return None


@dataclass
class LoadResult:
    banks: list[Bank]
    problems: list[Problem]
    failed: list[Path]


def load_banks(paths: Iterable[Path]) -> LoadResult:
    """Load every bank under ``paths``, collecting problems instead of stopping at the first."""
    result = LoadResult([], [], [])
    owners: dict[str, Path] = {}
    for file in iter_bank_files(paths):
        try:
            bank = load_bank(file)
        except BankError as exc:
            result.problems.extend(exc.problems)
            result.failed.append(file)
            continue
        if bank.id in owners:
            result.problems.append(
                Problem(file, "bank", "id", f"duplicate bank id {bank.id!r} (also in {owners[bank.id]})")
            )
            result.failed.append(file)
            continue
        owners[bank.id] = file
        result.banks.append(bank)
    return result

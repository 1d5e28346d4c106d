"""Read bank files into validated ``Bank`` objects, reporting every problem at once.

A bank author fixes ten mistakes in one pass only if all ten are reported: questions are
validated one by one so that one bad question never hides the others, and each problem
carries the file, the line, the question and the field.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quiz.bank.models import ID_PATTERN, AnyQuestion, BankInfo, question_union
from quiz.bank.problems import (
    Locator,
    Problem,
    control_problems,
    question_where,
    quoted,
    unreadable,
    validation_problems,
)
from quiz.bank.summary import (
    MAX_BANK_BYTES,
    decode_toml,
    iter_bank_files,
    translation_files,
    translation_name,
)
from quiz.bank.translations import (
    Checked,
    Translation,
    load_translation,
    localise,
    option_labels,
)
from quiz.errors import QuizError
from quiz.i18n import _, match_language
from quiz.i18n.lists import together
from quiz.infra.gcpause import collector_paused
from quiz.infra.reading import ReadError, TooLargeError, megabytes, read_limited

_QUESTION_ADAPTER: TypeAdapter[AnyQuestion] = TypeAdapter(question_union())


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
    translations: dict[str, Translation] = field(default_factory=dict, compare=False, repr=False)
    """The checked translations beside the bank file, by language tag."""
    translation_problems: tuple[Checked, ...] = field(default=(), compare=False, repr=False)
    """Every translation file read with the bank, with what is wrong with it (or warned of)."""
    topic_names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The topics in the language the bank is shown in, by the bank's words (empty: as written)."""
    localised: dict[str, Bank] = field(default_factory=dict, init=False, compare=False, repr=False)
    """The bank in each language asked for so far (a live room asks once per learner)."""

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

    def topic_label(self, topic: str) -> str:
        """``topic`` (the bank's words) as a learner of the bank's language reads it."""
        return self.topic_names.get(topic, topic)

    def topic_id(self, name: str) -> str:
        """The bank's own topic that ``name`` is, in the bank's words or in any translation's
        (``--topic "manipuliavimo technikos"``), whatever the case; else ``name`` itself."""
        key = name.casefold()
        found = next((topic for topic in self.topics if topic.casefold() == key), None)
        for translation in self.translations.values():
            if found is not None:
                break
            found = next((t for t, word in translation.info.topics.items() if word.casefold() == key), None)
        return name if found is None else found

    def question(self, question_id: str) -> AnyQuestion:
        return self.by_id[question_id]

    @property
    def languages(self) -> tuple[str, ...]:
        """The bank's own language first, then its translations'."""
        return (self.info.language, *self.translations)

    def in_language(self, language: str | None) -> Bank:
        """The bank as a learner of ``language`` reads it: its translation, or itself.

        Same ids, answers, version and content hash, so an attempt in any language plans,
        scores and pools as one in the bank's own.
        """
        if not language or match_language(language, [self.info.language]):
            return self
        tag = match_language(language, self.translations)
        if tag is None:
            return self
        if tag not in self.localised:
            translation = self.translations[tag]
            questions = tuple(
                localise(question, translation.texts[question.id], option_labels(question, tag))
                for question in self.questions
            )
            info = self.info.model_copy(
                update={
                    "title": translation.info.title,
                    "description": translation.info.description,
                    "language": tag,
                }
            )
            self.localised[tag] = replace(
                self, info=info, questions=questions, by_id={}, topic_names=dict(translation.info.topics)
            )
        return self.localised[tag]


def attach_translations(bank: Bank) -> Bank:
    """``bank`` with the valid translations beside its file; every one read is in
    ``translation_problems`` with what is wrong with it (or only warned of)."""
    if bank.path is None:
        return bank
    found = [load_translation(path, bank) for path in translation_files(bank.path)]
    if not found:
        return bank
    valid = {c.translation.language: c.translation for c in found if c.translation is not None}
    return replace(bank, translations=valid, translation_problems=tuple(found), by_id={})


def load_bank(path: Path | str, *, translations: bool = True) -> Bank:
    """Load one bank file; raise ``BankError`` with every problem found.

    Only a regular file is read, and never more than ``MAX_BANK_BYTES`` of it: a named pipe,
    a device or a file that cannot be read is one problem naming it, like a broken bank.
    The translations beside it come along, checked; one with problems is left out (and says why
    in ``translation_problems``), so a translator's typo never withdraws the bank itself.
    """
    path = Path(path)
    try:
        raw = read_limited(path, MAX_BANK_BYTES)
    except TooLargeError as exc:
        raise BankError([_too_large(path, exc.size)]) from exc
    except ReadError as exc:
        raise BankError([Problem(path, _("file"), "", exc.reason)]) from exc
    with collector_paused():  # a third of the load time on a 10,000-question bank
        bank = parse_bank(raw, path)
    return attach_translations(bank) if translations else bank


def _too_large(path: Path, size: int) -> Problem:
    message = _("is {size}; a bank may be at most {limit} (split it into several banks)")
    return Problem(path, _("file"), "", message.format(size=megabytes(size), limit=megabytes(MAX_BANK_BYTES)))


def parse_bank(raw: bytes, path: Path) -> Bank:
    """Validate the bytes of a bank file; ``path`` names it in messages and gives the default id."""
    if len(raw) > MAX_BANK_BYTES:
        raise BankError([_too_large(path, len(raw))])
    try:
        text, data = decode_toml(raw)
    except (ValueError, RecursionError) as exc:
        raise BankError([unreadable(path, exc)]) from exc

    locator = Locator(text)
    problems = control_problems(text, data, path, locator)
    info = _validate_info(data, path, problems, locator)
    questions = _validate_questions(data, info, path, problems, locator)
    problems.extend(_topic_spellings(questions, path, locator))
    unknown = sorted(set(data) - {"bank", "questions"})
    if unknown:
        problems.append(
            Problem(
                path,
                _("file"),
                together(key if len(key) <= 40 else quoted(key, 40) for key in unknown),
                _("unknown top-level key (expected only [bank] and [[questions]])"),
            )
        )
    if problems or info is None:
        raise BankError(problems)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return Bank(info=info, questions=tuple(questions), path=path, content_hash=digest)


def _validate_info(
    data: dict[str, Any], path: Path, problems: list[Problem], locator: Locator
) -> BankInfo | None:
    table = data.get("bank")
    if not isinstance(table, dict) and isinstance(data.get("translation"), dict):
        of = data["translation"].get("bank")
        bank = of if isinstance(of, str) and re.match(ID_PATTERN, of) and len(of) <= 80 else "BANK"
        problems.append(
            Problem(
                path,
                "translation",
                "",
                _(
                    "a translation is read beside its bank: put it next to {bank}.toml, "
                    "named {bank}.<language>.toml ({bank}.lt.toml, say)"
                ).format(bank=bank),
            )
        )
        return None
    if not isinstance(table, dict):
        if table is None:
            message = _("missing [bank] table (id, title, version, ...)")
        else:
            message = _("got {value}, expected a [bank] table (id, title, version, ...)").format(
                value=quoted(table)
            )
        problems.append(Problem(path, "bank", "", message))
        return None
    table = {"id": path.stem, **table}
    try:
        info = BankInfo.model_validate(table)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, path, "bank", locator.bank_field))
        return None
    if info.id != path.stem and path.suffix == ".toml":
        problems.append(
            Problem(
                path,
                "bank",
                "id",
                _(
                    "{value} must match the file name {name} (the id is how `quiz take` finds the bank)"
                ).format(value=repr(info.id), name=repr(path.stem)),
                locator.bank_field("id"),
            )
        )
    return info


def _validate_questions(
    data: dict[str, Any],
    info: BankInfo | None,
    path: Path,
    problems: list[Problem],
    locator: Locator,
) -> list[AnyQuestion]:
    raw_questions = data.get("questions", [])
    if not isinstance(raw_questions, list) or not all(isinstance(q, dict) for q in raw_questions):
        problems.append(Problem(path, "questions", "", _("expected an array of [[questions]] tables")))
        return []
    if not raw_questions:
        problems.append(Problem(path, "questions", "", _("the bank has no [[questions]]")))
        return []
    defaults = info.defaults.model_dump(exclude_none=True) if info else {}
    questions: list[AnyQuestion] = []
    first_seen: dict[str, int] = {}
    for position, raw in enumerate(raw_questions, start=1):
        qid = raw.get("id")
        where = question_where(raw, position)
        if isinstance(qid, str):
            if qid in first_seen:
                problems.append(
                    Problem(
                        path,
                        where,
                        "id",
                        _("duplicate question id (first used by question #{n})").format(n=first_seen[qid]),
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
            line = partial(locator.question, position)
            problems.extend(validation_problems(exc, path, where, line, raw.get("type")))
            continue
        questions.append(question)
    return questions


def _topic_spellings(questions: list[AnyQuestion], path: Path, locator: Locator) -> list[Problem]:
    """A topic written two ways ("swift", "SWIFT"): it is shown as written and `--topic`
    ignores case, so the two would be one filter but two bars."""
    first: dict[str, str] = {}
    found = []
    for position, question in enumerate(questions, start=1):
        for topic in question.topics:
            seen = first.setdefault(topic.casefold(), topic)
            if seen != topic:
                message = _("{topic} is written {other} elsewhere in the bank: write a topic one way").format(
                    topic=repr(topic), other=repr(seen)
                )
                found.append(
                    Problem(
                        path,
                        _("question {id}").format(id=repr(question.id)),
                        "topics",
                        message,
                        locator.question(position, "topics"),
                    )
                )
    return found


def _with_defaults(raw: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    merged = dict(raw)
    for key, value in defaults.items():
        if key == "shuffle" and not _takes(raw.get("type"), key):
            continue
        merged.setdefault(key, value)
    return merged


def _takes(kind: object, key: str) -> bool:
    """Whether questions of the kind named ``kind`` have the field ``key`` (``shuffle``)."""
    from quiz.kinds.registry import KINDS

    found = KINDS.get(kind) if isinstance(kind, str) else None
    return found is not None and key in found.model.model_fields


@dataclass
class LoadResult:
    banks: list[Bank]
    problems: list[Problem]
    failed: list[Path]
    """Files that did not load: banks, and translations with problems."""
    translations: list[Translation] = field(default_factory=list)
    """The valid translations read (of the banks loaded, or named on their own)."""
    warnings: list[Problem] = field(default_factory=list)
    """What a valid file should still look at (a translation of an older bank version)."""


def load_banks(paths: Iterable[Path]) -> LoadResult:
    """Load every bank under ``paths``, collecting problems instead of stopping at the first.

    A folder's translation files come with their banks, never as banks of their own; a
    translation named by itself is checked against the bank beside it.
    """
    result = LoadResult([], [], [])
    owners: dict[str, Path] = {}
    alone: list[tuple[Path, str]] = []
    checked: set[Path] = set()
    for file in iter_bank_files(paths):
        named = translation_name(file)
        if named is not None:
            alone.append((file, named[0]))
            continue
        try:
            bank = load_bank(file)
        except BankError as exc:
            result.problems.extend(exc.problems)
            result.failed.append(file)
            continue
        if bank.id in owners:
            result.problems.append(
                Problem(
                    file,
                    "bank",
                    "id",
                    _("duplicate bank id {id} (also in {path})").format(
                        id=repr(bank.id), path=owners[bank.id]
                    ),
                )
            )
            result.failed.append(file)
            continue
        owners[bank.id] = file
        result.banks.append(bank)
        for found in bank.translation_problems:
            _add_translation(result, found)
            checked.add(found.path)
    for file, bank_id in alone:
        if file in checked:
            continue
        checked.add(file)
        base = file.parent / f"{bank_id}.toml"
        try:
            bank = load_bank(base, translations=False)
        except BankError:
            result.problems.append(
                Problem(
                    file,
                    "translation",
                    "bank",
                    _("its bank {name} has problems: run quiz validate {path}").format(
                        name=base.name, path=base
                    ),
                )
            )
            result.failed.append(file)
            continue
        _add_translation(result, load_translation(file, bank))
    return result


def _add_translation(result: LoadResult, found: Checked) -> None:
    result.problems.extend(found.problems)
    result.warnings.extend(found.warnings)
    if found.translation is None:
        result.failed.append(found.path)
    else:
        result.translations.append(found.translation)

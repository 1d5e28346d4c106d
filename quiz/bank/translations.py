"""A bank in other languages: translation files beside the bank, checked against it.

``disinformation.lt.toml`` beside ``disinformation.toml`` carries the Lithuanian words of every
question and nothing else: ids, answers, sources and the order of choices come from the bank,
so an attempt in any language is scored, stored and analysed as the same items. A translator
never edits the bank, and a bank author adds a language without touching the original.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from quiz.bank.models import ID_PATTERN, AnyQuestion, BankInfo
from quiz.bank.problems import (
    Locator,
    Problem,
    control_problems,
    question_where,
    quoted,
    unreadable,
    validation_problems,
)
from quiz.bank.summary import MAX_BANK_BYTES, decode_toml, translation_name
from quiz.i18n import _, is_tag, primary
from quiz.i18n.lists import together
from quiz.kinds.registry import kind_of


class BankLike(Protocol):
    """What a translation is checked against and applied to (``quiz.bank.loader.Bank``)."""

    @property
    def id(self) -> str: ...
    @property
    def info(self) -> BankInfo: ...
    @property
    def questions(self) -> tuple[AnyQuestion, ...]: ...
    @property
    def by_id(self) -> dict[str, AnyQuestion]: ...
    @property
    def topics(self) -> list[str]: ...


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Words = Annotated[str, Field(min_length=1)]


class QuestionText(_Strict):
    """The words of one question in the translation's language.

    Beyond prompt and explanation, what a question's kind lists as ``translatable``: each a
    list in the bank's order, of texts or of tables of texts (``choices = [{ text, feedback }]``,
    ``items = ["...", ...]``); which ones a question may have is checked against its kind.
    """

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    prompt: Words
    explanation: Words

    @property
    def lists(self) -> dict[str, Any]:
        """The translated lists (choices, items, pairs...), by field."""
        return dict(self.__pydantic_extra__ or {})


class TranslationInfo(_Strict):
    bank: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    language: Annotated[str, Field(min_length=2, max_length=35)]
    version: Annotated[str, Field(min_length=1)]
    """The bank version translated; a different one is a warning to check what changed."""
    title: Annotated[str, Field(min_length=1)]
    description: str = ""
    topics: dict[str, Words] = {}
    """The bank's topics in this language, by the bank's own words (``[translation.topics]``):
    shown wherever the topic is, while attempts, filters and exports keep the bank's words."""

    @field_validator("language")
    @classmethod
    def _a_tag(cls, language: str) -> str:
        if not is_tag(language):
            raise ValueError(
                _("got {value}, expected a BCP 47 language tag such as lt, uk or ja").format(
                    value=repr(language)
                )
            )
        return language


@dataclass(frozen=True)
class Translation:
    """A checked translation: every question of its bank has its words here."""

    info: TranslationInfo
    texts: dict[str, QuestionText]
    path: Path

    @property
    def language(self) -> str:
        return self.info.language


@dataclass
class Checked:
    """What reading one translation file found."""

    path: Path
    translation: Translation | None
    problems: list[Problem]
    warnings: list[Problem]


def load_translation(path: Path, bank: BankLike) -> Checked:
    """Read and check the translation at ``path`` against ``bank``: every problem at once."""
    from quiz.infra.reading import ReadError, TooLargeError, megabytes, read_limited

    try:
        raw = read_limited(path, MAX_BANK_BYTES)
    except TooLargeError as exc:
        too_big = _("is {size}; a translation may be at most {limit}").format(
            size=megabytes(exc.size), limit=megabytes(MAX_BANK_BYTES)
        )
        return Checked(path, None, [Problem(path, _("file"), "", too_big)], [])
    except ReadError as exc:
        return Checked(path, None, [Problem(path, _("file"), "", exc.reason)], [])
    return check_translation(raw, path, bank)


def _unreadable(problem: Problem) -> Checked:
    return Checked(problem.file, None, [problem], [])


def check_translation(raw: bytes, path: Path, bank: BankLike) -> Checked:
    try:
        text, data = decode_toml(raw)
    except (ValueError, RecursionError) as exc:
        return _unreadable(unreadable(path, exc))

    check = _Check(path, bank, Locator(text, table="translation"))
    check.problems.extend(control_problems(text, data, path, check.locator, table="translation"))
    info = check.info(data)
    texts = check.questions(data)
    unknown = sorted(set(data) - {"translation", "questions"})
    if unknown:
        check.problem(
            _("file"),
            together(unknown),
            _("unknown top-level key (expected only [translation] and [[questions]])"),
        )
    if check.problems or info is None:
        return Checked(path, None, check.problems, check.warnings)
    return Checked(path, Translation(info, texts, path), [], check.warnings)


class _Check:
    """The rules of a translation, each broken one a ``Problem`` with its line."""

    def __init__(self, path: Path, bank: BankLike, locator: Locator) -> None:
        self.path = path
        self.bank = bank
        self.locator = locator
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(
        self, where: str, fld: str, message: str, line: int | None = None, *, warn: bool = False
    ) -> None:
        (self.warnings if warn else self.problems).append(Problem(self.path, where, fld, message, line))

    def info(self, data: dict[str, Any]) -> TranslationInfo | None:
        table = data.get("translation")
        if not isinstance(table, dict):
            self.problem("translation", "", _("missing [translation] table (bank, language, version, title)"))
            return None
        try:
            info = TranslationInfo.model_validate(table)
        except ValidationError as exc:
            self.problems.extend(validation_problems(exc, self.path, "translation", self.locator.bank_field))
            return None
        bank = self.bank
        named = translation_name(self.path)
        if info.bank != bank.id:
            self.problem(
                "translation",
                "bank",
                _("{value} must be {bank}, the bank beside it").format(
                    value=repr(info.bank), bank=repr(bank.id)
                ),
                self.locator.bank_field("bank"),
            )
        if named is not None and named[1].lower() != info.language.lower():
            self.problem(
                "translation",
                "language",
                _("{value} must match the file name's {named}").format(
                    value=repr(info.language), named=repr(named[1])
                ),
                self.locator.bank_field("language"),
            )
        if primary(info.language) == primary(bank.info.language):
            self.problem(
                "translation",
                "language",
                _("{value} is the bank's own language ({own})").format(
                    value=repr(info.language), own=repr(bank.info.language)
                ),
                self.locator.bank_field("language"),
            )
        if bank.info.description and not info.description:
            self.problem(
                "translation",
                "description",
                _("required but missing: the bank has a description"),
                self.locator.bank_field("description"),
            )
        self._topics(info)
        if info.version != bank.info.version:
            self.problem(
                "translation",
                "version",
                _(
                    "translated from version {version}, the bank is version {bank_version}: check the "
                    "questions that changed, then set version = {quoted}"
                ).format(
                    version=info.version, bank_version=bank.info.version, quoted=repr(bank.info.version)
                ),
                self.locator.bank_field("version"),
                warn=True,
            )
        return info

    def _topics(self, info: TranslationInfo) -> None:
        """Each topic named is one of the bank's, no two alike in the translation; a topic left
        out is only warned of (it is shown in the bank's words)."""
        ours = self.bank.topics
        seen: dict[str, str] = {}
        for topic, word in info.topics.items():
            line = self.locator.table_key("translation.topics", topic) or self.locator.bank_field("topics")
            if topic not in ours:
                message = _("the bank has no topic {topic} (its topics: {topics})").format(
                    topic=_("“{name}”").format(name=topic), topics=together(ours) or _("(none)")
                )
                self.problem("translation", "topics", message, line)
            elif (first := seen.setdefault(word.casefold(), topic)) != topic:
                message = _(
                    "“{first}” and “{second}” are both translated “{word}”: a learner could not tell "
                    "them apart"
                )
                self.problem(
                    "translation", "topics", message.format(first=first, second=topic, word=word), line
                )
        missing = [topic for topic in ours if topic not in info.topics]
        if missing:
            quoted_topics = together(_("“{name}”").format(name=topic) for topic in missing)
            # Two messages, not a plural: no number is shown, so 21 topics are no singular.
            if len(missing) == 1:
                message = _(
                    "the bank's topic {topic} has no translation here: it is shown as the bank writes it"
                )
            else:
                message = _(
                    "the bank's topics {topics} have no translation here: they are shown as the bank "
                    "writes them"
                )
            message = message.format(topic=quoted_topics, topics=quoted_topics)
            line = self.locator.table_key("translation.topics", "") or self.locator.bank_field("topics")
            self.problem("translation", "topics", message, line, warn=True)

    def questions(self, data: dict[str, Any]) -> dict[str, QuestionText]:
        raw_questions = data.get("questions", [])
        if not isinstance(raw_questions, list) or not all(isinstance(q, dict) for q in raw_questions):
            self.problem("questions", "", _("expected an array of [[questions]] tables"))
            return {}
        texts: dict[str, QuestionText] = {}
        first_seen: dict[str, int] = {}
        for position, raw in enumerate(raw_questions, start=1):
            where = question_where(raw, position)
            qid = raw.get("id")
            if isinstance(qid, str):
                if qid in first_seen:
                    self.problem(
                        where,
                        "id",
                        _("duplicate question id (first used by question #{n})").format(n=first_seen[qid]),
                        self.locator.question(position, "id"),
                    )
                    continue
                first_seen[qid] = position
                if qid not in self.bank.by_id:
                    self.problem(
                        where,
                        "id",
                        _("the bank {bank} has no question with this id").format(bank=repr(self.bank.id)),
                        self.locator.question(position, "id"),
                    )
                    continue
            try:
                found = QuestionText.model_validate(raw)
            except ValidationError as exc:
                line = partial(self.locator.question, position)
                self.problems.extend(validation_problems(exc, self.path, where, line))
                continue
            self._match(found, self.bank.by_id[found.id], where, position)
            texts[found.id] = found
        self._missing(first_seen, len(raw_questions))
        return texts

    def _match(self, text: QuestionText, question: AnyQuestion, where: str, position: int) -> None:
        """The translation has exactly the texts its question has: choices and feedback alike."""
        kind = kind_of(question)
        fields = kind.translatable
        for fld, given in text.lists.items():
            line = self.locator.question(position, fld)
            if fld not in fields:
                if kind.fixed_options:
                    words = together(kind.fixed_options)
                    message = _(
                        "a {type} question has no {field} to translate ({words} are the app's words, "
                        "translated in its catalogs): remove them"
                    ).format(type=question.type, field=fld, words=words)
                elif fields:
                    message = _("unknown key (a {type} question translates {fields})").format(
                        type=question.type, fields=together(fields)
                    )
                else:
                    message = _("unknown key (check its spelling against questions/README.md)")
                self.problem(where, fld, message, line)
            else:
                self._entries(fld, given, getattr(question, fld), fields[fld], where, line)
        ours = question.model_dump()
        for fld in fields:
            if fld not in text.lists and ours.get(fld):
                count = len(ours[fld])
                self.problem(
                    where,
                    fld,
                    _("required but missing: the bank has {field} ({n})").format(n=count, field=fld),
                    self.locator.question(position, fld),
                )
        if self.problems and any(p.where == where for p in self.problems):
            return
        try:
            kind.localised(question, {"prompt": text.prompt, "explanation": text.explanation, **text.lists})
        except ValidationError as exc:  # the words break a rule of the kind (two choices alike)
            self.problems += validation_problems(
                exc, self.path, where, lambda fld: self.locator.question(position, fld.split("[")[0])
            )

    def _entries(
        self, fld: str, given: Any, theirs: Sequence[Any], keys: tuple[str, ...], where: str, line: int | None
    ) -> None:
        """One list of a translation against the bank's: its length, and each entry's texts."""
        if not isinstance(given, (list, tuple)):
            self.problem(
                where, fld, _("expected a list of {n}, in the bank's order").format(n=len(theirs)), line
            )
            return
        if len(given) != len(theirs):
            self.problem(
                where,
                fld,
                # TRANSLATORS: {field} is the TOML key as written in the file (choices, pairs...).
                _("expected {n} {field}, as in the bank (in its order), found {found}").format(
                    n=len(theirs), field=fld.replace("_", " "), found=len(given)
                ),
                line,
            )
            return
        for index, (ours, bank) in enumerate(zip(given, theirs, strict=True)):
            at = f"{fld}[{index}]"
            if not keys:
                if not isinstance(ours, str):
                    self.problem(where, at, _("expected a text in quotes"), line)
                continue
            if not isinstance(ours, dict):
                self.problem(where, at, _("expected a table of {keys}").format(keys=together(keys)), line)
                continue
            for key in sorted(set(ours) - set(keys)):
                self.problem(where, f"{at}.{key}", _("unknown key (translations carry only texts)"), line)
            for key in keys:
                has = getattr(bank, key, None) is not None
                if key in ours and not has:
                    message = _("the bank's {entry} has no {key}: remove it").format(entry=fld[:-1], key=key)
                    self.problem(where, f"{at}.{key}", message, line)
                elif key not in ours and has:
                    message = _("required but missing: the bank's {entry} has {key}")
                    message = message.format(entry=fld[:-1], key=key)
                    self.problem(where, f"{at}.{key}", message, line)

    def _missing(self, present: dict[str, int], count: int) -> None:
        """Each bank question with no translation, placed where it belongs in the bank's order."""
        order = [q.id for q in self.bank.questions]
        for index, qid in enumerate(order):
            if qid in present:
                continue
            after = next((present[later] for later in order[index + 1 :] if later in present), None)
            line = self.locator.question(after, "") if after is not None else None
            if line:
                message = _(
                    "missing translation (question {n} of {total} in the bank): add its [[questions]] "
                    "table before this line"
                )
            else:
                message = _(
                    "missing translation (question {n} of {total} in the bank): add its [[questions]] table"
                )
            self.problem(
                _("question {id}").format(id=quoted(qid)),
                "",
                message.format(n=index + 1, total=len(order)),
                line,
            )


def localise(question: AnyQuestion, text: QuestionText, labels: tuple[str, ...] | None) -> AnyQuestion:
    """``question`` with the translation's words; everything that scores stays the bank's."""
    texts = {"prompt": text.prompt, "explanation": text.explanation, **text.lists}
    localised: AnyQuestion = kind_of(question).localised(question, texts)
    if labels is not None and hasattr(localised, "set_option_labels"):
        localised.set_option_labels(labels)
    return localised


def option_labels(question: AnyQuestion, language: str) -> tuple[str, ...] | None:
    """The app's own option words (True/False, Reliable/Manipulative) in ``language``."""
    from quiz.i18n import translator

    fixed = kind_of(question).fixed_options
    if not fixed:
        return None
    catalog = translator(primary(language))
    return tuple(catalog.gettext(word) for word in fixed)


def language_note(bank: BankLike, wanted: str | None) -> str | None:
    """What to tell a learner of ``wanted`` who reads ``bank`` in another language; None when
    the bank is in their language (or they asked for none)."""
    from quiz.i18n import _, language_name, match_language

    if not wanted or match_language(wanted, [bank.info.language]):
        return None
    return _("{bank} is not yet translated into {language}: it is shown in {original}.").format(
        bank=bank.info.title, language=language_name(wanted), original=language_name(bank.info.language)
    )

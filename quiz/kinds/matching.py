"""``matching``: give each of 3 to 8 prompts its answer (a technique to each example post).

The bank writes pairs (a prompt and its answer, optional feedback) and may add
``extra_answers`` that match no prompt, so that the last pair cannot be found by elimination.
Two prompts may share an answer (two posts can use the same technique); the answers offered
are the distinct answers of the pairs in the order first written, then the extra ones: 3 to 8
in all (Moodle's match question needs at least 3, and one key or letter each stays enough).

A response gives every prompt one answer (bank terms: the answer index of each pair, in pair
order). The prompts are shown in the bank's order, the answers always shuffled. Credit is the
share of prompts matched right, as Moodle's match question grades: no negative marking.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from quiz.i18n import N_, _
from quiz.i18n.lists import together
from quiz.kinds import xapi
from quiz.kinds.base import QuestionBase, Strict, Text, distinct
from quiz.kinds.kind import (
    LETTERS,
    Form,
    InvalidResponseError,
    Kind,
    Line,
    Mark,
    Part,
    Response,
    letter,
    numbers,
    prompt_label,
    scrambled,
)
from quiz.kinds.moodle import MoodleMatch, MoodleQuestion, NotThisKindError

MAX_ANSWERS = 8


class Pair(Strict):
    prompt: Text
    answer: Text
    feedback: str | None = None
    """Shown after answering: why this answer belongs to this prompt."""


class MatchingQuestion(QuestionBase):
    type: Literal["matching"]
    pairs: Annotated[tuple[Pair, ...], Field(min_length=3, max_length=8)]
    extra_answers: Annotated[tuple[Text, ...], Field(validate_default=True)] = ()
    """Answers that belong to no prompt."""

    @cached_property
    def answers(self) -> tuple[str, ...]:
        """The answers offered, in bank order: the pairs' distinct answers, then the extra ones."""
        return tuple(dict.fromkeys(p.answer for p in self.pairs)) + self.extra_answers

    @cached_property
    def key(self) -> Response:
        """The answer index (into ``answers``) of each pair: the right response."""
        index = {text: i for i, text in enumerate(self.answers)}
        return tuple(index[p.answer] for p in self.pairs)

    @field_validator("pairs")
    @classmethod
    def _pairs_fit(cls, pairs: tuple[Pair, ...]) -> tuple[Pair, ...]:
        distinct(
            [p.prompt for p in pairs],
            _("the prompts of pairs {first} and {second} are both {text}; they must differ"),
        )
        # The same answer must be written the same way, or it would be offered twice.
        written: dict[str, str] = {}
        for number, pair in enumerate(pairs, start=1):
            first = written.setdefault(pair.answer.casefold(), pair.answer)
            if first != pair.answer:
                message = _("pair {n} writes the answer {first} as {answer}; write it the same way")
                raise ValueError(message.format(n=number, first=repr(first), answer=repr(pair.answer)))
        return pairs

    @field_validator("extra_answers")
    @classmethod
    def _answers_fit(cls, extras: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        pairs: tuple[Pair, ...] | None = info.data.get("pairs")
        if pairs is None:
            return extras  # the pairs are wrong already, and say so
        answers = {p.answer.casefold() for p in pairs}
        for extra in extras:
            if extra.casefold() in answers:
                raise ValueError(
                    _("extra answer {answer} is already the answer of a pair").format(answer=repr(extra))
                )
        distinct(list(extras), _("extra answers {first} and {second} are both {text}; they must differ"))
        count = len(answers) + len(extras)
        if not 3 <= count <= MAX_ANSWERS:
            message = _(
                "{n} answers in all (the pairs' distinct answers and the extra ones); expected 3 to {most}"
            )
            raise ValueError(message.format(n=count, most=MAX_ANSWERS))
        return extras


_PAIR = re.compile(r"([A-Za-z])\s*[-:=.>]*\s*(\d+)")
_PAIRS = re.compile(rf"[\s,;]*(?:{_PAIR.pattern}[\s,;]*)+")
_NUMBERS_ONLY = re.compile(r"[\s,;]*(?:\d+[\s,;]*)+")


class Matching(Kind[MatchingQuestion]):
    name = "matching"
    label = N_("matching")
    model = MatchingQuestion
    form = Form.match
    ordered = True
    instruction = N_("Give each one its answer")
    xapi_interaction = "matching"
    translatable = {"pairs": ("prompt", "answer", "feedback"), "extra_answers": ()}

    def options(self, question: MatchingQuestion) -> tuple[str, ...]:
        return question.answers

    def prompts(self, question: MatchingQuestion) -> tuple[str, ...]:
        return tuple(p.prompt for p in question.pairs)

    def layout(self, question: MatchingQuestion, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
        # Even with shuffling off: in bank order the first answer belongs to the first prompt...
        return scrambled(len(question.answers), rng)

    def _problem(self, question: MatchingQuestion, given: Sequence[int], shown: bool) -> str | None:
        """Why ``given`` is not one answer per prompt; prompts and answers named as learners see
        them when ``shown`` (A, B...; 1, 2...), else by their numbers in the bank."""
        prompts, answers = len(question.pairs), len(question.answers)

        def prompt(index: int) -> str:
            return prompt_label(index) if shown else _("prompt {number}").format(number=index + 1)

        if len(given) < prompts:
            return _("{prompt} has no answer; match all {n} prompts").format(
                prompt=prompt(len(given)), n=prompts
            )
        if len(given) > prompts:
            return _("there are {n} prompts, not {given}").format(n=prompts, given=len(given))
        for index, value in enumerate(given):
            if not 0 <= value < answers:
                return _("{prompt}: there is no answer {answer} (1 to {n})").format(
                    prompt=prompt(index), answer=value + 1, n=answers
                )
        return None

    def check(self, question: MatchingQuestion, response: Iterable[int]) -> Response:
        given = tuple(response)
        problem = self._problem(question, given, shown=False)
        if problem:
            raise InvalidResponseError(problem)
        return given

    def check_shown(self, question: MatchingQuestion, shown: list[int]) -> None:
        problem = self._problem(question, shown, shown=True)
        if problem:
            raise InvalidResponseError(problem)

    def correct_response(self, question: MatchingQuestion) -> Response:
        return question.key

    def credit(self, question: MatchingQuestion, response: Response, negative: bool = False) -> float:
        if not response:
            return 0.0
        return sum(given == right for given, right in zip(response, question.key, strict=True)) / len(
            question.key
        )

    def parts(self, question: MatchingQuestion, response: Response) -> tuple[Part, ...]:
        answers = question.answers
        parts = []
        for i, pair in enumerate(question.pairs):
            given = response[i] if i < len(response) else None
            right = given == question.key[i]
            detail = (
                _("you matched “{answer}”").format(answer=answers[given])
                if given is not None and not right
                else ""
            )
            parts.append(Part(f"{pair.prompt} → {pair.answer}", right, detail, pair.feedback))
        return tuple(parts)

    def review(
        self, question: MatchingQuestion, layout: Sequence[int], response: Response | None
    ) -> tuple[Line, ...]:
        parts = self.parts(question, response or ())
        return tuple(
            Line(
                Mark.right if part.right else Mark.wrong,
                f"{prompt_label(i)}. {part.label}",
                part.detail,
                part.feedback,
            )
            for i, part in enumerate(parts)
        )

    # -- plain mode --------------------------------------------------------------------------

    def plain_lines(self, question: MatchingQuestion, layout: Sequence[int]) -> list[str]:
        lines = [f"{prompt_label(i)}. {pair.prompt}" for i, pair in enumerate(question.pairs)]
        lines.append(_("Answers:"))
        lines += [f"{shown}. {question.answers[i]}" for shown, i in enumerate(layout, start=1)]
        return lines

    def plain_ask(self, question: MatchingQuestion) -> str:
        return _(
            "Your matches: the answer's number for each of A-{last} in turn, such as {example}: "
        ).format(
            last=prompt_label(len(question.pairs) - 1),
            example=" ".join(str(n) for n in (2, 1, 3)[: len(question.pairs)]),
        )

    def plain_parse(self, question: MatchingQuestion, layout: Sequence[int], text: str) -> Response:
        """The answers' numbers in prompt order (``2 1 3``, ``2,1,3``, ``213``), or each prompt's
        letter with its number in any order (``a2 c3 b1``, also ``A-2, B:1``)."""
        prompts = len(question.pairs)
        if _NUMBERS_ONLY.fullmatch(text):
            tokens = numbers(text.replace(";", " "))
            if len(tokens) == 1 and len(tokens[0]) == prompts and len(question.answers) <= 9:
                tokens = list(tokens[0])  # "213": every answer is one digit
            if len(tokens) != prompts:
                raise InvalidResponseError(
                    _("{count} numbers for {n} to match; give one answer number for each, in order").format(
                        count=len(tokens), n=prompts
                    )
                )
            return self.from_shown(question, layout, [int(t) - 1 for t in tokens])
        if not _PAIRS.fullmatch(text):
            raise InvalidResponseError(
                _("type the answer's number for each of A-{last} in turn, such as 2 1 3").format(
                    last=prompt_label(prompts - 1)
                )
            )
        chosen: dict[int, int] = {}
        for name, answer in _PAIR.findall(text):
            index = LETTERS.index(name.lower())
            if index >= prompts:
                raise InvalidResponseError(
                    _("there is no {prompt} (A to {last})").format(
                        prompt=name.upper(), last=prompt_label(prompts - 1)
                    )
                )
            if index in chosen:
                raise InvalidResponseError(
                    _("{prompt} is matched twice; give it one answer").format(prompt=name.upper())
                )
            chosen[index] = int(answer) - 1
        missing = [prompt_label(i) for i in range(prompts) if i not in chosen]
        if missing:
            raise InvalidResponseError(_("{which}: no answer given").format(which=together(missing)))
        return self.from_shown(question, layout, [chosen[i] for i in range(prompts)])

    def plain_answer(self, question: MatchingQuestion, layout: Sequence[int], response: Response) -> str:
        return " ".join(str(s + 1) for s in self.to_shown(question, layout, response))

    # -- exports ----------------------------------------------------------------------------

    def xapi_definition(self, versions: Sequence[tuple[str, MatchingQuestion]]) -> dict[str, Any]:
        question = versions[0][1]
        sources = [str(i + 1) for i in range(len(question.pairs))]
        targets = [letter(i) for i in range(len(question.answers))]
        return {
            "interactionType": self.xapi_interaction,
            "source": xapi.components(sources, versions, self.prompts),
            "target": xapi.components(targets, versions, self.options),
            "correctResponsesPattern": [self.xapi_response(question, question.key)],
        }

    def xapi_response(self, question: MatchingQuestion, response: Response) -> str:
        return xapi.pairs((str(i + 1), letter(a)) for i, a in enumerate(response))

    def response_labels(self, question: MatchingQuestion, response: Response) -> str:
        return ";".join(f"{i + 1}{letter(a).upper()}" for i, a in enumerate(response))

    def response_text(self, question: MatchingQuestion, response: Response) -> str:
        return "; ".join(self.response_texts(question, response))

    def response_texts(self, question: MatchingQuestion, response: Response) -> list[str]:
        answers = question.answers
        return [f"{p.prompt} → {answers[a]}" for p, a in zip(question.pairs, response, strict=True)]

    # -- question interchange -------------------------------------------------------------------

    def to_moodle(self, question: MatchingQuestion) -> MoodleMatch:
        """The question as Moodle's match question holds it: extra answers have an empty prompt."""
        pairs = [(p.prompt, p.answer) for p in question.pairs]
        return MoodleMatch(tuple(pairs + [("", extra) for extra in question.extra_answers]))

    def moodle_meta(self, question: MatchingQuestion) -> dict[str, Any]:
        # Moodle's match question has no feedback per pair: it travels in the GIFT comment.
        feedback = [p.feedback for p in question.pairs]
        return {"pair_feedback": feedback} if any(feedback) else {}

    def from_moodle(self, item: MoodleQuestion, meta: Mapping[str, Any]) -> dict[str, Any]:
        """The bank fields (``pairs``, ``extra_answers``) of a Moodle match question, with each
        pair's feedback when the GIFT comment carries it."""
        if not isinstance(item, MoodleMatch):
            raise NotThisKindError(_("a matching question is a match one"))
        pairs: list[dict[str, Any]] = [{"prompt": q, "answer": a} for q, a in item.subquestions if q]
        feedback = meta.get("pair_feedback")
        if isinstance(feedback, list) and len(feedback) == len(pairs):
            for pair, text in zip(pairs, feedback, strict=True):
                if isinstance(text, str) and text:
                    pair["feedback"] = text
        extras = [a for q, a in item.subquestions if not q and a]
        answers = {p["answer"] for p in pairs}
        fields: dict[str, Any] = {"pairs": pairs}
        kept = list(dict.fromkeys(a for a in extras if a not in answers))
        if kept:
            fields["extra_answers"] = kept
        return fields


MATCHING = Matching()

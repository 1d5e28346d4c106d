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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from quiz.kinds import xapi
from quiz.kinds.base import QuestionBase, Strict, Text, distinct
from quiz.kinds.kind import LETTERS, Form, InvalidResponseError, Kind, Part, Response, letter, scrambled

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
        distinct([p.prompt for p in pairs], "the prompts of pairs")
        # The same answer must be written the same way, or it would be offered twice.
        written: dict[str, str] = {}
        for number, pair in enumerate(pairs, start=1):
            first = written.setdefault(pair.answer.casefold(), pair.answer)
            if first != pair.answer:
                raise ValueError(
                    f"pair {number} writes the answer {first!r} as {pair.answer!r}; write it the same way"
                )
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
                raise ValueError(f"extra answer {extra!r} is already the answer of a pair")
        distinct(list(extras), "extra answers")
        count = len(answers) + len(extras)
        if not 3 <= count <= MAX_ANSWERS:
            raise ValueError(
                f"{count} answers in all (the pairs' distinct answers and the extra ones); "
                f"expected 3 to {MAX_ANSWERS}"
            )
        return extras


_PAIR = re.compile(r"(\d+)\s*[-:=.>]*\s*([A-Za-z])")
_PAIRS = re.compile(rf"[\s,;]*(?:{_PAIR.pattern}[\s,;]*)+")
_LETTERS_ONLY = re.compile(r"[\s,;]*(?:[A-Za-z][\s,;]*)+")


class Matching(Kind[MatchingQuestion]):
    name = "matching"
    model = MatchingQuestion
    form = Form.match
    ordered = True
    instruction = "Give each one its answer"
    xapi_interaction = "matching"

    def options(self, question: MatchingQuestion) -> tuple[str, ...]:
        return question.answers

    def prompts(self, question: MatchingQuestion) -> tuple[str, ...]:
        return tuple(p.prompt for p in question.pairs)

    def layout(self, question: MatchingQuestion, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
        # Even with shuffling off: in bank order the first answer belongs to the first prompt...
        return scrambled(len(question.answers), rng)

    def _problem(self, question: MatchingQuestion, given: Sequence[int], name: Any) -> str | None:
        prompts, answers = len(question.pairs), len(question.answers)
        if len(given) < prompts:
            return f"prompt {len(given) + 1} has no answer; match all {prompts} prompts"
        if len(given) > prompts:
            return f"there are {prompts} prompts, not {len(given)}"
        for number, value in enumerate(given, start=1):
            if not 0 <= value < answers:
                return f"prompt {number}: there is no answer {name(value)} ({name(0)} to {name(answers - 1)})"
        return None

    def check(self, question: MatchingQuestion, response: Iterable[int]) -> Response:
        given = tuple(response)
        problem = self._problem(question, given, lambda i: str(i + 1))
        if problem:
            raise InvalidResponseError(problem)
        return given

    def check_shown(self, question: MatchingQuestion, shown: list[int]) -> None:
        problem = self._problem(question, shown, lambda i: letter(i) if 0 <= i < len(LETTERS) else str(i + 1))
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
            detail = f"you matched {answers[given]!r}" if given is not None and not right else ""
            parts.append(Part(f"{pair.prompt} → {pair.answer}", right, detail, pair.feedback))
        return tuple(parts)

    # -- plain mode --------------------------------------------------------------------------

    def plain_lines(self, question: MatchingQuestion, layout: Sequence[int]) -> list[str]:
        lines = [f"  {number}. {pair.prompt}" for number, pair in enumerate(question.pairs, start=1)]
        lines.append("  Answers:")
        lines += [f"  {letter(shown)}. {question.answers[i]}" for shown, i in enumerate(layout)]
        return lines

    def plain_ask(self, question: MatchingQuestion) -> str:
        last = letter(len(question.answers) - 1)
        return f"Your matches: each number with a letter (a-{last}), such as 1a 2c: "

    def plain_parse(self, question: MatchingQuestion, layout: Sequence[int], text: str) -> Response:
        """``1b 2a 3c`` (also ``1-b, 2:a``), or only the letters in prompt order: ``b a c``."""
        prompts = len(question.pairs)
        if _LETTERS_ONLY.fullmatch(text):
            shown = [LETTERS.index(c) for c in text.lower() if c.isalpha()]
            if len(shown) != prompts:
                raise InvalidResponseError(
                    f"{len(shown)} letters for {prompts} prompts; give one letter per prompt, in order"
                )
            return self.from_shown(question, layout, shown)
        if not _PAIRS.fullmatch(text):
            raise InvalidResponseError(
                f"type each prompt's number with its answer's letter, such as 1a 2c ({prompts} prompts)"
            )
        chosen: dict[int, int] = {}
        for number_text, answer in _PAIR.findall(text):
            number = int(number_text)
            if not 1 <= number <= prompts:
                raise InvalidResponseError(f"there is no prompt {number} (1 to {prompts})")
            if number in chosen:
                raise InvalidResponseError(f"prompt {number} is matched twice; give it one answer")
            chosen[number] = LETTERS.index(answer.lower())
        missing = [n for n in range(1, prompts + 1) if n not in chosen]
        if missing:
            which = ", ".join(map(str, missing))
            raise InvalidResponseError(f"prompt {which} {'has' if len(missing) == 1 else 'have'} no answer")
        return self.from_shown(question, layout, [chosen[n] for n in range(1, prompts + 1)])

    def plain_answer(self, question: MatchingQuestion, layout: Sequence[int], response: Response) -> str:
        shown = self.to_shown(question, layout, response)
        return " ".join(f"{number}{letter(s)}" for number, s in enumerate(shown, start=1))

    # -- exports ----------------------------------------------------------------------------

    def xapi_definition(self, question: MatchingQuestion, language: str) -> dict[str, Any]:
        sources = [str(i + 1) for i in range(len(question.pairs))]
        targets = [letter(i) for i in range(len(question.answers))]
        return {
            "interactionType": self.xapi_interaction,
            "source": xapi.components(sources, self.prompts(question), language),
            "target": xapi.components(targets, question.answers, language),
            "correctResponsesPattern": [self.xapi_response(question, question.key)],
        }

    def xapi_response(self, question: MatchingQuestion, response: Response) -> str:
        return xapi.pairs((str(i + 1), letter(a)) for i, a in enumerate(response))

    def response_labels(self, question: MatchingQuestion, response: Response) -> str:
        return ";".join(f"{i + 1}{letter(a).upper()}" for i, a in enumerate(response))

    def response_text(self, question: MatchingQuestion, response: Response) -> str:
        answers = question.answers
        return "; ".join(f"{p.prompt} → {answers[a]}" for p, a in zip(question.pairs, response, strict=True))

    # -- question interchange -------------------------------------------------------------------

    def to_moodle(self, question: MatchingQuestion) -> MoodleMatch:
        """The question as Moodle's match question holds it: extra answers have an empty prompt."""
        pairs = [(p.prompt, p.answer) for p in question.pairs]
        return MoodleMatch(tuple(pairs + [("", extra) for extra in question.extra_answers]))

    def from_moodle(self, match: MoodleMatch) -> dict[str, Any]:
        """The bank fields (``pairs``, ``extra_answers``) of a Moodle match question."""
        pairs = [{"prompt": q, "answer": a} for q, a in match.subquestions if q]
        extras = [a for q, a in match.subquestions if not q and a]
        answers = {p["answer"] for p in pairs}
        fields: dict[str, Any] = {"pairs": pairs}
        kept = list(dict.fromkeys(a for a in extras if a not in answers))
        if kept:
            fields["extra_answers"] = kept
        return fields


@dataclass(frozen=True)
class MoodleMatch:
    """A match question as Moodle stores it: (subquestion text, answer text) per row.

    A row with an empty subquestion is an answer that matches nothing (a distractor).
    """

    subquestions: tuple[tuple[str, str], ...]


MATCHING = Matching()

"""Questions with written choices (``single``, ``multiple``), and per-choice credit.

Without ``credit`` a question is scored by the equal shares of ``quiz.kinds.choosing``. A choice
may instead carry ``credit``, a fraction of the question's points (negative for a penalty), as
Moodle's and Razzia's choices do; once one choice of a question has it, a choice without it is
worth 0. The credit of a response is then the credit of the choices chosen, added up and held
to at most 1 and at least 0 (at least -1 with negative marking), as Moodle's multichoice
question grades. A choice is right (``correct``) when its credit is above 0, and that is what the
feedback shows; ``correct`` may still be written, and must then agree with the credit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import Field, StrictBool, field_validator

from quiz.i18n import _
from quiz.kinds.base import QuestionBase, Strict, Text
from quiz.kinds.choosing import Choosing
from quiz.kinds.kind import Form, Response
from quiz.kinds.moodle import MoodleAnswer, MoodleChoice, MoodleQuestion, NotThisKindError

Credit = Annotated[float, Field(ge=-1, le=1, strict=True, allow_inf_nan=False)]
FULL = 1.0
TOLERANCE = 0.01
"""How far the positive credits of a ``multiple`` question may add up from 1 (Moodle's own
check allows the same for its rounded grades, such as three of 33.33333%)."""


class Choice(Strict):
    text: Text
    correct: StrictBool | None = None
    """Whether the choice is right; without ``credit``, what the equal shares are computed from."""
    credit: Credit | None = None
    """The fraction of the question's points this choice earns (negative: it costs)."""
    feedback: str | None = None

    @property
    def right(self) -> bool:
        return self.credit > 0 if self.credit is not None else bool(self.correct)


class ChoiceQuestion(QuestionBase):
    choices: Annotated[tuple[Choice, ...], Field(min_length=2, max_length=8)]
    shuffle: StrictBool = True

    @property
    def weighted(self) -> bool:
        """Whether the choices carry their own credit instead of equal shares."""
        return any(c.credit is not None for c in self.choices)

    @field_validator("choices")
    @classmethod
    def _choices_fit(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        seen: set[str] = set()
        for choice in choices:
            key = choice.text.casefold()
            if key in seen:
                raise ValueError(
                    _("two choices have the text {text}; choices must differ").format(text=repr(choice.text))
                )
            seen.add(key)
        if any(c.credit is not None for c in choices):
            for number, choice in enumerate(choices, start=1):
                credit = choice.credit or 0.0
                if choice.correct is True and credit <= 0:
                    message = _(
                        "choice {n} is correct = true but its credit is {credit}; "
                        "a right choice earns a credit above 0"
                    )
                    raise ValueError(message.format(n=number, credit=f"{credit:g}"))
                if choice.correct is False and credit > 0:
                    message = _(
                        "choice {n} earns credit {credit} but is correct = false; "
                        "leave correct out, since the credit says it"
                    )
                    raise ValueError(message.format(n=number, credit=f"{credit:g}"))
        return choices


CQ = TypeVar("CQ", bound="ChoiceQuestion")


class ChoiceKind(Choosing[CQ]):
    """The rules ``single`` and ``multiple`` share: written choices, their feedback and credit."""

    translatable = {"choices": ("text", "feedback")}

    def options(self, question: CQ) -> tuple[str, ...]:
        return tuple(c.text for c in question.choices)

    def right(self, question: CQ) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(question.choices) if c.right)

    def option_feedback(self, question: CQ, index: int) -> str | None:
        return question.choices[index].feedback

    def shuffled(self, question: CQ) -> bool:
        return question.shuffle

    def credit(self, question: CQ, response: Response, negative: bool = False) -> float:
        if not question.weighted:
            return super().credit(question, response, negative)
        if not response:
            return 0.0
        earned = sum(question.choices[i].credit or 0.0 for i in response)
        return max(-1.0 if negative else 0.0, min(FULL, earned))

    def lowest_credit(self, question: CQ, negative: bool) -> float:
        if not question.weighted:
            return super().lowest_credit(question, negative)
        if not negative:
            return 0.0
        credits = [c.credit or 0.0 for c in question.choices]
        return max(-1.0, self.worst(credits))

    def worst(self, credits: Sequence[float]) -> float:
        """The lowest sum of credits a response can add up to."""
        return min(credits)

    # -- Moodle --------------------------------------------------------------------------------

    def fractions(self, question: CQ) -> list[float]:
        """Each choice's share of the grade as Moodle holds it: the credit, or the equal shares."""
        if question.weighted:
            return [c.credit or 0.0 for c in question.choices]
        right = self.right(question)
        if self.form is Form.choose_one:
            return [1.0 if i in right else 0.0 for i in range(len(question.choices))]
        wrong = len(question.choices) - len(right)
        return [1 / len(right) if i in right else -1 / wrong for i in range(len(question.choices))]

    def to_moodle(self, question: CQ) -> MoodleChoice:
        answers = (
            MoodleAnswer(c.text, fraction, c.feedback)
            for c, fraction in zip(question.choices, self.fractions(question), strict=True)
        )
        return MoodleChoice(self.form is Form.choose_one, tuple(answers))

    def moodle_meta(self, question: CQ) -> dict[str, Any]:
        return {"shuffle": question.shuffle}

    def from_moodle(self, item: MoodleQuestion, meta: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(item, MoodleChoice) or item.single != (self.form is Form.choose_one):
            raise NotThisKindError(_("a {kind} question is a multiple-choice one").format(kind=self.name))
        if len(item.answers) > 8:
            message = _("it has {n} answers; a bank question has at most 8")
            raise NotThisKindError(message.format(n=len(item.answers)))
        fractions = [a.fraction for a in item.answers]
        equal = _equal_shares(fractions, one=self.form is Form.choose_one)
        choices = []
        for answer in item.answers:
            choice: dict[str, Any] = {"text": answer.text}
            if equal:
                if answer.fraction > 0:
                    choice["correct"] = True
            elif answer.fraction != 0:
                choice["credit"] = round(answer.fraction, 7)
            if answer.feedback:
                choice["feedback"] = answer.feedback
            choices.append(choice)
        fields: dict[str, Any] = {"choices": choices}
        if isinstance(meta.get("shuffle"), bool):
            fields["shuffle"] = meta["shuffle"]
        return fields


def _equal_shares(fractions: Sequence[float], one: bool) -> bool:
    """Whether Moodle's fractions are what equal shares give (so no ``credit`` is needed)."""
    if one:
        return sorted(fractions)[-1] == FULL and all(f == 0 for f in sorted(fractions)[:-1])
    right = [f for f in fractions if f > 0]
    wrong = [f for f in fractions if f <= 0]
    return (
        bool(right)
        and all(abs(f - 1 / len(right)) < 1e-4 for f in right)
        and all(abs(f + 1 / len(wrong)) < 1e-4 for f in wrong)
    )

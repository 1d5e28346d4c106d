"""The protocol every question kind provides, so that nothing outside its module names it.

A kind is one object (a ``Kind`` subclass, registered in ``quiz.kinds.registry``) that owns its
bank model and every rule that depends on the kind: how its options are laid out, what a
response is and how it is checked and credited, how it is shown and typed in plain mode, what a
front end or a live learner is given (never the answer), its xAPI interaction, and how a
response reads in csv and html.

Two orders are in play and must never be mixed up:

* **bank terms**: indices into the kind's ``options`` as the bank file lists them. Responses
  are stored, scored and exported in bank terms, so a score never depends on a shuffle.
* **shown terms**: positions in the order a learner sees (the attempt plan's ``layout``, a
  permutation of the options). Front ends and the live wire speak shown terms; ``to_shown``
  and ``from_shown`` convert.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from quiz.errors import QuizError
from quiz.kinds.base import QuestionBase

Response = tuple[int, ...]
"""A response in bank terms, in the order it means: the chosen option indices in increasing
order for kinds that choose, the item indices from first to last for ``ordering``, the answer
index of each pair for ``matching``. Stored as this JSON list, order kept."""

Q = TypeVar("Q", bound=QuestionBase)

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class InvalidResponseError(QuizError):
    """A response the question cannot take; the message says what was expected."""


class Form(StrEnum):
    """How a learner gives an answer: one widget, one plain parser and one wire shape per form."""

    choose_one = "choose_one"
    """Pick one option."""
    choose_many = "choose_many"
    """Tick any number of options (at least one)."""
    order = "order"
    """Put every option in order, first to last."""
    match = "match"
    """Give each prompt one of the options."""


@dataclass(frozen=True)
class Shown:
    """What a front end shows and a live learner receives: nothing in it tells the answer."""

    form: Form
    options: tuple[str, ...]
    """Option texts in shown order."""
    prompts: tuple[str, ...] = ()
    """The prompts to give an option each (``match``), in the order shown; empty otherwise."""


@dataclass(frozen=True)
class Part:
    """One unit a response is judged on: an option, a pair of neighbours, a prompt, a segment."""

    label: str
    right: bool
    """Whether the learner got this part right."""
    detail: str = ""
    """What the learner did with it, when that is not plain from the label."""
    feedback: str | None = None
    """The bank's feedback on this part, to show after answering."""


class Kind(ABC, Generic[Q]):
    """One question kind. Subclasses set the class attributes and implement the rules."""

    name: ClassVar[str]
    """The ``type`` of the kind's questions in bank files."""
    model: type[Q]
    form: ClassVar[Form]
    ordered: ClassVar[bool] = False
    """Whether a response's order means something (``order``, ``match``) or it is a set."""
    instruction: ClassVar[str]
    """One line above the options: what to do, in words."""
    xapi_interaction: ClassVar[str]
    """The xAPI 1.0.3 ``interactionType``."""

    # -- the question ------------------------------------------------------------------------

    @abstractmethod
    def options(self, question: Q) -> tuple[str, ...]:
        """The texts a layout puts in order, in bank order."""

    def prompts(self, question: Q) -> tuple[str, ...]:
        """The prompts of a ``match`` form, in bank order (and shown in that order)."""
        return ()

    @abstractmethod
    def layout(self, question: Q, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
        """The shown order of the options (bank indices), drawn from the plan's seeded ``rng``."""

    # -- responses -----------------------------------------------------------------------------

    @abstractmethod
    def check(self, question: Q, response: Iterable[int]) -> Response:
        """The response in its canonical form; ``InvalidResponseError`` if it does not fit."""

    @abstractmethod
    def correct_response(self, question: Q) -> Response:
        """The fully right response, in bank terms."""

    @abstractmethod
    def credit(self, question: Q, response: Response, negative: bool = False) -> float:
        """The fraction of the question earned: 1 is fully right; below 0 only when ``negative``."""

    def lowest_credit(self, question: Q, negative: bool) -> float:
        """The least ``credit`` can give under this marking (xAPI's ``score.min`` needs it)."""
        return 0.0

    @abstractmethod
    def parts(self, question: Q, response: Response) -> tuple[Part, ...]:
        """The parts of the question and whether ``response`` got each right, in bank order."""

    # -- shown terms -----------------------------------------------------------------------

    def shown(self, question: Q, layout: Sequence[int]) -> Shown:
        options = self.options(question)
        return Shown(self.form, tuple(options[i] for i in layout), self.prompts(question))

    def to_shown(self, question: Q, layout: Sequence[int], response: Response) -> tuple[int, ...]:
        """``response`` as shown positions: what a front end marks and the wire carries."""
        positions = tuple(layout.index(i) for i in response)
        return positions if self.ordered else tuple(sorted(positions))

    def from_shown(self, question: Q, layout: Sequence[int], shown: Iterable[int]) -> Response:
        """A response given in shown positions, checked and turned into bank terms."""
        given = list(shown)
        self.check_shown(question, given)
        return self.check(question, (layout[s] for s in given))

    def check_shown(self, question: Q, shown: list[int]) -> None:
        """Refuse a response in shown terms, so that messages name the numbers the learner saw.

        Whatever it lets through must index the layout: ``from_shown`` maps it next.
        """
        n = len(self.options(question))
        bad = [s for s in shown if not 0 <= s < n]
        if bad:
            raise InvalidResponseError(f"option {bad[0] + 1} does not exist (1 to {n})")

    # -- plain mode -------------------------------------------------------------------------

    @abstractmethod
    def plain_lines(self, question: Q, layout: Sequence[int]) -> list[str]:
        """The options as numbered lines under the prompt."""

    @abstractmethod
    def plain_ask(self, question: Q) -> str:
        """The line that asks for the answer, with an example of how to type it."""

    @abstractmethod
    def plain_parse(self, question: Q, layout: Sequence[int], text: str) -> Response:
        """A typed answer in bank terms; ``InvalidResponseError`` saying what was expected."""

    @abstractmethod
    def plain_answer(self, question: Q, layout: Sequence[int], response: Response) -> str:
        """``response`` written as a learner would type it: ``plain_parse`` reads it back."""

    # -- exports ----------------------------------------------------------------------------

    @abstractmethod
    def xapi_definition(self, question: Q, language: str) -> dict[str, Any]:
        """The interaction part of the activity definition: type, components, correct pattern."""

    @abstractmethod
    def xapi_response(self, question: Q, response: Response) -> str:
        """``result.response`` in the format the interaction type prescribes."""

    @abstractmethod
    def response_labels(self, question: Q, response: Response) -> str:
        """A short code for the response in csv and json (``A;C``, ``B;A;C``, ``1B;2A``)."""

    @abstractmethod
    def response_text(self, question: Q, response: Response) -> str:
        """The response in words, for csv and html."""


def scrambled(count: int, rng: random.Random) -> tuple[int, ...]:
    """A seeded shuffle of ``range(count)`` that is never the identity (for 2 or more).

    For kinds whose bank order is the answer; drawn again until it differs (for 3 items one
    draw in six would show the answer).
    """
    order = list(range(count))
    while count > 1 and order == sorted(order):
        rng.shuffle(order)
    return tuple(order)


def letter(index: int) -> str:
    return LETTERS[index]


def numbers(text: str) -> list[str]:
    """The tokens of a typed answer: numbers may be separated by commas, spaces or both."""
    return [token for token in text.replace(",", " ").split() if token]

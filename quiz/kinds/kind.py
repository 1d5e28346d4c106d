"""The protocol every question kind provides, so that nothing outside its module names it.

A kind is one object (a ``Kind`` subclass, registered in ``quiz.kinds.registry``) that owns its
bank model and every rule that depends on the kind: how its options are laid out, what a
response is and how it is checked and credited, how it is shown and typed in plain mode, what a
front end or a live learner is given (never the answer), its xAPI interaction, how a response
reads in csv and html, and which of its texts a translation carries.

Two orders are in play and must never be mixed up:

* **bank terms**: indices into the kind's ``options`` as the bank file lists them. Responses
  are stored, scored and exported in bank terms, so a score never depends on a shuffle.
* **shown terms**: positions in the order a learner sees (the attempt plan's ``layout``, a
  permutation of the options). Front ends and the live wire speak shown terms; ``to_shown``
  and ``from_shown`` convert.

Front ends know *forms* (how an answer is given: pick one, tick several, order, match), never
kinds: a new kind that reuses a form needs no front-end code.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from quiz.errors import QuizError
from quiz.i18n import _
from quiz.i18n.lists import together
from quiz.kinds.base import QuestionBase
from quiz.kinds.moodle import MoodleQuestion

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


BY_PARTS = (Form.order, Form.match)
"""Forms whose results count right parts (neighbour pairs, prompts), not how many chose each
option: a per-option distribution of an order or a match says nothing."""


class Look(StrEnum):
    """How the prompt is set: as a question, or as a post or headline to read as one."""

    question = "question"
    post = "post"


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


class Mark(StrEnum):
    right = "right"
    """A right option, pair or step (✓)."""
    wrong = "wrong"
    """Chosen, matched or ordered wrongly (✗)."""
    plain = "plain"
    """Neither: an option not chosen that was not right (·)."""


SYMBOLS = {Mark.right: "✓", Mark.wrong: "✗", Mark.plain: "·"}
"""How a mark reads on screen and in plain text: a symbol, never colour alone."""


@dataclass(frozen=True)
class Line:
    """One line of the review after answering, in the order shown: what the feedback screens,
    plain mode and the HTML report print under the prompt."""

    mark: Mark
    text: str
    """``False``, ``Stop → Investigate``."""
    note: str = ""
    """``your answer, correct``; ``you put 'Trace' after it``."""
    feedback: str | None = None
    label: str = ""
    """The number or letter the learner saw it by (``2``, ``A``), if any."""

    @property
    def shown(self) -> str:
        """The text after its label: ``2. False``."""
        return f"{self.label}. {self.text}" if self.label else self.text


class Kind(ABC, Generic[Q]):
    """One question kind. Subclasses set the class attributes and implement the rules."""

    name: ClassVar[str]
    """The ``type`` of the kind's questions in bank files."""
    label: ClassVar[str]
    """The kind in a few words, for people ("single choice"; marked for the catalogs, ``_()``
    it): ``name`` is the bank files' id, which machine outputs keep."""
    model: type[Q]
    form: ClassVar[Form]
    ordered: ClassVar[bool] = False
    """Whether a response's order means something (``order``, ``match``) or it is a set."""
    instruction: ClassVar[str]
    """One line above the options: what to do, in words (marked for the catalogs; ``_()`` it)."""
    look: ClassVar[Look] = Look.question
    xapi_interaction: ClassVar[str]
    """The xAPI 1.0.3 ``interactionType``."""
    translatable: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    """The fields beyond prompt and explanation that a translation carries, each a list in bank
    order: of texts (no keys), or of tables with these text keys."""
    fixed_options: ClassVar[tuple[str, ...]] = ()
    """Options that are the app's own words (True/False), translated in its catalogs."""
    measures_discernment: ClassVar[bool] = False
    """Whether its items are the reliable/manipulative judgements discernment is measured on."""
    moodle_by_default: ClassVar[bool] = True
    """Whether a Moodle question of the shape it reads is this kind with no comment saying so
    (a headline is a multiple-choice question unless the comment says headline)."""

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

    def localised(self, question: Q, texts: Mapping[str, Any]) -> Q:
        """``question`` with a translation's words (``prompt``, ``explanation`` and the
        ``translatable`` fields); every rule of the model is checked again on them, so a
        translation that makes two options read the same is refused like a bank would be."""
        data = question.model_dump()
        data.update({key: texts[key] for key in ("prompt", "explanation") if key in texts})
        for fld, keys in self.translatable.items():
            given = texts.get(fld)
            if given is None:
                continue
            if keys:
                data[fld] = [
                    {**ours, **{k: theirs.get(k) for k in keys if k in ours}}
                    for ours, theirs in zip(data[fld], given, strict=True)
                ]
            else:
                data[fld] = list(given)
        return self.model.model_validate(data)

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

    def part_labels(self, question: Q) -> tuple[str, ...]:
        """The labels of ``parts``, which do not depend on the response: what a live reveal
        and item analysis count right answers of."""
        return tuple(part.label for part in self.parts(question, self.correct_response(question)))

    @abstractmethod
    def review(self, question: Q, layout: Sequence[int], response: Response | None) -> tuple[Line, ...]:
        """What the learner sees after answering (``response`` None: not answered), in shown
        order: every option marked, or every pair and step, each with its feedback."""

    def is_reliable(self, question: Q) -> bool:
        """For a kind that ``measures_discernment``: whether the item is reliable."""
        raise NotImplementedError(self.name)

    def judged_reliable(self, question: Q, response: Response) -> bool:
        """For a kind that ``measures_discernment``: whether ``response`` says reliable."""
        raise NotImplementedError(self.name)

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
            raise InvalidResponseError(
                _("option {number} does not exist (1 to {n})").format(number=bad[0] + 1, n=n)
            )

    def answer_text(self, question: Q, layout: Sequence[int], response: Response) -> str:
        """``response`` in words with the numbers the learner saw: ``2. False``,
        ``3. Stop → 1. Investigate``; the "Correct answer:" line of every front end."""
        return shown_answer(self.shown(question, layout), self.to_shown(question, layout, response))

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

    def plain_feedback(self, question: Q, layout: Sequence[int], response: Response) -> list[str]:
        """The lines under "Correct answer:" in plain mode: each pair or step, right or not."""
        lines = []
        for line in self.review(question, layout, response):
            note = " " + _("({note})").format(note=line.note) if line.note else ""
            lines.append(f"{SYMBOLS[line.mark]} {line.shown}{note}")
            if line.feedback:
                lines.append(f"    {line.feedback}")
        return lines

    # -- exports ----------------------------------------------------------------------------

    @abstractmethod
    def xapi_definition(self, versions: Sequence[tuple[str, Q]]) -> dict[str, Any]:
        """The interaction part of the activity definition: type, components, correct pattern.

        ``versions``: the question in the bank's language first, then in each translation's,
        so that every component's description is a language map of all of them.
        """

    @abstractmethod
    def xapi_response(self, question: Q, response: Response) -> str:
        """``result.response`` in the format the interaction type prescribes."""

    @abstractmethod
    def response_labels(self, question: Q, response: Response) -> str:
        """A short code for the response in csv and json (``A;C``, ``B;A;C``, ``1B;2A``)."""

    @abstractmethod
    def response_text(self, question: Q, response: Response) -> str:
        """The response in words, for csv and html."""

    def response_texts(self, question: Q, response: Response) -> list[str]:
        """The response in words, one entry per option chosen, item or pair (json)."""
        return [self.response_text(question, response)]

    # -- question interchange (GIFT, ``quiz.kinds.moodle``) ---------------------------------------

    @abstractmethod
    def to_moodle(self, question: Q) -> MoodleQuestion:
        """The question as one of Moodle's question types (the nearest, when Moodle lacks it)."""

    def moodle_meta(self, question: Q) -> dict[str, Any]:
        """What Moodle has no place for, kept in the GIFT comment to read back (``shuffle``)."""
        return {}

    @abstractmethod
    def from_moodle(self, item: MoodleQuestion, meta: Mapping[str, Any]) -> dict[str, Any]:
        """The kind's own bank fields read from a Moodle question (and the comment's ``meta``);
        ``NotThisKindError`` saying why when it cannot be read as this kind."""

    def moodle_note(self, question: Q) -> str | None:
        """What Moodle will make of the question that differs from this app, if anything."""
        return None


def shown_answer(shown: Shown, positions: Sequence[int]) -> str:
    """A response in shown terms, in words with the numbers and letters the learner saw.

    Needs only what a learner was given (a live client has no question): ``2. False; 3. X``
    for the choose forms, ``3. Stop → 1. Investigate`` for an order, ``A → 3. Emotion`` per
    prompt for a match.
    """
    options = shown.options
    if shown.form is Form.order:
        return " → ".join(f"{p + 1}. {options[p]}" for p in positions)
    if shown.form is Form.match:
        return together(f"{prompt_label(i)} → {p + 1}. {options[p]}" for i, p in enumerate(positions))
    return together(f"{p + 1}. {options[p]}" for p in sorted(positions))


def shown_answer_lines(shown: Shown, positions: Sequence[int]) -> list[str]:
    """A response in shown terms as lines: each option chosen with its number, each item in
    its place (``1. Stop``), or each prompt with its answer (``A. the post → emotion``)."""
    options = shown.options
    if shown.form is Form.order:
        return [f"{place}. {options[p]}" for place, p in enumerate(positions, start=1)]
    if shown.form is Form.match:
        return [f"{prompt_label(i)}. {shown.prompts[i]} → {options[p]}" for i, p in enumerate(positions)]
    return [f"{p + 1}. {options[p]}" for p in sorted(positions)]


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


def prompt_label(index: int) -> str:
    """How a match form's prompt is named to learners: A, B, C... (its answers are numbered,
    as every option is, since numbers are what a learner types or presses)."""
    return LETTERS[index].upper()


def numbers(text: str) -> list[str]:
    """The tokens of a typed answer: numbers may be separated by commas, spaces or both."""
    return [token for token in text.replace(",", " ").split() if token]


def language_map(versions: Sequence[tuple[str, Any]], text: Any) -> dict[str, str]:
    """``{tag: text(version)}`` over the versions of a question, for xAPI's language maps."""
    return {tag: text(version) for tag, version in versions}

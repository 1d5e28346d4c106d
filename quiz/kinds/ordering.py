"""``ordering``: put 3 to 8 items in the right order (the SIFT steps, the stages of a campaign).

The bank lists the items in the right order; they are always shown scrambled (never in the
right order, whatever the shuffle setting, since the written order is the answer).

Credit follows Moodle's ordering question with the grading type "Relative to the next item
(excluding last)" (``GRADING_RELATIVE_NEXT_EXCLUDE_LAST``): each item but the last of the right
order earns a share when the learner put the item that follows it right after it, so the credit
is the number of right neighbours over n - 1. Why this one of Moodle's nine:

* what these items train is which step comes after which, and that is exactly what it scores;
* one step put in the wrong place costs one or two shares, where "Absolute position" (Moodle's
  default) gives nothing at all when the first step is put last and the rest follow in order;
* each share is one neighbour pair, so the feedback and the live reveal can say which pairs
  were right without ambiguity ("longest ordered subset" picks among equally long subsets).

Ordering has no negative marking: a wrong order earns 0 at worst, as in Moodle.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from quiz.i18n import N_, _
from quiz.i18n.lists import together
from quiz.kinds import xapi
from quiz.kinds.base import QuestionBase, Text, distinct
from quiz.kinds.kind import (
    Form,
    InvalidResponseError,
    Kind,
    Line,
    Mark,
    Part,
    Response,
    letter,
    numbers,
    scrambled,
)
from quiz.kinds.moodle import MoodleMatch, MoodleQuestion, NotThisKindError


class OrderingQuestion(QuestionBase):
    type: Literal["ordering"]
    items: Annotated[tuple[Text, ...], Field(min_length=3, max_length=8)]
    """The items in the right order, first to last."""

    @field_validator("items")
    @classmethod
    def _distinct_items(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        distinct(list(items), _("items {first} and {second} are both {text}; they must differ"))
        return items


def _permutation_problem(given: Sequence[int], n: int) -> str | None:
    """Why ``given`` (0-based) is not an order of all n items, in 1-based words; None if it is."""
    seen: set[int] = set()
    for value in given:
        if not 0 <= value < n:
            return _("there is no item {number} (1 to {n})").format(number=value + 1, n=n)
        if value in seen:
            return _("item {number} appears twice; use each number from 1 to {n} once").format(
                number=value + 1, n=n
            )
        seen.add(value)
    missing = [i + 1 for i in range(n) if i not in seen]
    if missing:
        which = together(map(str, missing))
        if len(missing) == 1:
            return _("item {which} is missing; put all {n} items in order").format(which=which, n=n)
        return _("items {which} are missing; put all {n} items in order").format(which=which, n=n)
    return None


class Ordering(Kind[OrderingQuestion]):
    name = "ordering"
    label = N_("ordering")
    model = OrderingQuestion
    form = Form.order
    ordered = True
    instruction = N_("Put these in the right order, first to last")
    xapi_interaction = "sequencing"
    translatable = {"items": ()}
    moodle_by_default = False

    def options(self, question: OrderingQuestion) -> tuple[str, ...]:
        return question.items

    def layout(self, question: OrderingQuestion, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
        return scrambled(len(question.items), rng)  # even with shuffling off: bank order is the answer

    def check(self, question: OrderingQuestion, response: Iterable[int]) -> Response:
        given = tuple(response)
        problem = _permutation_problem(given, len(question.items))
        if problem:
            raise InvalidResponseError(problem)
        return given

    def check_shown(self, question: OrderingQuestion, shown: list[int]) -> None:
        problem = _permutation_problem(shown, len(question.items))
        if problem:
            raise InvalidResponseError(problem)

    def correct_response(self, question: OrderingQuestion) -> Response:
        return tuple(range(len(question.items)))

    def _followers(self, response: Response) -> dict[int, int]:
        return dict(itertools.pairwise(response))

    def credit(self, question: OrderingQuestion, response: Response, negative: bool = False) -> float:
        if not response:
            return 0.0
        following = self._followers(response)
        n = len(question.items)
        return sum(following.get(i) == i + 1 for i in range(n - 1)) / (n - 1)

    def parts(self, question: OrderingQuestion, response: Response) -> tuple[Part, ...]:
        items = question.items
        following = self._followers(response)
        parts = []
        for i in range(len(items) - 1):
            right = following.get(i) == i + 1
            if right or not response:
                detail = ""
            elif i in following:
                detail = _("you put “{item}” after it").format(item=items[following[i]])
            else:
                detail = _("you put it last")
            parts.append(Part(f"{items[i]} → {items[i + 1]}", right, detail))
        return tuple(parts)

    def review(
        self, question: OrderingQuestion, layout: Sequence[int], response: Response | None
    ) -> tuple[Line, ...]:
        return tuple(
            Line(Mark.right if part.right else Mark.wrong, part.label, part.detail)
            for part in self.parts(question, response or ())
        )

    # -- plain mode --------------------------------------------------------------------------

    def plain_lines(self, question: OrderingQuestion, layout: Sequence[int]) -> list[str]:
        return [f"{shown}. {question.items[i]}" for shown, i in enumerate(layout, start=1)]

    def plain_ask(self, question: OrderingQuestion) -> str:
        n = len(question.items)
        return _("Your order: the numbers 1-{n} from first to last, separated by spaces: ").format(n=n)

    def plain_parse(self, question: OrderingQuestion, layout: Sequence[int], text: str) -> Response:
        n = len(question.items)
        tokens = numbers(text)
        if len(tokens) == 1 and len(tokens[0]) == n and tokens[0].isdigit():
            tokens = list(tokens[0])  # "3124": every item is one digit, since n <= 8
        if not tokens or not all(t.isdigit() for t in tokens):
            raise InvalidResponseError(
                _("type the numbers 1 to {n} in your order, such as 2 1 3").format(n=n)
            )
        return self.from_shown(question, layout, [int(t) - 1 for t in tokens])

    def plain_answer(self, question: OrderingQuestion, layout: Sequence[int], response: Response) -> str:
        return " ".join(str(s + 1) for s in self.to_shown(question, layout, response))

    # -- exports ----------------------------------------------------------------------------

    def xapi_definition(self, versions: Sequence[tuple[str, OrderingQuestion]]) -> dict[str, Any]:
        ids = [letter(i) for i in range(len(versions[0][1].items))]
        return {
            "interactionType": self.xapi_interaction,
            "choices": xapi.components(ids, versions, self.options),
            "correctResponsesPattern": [xapi.items(ids)],
        }

    def xapi_response(self, question: OrderingQuestion, response: Response) -> str:
        return xapi.items(letter(i) for i in response)

    def response_labels(self, question: OrderingQuestion, response: Response) -> str:
        return ";".join(letter(i).upper() for i in response)

    def response_text(self, question: OrderingQuestion, response: Response) -> str:
        return "; ".join(self.response_texts(question, response))

    def response_texts(self, question: OrderingQuestion, response: Response) -> list[str]:
        return [f"{place}. {question.items[i]}" for place, i in enumerate(response, start=1)]

    # -- Moodle: a matching of each item to its place ---------------------------------------------

    def to_moodle(self, question: OrderingQuestion) -> MoodleMatch:
        # Moodle's ordering question is a plugin that GIFT cannot write; every Moodle has match.
        return MoodleMatch(tuple((item, str(place)) for place, item in enumerate(question.items, start=1)))

    def from_moodle(self, item: MoodleQuestion, meta: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(item, MoodleMatch):
            raise NotThisKindError(_("an ordering question is written as a match one"))
        rows = item.subquestions
        places = [answer for _, answer in rows]
        if any(not prompt for prompt, _ in rows) or places != [str(n) for n in range(1, len(rows) + 1)]:
            raise NotThisKindError(_("its pairs do not give each item its place, 1 to the last"))
        return {"items": [prompt for prompt, _ in rows]}

    def moodle_note(self, question: OrderingQuestion) -> str | None:
        return _(
            "an ordering question, which GIFT cannot hold: Moodle gets a matching question that gives "
            "each item its place (and grades each place right, where this app grades each neighbour)"
        )


ORDERING = Ordering()

"""What every kind answered by choosing options shares: ``single``, ``multiple``,
``true_false``, ``headline`` and ``spot``.

A response is the set of chosen option indices, kept in increasing order. Choosing one is
all or nothing (with negative marking a wrong answer costs 1/(n-1), so blind guessing is worth 0
on average); choosing several is credited as Moodle's multiple-answer question: the right
options share +100%, the wrong ones -100%, floored at 0 (at -100% with negative marking).
"""

from __future__ import annotations

import random
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any

from quiz.i18n import _
from quiz.kinds import xapi
from quiz.kinds.credit import shared_credit
from quiz.kinds.kind import Form, InvalidResponseError, Kind, Line, Mark, Part, Q, Response, letter, numbers


class Choosing(Kind[Q]):
    xapi_interaction = "choice"

    @abstractmethod
    def right(self, question: Q) -> frozenset[int]:
        """The right options, bank indices."""

    def option_feedback(self, question: Q, index: int) -> str | None:
        return None

    def shuffled(self, question: Q) -> bool:
        """Whether the options may be shown in a shuffled order."""
        return False

    def layout(self, question: Q, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
        order = list(range(len(self.options(question))))
        if shuffle and self.shuffled(question):
            rng.shuffle(order)
        return tuple(order)

    # -- responses -------------------------------------------------------------------------

    def check(self, question: Q, response: Iterable[int]) -> Response:
        chosen = sorted(set(response))
        if not chosen:
            raise InvalidResponseError(_("choose an option"))
        n = len(self.options(question))
        bad = [i for i in chosen if not 0 <= i < n]
        if bad:
            raise InvalidResponseError(
                _("option {number} does not exist (1 to {n})").format(number=bad[0] + 1, n=n)
            )
        if len(chosen) > 1 and self.form is Form.choose_one:
            raise InvalidResponseError(_("choose exactly one option"))
        return tuple(chosen)

    def correct_response(self, question: Q) -> Response:
        return tuple(sorted(self.right(question)))

    def credit(self, question: Q, response: Response, negative: bool = False) -> float:
        if not response:
            return 0.0
        right = self.right(question)
        n = len(self.options(question))
        if self.form is Form.choose_many:
            return shared_credit(right, response, n, negative)
        if set(response) == right:
            return 1.0
        return -1.0 / (n - 1) if negative else 0.0

    def lowest_credit(self, question: Q, negative: bool) -> float:
        if not negative:
            return 0.0
        if self.form is Form.choose_many:
            return -1.0
        return -1.0 / (len(self.options(question)) - 1)

    def parts(self, question: Q, response: Response) -> tuple[Part, ...]:
        right, chosen = self.right(question), set(response)
        return tuple(
            Part(
                text,
                (i in chosen) == (i in right),
                _("you chose it") if i in chosen else "",
                self.option_feedback(question, i),
            )
            for i, text in enumerate(self.options(question))
        )

    def review(self, question: Q, layout: Sequence[int], response: Response | None) -> tuple[Line, ...]:
        right, chosen = self.right(question), set(response or ())
        options = self.options(question)
        lines = []
        for shown, index in enumerate(layout, start=1):
            is_right, picked = index in right, index in chosen
            mark = Mark.right if is_right else (Mark.wrong if picked else Mark.plain)
            note = _review_note(picked, is_right)
            feedback = self.option_feedback(question, index) if picked or is_right else None
            lines.append(Line(mark, options[index], note, feedback, str(shown)))
        return tuple(lines)

    # -- plain mode ----------------------------------------------------------------------------

    def plain_lines(self, question: Q, layout: Sequence[int]) -> list[str]:
        options = self.options(question)
        return [f"{shown}. {options[i]}" for shown, i in enumerate(layout, start=1)]

    def plain_ask(self, question: Q) -> str:
        n = len(self.options(question))
        if self.form is Form.choose_many:
            return _("Your answers, comma-separated (1-{n}): ").format(n=n)
        return _("Your answer (1-{n}): ").format(n=n)

    def plain_retry(self, question: Q) -> str:
        n = len(self.options(question))
        if self.form is Form.choose_many:
            return _("Please type option numbers from 1 to {n} separated by commas, e.g. 1,3").format(n=n)
        return _("Please type one number from 1 to {n}").format(n=n)

    def plain_parse(self, question: Q, layout: Sequence[int], text: str) -> Response:
        n = len(self.options(question))
        tokens = numbers(text)
        if not tokens or not all(t.isdigit() for t in tokens):
            raise InvalidResponseError(self.plain_retry(question))
        chosen = sorted({int(t) for t in tokens})
        if not all(1 <= c <= n for c in chosen) or (len(chosen) > 1 and self.form is Form.choose_one):
            raise InvalidResponseError(self.plain_retry(question))
        return self.from_shown(question, layout, [c - 1 for c in chosen])

    def plain_answer(self, question: Q, layout: Sequence[int], response: Response) -> str:
        return ",".join(str(s + 1) for s in self.to_shown(question, layout, response))

    def plain_feedback(self, question: Q, layout: Sequence[int], response: Response) -> list[str]:
        """The feedback of the options chosen or right, each after its number."""
        wanted = set(response) | self.right(question)
        lines = []
        for index in sorted(wanted, key=layout.index):
            feedback = self.option_feedback(question, index)
            if feedback:
                lines.append(f"({layout.index(index) + 1}) {feedback}")
        return lines

    # -- exports -------------------------------------------------------------------------------

    def choice_ids(self, question: Q) -> tuple[str, ...]:
        """The interaction's ids of the options, in bank order."""
        return tuple(letter(i) for i in range(len(self.options(question))))

    def xapi_definition(self, versions: Sequence[tuple[str, Q]]) -> dict[str, Any]:
        question = versions[0][1]
        ids = self.choice_ids(question)
        return {
            "interactionType": self.xapi_interaction,
            "choices": xapi.components(ids, versions, self.options),
            "correctResponsesPattern": [self.xapi_response(question, self.correct_response(question))],
        }

    def xapi_response(self, question: Q, response: Response) -> str:
        ids = self.choice_ids(question)
        return xapi.items(ids[i] for i in sorted(response))

    def response_labels(self, question: Q, response: Response) -> str:
        return ";".join(letter(i).upper() for i in sorted(response))

    def response_text(self, question: Q, response: Response) -> str:
        return "; ".join(self.response_texts(question, response))

    def response_texts(self, question: Q, response: Response) -> list[str]:
        options = self.options(question)
        return [options[i] for i in sorted(response) if 0 <= i < len(options)]


def _review_note(picked: bool, right: bool) -> str:
    """What the review says of an option: whole messages, so a language words and punctuates
    the two together its own way."""
    if picked and right:
        return _("your answer, correct")
    if picked:
        return _("your answer")
    return _("correct") if right else ""

"""``spot``: a post split into 3 to 8 segments; mark the ones that manipulate.

Each manipulative segment names its technique and says why in its feedback (the emotional
hook, the false authority, the scapegoat); the others may say why they are fine. At least one
segment manipulates and at least one does not, so marking everything is never right. The
segments are shown in the order written, since they are one text.

Credit is ``multiple``'s: the manipulative segments share +100%, the others share -100%, and the
sum is floored at 0 (at -100% with negative marking). At least one segment must be marked.

In xAPI it is a ``choice`` interaction whose choices are the segments and whose correct
pattern is the manipulative ones. ``other`` would also be allowed, but a choice interaction is
what marking several items of a list is, and it lets a Learning Record Store count, per
segment, how many learners marked it, as it does for any choice question.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, field_validator

from quiz.kinds import xapi
from quiz.kinds.base import QuestionBase, Strict, Technique, Text, distinct
from quiz.kinds.credit import shared_credit
from quiz.kinds.kind import Form, InvalidResponseError, Kind, Part, Response, letter, numbers

_TECHNIQUES = ", ".join(t.value for t in Technique)


class Segment(Strict):
    text: Text
    manipulative: StrictBool = False
    technique: Technique | None = None
    """The technique a manipulative segment uses."""
    feedback: str | None = None
    """Why it manipulates (required when it does), or why it is fine."""


class SpotQuestion(QuestionBase):
    type: Literal["spot"]
    segments: Annotated[tuple[Segment, ...], Field(min_length=3, max_length=8)]

    @property
    def manipulative(self) -> frozenset[int]:
        return frozenset(i for i, s in enumerate(self.segments) if s.manipulative)

    @field_validator("segments")
    @classmethod
    def _segments_fit(cls, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
        distinct([s.text for s in segments], "segments")
        for number, segment in enumerate(segments, start=1):
            if segment.manipulative and segment.technique is None:
                raise ValueError(f"segment {number} is manipulative but names no technique ({_TECHNIQUES})")
            if segment.manipulative and not segment.feedback:
                raise ValueError(f"segment {number} is manipulative but has no feedback saying why")
            if not segment.manipulative and segment.technique is not None:
                raise ValueError(f"segment {number} names a technique but is not marked manipulative = true")
        count = sum(s.manipulative for s in segments)
        if count == 0:
            raise ValueError("no segment is manipulative = true; mark at least one")
        if count == len(segments):
            raise ValueError("every segment is manipulative; leave at least one that is not")
        return segments


class Spot(Kind[SpotQuestion]):
    name = "spot"
    model = SpotQuestion
    form = Form.choose_many
    instruction = "Mark the parts that manipulate"
    xapi_interaction = "choice"

    def options(self, question: SpotQuestion) -> tuple[str, ...]:
        return tuple(s.text for s in question.segments)

    def layout(self, question: SpotQuestion, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
        return tuple(range(len(question.segments)))  # one text: never shuffled

    def check(self, question: SpotQuestion, response: Iterable[int]) -> Response:
        chosen = sorted(set(response))
        if not chosen:
            raise InvalidResponseError("mark at least one part")
        n = len(question.segments)
        bad = [i for i in chosen if not 0 <= i < n]
        if bad:
            raise InvalidResponseError(f"there is no part {bad[0] + 1} (1 to {n})")
        return tuple(chosen)

    def correct_response(self, question: SpotQuestion) -> Response:
        return tuple(sorted(question.manipulative))

    def credit(self, question: SpotQuestion, response: Response, negative: bool = False) -> float:
        return shared_credit(question.manipulative, response, len(question.segments), negative)

    def lowest_credit(self, question: SpotQuestion, negative: bool) -> float:
        return -1.0 if negative else 0.0

    def parts(self, question: SpotQuestion, response: Response) -> tuple[Part, ...]:
        marked = set(response)
        parts = []
        for i, segment in enumerate(question.segments):
            verdict = f"manipulative: {segment.technique}" if segment.manipulative else "not manipulative"
            did = "you marked it" if i in marked else "you did not mark it"
            right = (i in marked) == segment.manipulative
            parts.append(Part(segment.text, right, f"{verdict}; {did}", segment.feedback))
        return tuple(parts)

    # -- plain mode --------------------------------------------------------------------------

    def plain_lines(self, question: SpotQuestion, layout: Sequence[int]) -> list[str]:
        return [f"  {shown}. {question.segments[i].text}" for shown, i in enumerate(layout, start=1)]

    def plain_ask(self, question: SpotQuestion) -> str:
        n = len(question.segments)
        return f"The parts that manipulate: their numbers (1-{n}), separated by commas: "

    def plain_parse(self, question: SpotQuestion, layout: Sequence[int], text: str) -> Response:
        n = len(question.segments)
        tokens = numbers(text)
        if not tokens or not all(t.isdigit() for t in tokens):
            raise InvalidResponseError(f"type the numbers of the manipulative parts (1 to {n}), such as 1,3")
        return self.from_shown(question, layout, [int(t) - 1 for t in tokens])

    def plain_answer(self, question: SpotQuestion, layout: Sequence[int], response: Response) -> str:
        return ", ".join(str(s + 1) for s in self.to_shown(question, layout, response))

    # -- exports ----------------------------------------------------------------------------

    def xapi_definition(self, question: SpotQuestion, language: str) -> dict[str, Any]:
        ids = [letter(i) for i in range(len(question.segments))]
        return {
            "interactionType": self.xapi_interaction,
            "choices": xapi.components(ids, self.options(question), language),
            "correctResponsesPattern": [self.xapi_response(question, self.correct_response(question))],
        }

    def xapi_response(self, question: SpotQuestion, response: Response) -> str:
        return xapi.items(letter(i) for i in sorted(response))

    def response_labels(self, question: SpotQuestion, response: Response) -> str:
        return ";".join(letter(i).upper() for i in sorted(response))

    def response_text(self, question: SpotQuestion, response: Response) -> str:
        return "; ".join(question.segments[i].text for i in sorted(response))


SPOT = Spot()

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

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, field_validator

from quiz.i18n import N_, _
from quiz.i18n.lists import alternatives
from quiz.kinds.base import TECHNIQUE_LABELS, QuestionBase, Strict, Technique, Text, distinct
from quiz.kinds.choosing import Choosing
from quiz.kinds.kind import Form, InvalidResponseError, Kind, Line, Look, Mark, Part, Response, numbers
from quiz.kinds.moodle import MoodleAnswer, MoodleChoice, MoodleQuestion, NotThisKindError


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
        distinct(
            [s.text for s in segments], _("segments {first} and {second} are both {text}; they must differ")
        )
        for number, segment in enumerate(segments, start=1):
            if segment.manipulative and segment.technique is None:
                message = _("segment {n} is manipulative but names no technique ({techniques})")
                raise ValueError(
                    message.format(n=number, techniques=alternatives([t.value for t in Technique]))
                )
            if segment.manipulative and not segment.feedback:
                raise ValueError(
                    _("segment {n} is manipulative but has no feedback saying why").format(n=number)
                )
            if not segment.manipulative and segment.technique is not None:
                message = _("segment {n} names a technique but is not marked manipulative = true")
                raise ValueError(message.format(n=number))
        count = sum(s.manipulative for s in segments)
        if count == 0:
            raise ValueError(_("no segment is manipulative = true; mark at least one"))
        if count == len(segments):
            raise ValueError(_("every segment is manipulative; leave at least one that is not"))
        return segments


class Spot(Choosing[SpotQuestion]):
    name = "spot"
    label = N_("spotting")
    model = SpotQuestion
    form = Form.choose_many
    instruction = N_("Mark the parts that manipulate")
    look = Look.post
    translatable = {"segments": ("text", "feedback")}
    moodle_by_default = False

    def options(self, question: SpotQuestion) -> tuple[str, ...]:
        return tuple(s.text for s in question.segments)

    def right(self, question: SpotQuestion) -> frozenset[int]:
        return question.manipulative

    def option_feedback(self, question: SpotQuestion, index: int) -> str | None:
        return question.segments[index].feedback

    def check(self, question: SpotQuestion, response: Iterable[int]) -> Response:
        chosen = sorted(set(response))
        if not chosen:
            raise InvalidResponseError(_("mark at least one part"))
        n = len(question.segments)
        bad = [i for i in chosen if not 0 <= i < n]
        if bad:
            raise InvalidResponseError(
                _("there is no part {number} (1 to {n})").format(number=bad[0] + 1, n=n)
            )
        return tuple(chosen)

    def parts(self, question: SpotQuestion, response: Response) -> tuple[Part, ...]:
        marked = set(response)
        parts = []
        for i, segment in enumerate(question.segments):
            verdict = self._verdict(segment)
            did = _("you marked it") if i in marked else _("you did not mark it")
            right = (i in marked) == segment.manipulative
            parts.append(
                Part(
                    segment.text,
                    right,
                    _("{verdict}; {did}").format(verdict=verdict, did=did),
                    segment.feedback,
                )
            )
        return tuple(parts)

    def _verdict(self, segment: Segment) -> str:
        if segment.manipulative:
            label = TECHNIQUE_LABELS.get(segment.technique, str(segment.technique))
            return _("manipulative: {technique}").format(technique=_(label))
        return _("not manipulative")

    def review(
        self, question: SpotQuestion, layout: Sequence[int], response: Response | None
    ) -> tuple[Line, ...]:
        marked = set(response or ())
        lines = []
        for shown, i in enumerate(layout, start=1):
            segment = question.segments[i]
            picked = i in marked
            mark = Mark.right if segment.manipulative else (Mark.wrong if picked else Mark.plain)
            did = _("you marked it") if picked else _("you did not mark it")
            note = (
                _("{verdict}; {did}").format(verdict=self._verdict(segment), did=did)
                if segment.manipulative or picked
                else ""
            )
            feedback = segment.feedback if segment.manipulative or picked else None
            lines.append(Line(mark, segment.text, note, feedback, str(shown)))
        return tuple(lines)

    # -- plain mode --------------------------------------------------------------------------

    def plain_ask(self, question: SpotQuestion) -> str:
        n = len(question.segments)
        return _("The parts that manipulate: their numbers (1-{n}), separated by commas: ").format(n=n)

    def plain_parse(self, question: SpotQuestion, layout: Sequence[int], text: str) -> Response:
        n = len(question.segments)
        tokens = numbers(text)
        if not tokens or not all(t.isdigit() for t in tokens):
            raise InvalidResponseError(
                _("type the numbers of the manipulative parts (1 to {n}), such as 1,3").format(n=n)
            )
        return self.from_shown(question, layout, [int(t) - 1 for t in tokens])

    def plain_answer(self, question: SpotQuestion, layout: Sequence[int], response: Response) -> str:
        return ", ".join(str(s + 1) for s in self.to_shown(question, layout, response))

    def plain_feedback(self, question: SpotQuestion, layout: Sequence[int], response: Response) -> list[str]:
        return Kind.plain_feedback(self, question, layout, response)

    # -- Moodle: a multiple-answer question whose answers are the segments --------------------------

    def to_moodle(self, question: SpotQuestion) -> MoodleChoice:
        right = question.manipulative
        shares = [
            1 / len(right) if i in right else -1 / (len(question.segments) - len(right))
            for i in range(len(question.segments))
        ]
        answers = (
            MoodleAnswer(s.text, share, s.feedback)
            for s, share in zip(question.segments, shares, strict=True)
        )
        return MoodleChoice(False, tuple(answers))

    def moodle_meta(self, question: SpotQuestion) -> dict[str, Any]:
        return {"techniques": [s.technique.value if s.technique else None for s in question.segments]}

    def from_moodle(self, item: MoodleQuestion, meta: Mapping[str, Any]) -> dict[str, Any]:
        techniques = meta.get("techniques")
        if not isinstance(item, MoodleChoice) or item.single:
            raise NotThisKindError(_("a spot question is written as a multiple-answer one"))
        if not isinstance(techniques, list) or len(techniques) != len(item.answers):
            raise NotThisKindError(_("the comment does not name a technique for each segment"))
        segments = []
        for answer, technique in zip(item.answers, techniques, strict=True):
            segment: dict[str, Any] = {"text": answer.text}
            if answer.fraction > 0:
                segment["manipulative"] = True
                segment["technique"] = technique
            if answer.feedback:
                segment["feedback"] = answer.feedback
            segments.append(segment)
        return {"segments": segments}

    def moodle_note(self, question: SpotQuestion) -> str | None:
        return _(
            "a spot question, which Moodle lacks: Moodle gets a multiple-answer question whose answers "
            "are the segments (the manipulative ones right), graded as here"
        )


SPOT = Spot()

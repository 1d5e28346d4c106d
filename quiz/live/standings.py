"""Results and standings: who has how many points, in which place, and what they missed.

Scores are never stored apart from the answers: a closed question is scored for everyone from
the answers and their server-measured seconds (``score_position``), and a resumed session
replays that for every question already revealed, so the numbers after a crash are the
numbers before it. No I/O here.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from quiz.engine.item_analysis import analyse_items
from quiz.engine.live_scoring import competition_ranks, score_live
from quiz.live import protocol as p
from quiz.live.questions import Given, Paper

LEADERBOARD_SIZE = 10


@dataclass(eq=False)
class Seat:
    """One participant: who they are, where their records are, what they gave and earned."""

    id: int
    name: str
    email: str
    resume_hash: str
    learner_id: int
    attempt_id: int | None
    rejoin_hash: str = ""
    rejoin_code: str = ""
    """Shown to the learner; known only to the process that seated them (the store keeps a hash)."""
    kicked: bool = False
    connected: bool = False
    given: dict[int, Given] = field(default_factory=dict)
    score: int = 0
    correct: int = 0
    streak: int = 0
    rank: int = 0
    language: str | None = None
    """The language this learner reads the session in (the bank's, or one of its translations)."""
    result: p.Result | None = None
    """The result of the last revealed question, sent again after a reconnect."""
    final: p.Ended | None = None

    def participant(self, position: int | None) -> p.Participant:
        return p.Participant(
            id=self.id,
            name=self.name,
            connected=self.connected,
            answered=position is not None and position in self.given,
        )


def score_position(paper: Paper, position: int, seats: Sequence[Seat]) -> p.RevealMessage:
    """Score a closed question for ``seats`` (those still in): totals, streaks, each one's result."""
    settings = paper.settings
    points = paper.points(position)
    by_parts = paper.by_parts(position)
    labels = paper.part_labels(position)
    distribution = [] if by_parts else [0] * len(paper.messages[position].options)
    right = [0] * len(labels)
    answered = 0
    outcomes = []
    for seat in seats:
        given = seat.given.get(position)
        mine: list[bool] = []
        if given is not None:
            answered += 1
            if by_parts:
                mine = paper.parts_right(position, given.answer.response)
                for index, ok in enumerate(mine):
                    right[index] += ok
            else:
                for choice in given.choices:
                    distribution[choice] += 1
        outcome = score_live(
            points,
            answered=given is not None,
            credit=given.credit if given else 0.0,
            correct=given.correct if given else False,
            seconds=given.answer.seconds if given else 0.0,
            time_limit=settings.time_limit,
            streak=seat.streak,
            speed=settings.speed,
            streak_bonus_on=settings.streak,
        )
        seat.streak = outcome.streak
        seat.score += outcome.points
        seat.correct += int(outcome.correct)
        outcomes.append((given, mine, outcome))
    rank(seats)
    # Each result is built once, ranked: a room of 5,000 builds 5,000 of them at every reveal,
    # from values made right here, so unchecked (model_construct): checking them was a fifth
    # of a reveal's CPU in process (validate_python, 37 of 207 ms under cProfile).
    for seat, (given, mine, outcome) in zip(seats, outcomes, strict=True):
        seat.result = p.Result.model_construct(
            position=position,
            answered=given is not None,
            correct=outcome.correct,
            chosen=given.choices if given else None,
            parts=mine,
            points=outcome.points,
            bonus=outcome.bonus,
            streak=outcome.streak,
            score=seat.score,
            correct_count=seat.correct,
            rank=seat.rank,
            participants=len(seats),
        )
    return p.RevealMessage(
        position=position,
        correct=paper.shown_correct(position),
        explanation=paper.question(position).explanation,
        distribution=distribution,
        parts=[p.RevealPart(label=label, right=count) for label, count in zip(labels, right, strict=True)]
        if by_parts
        else [],
        answered=answered,
        participants=len(seats),
    )


def rank(seats: Sequence[Seat]) -> list[p.LeaderboardEntry]:
    """Give every seat its rank (ties share one); the top of the leaderboard."""
    ranks = competition_ranks([(seat.score, seat.correct) for seat in seats])
    for seat, place in zip(seats, ranks, strict=True):
        seat.rank = place
    return leaderboard(seats)


def leaderboard(seats: Sequence[Seat]) -> list[p.LeaderboardEntry]:
    """The top of the leaderboard by the ranks the seats were given (``rank``, which
    ``score_position`` calls): a reveal ranks 5,000 once, and picks ten without sorting them all."""
    ordered = heapq.nsmallest(LEADERBOARD_SIZE, seats, key=lambda seat: (seat.rank, seat.id))
    return [
        p.LeaderboardEntry(rank=seat.rank, id=seat.id, name=seat.name, score=seat.score, correct=seat.correct)
        for seat in ordered
    ]


def summary(paper: Paper, seat: Seat, asked: int, participants: int) -> p.LearnerSummary:
    """One learner's end of session: their totals and the questions they missed, with answers."""
    missed = []
    for position in range(asked):
        given = seat.given.get(position)
        if given is not None and given.correct:
            continue
        question = paper.question(position, seat.language)
        shown = paper.message(position, seat.language)
        missed.append(
            p.MissedQuestion(
                position=position,
                prompt=question.prompt,
                form=shown.form,
                options=shown.options,
                prompts=shown.prompts,
                chosen=given.choices if given else None,
                correct=paper.shown_correct(position),
                explanation=question.explanation,
            )
        )
    return p.LearnerSummary(
        score=seat.score,
        correct=seat.correct,
        answered=sum(1 for position in seat.given if position < asked),
        rank=seat.rank,
        participants=participants,
        missed=missed,
    )


def item_results(paper: Paper, seats: Sequence[Seat], asked: int) -> list[p.ItemResult]:
    """Facility and discrimination per question, as ``quiz report --session`` computes them."""
    questions = [paper.question(position) for position in range(asked)]
    marks = [
        {
            q.id: (g.credit * q.points if (g := seat.given.get(position)) else 0.0)
            for position, q in enumerate(questions)
        }
        for seat in seats
    ]
    analysis = analyse_items(marks, {q.id: q.points for q in questions}) if marks and questions else None
    results = []
    for position, question in enumerate(questions):
        stats = analysis.item(question.id) if analysis else None
        given = [g for seat in seats if (g := seat.given.get(position)) is not None]
        results.append(
            p.ItemResult(
                position=position,
                question_id=question.id,
                prompt=question.prompt,
                answered=len(given),
                correct=sum(g.correct for g in given),
                facility=stats.facility if stats else None,
                discrimination=stats.discrimination_index if stats else None,
            )
        )
    return results


def standings(seats: Sequence[Seat]) -> list[tuple[str, int, int]]:
    """(name, score, correct) of every seat given, best first."""
    return [(s.name, s.score, s.correct) for s in sorted(seats, key=lambda x: (-x.score, -x.correct, x.id))]

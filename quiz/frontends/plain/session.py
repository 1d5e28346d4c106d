"""Plain mode: the quiz as numbered lines on stdin/stdout, with no full-screen UI.

For screen readers, pipes and very small terminals. It drives the same ``RecordedAttempt``
as the app, so every answer is stored as it is given; end of input leaves the attempt
resumable, and the same command resumes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from quiz.bank import AnyQuestion, Bank, MultipleQuestion
from quiz.engine import AttemptScore, Confidence, InvalidResponseError, score_answer
from quiz.engine.discernment import discernment_of
from quiz.engine.request import FEEDBACK_MODES, StartRequest
from quiz.services.attempts import NothingDueError, RecordedAttempt, start_attempt
from quiz.store import Learner, Store


class _EndOfInput(Exception):
    pass


class PlainSession:
    def __init__(self, inp: TextIO, out: TextIO) -> None:
        self.inp = inp
        self.out = out

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            raise _EndOfInput
        return line.strip()

    def ask_until(self, prompt: str, parse: Callable[[str], object | None], retry: str) -> object:
        while True:
            value = parse(self.ask(prompt))
            if value is not None:
                return value
            self.say(retry)


def run_plain(
    store: Store, bank: Bank, learner: Learner, request: StartRequest, *, inp: TextIO, out: TextIO
) -> int:
    """Run one attempt (or resume the unfinished one); returns the exit status."""
    io = PlainSession(inp, out)
    try:
        run = _resume_or_start(io, store, bank, learner, request)
        if run is None:
            return 0
        finished = _ask_all(io, run)
    except _EndOfInput:
        io.say("")
        io.say("Input ended. Your answers are saved: run the same command to resume.")
        return 0
    if finished:
        _report(io, run, run.finish())
    return 0


def _resume_or_start(
    io: PlainSession, store: Store, bank: Bank, learner: Learner, request: StartRequest
) -> RecordedAttempt | None:
    for row in store.unfinished(learner.id):
        if row.bank_id != bank.id or row.mode != request.mode.value:
            continue
        answered = len(store.answers(row.id))
        reply = io.ask(
            f"You have an unfinished {row.mode} attempt on {bank.info.title} "
            f"({answered} of {len(row.plan)} answered). Resume it? [Y/n] "
        )
        if reply.lower() in ("", "y", "yes"):
            return RecordedAttempt.resume(store, bank, row.id)
        break
    try:
        return start_attempt(store, bank, learner, request)
    except NothingDueError:
        io.say(f"Nothing in {bank.info.title} is due for review yet. Practise with --mode practice.")
        return None


def _ask_all(io: PlainSession, run: RecordedAttempt) -> bool:
    """Ask until every question is answered or time is up; False if the learner quit."""
    attempt = run.attempt
    limit = attempt.plan.time_limit_seconds
    deadline = datetime.fromisoformat(run.row.started_at).timestamp() + limit if limit else None
    io.say(f"{run.bank.info.title}: {len(attempt)} questions, {run.mode} mode.")
    io.say("Answer with the option's number; s skips, q quits (your answers are kept).")
    while True:
        if deadline is not None and time.time() >= deadline:
            io.say("Time is up: your answers so far are scored.")
            return True
        position = attempt.position
        if attempt.is_answered(position):
            following = attempt.next_unanswered()
            if following is None:
                return True
            run.go_to(following)
            continue
        question = attempt.question
        io.say("")
        header = f"Question {position + 1} of {len(attempt)}"
        if deadline is not None:
            header += f" · {max(0, int(deadline - time.time())) // 60} min left"
        io.say(header)
        io.say(question.prompt.strip())
        for shown, index in enumerate(attempt.item.order, start=1):
            io.say(f"  {shown}. {question.options[index]}")
        started = time.monotonic()
        reply = _ask_answer(io, question)
        if reply == "q":
            run.save_progress()
            io.say("Left the attempt. Your answers are saved: run the same command to resume.")
            return False
        if reply == "s":
            following = attempt.next_unanswered()
            if following is None or following == position:
                io.say("This is the only unanswered question.")
            else:
                run.go_to(following)
            continue
        assert isinstance(reply, list)
        level = _ask_confidence(io) if attempt.plan.marking.certainty else None
        try:
            run.answer(reply, time.monotonic() - started, level)
        except InvalidResponseError as exc:
            io.say(f"{exc}. Try again.")
            continue
        if run.mode in FEEDBACK_MODES:
            _feedback(io, run, question, attempt.item.order)


def _ask_answer(io: PlainSession, question: AnyQuestion) -> list[int] | str:
    n = len(question.options)
    multiple = isinstance(question, MultipleQuestion)
    prompt = f"Your answers, comma-separated (1-{n}): " if multiple else f"Your answer (1-{n}): "
    retry = (
        f"Please type option numbers from 1 to {n} separated by commas, e.g. 1,3 (s skips, q quits)."
        if multiple
        else f"Please type one number from 1 to {n} (s skips, q quits)."
    )

    def parse(text: str) -> list[int] | str | None:
        lowered = text.lower()
        if lowered in ("s", "q"):
            return lowered
        parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            return None
        numbers = sorted({int(p) for p in parts})
        if not all(1 <= x <= n for x in numbers) or (len(numbers) > 1 and not multiple):
            return None
        return [x - 1 for x in numbers]

    result = io.ask_until(prompt, parse, retry)
    assert isinstance(result, (list, str))
    return result


def _ask_confidence(io: PlainSession) -> Confidence:
    levels = {"l": Confidence.low, "m": Confidence.mid, "h": Confidence.high}
    levels.update({"1": Confidence.low, "2": Confidence.mid, "3": Confidence.high})
    result = io.ask_until(
        "How sure are you? l low, m mid, h high: ",
        lambda text: levels.get(text.lower()[:1]),
        "Please type l, m or h.",
    )
    assert isinstance(result, Confidence)
    return result


def _feedback(io: PlainSession, run: RecordedAttempt, question: AnyQuestion, order: tuple[int, ...]) -> None:
    answer = run.attempt.answers[question.id]
    score = score_answer(question, answer, run.attempt.plan.marking)
    if score.correct:
        io.say("✓ Correct.")
    elif score.credit > 0:
        io.say(f"◐ Partly right ({score.credit:.0%} of the credit).")
    else:
        io.say("✗ Not right.")
    right = [f"{order.index(i) + 1}. {question.options[i]}" for i in sorted(question.correct)]
    io.say("Correct answer: " + "; ".join(right))
    for index in sorted(answer.response | question.correct):
        feedback = question.option_feedback(index)
        if feedback:
            io.say(f"  ({order.index(index) + 1}) {feedback}")
    io.say("Why: " + question.explanation.strip())
    for source in question.sources:
        io.say(f"Source: {source.title}: {source.url}")


def _report(io: PlainSession, run: RecordedAttempt, score: AttemptScore) -> None:
    io.say("")
    io.say(f"{'✓ PASSED' if score.passed else '✗ NOT PASSED'}: {run.bank.info.title}")
    io.say(
        f"Score {score.points:g} of {score.max_points:g} ({score.percent:.1f}%), pass mark "
        f"{score.pass_mark:g}%; {score.correct_count} of {len(score.questions)} fully right."
    )
    io.say("By topic:")
    for topic, part in score.by_topic.items():
        io.say(f"  {topic}: {part.percent:.0f}% ({part.correct}/{part.questions})")
    found = discernment_of(run.bank, run.attempt.plan, run.attempt.answers)
    if found is not None:
        io.say("Discernment on headline items:")
        for measure in found.measures():
            io.say(f"  {measure.label}: {measure.text}. {measure.meaning}")
    if score.missed:
        io.say("Missed questions:")
        for qid in score.missed:
            question = run.bank.by_id[qid]
            io.say(f"  - {question.short_prompt(100)}")
            io.say(f"    Why: {question.explanation.strip()}")

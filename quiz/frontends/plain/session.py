"""Plain mode: the quiz as numbered lines on stdin/stdout, with no full-screen UI.

For screen readers, pipes and very small terminals. It drives the same ``RecordedAttempt``
as the app, so every answer is stored as it is given and the exam's time limit is the
service's; end of input or Ctrl+C leaves the attempt resumable, and the same command resumes it.

Bank text is Markdown, printed as plain reflowed text wrapped to the terminal's width: a
screen reader should hear "SWIFT", not "star star SWIFT".
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import TextIO, TypeVar

from quiz.bank import AnyQuestion, Bank
from quiz.bank.translations import language_note
from quiz.engine import AttemptScore, Confidence, InvalidResponseError, score_answer
from quiz.engine.discernment import discernment_of
from quiz.engine.request import FEEDBACK_MODES, MODE_NAMES, Mode, StartRequest
from quiz.engine.scoring import CONFIDENCE_WORDS, points_text, topic_name
from quiz.engine.timing import clock_text, duration_text
from quiz.errors import StoreError
from quiz.explain.discernment import measures
from quiz.i18n import N_, _, gettext, ngettext
from quiz.i18n.lists import tally
from quiz.i18n.numbers import percent
from quiz.i18n.width import cells, fill
from quiz.kinds.registry import kind_of
from quiz.markdown import to_plain
from quiz.services.attempts import NothingDueError, RecordedAttempt, TimeUpError, start_attempt
from quiz.store import AttemptInUseError, AttemptRow, Learner, Store
from quiz.store.names import visible_name

T = TypeVar("T")

EXIT_INTERRUPTED = 130
"""What a shell expects after Ctrl+C (128 + SIGINT)."""


class _EndOfInput(Exception):
    pass


class PlainSession:
    def __init__(self, inp: TextIO, out: TextIO, width: int | None = None) -> None:
        self.inp = inp
        self.out = out
        self.width = width or shutil.get_terminal_size().columns
        try:
            self.interactive = inp.isatty()
        except (AttributeError, ValueError):
            self.interactive = False

    def say(self, text: str = "") -> None:
        """Print lines wrapped to the terminal, each continuation two columns in from its line."""
        lines = []
        for line in text.split("\n"):
            lead = line[: len(line) - len(line.lstrip())]
            lines.append(self._fill(line, "", lead + "  ") if line.strip() else "")
        self._print("\n".join(lines))

    def wrap(self, text: str, indent: str = "", hanging: str | None = None) -> None:
        """Print one logical line wrapped to the terminal, continuation lines under ``hanging``."""
        self._print(self._fill(text, indent, indent if hanging is None else hanging))

    def _fill(self, text: str, indent: str, hanging: str) -> str:
        return fill(text, max(20, self.width), indent, hanging)  # in cells: 信 takes two

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def markdown(self, text: str, first: str = "", rest: str | None = None) -> None:
        """Bank Markdown as plain text wrapped to the terminal, after ``first`` and under ``rest``."""
        rest = " " * cells(first) if rest is None else rest
        body = to_plain(text, max(20, self.width - max(cells(first), cells(rest)))).splitlines() or [""]
        self._print("\n".join([first + body[0], *((rest + line).rstrip() for line in body[1:])]))

    def ask(self, prompt: str) -> str:
        """One line of input after ``prompt`` (wrapped like everything else, the cursor after it)."""
        *before, last = prompt.split("\n")
        if before:
            self.say("\n".join(before))
        self.out.write(self._fill(last, "", "  ") + " ")
        self.out.flush()
        line = self.inp.readline()
        if not line:
            raise _EndOfInput
        if not self.interactive:  # a terminal echoes the typed line's end; a pipe does not
            self.out.write("\n")
        return line.strip()

    def ask_until(self, prompt: str, parse: Callable[[str], T | None], retry: str) -> T:
        while True:
            value = parse(self.ask(prompt))
            if value is not None:
                return value
            self.say(retry)


def run_plain(
    store: Store,
    bank: Bank,
    learner: Learner | None,
    request: StartRequest,
    *,
    inp: TextIO,
    out: TextIO,
    new: bool = False,
    width: int | None = None,
) -> int:
    """Run one attempt (or resume the unfinished one); returns the exit status.

    Without a ``learner`` (first use, no ``--name``) the name is asked and remembered.
    ``new`` starts a new attempt even when one is unfinished (which then stays resumable).
    Text is wrapped to ``width``, by default the terminal's.
    """
    io = PlainSession(inp, out, width)
    run: RecordedAttempt | None = None
    try:
        if learner is None:
            learner = store.remember_learner(_ask_name(io))
        run = _resume_or_start(io, store, bank, learner, request, new)
        if run is None:
            return 0
        note = language_note(run.bank, request.language)
        if note:
            io.say(note)
        finished = _ask_all(io, run)
    except _EndOfInput:
        io.say("")
        if run is None:
            io.say(_("Input ended before a quiz started."))
            return 1
        io.say(_("Input ended. Your answers are saved: run the same command to resume."))
        return 0
    except KeyboardInterrupt:
        io.say("")
        if run is None:
            io.say(_("Stopped before a quiz started."))
        else:
            io.say(_("Stopped. Your answers are saved: run the same command to resume."))
        return EXIT_INTERRUPTED
    except StoreError:
        io.say("")  # the error's one line then starts a line of its own, after the prompt
        raise
    if finished:
        _report(io, run, run.finish())
    return 0


def _ask_name(io: PlainSession) -> str:
    io.say(_("Welcome to resilience-quiz. Your name is kept with your answers and shown in exports."))
    return io.ask_until(
        _("Your name (remembered for next time): "),
        lambda text: text if visible_name(text) else None,  # what the store keeps of it
        _("Please type a name (it may be a nickname)."),
    )


def _resume_or_start(
    io: PlainSession, store: Store, bank: Bank, learner: Learner, request: StartRequest, new: bool
) -> RecordedAttempt | None:
    """Resume the newest unfinished attempt on this bank and mode, or start one.

    Nothing is ever dropped without being asked: "n" starts a new attempt and keeps the old
    one resumable, "d" discards it after a second question. Input that is not a terminal (a
    pipe, a file) is never eaten as a reply: the attempt is resumed, and that is said.
    """
    waiting = [
        row
        for row in store.unfinished(learner.id)
        if row.bank_id == bank.id and row.mode == request.mode.value
    ]
    if waiting:
        row = waiting[0]
        what = _describe(store, row, bank.in_language(request.language), len(waiting) - 1)
        if not new and not _claimed(store, row.id):
            return _in_use(io, store, bank, learner, request, what)
        if new:
            io.say(_("Starting a new attempt; your {attempt} stays for later.").format(attempt=what))
        elif not io.interactive:
            io.say(
                _(
                    "Resuming your {attempt}. (Input is not a terminal, so nothing was asked: "
                    "--new starts a new attempt and keeps this one.)"
                ).format(attempt=what)
            )
            return RecordedAttempt.resume(store, bank, row.id)
        else:
            while True:
                choice = io.ask_until(
                    _(
                        "You have an {attempt}.\nResume it (y), start a new one and keep this for later "
                        "(n), or discard it (d)? [Y/n/d] "
                    ).format(attempt=what),
                    lambda text: _reply(text, {"": "y", "y": "y", "yes": "y", "n": "n", "no": "n", "d": "d"}),
                    _("Please type y to resume, n for a new attempt (this one is kept), or d to discard it."),
                )
                if choice == "y":
                    return RecordedAttempt.resume(store, bank, row.id)
                if choice == "n":
                    store.claims.release(row.id)  # another window may resume it meanwhile
                    io.say(_("Starting a new attempt; the unfinished one stays for later."))
                    break
                if _confirm(io, _("Discard it and its answers for good? [y/N] ")):
                    store.discard_attempt(row.id)
                    io.say(_("Discarded."))
                    break
    try:
        return start_attempt(store, bank, learner, request)
    except NothingDueError:
        io.say(_nothing_due(bank.in_language(request.language)))
        return None


def _nothing_due(bank: Bank) -> str:
    return _("Nothing in {bank} is due for review yet. Practise with --mode practice.").format(
        bank=bank.info.title
    )


def _reply(text: str, words: dict[str, T]) -> T | None:
    """A reply in English (y, n) or, where the catalog gives them, the language's own letters."""
    lowered = text.lower()
    for key, value in words.items():
        if lowered == key or (key and lowered == gettext(key).lower()):
            return value
    return None


_REPLY_WORDS = (N_("y"), N_("yes"), N_("n"), N_("no"), N_("d"))
"""The replies plain mode reads; a catalog may add the language's own ("t", "taip")."""


def _describe(store: Store, row: AttemptRow, bank: Bank, others: int) -> str:
    answered = len(store.answers(row.id))
    mode = _(MODE_NAMES.get(row.mode, row.mode)).lower()
    more = (
        ngettext("; {n} older one too, listed in the app", "; {n} older ones too, listed in the app", others)
        if others
        else ""
    ).format(n=others)
    return _(
        "unfinished {mode} attempt on {bank} ({answered} of {total} answered, started {started} UTC{more})"
    ).format(
        mode=mode,
        bank=bank.info.title,
        answered=answered,
        total=len(row.plan),
        started=row.started_at[:16].replace("T", " "),
        more=more,
    )


def _claimed(store: Store, attempt_id: int) -> bool:
    """Whether this process may answer in the attempt (no other one is answering in it)."""
    try:
        store.claim_attempt(attempt_id)
    except AttemptInUseError:
        return False
    return True


def _in_use(
    io: PlainSession, store: Store, bank: Bank, learner: Learner, request: StartRequest, what: str
) -> RecordedAttempt | None:
    """One writer per attempt: the one open elsewhere stays there, and a new one is offered."""
    io.say(
        _(
            "Your {attempt} is open in another quiz right now (another window or process), "
            "and only one may answer in it."
        ).format(attempt=what)
    )
    if io.interactive:
        reply = io.ask_until(
            _("Start a new attempt and keep that one for later? [Y/n] "),
            lambda text: _reply(text, {"": True, "y": True, "yes": True, "n": False, "no": False}),
            _("Please type y or n."),
        )
        if not reply:
            io.say(_("Nothing started: finish it in the other window, or run this again later."))
            return None
    else:
        io.say(_("Starting a new attempt; that one stays for later."))
    try:
        return start_attempt(store, bank, learner, request)
    except NothingDueError:
        io.say(_nothing_due(bank.in_language(request.language)))
        return None


def _confirm(io: PlainSession, prompt: str) -> bool:
    return io.ask_until(
        prompt,
        lambda text: _reply(text, {"": False, "n": False, "no": False, "y": True, "yes": True}),
        _("Please type y or n."),
    )


def _ask_all(io: PlainSession, run: RecordedAttempt) -> bool:
    """Ask until every question is answered or time is up; False if the learner quit."""
    attempt = run.attempt
    limit = attempt.plan.time_limit_seconds
    mode = _(MODE_NAMES.get(run.mode, run.mode)).lower()
    timed = _(", time limit {limit}").format(limit=clock_text(limit)) if limit else ""
    questions = ngettext("{n} question", "{n} questions", len(attempt)).format(n=len(attempt))
    io.say(
        _("{bank}: {questions}, {mode}{timed}.").format(
            bank=run.bank.info.title, questions=questions, mode=mode, timed=timed
        )
    )
    io.say(_("Answer with the option's number; s skips, q quits (your answers are kept)."))
    while True:
        if run.expired:
            io.say("")
            io.say(
                _("Time is up (the limit was {limit}): your answers so far are scored.").format(
                    limit=clock_text(limit or 0)
                )
            )
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
        header = _("Question {n} of {total}").format(n=position + 1, total=len(attempt))
        left = run.seconds_left()
        if left is not None:
            header += " · " + _("{time} left").format(time=clock_text(left))
        io.say(header)
        io.markdown(question.prompt)
        layout = attempt.item.order
        for line in kind_of(question).plain_lines(question, layout):
            io.wrap(line, indent="  ", hanging="     ")
        started = run.clock()
        reply = _ask_answer(io, question, layout)
        if reply == "q":
            run.save_progress()
            io.say(_("Left the attempt. Your answers are saved: run the same command to resume."))
            return False
        if reply == "s":
            following = attempt.next_unanswered()
            if following is not None and following != position:
                run.go_to(following)
                continue
            if _confirm(io, _("This is the only question left unanswered. Finish without it? [y/N] ")):
                return True
            continue
        assert isinstance(reply, tuple)
        level = _ask_confidence(io) if attempt.plan.marking.certainty else None
        try:
            run.answer(reply, (run.clock() - started).total_seconds(), level)
        except TimeUpError as late:
            io.say(
                _(
                    "Time is up: the limit was {limit} and this answer came {late} late, "
                    "so it was not counted."
                ).format(limit=clock_text(late.limit_seconds), late=duration_text(late.late_by))
            )
            return True
        except InvalidResponseError as exc:
            io.say(_("{problem}. Try again.").format(problem=exc))
            continue
        if run.mode in FEEDBACK_MODES:
            _feedback(io, run, question, attempt.item.order)


def _ask_answer(io: PlainSession, question: AnyQuestion, layout: tuple[int, ...]) -> tuple[int, ...] | str:
    """The response typed, in shown positions as ``RecordedAttempt.answer`` takes it, or ``s``
    or ``q``; a mistake is asked again with what the kind expected."""
    kind = kind_of(question)
    while True:
        text = io.ask(kind.plain_ask(question))
        if text.lower() in ("s", "q"):
            return text.lower()
        try:
            return kind.to_shown(question, layout, kind.plain_parse(question, layout, text))
        except InvalidResponseError as exc:
            why = str(exc)
            io.say(_("{why} (s skips, q quits).").format(why=why[:1].upper() + why[1:]))


def _ask_confidence(io: PlainSession) -> Confidence:
    levels = {"l": Confidence.low, "m": Confidence.mid, "h": Confidence.high}
    levels.update({"1": Confidence.low, "2": Confidence.mid, "3": Confidence.high})
    # TRANSLATORS: a key to type and what it means, in plain mode's confidence question: "l low".
    pair = _("{key} {word}")
    words = tally(pair.format(key=level.name[0], word=_(CONFIDENCE_WORDS[level])) for level in Confidence)
    return io.ask_until(
        _("How sure are you? {levels}: ").format(levels=words),
        lambda text: levels.get(text.lower()[:1]),
        _("Please type l, m or h."),
    )


def _feedback(io: PlainSession, run: RecordedAttempt, question: AnyQuestion, order: tuple[int, ...]) -> None:
    answer = run.attempt.answers[question.id]
    score = score_answer(question, answer, run.attempt.plan.marking)
    if score.correct:
        io.say(_("✓ Correct."))
    elif score.credit > 0:
        io.say(_("◐ Partly right ({share} of the credit).").format(share=percent(score.credit * 100)))
    else:
        io.say(_("✗ Not right."))
    kind = kind_of(question)
    right = kind.answer_text(question, order, kind.correct_response(question))
    io.wrap(_("Correct answer: {answer}").format(answer=right), hanging="  ")
    for line in kind.plain_feedback(question, order, answer.response):
        note = line.lstrip(" ")
        if note == line:
            io.wrap(line, indent="  ", hanging="      ")
        else:  # a note under its line keeps its place, and its wrapped lines hang further in
            under = "  " + line[: len(line) - len(note)]
            io.wrap(note, indent=under, hanging=under + "  ")
    io.markdown(question.explanation, _("Why: "), "  ")
    for source in question.sources:
        io.wrap(_("Source: {title}: {url}").format(title=source.title, url=source.url), hanging="  ")


def _report(io: PlainSession, run: RecordedAttempt, score: AttemptScore) -> None:
    io.say("")
    title = run.bank.info.title
    if score.passed is None:
        io.say(
            _("{mode}: {bank} (a measurement: no pass or fail)").format(
                mode=_(MODE_NAMES[Mode.discernment]), bank=title
            )
        )
    else:
        verdict = _("✓ PASSED") if score.passed else _("✗ NOT PASSED")
        io.say(_("{verdict}: {bank}").format(verdict=verdict, bank=title))
    parts = [
        _("Score {points} of {max_points} ({percent})").format(
            points=points_text(score.points),
            max_points=points_text(score.max_points),
            percent=percent(score.percent, 1),
        )
    ]
    if score.passed is not None:
        mark = score.pass_mark or 0.0
        parts.append(_("pass mark {mark}").format(mark=percent(mark, 0 if mark.is_integer() else 1)))
    parts.append(
        _("{correct} of {total} fully right").format(correct=score.correct_count, total=len(score.questions))
    )
    seconds = run.duration_seconds
    if seconds is not None:
        parts.append(_("time {duration}").format(duration=duration_text(seconds)))
    # TRANSLATORS: {facts} are the score, pass mark, right answers and time, each its own
    # message, joined by the message "; ".
    io.wrap(_("{facts}.").format(facts=_("; ").join(parts)), hanging="  ")
    if run.attempt.plan.marking.certainty:
        io.wrap(
            _(
                "Certainty-based marks: {points} of {max_points}; the topic figures below are accuracy, "
                "without the confidence bonus or penalty."
            ).format(points=points_text(score.points), max_points=points_text(score.max_points)),
            hanging="  ",
        )
    io.say(_("By topic:"))
    for topic, part in score.by_topic.items():
        shown = _("{topic}: {percent} ({right}/{total})").format(
            topic=topic_name(topic, run.bank.topic_names),
            percent=percent(part.accuracy),
            right=part.correct,
            total=part.questions,
        )
        io.say("  " + shown)
    found = discernment_of(run.bank, run.attempt.plan, run.attempt.answers)
    if found is not None:
        io.say(_("Discernment on headline items:"))
        for measure in measures(found):
            line = _("{measure}: {value}. {meaning}").format(
                measure=measure.label, value=measure.text, meaning=measure.meaning
            )
            io.wrap(line, indent="  ", hanging="    ")
    if score.missed:
        io.say(_("Missed questions:"))
        for qid in score.missed:
            question = run.bank.by_id[qid]
            io.markdown(question.prompt, "  - ", "    ")
            io.markdown(question.explanation, "    " + _("Why: "), "      ")

"""xAPI 1.0.3 statements for attempts: what a Learning Record Store stores.

Per attempt, in order: ``attempted`` (object: the bank), one ``answered`` per stored answer
(object: the question as a cmi.interaction, parent: the bank), then ``completed`` and
``passed`` or ``failed`` for a finished attempt. All share the attempt's uuid as
``context.registration``.

The actor is identified by ``mbox`` (``mailto:`` the learner's email) when there is an email,
otherwise by an ``account`` on ``XapiOptions.home_page`` named by the username (or, failing
that, the learner's name). Activity ids live under ``XapiOptions.activity_base``.

Statement ids are deterministic (``statement_id``: a UUID5 of the verb and position in the attempt),
so exporting or pushing the same attempt twice gives the same statements and an LRS can tell a
resend from new data.

A statement is a ``Statement`` (a msgspec Struct: the shape is declared once, below), encoded
by msgspec. What repeats (the actor, the verbs, an attempt's context, a question's definition,
a score) is encoded once and reused as ``msgspec.Raw`` JSON, so that a statement costs little
more than reading its row (``benchmarks/export.py``, whose goal is at least 0.30x the speed
SQLite reads the rows at; its figures are in the README); the 318 MB that every language of
each question's definition makes for 100,000 answers are written by a thread meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import msgspec
from uuid_utils import UUID, uuid5

from quiz.bank import AnyQuestion, Bank
from quiz.engine import Marking
from quiz.engine.scoring import CBM_RIGHT, CBM_WRONG
from quiz.export.data import ExportAttempt, Progress
from quiz.infra.writer import gathering_writer, writing_behind
from quiz.kinds.registry import kind_of
from quiz.store import Learner, Store
from quiz.store.answers import AnswerFacts, stored_response

XAPI_VERSION = "1.0.3"
DEFAULT_ACTIVITY_BASE = "https://resilience-quiz.example.org/xapi"
DEFAULT_HOME_PAGE = "https://resilience-quiz.example.org"

ADL = "http://adlnet.gov/expapi"
VERBS = ("attempted", "answered", "completed", "passed", "failed")
ASSESSMENT = f"{ADL}/activities/assessment"
INTERACTION = f"{ADL}/activities/cmi.interaction"
WRITE_BYTES = 3_000_000
"""Encoded statements handed to the writing thread at once (about 1,000 statements)."""


class Result(msgspec.Struct, omit_defaults=True, gc=False):
    score: msgspec.Raw
    success: bool | None = None
    """None for a discernment check: a measurement, neither passed nor failed."""
    response: str | None = None
    completion: bool | None = None
    duration: str | None = None


class Statement(msgspec.Struct, omit_defaults=True, gc=False):
    """An xAPI statement as we send it; ``Raw`` parts are JSON encoded once and cached.

    Statements and results hold only strings, numbers and each other, so they can never be
    part of a cycle: ``gc=False`` keeps the 100,000s an export makes out of the collector's
    sight (the export does not pause the collector; see ``quiz.export.run``).
    """

    id: str
    actor: msgspec.Raw
    verb: msgspec.Raw
    object: msgspec.Raw
    context: msgspec.Raw
    timestamp: str
    result: Result | None = None


_encoder = msgspec.json.Encoder()


@dataclass(frozen=True)
class XapiOptions:
    activity_base: str = DEFAULT_ACTIVITY_BASE
    """Activity ids are ``{activity_base}/banks/{bank}`` and ``.../questions/{question}``."""
    home_page: str = DEFAULT_HOME_PAGE
    """The ``account.homePage`` of learners without an email: where their username is valid."""
    platform: str = "resilience-quiz"


Answered = tuple[ExportAttempt, list[AnswerFacts]]
"""An attempt and its answers, as statements are made from them (the attempt's own ``answers``
left empty: a statement needs no ``AnswerRow``)."""


def read_attempts(store: Store, attempt_ids: Iterable[int], banks: Mapping[str, Bank]) -> Iterator[Answered]:
    """The attempts, with their answers, that statements are built from."""
    for row, answers in store.attempts_with_answer_facts(attempt_ids):
        yield ExportAttempt(row, banks.get(row.bank_id)), answers


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration to 0.01 s, as xAPI asks: ``PT1M5.25S``."""
    centis = max(0, round(seconds * 100))
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6_000)
    secs, frac = divmod(centis, 100)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs or frac or out == "PT":
        out += f"{secs}.{frac:02d}".rstrip("0").rstrip(".") + "S"
    return out


def actor(name: str, email: str, username: str, options: XapiOptions) -> dict[str, Any]:
    """An Agent with exactly one identifier: mbox when there is an email, else an account."""
    agent: dict[str, Any] = {"objectType": "Agent", "name": name}
    if email:
        agent["mbox"] = f"mailto:{email}"
    else:
        agent["account"] = {"homePage": options.home_page, "name": username or name}
    return agent


def score_bounds(question: AnyQuestion, marking: Marking) -> tuple[float, float]:
    """The lowest and highest points this question can give under this marking."""
    weight = question.points
    if marking.certainty:
        return weight * min(CBM_WRONG.values()), weight * max(CBM_RIGHT.values())
    return weight * kind_of(question).lowest_credit(question, marking.negative), weight


def score(raw: float, low: float, high: float) -> dict[str, float]:
    """xAPI's score: ``scaled`` is raw over max when positive, over |min| when negative, so it
    always lies in [-1, 1]."""
    if raw >= 0:
        scaled = round(raw / high, 6) if high > 0 else 0.0
    else:
        scaled = round(raw / -low, 6) if low < 0 else 0.0
    return {"scaled": scaled, "raw": round(raw, 6), "min": round(low, 6), "max": round(high, 6)}


def interaction_definition(
    question: AnyQuestion, language: str, translations: Sequence[tuple[str, AnyQuestion]] = ()
) -> dict[str, Any]:
    """The question as an xAPI interaction, as its kind defines it; its language maps carry the
    bank's language and each translation's (``translations``: the same question in other languages)."""
    versions = [(language, question), *translations]
    return {
        "name": {language: question.id},
        "description": {tag: version.prompt for tag, version in versions},
        "type": INTERACTION,
        **kind_of(question).xapi_definition(versions),
    }


def statement_id(attempt: UUID, verb: str, position: int = 0) -> str:
    """The UUID5 of ``{verb}/{position}`` in the attempt's uuid as namespace.

    So every statement of every attempt has its own id, the same on every export, which an LRS
    and the push ledger use to tell a resend from new data. uuid-utils computes it in Rust (the
    standard library's ``uuid5`` alone took longer than building the statement), and with the
    attempt as namespace the name is short enough for SHA-1 to hash one block, not two.
    """
    return str(uuid5(attempt, _statement_name(verb, position)))


def _statement_name(verb: str, position: int) -> str:
    """What a statement's id is hashed from, in its attempt's namespace."""
    return f"{verb}/{position}"


_AnsweredParts = tuple[msgspec.Raw, msgspec.Raw, bool, str]
"""What an answered statement takes from its question and result: the question as an activity,
and the answer's score (both encoded), success and response (all its result but the duration)."""


class _Durations(dict[int, str]):
    """Centiseconds -> ISO 8601 duration, each made once (``d[centis]`` is one C lookup once made)."""

    def __missing__(self, centis: int) -> str:
        duration = self[centis] = iso_duration(centis / 100)
        return duration


class _AnsweredNames(dict[int, str]):
    """Position -> ``answered/{position}``, the name an answered statement's id is hashed from
    (``statement_id``), each made once."""

    def __missing__(self, position: int) -> str:
        name = self[position] = _statement_name("answered", position)
        return name


def _raw(value: Any) -> msgspec.Raw:
    return msgspec.Raw(_encoder.encode(value))


class StatementBuilder:
    """Turns attempts into statement dicts; what repeats is serialised once and cached."""

    def __init__(self, options: XapiOptions | None = None) -> None:
        self.options = options or XapiOptions()
        self._verbs = {
            name: _raw({"id": f"{ADL}/verbs/{name}", "display": {"en-US": name}}) for name in VERBS
        }
        self._actors: dict[int, msgspec.Raw] = {}
        self._banks: dict[str, tuple[msgspec.Raw, str]] = {}
        """bank id -> (the bank as an activity, the bank's language)"""
        self._questions: dict[str, dict[str, msgspec.Raw]] = {}
        """bank id -> question id -> the question as an activity"""
        self._answered: dict[tuple[str, bool, bool], dict[tuple[Any, ...], _AnsweredParts]] = {}
        """(bank id, marking) -> (question, response, points, correct) -> what the statement takes"""
        self._durations = _Durations()
        self._names = _AnsweredNames()
        self._attempt_totals: dict[tuple[float, float, float], msgspec.Raw] = {}

    def bank_iri(self, bank_id: str) -> str:
        return f"{self.options.activity_base}/banks/{bank_id}"

    def statements(self, attempt: ExportAttempt, answers: list[AnswerFacts]) -> list[Statement]:
        """The attempt's statements, in the order they happened."""
        row = attempt.row
        uuid = UUID(row.uuid)
        bank, language = self._bank(attempt)
        who = self._actor(row.learner)
        context, answer_context = self._contexts(attempt, language)
        verbs = self._verbs
        out = [
            Statement(statement_id(uuid, "attempted"), who, verbs["attempted"], bank, context, row.started_at)
        ]
        # The hot loop (one pass per answer, 100,000s in an export): everything that does not
        # change per answer is looked up once per attempt.
        verb = verbs["answered"]
        marking = row.marking
        answered = self._answered.setdefault((row.bank_id, marking.negative, marking.certainty), {})
        durations = self._durations
        names = self._names
        for answer in answers:
            _, position, question_id, response, seconds, points, _, correct, answered_at = answer
            activity, score_, success, response_text = answered.get(
                (question_id, response, points, correct)
            ) or self._answered_parts(attempt, answer, language, answered)
            out.append(
                Statement(
                    str(uuid5(uuid, names[position])),  # statement_id(uuid, "answered", position)
                    who,
                    verb,
                    activity,
                    answer_context,
                    answered_at,
                    Result(score_, success, response_text, None, durations[round(seconds * 100)]),
                )
            )
        if row.finished_at is None or row.points is None or not row.max_points:
            return out
        total = self._attempt_total(attempt)
        centis = round((attempt.duration_seconds or 0.0) * 100)
        duration = durations[centis]
        closing = [("completed", Result(total, row.passed, completion=True, duration=duration))]
        if row.passed is not None:  # a discernment check is a measurement: neither verb
            closing.append(("passed" if row.passed else "failed", Result(total, row.passed, completion=True)))
        for name, result in closing:
            out.append(
                Statement(statement_id(uuid, name), who, verbs[name], bank, context, row.finished_at, result)
            )
        return out

    def _actor(self, learner: Learner) -> msgspec.Raw:
        who = self._actors.get(learner.id)
        if who is None:
            who = self._actors[learner.id] = _raw(
                actor(learner.name, learner.email, learner.username, self.options)
            )
        return who

    def _bank(self, attempt: ExportAttempt) -> tuple[msgspec.Raw, str]:
        bank_id = attempt.row.bank_id
        cached = self._banks.get(bank_id)
        if cached is None:
            bank = attempt.bank
            language = bank.info.language if bank else "und"
            definition: dict[str, Any] = {"name": {language: attempt.title}, "type": ASSESSMENT}
            if bank and bank.info.description:
                definition["description"] = {language: bank.info.description}
            for tag, translation in (bank.translations if bank else {}).items():
                definition["name"][tag] = translation.info.title
                if "description" in definition and translation.info.description:
                    definition["description"][tag] = translation.info.description
            activity = {"objectType": "Activity", "id": self.bank_iri(bank_id), "definition": definition}
            cached = self._banks[bank_id] = (_raw(activity), language)
        return cached

    def _contexts(self, attempt: ExportAttempt, language: str) -> tuple[msgspec.Raw, msgspec.Raw]:
        """The attempt's context, and the same with the bank as parent activity (for its answers),
        encoded once per attempt: as ``Raw`` they are copied into each of its statements, which
        costs less than encoding their strings again in each."""
        row = attempt.row
        base = self.options.activity_base
        extensions = {f"{base}/extensions/mode": row.mode}
        if row.session_code:
            extensions[f"{base}/extensions/session"] = row.session_code
        context: dict[str, Any] = {
            "registration": row.uuid,
            "platform": self.options.platform,
            "language": attempt.language or language,  # the language the learner read
            "extensions": extensions,
        }
        alone = _raw(context)
        context["contextActivities"] = {
            "parent": [{"objectType": "Activity", "id": self.bank_iri(row.bank_id)}]
        }
        return alone, _raw(context)

    def _question(self, attempt: ExportAttempt, question_id: str, language: str) -> msgspec.Raw:
        """The question as an activity with its interaction, cached per bank and question."""
        bank_id = attempt.row.bank_id
        question = attempt.question(question_id)
        bank = attempt.bank
        others = []
        if bank is not None and question is not None:
            others = [(tag, bank.in_language(tag).by_id[question_id]) for tag in bank.translations]
        activity: dict[str, Any] = {
            "objectType": "Activity",
            "id": f"{self.bank_iri(bank_id)}/questions/{question_id}",
            "definition": interaction_definition(question, language, others)
            if question is not None
            else {"name": {language: question_id}, "type": INTERACTION},
        }
        cached = self._questions.setdefault(bank_id, {})[question_id] = _raw(activity)
        return cached

    def _answered_parts(
        self,
        attempt: ExportAttempt,
        answer: AnswerFacts,
        language: str,
        cache: dict[tuple[Any, ...], _AnsweredParts],
    ) -> _AnsweredParts:
        """The question and result parts of an answered statement; cached (in ``cache``, for the
        attempt's bank and marking) since many learners answer alike."""
        _, _, question_id, stored, _, points, max_points, correct, _ = answer
        activity = self._questions.get(attempt.row.bank_id, {}).get(question_id) or self._question(
            attempt, question_id, language
        )
        question = attempt.question(question_id)
        indices = stored_response(stored)
        response = None
        if question is not None:
            low, high = score_bounds(question, attempt.row.marking)
            try:
                response = kind_of(question).xapi_response(question, indices)
            except (IndexError, ValueError):  # the bank was edited since: the indices no longer fit
                response = None
        else:
            low, high = min(0.0, points), max_points
        if response is None:
            response = "[,]".join(str(i) for i in indices)
        key = (question_id, stored, points, correct)
        cached = cache[key] = (activity, _raw(score(points, low, high)), correct == 1, response)
        return cached

    def _attempt_total(self, attempt: ExportAttempt) -> msgspec.Raw:
        """A finished attempt's score, cached: thousands of attempts share a handful of totals."""
        row = attempt.row
        assert row.points is not None
        assert row.max_points is not None
        key = (row.points, self._attempt_min(attempt), row.max_points)
        total = self._attempt_totals.get(key)
        if total is None:
            total = self._attempt_totals[key] = _raw(score(row.points, key[1], row.max_points))
        return total

    def _attempt_min(self, attempt: ExportAttempt) -> float:
        """The lowest total the attempt could have had: below 0 only with penalties."""
        row = attempt.row
        points = row.points or 0.0
        if not (row.marking.negative or row.marking.certainty) or not attempt.bank_complete:
            return min(0.0, points)
        assert attempt.bank is not None
        low = sum(score_bounds(attempt.bank.by_id[q], row.marking)[0] for q in row.plan.question_ids)
        return min(low, points)


def iter_statements(
    attempts: Iterable[Answered], options: XapiOptions | None = None
) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """(attempt id, its statements as (id, JSON text)) for each attempt: what an LRS push sends."""
    builder = StatementBuilder(options)
    for attempt, answers in attempts:
        statements = builder.statements(attempt, answers)
        yield attempt.row.id, [(s.id, _encoder.encode(s).decode()) for s in statements]


def write_xapi(
    attempts: Iterable[Answered],
    out: TextIO,
    options: XapiOptions | None = None,
    progress: Progress | None = None,
) -> int:
    """Statements as JSON Lines (one statement per line); returns how many.

    msgspec gives UTF-8 bytes: they go straight to the stream's binary buffer when it has one
    (a file, stdout), and are decoded only for a pure text stream.

    Each attempt's statements are encoded at once (about 60 KB), and the writing thread is
    handed about 3 MB of them, written with one ``writev`` (``gathering_writer``). Encoding
    1,000 statements into one 3 MB buffer instead took more of the process's time
    (alternating, under load: CPU 1.72 s against 1.21 s, medians of 8): msgspec grows its
    buffer by copying, and the kernel copied the cold megabytes into the file five times
    slower than blocks still warm (perf).
    """
    builder = StatementBuilder(options)
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
        write: Callable[[list[bytes]], object] = gathering_writer(binary)
    else:
        write = lambda blobs: out.writelines(blob.decode() for blob in blobs)  # noqa: E731
    pending: list[bytes] = []
    size = count = 0
    # Written by a thread while the next statements are built: benchmarks/export.py, load 1.1-1.3,
    # alternating, gave xapi 0.32x and 0.33x of the raw read this way against 0.28x and 0.30x.
    with writing_behind(write) as put:
        for attempt, answers in attempts:
            statements = builder.statements(attempt, answers)
            count += len(statements)
            pending.append(lines := _encoder.encode_lines(statements))
            size += len(lines)
            if size >= WRITE_BYTES:
                put(pending)
                pending = []
                size = 0
            if progress:
                progress(1)
        put(pending)
    return count

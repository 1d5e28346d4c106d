"""The store's typed rows: every field read by name, responses in the order they were given."""

from __future__ import annotations

import json

from quiz.bank import Bank
from quiz.engine import Answer, Confidence, Marking, plan_attempt, score_answer
from quiz.services.attempts import RecordedAttempt
from quiz.store import Store


def test_a_response_keeps_the_order_it_was_given_in(store: Store, sample_bank: Bank) -> None:
    """Kinds to come (ordering, matching) answer with sequences: the store must not sort them."""
    run = RecordedAttempt.start(store, sample_bank, store.learner("Aiko"), plan_attempt(sample_bank), "exam")
    ordered = Answer.model_construct(question_id="m1", response=(2, 0, 1), seconds=1.0, confidence=None)
    store.record_answer(
        run.id,
        0,
        ordered,
        score_answer(sample_bank.by_id["m1"], Answer(question_id="m1", response=(0, 1, 2)), Marking()),
    )
    (row,) = store.answer_rows([run.id])
    assert row.response == (2, 0, 1)
    assert row.to_answer().response == (2, 0, 1)


def test_typed_rows_read_every_field_by_name(store: Store, sample_bank: Bank) -> None:
    learner = store.learner("Aiko", email="aiko@example.jp", username="aiko")
    plan = plan_attempt(sample_bank, seed=3, marking=Marking(certainty=True))
    run = RecordedAttempt.start(store, sample_bank, learner, plan, "exam", {"confidence": True})
    run.answer([0], seconds=2.5, confidence=Confidence.high)
    run.toggle_flag()
    (row,) = store.attempts_by_id([run.id, run.id + 1000])
    assert (row.id, row.uuid, row.learner) == (run.id, run.row.uuid, learner)
    assert (row.bank_id, row.mode, row.settings, row.flagged) == (
        "sample",
        "exam",
        {"confidence": True},
        [plan.items[0].question_id],
    )
    assert row.plan == plan
    assert row.marking == Marking(certainty=True)
    assert (row.finished, row.points, row.passed) == (False, None, None)
    ((same, answers),) = store.attempts_with_answers([run.id])
    assert same.id == run.id
    (answer,) = answers
    assert (answer.attempt_id, answer.position, answer.question_id) == (run.id, 0, plan.items[0].question_id)
    assert (answer.seconds, answer.confidence) == (2.5, 3)
    assert answer.answered_at.endswith("+00:00")
    assert [key.id for key in store.attempt_keys(finished=None)] == [run.id]


def test_heads_with_stored_answers_read_what_attempts_with_answers_read_of_them(
    store: Store, sample_bank: Bank
) -> None:
    """csv's answer rows read only each attempt's head: the same attempts, learners and answers."""
    learners = [store.learner("Aiko", email="aiko@example.jp"), store.learner("Ona", username="ona")]
    runs = []
    for n, learner in enumerate([*learners, learners[0]]):
        run = RecordedAttempt.start(store, sample_bank, learner, plan_attempt(sample_bank, seed=n), "exam")
        run.answer([0], seconds=1.5 + n)
        runs.append(run)
    unanswered = RecordedAttempt.start(store, sample_bank, learners[1], plan_attempt(sample_bank), "exam")
    ids = [unanswered.id, *(run.id for run in runs), unanswered.id + 1000]
    whole = list(store.attempts_with_answers(ids))
    heads = list(store.heads_with_stored_answers(ids))
    assert [(h.id, h.uuid, h.bank_id, h.learner) for h, _ in heads] == [
        (row.id, row.uuid, row.bank_id, row.learner) for row, _ in whole
    ]
    stored = [
        [
            (
                a.attempt_id,
                a.position,
                a.question_id,
                json.dumps(list(a.response)),
                a.confidence,
                a.seconds,
                a.credit,
                a.points,
                a.max_points,
                int(a.correct),
                a.answered_at,
            )
            for a in rows
        ]
        for _, rows in whole
    ]
    assert [answers for _, answers in heads] == stored
    assert [len(answers) for _, answers in heads] == [1, 1, 1, 0]
    assert heads[0][0].learner is heads[2][0].learner  # one Learner per id across the read


def test_answer_facts_are_the_stored_answers_xapi_reads(store: Store, sample_bank: Bank) -> None:
    """xapi reads each answer as a plain row (``AnswerFacts``): the same attempts and answers as
    ``attempts_with_answers``, the response as stored and ``correct`` as 0 or 1."""
    learner = store.learner("Aiko")
    runs = []
    for n in range(3):
        plan = plan_attempt(sample_bank, seed=n)
        run = RecordedAttempt.start(store, sample_bank, learner, plan, "exam")
        run.answer([0], seconds=1.5 + n)
        if n == 1:  # and a response of two options, in the order given
            run.go_to(plan.question_ids.index("m1"))
            run.answer([1, 0], seconds=4.0)
        runs.append(run)
    unanswered = RecordedAttempt.start(store, sample_bank, learner, plan_attempt(sample_bank), "exam")
    ids = [unanswered.id, *(run.id for run in runs)]
    whole = list(store.attempts_with_answers(ids))
    facts = list(store.attempts_with_answer_facts(ids))
    assert [row.id for row, _ in facts] == [row.id for row, _ in whole] == sorted(ids)
    assert [len(answers) for _, answers in facts] == [1, 2, 1, 0]
    for (_, answers), (_, rows) in zip(facts, whole, strict=True):
        assert answers == [
            (
                a.attempt_id,
                a.position,
                a.question_id,
                json.dumps(list(a.response)),
                a.seconds,
                a.points,
                a.max_points,
                int(a.correct),
                a.answered_at,
            )
            for a in rows
        ]

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.bank import Bank
from quiz.engine import (
    Answer,
    Attempt,
    Confidence,
    InvalidResponseError,
    Marking,
    NoQuestionsError,
    plan_attempt,
    score_answer,
    score_attempt,
)
from quiz.engine.scoring import credit, points_text
from quiz.engine.timing import clock_text, duration_seconds, duration_text
from quiz.kinds.choices import Choice
from quiz.kinds.multiple import MultipleQuestion
from quiz.kinds.single import SingleQuestion
from tests.questions import options, right


def test_plan_is_reproducible_from_seed(sample_bank: Bank) -> None:
    a = plan_attempt(sample_bank, seed=42)
    b = plan_attempt(sample_bank, seed=42)
    c = plan_attempt(sample_bank, seed=43)
    assert a == b
    assert a.question_ids != c.question_ids or a.items != c.items
    assert sorted(a.question_ids) == sorted(q.id for q in sample_bank.questions)


def test_plan_sample_and_filters(sample_bank: Bank) -> None:
    plan = plan_attempt(sample_bank, count=2, seed=1)
    assert len(plan) == 2
    assert plan_attempt(sample_bank, topics=["HEADLINES"], seed=1).question_ids.__len__() == 2
    assert plan_attempt(sample_bank, difficulties=["hard"]).question_ids == ["tf1"]
    assert set(plan_attempt(sample_bank, types=["headline"]).question_ids) == {"h1", "h2"}


def test_plan_without_shuffle_keeps_bank_order(sample_bank: Bank) -> None:
    plan = plan_attempt(sample_bank, shuffle=False, seed=5)
    assert plan.question_ids == [q.id for q in sample_bank.questions]
    assert all(item.order == tuple(range(len(item.order))) for item in plan.items)
    sampled = plan_attempt(sample_bank, shuffle=False, count=3, seed=5)
    bank_order = [q.id for q in sample_bank.questions]
    assert sampled.question_ids == sorted(sampled.question_ids, key=bank_order.index)


def test_choices_shuffle_only_where_allowed(sample_bank: Bank) -> None:
    for seed in range(20):
        plan = plan_attempt(sample_bank, seed=seed)
        orders = {item.question_id: item.order for item in plan.items}
        assert orders["m1"] == (0, 1, 2, 3)  # shuffle = false in the bank
        assert orders["tf1"] == (0, 1)
        assert orders["h1"] == (0, 1)


def test_filter_that_matches_nothing_names_the_topics(sample_bank: Bank) -> None:
    with pytest.raises(NoQuestionsError, match="its topics: verification"):
        plan_attempt(sample_bank, topics=["astrology"])


def test_attempt_skip_and_return(sample_bank: Bank) -> None:
    attempt = Attempt(sample_bank, plan_attempt(sample_bank, shuffle=False))
    assert attempt.position == 0
    attempt.go_to(attempt.next_unanswered() or 0)  # skip the first
    assert attempt.position == 1
    attempt.answer({0, 1})
    attempt.go_to(2)
    attempt.answer({1})
    attempt.go_to(3)
    attempt.answer({1})
    attempt.go_to(4)
    attempt.answer({0})
    assert attempt.next_unanswered() == 0  # wraps back to the skipped one
    assert attempt.unanswered == [0]
    assert not attempt.complete
    attempt.go_to(0)
    attempt.answer({0})
    assert attempt.complete


def test_answer_by_displayed_position_maps_to_bank_order(sample_bank: Bank) -> None:
    for seed in range(10):
        plan = plan_attempt(sample_bank, question_ids=["s1"], seed=seed)
        attempt = Attempt(sample_bank, plan)
        shown_correct = plan.items[0].order.index(0)
        answer = attempt.answer_displayed([shown_correct])
        assert answer.response == (0,)


def test_invalid_responses_are_refused(sample_bank: Bank) -> None:
    attempt = Attempt(sample_bank, plan_attempt(sample_bank, question_ids=["s1"]))
    with pytest.raises(InvalidResponseError, match="choose an option"):
        attempt.answer(set())
    with pytest.raises(InvalidResponseError, match="does not exist"):
        attempt.answer({7})
    with pytest.raises(InvalidResponseError, match="exactly one"):
        attempt.answer({0, 1})


def test_flags(sample_bank: Bank) -> None:
    attempt = Attempt(sample_bank, plan_attempt(sample_bank))
    assert attempt.toggle_flag() is True
    assert attempt.item.question_id in attempt.flagged
    assert attempt.toggle_flag() is False


def test_partial_credit_for_multiple(sample_bank: Bank) -> None:
    m1 = sample_bank.question("m1")  # correct {0, 1} of 4
    assert credit(m1, (0, 1)) == 1.0
    assert credit(m1, (0,)) == 0.5
    assert credit(m1, (0, 2)) == 0.0  # +1/2 - 1/2
    assert credit(m1, (2, 3)) == 0.0  # floored
    assert credit(m1, (2, 3), negative=True) == -1.0
    assert credit(m1, (0, 1, 2)) == 0.5


def test_negative_marking_makes_guessing_worth_zero(sample_bank: Bank) -> None:
    s1 = sample_bank.question("s1")  # 3 options
    assert credit(s1, (1,), negative=True) == -0.5
    expected = (credit(s1, (0,), True) + 2 * credit(s1, (1,), True)) / 3
    assert expected == 0.0


@pytest.mark.parametrize(
    ("confidence", "right", "wrong"),
    [(Confidence.low, 1, 0), (Confidence.mid, 2, -2), (Confidence.high, 3, -6)],
)
def test_certainty_based_marking(
    sample_bank: Bank, confidence: Confidence, right: float, wrong: float
) -> None:
    marking = Marking(certainty=True)
    tf = sample_bank.question("tf1")
    good = Answer(question_id="tf1", response=(1,), confidence=confidence)
    bad = Answer(question_id="tf1", response=(0,), confidence=confidence)
    assert score_answer(tf, good, marking).points == right
    assert score_answer(tf, bad, marking).points == wrong
    assert score_answer(tf, good, marking).max_points == 3


def test_unanswered_scores_zero_even_under_negative_marking(sample_bank: Bank) -> None:
    s = score_answer(sample_bank.question("s1"), None, Marking(negative=True, certainty=True))
    assert s.points == 0
    assert not s.answered
    assert not s.correct


def test_attempt_totals_breakdown_and_pass(sample_bank: Bank) -> None:
    plan = plan_attempt(sample_bank, shuffle=False)
    answers = {
        "s1": Answer(question_id="s1", response=(0,), seconds=3),
        "m1": Answer(question_id="m1", response=(0,), seconds=4),
        "tf1": Answer(question_id="tf1", response=(0,), seconds=5),
        "h1": Answer(question_id="h1", response=(1,), seconds=1),
    }
    score = score_attempt(sample_bank, plan, answers)
    assert score.points == 2.5
    assert score.max_points == 5
    assert score.percent == 50.0
    assert not score.passed  # pass mark 60
    assert score.correct_count == 2
    assert score.answered_count == 4
    assert score.missed == ["m1", "tf1", "h2"]
    assert score.by_topic["techniques"].percent == 50.0
    assert score.by_topic["headlines"].points == 1
    assert list(score.by_difficulty) == ["easy", "medium", "hard"]
    assert score.by_difficulty["easy"].percent == 100.0
    assert score.by_difficulty["hard"].points == 0


# -- properties ------------------------------------------------------------------------------

choice_texts = st.lists(
    st.text(alphabet="abcdefghij", min_size=1, max_size=6), min_size=2, max_size=8, unique=True
)


@st.composite
def questions(draw: st.DrawFn) -> SingleQuestion | MultipleQuestion:
    texts = draw(choice_texts)
    kind = draw(st.sampled_from(["single", "multiple"]))
    if kind == "single":
        right = draw(st.sampled_from(range(len(texts))))
        flags = [i == right for i in range(len(texts))]
    else:
        flags = draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
        if not any(flags):
            flags[0] = True
    choices = tuple(Choice(text=t, correct=f) for t, f in zip(texts, flags, strict=True))
    points = draw(st.sampled_from([1.0, 2.0, 0.5, 10.0]))
    cls = SingleQuestion if kind == "single" else MultipleQuestion
    return cls(id="q", type=kind, prompt="p", explanation="e", choices=choices, points=points)


markings = st.builds(Marking, negative=st.booleans(), certainty=st.booleans())
confidences = st.one_of(st.none(), st.sampled_from(list(Confidence)))


@settings(max_examples=300)
@given(question=questions(), marking=markings, confidence=confidences, data=st.data())
def test_score_never_exceeds_maximum(
    question: SingleQuestion | MultipleQuestion,
    marking: Marking,
    confidence: Confidence | None,
    data: st.DataObject,
) -> None:
    n = len(options(question))
    if isinstance(question, MultipleQuestion):
        response = data.draw(st.frozensets(st.integers(0, n - 1), min_size=1))
    else:
        response = frozenset({data.draw(st.integers(0, n - 1))})
    answer = Answer(question_id="q", response=response, confidence=confidence)
    score = score_answer(question, answer, marking)
    assert score.points <= score.max_points + 1e-9
    assert score.points >= -6 * question.points - 1e-9


@settings(max_examples=200)
@given(question=questions(), marking=markings)
def test_fully_correct_answer_earns_full_marks(
    question: SingleQuestion | MultipleQuestion, marking: Marking
) -> None:
    # Under certainty-based marking full marks need full confidence, as in Moodle.
    answer = Answer(question_id="q", response=right(question), confidence=Confidence.high)
    score = score_answer(question, answer, marking)
    assert score.correct
    assert score.points == pytest.approx(score.max_points)


@settings(max_examples=100)
@given(seed_a=st.integers(0, 2**31), seed_b=st.integers(0, 2**31), data=st.data())
def test_shuffling_never_changes_a_score(seed_a: int, seed_b: int, data: st.DataObject) -> None:
    from quiz.bank import load_bank
    from tests.conftest import FIXTURES

    bank = load_bank(FIXTURES / "sample.toml")
    # The learner's intended answers, in bank order.
    intended = {
        q.id: data.draw(
            st.frozensets(st.integers(0, len(options(q)) - 1), min_size=1, max_size=1)
            if not isinstance(q, MultipleQuestion)
            else st.frozensets(st.integers(0, len(options(q)) - 1), min_size=1)
        )
        for q in bank.questions
    }
    scores = []
    for seed in (seed_a, seed_b):
        plan = plan_attempt(bank, seed=seed)
        attempt = Attempt(bank, plan)
        for position, item in enumerate(plan.items):
            attempt.go_to(position)
            shown = [item.order.index(i) for i in intended[item.question_id]]
            attempt.answer_displayed(shown)
        scores.append(score_attempt(bank, plan, attempt.answers))
    assert scores[0].points == scores[1].points
    assert scores[0].by_topic == scores[1].by_topic


def test_topic_bars_show_accuracy_whatever_the_marking(sample_bank: Bank) -> None:
    # Certainty-based marking once drew a topic bar at -200%: the bars show accuracy now.
    plan = plan_attempt(sample_bank, shuffle=False, marking=Marking(certainty=True))
    answers = {
        "s1": Answer(question_id="s1", response=(1,), confidence=Confidence.high),
        "m1": Answer(question_id="m1", response=(0,), confidence=Confidence.mid),
    }
    score = score_attempt(sample_bank, plan, answers)
    verification = score.by_topic["verification"]
    assert verification.percent == -200.0  # the certainty-based score: -6 of 3
    assert verification.accuracy == 0.0
    assert score.by_topic["techniques"].accuracy == 50.0
    assert score.by_difficulty["easy"].accuracy == 0.0
    pooled = score.by_topic["verification"] + score.by_topic["techniques"]
    assert pooled.accuracy == 25.0


def test_a_measurement_has_no_pass_or_fail(sample_bank: Bank) -> None:
    plan = plan_attempt(sample_bank, shuffle=False)
    assert score_attempt(sample_bank, plan, {}).passed is False
    assert score_attempt(sample_bank, plan, {}, graded=False).passed is None


def test_times_and_points_read_as_people_read_them() -> None:
    assert clock_text(30) == "0:30"
    assert clock_text(29.2) == "0:30"  # a countdown shows 0:00 only when the time is up
    assert clock_text(0) == "0:00"
    assert clock_text(-3) == "0:00"
    assert clock_text(3725) == "1:02:05"
    assert duration_text(4.4) == "4\xa0s"  # each number on one line with its unit
    assert duration_text(65) == "1\xa0min 05\xa0s"
    assert duration_text(3720) == "1\xa0h 02\xa0min"
    assert points_text(7 / 6) == "1.17"
    assert points_text(4.5) == "4.5"
    assert points_text(-0.0) == "0"
    assert points_text(-2.0) == "-2"
    assert duration_seconds("2026-03-02T09:00:00.000+00:00", "2026-03-02T09:00:30.100+00:00") == 30.1
    assert duration_seconds("2026-03-02T09:00:00.000+00:00", None) is None

"""Discernment on headline items, calibration, and before/after verdicts.

Expected values were worked by hand: corrected rates (count + 0.5) / (total + 1), z read from
a standard normal table (for example z(0.7727) = 0.748, z(0.9545) = 1.691), then
d' = z(H) - z(FA) and c = -(z(H) + z(FA)) / 2.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.bank import AnyQuestion, Bank, load_bank
from quiz.engine import Answer, Confidence, plan_attempt
from quiz.engine.calibration import calibration, calibration_of
from quiz.engine.discernment import (
    Discernment,
    Pattern,
    Verdict,
    compare,
    discernment,
    discernment_of,
    sdt,
)
from quiz.explain import calibration as calibration_words
from quiz.explain.discernment import change_text, measures
from quiz.kinds.headline import HeadlineQuestion
from quiz.services.reporting import before_after, discernment_history
from quiz.store import Store
from tests.conftest import REPO
from tests.questions import right
from tests.unit.playing import Respond, sceptical, take

RELIABLE, MANIPULATIVE = 0, 1


def counts(
    hits: int, reliable: int, false_alarms: int, manipulative: int, unanswered: int = 0
) -> Discernment:
    return Discernment(hits, reliable - hits, false_alarms, manipulative - false_alarms, unanswered)


@pytest.mark.parametrize(
    ("hits", "reliable", "false_alarms", "manipulative", "d_prime", "c"),
    [
        # H = 8.5/11 = 0.7727, FA = 2.5/11 = 0.2273: z = +0.748 and -0.748.
        (8, 10, 2, 10, 1.4957, 0.0),
        # Rates of 1 and 0: H = 10.5/11 = 0.9545, FA = 0.5/11 = 0.0455: z = +1.691, -1.691.
        (10, 10, 0, 10, 3.3812, 0.0),
        # Both rates 0 (calls everything manipulative): no ability, all bias.
        (0, 10, 0, 10, 0.0, 1.6906),
        # Both rates 1 (trusts everything).
        (10, 10, 10, 10, 0.0, -1.6906),
        # Unequal totals: H = 6.5/9 = 0.7222 (z 0.590), FA = 1.5/13 = 0.1154 (z -1.198).
        (6, 8, 1, 12, 1.7878, 0.3045),
        # Sceptical: H = 2.5/11 = 0.2273 (z -0.748), FA = 0.0455 (z -1.691).
        (2, 10, 0, 10, 0.9428, 1.2192),
    ],
)
def test_d_prime_and_criterion_against_hand_values(
    hits: int, reliable: int, false_alarms: int, manipulative: int, d_prime: float, c: float
) -> None:
    d = counts(hits, reliable, false_alarms, manipulative)
    assert d.d_prime == pytest.approx(d_prime, abs=1e-4)
    assert d.criterion == pytest.approx(c, abs=1e-4)
    assert d.hit_rate == hits / reliable
    assert d.false_alarm_rate == false_alarms / manipulative


def test_rates_of_zero_and_one_stay_finite() -> None:
    perfect = counts(10, 10, 0, 10)
    assert perfect.hit_rate == 1.0
    assert perfect.false_alarm_rate == 0.0
    assert perfect.d_prime is not None
    assert math.isfinite(perfect.d_prime)
    assert perfect.pattern is Pattern.discerning
    worst = counts(0, 10, 10, 10)
    assert worst.d_prime == pytest.approx(-3.3812, abs=1e-4)


def test_mist_counts_by_hand() -> None:
    # 20 items; 2 of 10 reliable trusted, all 10 manipulative rejected: 18 "manipulative" calls.
    sceptic = counts(2, 10, 0, 10)
    assert sceptic.items == 20
    assert sceptic.veracity_discernment == 12
    assert sceptic.real_news_detection == 2
    assert sceptic.fake_news_detection == 10
    assert sceptic.distrust == 8  # 18 - 20/2
    assert sceptic.naivety == 0  # 2 - 10, floored
    credulous = counts(10, 10, 10, 10)
    assert (credulous.veracity_discernment, credulous.distrust, credulous.naivety) == (10, 0, 10)
    # Nine items, one unanswered: 5 "manipulative" calls against half of 9.
    partly = counts(2, 4, 1, 4, unanswered=1)
    assert partly.items == 9
    assert partly.distrust == 0.5
    assert partly.naivety == 0


def test_no_measure_without_both_kinds() -> None:
    only_reliable = counts(3, 4, 0, 0)
    assert only_reliable.d_prime is None
    assert only_reliable.criterion is None
    assert only_reliable.false_alarm_rate is None
    assert only_reliable.pattern is None
    texts = {m.key: m.text for m in measures(only_reliable)}
    assert texts["d_prime"] == "n/a"


def test_every_measure_has_a_plain_sentence() -> None:
    shown = measures(counts(8, 10, 2, 10))
    keys = {m.key for m in shown}
    assert {
        "veracity_discernment",
        "real_news_detection",
        "fake_news_detection",
        "hit_rate",
        "false_alarm_rate",
        "d_prime",
        "criterion",
        "distrust",
        "naivety",
    } <= keys
    for m in shown:
        assert m.meaning.endswith(".")
        assert m.meaning.count(". ") == 0, f"{m.key}: one sentence only"
    texts = {m.key: m.text for m in shown}
    assert texts["d_prime"] == "+1.50"
    assert texts["hit_rate"] == "80%"
    assert texts["veracity_discernment"] == "16 of 20"


@given(
    st.integers(1, 60).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
    st.integers(1, 60).flatmap(lambda m: st.tuples(st.just(m), st.integers(0, m))),
)
def test_d_prime_is_symmetric(signal: tuple[int, int], noise: tuple[int, int]) -> None:
    (n, hits), (m, false_alarms) = signal, noise
    d, c = sdt(hits, n, false_alarms, m)
    swapped_d, swapped_c = sdt(false_alarms, m, hits, n)
    assert math.isfinite(d)
    assert swapped_d == pytest.approx(-d, abs=1e-9)
    assert swapped_c == pytest.approx(c, abs=1e-9)


@given(st.integers(1, 100).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_criterion_is_zero_for_an_unbiased_responder(case: tuple[int, int]) -> None:
    # Unbiased: as many misses as false alarms, so H = 1 - FA.
    n, hits = case
    d = counts(hits, n, n - hits, n)
    assert d.criterion == pytest.approx(0.0, abs=1e-9)


@given(st.integers(2, 40), st.data())
def test_d_prime_grows_with_hits(n: int, data: st.DataObject) -> None:
    hits = data.draw(st.integers(0, n - 1))
    false_alarms = data.draw(st.integers(0, n))
    assert sdt(hits + 1, n, false_alarms, n)[0] > sdt(hits, n, false_alarms, n)[0]


def test_discernment_of_an_attempt_reads_headline_items_only(sample_bank: Bank) -> None:
    plan = plan_attempt(sample_bank, seed=3)
    # h1 is manipulative, h2 reliable: trust both (one hit, one false alarm); s1 is not a headline.
    answers = {
        "h1": Answer(question_id="h1", response=(RELIABLE,)),
        "h2": Answer(question_id="h2", response=(RELIABLE,)),
        "s1": Answer(question_id="s1", response=(0,)),
    }
    d = discernment_of(sample_bank, plan, answers)
    assert d == Discernment(hits=1, misses=0, false_alarms=1, correct_rejections=0)
    unanswered = discernment_of(sample_bank, plan, {})
    assert unanswered is not None
    assert unanswered.unanswered == 2
    assert unanswered.d_prime is None
    no_headlines = plan_attempt(sample_bank, types=["single"], seed=1)
    assert discernment_of(sample_bank, no_headlines, answers) is None


def test_judgements_count_pairs() -> None:
    pairs = [(True, True), (True, False), (False, True), (False, False), (False, False), (True, None)]
    assert discernment(pairs) == Discernment(1, 1, 1, 2, 1)


# -- before / after ------------------------------------------------------------------------


@pytest.fixture
def forms() -> tuple[Bank, Bank]:
    return load_bank(REPO / "questions" / "headlines_a.toml"), load_bank(
        REPO / "questions" / "headlines_b.toml"
    )


def discerning(slips: int) -> Respond:
    """Judges right, except for one reliable and one manipulative item per slip."""
    wrong: dict[bool, int] = {True: 0, False: 0}

    def respond(question: AnyQuestion) -> list[int]:
        assert isinstance(question, HeadlineQuestion)
        answer = list(right(question))
        if wrong[question.is_reliable] < slips:
            wrong[question.is_reliable] += 1
            return [1 - answer[0]]
        return answer

    return respond


def test_before_after_names_a_sceptical_form_a_and_a_discerning_form_b(
    store: Store, forms: tuple[Bank, Bank]
) -> None:
    form_a, form_b = forms
    learner = store.learner("Ona")
    take(store, form_a, learner, sceptical(spared=2), mode="discernment")
    take(store, form_b, learner, discerning(slips=1), mode="discernment")
    banks = {b.id: b for b in forms}
    history = discernment_history(store, learner, banks.get)
    assert [r.attempt.bank_id for r in history] == ["headlines_a", "headlines_b"]
    before, after = history[0].discernment, history[1].discernment
    assert before.pattern is Pattern.sceptical
    assert after.pattern is Pattern.discerning
    assert before.d_prime == pytest.approx(0.9428, abs=1e-4)  # 2/10 hits, 0/10 false alarms
    assert after.d_prime == pytest.approx(2.1936, abs=1e-4)  # 9/10 hits, 1/10 false alarms
    change = before_after(history)
    assert change is not None
    assert change.verdict is Verdict.improved
    assert change.d_prime_change == pytest.approx(1.2508, abs=1e-4)
    assert change.criterion_change == pytest.approx(-1.2192, abs=1e-4)
    assert "Discernment improved" in change_text(change)
    assert "towards 'reliable'" in change_text(change)


def test_more_fakes_caught_by_distrust_is_not_called_improvement() -> None:
    # Before: 7/10 reliable trusted, 3/10 manipulative trusted. After: 3/10 and 0/10. The
    # manipulative items caught rose from 7 to 10, but only because everything is now doubted.
    change = compare(counts(7, 10, 3, 10), counts(3, 10, 0, 10))
    assert change is not None
    assert change.verdict is Verdict.more_sceptical
    assert change.d_prime_change == pytest.approx(1.2178 - 0.9456, abs=1e-4)
    assert "not more discerning" in change_text(change)
    back = compare(counts(3, 10, 0, 10), counts(7, 10, 3, 10))
    assert back is not None
    assert back.verdict is Verdict.more_credulous


def test_declined_and_unchanged_verdicts() -> None:
    worse = compare(counts(9, 10, 1, 10), counts(7, 10, 3, 10))
    same = compare(counts(8, 10, 2, 10), counts(8, 10, 2, 10))
    assert worse is not None
    assert worse.verdict is Verdict.declined
    assert same is not None
    assert same.verdict is Verdict.unchanged
    assert compare(counts(3, 4, 0, 0), counts(8, 10, 2, 10)) is None


# -- calibration ---------------------------------------------------------------------------


def test_calibration_against_hand_values() -> None:
    high, mid, low = Confidence.high, Confidence.mid, Confidence.low
    pairs = [
        (high, True),
        (high, True),
        (high, True),
        (high, False),
        (mid, True),
        (mid, False),
        (low, True),
        (low, False),
        (None, True),
    ]
    cal = calibration(pairs)
    assert cal is not None
    assert cal.unrated == 1
    assert cal.answers == 8
    assert [lv.accuracy for lv in cal.levels] == [0.5, 0.5, 0.75]
    # Brier: high 3 x 0.1^2 + 0.9^2 = 0.84; mid 0.25^2 + 0.75^2 = 0.625; low 2 x 0.5^2 = 0.5;
    # (0.84 + 0.625 + 0.5) / 8 = 0.245625.
    assert cal.brier == pytest.approx(0.245625, abs=1e-9)
    # Mean confidence (4 x 0.9 + 2 x 0.75 + 2 x 0.5) / 8 = 0.7625; accuracy 5/8 = 0.625.
    assert cal.mean_confidence == pytest.approx(0.7625)
    assert cal.accuracy == pytest.approx(0.625)
    assert cal.overconfidence == pytest.approx(0.1375)
    assert calibration_words.summary(cal).startswith("Overconfident")
    shown = {m.key: m for m in calibration_words.measures(cal)}
    assert shown["brier"].text == "0.246"
    assert shown["overconfidence"].text == "+14\xa0points"  # a number and its unit on one line
    assert all(m.meaning for m in shown.values())


def test_calibration_extremes() -> None:
    sure_and_right = calibration([(Confidence.high, True)] * 10)
    assert sure_and_right is not None
    assert sure_and_right.brier == pytest.approx(0.01)
    assert sure_and_right.overconfidence == pytest.approx(-0.1)
    assert calibration_words.summary(sure_and_right).startswith("Well calibrated")
    unsure_and_right = calibration([(Confidence.low, True)] * 4)
    assert unsure_and_right is not None
    assert calibration_words.summary(unsure_and_right).startswith("Underconfident")
    assert unsure_and_right.levels[2].accuracy is None
    assert calibration([(None, True)]) is None
    assert calibration([]) is None


def test_calibration_of_an_attempt_in_confidence_mode(sample_bank: Bank) -> None:
    plan = plan_attempt(sample_bank, seed=9)
    answers = {
        "s1": Answer(question_id="s1", response=(0,), confidence=Confidence.high),  # right
        "h1": Answer(question_id="h1", response=(0,), confidence=Confidence.high),  # wrong
        "m1": Answer(question_id="m1", response=(0,), confidence=Confidence.mid),  # partly
        "h2": Answer(question_id="h2", response=(0,)),  # no confidence given
    }
    cal = calibration_of(sample_bank, plan, answers)
    assert cal is not None
    assert cal.unrated == 1
    assert [(lv.answers, lv.correct) for lv in cal.levels] == [(0, 0), (1, 0), (2, 1)]
    assert calibration_of(sample_bank, plan, {}) is None

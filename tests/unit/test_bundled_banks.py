"""The bundled banks meet the content standards the app promises its learners."""

from __future__ import annotations

from collections import Counter

import pytest

from quiz.bank import Bank, HeadlineQuestion, Technique, Verdict, load_banks
from tests.conftest import REPO

THEMES = ["disinformation", "democratic_resilience", "sanctions", "ukraine_recovery"]
FORMS = ["headlines_a", "headlines_b"]


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    result = load_banks([REPO / "questions"])
    assert result.problems == []
    return {b.id: b for b in result.banks}


def test_the_six_banks_are_bundled(banks: dict[str, Bank]) -> None:
    assert set(banks) == set(THEMES + FORMS)


@pytest.mark.parametrize("bank_id", THEMES)
def test_theme_bank_size_mix_and_difficulty(banks: dict[str, Bank], bank_id: str) -> None:
    bank = banks[bank_id]
    assert len(bank.questions) >= 40
    types = Counter(q.type for q in bank.questions)
    assert set(types) == {"single", "multiple", "true_false", "headline"}
    levels = Counter(q.difficulty.value for q in bank.questions)
    for level in ("easy", "medium", "hard"):
        assert 0.25 <= levels[level] / len(bank.questions) <= 0.42, levels


@pytest.mark.parametrize("bank_id", THEMES + FORMS)
def test_every_factual_question_is_sourced(banks: dict[str, Bank], bank_id: str) -> None:
    # Only invented manipulative headlines assert no fact; everything else cites a source.
    unsourced = [
        q.id
        for q in banks[bank_id].questions
        if not q.sources and not (isinstance(q, HeadlineQuestion) and not q.is_reliable)
    ]
    assert unsourced == []


@pytest.mark.parametrize("bank_id", THEMES + FORMS)
def test_manipulative_headlines_name_their_technique(banks: dict[str, Bank], bank_id: str) -> None:
    missing = [
        q.id
        for q in banks[bank_id].questions
        if isinstance(q, HeadlineQuestion) and not q.is_reliable and q.technique is None
    ]
    assert missing == []


@pytest.mark.parametrize("bank_id", FORMS)
def test_headline_form_composition(banks: dict[str, Bank], bank_id: str) -> None:
    questions = banks[bank_id].questions
    assert len(questions) == 20
    assert all(isinstance(q, HeadlineQuestion) for q in questions)
    answers = Counter(q.answer for q in questions if isinstance(q, HeadlineQuestion))
    assert answers == {Verdict.reliable: 10, Verdict.manipulative: 10}
    techniques = {q.technique for q in questions if q.technique}
    assert techniques == set(Technique)


def _profile(bank: Bank) -> Counter[tuple[str, str, str]]:
    return Counter(
        (q.answer.value, q.difficulty.value, q.technique.value if q.technique else "")
        for q in bank.questions
        if isinstance(q, HeadlineQuestion)
    )


def test_headline_forms_are_matched(banks: dict[str, Bank]) -> None:
    # Same answers, difficulties and techniques: only the items differ between the forms.
    assert _profile(banks["headlines_a"]) == _profile(banks["headlines_b"])
    prompts_a = {q.prompt for q in banks["headlines_a"].questions}
    assert prompts_a.isdisjoint(q.prompt for q in banks["headlines_b"].questions)


def test_questions_readme_lists_every_bank(banks: dict[str, Bank]) -> None:
    readme = (REPO / "questions" / "README.md").read_text()
    for bank_id in banks:
        assert f"| `{bank_id}` |" in readme

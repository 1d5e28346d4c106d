"""The headline forms measure discernment: parallel, free of surface cues, apart from training.

Issue 12 found that one cue (an invented place name) sorted every item of the version 1 forms
and that their reliable items restated what the theme banks teach. These tests keep both from
coming back; the version 1 forms stay in ``tests/fixtures/cued_forms`` so that every check here
is also shown to catch what it is meant to catch.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from quiz.bank import Bank, HeadlineQuestion, Technique, load_bank
from tests.conftest import FIXTURES, REPO
from tests.unit.cue_audit import LIMIT, audit, seen, table

FORMS = ("headlines_a", "headlines_b", "headlines_c")
THEMES = ("disinformation", "democratic_resilience", "sanctions", "ukraine_recovery")
CUED = FIXTURES / "cued_forms"
LENGTH_RATIO = 1.3
"""Matched items: the longest of a slot is at most this many times the shortest."""

# Which side each polarisation item flatters, so that the forms never lean one way.
POLARISATION_SIDES = {
    "fa-parking-plan-drivers": "left",
    "fa-library-vote-elites": "right",
    "fb-cycle-lanes-toolbox": "right",
    "fb-tram-vote-boomers": "left",
    "fc-heritage-grant-old-money": "left",
    "fc-housing-incomers": "right",
}


def _headlines(bank: Bank) -> list[HeadlineQuestion]:
    items = [q for q in bank.questions if isinstance(q, HeadlineQuestion)]
    assert len(items) == len(bank.questions), f"{bank.id}: a form holds headline items only"
    return items


def _load(folder: Path, ids: tuple[str, ...]) -> dict[str, list[HeadlineQuestion]]:
    return {form: _headlines(load_bank(folder / f"{form}.toml")) for form in ids}


@pytest.fixture(scope="module")
def forms() -> dict[str, list[HeadlineQuestion]]:
    return _load(REPO / "questions", FORMS)


@pytest.fixture(scope="module")
def cued_forms() -> dict[str, list[HeadlineQuestion]]:
    return _load(CUED, ("headlines_a", "headlines_b"))


@pytest.fixture(scope="module")
def theme_text() -> str:
    texts = []
    for theme in THEMES:
        for q in load_bank(REPO / "questions" / f"{theme}.toml").questions:
            texts += [q.prompt, q.explanation, *q.options]
    return "\n".join(texts)


# -- the cue audit -------------------------------------------------------------------------------


def test_no_surface_feature_sorts_the_forms(forms: dict[str, list[HeadlineQuestion]]) -> None:
    pooled = [q for items in forms.values() for q in items]
    results = audit(pooled)
    report = table(results, LIMIT)
    print(f"\nCue audit of {', '.join(forms)} ({len(pooled)} items), leave-one-out stump per feature:")
    print(report)
    assert [r.feature for r in results if r.accuracy > LIMIT] == [], report


def test_the_audit_catches_the_cued_forms_of_version_1(cued_forms: dict[str, list[HeadlineQuestion]]) -> None:
    pooled = [q for items in cued_forms.values() for q in items]
    results = audit(pooled)
    print(f"\nCue audit of the version 1 forms ({len(pooled)} items):")
    print(table(results, LIMIT))
    above = {r.feature: r.accuracy for r in results if r.accuracy > LIMIT}
    # The two cues the review found: a year in reliable items, an invented place in manipulative ones.
    assert above["year"] > 0.85
    assert above["invented place in the claim"] >= 0.9


# -- parallel forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_form_composition(forms: dict[str, list[HeadlineQuestion]], form: str) -> None:
    items = forms[form]
    assert len(items) == 20
    assert Counter(q.is_reliable for q in items) == {True: 10, False: 10}
    manipulative = [q for q in items if not q.is_reliable]
    assert {q.technique for q in manipulative} == set(Technique)
    assert all(q.technique is None for q in items if q.is_reliable)
    for reliable in (True, False):
        levels = Counter(q.difficulty.value for q in items if q.is_reliable is reliable)
        assert levels == {"easy": 3, "medium": 4, "hard": 3}
        styles = Counter(seen(q).style for q in items if q.is_reliable is reliable)
        assert styles == {"headline": 5, "post": 4, "screenshot": 1}


def test_forms_are_matched_slot_by_slot(forms: dict[str, list[HeadlineQuestion]]) -> None:
    for slot, items in enumerate(zip(*forms.values(), strict=True), start=1):
        profiles = {(q.answer, q.technique, q.difficulty, seen(q).style) for q in items}
        assert len(profiles) == 1, f"slot {slot}: {[q.id for q in items]} differ: {profiles}"
        lengths = [len(seen(q).text) for q in items]
        assert max(lengths) <= LENGTH_RATIO * min(lengths), f"slot {slot}: lengths {lengths}"


def test_file_order_gives_nothing_away(forms: dict[str, list[HeadlineQuestion]]) -> None:
    # With --no-shuffle the file order is the order shown: it must not alternate the answers or
    # run from easy to hard, as version 1 did.
    rank = {"easy": 0, "medium": 1, "hard": 2}
    for form, items in forms.items():
        answers = [q.is_reliable for q in items]
        changes = sum(a != b for a, b in itertools.pairwise(answers))
        assert 5 <= changes <= 14, f"{form}: the answers alternate too regularly ({changes} changes)"
        levels = [rank[q.difficulty.value] for q in items]
        assert levels != sorted(levels), f"{form}: runs from easy to hard"
        assert abs(sum(levels[:10]) - sum(levels[10:])) <= 2, f"{form}: one half is harder"


def test_polarisation_is_mirrored_across_the_political_spectrum(
    forms: dict[str, list[HeadlineQuestion]],
) -> None:
    for form, items in forms.items():
        polarising = [q.id for q in items if q.technique is Technique.polarisation]
        assert sorted(POLARISATION_SIDES.get(qid, "unassigned") for qid in polarising) == ["left", "right"], (
            form
        )
    assert Counter(POLARISATION_SIDES.values()) == {"left": 3, "right": 3}


def test_ids_and_prompts_are_unique_across_the_forms(forms: dict[str, list[HeadlineQuestion]]) -> None:
    pooled = [q for items in forms.values() for q in items]
    assert len({q.id for q in pooled}) == len(pooled)
    assert len({q.prompt for q in pooled}) == len(pooled)


# -- what each item teaches -----------------------------------------------------------------------


def test_every_item_is_fictional_and_explains_its_answer(forms: dict[str, list[HeadlineQuestion]]) -> None:
    for q in (q for items in forms.values() for q in items):
        assert "This item is fictional" in q.explanation, q.id
        if q.is_reliable:
            assert q.explanation.startswith("Reliable"), q.id
        else:
            assert q.technique is not None
            word = {"emotion": "emotional language", "conspiracy": "a conspiracy"}.get(q.technique.value)
            assert q.explanation.startswith(f"Manipulative: {word or q.technique.value}"), q.id
            # The technique is a claim about manipulation: it cites where the technique is described.
            assert q.sources, q.id


def test_explanations_quote_their_items_faithfully(forms: dict[str, list[HeadlineQuestion]]) -> None:
    # An explanation that quotes words the learner never saw teaches the wrong cue.
    misquoted = [
        (q.id, phrase)
        for q in (q for items in forms.values() for q in items)
        for phrase in re.findall(r'"([^"]+)"', q.explanation)
        if phrase.casefold() not in q.prompt.casefold()
    ]
    assert misquoted == []


# -- independent of the training banks -----------------------------------------------------------

STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or"}
    | {"that", "the", "this", "to", "was", "with"}
)


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """Runs of ``n`` words with at least three that carry meaning: a restated phrase, not "of the"."""
    words = re.findall(r"[a-z0-9$€%]+", text.lower().replace("’", "'"))
    runs = (tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return {run for run in runs if sum(w not in STOPWORDS for w in run) >= 3}


CALENDAR = (
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)(?<!\")\b[A-Z][a-zA-Z]+")


def _entities(text: str, ordinary: set[str]) -> set[str]:
    """Capitalised words that are not ordinary words: names of people, places, bodies, months."""
    return {w for w in _CAPITALISED.findall(text) if w.lower() not in ordinary}


def _restated(items: list[HeadlineQuestion], theme_text: str) -> dict[str, set[str]]:
    theme_shingles = _shingles(theme_text)
    ordinary = set(re.findall(r"\b[a-z]+\b", theme_text))
    calendar = set(CALENDAR.split())
    theme_entities = _entities(theme_text, ordinary) - calendar
    found: dict[str, set[str]] = {}
    for q in items:
        shared = {" ".join(s) for s in _shingles(q.prompt) & theme_shingles}
        if q.is_reliable:
            shared |= _entities(q.prompt, ordinary) & theme_entities
        if shared:
            found[q.id] = shared
    return found


def test_no_item_restates_what_the_theme_banks_teach(
    forms: dict[str, list[HeadlineQuestion]], theme_text: str
) -> None:
    # A gain on form B must be discernment, not memory of the training banks: no item shares a
    # phrase with them, and no reliable item names a person, place or body they name.
    assert _restated([q for items in forms.values() for q in items], theme_text) == {}


def test_the_independence_check_catches_version_1(
    cued_forms: dict[str, list[HeadlineQuestion]], theme_text: str
) -> None:
    found = _restated([q for items in cued_forms.values() for q in items], theme_text)
    restating = [qid for qid in found if qid.startswith(("hla-", "hlb-")) and "-x-" not in qid]
    assert len(restating) >= 10, found

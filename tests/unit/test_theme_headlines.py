"""The theme banks' headline items teach discernment, not a surface cue.

`quiz take BANK --mode discernment` asks a theme bank's headline items, and training on them must
not reward a rule the headline forms are built to defeat: "an invented town or no institution
means manipulative, an official fact means reliable". Issue 12 rebuilt the forms that way; these
tests hold the theme banks' headline items, pooled across the four banks, to the same cue audit
and the same independence from what the learner may remember.
"""

from __future__ import annotations

from collections import Counter

import pytest

from quiz.bank import AnyQuestion, Technique, load_bank
from quiz.kinds.headline import HeadlineQuestion
from tests.conftest import REPO
from tests.questions import options
from tests.unit.cue_audit import INVENTED_PLACES, LIMIT, audit, seen, table
from tests.unit.test_headline_forms import FORMS, THEMES, _restated

# Which side each polarisation item flatters, so that the banks do not lean one way.
POLARISATION_SIDES = {
    "dis-h-polarisation-night-market": "right",
    "dr-h-korvell-elites": "right",
    "dr-h-rural-voters-survey": "left",
    "sanc-h-food-elites": "right",
    "rec-h-investors-rubble": "left",
}


def _questions(bank: str) -> tuple[AnyQuestion, ...]:
    return load_bank(REPO / "questions" / f"{bank}.toml").questions


def _fictional(q: HeadlineQuestion) -> bool:
    return "This item is fictional" in " ".join(q.explanation.split())


@pytest.fixture(scope="module")
def headlines() -> dict[str, list[HeadlineQuestion]]:
    return {bank: [q for q in _questions(bank) if isinstance(q, HeadlineQuestion)] for bank in THEMES}


def test_no_surface_feature_sorts_the_theme_headlines(headlines: dict[str, list[HeadlineQuestion]]) -> None:
    pooled = [q for items in headlines.values() for q in items]
    results = audit(pooled)
    report = table(results, LIMIT)
    counts = Counter("reliable" if q.is_reliable else "manipulative" for q in pooled)
    print(f"\nCue audit of the theme banks' headline items ({len(pooled)} items, {dict(counts)}):")
    print(report)
    assert [r.feature for r in results if r.accuracy > LIMIT] == [], report


def test_fictional_items_say_so_and_real_ones_cite_sources(
    headlines: dict[str, list[HeadlineQuestion]],
) -> None:
    # An invented town is no cue when both classes use one, but the learner must be told which
    # items are invented; an item about the real world needs a source for what it reports.
    for q in (q for items in headlines.values() for q in items):
        if any(place in seen(q).text for place in INVENTED_PLACES):
            assert _fictional(q), f"{q.id} is set in an invented place: its explanation must say so"
        if q.is_reliable and not _fictional(q):
            assert q.sources, f"{q.id} reports real facts without a source"
        if not q.is_reliable:
            assert _fictional(q), f"{q.id}: a manipulative item is written for the quiz and must say so"


def test_both_classes_use_invented_places_and_real_settings(
    headlines: dict[str, list[HeadlineQuestion]],
) -> None:
    # The audit pools the banks; within each bank, too, an invented town must not mean "manipulative".
    for bank, items in headlines.items():
        invented = Counter(q.is_reliable for q in items if any(p in seen(q).text for p in INVENTED_PLACES))
        real = Counter(q.is_reliable for q in items if not any(p in seen(q).text for p in INVENTED_PLACES))
        assert invented[True], (bank, "no reliable item in an invented place")
        assert invented[False], (bank, "no manipulative item in an invented place")
        assert real[True], (bank, "no reliable item in a real setting")
        assert real[False], (bank, "no manipulative item in a real setting")


def test_polarisation_is_mirrored_across_the_political_spectrum(
    headlines: dict[str, list[HeadlineQuestion]],
) -> None:
    polarising = [
        q.id for items in headlines.values() for q in items if q.technique is Technique.polarisation
    ]
    sides = Counter(POLARISATION_SIDES.get(qid, "unassigned") for qid in polarising)
    assert set(sides) == {"left", "right"}, sides
    assert abs(sides["left"] - sides["right"]) <= 1, sides


def test_fictional_reliable_items_teach_no_fact_from_elsewhere(
    headlines: dict[str, list[HeadlineQuestion]],
) -> None:
    # A reliable item that restates what the forms or another bank say could be answered from
    # memory; checked with the forms' own independence check, bank by bank.
    for bank, items in headlines.items():
        elsewhere = [q for other in (*FORMS, *THEMES) if other != bank for q in _questions(other)]
        text = "\n".join(part for q in elsewhere for part in (q.prompt, q.explanation, *options(q)))
        assert _restated([q for q in items if q.is_reliable and _fictional(q)], text) == {}, bank

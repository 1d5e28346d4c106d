"""The headline forms measure discernment: parallel, free of surface cues, apart from training.

Issue 12 found that one cue (an invented place name) sorted every item of the version 1 forms
and that their reliable items restated what the theme banks teach. These tests keep both from
coming back; the version 1 forms stay in ``tests/fixtures/cued_forms`` so that every check here
is also shown to catch what it is meant to catch.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from quiz.bank import Bank, Technique, load_bank
from quiz.engine.plan import plan_attempt
from quiz.kinds.headline import HeadlineQuestion
from tests.conftest import FIXTURES, REPO
from tests.questions import options
from tests.unit.cue_audit import FEATURES, LIMIT, audit, seen, table

FORMS = ("headlines_a", "headlines_b", "headlines_c")
THEMES = ("disinformation", "democratic_resilience", "sanctions", "ukraine_recovery")
CUED = FIXTURES / "cued_forms"
CUED_V2 = CUED / "v2"
"""Version 2.0 of the three forms, before the second-pass review: cued by mastheads, quote marks and order."""
LENGTH_RATIO = 1.3
"""Matched items: the longest of a slot is at most this many times the shortest."""

# Which item of each form fills each slot of the table at the top of headlines_a.toml. Forms B
# and C hold their items in orders of their own, so the file order never repeats A's key.
SLOTS = (
    ("fa-quay-bridge-repair", "fb-second-school-bus", "fc-recycling-rate"),  # 1
    ("fa-councillors-same-night", "fb-blackout-smart-meters", "fc-clinic-lost-records"),  # 2
    ("fa-shelter-dogs", "fb-care-home-alone", "fc-school-lunch-sick"),  # 3
    ("fa-school-trip-moved", "fb-flu-jab-forward", "fc-boil-notice-lifted"),  # 4
    ("fa-phones-in-class-study", "fb-speed-cameras-review", "fc-four-day-week-savings"),  # 5
    ("fa-parking-permit-notice", "fb-police-fine-refund", "fc-booster-admin-fee"),  # 6
    ("fa-parking-plan-drivers", "fb-cycle-lanes-toolbox", "fc-heritage-grant-old-money"),  # 7
    ("fa-water-main-burst", "fb-coast-road-landslip", "fc-chemical-plant-smoke"),  # 8
    ("fa-food-bank-target", "fb-youth-theatre-closing", "fc-kayaker-found"),  # 9
    ("fa-library-vote-elites", "fb-tram-vote-boomers", "fc-housing-incomers"),  # 10
    ("fa-air-researcher-party", "fb-flood-consultant-sued", "fc-nurse-lateness"),  # 11
    ("fa-ring-road-bus-stop", "fb-beach-clean-thanks", "fc-pharmacy-moves"),  # 12
    ("fa-troll-health-expert", "fb-troll-climate-group", "fc-troll-hunting-club"),  # 13
    ("fa-library-evening-hours", "fb-ferry-every-20-minutes", "fc-pool-reopens"),  # 14
    ("fa-food-waste-rule", "fb-bus-fares-question", "fc-dam-inspection"),  # 15
    ("fa-fluoride-forward", "fb-phone-mast-flu", "fc-flood-defence-plot"),  # 16
    ("fa-mayor-expenses", "fb-harbour-master-suspended", "fc-councillor-quarry-land"),  # 17
    ("fa-timetable-devastated", "fb-landlord-terrified", "fc-turbine-horror"),  # 18
    ("fa-bike-thefts-station", "fb-contractor-overpaid", "fc-hospital-missed-target"),  # 19
    ("fa-scholarship-recheck", "fb-bin-contractor-fee", "fc-east-side-postal-vote"),  # 20
)
SAME_ORDER = 13
"""Two forms shown in one order (file order, or one seed) agree on at most this many of 20 answers."""
LOPSIDED = 0.8
"""A yes/no feature present in at least ``SPARSE`` items may not mark one class in more than this share."""
SPARSE = 5
TECHNIQUE_MARKS = frozenset({"angry, crying or mocking emoji", "repeated ! or ?"})
"""Features that are the technique shown (outrage, mockery), which issue 12 allows in one class."""

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
def v2_forms() -> dict[str, list[HeadlineQuestion]]:
    return _load(CUED_V2, FORMS)


@pytest.fixture(scope="module")
def theme_questions() -> dict[str, str]:
    """Each theme question's whole text (prompt, explanation, options), by id."""
    return {
        q.id: "\n".join([q.prompt, q.explanation, *options(q)])
        for theme in THEMES
        for q in load_bank(REPO / "questions" / f"{theme}.toml").questions
    }


@pytest.fixture(scope="module")
def theme_text(theme_questions: dict[str, str]) -> str:
    return "\n".join(theme_questions.values())


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


def test_the_audit_catches_the_cues_of_version_2_0(v2_forms: dict[str, list[HeadlineQuestion]]) -> None:
    # The second-pass review found a masthead cue in 2.0: "Post", "Record", "Weekly", "Courier" and
    # "Gazette" only ever carried reliable headlines, "Standard", "Herald", "Insider" and
    # "Evening News" only manipulative ones.
    pooled = [q for items in v2_forms.values() for q in items]
    results = audit(pooled)
    print(f"\nCue audit of the version 2.0 forms ({len(pooled)} items):")
    print(table(results, LIMIT))
    above = {r.feature: r.accuracy for r in results if r.accuracy > LIMIT}
    assert above["masthead's last word"] > 0.75
    assert "masthead" in above


def _yes_no_counts(items: list[HeadlineQuestion]) -> dict[str, tuple[int, int]]:
    """Each yes/no feature's (reliable, manipulative) count of items having it."""
    views = [(seen(q), q.is_reliable) for q in items]
    counts = {}
    for name, feature in FEATURES.items():
        values = [(feature(view), reliable) for view, reliable in views]
        if {v for v, _ in values} <= {0.0, 1.0}:
            having = [reliable for v, reliable in values if v]
            counts[name] = (sum(having), len(having) - sum(having))
    return counts


def _lopsided(items: list[HeadlineQuestion]) -> dict[str, tuple[int, int]]:
    """Yes/no features that, where present, nearly always mean one class: (reliable, manipulative)."""
    return {
        name: counts
        for name, counts in _yes_no_counts(items).items()
        if name not in TECHNIQUE_MARKS and sum(counts) >= SPARSE and max(counts) > LOPSIDED * sum(counts)
    }


def test_no_sparse_feature_marks_one_class(forms: dict[str, list[HeadlineQuestion]]) -> None:
    # A feature on a few items can be a perfect cue where it appears and still sort the pool at
    # chance (single quotes on 7 items, all manipulative, sort 60 items at 62%). Where a feature
    # appears, both classes must carry it, unless it is the technique itself.
    pooled = [q for items in forms.values() for q in items]
    print(f"\nYes/no features on {SPARSE} or more of the {len(pooled)} items (reliable, manipulative):")
    for name, (reliable, manipulative) in _yes_no_counts(pooled).items():
        if reliable + manipulative >= SPARSE:
            note = "  (the technique itself)" if name in TECHNIQUE_MARKS else ""
            print(f"  {name:<32} {reliable:>3} {manipulative:>3}{note}")
    assert _lopsided(pooled) == {}


def test_the_sparse_check_catches_version_2_0(v2_forms: dict[str, list[HeadlineQuestion]]) -> None:
    found = _lopsided([q for items in v2_forms.values() for q in items])
    # Reliable headlines quoted in double marks, emotional ones in single; impersonations opened
    # with the body's name and a colon, real notices almost never.
    assert found == {
        "single quotes in the claim": (0, 7),
        "double quotes in the claim": (5, 0),
        "opens with a name and a colon": (1, 5),
    }


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
    by_id = {q.id: q for items in forms.values() for q in items}
    for column, form in enumerate(FORMS):
        assert sorted(slot[column] for slot in SLOTS) == sorted(q.id for q in forms[form]), form
    for slot, ids in enumerate(SLOTS, start=1):
        items = [by_id[qid] for qid in ids]
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


def _agreements(folder: Path) -> int:
    """The most answers two forms share, position by position, in file order or under one seed."""
    banks = [load_bank(folder / f"{form}.toml") for form in FORMS]
    most = 0
    for seed in (None, *range(30)):
        orders = []
        for bank in banks:
            by_id = {q.id: q for q in _headlines(bank)}
            shown = (
                by_id if seed is None else [item.question_id for item in plan_attempt(bank, seed=seed).items]
            )
            orders.append([by_id[qid].is_reliable for qid in shown])
        for a, b in itertools.combinations(orders, 2):
            most = max(most, sum(x == y for x, y in zip(a, b, strict=True)))
    return most


def test_no_two_forms_share_an_answer_order() -> None:
    # A learner sees form A's key at the end of it. With --no-shuffle, or one --seed for a whole
    # study, forms in the same file order would then give B's and C's answers away by position.
    assert _agreements(REPO / "questions") <= SAME_ORDER


def test_the_order_check_catches_version_2_0() -> None:
    assert _agreements(CUED_V2) == 20


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


# A paraphrase shares no four-word run and may drop every name, but it keeps the fact's figures
# and most of its rarer words: the words that make one theme question unlike the others.
ECHO = 0.33
"""The share of an item's weighted vocabulary one theme question may hold (the forms: at most 0.28)."""
_SUFFIXES = ("ing", "ed", "es", "s")
_YEAR = re.compile(r"(19|20)\d\d")


def _terms(text: str) -> set[str]:
    """Words (crudely stemmed) and figures, without the small words."""
    terms = set()
    for word in re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z][a-z'-]+", text.lower().replace("’", "'")):
        if word[0].isdigit():
            terms.add(word.replace(",", "").rstrip("."))
            continue
        word = word.removesuffix("'s")
        if len(word) < 3 or word in STOPWORDS:
            continue
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        terms.add(word)
    return terms


def _distinctive_figures(terms: set[str]) -> set[str]:
    """Figures a fact could be recognised by: decimals and numbers of three digits or more, not years."""
    return {t for t in terms if t[0].isdigit() and ("." in t or len(t) >= 3) and not _YEAR.fullmatch(t)}


def _echoed(items: list[HeadlineQuestion], theme_questions: dict[str, str]) -> dict[str, tuple[str, float]]:
    """Reliable items that read as a rewording of one theme question: (that question, share)."""
    docs = {qid: _terms(text) for qid, text in theme_questions.items()}
    mine = {q.id: _terms(q.prompt) for q in items if q.is_reliable}
    frequency = Counter(t for terms in (*docs.values(), *mine.values()) for t in terms)
    total = len(docs) + len(mine)
    weight = {t: math.log(total / n) for t, n in frequency.items()}
    found = {}
    for qid, terms in mine.items():
        whole = sum(weight[t] for t in terms)
        share, theme_id = max((sum(weight[t] for t in terms & doc) / whole, tid) for tid, doc in docs.items())
        figures = {tid for tid, doc in docs.items() if _distinctive_figures(terms) & doc}
        if share >= ECHO or figures:
            found[qid] = (theme_id if share >= ECHO else min(figures), round(share, 2))
    return found


def test_no_reliable_item_rewords_what_the_theme_banks_teach(
    forms: dict[str, list[HeadlineQuestion]], theme_questions: dict[str, str]
) -> None:
    assert _echoed([q for items in forms.values() for q in items], theme_questions) == {}


PARAPHRASES = {
    # Facts the theme banks teach, reworded so that no four-word run and no name is left.
    "p-cap": "**The ceiling on what buyers may pay for seaborne crude drops again, to 44.10 dollars a "
    "barrel, after its first six-monthly review**",
    "p-pisa": "**About half of 15-year-olds in rich countries say their school taught them how to tell "
    "whether information is biased**",
    "p-fleet": "**More than 550 ageing tankers are now barred from the bloc's ports and services, most of "
    "them part of a fleet that hides who owns it**",
    "p-damage": "**Rebuilding the war-damaged country will cost more than half a trillion dollars within ten "
    "years, the latest joint damage assessment finds**",
}


def test_the_rewording_check_catches_paraphrases(theme_questions: dict[str, str]) -> None:
    items = [
        HeadlineQuestion.model_validate(
            {
                "id": pid,
                "type": "headline",
                "prompt": f"{prompt}\n\n— The Harbour Post",
                "answer": "reliable",
                "explanation": "Reliable.",
                "difficulty": "easy",
            }
        )
        for pid, prompt in PARAPHRASES.items()
    ]
    # The phrase-and-name check misses most of them; the rewording check misses none.
    missed = set(PARAPHRASES) - set(_restated(items, "\n".join(theme_questions.values())))
    assert {"p-cap", "p-fleet", "p-damage"} <= missed
    assert set(_echoed(items, theme_questions)) == set(PARAPHRASES)


def test_the_rewording_check_catches_version_1(
    cued_forms: dict[str, list[HeadlineQuestion]], theme_questions: dict[str, str]
) -> None:
    found = _echoed([q for items in cued_forms.values() for q in items], theme_questions)
    assert len([qid for qid in found if "-x-" not in qid]) >= 15, found

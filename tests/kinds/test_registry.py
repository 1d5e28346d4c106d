"""The registry and the contract every registered kind keeps (these run over each kind)."""

from __future__ import annotations

import json
import random
from typing import Annotated, Any, Union

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from quiz.kinds.base import QuestionBase
from quiz.kinds.kind import Kind
from quiz.kinds.registry import KINDS, UnknownKindError, kind_named, kind_of, models
from tests.kinds.helpers import BASE, check_interaction
from tests.kinds.test_matching import TECHNIQUES
from tests.kinds.test_ordering import SIFT
from tests.kinds.test_spot import POST

SAMPLES: dict[str, dict[str, Any]] = {
    "single": {
        "type": "single",
        "choices": [
            {"text": "Impersonation", "correct": True, "feedback": "It copies a real outlet."},
            {"text": "Trolling"},
            {"text": "Polarisation"},
        ],
    },
    "multiple": {
        "type": "multiple",
        "choices": [
            {"text": "Check the domain", "correct": True},
            {"text": "Trust the logo"},
            {"text": "Search for the quote", "correct": True},
        ],
    },
    "true_false": {"type": "true_false", "answer": False},
    "headline": {"type": "headline", "answer": "manipulative"},
    "ordering": {"type": "ordering", "items": list(SIFT)},
    "matching": TECHNIQUES,
    "spot": POST,
}
"""One valid question per kind: a kind without one here fails ``test_every_kind_has_a_sample``."""

_UNION = Union[models()]  # noqa: UP007 - built at run time from the registry, as the loader will
ADAPTER: TypeAdapter[QuestionBase] = TypeAdapter(Annotated[_UNION, Field(discriminator="type")])


def question(name: str) -> QuestionBase:
    return ADAPTER.validate_python({**BASE, **SAMPLES[name]})


def test_every_kind_has_a_sample() -> None:
    assert set(SAMPLES) == set(KINDS)


def test_the_union_of_models_picks_the_kind_by_type() -> None:
    for name in KINDS:
        found = question(name)
        assert found.type == name
        assert kind_of(found) is KINDS[name]
        assert isinstance(found, KINDS[name].model)


def test_an_unknown_type_names_the_kinds() -> None:
    with pytest.raises(
        UnknownKindError,
        match=r"unknown question kind 'essay' \(expected one of single, multiple, true_false",
    ):
        kind_named("essay")
    with pytest.raises(ValidationError) as caught:
        ADAPTER.validate_python({**BASE, "type": "essay"})
    assert caught.value.errors()[0]["type"] == "union_tag_invalid"


KIND_NAMES = sorted(KINDS)


def _layout(kind: Kind[Any], q: QuestionBase, seed: int) -> tuple[int, ...]:
    return kind.layout(q, random.Random(seed), True)


@pytest.mark.parametrize("name", KIND_NAMES)
def test_the_correct_response_earns_full_credit_on_every_part(name: str) -> None:
    kind, q = KINDS[name], question(name)
    right = kind.correct_response(q)
    assert kind.check(q, right) == right
    assert kind.credit(q, right) == pytest.approx(1.0)
    assert all(part.right for part in kind.parts(q, right))


@pytest.mark.parametrize("name", KIND_NAMES)
@pytest.mark.parametrize("seed", range(5))
def test_shown_terms_and_plain_text_convert_both_ways(name: str, seed: int) -> None:
    kind, q = KINDS[name], question(name)
    layout = _layout(kind, q, seed)
    assert sorted(layout) == list(range(len(kind.options(q))))
    right = kind.correct_response(q)
    assert kind.from_shown(q, layout, kind.to_shown(q, layout, right)) == right
    assert kind.plain_parse(q, layout, kind.plain_answer(q, layout, right)) == right
    assert len(kind.plain_lines(q, layout)) >= len(layout)


@pytest.mark.parametrize("name", KIND_NAMES)
def test_what_is_shown_never_tells_the_answer(name: str) -> None:
    kind, q = KINDS[name], question(name)
    for seed in range(30):
        layout = _layout(kind, q, seed)
        shown = kind.shown(q, layout)
        # Shown in an order that is itself the answer would give it away (ordering, matching).
        if kind.ordered:
            right = kind.to_shown(q, layout, kind.correct_response(q))
            assert right != tuple(range(len(right)))
        payload = json.dumps(shown.__dict__, default=str)
        assert "manipulative" not in payload
        assert "feedback" not in payload
        assert "correct" not in payload


@pytest.mark.parametrize("name", KIND_NAMES)
def test_xapi_definitions_keep_the_specs_rules(name: str) -> None:
    kind, q = KINDS[name], question(name)
    definition = kind.xapi_definition([("lt", q)])
    assert definition["interactionType"] == kind.xapi_interaction
    right = kind.correct_response(q)
    assert definition["correctResponsesPattern"] == [kind.xapi_response(q, right)]
    check_interaction(definition, kind.xapi_response(q, right))


@pytest.mark.parametrize("name", KIND_NAMES)
def test_response_text_names_the_options_given(name: str) -> None:
    kind, q = KINDS[name], question(name)
    right = kind.correct_response(q)
    text = kind.response_text(q, right)
    assert all(kind.options(q)[i] in text for i in right)
    assert kind.response_labels(q, right)

"""What the kind tests share: building questions, and reading validation errors as authors do."""

from __future__ import annotations

import random
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from quiz.bank.problems import explain, field_path
from tests.export.xapi_rules import INTERACTION_TYPES

BASE: dict[str, Any] = {"id": "q1", "prompt": "A prompt", "explanation": "Why it is so."}

_ID = re.compile(r"^\S+$")


def problems(model: type[BaseModel], data: dict[str, Any]) -> list[str]:
    """Every problem, as ``field: message`` in the loader's words (it adds file, line and id)."""
    try:
        model.model_validate({**BASE, **data})
    except ValidationError as exc:
        return [f"{field_path(err['loc'])}: {explain(err)}" for err in exc.errors()]
    return []


def seeded(seed: int = 7) -> random.Random:
    return random.Random(seed)


def check_interaction(definition: dict[str, Any], response: str) -> None:
    """The xAPI 1.0.3 rules for an interaction's components, its pattern and a response.

    From the specification, Part Two, 2.4.4.1 (Interaction Activities): choice and sequencing
    list ``choices``, matching lists ``source`` and ``target``; component ids are unique within
    their list and hold no whitespace; response patterns join ids with ``[,]`` and a matching
    pair joins its source and target ids with ``[.]``; a sequencing response orders the choice
    ids; a choice response names each id at most once.
    """
    kind = definition["interactionType"]
    assert kind in INTERACTION_TYPES
    if kind == "true-false":
        assert not {"choices", "scale", "source", "target", "steps"} & set(definition)
        assert {*definition["correctResponsesPattern"], response} <= {"true", "false"}
        return
    lists = {"choice": ("choices",), "sequencing": ("choices",), "matching": ("source", "target")}[kind]
    others = {"choices", "scale", "source", "target", "steps"} - set(lists)
    assert not others & set(definition), f"{kind} carries {others & set(definition)}"
    ids: dict[str, set[str]] = {}
    for name in lists:
        found = [c["id"] for c in definition[name]]
        assert all(_ID.match(i) and "[,]" not in i and "[.]" not in i for i in found), found
        assert len(found) == len(set(found)), f"{name} ids repeat: {found}"
        assert all(isinstance(c["description"], dict) and c["description"] for c in definition[name])
        ids[name] = set(found)
    patterns = definition["correctResponsesPattern"]
    assert isinstance(patterns, list)
    assert patterns
    for pattern in [*patterns, response]:
        items = pattern.split("[,]") if pattern else []
        if kind == "matching":
            pairs = [item.split("[.]") for item in items]
            assert all(len(p) == 2 for p in pairs), pattern
            assert {s for s, _ in pairs} <= ids["source"], pattern
            assert {t for _, t in pairs} <= ids["target"], pattern
        else:
            assert len(items) == len(set(items)), f"{pattern!r} repeats an id"
            assert set(items) <= ids["choices"], pattern
            if kind == "sequencing":
                assert set(items) == ids["choices"], f"{pattern!r} does not order every item"

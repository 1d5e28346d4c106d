"""Front ends, exports, the store, formats and the live server ask the registry: none of them
names a kind (issue 16, point 1). Read from the source, so a new ``if q.type == "spot"`` or
``from quiz.kinds.spot import ...`` outside ``quiz/kinds`` fails here."""

from __future__ import annotations

import ast
from pathlib import Path

from quiz.kinds.registry import KINDS

QUIZ = Path(__file__).resolve().parents[2] / "quiz"
SHARED = {"quiz.kinds", "quiz.kinds.registry", "quiz.kinds.kind", "quiz.kinds.base", "quiz.kinds.moodle"}
"""What a consumer may import from ``quiz.kinds``: the registry and what every kind shares."""


def consumers() -> list[Path]:
    return sorted(p for p in QUIZ.rglob("*.py") if (QUIZ / "kinds") not in p.parents)


def kind_names_in(path: Path) -> list[str]:
    """Each string that is a kind's name, or an import of one kind's module, as ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and node.value in KINDS:
            found.append(f"{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("quiz.kinds"):
            if node.module not in SHARED:
                found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {a.name}" for a in node.names if a.name.startswith("quiz.kinds.")
            ]
    return found


def test_no_consumer_names_a_kind() -> None:
    named = {str(p.relative_to(QUIZ)): found for p in consumers() if (found := kind_names_in(p))}
    assert named == {}


def test_the_check_sees_a_kind_named(tmp_path: Path) -> None:
    source = tmp_path / "consumer.py"
    source.write_text(
        'from quiz.kinds.spot import SPOT\n\nif question.type == "ordering":\n    pass\n', encoding="utf-8"
    )
    assert kind_names_in(source) == ["1: from quiz.kinds.spot import ...", "3: 'ordering'"]
    assert len(consumers()) > 50

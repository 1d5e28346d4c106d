"""A module's ``_`` names are its own: another module that needs one gets a public name for it.

The bank loader and the translation checker once imported eight private helpers of
``quiz.bank.problems``; a change to one of them then broke code that had no reason to know it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import quiz

PACKAGE = Path(quiz.__file__).parent


def private_imports(text: str, name: str) -> list[str]:
    """Each ``from quiz... import _name`` in ``text`` (gettext's ``_`` is private only by its
    spelling, and dunders are not private)."""
    return [
        f"{name}:{node.lineno}: {alias.name} from {node.module}"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("quiz")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__") and alias.name != "_"
    ]


def test_bank_and_formats_import_no_private_names() -> None:
    sources = sorted([*(PACKAGE / "bank").rglob("*.py"), *(PACKAGE / "formats").rglob("*.py")])
    found = [
        line for path in sources for line in private_imports(path.read_text(encoding="utf-8"), path.name)
    ]
    assert found == []


def test_the_check_finds_a_private_import() -> None:
    text = "from quiz.bank.problems import _SHORT, Problem\nfrom quiz.i18n import _\n"
    assert private_imports(text, "example.py") == ["example.py:1: _SHORT from quiz.bank.problems"]

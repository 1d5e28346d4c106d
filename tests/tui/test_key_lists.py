"""Our reading of a key list ("x, e", "?", "f1,f2") against Textual's, which is private API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.keys import _normalize_key_list  # the oracle only: textual is pinned

from quiz.frontends.tui import keys
from quiz.frontends.tui.app import QuizApp
from quiz.frontends.tui.keys import key_list

REMAPPED = ["ctrl+x", "space", "question_mark", "?", "f1, f2", "x,e", " k ", "+", "-", "/", "@", "ctrl+q"]
REMAPPED += ["ы", "f1,", "shift+tab", "ctrl+shift+a"]


def textuals(keys_: str) -> list[str]:
    """The keys Textual binds for ``keys_`` in a keymap: its normal form, split, empties left out."""
    return [key for key in _normalize_key_list(keys_).split(",") if key]


@pytest.mark.parametrize("keys_", sorted({b.key for _, b in keys.bindings(QuizApp)}) + REMAPPED)
def test_our_key_list_agrees_with_textuals(keys_: str) -> None:
    assert list(key_list(keys_)) == textuals(keys_)


def test_the_keymap_check_imports_no_private_name_of_textual() -> None:
    # textual.keys._normalize_key_list was imported here: a private name may go in any release.
    tree = ast.parse(Path(keys.__file__).read_text(encoding="utf-8"))
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []

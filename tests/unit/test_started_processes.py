"""A layer starts no process of a layer above it: import-linter sees imports, not ``python -m``.

The host screen's server was started as ``python -m quiz ... host --headless``, so the live layer
depended on the CLI and the commands above it through a subprocess that no contract could see.
"""

from __future__ import annotations

import ast
import itertools
import tomllib
from pathlib import Path

import quiz

PACKAGE = Path(quiz.__file__).parent
LAYERS: list[list[str]] = [
    [name.strip() for name in layer.split("|")]
    for layer in tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"][0]["layers"]
]


def layer_of(module: str) -> int:
    """The index of ``module``'s layer (0 is the top); ``quiz`` itself runs the CLI."""
    module = "quiz.cli" if module in ("quiz", "quiz.__main__") else module
    for index, names in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in names):
            return index
    raise AssertionError(f"{module} is in no layer")


def started_modules(text: str) -> list[tuple[int, str]]:
    """Each ``"-m", "<module>"`` pair in a list, tuple or call's arguments: (line, module)."""
    found = []
    for node in ast.walk(ast.parse(text)):
        items = (
            node.elts
            if isinstance(node, ast.List | ast.Tuple)
            else node.args
            if isinstance(node, ast.Call)
            else []
        )
        for first, second in itertools.pairwise(items):
            if (
                isinstance(first, ast.Constant)
                and first.value == "-m"
                and isinstance(second, ast.Constant)
                and isinstance(second.value, str)
            ):
                found.append((second.lineno, second.value))
    return found


def upward_starts(paths: list[Path]) -> list[str]:
    problems = []
    for path in paths:
        starter = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for line, module in started_modules(path.read_text(encoding="utf-8")):
            if module.startswith("quiz") and layer_of(module) < layer_of(starter):
                problems.append(f"{path.relative_to(PACKAGE.parent)}:{line}: starts {module}")
    return problems


def test_no_layer_from_live_down_starts_a_process_of_a_layer_above_it() -> None:
    live = layer_of("quiz.live")
    paths = [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py") or path.parent != PACKAGE
        if layer_of(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)) >= live
    ]
    assert upward_starts(paths) == []


def test_the_check_finds_an_upward_start(tmp_path: Path) -> None:
    text = (
        'command = [sys.executable, "-m", "quiz", "--db", db]\nrun(sys.executable, "-m", "quiz.live.apart")\n'
    )
    assert started_modules(text) == [(1, "quiz"), (2, "quiz.live.apart")]
    assert layer_of("quiz") < layer_of("quiz.live") == layer_of("quiz.live.apart")

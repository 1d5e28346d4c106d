"""Babel's extractor for this project's Python: gettext calls, the help text of commands, and
the tooltips of key bindings.

Click's help lives in docstrings and ``help=`` arguments (an option's placeholder in
``metavar=``), where gettext calls cannot go (the
language is known only once the command line is read); ``quiz.commands.language`` translates
them when it is. This finds them for the template, cleaned the way click cleans them. A
``Binding``'s tooltip is the same case (a class attribute, made before the language is known);
``quiz.frontends.tui.language`` translates it with the description.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

_COMMANDS = {"command", "group"}
_HELP_KEYWORDS = {"help", "short_help", "epilog"}


def python_and_click(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    """What ``extract_python`` finds, then every command docstring and help argument."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type, misc]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            _is_command(decorator) for decorator in node.decorator_list
        ):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, None, inspect.cleandoc(doc), []
        if isinstance(node, ast.Call) and _name(node.func) in {
            "option",
            "command",
            "group",
            "argument",
            "Binding",
        }:
            shown = {"tooltip"} if _name(node.func) == "Binding" else _HELP_KEYWORDS | {"metavar"}
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg in shown and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield value.lineno, None, inspect.cleandoc(value.value), []


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_command(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _name(target) in _COMMANDS

"""Find string literals that reach the user without the catalog: an AST walk over the sources.

A *sink* is where text is shown: a widget's text, a notice, a dialog's title, a line the
command line prints, an error a command raises, a command-palette entry. A literal with a
letter in it that reaches a sink other than through ``_``/``ngettext``/``pgettext``/``N_`` is
left out of the catalog, and so shown in English whatever the language.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

WRAPPERS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_"}
# Calls whose positional arguments are shown as they are.
SHOWN_ARGS = {
    # Textual widgets and content
    "Label",
    "Static",
    "Button",
    "Checkbox",
    "RadioButton",
    "ListItem",
    "Option",
    "Selection",
    "Tab",
    "TabPane",
    "Collapsible",
    "Digits",
    "Markdown",
    "Content",
    "Text",
    "update",
    "write",
    "add_column",
    "add_columns",
    "notify",
    "SystemCommand",
    "Hit",
    "DiscoveryHit",
    # the command line
    "echo",
    "secho",
    "fail",
    "prompt",
    "confirm",
    "ClickException",
    "UsageError",
    "BadParameter",
}
# Calls whose arguments at these places are shown: a bank problem's message (``Problem(file,
# where, field, message)``, and a translation check's ``problem(where, field, message)``).
SHOWN_AT = {"Problem": (3,), "problem": (2,)}
# Keywords shown wherever they appear (click's help= is extracted from the source instead).
SHOWN_KEYWORDS = {"title", "label", "placeholder", "tooltip", "prompt", "subtitle", "message", "description"}
SHOWN_ATTRIBUTES = {"border_title", "border_subtitle", "tooltip", "title", "sub_title", "TITLE", "SUB_TITLE"}
_WORD = re.compile(r"[^\W\d_]{2,}")
_KEYS = re.compile(r"\[[\w+]+\]")
"""A key shown beside a label, ``[ctrl+s]``: the same in every language."""


@dataclass(frozen=True)
class Left:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _bare(node: ast.expr) -> Iterator[ast.expr]:
    """The literal parts of ``node`` that are shown as written (not through a wrapper)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        yield from (part for part in node.values if isinstance(part, ast.Constant))
    elif isinstance(node, ast.BinOp):
        yield from _bare(node.left)
        if isinstance(node.op, ast.Add):
            yield from _bare(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _bare(node.body)
        yield from _bare(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _bare(value)
    elif isinstance(node, ast.Call) and _name(node.func) in {"format", "join"}:
        if isinstance(node.func, ast.Attribute):
            yield from _bare(node.func.value)
    elif isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            yield from _bare(element)


def _worded(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and bool(_WORD.search(_KEYS.sub("", str(node.value))))


_MESSAGE_ARGS = {"ngettext": (0, 1), "pgettext": (1,), "npgettext": (1, 2)}
"""Where a wrapper's msgids are (the others: its first argument)."""


def _not_extractable(call: ast.Call, path: Path, positions: tuple[int, ...]) -> list[Left]:
    """A msgid the extractor cannot take as written: an f-string with substitutions (skipped,
    so English), or an expression holding literals, whose first literal becomes a stray msgid
    (``_({"single": N_("Choose one")}[kind])`` made the msgid "single")."""
    found = []
    for position in positions:
        if position >= len(call.args):
            continue
        arg = call.args[position]
        if isinstance(arg, ast.Constant) or (isinstance(arg, ast.Call) and _name(arg.func) in WRAPPERS):
            continue
        if isinstance(arg, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in arg.values):
            found.append(Left(path, arg.lineno, f"an f-string as a msgid: {ast.unparse(arg)}"))
        elif _built(arg) and any(
            isinstance(inner, ast.Constant) and isinstance(inner.value, str) and _WORD.search(inner.value)
            for inner in ast.walk(arg)
        ):
            found.append(Left(path, arg.lineno, f"literals inside a msgid: {ast.unparse(arg)}"))
    return found


def _built(node: ast.expr) -> bool:
    """An expression that builds its text from literals in place (not a marked name's value)."""
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Dict | ast.List | ast.Tuple)
    return isinstance(node, ast.Dict | ast.BinOp | ast.IfExp | ast.BoolOp | ast.List | ast.Tuple)


def left_out(source: str, path: Path) -> list[Left]:
    """Every shown literal of ``source`` that does not go through the catalog."""
    found: list[Left] = []

    def check(value: ast.expr) -> None:
        for part in _bare(value):
            if _worded(part):
                found.append(Left(path, part.lineno, str(getattr(part, "value", ""))))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in WRAPPERS:
                found += _not_extractable(node, path, _MESSAGE_ARGS.get(name, (0,)))
                continue
            if name == "Binding":
                found += _not_extractable(node, path, (2,))
            if name in SHOWN_ARGS:
                for arg in node.args:
                    check(arg)
            for position in SHOWN_AT.get(name, ()):
                if position < len(node.args):
                    check(node.args[position])
            if name in {"option", "argument", "command", "group", "Binding"}:
                # click's help and a binding's tooltip: extracted from the source (quiz.i18n.extract),
                # translated where they are shown (quiz.commands.language, quiz.frontends.tui.language)
                continue
            for keyword in node.keywords:
                if keyword.arg in SHOWN_KEYWORDS:
                    check(keyword.value)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                check(arg)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                attribute = target.attr if isinstance(target, ast.Attribute) else _name(target)
                if attribute in SHOWN_ATTRIBUTES:
                    check(node.value)
    return sorted(set(found), key=lambda left: (left.line, left.text))


def left_out_in(paths: list[Path]) -> list[Left]:
    return [left for path in paths for left in left_out(path.read_text(encoding="utf-8"), path)]


def marked(source: str, path: Path) -> list[Left]:
    """Every literal msgid ``source`` hands to a wrapper, where it is written: what the
    extractor should find (it does not look inside an f-string's braces, so
    ``f"{_('languages')}: "`` kept "languages" out of the catalog)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in WRAPPERS:
            for position in _MESSAGE_ARGS.get(_name(node.func), (0,)):
                if position < len(node.args):
                    arg = node.args[position]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.append(Left(path, arg.lineno, arg.value))
    return found


_PROSE = re.compile(r"(?<![\w-])[a-z]{2,} (?:[a-z]{2,}\b|\{\})")
"""Two words in a row, or a word and a value: English a sentence is made of ("question {}",
"has no email"), where SQL's upper-case keywords and a CSS class's hyphenated name are not."""


def prose_in_fstrings(source: str, path: Path) -> list[Left]:
    """Every f-string of ``source`` that writes prose: a msgid cannot be an f-string, so its
    words are English in every language wherever it ends up (an error raised with it, a helper's
    return value, a list of warnings handed on): the places the sinks' walk cannot follow."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if _PROSE.search(str(text)):
                found.append(Left(path, node.lineno, str(text)))
    return found


_JOINER = re.compile(r"\s*(?:[,;/、]|and|or)\s*|: ")
"""What joins words into a list or a pair in one language: ", ", "; ", " / ", " and ", and a
label and its text (": ", where Japanese writes "：")."""
_PUNCTUATION = re.compile(r"\s*[,;/.()、。]+\s*|: ")
_ELLIPSIS = {"...", "…"}
"""A text cut short: the same mark in every language the app speaks."""


def punctuation_built(source: str, path: Path) -> list[Left]:
    """Every place ``source`` puts punctuation or a conjunction between texts in code: a
    ``", ".join``, a ``+ "."`` or ``", " +``, an f-string's ``{a}, {b}``, ``{a} / {b}`` or
    ``{a} ({b})``. Each keeps English punctuation and word order in every language ("a, b" where
    Japanese writes "a、b", a period after "。"): a list goes through ``quiz.i18n.lists``, the rest
    belongs in the message (``_("{mode} ({coverage})")``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join":
            joiner = node.func.value
            if (
                isinstance(joiner, ast.Constant)
                and isinstance(joiner.value, str)
                and _JOINER.fullmatch(joiner.value)
            ):
                found.append(Left(path, node.lineno, f"{joiner.value!r}.join"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            for side in (node.left, node.right):
                if (
                    isinstance(side, ast.Constant)
                    and isinstance(side.value, str)
                    and _PUNCTUATION.fullmatch(side.value)
                    and side.value.strip() not in _ELLIPSIS
                ):
                    found.append(Left(path, node.lineno, f"+ {side.value!r}"))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)
            if re.search(r"\0(?:, |; | / |、|: )\0|\0 ?\(\0\)", str(text)):
                found.append(Left(path, node.lineno, "f" + repr(str(text).replace("\0", "{}"))))
    return found


def repr_quoted(source: str, path: Path) -> list[Left]:
    """Every message of ``source`` that quotes a value with Python's ``repr`` ('sample'), a
    ``.format(bank=repr(bank.id))`` or a ``{name!r}`` in its msgid: English quotes in every
    language, where Lithuanian writes „…“, Ukrainian «…» and Japanese 「…」 (the message's own)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            for keyword in node.keywords:
                value = keyword.value
                if isinstance(value, ast.Call) and _name(value.func) == "repr":
                    found.append(Left(path, node.lineno, f"{keyword.arg}=repr(...)"))
        elif _name(node.func) in WRAPPERS:
            for position in _MESSAGE_ARGS.get(_name(node.func), (0,)):
                arg = node.args[position] if position < len(node.args) else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found += [
                        Left(path, node.lineno, f"{{{name}!r}}")
                        for name in re.findall(r"\{(\w+)!r\}", arg.value)
                    ]
    return found

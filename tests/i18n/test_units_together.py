"""A number and its unit stay on one line: "25 хв", "45,5 %", "30 s each".

Ukrainian wrapped "25 / хв" at a line's end: the messages put an ordinary space between a
number and its unit, and the wrappers (rich's, under Textual, and ``quiz.i18n.width.wrap``)
broke at a no-break space too, since ``\\s`` and ``str.split()`` count it as a space: Babel's
"45,5 %" and "1 000" could break as well.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from quiz.frontends.tui import linebreak
from quiz.i18n import set_language
from quiz.i18n.numbers import with_unit
from quiz.i18n.width import cells, wrap
from tests.conftest import REPO

UNIT = re.compile(r"\{\w+\} (s|ms|min|h|MB|points?|marks?|days?|hours?|minutes?|seconds?)\b")
"""A placeholder (a number) before a unit or a counted word, in a msgid."""
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
BINDERS = {"with_unit", "unit_spaces"}
"""The helpers that keep a number with the word after it."""


def _messages_with_units(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT):
            continue
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and UNIT.search(arg.value):
                yield node, arg.value
                break


def unbound(source: str) -> list[str]:
    """The messages with a unit in ``source`` that are not put straight into a binder."""
    tree = ast.parse(source)
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BINDERS:
            inside.update(id(arg) for arg in node.args[:1])
    return [message for call, message in _messages_with_units(tree) if id(call) not in inside]


def test_the_walk_finds_a_unit_put_in_with_format_and_not_one_with_with_unit() -> None:
    assert unbound('x = _("{m} min {s} s").format(m=1, s=2)') == ["{m} min {s} s"]
    assert unbound('x = ngettext("{n} day ago", "{n} days ago", n).format(n=n)') == ["{n} day ago"]
    assert unbound('x = with_unit(_("{m} min"), m=1)') == []
    assert unbound('x = styled(unit_spaces(ngettext("{t} s each", "{t} s each", n), v), {}, **v)') == []
    assert unbound('x = styled(ngettext("{t} s each", "{t} s each", n), {}, t=1)') == ["{t} s each"]
    assert unbound('x = _("Question {n} of {total}").format(n=1, total=2)') == []


LAID_OUT = ("quiz/frontends", "quiz/engine", "quiz/export/html.py")
"""Where text is wrapped to a width: the app's screens, plain mode, what the results screens
show, and the HTML report. The command line's messages and errors are left as they are: a
terminal cuts a line at its edge whatever the space, and there a no-break space only spoils
copying and searching ("64 MB")."""


def test_every_number_with_a_unit_that_is_laid_out_is_kept_together() -> None:
    found = {}
    paths = [
        path
        for place in LAID_OUT
        for path in sorted((REPO / place).glob("**/*.py") if (REPO / place).is_dir() else [REPO / place])
    ]
    assert len(paths) > 20
    for path in paths:
        left = unbound(path.read_text(encoding="utf-8"))
        if left:
            found[str(path.relative_to(REPO))] = left
    assert found == {}


@pytest.fixture
def ukrainian() -> Iterator[None]:
    set_language("uk")
    yield
    set_language("en")


def test_ukrainian_units_are_held_to_their_numbers(ukrainian: None) -> None:
    from quiz.engine.timing import duration_text
    from quiz.frontends.tui.screens.dialogs import ago
    from quiz.frontends.tui.screens.history import short_duration

    assert duration_text(375) == "6\xa0хв 15\xa0с"
    assert short_duration(25 * 60) == "25\xa0хв"
    when = "2026-02-28T10:00:00+00:00"
    from datetime import datetime

    assert ago(when, datetime.fromisoformat("2026-02-28T10:25:00+00:00")) == "25\xa0хв тому"
    # A number that is not followed by its unit, and a value that is no number, are left alone.
    assert with_unit("{title} · {n} питань по {t} с", title="Банк 2", n=5, t="2,5") == (
        "Банк 2\xa0· 5\xa0питань по 2,5\xa0с"
    )
    assert with_unit("{name} — {n}", name="Ona", n=3) == "Ona — 3"


@pytest.mark.parametrize(
    "text", ["Розпочато 25\xa0хв тому", "Найкращий 45,5\xa0% сьогодні", "Почато 25\xa0分前"]
)
def test_the_wrappers_never_break_at_a_no_break_space(text: str) -> None:
    number, unit = re.search(r"(\S+)\xa0(\S+)", text).groups()  # type: ignore[union-attr]
    for width in range(cells(number + "\xa0" + unit), cells(text)):  # room for the two together
        for lines in (wrap(text, width), _pieces(text, linebreak.divide_line(text, width))):
            assert not any(line.rstrip().endswith(number) for line in lines), (width, lines)
            assert not any(line.startswith(unit) for line in lines), (width, lines)


def _pieces(text: str, breaks: list[int]) -> list[str]:
    return [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]


class _Narrow(App[None]):
    CSS = "Static { width: 14; }"

    def compose(self) -> ComposeResult:
        yield Static(with_unit("Розпочато {n} хв тому", n=25))


async def test_a_ukrainian_line_on_screen_keeps_25_hv_together() -> None:
    from textual.geometry import Region

    linebreak.install()
    app = _Narrow()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        static = app.query_one(Static)
        strips = static.render_lines(Region(0, 0, static.size.width, static.size.height))
        lines = [strip.text.rstrip() for strip in strips if strip.text.strip()]
        assert lines == ["Розпочато", "25\xa0хв тому"], lines

"""Every user-facing string of the screens and commands goes through the catalogs.

Two checks, since each misses what the other sees: a walk over the sources finds a literal
handed to a widget, a notice, ``click.echo`` or an error without ``_()``; the app run under a
pseudo-locale (every catalog string comes out ⟦marked⟧) finds text built anywhere else, and
Textual's own words, on the screens as a learner sees them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quiz.frontends.tui import AppSettings, QuizApp, make_app
from quiz.i18n.width import cells
from tests.conftest import FIXTURES, REPO, FakeClock
from tests.i18n.literals import left_out, left_out_in
from tests.i18n.pseudo import CLOSE, OPEN, pseudo
from tests.live.conftest import RoomFactory, open_room
from tests.tui.conftest import until

__all__ = ["open_room", "pseudo"]

QUIZ = REPO / "quiz"
CHECKED = sorted([*(QUIZ / "frontends").rglob("*.py"), *(QUIZ / "commands").glob("*.py"), QUIZ / "cli.py"])
NAMES = {"resilience-quiz"}
"""Shown as written in every language: the product's name."""


CORE = sorted(
    path
    for package in ("bank", "kinds", "engine", "services", "store", "export", "formats", "config", "infra")
    for path in (QUIZ / package).rglob("*.py")
    if path.name != "jsonfmt.py"  # the JSON Schema's descriptions: for programs, stable in every language
)
"""The pure core, the use cases, the database, the exports and the imports, the settings file
and the files read and written: their errors and a bank's problems reach the user as they are.
(The settings file's errors are said in the language of ``--lang`` or the environment, decided
before it is read.)"""
NOT_SHOWN = {
    " totals for ",
    " attempts",
    "the time limit must be positive",
    "export format ",
    " is registered twice",
    "unreachable",
    "module ",  # quiz.infra.lazy: a name the code asks of a package that has none
    " has no attribute ",
}
"""A caller's mistake in the code, never a user's: no one reads these but a developer."""


def test_no_literal_reaches_the_screen_or_the_terminal_without_the_catalog() -> None:
    left = [found for found in left_out_in(CHECKED) if found.text not in NAMES]
    assert left == [], "\n".join(map(str, left))


def test_no_error_or_bank_problem_of_the_core_is_left_out_of_the_catalog() -> None:
    """``quiz validate``'s problems, the kinds' rules, and the errors a command shows as they
    come (no bank called..., nothing is due...)."""
    left = [found for found in left_out_in(CORE) if found.text not in NOT_SHOWN]
    assert left == [], "\n".join(map(str, left))


PROSE_FOR_MACHINES = {
    "// {} ({}, version {}), written by resilience-quiz": "a GIFT file's comment, read back by the importer",
    "Imported from {}.": "an imported bank's description, bank text in the bank's own language",
    "resilience-quiz {} stopped on an unexpected error at {}\n\n": "the crash log, for developers",
    "  quiz join {} --code {}": "a command to type",
    "{} totals for {} attempts": "a caller's mistake in the code",
    "export format {} is registered twice": "a caller's mistake in the code",
    "module {} has no attribute {}": "a caller's mistake in the code (quiz.infra.lazy)",
    "Facts as of {} {}": "not shown: the front ends word the day with sentence_with_day",
    "the time limit was {} s and this answer came {} s late": "not shown: each front end words it",
}
"""Prose in f-strings that is no learner's to read, each with why."""


def test_no_prose_is_built_by_an_f_string() -> None:
    """ "no question in bank ... matches ...", the gradebook's warnings, "attempt ... is open in
    another quiz", the LRS's error-body texts, GIFT's "question 'Q1'": each an f-string that no
    sink received directly (a helper's return value, a list handed on, an exception's own
    ``__init__``), so English in every language."""
    from tests.i18n.literals import prose_in_fstrings

    found = [
        left
        for path in sorted({*CHECKED, *CORE})
        for left in prose_in_fstrings(path.read_text(encoding="utf-8"), path)
        if left.text not in PROSE_FOR_MACHINES
    ]
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('return f"no question in bank {bank.id!r} matches {asked}"', 1),
        ('warnings = [f"learner {name!r} has no email" for name in names]', 1),
        ('return f"question {item.name!r}"', 1),
        ('sql = f"SELECT {columns} FROM answers WHERE attempt_id IN ({ids})"', 0),
        ('classes = f"attempt-verdict {verdict}"', 0),
        ('where = f"{source}:{item.line}"', 0),
    ],
)
def test_the_prose_walk_finds_sentences_not_sql_or_places(source: str, found: int) -> None:
    from tests.i18n.literals import prose_in_fstrings

    assert len(prose_in_fstrings(source, Path("x.py"))) == found


PUNCTUATION_FOR_MACHINES = {
    # csv and json: programs split these, the same in every language
    ("quiz/commands/report.py", "'; '.join"): "report --format csv: the flags column",
    ("quiz/export/data.py", "';'.join"): "csv: a response's labels of a question the bank has lost",
    ("quiz/kinds/choosing.py", "';'.join"): "csv: the response's labels (A;C)",
    ("quiz/kinds/matching.py", "';'.join"): "csv: the response's labels (1B;2A)",
    ("quiz/kinds/ordering.py", "';'.join"): "csv: the response's labels (C;A;B)",
    ("quiz/kinds/verdicts.py", "';'.join"): "csv: the response's labels (the verdict words)",
    (
        "quiz/kinds/choosing.py",
        "'; '.join",
    ): "csv's response_text (people read quiz.export.data.response_in_words)",
    (
        "quiz/kinds/matching.py",
        "'; '.join",
    ): "csv's response_text (people read quiz.export.data.response_in_words)",
    (
        "quiz/kinds/ordering.py",
        "'; '.join",
    ): "csv's response_text (people read quiz.export.data.response_in_words)",
    ("quiz/export/lrs.py", "','.join"): "the JSON array of statements sent to the LRS",
    # what a learner types, which plain mode reads back: its syntax, not a sentence
    ("quiz/kinds/choosing.py", "','.join"): "plain mode's answer as typed (1,3)",
    ("quiz/kinds/spot.py", "', '.join"): "plain mode's answer as typed (2, 4)",
    # SQL
    ("quiz/store/answers.py", "', '.join"): "SQL columns",
    ("quiz/store/rows.py", "', '.join"): "SQL columns",
    ("quiz/store/db.py", "','.join"): "SQL placeholders",
    # ids, file names, number patterns, English read rather than written
    ("quiz/frontends/tui/screens/export.py", "+ '.'"): "a file name's extension",
    (
        "quiz/i18n/numbers.py",
        "+ '.'",
    ): "Babel's number patterns (#,##0.0), and a day's own period kept single",
    ("quiz/bank/problems.py", "', '.join"): "recognising pydantic's English list, to say it in the language",
    ("quiz/export/registry.py", "', '.join"): "the README's table of formats (English documentation)",
    (
        "quiz/live/protocol.py",
        "', '.join",
    ): "the server's protocol error, English by design (the client words it)",
    ("quiz/live/protocol.py", "f'{}: {}: {}{}'"): "the server's protocol error, English by design",
    ("quiz/bank/problems.py", "': '.join"): "quiz validate's file:line: where: field: message, as compilers "
    "write a problem and editors read it (each part a message of its own)",
    (
        "quiz/export/lrs.py",
        "f'{}: {}'",
    ): "an HTTP library's error, its class and its own English, as the detail of a translated message",
    ("quiz/i18n/catalogs.py", "f'{}: {} is also a {} at {}'"): "a developer's tool (msgids used two ways)",
}
"""Punctuation put between texts in code that no learner reads as a sentence, each with why."""


def test_no_punctuation_or_list_is_built_in_code() -> None:
    """Lists joined with ", " / "; " / " / " (home's topics, live answers, the theme error, plain
    mode's confidence words, bank problems...) and sentences ended or joined in code: English
    punctuation in every language, where a translator cannot reach it."""
    from tests.i18n.literals import punctuation_built

    found = [
        left
        for path in sorted(QUIZ.rglob("*.py"))
        for left in punctuation_built(path.read_text(encoding="utf-8"), path)
        if (str(path.relative_to(REPO)), left.text) not in PUNCTUATION_FOR_MACHINES
    ]
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('Label(_("Topics: {topics}").format(topics=", ".join(bank.topics)))', 1),
        ('what = "; ".join(lines)', 1),
        ('words = "/".join(kind.fixed_options)', 1),
        ('asked = " and ".join(asked)', 1),
        ('click.echo(imported + skipped + ".")', 1),
        ('said += ", " + _("streak bonus +{n}").format(n=n)', 1),
        ('notes.extend(f"{draft.where}: {note}" for note in draft.notes)', 1),
        ('notes.append(which + ": " + note)', 1),
        ('place = ": ".join([where, field])', 1),
        ('label = f"{mode} ({coverage})"', 1),
        ('label = f"{a}, {b}"', 1),
        ('text = "\\n".join(lines)', 0),
        ('text = " → ".join(items)', 0),
        ('short = text[:40] + "..."', 0),
        ('where = f"{source}:{line}"', 0),
        ('label = f"{n}. {text}"', 0),
        ("words = together(bank.topics)", 0),
    ],
)
def test_the_punctuation_walk_finds_joins_not_lines_arrows_or_places(source: str, found: int) -> None:
    from tests.i18n.literals import punctuation_built

    assert len(punctuation_built(source, Path("x.py"))) == found


def test_every_marked_literal_is_in_the_template() -> None:
    from tests.i18n.literals import marked
    from tests.i18n.pseudo import template_messages

    sources = sorted(QUIZ.rglob("*.py"))
    found = [m for path in sources for m in marked(path.read_text(encoding="utf-8"), path)]
    assert len(found) > 500
    left = [m for m in found if m.text and m.text not in template_messages()]
    assert left == [], "\n".join(map(str, left))


@pytest.mark.parametrize(
    "source",
    [
        'self.notify("Saved")',
        'self.notify(_("Saved"), title="Export")',
        'yield Label(f"{n} questions")',
        'yield Button(Content("Start [ctrl+s]"))',
        'raise click.UsageError("name a BANK")',
        'click.echo("Wrote " + str(path))',
        'self.border_title = "Leaderboard"',
        'yield Input(placeholder="Name")',
        'table.add_columns("Key", _("Action"))',
        'self.query_one(Static).update("Done" if ok else _("Failed"))',
        'Binding(str(n), "press", f"Option {n}", show=False)',  # skipped by the extractor
        'yield Label(_({"single": N_("Choose one")}[kind]))',  # the stray msgid "single"
        'self.notify(_(f"Saved {path}"))',
        'yield Label(ngettext("one", f"{n} more", n))',
        'problems.append(Problem(path, "bank", "id", "must match the file name"))',
        'self.problem(where, fld, "expected a text in quotes", line)',
    ],
)
def test_the_walk_finds_a_string_left_out(source: str) -> None:
    assert len(left_out(source, Path("x.py"))) == 1


def test_the_marked_literals_are_found_inside_an_f_string_too() -> None:
    from tests.i18n.literals import marked

    found = marked('click.echo(f"    {_(\'languages\')}: " + _("none"))', Path("x.py"))
    assert sorted(m.text for m in found) == ["languages", "none"]


@pytest.mark.parametrize(
    "source",
    [
        'self.notify(_("Saved {path}").format(path=path), title=_("Exported"))',
        'yield Label(ngettext("{n} question", "{n} questions", n).format(n=n))',
        'yield Button(Content(_("Start") + " [ctrl+s]"), id="start", variant="primary")',
        'yield Static("", id="waiting", classes="dim-label")',
        'Binding("q", "app.quit", "Quit", tooltip="Leave the app")',  # extracted, translated on the class
        'click.option("--out", help="Write here.")',  # extracted from the source
        'self.query_one("#code", Input).focus()',
        'yield Label(f"{a} · {b}")',
        "yield Label(_(MODE_NAMES.get(mode, mode)))",  # a msgid marked N_ where it is written
        'Binding("1", "press(0)", numbered(N_("Option {n}"), 1), show=False)',
    ],
)
def test_the_walk_lets_translated_and_structural_strings_through(source: str) -> None:
    assert left_out(source, Path("x.py")) == []


# -- the screens under a pseudo-locale ---------------------------------------------------------------

_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
"""A marked text with none inside it, also one wrapped onto the next lines."""
_CUT = re.compile(f"{OPEN}[^\n]*|[^\n]*{CLOSE}")
"""What is left of one a screen cut at its edge: after a mark left open, the rest of its line;
before a close with no mark before it, the start of its line. And, by ``_cut``, a marked text
wrapped over lines and cut by the screen's bottom edge (the Keys panel is taller than the
screen): below its mark, its column to the end of the screen. Its last lines carry neither mark
('right a word' of Textual's "Move cursor right a word and select"), but other columns' words
beside them (another panel, the Keys panel's keys) are still read."""
_COLUMN_END = re.compile(r"\s{2,}|[│▏▕▐▌┃]|$")
"""Where a column's text ends on a line: two spaces, a border or the line's end."""


def _cut(text: str) -> str:
    """``text`` with what ``_CUT`` says is cut dropped: the rest of a line after an open mark,
    the start of one before a lone close, and below the last open mark with no close after it
    (a text cut by the bottom edge), from that mark's column to the end of its column's text."""
    bottom = text.rfind(OPEN)
    if bottom < 0 or CLOSE in text[bottom:]:
        return _CUT.sub(" ", text)
    column = cells(text[:bottom].rpartition("\n")[2])  # the cut mark's column, in terminal cells
    kept = [_CUT.sub(" ", text[:bottom]) + " "]
    for line in text[bottom:].split("\n")[1:]:
        start = _at_column(line, column)
        words = start + len(line[start:]) - len(line[start:].lstrip(" "))
        end = _COLUMN_END.search(line, words).start()  # type: ignore[union-attr]
        kept.append(_CUT.sub(" ", line[:start]) + " " + line[end:])
    return "\n".join(kept)


def _at_column(line: str, column: int) -> int:
    """The index of the first character of ``line`` at or after ``column`` cells."""
    for i in range(len(line) + 1):
        if cells(line[:i]) >= column:
            return i
    return len(line)


_SHOWN_AS_IS = re.compile(
    r"[\W\d_]+|[a-z]|\^[a-z]|esc|enter|tab|space|(ctrl|super)\+\w|f\d+|(shift\+)?\^?(home|end|pgup|pgdn|[←→↑↓])|resilience-quiz|\S+\.(html|csv|json|toml|db)|"
    r"\d+\.\d+\.\d+\.\d+:\d+|K7QXPM|▐X▌",
    re.IGNORECASE,
)
"""What a screen shows untranslated: keys, symbols, figures, the product, paths, the example code."""


def screen_text(app: QuizApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def unmarked_words(text: str, allowed: set[str]) -> list[str]:
    """The words of ``text`` outside every marked part, bank and user text and keys aside."""
    while (shorter := _INNERMOST.sub(" ", text)) != text:  # nested ones from the inside out
        text = shorter
    left = _cut(text)
    words = (word.strip("()[]:,.;·▏▕│") for word in left.split())
    return [word for word in words if word and word not in allowed and not _SHOWN_AS_IS.fullmatch(word)]


def _bank_words() -> set[str]:
    from quiz.bank import load_bank

    bank = load_bank(FIXTURES / "sample.toml")
    texts = [bank.info.title, bank.info.description or "", *bank.topics, "Aiko"]
    return {word.strip("()[]:,.;·") for text in texts for word in text.split()}


async def _seen(pilot: Pilot[None], app: QuizApp, key: str, screen: str) -> str:
    await pilot.press(key)
    await until(pilot, lambda: type(app.screen).__name__ == screen)
    await pilot.pause()
    return screen_text(app)


async def test_every_word_on_the_screens_is_from_the_catalog(
    tmp_path: Path, pseudo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.command import CommandPalette

    monkeypatch.setattr(CommandPalette, "_NO_MATCHES_COUNTDOWN", 0.001)  # not half a second
    settings = AppSettings(tmp_path / "q.db", [FIXTURES / "sample.toml"], name="Aiko", language=pseudo)
    app = make_app(settings, clock=FakeClock())
    allowed = _bank_words() | {"qqqq"}  # and what the learner types into the palette
    seen: dict[str, str] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen" and "Sample" in screen_text(app))
        await pilot.pause()
        seen["home"] = screen_text(app)
        seen["options"] = await _seen(pilot, app, "p", "OptionsDialog")
        await pilot.press("escape")
        seen["options, exam"] = await _seen(pilot, app, "e", "OptionsDialog")
        await pilot.press("escape")
        seen["help"] = await _seen(pilot, app, "question_mark", "HelpDialog")
        await pilot.press("escape")
        seen["history"] = await _seen(pilot, app, "h", "HistoryScreen")
        await pilot.press("escape")
        seen["name"] = await _seen(pilot, app, "n", "NameDialog")
        app.action_show_help_panel()  # the Keys panel: the name field's keys, Textual's own
        await until(pilot, lambda: bool(app.screen.query("KeyPanel")))
        await pilot.pause()
        seen["keys, name"] = screen_text(app)
        app.action_hide_help_panel()
        await pilot.press("escape")
        seen["join"] = await _seen(pilot, app, "j", "JoinScreen")
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause()
        seen["palette"] = screen_text(app)
        await pilot.press(*"qqqq")  # a search that finds nothing: Textual's own line for it
        await until(pilot, lambda: "--no-matches" in _option_ids(app))
        await pilot.pause()
        seen["palette, nothing found"] = screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        app.action_change_theme()  # the palette's Theme command: Textual's theme search
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause()
        seen["palette, themes"] = screen_text(app)
        allowed |= set(app.available_themes)  # the themes' names, as Textual and the app name them
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        app.action_show_help_panel()
        await until(pilot, lambda: bool(app.screen.query("KeyPanel")))
        await pilot.pause()
        seen["keys, home"] = screen_text(app)
        app.action_hide_help_panel()
        await pilot.press("ctrl+c")  # Textual's notice that Ctrl+C does not quit
        await until(pilot, lambda: bool(app._notifications))
        notice = list(app._notifications)[-1]  # a toast is drawn after the test's last frame
        seen["ctrl+c"] = f"{notice.title}\n{notice.message}"
        assert "[b]" not in notice.message
    for name, text in seen.items():
        if text:
            assert OPEN in text, name
            assert unmarked_words(text, allowed) == [], f"{name}: {unmarked_words(text, allowed)}\n{text}"


def _option_ids(app: QuizApp) -> set[str | None]:
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    return {option.id for option in found.first().options} if found else set()


def test_the_keys_of_textuals_widgets_that_the_app_shows_are_in_the_catalog() -> None:
    """The Keys panel lists the focused widget's keys with Textual's descriptions ("Move cursor
    left"), and heads some with a group title ("Input"): every one of a Textual widget the app
    composes or builds on must be a message of the template (``TEXTUAL_KEYS``)."""
    import importlib
    import pkgutil
    import sys

    from textual.binding import Binding
    from textual.command import CommandPalette
    from textual.dom import DOMNode

    import quiz.frontends.tui
    from tests.i18n.pseudo import template_messages

    for found in pkgutil.walk_packages(quiz.frontends.tui.__path__, "quiz.frontends.tui."):
        importlib.import_module(found.name)
    used: set[type] = {CommandPalette}
    for name, module in list(sys.modules.items()):
        if name.startswith("quiz.frontends"):
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, DOMNode):
                    used.update(value.__mro__)
    words: dict[str, str] = {}
    for cls in used:
        if not cls.__module__.startswith("textual"):
            continue
        if cls.__dict__.get("BINDING_GROUP_TITLE"):
            words[cls.__dict__["BINDING_GROUP_TITLE"]] = cls.__name__
        for listed in cls.__dict__.get("BINDINGS", []):
            binding = listed if isinstance(listed, Binding) else Binding(*listed)
            if not binding.system:
                words.update({text: cls.__name__ for text in (binding.description, binding.tooltip) if text})
    assert {"Input", "Move cursor left", "Focus Next", "Cursor up"} <= set(words)
    assert {word: cls for word, cls in words.items() if word not in template_messages()} == {}


def test_unmarked_words_finds_an_english_word_beside_marked_ones() -> None:
    text = f"{OPEN}Banks{CLOSE}  Sample bank\n {OPEN}5 questions{CLOSE} · Exported\n{OPEN}cut at the ed"
    assert unmarked_words(text, {"Sample", "bank"}) == ["Exported"]


def test_a_text_cut_by_the_bottom_edge_hides_only_its_own_column() -> None:
    # The Keys panel cut by the screen's bottom: the last description wraps onto lines with
    # neither mark ("word and select"), read as cut; but the word "Quit" in the keys' column
    # below it, and "Exported" in a panel to its right, are words left out of the catalogs.
    o, c = OPEN, CLOSE
    text = "\n".join(
        [
            f" {o}Keys{c}",
            f" ^c     {o}Copy the text{c}          │ {o}Banks{c}",
            f" →      {o}Move cursor right a       │ Sample bank",
            "        word and select            │ Exported",
            " Quit   and more of the same",
        ]
    )
    assert unmarked_words(text, {"Sample", "bank"}) == ["Exported", "Quit"]
    # Japanese before the cut mark: its column is counted in terminal cells, not characters.
    wide = f" 日本  {o}Move cursor right a\n     No word and select\n Quit"
    assert unmarked_words(wide, {"日本"}) == ["No", "Quit"]


# -- a quiz of every kind, its results, History, a past attempt, the export dialog ------------------

KINDS_BANK = FIXTURES / "kinds.toml"
UNTRANSLATED_BANK_ANSWERS = {"True", "False", "Reliable", "Manipulative"}
"""A bank with no translation is shown in its own language, its kind's answer words too (they
are the interface language's where the bank has a translation into it)."""


VALUES_NOT_SHOWN = {"technique"}
"""A bank's values the app names in its own words, never as written: a spot segment's
technique ("emotion") is shown as the interface language's label for it."""


def _bank_texts(*paths: Path) -> set[str]:
    """Every word a bank file holds (prompts, choices, items, pairs, segments, feedback...)."""
    import tomllib

    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            for word in value.split():
                words.update({word, word.strip("()[]:,.;·'\"!?*"), word.strip("()[]:,.;·")})
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key not in VALUES_NOT_SHOWN:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for path in paths:
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return words


async def _answer(pilot: Pilot[None], app: QuizApp) -> None:
    """Some answer to the question on screen, through the keys its form takes."""
    from quiz.kinds.kind import Form
    from quiz.kinds.registry import kind_of

    screen = app.screen
    question = screen.run.attempt.question  # type: ignore[attr-defined]
    form = kind_of(question).form
    if form is Form.match:
        for _ in range(len(question.pairs)):
            await pilot.press("1")  # the next line is highlighted by itself
        await pilot.press("enter")
    elif form is Form.order:
        await pilot.press("enter")
    elif form is Form.choose_many:
        await pilot.press("1", "enter")
    else:
        await pilot.press("1")


async def test_every_word_of_a_quiz_of_each_kind_is_from_the_catalog(tmp_path: Path, pseudo: str) -> None:
    """The question of each kind, its feedback, the results (the difficulty bars), History, the
    past attempt and the export dialog: each word from the catalog or the bank."""
    from quiz.engine import Mode
    from quiz.engine.request import StartRequest

    banks = [FIXTURES / "sample.toml", KINDS_BANK]
    settings = AppSettings(tmp_path / "q.db", banks, name="Aiko", language=pseudo)
    app = make_app(settings, clock=FakeClock())
    allowed = _bank_texts(*banks) | _bank_words() | {"Aiko", *UNTRANSLATED_BANK_ANSWERS}
    seen: dict[str, str] = {}
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        for bank in ("sample", "kinds"):
            app.start(StartRequest(bank=bank, mode=Mode.practice, shuffle=False))
            while True:
                await until(pilot, lambda: type(app.screen).__name__ in {"QuestionScreen", "ResultsScreen"})
                await pilot.pause()
                if type(app.screen).__name__ == "ResultsScreen":
                    break
                kind = app.screen.run.attempt.question.type  # type: ignore[attr-defined]
                seen[f"question, {kind}"] = screen_text(app)
                await _answer(pilot, app)
                try:
                    await until(pilot, lambda: type(app.screen).__name__ == "FeedbackScreen")
                except AssertionError:
                    raise AssertionError(kind + "\n" + screen_text(app)) from None
                await pilot.pause()
                seen[f"feedback, {kind}"] = screen_text(app)
                await pilot.press("enter")
            seen[f"results, {bank}"] = screen_text(app)
        seen["export"] = await _seen(pilot, app, "x", "ExportDialog")
        await pilot.press("escape")
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        seen["history"] = await _seen(pilot, app, "h", "HistoryScreen")
        app.screen.query_one("DataTable").focus()
        seen["past attempt"] = await _seen(pilot, app, "enter", "AttemptScreen")
    assert {"question, ordering", "question, matching", "question, spot", "question, headline"} <= set(seen)
    for name, text in seen.items():
        assert OPEN in text, name
        left = [
            word
            for word in unmarked_words(text, allowed)
            if not (word.endswith("…") and any(known.startswith(word[:-1]) for known in allowed))
        ]  # a prompt cut to its line
        assert left == [], f"{name}:\n{text}"


# -- the live learner's screen: lobby, the question's hint, locked in, the result, the end ----------


async def test_every_word_of_the_live_learner_screen_is_from_the_catalog(
    open_room: RoomFactory, tmp_path: Path, pseudo: str
) -> None:
    from textual.widgets import ContentSwitcher

    from quiz.frontends.tui.launch import JoinRequest
    from quiz.live import protocol as p
    from tests.live.test_screens import Heard

    room = await open_room(questions=1)
    join = JoinRequest(f"127.0.0.1:{room.server.port}", room.session.code.lower(), "Ona")
    settings = AppSettings(tmp_path / "screen.db", [FIXTURES / "sample.toml"], join=join, language=pseudo)
    app = make_app(settings, clock=FakeClock())
    allowed = _bank_texts(FIXTURES / "sample.toml") | {"Ona", room.session.code, *UNTRANSLATED_BANK_ANSWERS}
    heard = Heard()
    seen: dict[str, str] = {}
    async with app.run_test(size=(100, 30), message_hook=heard) as pilot:
        await heard.until(p.Joined, pilot)
        seen["lobby"] = screen_text(app)
        app.screen.countdown.now = room.clock.now  # type: ignore[attr-defined]
        await room.host.start()
        await heard.until(p.QuestionMessage, pilot)
        seen["question"] = screen_text(app)  # the hint: the keys, then that the answer locks in
        await pilot.press("1")
        await heard.until(p.Accepted, pilot)
        seen["locked in"] = screen_text(app)
        await heard.until(p.Result, pilot)
        await pilot.pause()
        seen["result"] = screen_text(app)  # right or not, the points, the score line
        await room.host.end()
        await heard.until(p.Ended, pilot)
        assert app.screen.query_one(ContentSwitcher).current == "learner-ended"
        seen["ended"] = screen_text(app)
    for name, text in seen.items():
        assert OPEN in text, name
        assert unmarked_words(text, allowed) == [], f"{name}:\n{text}"


# -- the kinds' feedback: punctuation and the app's own words in the messages -------------------------


def test_feedback_built_from_parts_is_whole_messages_with_the_techniques_label(pseudo: str) -> None:
    """A spot segment's verdict and what the learner did joined in code by "; " (a translator
    could not move it), its technique shown as the bank's English value ("emotion"), a matched
    answer quoted with Python's quotes ('Trolling'): each is the catalog's now."""
    from quiz.i18n import set_language
    from tests.kinds.test_matching import MATCHING, matching
    from tests.kinds.test_spot import SPOT, spot

    set_language(pseudo)
    verdicts = [part.detail for part in SPOT.parts(spot(), (0, 1))]
    matched = MATCHING.parts(matching(), (0, 3, 2))[1].detail
    o, c = OPEN, CLOSE
    assert verdicts[0] == f"{o}{o}manipulative: {o}emotion{c}{c}; {o}you marked it{c}{c}"
    assert verdicts[1] == f"{o}{o}not manipulative{c}; {o}you marked it{c}{c}"
    assert matched == f"{o}you matched “Trolling”{c}"


REPR_AS_WRITTEN = {
    "quiz/bank": "a bank's and a translation's problems quote a value as the file wrote it, type and "
    "escapes shown (3 against '3'), as quiz validate does for every field",
    "quiz/kinds": "the kinds' rules are a bank's problems too (two choices 'A')",
    "quiz/config/settings.py": "settings.toml's values as written, type shown (got 'yes' for true)",
    "quiz/i18n/click_messages.py": "click's own msgids: click formats them",
    "quiz/export/select.py": "a date typed on the command line, as typed",
    "quiz/formats/aiken.py": "an Aiken file's line as written (its escapes shown)",
    "quiz/formats/gift/mapping.py": "a GIFT answer as written",
    "quiz/formats/gift/parser.py": "a GIFT pair as written",
    "quiz/formats/gift/writer.py": "GIFT's own -> arrow, as a GIFT file writes it",
}
"""Where a message may quote with ``repr``: a value as a file or a command line wrote it."""


def test_no_message_a_learner_reads_quotes_with_repr() -> None:
    """ "bank 'sample' has no question 'q9'", "no learner called 'Ona'", "Merge 'Ona' into 'Ona
    (2)'": English quotes in every language; the message's own quotes (“{bank}”) are the
    translator's („{bank}“, «{bank}», 「{bank}」)."""
    from tests.i18n.literals import repr_quoted

    found = [
        left
        for path in sorted(QUIZ.rglob("*.py"))
        if not any(str(path.relative_to(REPO)).startswith(allowed) for allowed in REPR_AS_WRITTEN)
        for left in repr_quoted(path.read_text(encoding="utf-8"), path)
    ]
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('_("bank {bank} has no question {id}").format(bank=repr(bank.id), id=repr(qid))', 2),
        ("message.format(name=repr(name))", 1),
        ('_("No one else is called {name!r}.").format(name=name)', 1),
        ('_("bank “{bank}” has no question “{id}”").format(bank=bank.id, id=qid)', 0),
    ],
)
def test_the_repr_walk_finds_repr_in_messages(source: str, found: int) -> None:
    from tests.i18n.literals import repr_quoted

    assert len(repr_quoted(source, Path("x.py"))) == found

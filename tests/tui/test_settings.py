"""The user's settings file: defaults for the options dialog, the theme, and remapped keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Checkbox, Input

from quiz import config
from quiz.cli import cli
from quiz.config.early import early_settings
from quiz.config.settings import SettingsError, UserSettings, load_settings
from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.options import OptionsDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.i18n import set_language
from tests.conftest import FIXTURES
from tests.tui.conftest import AppFactory, FakeClock, until


def write_settings(text: str) -> Path:
    path = config.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_quiz_home_moves_the_settings_file(quiz_home: Path) -> None:
    assert config.settings_path() == quiz_home / "settings.toml"


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == UserSettings()


def test_a_wrong_value_names_the_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('theme = "high-contrast"\nexam_count = 0\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{path}:2: exam_count: expected at least 1, got 0",
        f"{path}:3: colour: no such setting (the README lists them)",
    ]


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """``quiz`` without a command opens the app: here, with no terminal to draw on."""
    run = QuizApp.run
    monkeypatch.setattr(QuizApp, "run", lambda self, **options: run(self, headless=True, **options))


@pytest.mark.usefixtures("headless")  # the file's values are checked after the first frame
def test_the_cli_stops_on_a_broken_settings_file_with_one_line() -> None:
    path = write_settings("practice_count = 'many'\n")
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path}:1: practice_count: expected a whole number, got 'many'"


def test_a_file_that_is_not_toml_stops_the_cli_before_the_app_opens() -> None:
    path = write_settings("theme = \n")
    result = CliRunner().invoke(cli, [])  # not headless: the app must not start
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: not valid TOML at line ")


@pytest.mark.parametrize(
    ("text", "problem"),
    [('language = "lt"\ntheme = \n', ": not valid TOML at line "), ("exam_count = 0\n", ":1: exam_count: ")],
)
def test_plain_mode_stops_on_a_broken_settings_file_as_the_app_does(
    tmp_path: Path, text: str, problem: str
) -> None:
    # Plain mode read the file for its language only and went on without a word: a learner
    # with language = "lt" and a typo on another line got English, and no line saying why.
    path = write_settings(text)
    sample = str(FIXTURES / "sample.toml")
    args = ["--db", str(tmp_path / "p.db"), "take", sample, "--plain", "--name", "Ona"]
    result = CliRunner().invoke(cli, args, input="1\n")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path}{problem}"), result.output


def unchecked_app(tmp_path: Path) -> QuizApp:
    """The app as the CLI opens it: the settings file read as plain TOML, checked after the
    first frame."""
    path = config.settings_path()
    settings = AppSettings(
        tmp_path / "quiz.db",
        [FIXTURES / "sample.toml"],
        name="Aiko",
        early=early_settings(path),
        user_path=path,
    )
    return make_app(settings, clock=FakeClock())


async def test_the_first_frame_has_the_files_theme_and_keys_then_the_file_is_checked(tmp_path: Path) -> None:
    write_settings('theme = "textual-light"\nexam_count = 3\n\n[keymap]\n"home.exam" = "x"\n')
    app = unchecked_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "textual-light"
        assert app.screen.active_bindings["x"].binding.id == "home.exam"
        await until(pilot, lambda: app.settings.user is not None)
        assert app.settings.user == UserSettings(
            theme="textual-light", exam_count=3, keymap={"home.exam": "x"}
        )
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, OptionsDialog)
        assert app.screen.query_one("#count", Input).value == "3"


async def test_a_wrong_value_found_after_the_first_frame_ends_the_app_with_its_line(tmp_path: Path) -> None:
    path = write_settings('theme = "textual-light"\nexam_count = 0\n')
    app = unchecked_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.startup_error is not None)
    assert isinstance(app.startup_error, SettingsError)
    assert str(app.startup_error) == f"{path}:2: exam_count: expected at least 1, got 0"
    assert app.return_code == 1


async def test_options_asked_for_before_the_check_are_checked_first(tmp_path: Path) -> None:
    write_settings("exam_count = 3\n")
    app = unchecked_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")  # as soon as the home screen takes keys
        await until(pilot, lambda: isinstance(app.screen, OptionsDialog))
        assert app.screen.query_one("#count", Input).value == "3"


def test_every_field_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for name, field in UserSettings.model_fields.items():
        assert field.description, name
        assert f"`{name}`" in readme, name


async def test_settings_are_the_options_dialogs_defaults(app_factory: AppFactory) -> None:
    write_settings("exam_count = 3\ntime_limit_minutes = 7.5\nconfidence = true\n")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OptionsDialog)
        assert dialog.query_one("#count", Input).value == "3"
        assert dialog.query_one("#minutes", Input).value == "7.5"
        assert dialog.query_one("#confidence", Checkbox).value is True


async def test_keymap_remaps_a_binding_by_its_id(app_factory: AppFactory) -> None:
    write_settings('[keymap]\n"home.exam" = "x"\n')
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")  # the old key does nothing now
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, OptionsDialog)
        assert app.screen.mode.value == "exam"


async def test_an_unknown_keymap_id_is_a_notice(app_factory: AppFactory) -> None:
    write_settings('[keymap]\n"question.skipp" = "k"\n')
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert any("question.skipp" in text for text in notices), notices


async def test_a_theme_picked_is_written_back_keeping_comments(app_factory: AppFactory) -> None:
    path = write_settings('# my settings\nexam_count = 5\n\n[keymap]\n"question.skip" = "k"\n')
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "high-contrast"
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my settings\nexam_count = 5\n")
    assert load_settings(path) == UserSettings(
        exam_count=5, theme="high-contrast", keymap={"question.skip": "k"}
    )


async def test_the_theme_in_the_file_is_the_theme_at_start(app_factory: AppFactory) -> None:
    write_settings('theme = "textual-light"\n')
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        at_start = themed(app)
    # The app sets the file's theme without Textual's watcher (which re-parsed all the CSS
    # before the first frame): it must look as a theme chosen while running does.
    write_settings("")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        assert themed(app) == at_start


def themed(app: QuizApp) -> dict[str, object]:
    """What a theme changes in an app: its classes, the CSS variables, the ANSI colours' filter,
    and the colours the home screen is drawn in."""
    from textual.filter import ANSIToTruecolor

    [ansi] = [f for f in app._filters if isinstance(f, ANSIToTruecolor)]
    return {
        "classes": sorted(app.classes),
        "variables": app.stylesheet._variables,
        "ansi": ansi._terminal_theme,
        "colours": [(w.styles.background, w.styles.color) for w in app.screen.walk_children(with_self=True)],
    }


async def test_remapped_question_keys_work(app_factory: AppFactory) -> None:
    from quiz.engine.request import StartRequest

    write_settings('[keymap]\n"question.skip" = "k"\n')
    app = app_factory(start=StartRequest(bank="sample", shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press("k")
        await pilot.pause()
        assert screen.run.attempt.position == 1


def test_the_readme_lists_every_binding_id() -> None:
    from quiz.frontends.tui.app import QuizApp
    from quiz.frontends.tui.keys import binding_ids

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = sorted(i for i in binding_ids(QuizApp) if f"`{i}`" not in readme)
    assert not missing


def test_the_readme_validate_sample_matches_the_bank_today() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ quiz validate questions/sanctions.toml\n") + len(
        "$ quiz validate questions/sanctions.toml\n"
    )
    sample = [line for line in readme[start:].split("```")[0].splitlines() if line.strip() != "..."]
    result = CliRunner().invoke(
        cli, ["validate", str(Path(__file__).parents[2] / "questions" / "sanctions.toml")]
    )
    assert result.exit_code == 0
    for line in sample:
        assert line in result.output.splitlines(), line


async def test_the_screens_words_name_the_keys_the_keymap_gives(app_factory: AppFactory) -> None:
    # The README's own example moved Skip to k and Exam to x, while the home screen still said
    # "Exam [e]" and the question "s skip": a learner pressing what the screen named got nothing.
    from textual.widgets import Button, OptionList, Static

    from quiz.engine.request import Mode, StartRequest
    from quiz.frontends.tui.messages import StartQuiz

    write_settings(
        '[keymap]\n"question.skip" = "k"\n"question.flag" = "g"\n"home.exam" = "x,e"\n'
        '"home.rename" = "ctrl+n"\n"question.low" = "y"\n"options.start" = "ctrl+g"\n'
        '"confirm.yes" = "j"\n"home.resume" = "z"\n'
    )
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        modes = app.screen.query_one("#modes", OptionList)
        shown = [str(modes.get_option_at_index(i).prompt) for i in range(modes.option_count)]
        assert shown[0].startswith("Practice [p]"), shown
        assert shown[1].startswith("Exam [x]"), shown
        assert "(^n to change)" in str(app.screen.query_one("#learner").render())
        app.push_screen(OptionsDialog(app.bank("sample"), Mode.exam))
        await until(pilot, lambda: bool(app.screen.query("Button#start")))
        assert str(app.screen.query_one("#start", Button).label) == "Start [^g]"
        await pilot.press("escape")
        app.post_message(StartQuiz(StartRequest(bank="sample", count=1, confidence=True, shuffle=False)))
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.pause()
        hint = str(app.screen.query_one("#hint", Static).render())
        assert "k skip · g flag" in hint, hint
        assert "(y, m, h)" in hint, hint
        await pilot.press("escape")  # leave: the dialog names the keys that answer it
        await until(pilot, lambda: bool(app.screen.query("Button#yes")))
        assert str(app.screen.query_one("#yes", Button).label) == "Leave [j]"
        assert "from the home screen (z)" in str(app.screen.query_one(".dialog-text", Static).render())


@pytest.mark.parametrize(
    ("keymap", "help_keys"),
    [('"home.exam" = "?"', "f1"), ('"app.help" = "f2"', "f2"), ('"app.help" = "f2,question_mark"', "f2 ?")],
)
async def test_the_footer_and_the_keys_panel_name_helps_keys_as_remapped(
    app_factory: AppFactory, keymap: str, help_keys: str
) -> None:
    # Help's binding named its keys "?" for both of them (key_display): with ? given to Exam the
    # home screen's footer still said "? Help", where ? opened the exam and only F1 was Help.
    from textual.widgets._footer import FooterKey

    from quiz.frontends.tui.screens.dialogs import HelpDialog

    write_settings(f"[keymap]\n{keymap}\n")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        shown = {key.action: key.key_display for key in app.screen.query(FooterKey)}
        assert shown["help"] == help_keys.split()[0], shown
        await pilot.press(help_keys.split()[0])
        await until(pilot, lambda: isinstance(app.screen, HelpDialog))
        rows = {what: key for key, what in app.screen.rows()}
        assert rows["Help"] == help_keys, rows


async def test_a_keymap_key_that_leaves_another_action_without_one_is_a_notice(
    app_factory: AppFactory,
) -> None:
    # "home.exam" = "p" took Practice's only key: p opened the exam, Practice had no key, and
    # nothing said so.
    write_settings('[keymap]\n"home.exam" = "p"\n')
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("down")
        await pilot.pause()
        notices = [n.message for n in app._notifications if "home.practice" in n.message]
        assert notices == [
            "settings.toml: [keymap] gives p to home.exam, so on the home screen “Practice” (home.practice) "
            "no longer has it: choose another key for one of them."
        ]


async def keymap_notices(app_factory: AppFactory, keymap: str) -> list[str]:
    write_settings("[keymap]\n" + keymap)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        return [n.message for n in app._notifications if "[keymap]" in n.message]


async def test_a_keymap_key_a_screen_takes_from_an_app_binding_is_a_notice(app_factory: AppFactory) -> None:
    # The check compared each screen's bindings with one another only: "home.exam" = "?" left
    # the home screen with no ? for Help (the screen comes before the app), and nothing said so.
    assert await keymap_notices(app_factory, '"home.exam" = "?"\n') == [
        "settings.toml: [keymap] gives ? to home.exam, so on the home screen “Help” (app.help) "
        "no longer has it: choose another key for one of them."
    ]


async def test_a_keymap_key_the_app_holds_first_is_a_notice(app_factory: AppFactory) -> None:
    # Ctrl+Q quits before any screen hears it: the skip given it never happened.
    assert await keymap_notices(app_factory, '"question.skip" = "ctrl+q"\n') == [
        "settings.toml: [keymap] gives ^q to question.skip, but ^q goes first to “Quit” (quit) on a "
        "question: there question.skip does not answer it. Choose another key for one of them."
    ]


async def test_an_app_binding_given_a_key_of_other_screens_names_each_screen(app_factory: AppFactory) -> None:
    # "app.help" = "p" was checked against the app's own bindings only: on the home screen p is
    # Practice and on the host screen Pause, so Help never came with p there.
    assert await keymap_notices(app_factory, '"app.help" = "p"\n') == [
        "settings.toml: [keymap] gives p to app.help, but p goes first to “Practice” (home.practice) on "
        "the home screen, “Typing in a text field” (Input) in the options before a quiz, in the export "
        "dialog, in the name dialog and on the join screen and “Pause/resume” (host.pause) on the host "
        "screen: there app.help does not answer it. Choose another key for one of them."
    ]


async def test_a_keymap_key_a_focused_list_holds_first_is_a_notice(app_factory: AppFactory) -> None:
    # The check knew the screens' and the app's bindings only: Space given to Skip never skipped
    # (the focused answer list ticks, picks up or gives the next answer with it), nor did Down
    # start a practice from the home screen's focused list, and nothing said so.
    assert await keymap_notices(app_factory, '"question.skip" = "space"\n') == [
        "settings.toml: [keymap] gives space to question.skip, but space goes first to “Tick” (tick) "
        "on a question, “Pick up” (grab) on a question and “Next answer” (cycle) on a question: there "
        "question.skip does not answer it. Choose another key for one of them."
    ]
    assert await keymap_notices(app_factory, '"home.practice" = "down"\n"host.kick" = "pageup"\n') == [
        "settings.toml: [keymap] gives ↓ to home.practice, but ↓ goes first to “Down” (cursor_down) on "
        "the home screen: there home.practice does not answer it. Choose another key for one of them.",
        "settings.toml: [keymap] gives pgup to host.kick, but pgup goes first to “Page up” (page(-1)) on "
        "the host screen: there host.kick does not answer it. Choose another key for one of them.",
    ]


async def test_a_keymap_key_typed_into_a_text_field_is_a_notice(app_factory: AppFactory) -> None:
    # "name.cancel" = "x": while the name field has focus (as the dialog opens), x is typed into
    # it, and the dialog never closes with x.
    assert await keymap_notices(app_factory, '"name.cancel" = "x"\n"options.start" = "ctrl+g"\n') == [
        "settings.toml: [keymap] gives x to name.cancel, but x goes first to “Typing in a text field” "
        "(Input) in the name dialog: there name.cancel does not answer it. Choose another key for one "
        "of them."
    ]


async def test_the_keymap_check_knows_the_covered_widgets_each_screen_has(app_factory: AppFactory) -> None:
    # keys.focusable_widgets is a table: a screen given a list or a field must be listed there,
    # or a key that widget takes goes unreported (the screens a test reaches cheaply).
    from textual.widgets import Input, OptionList

    from quiz.engine.request import Mode, StartRequest
    from quiz.frontends.tui.keys import focusable_widgets
    from quiz.frontends.tui.messages import StartQuiz
    from quiz.frontends.tui.widgets.participants import ParticipantList

    covered = (Input, OptionList, ParticipantList)
    seen: dict[str, set[type]] = {}

    def look() -> None:
        screen = app.screen
        found = {type(w) for w in screen.query("*") if isinstance(w, covered) and w.focusable}
        seen.setdefault(type(screen).__name__, set()).update(found)

    app = app_factory(name=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(app.screen.query(Input)))
        look()  # the name dialog
        await pilot.press(*"Ana", "enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        look()
        app.push_screen(OptionsDialog(app.bank("sample"), Mode.exam))
        await until(pilot, lambda: bool(app.screen.query("#count")))
        look()
        await pilot.press("escape")
        for qid in ("s1", "m1"):
            app.post_message(StartQuiz(StartRequest(bank="sample", question_ids=(qid,), shuffle=False)))
            await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
            await pilot.pause()
            look()
            app.pop_screen()
            await pilot.pause()
    assert set(seen) == {"NameDialog", "HomeScreen", "OptionsDialog", "QuestionScreen"}, seen
    assert all(seen.values()), seen
    table = focusable_widgets()
    for screen, found in seen.items():
        assert found <= set(table.get(screen, ())), (screen, found)


async def test_keymap_notices_are_in_the_language(tmp_path: Path) -> None:
    write_settings('[keymap]\n"home.exam" = "p"\n"app.help" = "x"\n')
    settings = AppSettings(
        tmp_path / "q.db",
        [FIXTURES / "sample.toml"],
        name="Ona",
        language="lt",
        user=load_settings(config.settings_path()),
        user_path=config.settings_path(),
    )
    app = make_app(settings, clock=FakeClock())
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            await pilot.pause()
            notices = [n.message for n in app._notifications if "[keymap]" in n.message]
    finally:
        set_language("en")
    assert notices == [
        "settings.toml: [keymap] klavišą p skiria veiksmui home.exam, todėl pradžios ekrane „Pratybos“ "
        "(home.practice) jo nebeturi: vienam iš jų parinkite kitą klavišą.",
        "settings.toml: [keymap] klavišą x skiria veiksmui app.help, bet x pirmiau perima "
        "„Eksportuoti“ (results.export) rezultatų ekrane, „Eksportuoti“ (attempt.export) iš istorijos "
        "atvertame bandyme, „Rašymas teksto laukelyje“ (Input) parinktyse prieš testą, eksporto lange, "
        "vardo lange ir prisijungimo ekrane ir „Eksportuoti“ (host.export) vedėjo ekrane: ten app.help į "
        "jį nereaguoja. Vienam iš jų parinkite kitą klavišą.",
    ]


async def test_enter_given_to_leave_the_feedback_is_a_notice_the_next_button_takes_it(
    app_factory: AppFactory,
) -> None:
    # The feedback's Next button keeps the focus so that Enter always goes on: with Enter given
    # to Leave, Enter still went on, while the check said only that Leave took it from Next.
    from quiz.frontends.tui.screens.feedback import FeedbackScreen

    notices = await keymap_notices(app_factory, '"feedback.leave" = "enter"\n')
    assert any(
        "but ⏎ goes first to “Press button” (press) on the feedback after an answer: there "
        "feedback.leave does not answer it" in notice
        for notice in notices
    ), notices
    write_settings('[keymap]\n"feedback.leave" = "enter"\n')
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "m1"), shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.pause()
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")  # what the notice says: the button goes on
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))

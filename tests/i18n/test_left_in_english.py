"""What a learner met in English though their language was set: each a test that failed then.

The screens' pseudo-locale walk (``test_no_string_left_out``) sees the words shown; these hold
the places it could not reach: a refusal that travels from the server, a message built of
pieces, markup inside a msgid, one word serving two meanings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.frontends.tui import AppSettings, make_app
from tests.conftest import FIXTURES, FakeClock
from tests.i18n.pseudo import CLOSE, OPEN, pseudo, template_messages
from tests.live.conftest import RoomFactory, open_room
from tests.tui.conftest import until

__all__ = ["open_room", "pseudo"]

ENV = {"COLUMNS": "200", "LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""}


# -- refusals from the live server, in the learner's language ---------------------------------


def test_every_refusal_a_learner_can_meet_has_words_in_the_catalog() -> None:
    """A code the server closes a learner's connection with, a refused answer, and the client's
    own reasons to stop: each has a message here, not the server's English."""
    from quiz.frontends import live_reasons
    from quiz.live import protocol as p
    from quiz.live.client import CloseReason

    fatal_for_learners = p.FATAL_ERRORS
    assert set(live_reasons._ERRORS) == fatal_for_learners
    assert set(live_reasons._REFUSED) == set(p.RefusalReason)
    assert set(live_reasons._CLOSED) == {reason.name for reason in CloseReason}
    words = [*live_reasons._ERRORS.values(), *live_reasons._REFUSED.values(), *live_reasons._CLOSED.values()]
    assert all(word in template_messages() for word in words)


def test_a_code_this_version_does_not_know_shows_the_servers_own_message() -> None:
    from quiz.frontends.live_reasons import refusal
    from quiz.live import protocol as p

    error = p.Error(code=p.ErrorCode.wrong_state, message="the question is not open")
    assert refusal(error) == "the question is not open"


async def test_a_learner_refused_for_a_wrong_code_reads_why_in_their_language(
    open_room: RoomFactory, tmp_path: Path, pseudo: str
) -> None:
    from quiz.frontends.tui.launch import JoinRequest
    from quiz.frontends.tui.screens.dialogs import JoinScreen

    room = await open_room()
    join = JoinRequest(f"127.0.0.1:{room.server.port}", "WRONG1", "Ona")
    settings = AppSettings(tmp_path / "screen.db", [FIXTURES / "sample.toml"], join=join, language=pseudo)
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, JoinScreen) and _error(app) != "")
        shown = _error(app)
    assert shown.startswith(f"✗ {OPEN}No session has this code here"), shown
    assert "no session with this code here" not in shown  # the server's English


def _error(app: object) -> str:
    return str(app.screen.query_one("#join-error").render())  # type: ignore[attr-defined]


# -- messages built of pieces in code ------------------------------------------------------------


def test_a_review_note_is_one_message_with_its_punctuation(pseudo: str) -> None:
    """ "your answer, correct" was two messages joined with ", " in code, and plain mode put the
    note in brackets of its own: a language could place neither."""
    from quiz.bank import load_bank
    from quiz.i18n import set_language
    from quiz.kinds.registry import kind_of

    set_language(pseudo)
    bank = load_bank(FIXTURES / "sample.toml")
    question = next(q for q in bank.questions if q.type == "single")
    kind = kind_of(question)
    right = tuple(kind.correct_response(question))
    layout = tuple(range(len(kind.options(question))))
    notes = {line.note for line in kind.review(question, layout, right)} - {""}
    assert notes == {f"{OPEN}your answer, correct{CLOSE}"}
    ordering = next(q for q in load_bank(FIXTURES / "kinds.toml").questions if q.type == "ordering")
    backwards = tuple(reversed(range(len(ordering.items))))
    lines = kind_of(ordering).plain_feedback(ordering, tuple(range(len(ordering.items))), backwards)
    noted = [line for line in lines if "you put" in line]
    assert noted
    for line in noted:  # the brackets inside the message, around the note's own
        assert line.endswith(f"{CLOSE}){CLOSE}"), line
        assert f" {OPEN}({OPEN}you put" in line, line


def test_report_says_which_modes_in_the_language(tmp_path: Path, pseudo: str) -> None:
    """ "all modes but review." was English in every language's item analysis."""
    db = tmp_path / "q.db"
    runner = CliRunner()
    bank = FIXTURES / "sample.toml"
    taken = runner.invoke(
        cli,
        ["--db", str(db), "take", str(bank), "--plain", "--no-shuffle", "--name", "Ona"],
        input="1\n" * 40,
        env=ENV,
    )
    assert taken.exit_code in (0, 1), taken.output
    out = runner.invoke(cli, ["--db", str(db), "--lang", pseudo, "report", str(bank)], env=ENV).output
    assert f"{OPEN}every mode but review{CLOSE}" in out, out


def test_no_bank_called_is_in_the_language(tmp_path: Path, pseudo: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "q.db"), "--lang", pseudo, "take", "nope", "--plain"], env=ENV
    )
    assert f"{OPEN}no bank called “nope”" in result.output, result.output


# -- the catalogs themselves ---------------------------------------------------------------------

_MARKUP = re.compile(r"\[/[a-z ]*\]|\[(?:b|i|u|s|dim|bold|italic|underline|reverse|strike)\]")
"""Textual's markup tags ([b]...[/b], [dim]): the ``[bank]`` and ``[[questions]]`` of TOML are not."""


def test_no_msgid_holds_markup() -> None:
    """A translator had to keep "[b]$title[/b]" intact, and a title put through the markup could
    be read as markup itself: the styles are put on the values in code instead."""
    assert [m for m in template_messages() if _MARKUP.search(m)] == []


def test_the_markup_check_finds_a_tag_but_not_a_toml_table() -> None:
    assert _MARKUP.search("$mode: [b]$title[/b]")
    assert _MARKUP.search("Learner: {name}  [dim](n to change)[/dim]")
    assert not _MARKUP.search("missing [bank] table; expected [[questions]] tables")


def test_live_points_and_percentage_points_are_two_messages() -> None:
    """One "{n} point" served the live score and calibration's percentage points: a language
    that names them differently could not."""
    from babel.messages.pofile import read_po

    from quiz.i18n.catalogs import TEMPLATE

    with TEMPLATE.open("rb") as fh:
        catalog = read_po(fh)
    points = sorted(str(m.context) for m in catalog if m.id and m.id[0] == "{n} point")
    assert points == ["live score", "percentage points"]


# -- English built in code, out of the catalogs' reach --------------------------------------------


def _taken(tmp_path: Path, *extra: str) -> Path:
    """A database with one attempt at the sample bank, by a learner with no email or username."""
    db = tmp_path / "q.db"
    taken = CliRunner().invoke(
        cli,
        [
            "--db",
            str(db),
            "take",
            str(FIXTURES / "sample.toml"),
            "--plain",
            "--no-shuffle",
            "--name",
            "Ona",
            *extra,
        ],
        input="1\n" * 40,
        env=ENV,
    )
    assert taken.exit_code in (0, 1), taken.output
    return db


def test_no_question_matches_is_one_message_with_the_filters_in_the_language(pseudo: str) -> None:
    """ "no question in bank ... matches topic x and type single" was an f-string of the core."""
    from quiz.bank import load_bank
    from quiz.engine import NoQuestionsError
    from quiz.engine.plan import plan_attempt
    from quiz.i18n import set_language

    set_language(pseudo)
    bank = load_bank(FIXTURES / "sample.toml")
    try:
        plan_attempt(bank, topics=["nowhere"], types=["ordering"])
    except NoQuestionsError as exc:
        said = str(exc)
    else:
        raise AssertionError("a plan of nothing")
    assert said.startswith(f"{OPEN}no question in bank “sample” matches "), said
    assert f"{OPEN}topic nowhere{CLOSE}" in said  # (one topic: no list words)
    assert f"{OPEN}type {OPEN}ordering{CLOSE}{CLOSE}" in said  # the kind's label, not its id
    assert " and " not in said  # the list's words are the language's (Babel's pattern)


def test_an_attempt_open_elsewhere_is_said_in_the_language(pseudo: str) -> None:
    from quiz.i18n import set_language
    from quiz.store import AttemptInUseError

    set_language(pseudo)
    assert str(AttemptInUseError(7)).startswith(f"{OPEN}attempt 7 is open in another quiz"), str(
        AttemptInUseError(7)
    )


def test_the_gradebooks_warnings_and_notes_are_in_the_language(tmp_path: Path, pseudo: str) -> None:
    db = _taken(tmp_path)
    for fmt in ("moodle", "canvas"):
        out = CliRunner().invoke(
            cli,
            ["--db", str(db), "--lang", pseudo, "export", "--format", fmt, "--out", str(tmp_path / "g.csv")],
            env=ENV,
        )
        assert (
            f"{OPEN}learner “Ona” has neither email nor username; left out of the gradebook{CLOSE}"
            in out.output
        )
        assert f"{OPEN}learners are matched by " in out.output, out.output


def test_an_lrs_error_body_that_cannot_be_shown_is_said_in_the_language(pseudo: str) -> None:
    import httpx

    from quiz.export.lrs import _excerpt
    from quiz.i18n import set_language

    set_language(pseudo)
    for encoding, said in (
        ("br", "a body in br, not shown (Bad Gateway)"),
        ("gzip", "a body sent as gzip that"),
    ):
        response = httpx.Response(502, headers={"Content-Encoding": encoding})
        assert _excerpt(b"\x00\x01not gzip", response).startswith(f"{OPEN}{said}")


def test_report_names_each_kind_in_the_language_and_its_files_keep_the_id(
    tmp_path: Path, pseudo: str
) -> None:
    """The TYPE column showed the bank files' ids (``single``, ``true_false``)."""
    db = _taken(tmp_path)
    bank = str(FIXTURES / "sample.toml")
    shown = CliRunner().invoke(cli, ["--db", str(db), "--lang", pseudo, "report", bank], env=ENV).output
    assert f"{OPEN}single choice{CLOSE}" in shown, shown
    assert f"{OPEN}true/false{CLOSE}" in shown, shown
    assert " true_false " not in shown
    as_csv = CliRunner().invoke(
        cli, ["--db", str(db), "--lang", pseudo, "report", bank, "--format", "csv"], env=ENV
    )
    assert ",single," in as_csv.output, as_csv.output
    assert OPEN not in as_csv.output.splitlines()[1]


GIFT = "::Q1::Discuss this.{}\n\n::Q2::Is the sky blue?{TRUE}\n\nNo braces here } {=a ~b\n"


def test_an_import_says_skipped_once_per_line_and_ends_its_sentence_in_the_message(
    tmp_path: Path, pseudo: str
) -> None:
    """GIFT's "question 'Q1'" was an f-string, each skipped line said "skipped" twice ("skipped:
    GIFT:1: question 'Q1': skipped, essay..."), and the summary's period was added in code (ja
    ended "…スキップ 7問.")."""
    source = tmp_path / "mixed.gift"
    source.write_text(GIFT, encoding="utf-8")
    out = CliRunner().invoke(
        cli, ["--lang", pseudo, "import", "gift", str(source), "--out", str(tmp_path / "mixed.toml")], env=ENV
    )
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    skipped = [line for line in lines if ": skipped, " in line]
    assert len(skipped) == 2, out.output
    assert all(line.count("skipped") == 1 for line in skipped), skipped
    assert f"{OPEN}{OPEN}mixed.gift:1: question “Q1”{CLOSE}: skipped, " in skipped[0], skipped
    assert lines[-1].endswith(f"; skipped 2.{CLOSE}"), lines[-1]
    assert not lines[-1].endswith(f"{CLOSE}."), lines[-1]


def test_a_settings_file_that_is_not_toml_gives_the_place_in_the_message(tmp_path: Path, pseudo: str) -> None:
    """tomli's own English ("Invalid value (at line 2, column 12)") was shown in every language."""
    from quiz.config.early import SettingsError, read_settings_file
    from quiz.i18n import set_language

    set_language(pseudo)
    path = tmp_path / "settings.toml"
    path.write_text('theme = "nord"\nlanguage = lt\n', encoding="utf-8")
    try:
        read_settings_file(path)
    except SettingsError as exc:
        said = str(exc)
    else:
        raise AssertionError("not TOML, but read")
    assert said.startswith(f"{OPEN}{path}: not valid TOML at line 2, column 12: {OPEN}the value is not"), said
    assert "(at line" not in said
    assert "Invalid value" not in said


def test_every_options_placeholder_is_in_the_language_the_top_levels_too(pseudo: str) -> None:
    """``--out ФАЙЛ`` in a command's help but ``--db FILE`` at the top: click names a path's
    placeholder when the option is made, and the top level's was made before the language."""
    top = CliRunner().invoke(cli, ["--lang", pseudo, "--help"], env=ENV).output
    assert f"--db {OPEN}FILE{CLOSE}" in top, top
    export = CliRunner().invoke(cli, ["--lang", pseudo, "export", "--help"], env=ENV).output
    assert f"--out {OPEN}FILE{CLOSE}" in export, export
    assert f"--title {OPEN}TEXT{CLOSE}" in export, export
    take = CliRunner().invoke(cli, ["--lang", pseudo, "take", "--help"], env=ENV).output
    assert f"--count {OPEN}INTEGER{CLOSE}" in take, take
    report = CliRunner().invoke(cli, ["--lang", pseudo, "report", "--help"], env=ENV).output
    assert f"--session {OPEN}CODE{CLOSE}" in report, report
    english = CliRunner().invoke(cli, ["--lang", "en", "export", "--help"], env=ENV).output
    assert "--out FILE" in english


def test_a_list_in_a_message_is_punctuated_as_the_language_lists(tmp_path: Path) -> None:
    """ "banks: a, b, c" kept the English comma in Japanese, which lists with "、"."""
    (tmp_path / "banks").mkdir()
    for name in ("alpha", "beta"):
        (tmp_path / "banks" / f"{name}.toml").write_text(
            (FIXTURES / "sample.toml").read_text(encoding="utf-8")
        )
    env = {**ENV, "QUIZ_HOME": str(tmp_path)}
    said = CliRunner().invoke(cli, ["--lang", "ja", "take", "nope", "--plain"], env=env).output
    assert "alpha、beta、" in said, said
    assert ", " not in said, said


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "bank “sample” has no question “gone”"),
        ("lt", "rinkinyje „sample“ nėra klausimo „gone“"),
        ("uk", "у банку «sample» немає питання «gone»"),
        ("ja", "問題バンク「sample」に問題「gone」はありません"),
    ],
)
def test_a_missing_question_is_quoted_as_the_language_quotes(language: str, said: str) -> None:
    """ "bank 'sample' has no question 'gone'" was quoted by Python's repr in every language."""
    from quiz.bank import load_bank
    from quiz.engine import NoQuestionsError
    from quiz.engine.plan import select_questions
    from quiz.i18n import set_language

    set_language(language)
    try:
        with pytest.raises(NoQuestionsError) as raised:
            select_questions(load_bank(FIXTURES / "sample.toml"), question_ids=["gone"])
    finally:
        set_language("en")
    assert str(raised.value) == said


@pytest.mark.parametrize("language", ["lt", "uk", "ja"])
def test_an_import_note_is_one_message_in_the_language(tmp_path: Path, language: str) -> None:
    """Aiken's "file:3: question 'Which...': Aiken has no explanations" was joined with ": " and
    quoted with repr in code."""
    from quiz.formats.aiken import import_aiken
    from quiz.i18n import set_language, translator

    set_language(language)
    try:
        result = import_aiken("Which is a bot?\nA. One\nB. Two\nANSWER: A\n", "bots.txt")
    finally:
        set_language("en")
    catalog = translator(language)
    label = catalog.gettext("{where}: question “{name}”").format(where="bots.txt:1", name="Which is a bot?")
    note = catalog.gettext("Aiken has no explanations: the explanation is a placeholder")
    assert result.notes == [catalog.gettext("{where}: {note}").format(where=label, note=note)]
    assert "'Which" not in result.notes[0]

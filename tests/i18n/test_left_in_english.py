"""What a learner met in English though their language was set: each a test that failed then.

The screens' pseudo-locale walk (``test_no_string_left_out``) sees the words shown; these hold
the places it could not reach: a refusal that travels from the server, a message built of
pieces, markup inside a msgid, one word serving two meanings.
"""

from __future__ import annotations

import re
from pathlib import Path

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
    assert f"{OPEN}no bank called 'nope'" in result.output, result.output


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

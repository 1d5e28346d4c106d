"""What the host and learner screens share: the countdown and the leaderboard text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from quiz.frontends.tui.widgets.answers import instruction
from quiz.i18n import N_, _, npgettext
from quiz.i18n.numbers import with_unit
from quiz.i18n.width import ljust, rjust, truncate
from quiz.kinds.kind import Form, Shown
from quiz.kinds.registry import KINDS
from quiz.live import protocol as p

if TYPE_CHECKING:
    from quiz.engine.timing import Clock
    from quiz.live.client import Event


class Heard(Message):
    """One event from the session, posted by the client's worker to the live screen.

    Through the message queue rather than a direct call, so the screen shows events in order
    on its own turn, and a test can wait for the one it expects (``run_test``'s
    ``message_hook``) instead of polling the screen against a clock.
    """

    bubble = False

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class Countdown:
    """Seconds left on the open question, counted locally from the server's 'remaining'.

    On the app's clock, passed down to the screen, so that a test moves time instead of
    waiting for it.
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.until: float | None = None
        self.frozen: float | None = None

    def _now(self) -> float:
        return self.clock().timestamp()

    def start(self, remaining: float, paused: bool = False) -> None:
        if paused:
            self.until, self.frozen = None, remaining
        else:
            self.until, self.frozen = self._now() + remaining, None

    def stop(self) -> None:
        self.until = self.frozen = None

    @property
    def left(self) -> float | None:
        if self.frozen is not None:
            return self.frozen
        if self.until is None:
            return None
        return max(0.0, self.until - self._now())

    @property
    def seconds(self) -> int | None:
        """Whole seconds left, rounded up: "1 s left" until the very end."""
        left = self.left
        return None if left is None else int(left + 0.999)

    def text(self) -> str:
        return seconds_text(self.seconds, paused=self.frozen is not None)


def seconds_text(seconds: int | None, paused: bool = False) -> str:
    """The countdown as the header shows it (no clock emoji: browsers' fonts lack it)."""
    if seconds is None:
        return ""
    if paused:
        return with_unit(_("{seconds} s left (paused)"), seconds=seconds)
    return with_unit(_("{seconds} s left"), seconds=seconds)


def qr_text(url: str) -> Content:
    """A QR code of ``url`` drawn with half blocks (two modules a cell), dark on light so that
    phones read it on dark and light terminal themes alike."""
    import segno

    rows = [list(row) for row in segno.make(url, error="m").matrix]
    quiet = 2
    width = len(rows[0]) + 2 * quiet
    rows = [[0] * width] * quiet + [[0] * quiet + row + [0] * quiet for row in rows] + [[0] * width] * quiet
    if len(rows) % 2:
        rows.append([0] * width)
    glyphs = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
    lines = [
        "".join(glyphs[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
        for i in range(0, len(rows), 2)
    ]
    return Content.styled("\n".join(lines), "#000000 on #ffffff")


def _fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` terminal cells: 田中 takes four, 👩‍💻 two; a name too long
    for the column ends in "…" rather than pushing the scores out of line."""
    return ljust(truncate(text, width), width)


def shown_of(question: p.QuestionMessage) -> Shown:
    """What the learner was given, as the answer widgets and ``shown_answer_lines`` read it."""
    return Shown(question.form, tuple(question.options), tuple(question.prompts))


def _columns() -> tuple[str, str, str, int, int]:
    """The header words in the language, and the cells of the score and right columns."""
    name, score, right = _("name"), _("score"), _("right")
    return name, score, right, max(7, cell_len(score)), max(5, cell_len(right))


def leaderboard_text(entries: list[p.LeaderboardEntry], me: int | None = None, width: int = 0) -> Content:
    """Rank, name, score and the correctness-only count in columns that line up in ``width``
    cells (0: as wide as the longest name); names are shown as typed."""
    if not entries:
        return Content(_("No scores yet."))
    name, score, right, points, count = _columns()
    fixed = 3 + 2 + 2 + points + 2 + count  # rank, the gaps, score and the correctness count
    column = max(4, cell_len(name), *(cell_len(e.name) for e in entries))
    if width:
        column = max(4, min(column, width - fixed))
    header = f"{'#':>3}  {_fit(name, column)}  {rjust(score, points)}  {rjust(right, count)}"
    lines = [Content.styled(header, "bold")]
    for e in entries:
        line = Content(f"{e.rank:>3}  {_fit(e.name, column)}  {e.score:>{points}}  {e.correct:>{count}}")
        if me is not None and e.id == me:
            line = line.stylize("reverse")
        lines.append(line)
    return Content("\n").join(lines)


class Leaderboard(Widget):
    """The leaderboard, laid out for the width it is given (and again when that changes)."""

    DEFAULT_CSS = "Leaderboard { height: auto; }"

    entries: reactive[list[p.LeaderboardEntry]] = reactive(list, layout=True)
    me: reactive[int | None] = reactive(None)
    """The learner's own row, shown reversed."""

    def render(self) -> Content:
        return leaderboard_text(self.entries, self.me, self.content_size.width)


def question_heading(question: p.QuestionMessage) -> str:
    """ "Question 2 of 10 · 1,000 points · Choose one answer", the same on both screens."""
    points = with_unit(
        # TRANSLATORS: what answering this question right scores in the live session.
        npgettext("live score", "{n} point", "{n} points", question.points),
        n=question.points,
    )
    counter = _("Question {n} of {total}").format(n=question.position + 1, total=question.total)
    return " · ".join([counter, points, live_instruction(question)])


def live_instruction(question: p.QuestionMessage) -> str:
    """The instruction of the question's kind (a kind this client does not know: its form's)."""
    kind = KINDS.get(question.kind)
    if kind is not None:
        return instruction(kind.instruction, question.form)
    return instruction(
        {Form.order: N_("Put these in the right order"), Form.match: N_("Give each one its answer")}.get(
            question.form, N_("Choose an answer")
        ),
        question.form,
    )

"""A finished attempt question by question, opened from the history: what was answered,
what was right, and why; exportable from here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from quiz.engine import Attempt
from quiz.engine.request import MODE_NAMES
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.screens.feedback import option_lines, sources_text, verdict
from quiz.frontends.tui.widgets.footer import Footer
from quiz.i18n import _
from quiz.i18n.numbers import percent
from quiz.i18n.phrases import spaced
from quiz.markdown import to_plain
from quiz.store import AttemptRow


class AttemptScreen(Screen[None]):
    CSS_PATH = "attempt.tcss"
    AUTO_FOCUS = "#attempt-box"
    BINDINGS = [
        Binding("x", "export", "Export", tooltip="Export this attempt", id="attempt.export"),
        Binding("escape,q", "app.pop_screen", "Back", tooltip="Back to the history", id="attempt.back"),
    ]

    def __init__(self, row: AttemptRow, attempt: Attempt, title: str) -> None:
        super().__init__()
        self.row = row
        self.attempt = attempt
        self.bank_title = title

    def compose(self) -> ComposeResult:
        row, attempt = self.row, self.attempt
        score = "–" if row.percent is None else percent(row.percent)
        with VerticalScroll(id="attempt-box"):
            yield Label(
                Content.from_markup(
                    "[b]$title[/b] · $mode · $when · $score",
                    title=self.bank_title,
                    mode=_(MODE_NAMES.get(row.mode, row.mode)),
                    when=row.started_at[:16].replace("T", " "),
                    score=score,
                ),
                id="attempt-title",
            )
            for position, item in enumerate(attempt.plan.items):
                question = attempt.question_at(position)
                answer = attempt.answers.get(question.id)
                text, css = verdict(question, answer, attempt.plan.marking)
                yield Label(Content(f"{position + 1}. {text}"), classes=f"attempt-verdict {css}")
                yield Static(Content(to_plain(question.prompt)), classes="attempt-prompt")
                yield Static(option_lines(question, answer, item), classes="attempt-options")
                yield Static(
                    Content.assemble(
                        Content.styled(spaced(_("Why:")), "bold"), Content(to_plain(question.explanation))
                    ),
                    classes="attempt-why",
                )
                if question.sources:
                    yield Static(sources_text(question), classes="attempt-sources")
        yield Footer()

    def action_export(self) -> None:
        day = self.row.started_at[:10]
        self.post_message(m.ExportWanted([self.row.id], f"{self.row.bank_id}-{day}-{self.row.id}"))

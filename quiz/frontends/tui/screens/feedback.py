"""Right or wrong, in words and a symbol, with the correct answer, the why and the sources.

The same view opens from the results screen for a missed question.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from quiz.bank import AnyQuestion
from quiz.engine import Answer, Attempt, Marking, score_answer
from quiz.engine.plan import PlanItem
from quiz.frontends.tui.shown_keys import with_key
from quiz.frontends.tui.widgets.footer import Footer
from quiz.frontends.tui.widgets.hanging import Hanging, Row
from quiz.frontends.tui.widgets.markdown import Markdown
from quiz.i18n import _
from quiz.i18n.numbers import percent
from quiz.kinds.kind import Mark
from quiz.kinds.registry import kind_of


def verdict(question: AnyQuestion, answer: Answer | None, marking: Marking) -> tuple[str, str]:
    """A headline in words and a symbol (never colour alone), and a CSS class for colour."""
    score = score_answer(question, answer, marking)
    if not score.answered:
        return "– " + _("Not answered"), "skipped"
    if score.correct:
        return "✓ " + _("Correct"), "right"
    if score.credit > 0:
        return "◐ " + _("Partly right ({percent} of the credit)").format(
            percent=percent(100 * score.credit)
        ), "partial"
    return "✗ " + _("Not right"), "wrong"


MARKS = {
    Mark.right: ("✓", "bold $text-success"),
    Mark.wrong: ("✗", "bold $text-error"),
    Mark.plain: ("·", "bold"),
}


NOTE_HANG = 2
"""Columns further in that a wrapped feedback note goes on, as in plain mode."""


def option_lines(question: AnyQuestion, answer: Answer | None, item: PlanItem) -> Hanging:
    """The review of the answer, as its kind gives it, in the order shown: for choices every
    option (✓ right, ✗ chosen but wrong, · neither); for an order each pair of neighbours, for a
    match each line, right or not; a long one wraps under its own text, the bank's feedback
    under that."""
    lines = []
    for line in kind_of(question).review(question, item.order, answer.response if answer else None):
        symbol, tone = MARKS[line.mark]
        label = Content.styled(f"{symbol} {line.label}. " if line.label else f"{symbol} ", tone)
        text = Content.assemble(
            Content(line.text),
            Content.styled("  " + _("({note})").format(note=line.note), "italic") if line.note else "",
        )
        lines.append(Row(label, text))
        if line.feedback:
            note = Content.styled(line.feedback, "italic")
            lines.append(Row(Content(" " * label.cell_length), note, NOTE_HANG))
    return Hanging(lines)


def sources_text(question: AnyQuestion) -> Content:
    if not question.sources:
        return Content("")
    lines = [Content.styled(_("Sources"), "bold")]
    lines += [Content("• " + _("{title}: {url}").format(title=s.title, url=s.url)) for s in question.sources]
    return Content("\n").join(lines)


class FeedbackScreen(Screen[bool]):
    """Dismisses with True when the learner chose to leave, False to go on."""

    CSS_PATH = "feedback.tcss"
    # Focused as the screen is shown, not on mount: Enter pressed at once (the key that
    # answered, twice) can close the screen before it mounts, and a query then found nothing.
    AUTO_FOCUS = "#next"
    BINDINGS = [
        Binding("enter,space,n,right", "next", "Next", key_display="Enter", id="feedback.next"),
        Binding(
            "escape,q", "leave", "Leave", tooltip="Leave (the attempt stays resumable)", id="feedback.leave"
        ),
        # The page scrolls while Next keeps the focus: Enter always goes on.
        Binding("down", "scroll('down')", "Scroll down", show=False),
        Binding("up", "scroll('up')", "Scroll up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, attempt: Attempt, position: int, *, review: bool = False) -> None:
        super().__init__()
        self.attempt = attempt
        self.position = position
        self.review = review

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        item = attempt.plan.items[self.position]
        question = attempt.question_at(self.position)
        answer = attempt.answers.get(question.id)
        text, css = verdict(question, answer, attempt.plan.marking)
        with VerticalScroll(id="feedback-box"):
            yield Label(text, id="verdict", classes=css)
            counter = _("Question {n} of {total}").format(n=self.position + 1, total=len(attempt))
            yield Label(Content(counter), classes="dim-label")
            yield Markdown(question.prompt, id="feedback-prompt")
            yield Static(option_lines(question, answer, item), id="options")
            yield Label(_("Why"), classes="section-title")
            yield Markdown(question.explanation, id="explanation")
            yield Static(sources_text(question), id="sources")
        with Horizontal(classes="buttons"):
            label = (
                with_key(self, _("Close"), "feedback.leave", "esc")
                if self.review
                else with_key(self, _("Next"), "feedback.next", "Enter")
            )
            yield Button(label, variant="primary", id="next", compact=True)
        yield Footer()

    def help_rows(self) -> list[tuple[str, str]]:
        return [("↑ ↓ PgUp PgDn Home End", _("Scroll the explanation and its sources"))]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_next()

    def action_next(self) -> None:
        self.dismiss(False)

    def action_scroll(self, where: str) -> None:
        box = self.query_one("#feedback-box", VerticalScroll)
        getattr(box, f"scroll_{where}")(animate=False)

    def action_leave(self) -> None:
        """Leaving an attempt asks first, as on a question; closing a past question does not."""
        if self.review:
            self.dismiss(False)
            return
        from quiz.frontends.tui.screens.dialogs import leave_dialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.dismiss(True)

        self.app.push_screen(leave_dialog(self), decided)

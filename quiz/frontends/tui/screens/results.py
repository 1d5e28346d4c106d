"""The end of an attempt: score, pass or fail, where the points were lost, what to do next."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.engine import AttemptScore, Breakdown, Mode
from quiz.engine.calibration import calibration_of
from quiz.engine.discernment import discernment_of
from quiz.engine.request import MODE_NAMES, StartRequest
from quiz.engine.scoring import points_text, topic_name
from quiz.engine.timing import duration_text
from quiz.explain import calibration as calibration_words
from quiz.explain import discernment as discernment_words
from quiz.explain.measure import Measure
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.shown_keys import with_key
from quiz.frontends.tui.widgets.bars import Bar, Bars
from quiz.frontends.tui.widgets.footer import Footer
from quiz.frontends.tui.widgets.hanging import Hanging, Row
from quiz.i18n import _, ngettext
from quiz.i18n.numbers import percent, percent_as_given
from quiz.i18n.width import cells, rjust
from quiz.kinds.base import DIFFICULTY_WORDS
from quiz.services.attempts import RecordedAttempt


def breakdown_bars(
    parts: dict[str, Breakdown],
    names: Mapping[str, str] | None = None,
    topics: Mapping[str, str] | None = None,
) -> list[Bar]:
    """Accuracy per part: certainty-based marking's bonus and penalty stay in the score line.
    ``names`` are msgids for parts that are words of the app (difficulties); other parts are
    the bank's topics, in ``topics``' words where it has them (``Bank.topic_names``). The
    percents are padded to one width, and the figures drawn from the left (``Bars(align="left")``),
    so that they line up whatever the counts after them: "7% (0/10)" stood a column left of "0%
    (0/6)"."""
    shown = {name: percent(b.accuracy) for name, b in parts.items()}
    width = max(map(cells, shown.values()), default=0)
    return [
        Bar(
            _(names[name]) if names and name in names else topic_name(name, topics),
            b.accuracy / 100,
            _("{percent} ({right}/{total})").format(
                percent=rjust(shown[name], width), right=b.correct, total=b.questions
            ),
        )
        for name, b in parts.items()
    ]


class ResultsScreen(Screen[None]):
    CSS_PATH = "results.tcss"
    AUTO_FOCUS = "#results-box"  # the score comes first: the page itself, opened at its top
    BINDINGS = [
        Binding("r", "retry", "Retry missed", id="results.retry"),
        Binding("x", "export", "Export", id="results.export"),
        Binding("escape,h,q", "home", "Home", id="results.home"),
    ]

    def __init__(self, run: RecordedAttempt, score: AttemptScore, before_after: str | None = None) -> None:
        super().__init__()
        self.run = run
        self.score = score
        self.before_after = before_after
        """A discernment check compared with the learner's first one, in words."""

    def compose(self) -> ComposeResult:
        score = self.score
        bank = self.run.bank
        passed = score.passed
        if passed is None:
            verdict, tone = "◆ " + _("MEASURED"), "measured"  # a discernment check: no pass or fail
        else:
            verdict, tone = ("✓ " + _("PASSED"), "right") if passed else ("✗ " + _("NOT PASSED"), "wrong")
        with VerticalScroll(id="results-box"):
            yield Label(
                Content.from_markup(
                    "$verdict  [b]$title[/b] · $mode",
                    verdict=verdict,
                    title=bank.info.title,
                    mode=_(MODE_NAMES.get(self.run.mode, self.run.mode)),
                ),
                id="result-verdict",
                classes=tone,
            )
            facts = [
                _("Score {points} of {max_points} ({percent})").format(
                    points=points_text(score.points),
                    max_points=points_text(score.max_points),
                    percent=percent(score.percent, 1),
                )
            ]
            if passed is not None and score.pass_mark is not None:
                facts.append(_("pass mark {percent}").format(percent=percent_as_given(score.pass_mark)))
            unanswered = len(score.questions) - score.answered_count
            facts += [
                _("{right} of {total} fully right").format(
                    right=score.correct_count, total=len(score.questions)
                ),
                ngettext("{n} unanswered", "{n} unanswered", unanswered).format(n=unanswered),
            ]
            if self.run.duration_seconds is not None:
                facts.append(_("time {duration}").format(duration=duration_text(self.run.duration_seconds)))
            yield Static(Content(" · ".join(facts)), id="result-summary")
            if self.run.attempt.plan.marking.certainty:
                yield Static(
                    Content(
                        _(
                            "The score is certainty-based (+1/+2/+3 when right, 0/-2/-6 when wrong); "
                            "the bars show accuracy."
                        )
                    ),
                    classes="dim-label",
                )
            yield Label(_("By topic"), classes="section-title")
            yield Bars(breakdown_bars(score.by_topic, topics=bank.topic_names), id="topic-bars", align="left")
            yield Label(_("By difficulty"), classes="section-title")
            yield Bars(
                breakdown_bars(score.by_difficulty, DIFFICULTY_WORDS), id="difficulty-bars", align="left"
            )
            yield from self._measures()
            missed = score.missed
            yield Label(
                _("Missed questions ({n}): Tab here, Enter opens one with its explanation").format(
                    n=len(missed)
                )
                if missed
                else _("No missed questions. Well done!"),
                classes="section-title",
            )
            if missed:
                yield OptionList(*self._missed_options(missed), id="missed")
        with Horizontal(classes="buttons"):
            if self.can_retry:
                yield Button(
                    with_key(self, _("Retry missed"), "results.retry", "r"),
                    id="retry",
                    disabled=not self.score.missed,
                    compact=True,
                )
            yield Button(with_key(self, _("Export"), "results.export", "x"), id="export", compact=True)
            yield Button(
                with_key(self, _("Home"), "results.home", "h"), variant="primary", id="home", compact=True
            )
        yield Footer()

    def _missed_options(self, missed: list[str]) -> list[Option]:
        attempt = self.run.attempt
        options = []
        for qid in missed:
            position = attempt.plan.question_ids.index(qid)
            text = attempt.bank.by_id[qid].short_prompt()
            # Wrapped under its text, not under its number (a prompt of 70 characters is longer
            # than the list at 80 columns, a Japanese one at 120 too).
            number = Content(f"{position + 1:>2}. ")
            options.append(Option(Hanging([Row(number, Content(text))]), id=str(position)))
        return options

    def _measures(self) -> ComposeResult:
        attempt = self.run.attempt
        found = discernment_of(self.run.bank, attempt.plan, attempt.answers)
        if found is not None:
            yield Label(_("Discernment on headline items"), classes="section-title")
            yield self._measure_table(discernment_words.measures(found), "discernment")
            if self.before_after:
                yield Static(Content(self.before_after), id="before-after")
        calibrated = calibration_of(self.run.bank, attempt.plan, attempt.answers)
        if calibrated is not None and attempt.plan.marking.certainty:
            yield Label(
                _("Calibration: how well your confidence matched your accuracy"), classes="section-title"
            )
            yield Static(Content(calibration_words.summary(calibrated)), classes="dim-label")
            yield self._measure_table(calibration_words.measures(calibrated), "calibration")

    def _measure_table(self, measures: list[Measure], id: str) -> Static:
        """One line per measure: the figure, then what it means in plain words."""
        lines = [
            Content.assemble(
                (_("{measure}: {value}").format(measure=m.label, value=m.text), "bold"),
                "  ",
                Content.styled(m.meaning, "dim"),
            )
            for m in measures
        ]
        return Static(Content("\n").join(lines), id=id, classes="measures")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from quiz.frontends.tui.screens.feedback import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.run.attempt, int(event.option.id or 0), review=True))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id:
            await self.run_action(event.button.id)

    @property
    def can_retry(self) -> bool:
        """A discernment check is a measurement: retrying form A would spoil before and after."""
        return self.run.mode != Mode.discernment.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.can_retry
        return True

    def action_retry(self) -> None:
        if not self.can_retry:
            return
        missed = tuple(self.score.missed)
        if not missed:
            self.notify(_("Nothing to retry: every question was right."))
            return
        plan = self.run.attempt.plan
        request = StartRequest(
            bank=self.run.bank.id,
            mode=Mode.practice,
            question_ids=missed,
            confidence=plan.marking.certainty,
            retry_of=self.run.id,
        )
        self.post_message(m.StartQuiz(request))

    def action_export(self) -> None:
        day = self.run.row.started_at[:10]
        self.post_message(m.ExportWanted([self.run.id], f"{self.run.bank.id}-{day}-{self.run.id}"))

    def action_home(self) -> None:
        self.post_message(m.GoHome())

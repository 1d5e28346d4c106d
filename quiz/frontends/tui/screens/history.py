"""Past attempts per bank, and a line of scores over time so progress shows at a glance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Label, Select, Sparkline

from quiz.engine.coverage import coverage
from quiz.engine.request import MODE_NAMES
from quiz.engine.timing import duration_seconds, duration_text
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.screens.base import QuizScreen
from quiz.i18n import _
from quiz.i18n.numbers import percent
from quiz.store import AttemptRow

ALL = "*"


class HistoryScreen(QuizScreen):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape,h,q", "app.pop_screen", "Back", id="history.back"),
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the highlighted attempt, question by question",
            id="history.open",
        ),
    ]

    bank: reactive[str] = reactive(ALL, init=False)
    """The bank whose attempts are listed, or ALL."""

    def __init__(
        self,
        learner: str,
        rows: list[AttemptRow],
        titles: dict[str, str],
        bank_id: str | None = None,
        sizes: dict[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.learner = learner
        self.rows = rows
        self.titles = titles
        self.bank_id = bank_id
        self.sizes = sizes or {}
        """Questions per bank today: marks "10 of 44" on attempts stored before they kept it."""

    def compose(self) -> ComposeResult:
        taken = list(dict.fromkeys(r.bank_id for r in self.rows))
        options = [(_("All banks"), ALL)] + [(self.titles.get(b, b), b) for b in taken]
        initial = self.bank_id if self.bank_id in taken else ALL
        with Vertical(id="history-box"):
            yield Label(
                Content.from_markup(_("History of [b]$name[/b]"), name=self.learner), classes="dialog-title"
            )
            yield Select(options, value=initial, allow_blank=False, id="bank-select")
            yield Label("", id="trend-label", classes="section-title")
            yield Sparkline([], id="trend")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="attempts")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Date"), _("Bank"), _("Mode"), _("Score"), _("Result"), _("Time"))
        self.bank = str(self.query_one(Select).value)
        self.watch_bank(self.bank)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.bank = str(event.value)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.post_message(m.OpenAttempt(int(key)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(m.OpenAttempt(int(event.row_key.value)))

    def on_resize(self) -> None:
        if self.query("#attempts"):
            self.watch_bank(self.bank)

    def watch_bank(self, bank_id: str) -> None:
        rows = [r for r in self.rows if bank_id == ALL or r.bank_id == bank_id]
        table = self.query_one(DataTable)
        table.clear()
        whole_bank: list[float] = []
        room = max(24, self.size.width - 56)  # 80 columns hold every column; wider shows more title
        for row in reversed(rows):
            title = self.titles.get(row.bank_id, row.bank_id)
            # Retries and runs on part of the bank say so: they are not the bank's score.
            covered = coverage(len(row.plan), row.settings, self.sizes.get(row.bank_id))
            if covered.whole_bank and row.percent is not None:
                whole_bank.append(row.percent)
            mode = _(MODE_NAMES.get(row.mode, row.mode))
            seconds = duration_seconds(row.started_at, row.finished_at)  # as the results screen says
            table.add_row(
                Text(row.started_at[:16].replace("T", " ")),
                Text(title if len(title) <= room else title[: room - 1] + "…"),
                Text(f"{mode} ({covered.label})" if covered.label else mode),
                Text(percent(row.percent) if row.percent is not None else "–", justify="right"),
                Text(
                    "– " + _("measured")
                    if row.passed is None
                    else ("✓ " + _("passed") if row.passed else "✗ " + _("not passed"))
                ),
                Text(duration_text(seconds) if seconds is not None else "–", justify="right"),
                key=str(row.id),
            )
        percents = [r.percent for r in rows if r.percent is not None]
        sparkline = self.query_one(Sparkline)
        sparkline.data = percents
        sparkline.display = len(percents) >= 2
        label = self.query_one("#trend-label", Label)
        best = (
            _("whole-bank best {percent}").format(percent=percent(max(whole_bank)))
            if whole_bank
            else _("no whole-bank score yet")
        )
        if not percents:
            label.update(_("No finished attempts yet: take a quiz from the home screen."))
        elif len(percents) == 1:
            label.update(
                _("One attempt so far: {percent}. Take another to see a trend.").format(
                    percent=percent(percents[0])
                )
            )
        else:
            label.update(
                _("Oldest to newest: first {first}, latest {latest} ({n} attempts); {best}").format(
                    first=percent(percents[0]), latest=percent(percents[-1]), n=len(percents), best=best
                )
            )

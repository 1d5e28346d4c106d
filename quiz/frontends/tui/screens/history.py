"""Past attempts per bank, and a line of scores over time so progress shows at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Label, Select, Sparkline

from quiz.engine.coverage import coverage
from quiz.engine.request import MODE_NAMES
from quiz.engine.timing import duration_seconds, duration_text
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.styled import styled
from quiz.frontends.tui.widgets.footer import Footer
from quiz.i18n import N_, _
from quiz.i18n.numbers import counts_together, percent, with_unit
from quiz.i18n.width import cells as cell_width
from quiz.i18n.width import truncate, wrap
from quiz.store import AttemptRow

ALL = "*"
COLUMNS = {
    "date": N_("Date"),
    "bank": N_("Bank"),
    "mode": N_("Mode"),
    "score": N_("Score"),
    "result": N_("Result"),
    "time": N_("Time"),
}
_NARROWEST = 10  # a title or mode cut shorter than this no longer says which


@dataclass(frozen=True)
class _Line:
    """One attempt's cells at full length, before they are fitted to the screen."""

    key: str
    started: str
    bank: str
    mode: str
    score: str
    result: str
    seconds: float | None


def short_duration(seconds: float) -> str:
    """``12 min`` for 12 min 30 s: where the seconds would cost a column of the screen."""
    if seconds < 60:
        return duration_text(seconds)
    minutes = round(seconds / 60)
    if minutes < 60:
        return with_unit(_("{m} min"), m=minutes)
    hours, minutes = divmod(minutes, 60)
    return with_unit(_("{h} h {m} min"), h=hours, m=f"{minutes:02d}")


def widths(columns: list[str], cells: list[list[str]]) -> list[int]:
    """Each column's width in terminal cells: its longest line or its name."""
    return [
        max(cell_width(line) for row in [columns, *cells] for line in row[i].split("\n"))
        for i in range(len(columns))
    ]


def fitted(lines: list[_Line], width: int, *, one_bank: bool) -> tuple[list[str], list[list[str]]]:
    """The column keys and the cells that fit ``width``, giving up the least useful first.

    The Bank column only when every bank is listed: with one chosen, the menu above names it
    (it showed in Japanese alone, whose shorter words left room for it). Every column at full
    length if it fits. Else durations in whole minutes; then the date without its time of day;
    then the bank's title cut with an ellipsis, to no shorter than ``_NARROWEST``; last, the
    mode wrapped over lines, never cut: "Practice (retry, 2 of 44)" says what the score stands
    for, and Lithuanian's "Pratybos (kartojimas, 2 iš 44)" was cut to "Pratybos (3 iš 6…".
    """

    def layout(seconds: bool, time_of_day: bool, bank: bool) -> tuple[list[str], list[list[str]]]:
        columns = [key for key in COLUMNS if bank or key != "bank"]
        cells = []
        for line in lines:
            time = (
                "–" if line.seconds is None else (duration_text if seconds else short_duration)(line.seconds)
            )
            row = [line.started if time_of_day else line.started[:10], line.bank, line.mode]
            cells.append([*row[: 2 if bank else 1], line.mode, line.score, line.result, time])
        return columns, cells

    def room(columns: list[str], cells: list[list[str]]) -> int:
        labels = [_(COLUMNS[key]) for key in columns]
        return width - sum(widths(labels, cells)) - 2 * len(columns)  # cell padding, 1 each side

    bank = not one_bank
    for seconds, time_of_day in [(True, True), (False, True), (False, False)]:
        columns, cells = layout(seconds, time_of_day, bank)
        if room(columns, cells) >= 0:
            return columns, cells
    for key, shorten in (("bank", truncate), ("mode", wrapped)):
        over = -room(columns, cells)
        if key not in columns or over <= 0:
            continue
        i = columns.index(key)
        keep = max(_NARROWEST, max(cell_width(row[i]) for row in cells) - over)
        for row in cells:
            row[i] = shorten(row[i], keep)
    return columns, cells


def wrapped(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` cells (Japanese broken between phrases), with
    "2 of 44" on one line: "Pratybos (5 iš" over "70)" read as two figures."""
    return "\n".join(wrap(counts_together(text), width)).replace("\xa0", " ")


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape,h,q", "app.pop_screen", "Back", id="history.back"),
        # Before the focused widget's own Enter: the bank menu's and the table's hid it from the
        # footer. The menu opens with Space or the arrows; in its open list Enter picks a bank.
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the highlighted attempt, question by question",
            id="history.open",
            priority=True,
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
        # Text, not str: Select reads a str as markup, and a bank's title is shown as typed.
        options = [(Text(_("All banks")), ALL)] + [(Text(self.titles.get(b, b)), b) for b in taken]
        initial = self.bank_id if self.bank_id in taken else ALL
        with Vertical(id="history-box"):
            yield Label(
                styled(_("History of {name}"), {"name": "bold"}, name=self.learner), classes="dialog-title"
            )
            yield Select(options, value=initial, allow_blank=False, id="bank-select")
            yield Label("", id="trend-label", classes="section-title")
            yield Sparkline([], id="trend")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="attempts")
        yield Footer()

    def on_mount(self) -> None:
        self.bank = str(self.query_one(Select).value)
        self.watch_bank(self.bank)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.bank = str(event.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "open":
            return True
        menus, tables = self.query(Select), self.query(DataTable)
        return bool(menus and tables and not menus.first().expanded and tables.first().row_count)

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
        whole_bank: list[float] = []
        lines: list[_Line] = []
        for row in reversed(rows):
            # Retries and runs on part of the bank say so: they are not the bank's score.
            covered = coverage(len(row.plan), row.settings, self.sizes.get(row.bank_id), row.mode)
            if covered.whole_bank and row.percent is not None:
                whole_bank.append(row.percent)
            mode = _(MODE_NAMES.get(row.mode, row.mode))
            lines.append(
                _Line(
                    str(row.id),
                    row.started_at[:16].replace("T", " "),
                    self.titles.get(row.bank_id, row.bank_id),
                    covered.with_mode(mode),
                    percent(row.percent) if row.percent is not None else "–",
                    "– " + _("measured")
                    if row.passed is None
                    else ("✓ " + _("passed") if row.passed else "✗ " + _("not passed")),
                    duration_seconds(row.started_at, row.finished_at),  # as the results screen says
                )
            )
        # The table's room: the screen less the box's padding, and a scrollbar when rows overflow.
        scrollbar = 2 if not table.size.height or len(lines) >= table.size.height else 0
        columns, cells = fitted(lines, self.size.width - 2 - scrollbar, one_bank=bank_id != ALL)
        names = [_(COLUMNS[key]) for key in columns]
        table.clear(columns=True)
        for key, name, width in zip(columns, names, widths(names, cells), strict=True):
            # Set, not measured later: a table re-laid out with new columns kept cells drawn
            # at the old widths (Textual caches them before it measures).
            table.add_column(name, width=width, key=key)
        right = {columns.index("score"), columns.index("time")}
        for line, row_cells in zip(lines, cells, strict=True):
            table.add_row(
                *(Text(cell, justify="right" if i in right else "left") for i, cell in enumerate(row_cells)),
                key=line.key,
                height=max(cell.count("\n") + 1 for cell in row_cells),  # a wrapped mode's lines
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

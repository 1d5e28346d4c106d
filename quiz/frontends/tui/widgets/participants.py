"""The participants of a live session: a list that draws only the rows in view.

The host screen shares its event loop with the session server, and a room of 5,000 changes
all the time. An ``OptionList`` builds, wraps and measures every one of its options on each
change, and the screen's layout measures them all again: with 1,000 learners that was most of
the host process's CPU (benchmarks/live_load.py). This list keeps the participants as they
are and renders a row only when it is on screen (Textual's line API), so a change costs a
refresh of the lines in view, whatever the size of the room.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quiz.live import protocol as p


def participant_row(person: p.Participant, answered: bool | None) -> Content:
    """One participant: on or off line, answered or not (None: no question open), the name as typed."""
    mark = "" if answered is None else "✓ " if answered else "… "
    return Content.assemble(
        "● " if person.connected else "○ ",
        mark,
        Content(person.name),
        Content.styled("  (disconnected)", "dim") if not person.connected else "",
    )


class ParticipantList(ScrollView, can_focus=True):
    """Participants, one a row, with a highlighted one (what the host's kick and merge act on)."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor(-1_000_000)", "First", show=False),
        Binding("end", "cursor(1_000_000)", "Last", show=False),
    ]
    COMPONENT_CLASSES = {"participant-list--highlight"}
    DEFAULT_CSS = """
    ParticipantList {
        height: 1fr;
        overflow-x: hidden;
        & > .participant-list--highlight { background: $block-cursor-blurred-background; }
        &:focus > .participant-list--highlight {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people: Sequence[p.Participant] = ()
        self.answered: Set[int] | None = None
        """During a question, who has answered it: each row says whether that learner has."""

    def show(self, people: Sequence[p.Participant], answered: Set[int] | None) -> None:
        """List ``people``, with ``answered`` during a question (the highlight stays on the same
        place in the list)."""
        self.people, self.answered = people, answered
        self.virtual_size = Size(self.scrollable_content_region.width, len(people))
        self.highlighted = None if not people else min(self.highlighted or 0, len(people) - 1)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.people)

    def row(self, index: int) -> Content:
        """The row as drawn (tests and the screen read it)."""
        person, answered = self.people[index], self.answered
        return participant_row(person, None if answered is None else person.id in answered)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.people):
            return Strip.blank(width, base)
        style = (
            self.get_component_rich_style("participant-list--highlight")
            if index == self.highlighted
            else base
        )
        segments = self.row(index).render_segments(self.visual_style)
        return Strip(segments).crop_extend(0, width, None).apply_style(style)

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is not None:
            top, height = self.scroll_offset.y, self.scrollable_content_region.height
            if highlighted < top:
                self.scroll_to(y=highlighted, animate=False)
            elif height and highlighted >= top + height:
                self.scroll_to(y=highlighted - height + 1, animate=False)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self.people:
            start = self.highlighted if self.highlighted is not None else -1 if step > 0 else len(self.people)
            self.highlighted = max(0, min(len(self.people) - 1, start + step))

    def action_page(self, pages: int) -> None:
        self.action_cursor(pages * max(1, self.scrollable_content_region.height - 1))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and self.scroll_offset.y + offset.y < len(self.people):
            self.highlighted = self.scroll_offset.y + offset.y

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.people))

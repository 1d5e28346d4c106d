"""Textual's command palette speaking the interface language.

Textual writes its palette's words in English where the app cannot hand it others: the
"No matches found" line is built inside the palette, and the theme search (the palette's
"Theme" command) opens with its own placeholder. This palette says both through the catalog.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from quiz.i18n import _


class Palette(CommandPalette):
    """Textual's palette (pinned Textual: its countdown is reused as it is), with the line it
    shows for a search that finds nothing in the language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:  # discovering, not searching: nothing to say
                self._list_visible = False
                return
            found = Option(
                Align.center(Text(_("No matches found"), style="not bold")),
                disabled=True,
                id=self._NO_MATCHES,
            )
            self.query_one(CommandList).add_option(found)
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def theme_palette() -> Palette:
    """The theme search, as Textual's ``App.search_themes`` opens it, in the language."""
    from textual.theme import ThemeProvider

    return Palette(providers=[ThemeProvider], placeholder=_("Search for themes…"))

"""Textual's footer, redrawn once for any number of binding changes in a row."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's ``Footer`` schedules a recompose for every announced change of bindings; a
    screen being shown announces several at once (focus, then its own state), so the home
    screen composed its footer twice before its first frame was done. A recompose that is
    already waiting reads every change made before it runs: no second one is needed."""

    _recompose_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._recompose_pending:
            return
        super().bindings_changed(screen)
        # Textual's own condition for scheduling one (textual is pinned: checked on 8.2.8).
        self._recompose_pending = bool(screen.app.app_focus and self.is_attached and screen is self.screen)

    async def recompose(self) -> None:
        self._recompose_pending = False
        await super().recompose()

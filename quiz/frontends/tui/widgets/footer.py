"""Textual's footer, redrawn once for any number of binding changes in a row, and fitted to its width.

Textual's footer shows a screen's keys in order and cuts off whatever runs past the right edge.
The app's own help key comes last, so a language with longer words lost it first: "? Pagalba"
at 80 columns in Lithuanian, "? ヘルプ" on a Japanese matching question, even the English host
screen during a question. Help lists every key, so it is the one the footer must never lose.
Here the keys that do not fit leave the footer before it is drawn: first those the screen names
in a ``FOOTER_SPARE`` tuple of actions (least needed first), then the others from the end;
help stays.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

KEPT = frozenset({"help"})
"""Actions whose keys the footer never drops: help lists all the others."""


def key_width(key: FooterKey, compact: bool) -> int:
    """The cells a key takes in the footer, as Textual 8's footer CSS lays it out (textual is
    pinned; tests/tui/test_footer_fit.py checks the sum against the drawn footer)."""
    key_cells, description = cell_len(key.key_display), cell_len(key.description)
    palette = 2 if key.has_class("-command-palette") else 0  # its padding-right and border-left
    if not key.description:
        return key_cells + palette
    if compact:
        return key_cells + 1 + description + (0 if palette else 1) + palette
    return key_cells + 2 + description + 1 + palette


def fitted(widths: list[tuple[str, int]], room: int, spare: tuple[str, ...]) -> set[int]:
    """Which keys (by position) leave a footer with ``room`` cells: ``spare`` actions first, in
    that order, then the others from the last one back, never a kept one."""
    total = sum(width for _, width in widths)
    order = [i for action in spare for i, (name, _) in enumerate(widths) if name == action]
    order += [i for i in reversed(range(len(widths))) if i not in order]
    dropped: set[int] = set()
    for i in order:
        if total <= room:
            break
        if widths[i][0] not in KEPT:
            dropped.add(i)
            total -= widths[i][1]
    return dropped


class Footer(TextualFooter):
    """Textual's ``Footer`` schedules a recompose for every announced change of bindings; a
    screen being shown announces several at once (focus, then its own state), so the home
    screen composed its footer twice before its first frame was done. A recompose that is
    already waiting reads every change made before it runs: no second one is needed.

    The fitting is done while composing, from the keys' text, so the first frame already shows
    the keys that fit and a resize recomposes only when it changes which keys fit."""

    _recompose_pending = False
    _fitted: tuple[int, frozenset[int]] = (0, frozenset())
    """The width the keys were last fitted to, and the positions that left."""
    _keys: tuple[tuple[str, int], ...] = ()
    """Every key the screen has for the footer now (action, cells), the palette's excepted."""
    _shown: tuple[object, ...] | None = None
    """What the keys drawn were made of (``_shown_now``): a change of bindings that leaves it the
    same changes nothing on screen."""

    def _shown_now(self) -> tuple[object, ...]:
        """The footer's keys as ``compose`` would make them: key, display, words, enabled, tooltip."""
        display = self.app.get_key_display
        return tuple(
            (binding.key, display(binding), binding.description, binding.action, enabled, tip)
            for _, binding, enabled, tip in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._recompose_pending:
            return
        if self._shown is not None and screen is self.screen and self._shown_now() == self._shown:
            # The host screen announces a change at every step of a session (its state binds
            # the keys), and each recompose lays the screen out again: 5 a question, when
            # most left the keys as they were.
            return
        super().bindings_changed(screen)
        # Textual's own condition for scheduling one (textual is pinned: checked on 8.2.8).
        self._recompose_pending = bool(screen.app.app_focus and self.is_attached and screen is self.screen)

    async def recompose(self) -> None:
        self._recompose_pending = False
        await super().recompose()

    def compose(self) -> ComposeResult:
        self._shown = self._shown_now() if self._bindings_ready else None
        widgets = list(super().compose())
        palette = [w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")]
        keys = [w for w in widgets if isinstance(w, FooterKey) and w not in palette]
        for key in keys:
            # Textual binds each key's compact to the footer's, but makes the key compact and
            # sets the footer's value once it is mounted: two restyles of every key before the
            # first frame. Made with the footer's value, it needs neither (20 million of 1,490
            # million instructions to the Japanese home screen, benchmarks/startup.py).
            key.set_reactive(FooterKey.compact, self.compact)
        width = self.size.width or self.app.size.width
        room = width - sum(key_width(key, self.compact) for key in palette)
        self._keys = tuple((key.action, key_width(key, self.compact)) for key in keys)
        dropped = frozenset(fitted(list(self._keys), room, self._spare()))
        self._fitted = (width, dropped)
        left_out = [keys[i] for i in dropped]
        yield from (widget for widget in widgets if widget not in left_out)

    def _spare(self) -> tuple[str, ...]:
        return getattr(self.screen, "FOOTER_SPARE", ())

    def on_resize(self, event: Resize) -> None:
        width, dropped = self._fitted
        if not self._keys or event.size.width == width:
            return
        palette = self.query(".-command-palette")
        room = event.size.width - sum(key_width(w, self.compact) for w in palette.results(FooterKey))
        if fitted(list(self._keys), room, self._spare()) != dropped and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self.recompose)
        else:
            self._fitted = (event.size.width, dropped)

"""What every full screen of the app shares: the services the live screens read.

Screens do not import the app (that made an import cycle): they post messages up
(``messages.py``), and the few that still read the app's services see them through the
``AppServices`` protocol, which the app satisfies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.frontends.tui.launch import AppSettings
    from quiz.store import Learner, Store


class AppServices(Protocol):
    settings: AppSettings
    store: Store
    learner: Learner | None

    def bank(self, name: str) -> Bank: ...

    def go_home(self) -> None: ...


class QuizScreen(Screen[None]):
    @property
    def quiz(self) -> AppServices:
        """The running app's services, typed."""
        return cast("AppServices", self.app)

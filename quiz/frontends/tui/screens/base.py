"""What every full screen of the app shares: typed access to the app's services."""

from __future__ import annotations

from textual.screen import Screen

from quiz.frontends.tui.app import QuizApp


class QuizScreen(Screen[None]):
    @property
    def quiz(self) -> QuizApp:
        """The running app, typed: its store, banks and learner, and the flows between screens."""
        app = self.app
        assert isinstance(app, QuizApp)
        return app

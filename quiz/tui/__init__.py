"""The Textual app: the only package that imports textual."""

from quiz.engine.request import StartRequest
from quiz.tui.app import AppSettings, QuizApp, make_app

__all__ = ["AppSettings", "QuizApp", "StartRequest", "make_app"]

"""The Textual app: the only package that imports textual."""

from quiz.engine.request import StartRequest
from quiz.frontends.tui.app import AppSettings, HostRequest, JoinRequest, QuizApp, make_app

__all__ = ["AppSettings", "HostRequest", "JoinRequest", "QuizApp", "StartRequest", "make_app"]

"""The Textual app: the only package that imports textual."""

from quiz.frontends.tui.app import QuizApp, make_app
from quiz.frontends.tui.launch import AppSettings, HostRequest, JoinRequest, StartRequest

__all__ = ["AppSettings", "HostRequest", "JoinRequest", "QuizApp", "StartRequest", "make_app"]

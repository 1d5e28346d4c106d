"""Every key binding's id, for the ``[keymap]`` table of the user's settings."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode


def screen_classes() -> list[type[DOMNode]]:
    """Every screen with bindings a user may remap."""
    from quiz.frontends.tui.screens import (
        attempt,
        dialogs,
        export,
        feedback,
        history,
        home,
        live_host,
        live_learner,
        options,
        overview,
        question,
        results,
    )

    return [
        home.HomeScreen,
        question.QuestionScreen,
        feedback.FeedbackScreen,
        results.ResultsScreen,
        history.HistoryScreen,
        attempt.AttemptScreen,
        options.OptionsDialog,
        overview.OverviewDialog,
        export.ExportDialog,
        dialogs.NameDialog,
        dialogs.ResumeDialog,
        dialogs.ConfirmDialog,
        dialogs.HelpDialog,
        live_host.HostScreen,
        dialogs.JoinScreen,
        live_learner.LearnerScreen,
    ]


def bindings(app: type[DOMNode]) -> list[tuple[str, Binding]]:
    """(screen name, binding) for every binding that has an id, in the order screens declare them."""
    found = []
    for cls in [app, *screen_classes()]:
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found.append((cls.__name__, binding))
    return found


@cache
def binding_ids(app: type[DOMNode]) -> frozenset[str]:
    return frozenset(binding.id for _, binding in bindings(app) if binding.id)


def taken_keys(app: type[DOMNode], keymap: Mapping[str, str]) -> list[tuple[str, str, Binding]]:
    """(key, the id it was given to, the binding it was taken from) for each key the keymap gives
    one action that another action of the same screen had by default.

    Textual (pinned) hands the key to the remapped action and drops it from the other without a
    word: ``"home.exam" = "p"`` left Practice with no key at all.
    """
    taken = []
    for cls in [app, *screen_classes()]:
        own = [b for b in cls.BINDINGS if isinstance(b, Binding)]
        given = {key.strip(): b.id for b in own if b.id and b.id in keymap for key in keymap[b.id].split(",")}
        for binding in own:
            if binding.id in keymap:
                continue
            for key in binding.key.split(","):
                if key.strip() in given:
                    taken.append((key.strip(), str(given[key.strip()]), binding))
    return taken

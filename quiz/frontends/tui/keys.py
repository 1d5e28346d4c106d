"""Every key binding's id, for the ``[keymap]`` table of the user's settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import key_to_character

from quiz.i18n import N_

WHERE = {
    "QuizApp": N_("on every screen"),
    "HomeScreen": N_("on the home screen"),
    "QuestionScreen": N_("on a question"),
    "FeedbackScreen": N_("on the feedback after an answer"),
    "ResultsScreen": N_("on the results screen"),
    "HistoryScreen": N_("in History"),
    "AttemptScreen": N_("on an attempt opened from History"),
    "OptionsDialog": N_("in the options before a quiz"),
    "OverviewDialog": N_("in the overview of questions"),
    "ExportDialog": N_("in the export dialog"),
    "NameDialog": N_("in the name dialog"),
    "ResumeDialog": N_("in the list of unfinished attempts"),
    "ConfirmDialog": N_("in a dialog that asks you to confirm"),
    "HelpDialog": N_("in the Keys panel"),
    "HostScreen": N_("on the host screen"),
    "JoinScreen": N_("on the join screen"),
    "LearnerScreen": N_("on a learner's live screen"),
}
"""Where a clash happens, by screen class, as the keymap's notices say it (untranslated)."""


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


def focusable_widgets() -> dict[str, list[type[DOMNode]]]:
    """By screen, the focusable widgets on it whose keys ``clashes`` knows: the app's own widget
    classes (the answer lists, the participant list), Textual's ``OptionList``, ``SelectionList``
    and ``Input``, and the feedback's Next ``Button``, which keeps the focus there so that Enter
    always goes on (it takes Enter before the screen's bindings: ``"feedback.leave" = "enter"``
    still went on). Textual's other widgets (DataTable, Select, RadioSet, Checkbox) and the
    buttons of other screens, which have the focus only once tabbed to, are not covered."""
    from textual.widgets import Button, Input, OptionList, SelectionList

    from quiz.frontends.tui.widgets.answers import MatchList, OrderList
    from quiz.frontends.tui.widgets.choices import ChoiceList
    from quiz.frontends.tui.widgets.participants import ParticipantList

    answers: list[type[DOMNode]] = [ChoiceList, OrderList, MatchList]
    return {
        "HomeScreen": [OptionList],
        "QuestionScreen": answers,
        "FeedbackScreen": [Button],
        "ResultsScreen": [OptionList],
        "OverviewDialog": [OptionList],
        "ResumeDialog": [OptionList],
        "OptionsDialog": [Input, SelectionList],
        "ExportDialog": [Input],
        "NameDialog": [Input],
        "JoinScreen": [Input],
        "HostScreen": [ParticipantList],
        "LearnerScreen": answers,
    }


def _widget_bindings(widget: type[DOMNode], covered: frozenset[type[DOMNode]]) -> list[Binding]:
    """The bindings ``widget`` answers while it has focus, as Textual merges them (a class's
    binding of a key replaces its bases'), from the classes of its line that are the app's own
    or ``covered`` (the ``focusable_widgets`` table's: Textual's ``OptionList`` under the answer
    lists, say): the scroll keys of Textual's bases beyond them (ScrollView's) give way when
    there is nothing to scroll, and are left out."""
    by_key: dict[str, list[Binding]] = {}
    for cls in reversed(widget.__mro__):
        if not (cls.__module__.startswith("quiz.") or cls in covered):
            continue
        declared: dict[str, list[Binding]] = {}
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding):
                for key in key_list(binding.key):
                    declared.setdefault(key, []).append(binding)
        by_key.update(declared)
    return [binding for held in by_key.values() for binding in held]


# TRANSLATORS: in a key-map notice, what a focused text field does with a key that types a
# character: "x goes first to “Typing in a text field” (Input) in the name dialog".
TYPING = N_("Typing in a text field")
"""What a focused ``Input`` does with a printable key (``Input.check_consume_key``): Textual then
takes the key out of every binding behind the field, the app's with priority too."""


def _typed(key: str) -> bool:
    character = key_to_character(key)
    return character is not None and character.isprintable()


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


@dataclass(frozen=True)
class Clash:
    """A key the keymap gives ``taker`` that some screen also binds to another action.

    ``winner`` answers the key there and ``loser`` does not: the taker is one of them (the winner
    when it took the key, the loser when the other action comes first). ``screens`` are the
    screens' class names where it happens ("QuizApp" for every screen).
    """

    key: str
    taker: str
    winner: Binding
    loser: Binding
    screens: tuple[str, ...]

    @property
    def taken(self) -> bool:
        """The taker answers the key and the other action lost it."""
        return self.winner.id == self.taker


@cache
def key_list(keys: str) -> tuple[str, ...]:
    """The keys a list such as ``"x, e"`` or ``"?,f1"`` binds, as Textual names them: split on
    commas, stripped, empty ones left out, and a single character by its key name (``?`` is
    ``question_mark``, ``+`` is ``plus``; a letter or digit stays itself).

    Textual's public ``Binding.make_bindings`` does the naming, as it does for every BINDINGS
    entry; it refuses an empty key, which a keymap's ``"f1,"`` has, so those are left out first.
    Its private ``textual.keys._normalize_key_list``, which reads a keymap, names them alike
    (tests/tui/test_key_lists.py compares the two on the pinned Textual)."""
    listed = [Binding(key.strip(), "") for key in keys.split(",") if key.strip()]
    return tuple(binding.key for binding in Binding.make_bindings(listed))


def _keys(binding: Binding, keymap: Mapping[str, str]) -> tuple[str, ...]:
    return key_list(keymap[binding.id] if binding.id and binding.id in keymap else binding.key)


def _app_bindings(app: type[DOMNode]) -> list[Binding]:
    """The app's own bindings, Textual's (Ctrl+Q) and the command palette's (added per instance)."""
    found: list[Binding] = []
    for cls in reversed(app.__mro__):
        found.extend(b for b in vars(cls).get("BINDINGS", ()) if isinstance(b, Binding))
    palette = getattr(app, "COMMAND_PALETTE_BINDING", None)
    if getattr(app, "ENABLE_COMMAND_PALETTE", False) and palette:
        found.append(Binding(palette, "command_palette", "palette", priority=True))
    return found


def clashes(app: type[DOMNode], keymap: Mapping[str, str]) -> list[Clash]:
    """Every key the keymap gives one action that another action answering on the same screen
    also has, the app's bindings (Help's ? and F1, Ctrl+Q, Ctrl+P) included in every screen, and
    so have the focusable widgets ``focusable_widgets`` lists for the screen.

    Textual (pinned) looks for a key from the focused widget up to the app, the app's priority
    bindings first: a remapped key that the app holds with priority never reaches the screen's
    action, and Help given a key that a screen uses does not answer it there. Within one node a
    remapped binding takes the key from the one that had it by default, without a word:
    ``"home.exam" = "p"`` left Practice with no key at all. Clashes between defaults are the
    app's design (``?`` closes the Keys panel), not the keymap's, and are not reported.

    A focused widget's bindings come before its screen's and the app's (those without priority).
    Covered: the bindings of the app's own widget classes (the answer lists on a question and on
    a learner's live screen, the host's participant list) with what they inherit from Textual's
    ``OptionList``; the ``OptionList`` of the home screen, the results, the overview and the list
    of unfinished attempts (its cursor keys and Enter); the options' ``SelectionList`` of topics
    and levels (those and Space); Textual's ``Input`` in the name, options, export and join
    dialogs: its editing keys, and every key that types a character (a letter, a digit,
    ``space``, ``?``), which a focused field takes before any binding, priority ones too. Such a
    clash is reported whether or not the widget has focus as the screen opens (the answer lists
    and the name field do). The feedback's Next button, which keeps the focus there, takes Enter
    (``Button``'s press). Not covered: Textual's DataTable, Select, RadioSet and Checkbox, the
    buttons of other screens (focused only once tabbed to), and the scroll keys widgets inherit
    from Textual's scrolling containers (they give way when there is nothing to scroll).
    """

    def remapped(binding: Binding, key: str) -> bool:
        return bool(binding.id) and binding.id in keymap and key in _keys(binding, keymap)

    if not keymap:
        return []  # every clash has a key the keymap gave
    from textual.widgets import Input

    app_level = _app_bindings(app)
    widgets = focusable_widgets()
    covered = frozenset(cls for listed in widgets.values() for cls in listed)
    found: dict[tuple[str, str, str | None, str, str | None, str], tuple[Clash, list[str]]] = {}
    # Each screen with no widget focused, then with each widget it has focused.
    scopes: list[tuple[str, list[Binding], type[DOMNode] | None]] = [(app.__name__, [], None)]
    for cls in screen_classes():
        own = [b for b in cls.BINDINGS if isinstance(b, Binding)]
        scopes += [(cls.__name__, own, widget) for widget in [None, *widgets.get(cls.__name__, [])]]
    for name, own, focused in scopes:
        # In the order Textual tries them: a field's typing first, priority bindings from the app
        # down, then from the focused widget up; within one node a key the keymap gave comes first.
        widget_level = _widget_bindings(focused, covered) if focused else []
        layers = [
            [b for b in app_level if b.priority],
            [b for b in own if b.priority],
            [b for b in widget_level if not b.priority],
            [b for b in own if not b.priority],
            [b for b in app_level if not b.priority],
        ]
        by_key: dict[str, list[tuple[int, Binding]]] = {}
        for layer, bindings_ in enumerate(layers):
            for binding in bindings_:
                for key in _keys(binding, keymap):
                    by_key.setdefault(key, []).append((layer, binding))
        if focused is not None and issubclass(focused, Input):
            for key, holders in by_key.items():
                if _typed(key):
                    holders.insert(0, (-1, Binding(key, "Input", TYPING, show=False)))
        for key, holders in by_key.items():
            holders.sort(key=lambda held: (held[0], not remapped(held[1], key)))
            (_, winner), *others = holders
            for _layer, loser in others:
                if loser is winner:
                    continue
                if remapped(winner, key):
                    taker = str(winner.id)
                elif remapped(loser, key):
                    taker = str(loser.id)
                else:
                    continue  # two defaults: the app's design
                if name != app.__name__ and winner in app_level and loser in app_level:
                    continue  # the app's own clash, said once for every screen
                group = (key, taker, winner.id, winner.action, loser.id, loser.action)
                screens = found.setdefault(group, (Clash(key, taker, winner, loser, ()), []))[1]
                if name not in screens:
                    screens.append(name)
    return [
        Clash(clash.key, clash.taker, clash.winner, clash.loser, tuple(screens))
        for clash, screens in found.values()
    ]

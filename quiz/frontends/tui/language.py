"""The app's key bindings in the interface language.

Textual reads a binding's description when its class is defined, before the language is
known; the descriptions are English msgids (``Binding(key, action, "Skip")``, extracted by
``babel.cfg``'s keyword for ``Binding``), and so are the tooltips (marked ``N_``, shown in the
command palette); this swaps both for their translations on every class and every live node,
now and whenever the language changes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from quiz import i18n
from quiz.i18n import ENGLISH, N_, NP_, current_language, gettext, pgettext

TEXTUAL_WORDS = (
    # The command palette's key in the footer, and Textual's own palette entries.
    N_("palette"),
    N_("Open the command palette"),
    N_("Search for commands…"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
"""Textual's words that the app shows (pinned Textual: the same words every run); their
translations replace them where the app hands them on (``QuizApp.get_system_commands``)."""

TEXTUAL_KEYS = (
    # The Keys panel (the palette's "Keys") lists the focused widget's keys and the screen's, with
    # their descriptions: those of the Textual widgets the app shows, translated with the app's own.
    N_("Quit the app and return to the command prompt."),
    N_("Copy selected text"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Press button"),
    N_("Toggle"),
    N_("Next option"),
    N_("Previous option"),
    N_("Toggle option"),
    N_("Show menu"),
    N_("Dismiss menu"),
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Up"),
    N_("Down"),
    N_("First"),
    N_("Last"),
    N_("Select"),
    N_("Cursor up"),
    N_("Cursor down"),
    N_("Cursor left"),
    N_("Cursor right"),
    N_("Page up"),
    N_("Page down"),
    N_("Top"),
    N_("Bottom"),
    N_("Input"),
    N_("Move cursor left"),
    N_("Move cursor left and select"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Move cursor right and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Go to start"),
    N_("Select line start"),
    N_("Go to end"),
    N_("Select line end"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete right to start of word"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Select all"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
    N_("Submit"),
    N_("Exit the command palette"),
    N_("Next command"),
    N_("Previous command"),
    N_("Next page"),
    N_("Previous page"),
    N_("Go to top"),
    N_("Go to bottom"),
)
"""The descriptions (and group titles, "Input") of Textual's own keys in the widgets the app
shows: a test holds this list to the pinned Textual's bindings of those widgets."""

KEY_NAMES = frozenset({NP_("key", "Home"), NP_("key", "End")})
"""Descriptions that are the name of their own key (DataTable's Home and End): messages in the
context "key", since the app's own "End" ends an attempt and its "Home" is the home screen,
which languages word apart from the keys (ja 終える, "finish", is not 最終行へ, "to the last row").
A translation must differ from "Scroll Home"/"Scroll End"'s too: two bindings of one key and
action worded alike are one binding to ``_ENGLISH``, and come back to English as one."""


def _described(binding: Binding) -> str:
    text = binding.description
    if text in KEY_NAMES and binding.key == text.lower():
        return pgettext("key", text)
    return _in_language(text)


_GROUP_TITLES: dict[type[DOMNode], str] = {}
"""A class whose keys the Keys panel heads with a title (Input's "Input") -> the English title."""


def _translate_group_title(cls: type[DOMNode]) -> None:
    english = _GROUP_TITLES.setdefault(cls, cls.__dict__["BINDING_GROUP_TITLE"])
    cls.BINDING_GROUP_TITLE = _in_language(english)


_ENGLISH: dict[Binding, Binding] = {}
"""Every binding shown so far -> the English one it was made from. Keyed by the whole binding,
not by its words: two keys that one language names alike (Lithuanian "Atgal" for Back and
Prev) each find their own English, and so their own words in the next language."""


_NUMBERED: dict[str, tuple[str, int]] = {}
"""A numbered description as shown in English ("Option 3") -> its msgid and number."""


def numbered(message: str, n: int) -> str:
    """``message`` (a msgid with ``{n}``, marked ``N_`` where it is written) for ``n``, as a
    binding's description: the class is made before the language is known, so the number is
    put in here and the whole translated again with the other descriptions."""
    text = message.format(n=n)
    _NUMBERED[text] = (message, n)
    return text


def number_keys() -> list[Binding]:
    """Keys 1 to 8, each pressing that option (a screen's ``action_press``), kept out of the
    footer: the answer's hint and the help say them."""
    option, keys = N_("Option {n}"), []
    for n in range(1, 9):
        action = f"press({n - 1})"  # not inside Binding(...): the extractor reads its arguments
        keys.append(Binding(str(n), action, numbered(option, n), show=False))
    return keys


def _in_language(text: str) -> str:
    if not text:
        return text
    if text in _NUMBERED:
        message, n = _NUMBERED[text]
        return gettext(message).format(n=n)
    return gettext(text)


_shown: list[tuple[object, dict[Binding, Binding]]] = []
"""The catalog of the last walk, and each English binding -> that binding in its language.
Each class's bindings are its own copies, equal to its bases' (some 550 of 85 kinds at
start-up): each kind is translated once, which took the walks from 24 M instructions to 7 M
(Japanese start-up, ``benchmarks/startup.py --instructions``). Keyed by the catalog, not the
language's name, which the tests' pseudo-locale reuses."""


def _shown_in_language() -> dict[Binding, Binding]:
    catalog = i18n.translator(current_language())
    if not _shown or _shown[0][0] is not catalog:
        _shown[:] = [(catalog, {})]
    return _shown[0][1]


def _translated(binding: Binding, shown_in: dict[Binding, Binding]) -> Binding:
    english = _ENGLISH.get(binding, binding)
    shown = shown_in.get(english)
    if shown is None:
        description, tooltip = _described(english), _in_language(english.tooltip)
        shown = english
        if (description, tooltip) != (english.description, english.tooltip):
            shown = replace(english, description=description, tooltip=tooltip)
        shown_in[english] = shown
        _ENGLISH.setdefault(shown, english)
    return shown


def _translate_map(bindings: BindingsMap | None) -> None:
    if bindings is None:
        return
    shown_in = _shown_in_language()
    for key, listed in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [_translated(binding, shown_in) for binding in listed]


def _classes(root: type[DOMNode]) -> list[type[DOMNode]]:
    found, pending = [], [root]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


_merge_english = DOMNode._merge_bindings.__func__  # type: ignore[attr-defined]


def _merge_in_language(cls: type[DOMNode]) -> BindingsMap:
    """Textual merges a class's bindings when the class is defined: the screens are imported
    when first shown, after the language was chosen, so theirs are translated as they are made."""
    merged: BindingsMap = _merge_english(cls)
    if _ENGLISH or current_language() != ENGLISH:
        _translate_map(merged)
    return merged


DOMNode._merge_bindings = classmethod(_merge_in_language)  # type: ignore[method-assign,assignment]


def translate_own_bindings(node: DOMNode) -> None:
    """``node``'s bindings made at run time (the app's command palette key) in the language."""
    if current_language() == ENGLISH and not _ENGLISH:
        return  # English already (and the screens' walks below stay skipped in English)
    _translate_map(node._bindings)


_walked: list[tuple[str, int]] = []
"""The language and the number of classes of the last walk over every class's bindings."""


def _translate_classes() -> None:
    """Every class's bindings in the language; not again while the language and the classes
    are the same (a walk over Textual's and the app's ~300 classes took 8 ms in Lithuanian,
    on every screen shown)."""
    classes = _classes(DOMNode)
    state = (current_language(), len(classes))
    if _walked == [state]:
        return
    for cls in classes:
        _translate_map(cls.__dict__.get("_merged_bindings"))
        if cls.__dict__.get("BINDING_GROUP_TITLE"):
            _translate_group_title(cls)
    _walked[:] = [state]


def translate_screen(screen: DOMNode) -> None:
    """A screen about to show, in the language: its class may have been imported (lazily, for
    start-up time) after the language was set, so its bindings were never translated."""
    if current_language() == ENGLISH and not _ENGLISH:
        return
    _translate_classes()
    for node in screen.walk_children(with_self=True):
        _translate_map(node._bindings)


def translate_bindings(app: App[Any] | None = None) -> None:
    """Show every binding's description in the current language (classes, and ``app``'s nodes)."""
    if current_language() == ENGLISH and not _ENGLISH:
        return  # the descriptions are English already, and never were anything else
    _translate_classes()
    if app is None:
        return
    nodes: list[DOMNode] = [app]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=True))
    for node in nodes:
        _translate_map(node._bindings)
    app.refresh_bindings()

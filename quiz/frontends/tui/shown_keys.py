"""The keys a screen's own words name ("Practice [p]", "s skip"), as settings.toml's [keymap] has
them: a text that names a key the keymap moved would send the learner to a key that does nothing."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode


def shown_key(node: DOMNode, binding_id: str, written: str) -> str:
    """The key a screen's own text names for a binding (a mode's "[p]", a hint's "s skip").

    ``written`` is the key as the text has always shown it; when settings.toml's ``[keymap]``
    gives the binding other keys, the text names the first of them as the footer shows it, so
    that it never names a key that no longer does what it says.
    """
    keys = node.app._keymap.get(binding_id)  # the keymap as Textual applied it (pinned Textual)
    if not keys:
        return written
    return node.app.get_key_display(Binding(keys.split(",")[0].strip(), ""))


def with_key(node: DOMNode, words: str, binding_id: str, written: str) -> Content:
    """A button's words and its key, ``Export [x]``, the key as ``shown_key`` names it."""
    return Content(f"{words} [{shown_key(node, binding_id, written)}]")

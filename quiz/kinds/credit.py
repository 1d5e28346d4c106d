"""Partial credit for choosing several options, as Moodle's multiple-answer question gives it.

The right options share +100% and the wrong ones share -100%; the sum is never below 0, or
below -100% under negative marking. ``multiple`` and ``spot`` are credited this way.
"""

from __future__ import annotations

from collections.abc import Collection


def shared_credit(right: Collection[int], chosen: Collection[int], options: int, negative: bool) -> float:
    """The credit of ``chosen`` (option indices) when ``right`` are the right ones of ``options``."""
    if not chosen:
        return 0.0
    hits = sum(1 for i in chosen if i in right)
    wrong_options = options - len(right)
    raw = hits / len(right)
    if wrong_options:
        raw -= (len(chosen) - hits) / wrong_options
    return max(-1.0 if negative else 0.0, raw)

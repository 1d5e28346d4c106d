"""Kinds whose two options are the app's own words: ``true_false`` (True, False) and
``headline`` (Reliable, Manipulative).

The words are translated in the app's catalogs, not in a bank's translation file: a translated
bank sets them on its questions (``set_option_labels``), and everything that scores stays the
same, since the answer is option 0 or option 1 in every language.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import PrivateAttr

from quiz.kinds.base import QuestionBase
from quiz.kinds.choosing import Choosing
from quiz.kinds.kind import Form


class VerdictQuestion(QuestionBase):
    _labels: tuple[str, ...] | None = PrivateAttr(default=None)
    """The app's own option words in a translation's language (True/False, Reliable/Manipulative)."""

    def set_option_labels(self, labels: tuple[str, ...]) -> None:
        """Show the fixed options in another language (a translated bank's questions)."""
        self._labels = labels

    @property
    def first_is_right(self) -> bool:
        """Whether option 0 (True, Reliable) is the answer."""
        raise NotImplementedError


VQ = TypeVar("VQ", bound=VerdictQuestion)


class VerdictKind(Choosing[VQ]):
    form = Form.choose_one

    def options(self, question: VQ) -> tuple[str, ...]:
        return question._labels or self.fixed_options

    def right(self, question: VQ) -> frozenset[int]:
        return frozenset({0 if question.first_is_right else 1})

    def response_labels(self, question: VQ, response: tuple[int, ...]) -> str:
        # The word, which says more than a letter for two fixed options (in the bank's language).
        return ";".join(self.fixed_options[i] for i in sorted(response) if 0 <= i < 2)

"""What every question has, whatever its kind: the fields a kind's bank model extends.

These sit below ``quiz.bank`` because each kind module defines its own bank model on top of
them, and the bank's loader builds its union of question models from the kinds.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from quiz.i18n import N_, _

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"

# Strict numbers: TOML has real numbers, so a quoted "1" is a mistake worth reporting. Every
# number is finite and in a range the engine can compute with: TOML allows ``inf`` and ``nan``.
Points = Annotated[float, Field(gt=0, le=1000, strict=True, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1)]


def plain_line(markdown: str, limit: int = 70) -> str:
    """The first line of some Markdown as plain text, cut to ``limit``, for lists of questions."""
    from quiz.markdown import first_line

    return first_line(markdown, limit)


class Difficulty(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


DIFFICULTY_WORDS = {"easy": N_("easy"), "medium": N_("medium"), "hard": N_("hard")}
"""The name of each difficulty (bank data says ``easy``), in the options, the results and the
engine's refusals."""


class Technique(StrEnum):
    """The six manipulation techniques of the Bad News game (Roozenbeek & van der Linden)."""

    impersonation = "impersonation"
    emotion = "emotion"
    polarisation = "polarisation"
    conspiracy = "conspiracy"
    discrediting = "discrediting"
    trolling = "trolling"


TECHNIQUE_LABELS: dict[str | None, str] = {
    # TRANSLATORS: the Bad News game's six manipulation techniques (Roozenbeek & van der Linden),
    # as a spot question's feedback names them: "manipulative: impersonation".
    Technique.impersonation: N_("impersonation"),
    Technique.emotion: N_("emotion"),
    Technique.polarisation: N_("polarisation"),
    Technique.conspiracy: N_("conspiracy"),
    Technique.discrediting: N_("discrediting"),
    Technique.trolling: N_("trolling"),
}
"""Each technique as feedback names it, in the interface language (a bank writes the value)."""


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key in a bank must reach its author, not vanish."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Strict):
    title: Text
    url: Text

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        # A learner follows these links; anything but a web address is a mistake or a trap.
        if not url.lower().startswith(("http://", "https://")) or len(url) < 11:
            raise ValueError(_("expected an http:// or https:// address"))
        return url


class QuestionBase(Strict):
    type: str
    """The kind's name; each kind's model narrows it to its own, for the discriminated union."""
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    prompt: Text
    explanation: Text
    difficulty: Difficulty = Difficulty.medium
    topics: tuple[Text, ...] = ()
    technique: Technique | None = None
    sources: tuple[Source, ...] = ()
    points: Points = 1.0

    def short_prompt(self, limit: int = 70) -> str:
        """The prompt's first line without Markdown marks, for lists of questions."""
        return plain_line(self.prompt, limit)


def distinct(texts: list[str], message: str) -> None:
    """Raise when two of ``texts`` read the same: a learner could not tell them apart.
    ``message`` (translated) says so with ``{first}``, ``{second}`` and ``{text}``."""
    seen: dict[str, int] = {}
    for number, text in enumerate(texts, start=1):
        key = text.casefold()
        if key in seen:
            raise ValueError(message.format(first=seen[key], second=number, text=repr(text)))
        seen[key] = number

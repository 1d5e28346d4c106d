"""What the server tells the host screen, in the host's own language.

The server sends the host the session's questions as the bank writes them; the host screen
hosts in the same process, so it reads its session's paper (the same plan and option order
as every learner's) in the interface language, as learners get theirs: prompts, options
(the kinds' own words too, "Reliable" and "Manipulative"), explanations, the parts of a
reveal, the preview and the final table. Figures and positions stay the server's.
"""

from __future__ import annotations

from typing import TypeVar

from quiz.live import protocol as p
from quiz.live.questions import Paper

M = TypeVar("M")


def for_host(message: M, paper: Paper, language: str) -> M:
    """``message`` with the words of ``paper`` in ``language`` where the bank has them."""
    if paper.language(language) == paper.bank.info.language:
        return message
    if isinstance(message, p.QuestionMessage):
        shown = paper.message(message.position, language)
        words = {"prompt": shown.prompt, "options": shown.options, "prompts": shown.prompts}
        return message.model_copy(update=words)
    if isinstance(message, p.RevealMessage):
        update: dict[str, object] = {"explanation": paper.question(message.position, language).explanation}
        if message.parts:
            labels = paper.part_labels(message.position, language)
            update["parts"] = [
                part.model_copy(update={"label": label})
                for part, label in zip(message.parts, labels, strict=True)
            ]
        return message.model_copy(update=update)
    if isinstance(message, p.Preview) and message.position < len(paper):
        shown = paper.message(message.position, language)
        return message.model_copy(update={"prompt": shown.prompt, "options": shown.options})
    if isinstance(message, p.HostWelcome):
        title = paper.bank.in_language(language).info.title
        return message.model_copy(update={"bank_title": title})
    if isinstance(message, p.Ended) and message.items:
        items = [
            item.model_copy(update={"prompt": paper.question(item.position, language).prompt})
            for item in message.items
        ]
        return message.model_copy(update={"items": items})
    return message

"""Why a live session refused a learner, an answer or went away, in the learner's language.

The server sends a code with each refusal (``Error.code``, ``Refused.reason``) and an English
``message`` for clients that know no code; the client names why it stopped by itself
(``CloseReason``). The words are chosen here, on the learner's side, in the learner's
language; a code this version does not know shows the server's own message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.i18n import N_, _
from quiz.live import protocol as p

if TYPE_CHECKING:
    from quiz.live.client import Closed

_ERRORS = {
    p.ErrorCode.bad_code: N_("No session has this code here: check it against the instructor's screen."),
    p.ErrorCode.bad_token: N_("No one in this session has this name and rejoin code."),
    p.ErrorCode.bad_name: N_("Type a name (letters or digits) to join."),
    p.ErrorCode.kicked: N_("The host removed you from this session."),
    p.ErrorCode.ended: N_("This session has ended."),
    p.ErrorCode.full: N_("The session is full: ask the host to let more learners in."),
    p.ErrorCode.locked: N_("The host has locked the room: no new learners."),
    p.ErrorCode.too_slow: N_("The connection sent no join in time: try again."),
}

_REFUSED = {
    p.RefusalReason.late: N_("too late: the question has closed"),
    p.RefusalReason.duplicate: N_("you already answered this question"),
    p.RefusalReason.not_open: N_("that question is not open"),
    p.RefusalReason.paused: N_("the host paused the question"),
    p.RefusalReason.invalid: N_("the answer does not fit the question"),
}

_CLOSED = {
    "closed": N_("closed"),
    "ended": N_("the session has ended"),
    "dropped": N_("the connection dropped"),
    "gave_up": N_("gave up reconnecting"),
    "kicked": N_("kicked by the host"),
}
"""By ``CloseReason``'s member names (the client, and aiohttp with it, is imported only once a
session is joined)."""


def refusal(error: p.Error) -> str:
    """Why the server refused to let this learner in (or back in)."""
    message = _ERRORS.get(error.code)
    return _(message) if message else error.message


def refused_answer(refused: p.Refused) -> str:
    """Why the server did not take an answer."""
    message = _REFUSED.get(refused.reason)
    return _(message) if message else refused.message


def closed(event: Closed) -> str:
    """Why the connection ended for good."""
    from quiz.live.client import CloseReason

    if event.error is not None:
        return refusal(event.error)
    reason = next((member for member in CloseReason if member == event.reason), None)
    message = _CLOSED.get(reason.name) if reason else None
    return _(message) if message else event.reason

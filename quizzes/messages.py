"""The message shown for each error code of live quizzes, in the user's language.

The engine and the protocol name errors by stable codes (documented in
``docs/quizzes/protocol.md``); this is the one place that turns a code into words.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # Joining and rejoining.
    "no_such_game": _("There is no game with this PIN. Check the PIN on the screen."),
    "finished": _("This game has ended."),
    "locked": _("The host has closed this game to new players."),
    "nickname_taken": _(
        "Someone in this game already has this nickname. Choose another one."
    ),
    "nickname_length": _("A nickname has from %(min)d to %(max)d characters."),
    "nickname_characters": _(
        "Use letters, digits, spaces and the marks - _ . ' in a nickname."
    ),
    "nickname_offensive": _("Choose a kinder nickname."),
    "no_such_player": _(
        "This device's place in the game was not found. Join again with a nickname."
    ),
    "removed": _("The host removed you from this game."),
    "too_many_attempts": _(
        "Too many attempts from this network. Wait a minute and try again."
    ),
    # Answers.
    "not_open": _("This question is closed."),
    "paused": _("The game is paused. Answer when it resumes."),
    "too_late": _("Time is up: the answer came after the deadline."),
    "already_answered": _(
        "You have already answered this question. Your first answer counts."
    ),
    "invalid_answer": _("This answer does not fit the question."),
    "not_free_text": _("Only word-cloud and open answers wait for approval."),
    # Host controls.
    "not_allowed": _("That control does not apply at this point of the game."),
    "unknown_action": _("There is no such control."),
    "no_questions": _("The quiz has no questions yet."),
    "already_paused": _("The game is already paused."),
    "not_paused": _("The game is not paused."),
    "time_up": _("Time is already up for this question."),
    "bad_seconds": _("Add from 1 to %(maximum)d seconds at a time."),
    "too_much_time": _("A question cannot have more than %(maximum)d seconds left."),
    "bad_multiplier": _("Extended time is from 1 to 3 times the usual time."),
    "no_such_player_here": _("There is no such player in this game."),
    "no_such_answer": _("There is no such answer in this game."),
    # The WebSocket protocol.
    "bad_json": _("The message is not valid JSON."),
    "binary": _("Send messages as text (JSON), not binary."),
    "too_big": _("The message is too long."),
    "too_many_messages": _("Too many messages at once. Slow down."),
    "unknown_type": _("Unknown message type."),
    "invalid_message": _("The message is missing a field or has a wrong value."),
    "not_joined": _("Join the game first."),
    "already_joined": _("You are already in the game."),
    "not_found": _("There is no such game, or it is not yours to run."),
    "not_signed_in": _("Sign in to run a game."),
    "server_error": _("Something went wrong on the server. Try again."),
}


def text(code: str, **params) -> str:
    """Returns the message for ``code`` in the active language."""
    message = str(MESSAGES.get(code, MESSAGES["server_error"]))
    return message % params if params else message


def refusal(code: str, **params) -> ValidationError:
    """Returns a ValidationError with the message for ``code`` and that code."""
    return ValidationError(text(code, **params), code=code)

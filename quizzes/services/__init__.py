"""Writes to quizzes (content) and live sessions (live: the session and the host's
controls; players; answers), each checking who asks."""

from quizzes.services.answers import (
    ANSWER_COUNT_INTERVAL,
    answer_approve,
    answer_count_publish,
    answer_followup,
    answer_for_host,
    answer_submit,
)
from quizzes.services.content import (
    SliderInput,
    question_add,
    question_delete,
    quiz_create,
    quiz_delete,
)
from quizzes.services.live import (
    AlreadyMoved,
    live_session_advance,
    live_session_close_if_due,
    live_session_start,
    live_sessions_expire,
    lobby_lock,
)
from quizzes.services.players import (
    Joined,
    join_allowed,
    join_failed,
    player_connected,
    player_disconnected,
    player_extend_time,
    player_join,
    player_rejoin,
    player_remove,
    session_for_pin,
)

__all__ = [
    "ANSWER_COUNT_INTERVAL",
    "AlreadyMoved",
    "Joined",
    "SliderInput",
    "answer_approve",
    "answer_count_publish",
    "answer_followup",
    "answer_for_host",
    "answer_submit",
    "join_allowed",
    "join_failed",
    "live_session_advance",
    "live_session_close_if_due",
    "live_session_start",
    "live_sessions_expire",
    "lobby_lock",
    "player_connected",
    "player_disconnected",
    "player_extend_time",
    "player_join",
    "player_rejoin",
    "player_remove",
    "question_add",
    "question_delete",
    "quiz_create",
    "quiz_delete",
    "session_for_pin",
]

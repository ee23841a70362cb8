"""Server time for an open question: personal deadlines, response times, and when
the question closes.

A player with extended time (multiplier ``m``) gets ``m`` times the question's time
limit, so their deadline comes ``(m - 1) * time_limit`` after everyone else's. A
question closes when every connected player has answered, or when the deadline
passes; connected players with extended time who have not answered yet hold it
open until their own deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from quizzes.engine.phases import Phase, SessionState


def extra_time(time_limit: int, multiplier: float) -> timedelta:
    """Returns how much later than everyone else's a player's deadline comes."""
    return timedelta(seconds=time_limit * (max(multiplier, 1.0) - 1.0))


def personal_deadline(
    state: SessionState, *, time_limit: int, multiplier: float = 1.0
) -> datetime:
    """Returns the moment after which the player's answer is refused."""
    return state.deadline + extra_time(time_limit, multiplier)


def time_allowed_ms(time_limit: int, multiplier: float = 1.0) -> int:
    """Returns the player's time for the question, in milliseconds, for scoring."""
    return round(time_limit * max(multiplier, 1.0) * 1000)


def response_ms(state: SessionState, now: datetime) -> int:
    """Returns the milliseconds since the question opened, pauses left out."""
    return max(0, round((now - state.opened_at) / timedelta(milliseconds=1)))


def close_at(
    state: SessionState, *, time_limit: int, waiting: Iterable[float] = ()
) -> datetime:
    """Returns when the open question closes if not everyone answers first:
    the deadline, or later for connected players with extended time who have not
    answered (``waiting`` holds their multipliers)."""
    latest = max(waiting, default=1.0)
    return personal_deadline(state, time_limit=time_limit, multiplier=latest)


def is_due(
    state: SessionState,
    now: datetime,
    *,
    time_limit: int,
    connected: int,
    waiting: Iterable[float] = (),
) -> bool:
    """Returns whether the open question should close now.

    ``connected`` counts the connected players, ``waiting`` holds the time
    multipliers of those among them who have not answered. With nobody connected
    the question runs to its deadline, so a room whose phones all dropped at once
    does not skip it.
    """
    if state.phase != Phase.QUESTION or state.paused:
        return False
    waiting = list(waiting)
    if connected > 0 and not waiting:
        return True
    return now >= close_at(state, time_limit=time_limit, waiting=waiting)

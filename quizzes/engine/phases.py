"""The phases of a live session and the host's controls.

::

    lobby --start--> question --next/deadline/all answered--> closed
                     ^    |                                     |
                     |    +--skip (question voided)--+        next
                     |                               v          v
                     +-----------next---------- leaderboard <---+
                                                     |
                           (after the last question) next --> final

``end`` goes to ``final`` from any phase (an open question is scored first).
``pause`` and ``resume`` freeze and restart an open question's clock, keeping the
time that was left; ``add_time`` moves its deadline. ``skip`` on an open question
voids it (nobody scores, streaks stay) and opens the next one; on a closed question
or the leaderboard it opens the next question at once.

States are immutable; :func:`transition` returns the next one, or raises
:class:`TransitionError` with a code saying why the control does not apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from quizzes.engine.errors import TransitionError


class Phase(StrEnum):
    LOBBY = "lobby"
    QUESTION = "question"
    CLOSED = "closed"
    LEADERBOARD = "leaderboard"
    FINAL = "final"


class Action(StrEnum):
    START = "start"
    NEXT = "next"
    SKIP = "skip"
    PAUSE = "pause"
    RESUME = "resume"
    ADD_TIME = "add_time"
    END = "end"
    # Not a host control: the deadline passed or every connected player answered.
    CLOSE = "close"


HOST_ACTIONS = frozenset(Action) - {Action.CLOSE}
MAX_ADD_SECONDS = 60
# However much time is added, an open question never has more than this left.
MAX_REMAINING = timedelta(seconds=300)


@dataclass(frozen=True)
class SessionState:
    phase: Phase = Phase.LOBBY
    question_index: int | None = None
    opened_at: datetime | None = None
    deadline: datetime | None = None
    paused_remaining: timedelta | None = None

    @property
    def paused(self) -> bool:
        return self.paused_remaining is not None

    @property
    def is_open(self) -> bool:
        """Whether answers to the current question are being taken."""
        return self.phase == Phase.QUESTION and not self.paused

    def remaining(self, now: datetime) -> timedelta | None:
        """Returns the time left on the open question (frozen while paused)."""
        if self.phase != Phase.QUESTION:
            return None
        if self.paused:
            return self.paused_remaining
        return max(self.deadline - now, timedelta(0))


@dataclass(frozen=True)
class Transition:
    """The new state; ``closed`` is the index of the question this transition
    closed, and ``scored`` whether its answers count (False when skipped)."""

    state: SessionState
    closed: int | None = None
    scored: bool = False


def _open(index: int, now: datetime, time_limits: Sequence[int]) -> SessionState:
    return SessionState(
        phase=Phase.QUESTION,
        question_index=index,
        opened_at=now,
        deadline=now + timedelta(seconds=time_limits[index]),
    )


def _open_next(
    state: SessionState, now: datetime, time_limits: Sequence[int]
) -> SessionState:
    index = state.question_index + 1
    if index >= len(time_limits):
        return replace(_cleared(state), phase=Phase.FINAL)
    return _open(index, now, time_limits)


def _cleared(state: SessionState) -> SessionState:
    return replace(state, opened_at=None, deadline=None, paused_remaining=None)


def _closed(state: SessionState) -> Transition:
    closed = replace(_cleared(state), phase=Phase.CLOSED)
    return Transition(closed, closed=state.question_index, scored=True)


def _start(state, now, time_limits, seconds):
    if not time_limits:
        raise TransitionError("no_questions")
    return Transition(_open(0, now, time_limits))


def _next(state, now, time_limits, seconds):
    if state.phase == Phase.QUESTION:
        return _closed(state)
    if state.phase == Phase.CLOSED:
        return Transition(replace(state, phase=Phase.LEADERBOARD))
    return Transition(_open_next(state, now, time_limits))


def _skip(state, now, time_limits, seconds):
    following = _open_next(state, now, time_limits)
    if state.phase == Phase.QUESTION:
        return Transition(following, closed=state.question_index, scored=False)
    return Transition(following)


def _pause(state, now, time_limits, seconds):
    if state.paused:
        raise TransitionError("already_paused")
    remaining = state.deadline - now
    if remaining <= timedelta(0):
        raise TransitionError("time_up")
    return Transition(replace(state, paused_remaining=remaining))


def _resume(state, now, time_limits, seconds):
    if not state.paused:
        raise TransitionError("not_paused")
    # The clock restarts where it stopped: the opening moves with the deadline, so
    # response times leave the pause out.
    shift = now + state.paused_remaining - state.deadline
    return Transition(
        replace(
            state,
            opened_at=state.opened_at + shift,
            deadline=state.deadline + shift,
            paused_remaining=None,
        )
    )


def _add_time(state, now, time_limits, seconds):
    valid = isinstance(seconds, int) and not isinstance(seconds, bool)
    if not valid or not 1 <= seconds <= MAX_ADD_SECONDS:
        raise TransitionError("bad_seconds", maximum=MAX_ADD_SECONDS)
    extra = timedelta(seconds=seconds)
    remaining = state.remaining(now)
    if remaining <= timedelta(0):
        raise TransitionError("time_up")
    if remaining + extra > MAX_REMAINING:
        raise TransitionError("too_much_time", maximum=MAX_REMAINING.seconds)
    paused = state.paused_remaining + extra if state.paused else None
    return Transition(
        replace(state, deadline=state.deadline + extra, paused_remaining=paused)
    )


def _end(state, now, time_limits, seconds):
    final = replace(_cleared(state), phase=Phase.FINAL)
    if state.phase == Phase.QUESTION:
        return Transition(final, closed=state.question_index, scored=True)
    return Transition(final)


def _close(state, now, time_limits, seconds):
    return _closed(state)


# Which controls each phase allows, and what they do.
_ALLOWED = {
    Phase.LOBBY: {Action.START: _start, Action.END: _end},
    Phase.QUESTION: {
        Action.NEXT: _next,
        Action.SKIP: _skip,
        Action.PAUSE: _pause,
        Action.RESUME: _resume,
        Action.ADD_TIME: _add_time,
        Action.END: _end,
        Action.CLOSE: _close,
    },
    Phase.CLOSED: {Action.NEXT: _next, Action.SKIP: _skip, Action.END: _end},
    Phase.LEADERBOARD: {Action.NEXT: _next, Action.SKIP: _skip, Action.END: _end},
    Phase.FINAL: {},
}


_ACTION_VALUES = frozenset(a.value for a in Action)


def allowed_actions(state: SessionState) -> frozenset[Action]:
    """Returns the controls that apply in ``state`` (for the host's buttons)."""
    actions = set(_ALLOWED[state.phase])
    if state.phase == Phase.QUESTION:
        actions.discard(Action.RESUME if not state.paused else Action.PAUSE)
    return frozenset(actions & HOST_ACTIONS)


def transition(
    state: SessionState,
    action: Action,
    *,
    now: datetime,
    time_limits: Sequence[int],
    seconds: int | None = None,
) -> Transition:
    """Applies ``action`` at ``now``; ``time_limits`` are the questions' limits in
    seconds, in order; ``seconds`` is the time to add for ``add_time``."""
    if state.phase == Phase.FINAL:
        raise TransitionError("finished")
    if action not in _ACTION_VALUES:
        raise TransitionError("unknown_action", action=str(action))
    handler = _ALLOWED[state.phase].get(Action(action))
    if handler is None:
        raise TransitionError("not_allowed", action=str(action), phase=str(state.phase))
    return handler(state, now, time_limits, seconds)

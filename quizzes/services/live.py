"""Live sessions: starting, the host's controls, and closing questions on time.

The session row is the truth. Host controls lock it (``select_for_update``) and
apply the engine's transition; a close waits until every answer already being
stored is committed (see :mod:`quizzes.services.answers`) and scores it. Events go
out after commit (:mod:`quizzes.events`). Refusals are
:class:`~django.core.exceptions.ValidationError` whose ``code`` is one of those in
:mod:`quizzes.messages`; objects outside the user's reach are
:class:`~django.http.Http404`.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from quizzes import events, payloads, selectors
from quizzes.engine import Action, Phase, TransitionError, transition
from quizzes.engine.scoring import Scored, settle
from quizzes.engine.timing import close_at, is_due
from quizzes.messages import refusal
from quizzes.models import Answer, LiveSession, Player, Question, Quiz
from quizzes.models.live import PIN_LENGTH
from school_councils import selectors as school_selectors
from school_councils.models import Classroom

# A session nobody ended gives its PIN back after this long.
SESSION_MAX_AGE = timedelta(hours=12)
PIN_ATTEMPTS = 20


# Starting ------------------------------------------------------------------------


def live_sessions_expire(*, now: datetime | None = None) -> int:
    """Ends sessions left running longer than ``SESSION_MAX_AGE``; returns how many."""
    now = now or timezone.now()
    return LiveSession.objects.filter(
        ended_at__isnull=True, created_at__lt=now - SESSION_MAX_AGE
    ).update(ended_at=now, phase=Phase.FINAL)


def _new_pin() -> str:
    low = 10 ** (PIN_LENGTH - 1)
    return str(low + secrets.randbelow(9 * low))


def live_session_start(
    *,
    by,
    quiz: Quiz,
    classroom: Classroom | None = None,
    speed_points: bool = True,
    streaks: bool = True,
) -> LiveSession:
    """Opens a lobby for ``quiz`` with a fresh PIN, hosted by ``by``."""
    if not selectors.quizzes_for_user(by).filter(pk=quiz.pk).exists():
        raise Http404
    if classroom is not None and (
        classroom.school_id != quiz.school_id
        or not school_selectors.classrooms_for_user(by).filter(pk=classroom.pk).exists()
    ):
        raise Http404
    question_ids = list(quiz.questions.values_list("pk", flat=True))
    if not question_ids:
        raise refusal("no_questions")
    live_sessions_expire()
    for _attempt in range(PIN_ATTEMPTS):
        try:
            with transaction.atomic():
                return LiveSession.objects.create(
                    quiz=quiz,
                    host=by,
                    classroom=classroom,
                    pin=_new_pin(),
                    question_ids=question_ids,
                    speed_points=speed_points,
                    streaks=streaks,
                )
        except IntegrityError:
            continue  # The PIN is in use by another running game.
    raise refusal("server_error")


# Closing at the deadline ---------------------------------------------------------


def _waiting(session: LiveSession) -> tuple[int, list[float]]:
    """Returns how many players are connected, and the time multipliers of those
    who have not answered the open question."""
    answered = Answer.objects.filter(
        player=OuterRef("pk"), question_index=session.question_index
    )
    connected = list(
        session.players.filter(removed=False, connections__gt=0)
        .annotate(answered=Exists(answered))
        .values_list("time_multiplier", "answered")
    )
    waiting = [float(m) for m, done in connected if not done]
    return len(connected), waiting


def _due(session: LiveSession, now: datetime) -> tuple[bool, datetime]:
    time_limit = Question.objects.values_list("time_limit", flat=True).get(
        pk=session.current_question_id()
    )
    connected, waiting = _waiting(session)
    state = session.state
    due = is_due(
        state, now, time_limit=time_limit, connected=connected, waiting=waiting
    )
    return due, close_at(state, time_limit=time_limit, waiting=waiting)


def live_session_close_if_due(
    *, session_id: int, now: datetime | None = None
) -> datetime | None:
    """Closes the open question if every connected player answered or its time is
    up. Returns when to look again if it is still open, else None.

    Any process may call this at any time: the close happens once, under the row
    lock, after rechecking.
    """
    session = LiveSession.objects.filter(pk=session_id).first()
    if session is None or session.phase != Phase.QUESTION or session.state.paused:
        return None
    due, when = _due(session, now or timezone.now())
    if not due:
        return when
    with transaction.atomic():
        locked = LiveSession.objects.select_for_update().get(pk=session_id)
        same = (locked.phase, locked.question_index) == (
            session.phase,
            session.question_index,
        )
        if not same or locked.state.paused:
            return None
        now = now or timezone.now()
        due, when = _due(locked, now)
        if not due:
            return when
        _apply(locked, Action.CLOSE, now=now)
    return None


# Host controls -------------------------------------------------------------------


def locked_for_host(by, session: LiveSession) -> LiveSession:
    locked = (
        LiveSession.objects.select_for_update()
        .select_related("quiz__school")
        .get(pk=session.pk)
    )
    if not selectors.may_host(by, locked):
        raise Http404
    return locked


class AlreadyMoved(Exception):
    """A control meant for a phase or question the game has already left: another
    of the host's devices (or a second tap) moved it on first. Nothing changed."""


def live_session_advance(
    *,
    session: LiveSession,
    by,
    action: str,
    seconds: int | None = None,
    now: datetime | None = None,
    expected_phase: str | None = None,
    expected_question: int | None = None,
) -> LiveSession:
    """Applies a host control (start, next, skip, pause, resume, add_time, end) and
    returns the session as it now is. Refusals carry the engine's code
    (``not_allowed``, ``finished``, ``time_up``...).

    ``expected_phase`` and ``expected_question`` say what the host's screen showed
    when the control was given; if the game is no longer there (two devices, or
    two taps, sending ``next`` at once), :class:`AlreadyMoved` is raised and
    nothing changes, so the second ``next`` does not skip a leaderboard."""
    if action == Action.CLOSE or action not in {a.value for a in Action}:
        raise refusal("unknown_action")
    with transaction.atomic():
        locked = locked_for_host(by, session)
        if (expected_phase is not None and locked.phase != expected_phase) or (
            expected_question is not None and locked.question_index != expected_question
        ):
            raise AlreadyMoved
        _apply(locked, Action(action), now=now or timezone.now(), seconds=seconds)
    return locked


def _time_limits(session: LiveSession) -> list[int]:
    limits = dict(
        Question.objects.filter(pk__in=session.question_ids).values_list(
            "pk", "time_limit"
        )
    )
    return [limits[pk] for pk in session.question_ids]


def _apply(
    session: LiveSession, action: Action, *, now: datetime, seconds=None
) -> None:
    """Runs the engine's transition on the locked row, settles a closed question
    and announces what changed."""
    try:
        done = transition(
            session.state,
            action,
            now=now,
            time_limits=_time_limits(session),
            seconds=seconds,
        )
    except TransitionError as error:
        raise refusal(error.code, **error.params) from None
    fields = session.apply_state(done.state)
    if done.state.phase == Phase.FINAL:
        session.ended_at = now
        fields.append("ended_at")
    session.save(update_fields=fields)
    if done.closed is not None and done.scored:
        _settle(session, done.closed)
        events.publish(
            session.pk, "question_closed", payloads.closed_payload(session, done.closed)
        )
    elif done.closed is not None:
        events.publish(session.pk, "question_skipped", {"question_index": done.closed})
    _announce(session, action, now)


def _settle(session: LiveSession, index: int) -> None:
    """Adds the closed question's points and streak bonuses to the scores."""
    question = payloads.load_question(session, index)
    players = list(session.players.filter(removed=False))
    answers = {
        a.player_id: a
        for a in Answer.objects.filter(
            question=question, player__session=session, player__removed=False
        )
    }
    results = settle(
        question.spec(),
        {p.pk: p.streak for p in players},
        {pid: Scored(a.correct, a.points) for pid, a in answers.items()},
        session.scoring,
    )
    for player in players:
        player.score += results[player.pk].total
        player.streak = results[player.pk].streak
    Player.objects.bulk_update(players, ["score", "streak"])
    for player_id, answer in answers.items():
        answer.bonus = results[player_id].bonus
        answer.scored = True
    Answer.objects.bulk_update(answers.values(), ["bonus", "scored"])


def _announce(session: LiveSession, action: Action, now: datetime) -> None:
    phase = session.phase
    if phase == Phase.QUESTION:
        question = payloads.load_question(session, session.question_index)
        timing = payloads.timing_payload(session, question.time_limit, now)
        kind = {
            Action.PAUSE: "paused",
            Action.RESUME: "resumed",
            Action.ADD_TIME: "time_added",
        }.get(action, "question_opened")
        data = {"question_index": session.question_index, "timing": timing}
        if kind == "question_opened":
            data["question"] = payloads.question_payload(
                session, question, session.question_index
            )
        events.publish(session.pk, kind, data)
    elif phase == Phase.LEADERBOARD:
        events.publish(session.pk, "leaderboard", payloads.leaderboard_payload(session))
    elif phase == Phase.FINAL:
        events.publish(session.pk, "final", payloads.final_payload(session))


def lobby_lock(*, by, session: LiveSession, locked: bool = True) -> LiveSession:
    """Closes the game to new players (or opens it again)."""
    with transaction.atomic():
        row = locked_for_host(by, session)
        if row.ended_at is not None:
            raise refusal("finished")
        if row.locked != locked:
            row.locked = locked
            row.save(update_fields=["locked"])
            events.publish(row.pk, "lock", {"locked": locked})
    return row

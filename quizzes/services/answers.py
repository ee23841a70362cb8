"""Answers: stored once, on the server's clock, and never lost to a close.

An answer holds the session row only against a concurrent close (``FOR KEY SHARE``
on PostgreSQL), so players never wait for one another, while a close waits until
every answer already being stored is committed, and scores it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from quizzes import events, payloads, selectors
from quizzes.engine import AnswerRefused, Phase, evaluate
from quizzes.engine.questions import APPROVED_KINDS
from quizzes.messages import refusal
from quizzes.models import Answer, LiveSession, Player
from quizzes.services.live import live_session_close_if_due

# Whole seconds (the cache keeps no finer expiry) between two counts of answers.
ANSWER_COUNT_INTERVAL = max(1, int(getattr(settings, "QUIZ_ANSWER_COUNT_INTERVAL", 1)))


def _hold_against_close(session_id: int) -> LiveSession:
    """Reads the session row and keeps it from being closed (or otherwise
    controlled) until this transaction ends, without making answers wait for one
    another: ``FOR KEY SHARE`` conflicts only with the controls' ``FOR UPDATE``."""
    if transaction.get_connection().vendor != "postgresql":
        return LiveSession.objects.get(pk=session_id)
    table = LiveSession._meta.db_table
    rows = LiveSession.objects.raw(
        f'SELECT * FROM "{table}" WHERE "id" = %s FOR KEY SHARE',
        [session_id],
    )
    return rows[0]


def answer_submit(
    *,
    player: Player,
    question_index: int,
    answer: object,
    now: datetime | None = None,
) -> Answer:
    """Stores the player's answer to the open question and returns it once
    committed.

    The server measures the response time from ``now`` (when the answer arrived).
    Refused: ``removed``, ``finished``, ``not_open`` (closed or another question),
    ``paused``, ``too_late``, ``invalid_answer``, and ``already_answered``: the
    first answer wins, a second is not counted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _hold_against_close(player.session_id)
        fresh = Player.objects.get(pk=player.pk)
        if fresh.removed:
            raise refusal("removed")
        if session.ended_at is not None:
            raise refusal("finished")
        if not isinstance(question_index, int) or not (
            0 <= question_index < session.question_count
        ):
            raise refusal("not_open")
        question = payloads.load_question(session, question_index)
        try:
            evaluated = evaluate(
                session.state,
                question.spec(),
                answer,
                question_index=question_index,
                now=now,
                multiplier=fresh.multiplier,
                settings=session.scoring,
            )
        except AnswerRefused as error:
            raise refusal(error.code, **error.params) from None
        try:
            with transaction.atomic():
                return Answer.objects.create(
                    player=fresh,
                    question=question,
                    question_index=question_index,
                    payload=evaluated.answer,
                    correct=evaluated.correct,
                    points=evaluated.points,
                    response_ms=evaluated.response_ms,
                )
        except IntegrityError:
            raise refusal("already_answered") from None


def answer_followup(*, answer: Answer) -> bool:
    """After an answer is acknowledged: shows a free-text answer to the hosts for
    approval, and closes the question if that was the last answer awaited.

    Returns whether the caller should publish the count of answers
    (:func:`answer_count_publish`) ``ANSWER_COUNT_INTERVAL`` seconds from now:
    the room learns the count at most once per interval, not once per answer,
    which with a thousand players would be a million messages a question.
    """
    session_id = answer.player.session_id
    if answer.question.kind in APPROVED_KINDS:
        with transaction.atomic():
            events.notify_hosts(
                session_id, "answer_pending", payloads.pending_payload(answer)
            )
    index = answer.question_index
    if (
        not _someone_still_answering(session_id, index)
        and live_session_close_if_due(session_id=session_id) is None
    ):
        return False  # Closed (by this answer or before): no count to give.
    return answer_count_claim(session_id=session_id, question_index=index)


def _someone_still_answering(session_id: int, question_index: int) -> bool:
    """Whether the open question certainly stays open: before the deadline, a
    connected player has not answered yet. One indexed ``EXISTS`` instead of the
    full check of :func:`live_session_close_if_due`, which the last answer (or
    the deadline) still makes."""
    session = (
        LiveSession.objects.filter(pk=session_id)
        .only("phase", "question_index", "deadline", "question_ids")
        .first()
    )
    if session is None or session.phase != Phase.QUESTION:
        return False
    if session.question_index != question_index or session.deadline is None:
        return False
    if timezone.now() >= session.deadline:
        return False
    answered = Answer.objects.filter(
        player=OuterRef("pk"), question_id=session.question_ids[question_index]
    )
    return (
        Player.objects.filter(session_id=session_id, removed=False, connections__gt=0)
        .filter(~Exists(answered))
        .exists()
    )


def _count_key(session_id: int, question_index: int) -> str:
    return f"quiz-answer-count:{session_id}:{question_index}"


def answer_count_claim(*, session_id: int, question_index: int) -> bool:
    """Returns True for the first caller in each ``ANSWER_COUNT_INTERVAL`` (across
    processes, through the cache), who then publishes the count at the end of
    the interval, so that it includes every answer acknowledged within it."""
    return cache.add(
        _count_key(session_id, question_index), True, timeout=ANSWER_COUNT_INTERVAL
    )


def answer_count_publish(*, session_id: int, question_index: int) -> dict | None:
    """Tells everyone how many players have answered the open question; nothing
    once it closed (``question_closed`` carries the final count). Returns the
    event, if sent."""
    with transaction.atomic():
        session = _hold_against_close(session_id)
        if (session.phase, session.question_index) != (Phase.QUESTION, question_index):
            return None
        answered = Answer.objects.filter(
            player__session_id=session_id,
            question_index=question_index,
            player__removed=False,
        ).count()
        return events.publish(
            session_id,
            "answer_count",
            {
                "question_index": question_index,
                "answered": answered,
                "players": session.players.filter(removed=False).count(),
            },
        )


def answer_approve(*, by, answer: Answer) -> Answer:
    """Shows a word-cloud or open answer to the room (once, however often asked)."""
    session = answer.player.session
    if not selectors.may_host(by, session):
        raise Http404
    if answer.question.kind not in APPROVED_KINDS:
        raise refusal("not_free_text")
    with transaction.atomic():
        if Answer.objects.filter(pk=answer.pk, approved=False).update(approved=True):
            answer.approved = True
            events.publish(
                session.pk, "answer_approved", payloads.approved_answer_payload(answer)
            )
    return answer


def answer_for_host(*, by, session: LiveSession, answer_id: int) -> Answer:
    """Returns an answer of this session, for a host's approval."""
    if not selectors.may_host(by, session):
        raise Http404
    answer = (
        Answer.objects.select_related("player__session", "question")
        .filter(pk=answer_id, player__session=session)
        .first()
    )
    if answer is None:
        raise refusal("no_such_answer")
    return answer

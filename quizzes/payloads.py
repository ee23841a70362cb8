"""What clients are told: questions, timing, results, standings and the full state,
as JSON-ready dicts read from the database.

A question is sent without anything that gives its answer away (no accepted
answers, no right choices, no right slider value; put-in-order items shuffled);
the right answer comes with ``question_closed``.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from quizzes.engine import Kind, Phase, allowed_actions
from quizzes.engine.checking import correct_answer, distribution, json_number
from quizzes.engine.questions import APPROVED_KINDS
from quizzes.engine.scoring import Standing, rank
from quizzes.engine.timing import extra_time
from quizzes.models import Answer, LiveSession, Player, Question

LEADERBOARD_SIZE = 10
PODIUM_SIZE = 3
# Kinds whose choices are the answer itself, so they are never sent to players.
HIDDEN_CHOICES = {Kind.TYPE_ANSWER, Kind.WORD_CLOUD, Kind.OPEN, Kind.SLIDER}


def iso(moment: datetime | None) -> str | None:
    """Returns a UTC timestamp like ``2026-03-02T09:00:00.000Z``."""
    if moment is None:
        return None
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def ms(duration: timedelta | None) -> int | None:
    return None if duration is None else max(0, duration // timedelta(milliseconds=1))


def load_question(session: LiveSession, index: int) -> Question:
    return Question.objects.prefetch_related("choices").get(
        pk=session.question_ids[index]
    )


def _choices(session: LiveSession, question: Question) -> list[dict]:
    if question.kind in HIDDEN_CHOICES:
        return []
    choices = [{"id": c.pk, "text": c.text} for c in question.choices.all()]
    if question.kind == Kind.ORDER:
        # The same shuffle for everyone and on every reconnect.
        random.Random(f"{session.pk}:{question.pk}").shuffle(choices)
    return choices


def _slider(question: Question) -> dict | None:
    if question.kind != Kind.SLIDER:
        return None
    return {
        "min": json_number(question.slider_min),
        "max": json_number(question.slider_max),
        "step": json_number(question.slider_step),
    }


def question_payload(session: LiveSession, question: Question, index: int) -> dict:
    return {
        "index": index,
        "count": session.question_count,
        "kind": question.kind,
        "text": question.text,
        "image": question.image.url if question.image else None,
        "image_alt": question.image_alt,
        "time_limit": question.time_limit,
        "points": question.points,
        "choices": _choices(session, question),
        "slider": _slider(question),
    }


def timing_payload(session: LiveSession, time_limit: int, now: datetime) -> dict:
    """The open question's clock: the deadline (None while paused) and the time
    left, as the server sees it at ``now``."""
    state = session.state
    return {
        "time_limit": time_limit,
        "opened_at": iso(session.question_opened_at),
        "deadline": None if state.paused else iso(session.deadline),
        "remaining_ms": ms(state.remaining(now)),
        "paused": state.paused,
        "server_time": iso(now),
    }


def personal_timing(timing: dict, multiplier: float) -> dict:
    """Returns the timing as a player with extended time sees it: their own
    deadline and time left."""
    if multiplier <= 1:
        return timing
    extra = extra_time(timing["time_limit"], multiplier)
    personal = dict(timing)
    if timing.get("deadline"):
        personal["deadline"] = iso(datetime.fromisoformat(timing["deadline"]) + extra)
    if timing.get("remaining_ms") is not None:
        personal["remaining_ms"] = timing["remaining_ms"] + ms(extra)
    return personal


def personalise(event: dict, *, player_id: int, multiplier: float) -> dict:
    """Returns an event as one player receives it: their own line of ``results``
    as ``you`` (the others' are not theirs to see) and their own deadline."""
    if "results" not in event and "timing" not in event:
        return event
    event = dict(event)
    results = event.pop("results", None)
    if results is not None:
        event["you"] = results.get(str(player_id))
    if event.get("timing"):
        event["timing"] = personal_timing(event["timing"], multiplier)
    return event


# Standings and results -----------------------------------------------------------


def standings(session: LiveSession) -> list[Standing]:
    players = session.players.filter(removed=False).values_list(
        "pk", "nickname", "score"
    )
    return rank(players)


def _entry(standing: Standing) -> dict:
    return {
        "player": standing.player,
        "nickname": standing.nickname,
        "score": standing.score,
        "rank": standing.rank,
    }


def leaderboard_payload(session: LiveSession) -> dict:
    ranked = standings(session)
    return {
        "question_index": session.question_index,
        "standings": [_entry(s) for s in ranked[:LEADERBOARD_SIZE]],
        "results": {str(s.player): {"score": s.score, "rank": s.rank} for s in ranked},
    }


def final_payload(session: LiveSession) -> dict:
    board = leaderboard_payload(session)
    podium = [s for s in board["standings"] if s["rank"] <= PODIUM_SIZE]
    return {**board, "podium": podium}


def _shown_answers(question: Question, answers: list[Answer]) -> list[dict]:
    if question.kind in APPROVED_KINDS:
        return [{**a.payload, "id": a.pk} for a in answers if a.approved]
    return [a.payload for a in answers]


def closed_payload(session: LiveSession, index: int) -> dict:
    """The right answer, how the room answered, and each player's result."""
    question = load_question(session, index)
    answers = list(
        Answer.objects.filter(
            question=question, player__session=session, player__removed=False
        )
    )
    by_player = {a.player_id: a for a in answers}
    players = {p.pk: p for p in session.players.filter(removed=False)}
    results = {}
    for standing in standings(session):
        player, answer = players[standing.player], by_player.get(standing.player)
        results[str(player.pk)] = {
            "answered": answer is not None,
            "correct": answer.correct if answer else None,
            "points": answer.points if answer and answer.scored else 0,
            "bonus": answer.bonus if answer else 0,
            "score": player.score,
            "streak": player.streak,
            "rank": standing.rank,
        }
    return {
        "question_index": index,
        "correct": correct_answer(question.spec()),
        "distribution": distribution(
            question.spec(), _shown_answers(question, answers)
        ),
        "answered": len(answers),
        "results": results,
    }


def approved_answer_payload(answer: Answer) -> dict:
    return {
        "question_index": answer.question_index,
        "answer": {"id": answer.pk, "text": answer.payload.get("text", "")},
    }


def pending_answers(session: LiveSession) -> list[dict]:
    """Free-text answers to the current question the host has not approved yet."""
    if session.question_index is None or session.phase == Phase.FINAL:
        return []
    answers = Answer.objects.filter(
        player__session=session,
        question_index=session.question_index,
        approved=False,
        question__kind__in=list(APPROVED_KINDS),
        player__removed=False,
    ).select_related("player")
    return [pending_payload(a) for a in answers]


def pending_payload(answer: Answer) -> dict:
    return {
        "id": answer.pk,
        "player": answer.player_id,
        "nickname": answer.player.nickname,
        "question_index": answer.question_index,
        "text": answer.payload.get("text", ""),
    }


# The full state ------------------------------------------------------------------


def player_payload(player: Player) -> dict:
    return {
        "id": player.pk,
        "nickname": player.nickname,
        "score": player.score,
        "connected": player.connections > 0,
        "time_multiplier": float(player.time_multiplier),
    }


def _session_info(session: LiveSession) -> dict:
    return {
        "id": session.pk,
        "pin": session.pin,
        "title": session.quiz.title,
        "language": session.quiz.language,
        "question_count": session.question_count,
        "locked": session.locked,
        "speed_points": session.speed_points,
        "streaks": session.streaks,
    }


def _phase_payload(session: LiveSession, now: datetime) -> dict:
    phase, index = session.phase, session.question_index
    data: dict = {}
    if phase in (Phase.QUESTION, Phase.CLOSED):
        question = load_question(session, index)
        data["question"] = question_payload(session, question, index)
    if phase == Phase.QUESTION:
        data["timing"] = timing_payload(session, question.time_limit, now)
        data["answered"] = Answer.objects.filter(
            player__session=session, question_index=index, player__removed=False
        ).count()
    elif phase == Phase.CLOSED:
        data["closed"] = closed_payload(session, index)
    elif phase == Phase.LEADERBOARD:
        data["leaderboard"] = leaderboard_payload(session)
    elif phase == Phase.FINAL:
        data["final"] = final_payload(session)
    return data


def _for_player(data: dict, session: LiveSession, player: Player) -> dict:
    answered = (
        session.phase == Phase.QUESTION
        and player.answers.filter(question_index=session.question_index).exists()
    )
    data["you"] = {
        "id": player.pk,
        "nickname": player.nickname,
        "score": player.score,
        "streak": player.streak,
        "rank": _rank_of(session, player),
        "answered": answered,
    }
    if "closed" in data:
        data["closed"] = personalise(
            data["closed"], player_id=player.pk, multiplier=player.multiplier
        )
    for part in ("leaderboard", "final"):
        if part in data:
            data[part] = personalise(
                data[part], player_id=player.pk, multiplier=player.multiplier
            )
    if "timing" in data:
        data["timing"] = personal_timing(data["timing"], player.multiplier)
    data["players"] = session.players.filter(removed=False).count()
    return data


def _rank_of(session: LiveSession, player: Player) -> int | None:
    """Returns the player's rank as :func:`standings` gives it (one more than the
    players ahead), counted in the database: a phone's ``state`` is asked for on
    every join and reconnect, and ranking the whole room each time made a
    class's arrival cost players squared."""
    if player.removed:
        return None
    ahead = session.players.filter(removed=False, score__gt=player.score).count()
    return ahead + 1


def _for_host(data: dict, session: LiveSession) -> dict:
    answered = Answer.objects.filter(
        player=OuterRef("pk"), question_index=session.question_index
    )
    players = session.players.filter(removed=False).annotate(answered=Exists(answered))
    data["players"] = [{**player_payload(p), "answered": p.answered} for p in players]
    data["actions"] = sorted(allowed_actions(session.state))
    data["pending"] = pending_answers(session)
    return data


def state(session_id: int, *, player_id: int | None = None, host: bool = False) -> dict:
    """Returns the whole state of the session as one consistent snapshot: for a
    player (their own results only) or for a host (every player, the controls
    that apply, answers waiting for approval)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            _repeatable_read()
        now = timezone.now()
        session = LiveSession.objects.select_related("quiz").get(pk=session_id)
        data = {
            "type": "state",
            "seq": session.host_seq if host else session.seq,
            "session": _session_info(session),
            "phase": session.phase,
            "question_index": session.question_index,
            "server_time": iso(now),
            **_phase_payload(session, now),
        }
        if host:
            return _for_host(data, session)
        if player_id is not None:
            return _for_player(data, session, Player.objects.get(pk=player_id))
        return data


def _repeatable_read() -> None:
    """Makes the reads of this transaction one snapshot, so ``seq`` and the state
    agree. PostgreSQL needs asking, before the transaction's first query; SQLite
    transactions read one snapshot anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

"""Taking one answer: is the question open for this player, and what is it worth?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizzes.engine.checking import is_correct, read_answer
from quizzes.engine.errors import AnswerRefused
from quizzes.engine.phases import Phase, SessionState
from quizzes.engine.questions import QuestionSpec
from quizzes.engine.scoring import ScoringSettings, answer_points
from quizzes.engine.timing import personal_deadline, response_ms, time_allowed_ms


@dataclass(frozen=True)
class Evaluated:
    """An accepted answer: canonical form, whether right, points before any streak
    bonus, and the response time the server measured."""

    answer: dict
    correct: bool | None
    points: int
    response_ms: int


def check_open(
    state: SessionState,
    *,
    question_index: int,
    now: datetime,
    time_limit: int,
    multiplier: float = 1.0,
) -> None:
    """Raises :class:`AnswerRefused` unless the question is open to this player:
    ``not_open`` (another question, or none), ``paused``, or ``too_late``."""
    if state.phase != Phase.QUESTION or state.question_index != question_index:
        raise AnswerRefused("not_open")
    if state.paused:
        raise AnswerRefused("paused")
    deadline = personal_deadline(state, time_limit=time_limit, multiplier=multiplier)
    if now > deadline:
        raise AnswerRefused("too_late")


def evaluate(
    state: SessionState,
    question: QuestionSpec,
    raw: object,
    *,
    question_index: int,
    now: datetime,
    multiplier: float = 1.0,
    settings: ScoringSettings = ScoringSettings(),  # noqa: B008 - frozen
) -> Evaluated:
    """Returns the answer checked and scored, or raises :class:`AnswerRefused`
    (``not_open``, ``paused``, ``too_late``, ``invalid_answer``)."""
    check_open(
        state,
        question_index=question_index,
        now=now,
        time_limit=question.time_limit,
        multiplier=multiplier,
    )
    answer = read_answer(question, raw)
    correct = is_correct(question, answer)
    elapsed = response_ms(state, now)
    points = answer_points(
        points=question.points,
        correct=correct,
        response_ms=elapsed,
        time_limit_ms=time_allowed_ms(question.time_limit, multiplier),
        speed=settings.speed,
    )
    return Evaluated(answer, correct, points, elapsed)

"""Self-paced quizzes: assigning a quiz to a class, extended time, and a pupil
taking it one question at a time.

The server owns time here as in live games: a question's clock starts when the
pupil is shown it (:func:`attempt_start`, :func:`attempt_next`), an answer is
checked and scored by the live engine's :func:`~quizzes.engine.evaluate` against
that clock and the pupil's extended time, and an answer after the question's
time or after the assignment's deadline is refused. Each pupil's attempt row is
locked (``select_for_update``) while an answer is stored or the pupil moves on,
so a double submit stores one answer and scores it once; the unique constraint
on attempt and question keeps the first answer even without the lock.

Refusals are :class:`~django.core.exceptions.ValidationError` with a ``code``
and a message fit to show; objects outside the user's reach are
:class:`~django.http.Http404`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes import messages, selectors
from quizzes.engine import AnswerRefused, evaluate
from quizzes.engine.scoring import Scored, settle
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    ExtendedTime,
    Question,
    Quiz,
    QuizAssignment,
)
from school_councils import selectors as school_selectors
from school_councils.models import Classroom, Pupil

MIN_MULTIPLIER = Decimal(1)
MAX_MULTIPLIER = Decimal(3)

MESSAGES = {
    "deadline_passed": _(
        "The deadline for this quiz has passed: answers are no longer taken."
    ),
    "deadline_in_past": _("Choose a deadline in the future."),
    "not_started": _("Start the quiz first."),
    "attempt_finished": _("You have finished this quiz already."),
}


def refusal(code: str, **params) -> ValidationError:
    """Returns a ValidationError with the message for ``code`` (those of live
    quizzes included) and that code."""
    if code in MESSAGES:
        return ValidationError(str(MESSAGES[code]) % params, code=code)
    return messages.refusal(code, **params)


# Teachers -----------------------------------------------------------------------


def assignment_create(
    *,
    by,
    quiz: Quiz,
    classroom: Classroom,
    deadline: datetime,
    show_answers: bool = False,
    speed_points: bool = True,
    streaks: bool = True,
    now: datetime | None = None,
) -> QuizAssignment:
    """Assigns ``quiz`` to ``classroom`` until ``deadline``. The quiz must be one
    ``by`` may host and the class one they manage, in the quiz's school."""
    if not selectors.quizzes_for_user(by).filter(pk=quiz.pk).exists():
        raise Http404
    managed = school_selectors.classrooms_for_user(by).filter(pk=classroom.pk)
    if classroom.school_id != quiz.school_id or not managed.exists():
        raise Http404
    if deadline <= (now or timezone.now()):
        raise refusal("deadline_in_past")
    question_ids = list(quiz.questions.values_list("pk", flat=True))
    if not question_ids:
        raise refusal("no_questions")
    return QuizAssignment.objects.create(
        quiz=quiz,
        classroom=classroom,
        assigned_by=by,
        question_ids=question_ids,
        deadline=deadline,
        show_answers=show_answers,
        speed_points=speed_points,
        streaks=streaks,
    )


def _clean_multiplier(multiplier) -> Decimal:
    if isinstance(multiplier, bool):
        raise refusal("bad_multiplier")
    try:
        value = Decimal(str(multiplier).strip().replace(",", ".")).quantize(
            Decimal("0.01")
        )
    except (InvalidOperation, ValueError):
        raise refusal("bad_multiplier") from None
    if not value.is_finite() or not MIN_MULTIPLIER <= value <= MAX_MULTIPLIER:
        raise refusal("bad_multiplier")
    return value


def extended_time_set(*, by, pupil: Pupil, multiplier) -> ExtendedTime:
    """Gives a pupil of a class ``by`` manages ``multiplier`` times the usual
    time (1 to 3) on every self-paced question shown from now on."""
    if not school_selectors.pupils_for_user(by).filter(pk=pupil.pk).exists():
        raise Http404
    value = _clean_multiplier(multiplier)
    row, _created = ExtendedTime.objects.update_or_create(
        pupil=pupil, defaults={"multiplier": value}
    )
    return row


def multiplier_for(pupil: Pupil) -> Decimal:
    """Returns the pupil's extended time (1 without any)."""
    row = ExtendedTime.objects.filter(pupil=pupil).first()
    return row.multiplier if row else Decimal(1)


# Pupils -------------------------------------------------------------------------


def assignment_for_pupil(*, pupil: Pupil, pk: int) -> QuizAssignment:
    """Returns an assignment of the pupil's class, else raises Http404."""
    assignment = selectors.assignments_for_pupil(pupil).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def load_question(assignment: QuizAssignment, index: int) -> Question | None:
    """Returns the assignment's question ``index`` with its choices, or None when
    the teacher has deleted it since."""
    if not 0 <= index < assignment.question_count:
        return None
    return (
        Question.objects.prefetch_related("choices")
        .filter(pk=assignment.question_ids[index])
        .first()
    )


def _open(attempt: Attempt, assignment: QuizAssignment, now: datetime) -> None:
    """Shows the attempt's current question: its clock starts now, with the
    pupil's extended time as it is now."""
    if attempt.question_index >= assignment.question_count:
        attempt.finished_at = now
        attempt.question_opened_at = None
        return
    attempt.question_opened_at = now
    attempt.time_multiplier = multiplier_for(attempt.pupil)


def attempt_start(
    *, pupil: Pupil, assignment: QuizAssignment, now: datetime | None = None
) -> Attempt:
    """Starts the pupil's attempt and shows the first question; an attempt that
    exists already is returned as it is, so starting twice changes nothing."""
    now = now or timezone.now()
    assignment = assignment_for_pupil(pupil=pupil, pk=assignment.pk)
    existing = selectors.attempt_of(pupil, assignment)
    if existing is not None:
        return existing
    if assignment.is_over(now):
        raise refusal("deadline_passed")
    attempt = Attempt(assignment=assignment, pupil=pupil)
    _open(attempt, assignment, now)
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        # Another request of the same pupil started it a moment earlier.
        return Attempt.objects.get(assignment=assignment, pupil=pupil)
    return attempt


def _locked_attempt(pupil: Pupil, assignment: QuizAssignment) -> Attempt:
    assignment = assignment_for_pupil(pupil=pupil, pk=assignment.pk)
    attempt = (
        Attempt.objects.select_for_update()
        .select_related("assignment", "pupil")
        .filter(assignment=assignment, pupil=pupil)
        .first()
    )
    if attempt is None:
        raise refusal("not_started")
    return attempt


def _check_answerable(
    attempt: Attempt, question_index: object, now: datetime
) -> Question:
    assignment = attempt.assignment
    if attempt.is_finished:
        raise refusal("attempt_finished")
    if assignment.is_over(now):
        raise refusal("deadline_passed")
    if not isinstance(question_index, int) or isinstance(question_index, bool):
        raise refusal("not_open")
    if question_index != attempt.question_index:
        raise refusal("not_open")
    question = load_question(assignment, question_index)
    if question is None or attempt.question_opened_at is None:
        raise refusal("not_open")
    return question


def attempt_answer(
    *,
    pupil: Pupil,
    assignment: QuizAssignment,
    question_index: int,
    answer: object,
    now: datetime | None = None,
) -> AttemptAnswer:
    """Stores and scores the pupil's answer to the question shown to them.

    Refused: ``not_started``, ``attempt_finished``, ``deadline_passed`` (the
    assignment's), ``not_open`` (another question than the one shown),
    ``too_late`` (the question's time, extended time included, is up),
    ``invalid_answer``, and ``already_answered``: the first answer wins.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(pupil, assignment)
        question = _check_answerable(attempt, question_index, now)
        spec = question.spec()
        scoring = attempt.assignment.scoring
        try:
            evaluated = evaluate(
                attempt.state(spec.time_limit),
                spec,
                answer,
                question_index=question_index,
                now=now,
                multiplier=attempt.multiplier,
                settings=scoring,
            )
        except AnswerRefused as error:
            raise refusal(error.code, **error.params) from None
        result = settle(
            spec,
            {attempt.pk: attempt.streak},
            {attempt.pk: Scored(evaluated.correct, evaluated.points)},
            scoring,
        )[attempt.pk]
        try:
            with transaction.atomic():
                stored = AttemptAnswer.objects.create(
                    attempt=attempt,
                    question=question,
                    question_index=question_index,
                    payload=evaluated.answer,
                    correct=evaluated.correct,
                    points=result.points,
                    bonus=result.bonus,
                    response_ms=evaluated.response_ms,
                )
        except IntegrityError:
            raise refusal("already_answered") from None
        attempt.score += result.total
        attempt.streak = result.streak
        attempt.save(update_fields=["score", "streak"])
    return stored


def attempt_next(
    *,
    pupil: Pupil,
    assignment: QuizAssignment,
    question_index: int,
    now: datetime | None = None,
) -> Attempt:
    """Moves the pupil from question ``question_index`` (answered, timed out or
    skipped) to the next one and starts its clock; after the last question the
    attempt is finished. A repeated request for a question already left changes
    nothing. A question left without an answer ends the pupil's streak, as a
    missed question does in a live game."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(pupil, assignment)
        if attempt.is_finished or question_index != attempt.question_index:
            return attempt
        if attempt.assignment.is_over(now):
            raise refusal("deadline_passed")
        _settle_unanswered(attempt)
        attempt.question_index += 1
        _open(attempt, attempt.assignment, now)
        attempt.save(
            update_fields=[
                "question_index",
                "question_opened_at",
                "time_multiplier",
                "finished_at",
                "streak",
            ]
        )
    return attempt


def _settle_unanswered(attempt: Attempt) -> None:
    if attempt.answers.filter(question_index=attempt.question_index).exists():
        return
    question = load_question(attempt.assignment, attempt.question_index)
    if question is None:
        return
    result = settle(
        question.spec(), {attempt.pk: attempt.streak}, {}, attempt.assignment.scoring
    )
    attempt.streak = result[attempt.pk].streak

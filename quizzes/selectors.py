"""Reads of quizzes and live sessions, scoped to what a user may see.

A quiz of another school, or another teacher's private quiz, is simply not found
(404), never forbidden.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from quizzes.models import (
    Attempt,
    LiveSession,
    Quiz,
    QuizAssignment,
    Visibility,
)
from school_councils import selectors as school_selectors


def quizzes_for_user(user) -> QuerySet[Quiz]:
    """Returns the quizzes a member of staff may see and host: their own, and those
    their schools share. Pupils and strangers see none."""
    if not school_selectors.is_staff_member(user):
        return Quiz.objects.none()
    schools = school_selectors.schools_for_user(user)
    shared = Q(visibility=Visibility.SCHOOL, school__in=schools)
    own = Q(owner=user, school__in=schools)
    return Quiz.objects.filter(shared | own).select_related("school")


def quizzes_editable_by(user) -> QuerySet[Quiz]:
    """Returns the quizzes a user may change: their own, in a school they are in."""
    return quizzes_for_user(user).filter(owner=user)


def live_sessions_for_user(user) -> QuerySet[LiveSession]:
    """Returns the sessions a user may run or watch: those they host, and those of
    their schools' quizzes."""
    if not user.is_authenticated:
        return LiveSession.objects.none()
    schools = school_selectors.schools_for_user(user)
    return LiveSession.objects.filter(
        Q(host=user) | Q(quiz__school__in=schools)
    ).select_related("quiz")


def may_host(user, session: LiveSession) -> bool:
    """Returns whether ``user`` may drive the session: its host, or the quiz's
    school's staff (so a colleague can take over from another device)."""
    if not user.is_authenticated or school_selectors.is_pupil(user):
        return False
    if session.host_id == user.pk:
        return True
    return school_selectors.user_is_staff_of(user, session.quiz.school)


def active_session_for_pin(pin: str) -> LiveSession | None:
    """Returns the running session with this PIN, if any."""
    return (
        LiveSession.objects.filter(pin=pin, ended_at__isnull=True)
        .select_related("quiz")
        .first()
    )


# Self-paced assignments ------------------------------------------------------------


def assignments_for_user(user) -> QuerySet[QuizAssignment]:
    """Returns the quiz assignments of the classes ``user`` manages, and those they
    set themselves in a school they still belong to."""
    if not user.is_authenticated or school_selectors.is_pupil(user):
        return QuizAssignment.objects.none()
    managed = Q(classroom__in=school_selectors.classrooms_for_user(user))
    own = Q(
        assigned_by=user,
        classroom__school__in=school_selectors.schools_for_user(user),
    )
    return QuizAssignment.objects.filter(managed | own).select_related(
        "quiz", "classroom", "classroom__school"
    )


def assignments_for_pupil(pupil) -> QuerySet[QuizAssignment]:
    """Returns the quiz assignments of the pupil's class."""
    assignments = QuizAssignment.objects.filter(classroom_id=pupil.classroom_id)
    return assignments.select_related("quiz")


def attempt_of(pupil, assignment: QuizAssignment) -> Attempt | None:
    return Attempt.objects.filter(assignment=assignment, pupil=pupil).first()

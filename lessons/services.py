"""Writes for the lessons: assigning a lesson to classes and marking it taught.

Like the school services, these raise :class:`django.core.exceptions.ValidationError`
with a message fit to show the user, and :class:`django.http.Http404` for classes or
assignments outside the user's schools.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.models import LessonAssignment, LessonPage
from school_councils import selectors as school_selectors
from school_councils.models import Classroom

NOTE_MAX = LessonAssignment._meta.get_field("note").max_length


@transaction.atomic
def lesson_assign(
    *,
    by,
    lesson: LessonPage,
    classrooms: Iterable[Classroom],
    date: datetime.date | None = None,
    note: str = "",
) -> list[LessonAssignment]:
    """Assigns ``lesson`` to each of ``classrooms``, which ``by`` must manage.

    A class that has the lesson already (in any language) keeps one assignment,
    updated with the new date, note and chosen translation, so assigning twice
    never makes a duplicate. Returns the assignments, one per class.
    """
    classrooms = _managed(by, classrooms)
    if not lesson.live:
        raise ValidationError(_("Only a published lesson can be assigned."))
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("Keep the note under %(max)s characters.") % {"max": NOTE_MAX},
            code="note",
        )
    return [
        LessonAssignment.objects.update_or_create(
            lesson_key=lesson.translation_key,
            classroom=classroom,
            defaults={"lesson": lesson, "assigned_by": by, "date": date, "note": note},
        )[0]
        for classroom in classrooms
    ]


def _managed(by, classrooms: Iterable[Classroom]) -> list[Classroom]:
    wanted = {classroom.pk for classroom in classrooms}
    if not wanted:
        raise ValidationError(
            _("Choose at least one class."), code="classrooms_required"
        )
    managed = list(
        school_selectors.classrooms_for_user(by).filter(pk__in=wanted).order_by("pk")
    )
    if len(managed) != len(wanted):
        raise Http404
    return managed


def lesson_mark_taught(*, by, assignment: LessonAssignment) -> LessonAssignment:
    """Records that the lesson was taught now; a second time changes nothing."""
    if (
        not school_selectors.classrooms_for_user(by)
        .filter(pk=assignment.classroom_id)
        .exists()
    ):
        raise Http404
    # A conditional update keeps the first time when two teachers click at once.
    LessonAssignment.objects.filter(pk=assignment.pk, taught_at__isnull=True).update(
        taught_at=timezone.now()
    )
    assignment.refresh_from_db(fields=["taught_at"])
    return assignment

"""Reads of school-owned data, scoped to what a user may see.

Every page, API view and socket that shows school data starts from one of these, so
an object of another school is simply not found (404), never forbidden (403).
"""

from __future__ import annotations

import hmac

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from school_councils.models import (
    Classroom,
    Invitation,
    Membership,
    Pupil,
    School,
    StaffRole,
)
from youth_civics import codes

CITY_PERMISSION = "school_councils.coordinate_city"


def is_city_coordinator(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(CITY_PERMISSION))


def is_pupil(user) -> bool:
    return bool(user.is_authenticated and hasattr(user, "pupil"))


def is_staff_member(user) -> bool:
    """Returns whether the user teaches or coordinates in a school, or the city."""
    if not user.is_authenticated:
        return False
    return is_city_coordinator(user) or Membership.objects.filter(user=user).exists()


def schools_for_user(user) -> QuerySet[School]:
    if is_city_coordinator(user):
        return School.objects.all()
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(memberships__user=user).distinct()


def schools_coordinated_by(user) -> QuerySet[School]:
    if is_city_coordinator(user):
        return School.objects.all()
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        memberships__user=user, memberships__role=StaffRole.COORDINATOR
    ).distinct()


def classrooms_for_user(user) -> QuerySet[Classroom]:
    """Returns the classes a user manages.

    City coordinators manage all; a school coordinator, the school's; a teacher, the
    ones they teach in a school they still belong to.
    """
    if is_city_coordinator(user):
        return Classroom.objects.select_related("school")
    if not user.is_authenticated:
        return Classroom.objects.none()
    coordinated = Q(
        school__memberships__user=user,
        school__memberships__role=StaffRole.COORDINATOR,
    )
    taught = Q(teachers=user, school__memberships__user=user)
    return (
        Classroom.objects.filter(coordinated | taught)
        .distinct()
        .select_related("school")
    )


def pupils_for_user(user) -> QuerySet[Pupil]:
    return Pupil.objects.filter(classroom__in=classrooms_for_user(user)).select_related(
        "classroom", "classroom__school"
    )


def memberships_for_user(user) -> QuerySet[Membership]:
    """Staff memberships a user may manage: those of the schools they coordinate."""
    return Membership.objects.filter(
        school__in=schools_coordinated_by(user)
    ).select_related("user", "school")


def user_can_coordinate(user, school: School) -> bool:
    return schools_coordinated_by(user).filter(pk=school.pk).exists()


def user_is_staff_of(user, school: School) -> bool:
    return schools_for_user(user).filter(pk=school.pk).exists()


def _count(model, field: str):
    """Counts ``model`` rows whose ``field`` is the outer row, in a subquery, so the
    joins a selector needs for scoping cannot inflate the count."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def with_pupil_counts(classrooms: QuerySet[Classroom]) -> QuerySet[Classroom]:
    """Adds ``pupil_count`` to each class."""
    return classrooms.annotate(pupil_count=_count(Pupil, "classroom"))


def schools_overview(user) -> QuerySet[School]:
    """The user's schools with ``staff_count``, ``classroom_count``, ``pupil_count``."""
    return schools_for_user(user).annotate(
        staff_count=_count(Membership, "school"),
        classroom_count=_count(Classroom, "school"),
        pupil_count=_count(Pupil, "classroom__school"),
    )


def staff_users_of(school: School) -> QuerySet:
    """The accounts on a school's staff (who may teach its classes)."""
    return (
        get_user_model()
        .objects.filter(memberships__school=school)
        .order_by("username")
        .distinct()
    )


def open_invitations(school: School) -> QuerySet[Invitation]:
    """Invitations of a school not used yet and not expired."""
    return school.invitations.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    )


def pupil_code_is_current(pupil: Pupil, code_text: str) -> bool:
    """Returns whether ``code_text`` is the pupil's current sign-in code."""
    try:
        code = codes.validate(code_text)
    except codes.CodeError:
        return False
    return bool(pupil.code_hash) and hmac.compare_digest(
        pupil.code_hash, codes.digest(code)
    )


# Councils ------------------------------------------------------------------------


def councils_managed_by(user) -> QuerySet:
    """Returns the councils a member of staff runs: a school's student council by
    its staff, a class's role-play council by those who manage the class, the city
    youth council by city coordinators (who run every council)."""
    from school_councils.models import Council, CouncilKind

    if is_city_coordinator(user):
        return Council.objects.select_related("school", "classroom")
    if not user.is_authenticated or is_pupil(user):
        return Council.objects.none()
    own_school = Q(kind=CouncilKind.STUDENT_COUNCIL, school__in=schools_for_user(user))
    own_class = Q(classroom__in=classrooms_for_user(user))
    return (
        Council.objects.filter(own_school | own_class)
        .exclude(kind=CouncilKind.CITY_YOUTH_COUNCIL)
        .select_related("school", "classroom")
    )


def councils_seating(user) -> QuerySet:
    """Returns the councils in which a pupil holds a current seat."""
    from school_councils.models import Council

    if not is_pupil(user):
        return Council.objects.none()
    return Council.objects.filter(
        seats__pupil__user=user, seats__ended_on__isnull=True
    ).distinct()


def councils_for_user(user) -> QuerySet:
    """Returns the councils a user runs or sits in."""
    from school_councils.models import Council

    if is_pupil(user):
        return councils_seating(user)
    return (
        councils_managed_by(user) if user.is_authenticated else Council.objects.none()
    )


def current_seats(council) -> QuerySet:
    """The council's seats held now, chair first, then by pseudonym."""
    from django.db.models import Case, IntegerField, Value, When

    order = Case(
        When(role="chair", then=Value(0)),
        When(role="deputy", then=Value(1)),
        When(role="secretary", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        council.seats.filter(ended_on__isnull=True)
        .select_related("pupil", "pupil__classroom__school", "club")
        .order_by(order, "pupil__pseudonym")
    )


def seat_of(user, council):
    """The pupil's current seat in ``council``, or None."""
    if not is_pupil(user):
        return None
    return council.seats.filter(pupil__user=user, ended_on__isnull=True).first()

"""Writes to schools, classes, staff and pupils. Each checks who asks.

Services raise :class:`django.core.exceptions.ValidationError` with a message fit to
show the user, and :class:`django.http.Http404` for objects outside the user's
schools, so views stay thin and the rules live in one place.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from school_councils import pseudonyms, selectors
from school_councils.models import (
    MAX_GRADE,
    Classroom,
    Invitation,
    Membership,
    Pupil,
    School,
    StaffRole,
)
from youth_civics import codes

User = get_user_model()

PSEUDONYM_MAX = Pupil._meta.get_field("pseudonym").max_length
MAX_PUPILS_PER_CLASS = 60


# Classes -------------------------------------------------------------------------


def classroom_create(
    *, by, school: School, name: str, grade: int, school_year: int, language: str = "pl"
) -> Classroom:
    """Creates a class in ``school``; a teacher who creates it becomes its teacher."""
    if not selectors.user_is_staff_of(by, school):
        raise Http404
    name = name.strip()
    _check_classroom_fields(school=school, name=name, grade=grade)
    if Classroom.objects.filter(
        school=school, school_year=school_year, name=name
    ).exists():
        raise ValidationError(
            _("The school already has a class %(name)s in that school year.")
            % {"name": name},
            code="duplicate_name",
        )
    classroom = Classroom.objects.create(
        school=school,
        name=name,
        grade=grade,
        school_year=school_year,
        language=language,
    )
    if not selectors.user_can_coordinate(by, school):
        classroom.teachers.add(by)
    return classroom


def _check_classroom_fields(*, school: School, name: str, grade: int) -> None:
    if not name:
        raise ValidationError(
            _("Give the class a name, for example 7b."), code="name_required"
        )
    top = MAX_GRADE[school.level]
    if not 1 <= grade <= top:
        raise ValidationError(
            _("The grade must be between 1 and %(top)d in this school.") % {"top": top},
            code="grade_range",
        )


def classroom_set_teachers(*, by, classroom: Classroom, teachers: Iterable) -> None:
    """Sets who teaches a class; only the school's staff can be chosen."""
    if not selectors.user_can_coordinate(by, classroom.school):
        raise Http404
    teachers = list(teachers)
    staff = set(
        Membership.objects.filter(school=classroom.school).values_list(
            "user_id", flat=True
        )
    )
    if any(t.pk not in staff for t in teachers):
        raise ValidationError(_("Only teachers of this school can teach its classes."))
    classroom.teachers.set(teachers)


# Pupils --------------------------------------------------------------------------


def _managed_classroom(by, classroom: Classroom) -> Classroom:
    if not selectors.classrooms_for_user(by).filter(pk=classroom.pk).exists():
        raise Http404
    return classroom


def _clean_pseudonyms(lines: Iterable[str], *, taken: set[str]) -> list[str]:
    names: list[str] = []
    errors: list[str] = []
    for number, raw in enumerate(lines, start=1):
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > PSEUDONYM_MAX:
            errors.append(
                _("Line %(line)d: a pseudonym has at most %(max)d characters.")
                % {"line": number, "max": PSEUDONYM_MAX}
            )
        elif name in taken or name in names:
            errors.append(
                _("Line %(line)d: %(name)s is already in this class.")
                % {"line": number, "name": name}
            )
        else:
            names.append(name)
    if errors:
        raise ValidationError(errors)
    return names


def _create_pupil(classroom: Classroom, pseudonym: str) -> Pupil:
    user = User(username=f"pupil-{secrets.token_hex(8)}")
    user.set_unusable_password()
    user.save()
    return Pupil.objects.create(user=user, classroom=classroom, pseudonym=pseudonym)


@transaction.atomic
def pupils_add(*, by, classroom: Classroom, pseudonyms_text: str) -> list[Pupil]:
    """Adds one pupil per non-blank line; nothing is added if any line is wrong."""
    _managed_classroom(by, classroom)
    taken = set(classroom.pupils.values_list("pseudonym", flat=True))
    names = _clean_pseudonyms(pseudonyms_text.splitlines(), taken=taken)
    if not names:
        raise ValidationError(_("Paste at least one pseudonym, one per line."))
    _check_class_size(classroom, len(taken) + len(names))
    return [_create_pupil(classroom, name) for name in names]


@transaction.atomic
def pupils_generate(*, by, classroom: Classroom, count: int) -> list[Pupil]:
    """Adds ``count`` pupils with friendly pseudonyms in the class's language."""
    _managed_classroom(by, classroom)
    if count < 1:
        raise ValidationError(_("Ask for at least one pupil."))
    taken = set(classroom.pupils.values_list("pseudonym", flat=True))
    _check_class_size(classroom, len(taken) + count)
    names = pseudonyms.generate(count, language=classroom.language, taken=taken)
    return [_create_pupil(classroom, name) for name in names]


def _check_class_size(classroom: Classroom, size: int) -> None:
    if size > MAX_PUPILS_PER_CLASS:
        raise ValidationError(
            _("A class can have at most %(max)d pupils.")
            % {"max": MAX_PUPILS_PER_CLASS}
        )


@transaction.atomic
def pupil_remove(*, by, pupil: Pupil) -> None:
    """Deletes a pupil and their account."""
    _managed_classroom(by, pupil.classroom)
    pupil.user.delete()


def pupil_move(*, by, pupil: Pupil, to: Classroom) -> Pupil:
    """Moves a pupil to another class of the same school."""
    _managed_classroom(by, pupil.classroom)
    _managed_classroom(by, to)
    if to.school_id != pupil.classroom.school_id:
        raise ValidationError(_("A pupil can only move to a class of the same school."))
    if to.pupils.filter(pseudonym=pupil.pseudonym).exclude(pk=pupil.pk).exists():
        raise ValidationError(
            _("%(name)s is already taken in class %(class)s; rename the pupil first.")
            % {"name": pupil.pseudonym, "class": to.name}
        )
    pupil.classroom = to
    pupil.save(update_fields=["classroom"])
    return pupil


@dataclass(frozen=True)
class IssuedCode:
    pupil: Pupil
    code: str

    @property
    def display(self) -> str:
        return codes.display(self.code)


@transaction.atomic
def pupil_codes_issue(*, by, pupils: Iterable[Pupil]) -> list[IssuedCode]:
    """Gives each pupil a new sign-in code; their old code (and card) stops working.

    The plain codes are returned once, to be printed; only their hashes are kept.
    """
    issued = []
    now = timezone.now()
    for pupil in pupils:
        _managed_classroom(by, pupil.classroom)
        code = codes.generate()
        pupil.code_hash = codes.digest(code)
        pupil.code_issued_at = now
        pupil.save(update_fields=["code_hash", "code_issued_at"])
        issued.append(IssuedCode(pupil=pupil, code=code))
    return issued


def pupil_for_code(code_text: str) -> Pupil | None:
    """Returns the pupil whose sign-in code this is, or None.

    Raises :class:`youth_civics.codes.CodeError` when the text cannot be a code at all
    (so the pupil hears "check the code" rather than "unknown code").
    """
    code = codes.validate(code_text)
    return (
        Pupil.objects.select_related("user", "classroom")
        .filter(code_hash=codes.digest(code), user__is_active=True)
        .first()
    )


# Staff -----------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, by, school: School, email: str, role: str = StaffRole.TEACHER, base_url: str = ""
) -> tuple[Invitation, str]:
    """Invites ``email`` to the school's staff and e-mails the one-time link.

    Coordinators invite teachers; city coordinators may also invite coordinators.
    Returns the invitation and its link (shown once to the one who invites).
    """
    if not selectors.user_can_coordinate(by, school):
        raise Http404
    if role == StaffRole.COORDINATOR and not selectors.is_city_coordinator(by):
        raise ValidationError(
            _("Only city coordinators can invite school coordinators.")
        )
    email = User.objects.normalize_email(email.strip())
    if Membership.objects.filter(school=school, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already on this school's staff.") % {"email": email}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        school=school,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    link = base_url + reverse("invitation_accept", args=[token])
    _send_invitation(invitation, link)
    return invitation, link


def _send_invitation(invitation: Invitation, link: str) -> None:
    with override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Invitation to %(school)s on Youth Civics")
            % {"school": invitation.school.name},
            message=_(
                "You have been invited to join %(school)s on Youth Civics as "
                "%(role)s.\n\nOpen this link within %(days)d days to accept:\n"
                "%(link)s\n"
            )
            % {
                "school": invitation.school.name,
                "role": invitation.get_role_display(),
                "days": settings.INVITATION_DAYS,
                "link": link,
            },
            from_email=None,
            recipient_list=[invitation.email],
        )


def invitation_for_token(token: str) -> Invitation:
    """Returns the open invitation for ``token``.

    Raises ValidationError saying why not: unknown, used or expired.
    """
    invitation = (
        Invitation.objects.select_related("school")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="unknown")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired; ask your coordinator for a new one."),
            code="expired",
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    """Uses the invitation once: ``user`` joins the school in the invited role."""
    invitation = invitation_for_token(token)
    spent = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not spent:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if selectors.is_pupil(user):
        raise ValidationError(_("A pupil account cannot join a school's staff."))
    membership, created = Membership.objects.get_or_create(
        user=user, school=invitation.school, defaults={"role": invitation.role}
    )
    if not created and invitation.role == StaffRole.COORDINATOR:
        membership.role = StaffRole.COORDINATOR
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *, token: str, username: str, email: str, password: str
) -> Membership:
    """Creates a staff account and uses the invitation with it: both or neither."""
    user = staff_user_create(username=username, email=email, password=password)
    return invitation_accept(token=token, user=user)


def membership_remove(*, by, membership: Membership) -> None:
    """Removes a teacher from the school (and from the classes they taught there)."""
    if not selectors.user_can_coordinate(by, membership.school):
        raise Http404
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot remove yourself from the school."))
    with transaction.atomic():
        for classroom in membership.school.classrooms.filter(teachers=membership.user):
            classroom.teachers.remove(membership.user)
        membership.delete()


def staff_user_create(
    *,
    username: str,
    email: str,
    password: str | None = None,
    school: School | None = None,
    role: str = StaffRole.TEACHER,
    city_coordinator: bool = False,
) -> User:
    """Creates a staff account (for the admin, demo data and commands)."""
    try:
        user = User.objects.create_user(
            username=username, email=email, password=password
        )
    except IntegrityError:
        raise ValidationError(
            _("The user name %(name)s is taken.") % {"name": username}
        ) from None
    if school is not None:
        Membership.objects.create(user=user, school=school, role=role)
    if city_coordinator:
        user.user_permissions.add(city_coordinator_permission())
    return user


def city_coordinator_permission() -> Permission:
    app_label, codename = selectors.CITY_PERMISSION.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)

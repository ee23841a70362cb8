"""Who is where: schools, their classes, staff roles and pupils.

Pupils are pseudonymous: a pseudonym and a classroom, no e-mail, no birth date, no
real name. Each pupil has a Django user (so sessions, permissions and WebSockets work
as for staff) whose password is unusable; pupils sign in with a personal code.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class District(models.IntegerChoices):
    """The 18 districts (dzielnice) of Kraków."""

    STARE_MIASTO = 1, "I Stare Miasto"
    GRZEGORZKI = 2, "II Grzegórzki"
    PRADNIK_CZERWONY = 3, "III Prądnik Czerwony"
    PRADNIK_BIALY = 4, "IV Prądnik Biały"
    KROWODRZA = 5, "V Krowodrza"
    BRONOWICE = 6, "VI Bronowice"
    ZWIERZYNIEC = 7, "VII Zwierzyniec"
    DEBNIKI = 8, "VIII Dębniki"
    LAGIEWNIKI = 9, "IX Łagiewniki-Borek Fałęcki"
    SWOSZOWICE = 10, "X Swoszowice"
    PODGORZE_DUCHACKIE = 11, "XI Podgórze Duchackie"
    BIEZANOW_PROKOCIM = 12, "XII Bieżanów-Prokocim"
    PODGORZE = 13, "XIII Podgórze"
    CZYZYNY = 14, "XIV Czyżyny"
    MISTRZEJOWICE = 15, "XV Mistrzejowice"
    BIENCZYCE = 16, "XVI Bieńczyce"
    WZGORZA_KRZESLAWICKIE = 17, "XVII Wzgórza Krzesławickie"
    NOWA_HUTA = 18, "XVIII Nowa Huta"


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Secondary school")


# Highest grade a class can be in, per level (8-year primary, up to 5-year technikum).
MAX_GRADE = {SchoolLevel.PRIMARY: 8, SchoolLevel.SECONDARY: 5}


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    district = models.PositiveSmallIntegerField(_("district"), choices=District.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    rspo = models.CharField(
        _("RSPO number"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[
            RegexValidator(r"^\d{1,10}$", _("The RSPO number has only digits."))
        ],
        help_text=_("The school's number in the official register of schools (RSPO)."),
    )
    level = models.CharField(_("level"), max_length=10, choices=SchoolLevel.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        permissions = [
            (
                "coordinate_city",
                _("Can see and manage every school (city coordinator)"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Classroom(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="classrooms",
        verbose_name=_("school"),
    )
    name = models.CharField(_("name"), max_length=20, help_text=_('For example "7b".'))
    grade = models.PositiveSmallIntegerField(_("grade"))
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts, e.g. 2026.")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="pl"
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="taught_classrooms",
        blank=True,
        verbose_name=_("teachers"),
    )

    class Meta:
        ordering = ["-school_year", "grade", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="classroom_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=8), name="classroom_grade_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_year_label})"

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}/{self.school_year + 1}"


class StaffRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    COORDINATOR = "coordinator", _("School coordinator")


class Membership(models.Model):
    """A member of a school's staff: a teacher or the school's coordinator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=StaffRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.school} ({self.get_role_display()})"


class Pupil(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pupil"
    )
    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.PROTECT,
        related_name="pupils",
        verbose_name=_("class"),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    # NULL, not "", for "no card yet": many pupils may lack one under the unique index.
    code_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    code_issued_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "pseudonym"], name="pupil_unique_pseudonym"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Invitation(models.Model):
    """A one-time link by which a coordinator brings a teacher into the school."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=12, choices=StaffRole.choices, default=StaffRole.TEACHER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.school}"

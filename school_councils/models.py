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


# Councils ------------------------------------------------------------------------


class CouncilKind(models.TextChoices):
    """The bodies pupils sit in. The mock ones keep the statutory number of seats
    of the real body, however many pupils a class has."""

    STUDENT_COUNCIL = "student_council", _("Student council")
    CITY_YOUTH_COUNCIL = "city_youth_council", _("City youth council")
    MOCK_CITY_COUNCIL = "mock_city_council", _("Mock Kraków City Council")
    MOCK_SEJM = "mock_sejm", _("Mock Sejm")


# Statutory seats of the role-play bodies: Rada Miasta Krakowa has 43 councillors
# (u.s.g. art. 17), the Sejm 460 deputies (Konstytucja art. 96 ust. 1).
PRESET_SEATS = {CouncilKind.MOCK_CITY_COUNCIL: 43, CouncilKind.MOCK_SEJM: 460}
ROLE_PLAY_KINDS = frozenset(PRESET_SEATS)


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY = "deputy", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Council(models.Model):
    """A standing council for one term: a school's student council, the city youth
    council (no school: the city's), or a class's role-play council.

    ``statutory_seats`` is the number the law or the statute sets; vacant seats
    count for the quorum and the majorities of the statutory seats, as the law
    says. The quorum is ``quorum_numerator / quorum_denominator`` of it (half
    unless the council's rules say otherwise).
    """

    kind = models.CharField(_("kind"), max_length=24, choices=CouncilKind.choices)
    name = models.CharField(_("name"), max_length=200)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("school"),
    )
    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("class"),
    )
    term_number = models.PositiveSmallIntegerField(
        _("term number"),
        default=1,
        help_text=_("Which term this is; resolutions are numbered with it (XII/…)."),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    statutory_seats = models.PositiveSmallIntegerField(_("statutory seats"))
    quorum_numerator = models.PositiveSmallIntegerField(default=1)
    quorum_denominator = models.PositiveSmallIntegerField(default=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-term_start", "name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="council_term_in_order",
            ),
            models.CheckConstraint(
                condition=Q(statutory_seats__gte=1, statutory_seats__lte=460),
                name="council_seats_range",
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__gte=1)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="council_quorum_fraction",
            ),
            # The city's council has no school; every other council has one.
            models.CheckConstraint(
                condition=Q(kind="city_youth_council", school__isnull=True)
                | (~Q(kind="city_youth_council") & Q(school__isnull=False)),
                name="council_school_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_role_play(self) -> bool:
        return self.kind in ROLE_PLAY_KINDS


class Club(models.Model):
    """A club (klub radnych, klub poselski) of a role-play council."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="clubs")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="club_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A pupil's seat in a council, from ``started_on`` until ``ended_on`` (empty
    while they still hold it). A pupil holds at most one current seat per
    council, and a council at most one current chair."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="seats")
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="seats", verbose_name=_("pupil")
    )
    role = models.CharField(
        _("role"), max_length=10, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    club = models.ForeignKey(
        Club,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("club"),
    )
    started_on = models.DateField(_("seated on"))
    ended_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["pupil__pseudonym"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "pupil"],
                condition=Q(ended_on__isnull=True),
                name="seat_one_current_per_pupil",
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(ended_on__isnull=True, role="chair"),
                name="seat_one_current_chair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} ({self.get_role_display()})"

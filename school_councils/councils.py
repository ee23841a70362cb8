"""Writes to councils: creating them, seating members, roles and clubs.

Kept beside ``services.py`` (which holds schools, classes, staff and pupils) as the
council half of the app's services. Each function checks who asks and raises
:class:`~django.core.exceptions.ValidationError` with a message fit to show, or
:class:`~django.http.Http404` for a council or pupil outside the user's reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from school_councils import selectors
from school_councils.models import (
    PRESET_SEATS,
    ROLE_PLAY_KINDS,
    Classroom,
    Club,
    Council,
    CouncilKind,
    Pupil,
    School,
    Seat,
    SeatRole,
)

# A student council or the city youth council is at most this big.
MAX_STANDING_SEATS = 60


def _managed(by, council: Council) -> Council:
    if not selectors.councils_managed_by(by).filter(pk=council.pk).exists():
        raise Http404
    return council


def _check_term(term_start: date, term_end: date, term_number: int) -> None:
    if term_end < term_start:
        raise ValidationError(
            _("The term cannot end before it starts."), code="term_order"
        )
    if not 1 <= term_number <= 50:
        raise ValidationError(
            _("The term number must be between 1 and 50."), code="term_number"
        )


def _check_quorum(quorum: Fraction) -> None:
    if not (0 < quorum <= 1):
        raise ValidationError(
            _("The quorum must be a fraction above 0 and at most 1."), code="quorum"
        )


def council_create(
    *,
    by,
    kind: str,
    name: str,
    term_start: date,
    term_end: date,
    term_number: int = 1,
    school: School | None = None,
    classroom: Classroom | None = None,
    statutory_seats: int | None = None,
    quorum: Fraction = Fraction(1, 2),
) -> Council:
    """Creates a council. A role-play council belongs to a class and has the
    statutory seats of the body it plays (43 or 460) unless the teacher scales it
    down to the class (say 25 seats: the same rules then count against 25, so a
    class can reach the quorum); a student council belongs to a school; the city
    youth council is the city's."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the council a name."), code="name_required")
    _check_term(term_start, term_end, term_number)
    _check_quorum(Fraction(quorum))
    if kind in ROLE_PLAY_KINDS:
        if (
            classroom is None
            or not selectors.classrooms_for_user(by).filter(pk=classroom.pk).exists()
        ):
            raise Http404
        school = classroom.school
        statutory_seats = statutory_seats or PRESET_SEATS[kind]
        if not 1 <= statutory_seats <= PRESET_SEATS[kind]:
            raise ValidationError(
                _(
                    "A class can play this body with its real %(real)s seats or "
                    "fewer, down to 1."
                )
                % {"real": PRESET_SEATS[kind]},
                code="statutory_seats",
            )
    elif kind == CouncilKind.STUDENT_COUNCIL:
        if school is None or not selectors.user_is_staff_of(by, school):
            raise Http404
        classroom = None
    elif kind == CouncilKind.CITY_YOUTH_COUNCIL:
        if not selectors.is_city_coordinator(by):
            raise Http404
        school = classroom = None
    else:
        raise ValidationError(_("Choose a kind of council."), code="kind")
    if kind not in ROLE_PLAY_KINDS and not (
        statutory_seats and 1 <= statutory_seats <= MAX_STANDING_SEATS
    ):
        raise ValidationError(
            _("A council has between 1 and %(max)s seats.")
            % {"max": MAX_STANDING_SEATS},
            code="statutory_seats",
        )
    quorum = Fraction(quorum)
    return Council.objects.create(
        kind=kind,
        name=name,
        school=school,
        classroom=classroom,
        term_number=term_number,
        term_start=term_start,
        term_end=term_end,
        statutory_seats=statutory_seats,
        quorum_numerator=quorum.numerator,
        quorum_denominator=quorum.denominator,
        created_by=by,
    )


def council_quorum(council: Council) -> Fraction:
    return Fraction(council.quorum_numerator, council.quorum_denominator)


# Seats ----------------------------------------------------------------------------


def _eligible_pupil(council: Council, pupil: Pupil) -> None:
    """A student council seats its school's pupils, a role-play council its
    class's; the city youth council one pupil per school."""
    if council.kind == CouncilKind.CITY_YOUTH_COUNCIL:
        school_id = pupil.classroom.school_id
        if (
            selectors.current_seats(council)
            .filter(pupil__classroom__school_id=school_id)
            .exclude(pupil=pupil)
            .exists()
        ):
            raise ValidationError(
                _(
                    "The city youth council has one representative per school; this "
                    "school's seat is taken."
                ),
                code="school_represented",
            )
        return
    if council.classroom_id is not None:
        if pupil.classroom_id != council.classroom_id:
            raise ValidationError(
                _("Only pupils of the class sit in its role-play council."),
                code="wrong_class",
            )
    elif pupil.classroom.school_id != council.school_id:
        raise Http404


def _check_role(council: Council, role: str, seat: Seat | None = None) -> None:
    if role not in SeatRole.values:
        raise ValidationError(_("Choose a role."), code="role")
    if role == SeatRole.CHAIR:
        chairs = selectors.current_seats(council).filter(role=SeatRole.CHAIR)
        if seat is not None:
            chairs = chairs.exclude(pk=seat.pk)
        if chairs.exists():
            raise ValidationError(
                _("The council already has a chair. Change the chair's role first."),
                code="chair_taken",
            )


def _check_club(council: Council, club: Club | None) -> None:
    if club is not None and club.council_id != council.pk:
        raise Http404


def seat_add(
    *,
    by,
    council: Council,
    pupil: Pupil,
    role: str = SeatRole.MEMBER,
    club: Club | None = None,
    started_on: date | None = None,
) -> Seat:
    """Seats ``pupil`` in ``council``: once, within the statutory seats."""
    _managed(by, council)
    if not selectors.pupils_for_user(by).filter(pk=pupil.pk).exists():
        raise Http404
    with transaction.atomic():
        # One seating at a time per council, so two at once cannot overfill it.
        Council.objects.select_for_update().get(pk=council.pk)
        _eligible_pupil(council, pupil)
        _check_role(council, role)
        _check_club(council, club)
        seats = selectors.current_seats(council)
        if seats.filter(pupil=pupil).exists():
            raise ValidationError(
                _("%(pupil)s already holds a seat in this council.")
                % {"pupil": pupil.pseudonym},
                code="already_seated",
            )
        if seats.count() >= council.statutory_seats:
            raise ValidationError(
                _("Every seat of the council is taken."), code="council_full"
            )
        try:
            with transaction.atomic():
                return Seat.objects.create(
                    council=council,
                    pupil=pupil,
                    role=role,
                    club=club,
                    started_on=started_on or timezone.localdate(),
                )
        except IntegrityError:
            raise ValidationError(
                _("%(pupil)s already holds a seat in this council.")
                % {"pupil": pupil.pseudonym},
                code="already_seated",
            ) from None


def seat_update(*, by, seat: Seat, role: str, club: Club | None = None) -> Seat:
    """Changes a member's role or club."""
    council = _managed(by, seat.council)
    if seat.ended_on is not None:
        raise ValidationError(_("This member has left the council."), code="ended")
    _check_role(council, role, seat)
    _check_club(council, club)
    seat.role, seat.club = role, club
    seat.save(update_fields=["role", "club"])
    return seat


def seat_end(*, by, seat: Seat, ended_on: date | None = None) -> Seat:
    """Ends a member's term early (the seat becomes vacant; the record stays for
    the minutes of past sittings)."""
    _managed(by, seat.council)
    if seat.ended_on is not None:
        raise ValidationError(_("This member has left the council."), code="ended")
    seat.ended_on = max(ended_on or timezone.localdate(), seat.started_on)
    seat.save(update_fields=["ended_on"])
    return seat


def club_add(*, by, council: Council, name: str) -> Club:
    """Adds a club to a council (role-play councils play the clubs of the real
    body)."""
    _managed(by, council)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the club a name."), code="club_name")
    if council.clubs.filter(name__iexact=name).exists():
        raise ValidationError(
            _("The council already has a club of that name."), code="club_name"
        )
    return Club.objects.create(council=council, name=name[:100])


# From an election -------------------------------------------------------------

ELECTION_FOR = {
    CouncilKind.STUDENT_COUNCIL: "student_council",
    CouncilKind.CITY_YOUTH_COUNCIL: "city_youth_council",
}


@dataclass
class Seating:
    """What seating from an election did: the seats made, and the winners left
    out with the reason."""

    seated: list[Seat] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def election_winners(election) -> list:
    """The options the election's count elected, in the order of the count. The
    count names winners by their labels; a label two options share cannot be
    told apart, so neither is returned."""
    from simulations.models import ElectionState
    from simulations.services.tally import election_tally

    if election.state not in (ElectionState.CLOSED, ElectionState.PUBLISHED):
        raise ValidationError(
            _("Seat members only from an election that has closed."),
            code="election_not_closed",
        )
    tally = election_tally(election=election)
    contests = election.contests.prefetch_related("options__pupil__classroom")
    winners: list = []
    for contest, count in zip(contests, tally.contests, strict=True):
        if count.result is None:
            continue
        by_label: dict[str, list] = {}
        for option in contest.options.all():
            by_label.setdefault(option.name, []).append(option)
        for label in count.result.winners or []:
            matching = by_label.get(str(label), [])
            if len(matching) == 1:
                winners.append(matching[0])
    return winners


def seats_from_election(*, by, council: Council, election) -> Seating:
    """Seats the winners of a closed student-council (or city youth council)
    election. Winners who are not pupils on the platform, already seated, or over
    the statutory seats are skipped with the reason."""
    from simulations import selectors as election_selectors

    _managed(by, council)
    if not election_selectors.user_manages(by, election):
        raise Http404
    if ELECTION_FOR.get(council.kind) != election.kind:
        raise ValidationError(
            _("Choose an election of the same kind as the council."),
            code="election_kind",
        )
    if council.school_id is not None and election.school_id != council.school_id:
        raise Http404
    seating = Seating()
    for option in election_winners(election):
        if option.pupil is None:
            seating.skipped.append((option.name, _("not a pupil on the platform")))
            continue
        try:
            seating.seated.append(seat_add(by=by, council=council, pupil=option.pupil))
        except ValidationError as error:
            seating.skipped.append((option.name, error.messages[0]))
    return seating

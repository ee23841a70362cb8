"""Councils through their services: kinds, statutory seats, roles, clubs and
seating the winners of an election."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from school_councils import councils
from school_councils import services as school_services
from school_councils.models import CouncilKind, Seat, SeatRole
from simulations import services as election_services
from simulations.models import BallotAccess, ElectionKind

pytestmark = pytest.mark.django_db

TERM = {"term_start": datetime.date(2026, 9, 1), "term_end": datetime.date(2027, 6, 30)}


def student_council(world, seats=5, **extra):
    return councils.council_create(
        by=world.coordinator,
        kind=CouncilKind.STUDENT_COUNCIL,
        name="Samorząd",
        school=world.school,
        statutory_seats=seats,
        **TERM,
        **extra,
    )


def assert_refused(code, function, **kwargs):
    with pytest.raises(ValidationError) as caught:
        function(**kwargs)
    assert caught.value.code == code


def test_a_role_play_council_has_the_real_bodys_seats_by_default(school_a):
    for kind, seats in [
        (CouncilKind.MOCK_CITY_COUNCIL, 43),
        (CouncilKind.MOCK_SEJM, 460),
    ]:
        council = councils.council_create(
            by=school_a.teacher,
            kind=kind,
            name="Rada",
            classroom=school_a.classroom,
            **TERM,
        )
        assert council.statutory_seats == seats
        assert council.school == school_a.school


def test_a_class_can_play_a_body_in_miniature(school_a):
    council = councils.council_create(
        by=school_a.teacher,
        kind=CouncilKind.MOCK_SEJM,
        name="Sejm klasowy",
        classroom=school_a.classroom,
        statutory_seats=25,
        **TERM,
    )
    assert council.statutory_seats == 25
    assert councils.council_quorum(council) == Fraction(1, 2)


@pytest.mark.parametrize("seats", [44, 461, -1])
def test_a_miniature_is_never_larger_than_the_real_body(school_a, seats):
    kind = CouncilKind.MOCK_CITY_COUNCIL if seats == 44 else CouncilKind.MOCK_SEJM
    assert_refused(
        "statutory_seats",
        councils.council_create,
        by=school_a.teacher,
        kind=kind,
        name="Rada",
        classroom=school_a.classroom,
        statutory_seats=seats,
        **TERM,
    )


def test_a_role_play_council_seats_only_its_class(school_a):
    other = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="8a",
        grade=8,
        school_year=2026,
    )
    (stranger,) = school_services.pupils_add(
        by=school_a.teacher, classroom=other, pseudonyms_text="Obcy Orzeł"
    )
    council = councils.council_create(
        by=school_a.teacher,
        kind=CouncilKind.MOCK_SEJM,
        name="Sejm",
        classroom=school_a.classroom,
        **TERM,
    )
    councils.seat_add(by=school_a.teacher, council=council, pupil=school_a.pupils[0])
    assert_refused(
        "wrong_class",
        councils.seat_add,
        by=school_a.teacher,
        council=council,
        pupil=stranger,
    )


def test_bad_terms_and_seats_are_refused(school_a):
    assert_refused(
        "term_order",
        councils.council_create,
        by=school_a.coordinator,
        kind=CouncilKind.STUDENT_COUNCIL,
        name="S",
        school=school_a.school,
        statutory_seats=5,
        term_start=datetime.date(2027, 1, 1),
        term_end=datetime.date(2026, 1, 1),
    )
    for seats in (0, 61, None):
        assert_refused("statutory_seats", student_council, world=school_a, seats=seats)
    assert_refused("quorum", student_council, world=school_a, quorum=Fraction(3, 2))


def test_a_council_is_not_filled_beyond_its_seats(school_a):
    council = student_council(school_a, seats=1)
    councils.seat_add(
        by=school_a.coordinator, council=council, pupil=school_a.pupils[0]
    )
    assert_refused(
        "council_full",
        councils.seat_add,
        by=school_a.coordinator,
        council=council,
        pupil=school_a.pupils[1],
    )


def test_a_pupil_holds_one_seat_and_a_council_one_chair(school_a):
    council = student_council(school_a)
    first, second = school_a.pupils
    councils.seat_add(
        by=school_a.coordinator, council=council, pupil=first, role=SeatRole.CHAIR
    )
    assert_refused(
        "already_seated",
        councils.seat_add,
        by=school_a.coordinator,
        council=council,
        pupil=first,
    )
    assert_refused(
        "chair_taken",
        councils.seat_add,
        by=school_a.coordinator,
        council=council,
        pupil=second,
        role=SeatRole.CHAIR,
    )
    seat = councils.seat_add(by=school_a.coordinator, council=council, pupil=second)
    councils.seat_update(by=school_a.coordinator, seat=seat, role=SeatRole.SECRETARY)
    assert Seat.objects.get(pk=seat.pk).role == SeatRole.SECRETARY


def test_an_ended_seat_is_vacant_and_can_be_filled_again(school_a):
    council = student_council(school_a, seats=1)
    seat = councils.seat_add(
        by=school_a.coordinator, council=council, pupil=school_a.pupils[0]
    )
    councils.seat_end(by=school_a.coordinator, seat=seat)
    councils.seat_add(
        by=school_a.coordinator, council=council, pupil=school_a.pupils[1]
    )
    assert council.seats.count() == 2


def test_clubs_belong_to_their_council(school_a, school_b):
    mine = student_council(school_a)
    theirs = student_council(school_b)
    club = councils.club_add(by=school_a.coordinator, council=mine, name="Klub A")
    assert_refused(
        "club_name",
        councils.club_add,
        by=school_a.coordinator,
        council=mine,
        name="klub a",
    )
    seat = councils.seat_add(
        by=school_b.coordinator, council=theirs, pupil=school_b.pupils[0]
    )
    with pytest.raises(Http404):
        councils.seat_update(
            by=school_b.coordinator, seat=seat, role="member", club=club
        )


def test_another_school_cannot_touch_the_council(school_a, school_b):
    council = student_council(school_a)
    for user in (school_b.teacher, school_b.coordinator, school_b.pupils[0].user):
        with pytest.raises(Http404):
            councils.seat_add(by=user, council=council, pupil=school_a.pupils[0])
        with pytest.raises(Http404):
            councils.club_add(by=user, council=council, name="X")
    with pytest.raises(Http404):
        councils.seat_add(
            by=school_a.coordinator, council=council, pupil=school_b.pupils[0]
        )


def test_the_city_youth_council_seats_one_pupil_per_school(
    school_a, school_b, city_coordinator
):
    council = councils.council_create(
        by=city_coordinator,
        kind=CouncilKind.CITY_YOUTH_COUNCIL,
        name="Młodzieżowa Rada Krakowa",
        statutory_seats=20,
        **TERM,
    )
    councils.seat_add(by=city_coordinator, council=council, pupil=school_a.pupils[0])
    councils.seat_add(by=city_coordinator, council=council, pupil=school_b.pupils[0])
    assert_refused(
        "school_represented",
        councils.seat_add,
        by=city_coordinator,
        council=council,
        pupil=school_a.pupils[1],
    )
    with pytest.raises(Http404):
        councils.council_create(
            by=school_a.coordinator,
            kind=CouncilKind.CITY_YOUTH_COUNCIL,
            name="X",
            statutory_seats=5,
            **TERM,
        )


def _student_council_election(world):
    """A closed student-council election in which the world's first pupil got
    every vote."""
    election = election_services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.STUDENT_COUNCIL,
        title="Samorząd",
        classrooms=[world.classroom],
        access=BallotAccess.ACCOUNTS,
    )
    contest = election.contests.get()
    for pupil in world.pupils:
        candidacy = election_services.candidacy_submit(
            by=world.teacher, contest=contest, pupil=pupil, manifesto="Wybierz mnie"
        )
        election_services.candidacy_approve(by=world.teacher, candidacy=candidacy)
    election_services.election_open(by=world.teacher, election=election)
    winner = contest.options.get(pupil=world.pupils[0])
    for pupil in world.pupils:
        election_services.ballot_cast(
            election=election,
            pupil=pupil,
            choices={str(contest.pk): {"marks": [winner.pk]}},
        )
    return election_services.election_close(by=world.teacher, election=election)


def test_the_winners_of_a_closed_election_are_seated(school_a):
    election = _student_council_election(school_a)
    council = student_council(school_a)

    seating = councils.seats_from_election(
        by=school_a.coordinator, council=council, election=election
    )

    seated = {seat.pupil for seat in seating.seated}
    assert school_a.pupils[0] in seated
    winners = {o.pupil for o in councils.election_winners(election)}
    assert seated == winners
    again = councils.seats_from_election(
        by=school_a.coordinator, council=council, election=election
    )
    assert again.seated == []
    assert len(again.skipped) == len(winners)


def test_an_open_election_seats_nobody(school_a):
    election = election_services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.STUDENT_COUNCIL,
        title="S",
        classrooms=[school_a.classroom],
    )
    council = student_council(school_a)
    assert_refused(
        "election_not_closed",
        councils.seats_from_election,
        by=school_a.coordinator,
        council=council,
        election=election,
    )

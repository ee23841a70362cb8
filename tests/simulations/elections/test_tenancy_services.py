"""Only the people who run an election can change it; to everyone else it does not
exist (404)."""

import pytest
from django.http import Http404

from school_councils import services as school_services
from school_councils.models import StaffRole
from simulations import selectors, services
from simulations.models import Election, ElectionKind

from .conftest import class_election

pytestmark = pytest.mark.django_db


def management_calls(world, election):
    """Every service that changes an election, with arguments for ``election``."""
    contest = election.contests.get()
    candidacy = contest.candidacies.first()
    return [
        (services.election_update, {"election": election, "title": "X"}),
        (services.election_open, {"election": election}),
        (services.election_close, {"election": election}),
        (services.election_publish, {"election": election}),
        (services.election_second_round_create, {"election": election}),
        (
            services.contest_add,
            {"election": election, "name": "X", "method": "plurality"},
        ),
        (services.contest_update, {"contest": contest, "name": "X"}),
        (services.option_add, {"contest": contest, "name": "X"}),
        (services.option_remove, {"option": contest.options.first()}),
        (services.electorate_set, {"election": election, "classrooms": []}),
        (services.candidacy_approve, {"candidacy": candidacy}),
        (services.candidacy_withdraw, {"candidacy": candidacy}),
        (
            services.voting_codes_issue,
            {"election": election, "classroom": world.classroom},
        ),
    ]


def draft_of_school_b(school_b):
    election = class_election(school_b, pupils=[school_b.pupils[0]])
    contest = election.contests.get()
    services.candidacy_submit(
        by=school_b.teacher, contest=contest, pupil=school_b.pupils[1]
    )
    return election


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_staff_of_another_school_cannot_touch_its_election(school_a, school_b, role):
    election = draft_of_school_b(school_b)
    before = Election.objects.filter(pk=election.pk).values_list().get()
    user = getattr(school_a, role)

    for call, kwargs in management_calls(school_b, election):
        with pytest.raises(Http404):
            call(by=user, **kwargs)

    assert Election.objects.filter(pk=election.pk).values_list().get() == before
    assert election.contests.get().options.count() == 1


def test_a_pupil_cannot_run_their_classes_election(school_b):
    election = draft_of_school_b(school_b)
    # The calls touch the first pupil's candidacy; this is the other pupil.
    pupil = school_b.pupils[1]

    for call, kwargs in management_calls(school_b, election):
        with pytest.raises(Http404):
            call(by=pupil.user, **kwargs)


def test_another_teacher_of_the_same_school_does_not_run_a_colleagues_election(
    school_b,
):
    colleague = school_services.staff_user_create(
        username="teacher-b2",
        email="teacher-b2@example.org",
        password="pass-for-tests-1",
        school=school_b.school,
        role=StaffRole.TEACHER,
    )
    election = draft_of_school_b(school_b)

    assert not selectors.user_manages(colleague, election)
    with pytest.raises(Http404):
        services.election_open(by=colleague, election=election)


def test_the_schools_coordinator_and_the_city_coordinator_run_it(
    school_b, city_coordinator
):
    election = draft_of_school_b(school_b)

    assert selectors.user_manages(school_b.coordinator, election)
    assert selectors.user_manages(city_coordinator, election)
    services.election_open(by=school_b.coordinator, election=election)
    services.election_close(by=city_coordinator, election=election)


def test_a_teacher_cannot_create_an_election_in_another_school(school_a, school_b):
    with pytest.raises(Http404):
        services.election_create(
            by=school_a.teacher,
            school=school_b.school,
            kind=ElectionKind.CLASS_REPRESENTATIVE,
            title="Obce",
        )


def test_a_teacher_cannot_let_another_schools_class_vote(school_a, school_b):
    election = class_election(school_a)

    with pytest.raises(Http404):
        services.electorate_set(
            by=school_a.teacher, election=election, classrooms=[school_b.classroom]
        )


def test_each_user_lists_only_the_elections_they_run(school_a, school_b):
    mine = class_election(school_a)
    theirs = class_election(school_b)

    assert list(selectors.elections_managed_by(school_a.teacher)) == [mine]
    assert list(selectors.elections_managed_by(school_b.coordinator)) == [theirs]
    assert not selectors.elections_managed_by(school_a.pupils[0].user).exists()

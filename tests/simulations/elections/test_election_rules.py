"""An election's rules are fixed when voting opens; its states move one way."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from school_councils import services as school_services
from simulations import services
from simulations.models import (
    BallotAccess,
    Election,
    ElectionKind,
    ElectionState,
    Method,
)

from .conftest import (
    ballot,
    cast_all,
    class_election,
    future,
    open_class_election,
    option_ids,
    past,
)

pytestmark = pytest.mark.django_db


def assert_refused(code, call, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.messages


def rule_changes(world, election):
    """Every service that changes a rule, with arguments for ``election``."""
    contest = election.contests.get()
    option = contest.options.first()
    candidacy = contest.candidacies.first()
    by = world.teacher
    return [
        (services.option_add, {"by": by, "contest": contest, "name": "Nowy"}),
        (services.option_remove, {"by": by, "option": option}),
        (
            services.contest_add,
            {"by": by, "election": election, "name": "Drugie", "method": "plurality"},
        ),
        (services.contest_update, {"by": by, "contest": contest, "seats": 2}),
        (
            services.electorate_set,
            {"by": by, "election": election, "classrooms": []},
        ),
        (services.candidacy_withdraw, {"by": by, "candidacy": candidacy}),
        (
            services.election_update,
            {"by": by, "election": election, "closes_at": future(600)},
        ),
        (
            services.election_update,
            {"by": by, "election": election, "access": BallotAccess.ACCOUNTS},
        ),
    ]


def test_no_rule_can_change_once_voting_has_opened(school_a):
    election = open_class_election(school_a)
    before = (
        list(election.contests.values_list()),
        list(election.contests.get().options.values_list()),
        list(election.electorate.values_list()),
        Election.objects.filter(pk=election.pk).values_list().get(),
    )

    for call, kwargs in rule_changes(school_a, election):
        assert_refused("rules_locked", call, **kwargs)

    after = (
        list(election.contests.values_list()),
        list(election.contests.get().options.values_list()),
        list(election.electorate.values_list()),
        Election.objects.filter(pk=election.pk).values_list().get(),
    )
    assert after == before


def test_the_same_changes_are_allowed_while_the_election_is_a_draft(school_a):
    election = class_election(school_a)
    contest = election.contests.get()

    for call, kwargs in rule_changes(school_a, election):
        call(**kwargs)

    election.refresh_from_db()
    contest.refresh_from_db()
    assert election.access == BallotAccess.ACCOUNTS
    assert contest.seats == 2
    assert election.contests.filter(name="Drugie").exists()
    assert contest.options.filter(name="Nowy").exists()
    assert not election.electorate.exists()


def test_the_title_can_still_be_corrected_after_opening(school_a):
    election = open_class_election(school_a)

    services.election_update(by=school_a.teacher, election=election, title="Poprawiony")

    assert Election.objects.get(pk=election.pk).title == "Poprawiony"


def test_a_new_candidacy_is_refused_after_opening(school_a):
    election = open_class_election(school_a, pupils=[school_a.pupils[0]])
    contest = election.contests.get()

    assert_refused(
        "rules_locked",
        services.candidacy_submit,
        by=school_a.teacher,
        contest=contest,
        pupil=school_a.pupils[1],
    )


def test_a_pupil_can_stand_and_waits_for_a_teachers_approval(school_a):
    election = class_election(school_a, pupils=[])
    contest = election.contests.get()
    pupil = school_a.pupils[0]

    candidacy = services.candidacy_submit(
        by=pupil.user, contest=contest, pupil=pupil, manifesto="Więcej wycieczek"
    )

    assert not candidacy.is_approved
    assert not contest.options.exists()
    option = services.candidacy_approve(by=school_a.teacher, candidacy=candidacy)
    assert option.pupil == pupil
    assert option.description == "Więcej wycieczek"


def test_a_pupil_outside_the_electorate_cannot_stand(school_a):
    other = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="1a",
        grade=1,
        school_year=2026,
    )
    (outsider,) = school_services.pupils_add(
        by=school_a.teacher, classroom=other, pseudonyms_text="Cichy Jeż"
    )
    election = class_election(school_a)

    assert_refused(
        "not_in_electorate",
        services.candidacy_submit,
        by=school_a.teacher,
        contest=election.contests.get(),
        pupil=outsider,
    )


def test_an_election_without_candidates_cannot_open(school_a):
    election = class_election(school_a, pupils=[])

    assert_refused(
        "no_candidates", services.election_open, by=school_a.teacher, election=election
    )
    assert Election.objects.get(pk=election.pk).state == ElectionState.DRAFT


def test_an_election_without_voters_cannot_open(school_a):
    election = class_election(school_a)
    services.electorate_set(by=school_a.teacher, election=election, classrooms=[])

    assert_refused(
        "no_electorate", services.election_open, by=school_a.teacher, election=election
    )


def test_opening_takes_the_number_of_eligible_voters(school_a):
    election = open_class_election(school_a)
    school_services.pupils_generate(
        by=school_a.teacher, classroom=school_a.classroom, count=3
    )

    assert election.eligible_count == 2


def test_voting_must_close_after_it_opens(school_a):
    assert_refused(
        "closes_before_opening",
        services.election_create,
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CLASS_REPRESENTATIVE,
        title="Wybory",
        opens_at=future(60),
        closes_at=future(30),
    )


def test_results_cannot_be_published_while_voting_is_open(school_a):
    election = open_class_election(school_a)

    assert_refused(
        "not_closed", services.election_publish, by=school_a.teacher, election=election
    )


def test_results_under_embargo_wait_for_it(school_a):
    election = open_class_election(school_a, results_not_before=future(60))
    services.election_close(by=school_a.teacher, election=election)

    assert_refused(
        "embargo", services.election_publish, by=school_a.teacher, election=election
    )

    Election.objects.filter(pk=election.pk).update(results_not_before=past(1))
    election.refresh_from_db()
    published = services.election_publish(by=school_a.teacher, election=election)
    assert published.state == ElectionState.PUBLISHED


def test_publishing_after_the_closing_time_closes_the_election_first(school_a):
    election = open_class_election(school_a, closes_at=future(30))
    Election.objects.filter(pk=election.pk).update(
        opens_at=timezone.now() - timedelta(hours=1), closes_at=past(1)
    )
    election.refresh_from_db()

    published = services.election_publish(by=school_a.teacher, election=election)

    assert published.state == ElectionState.PUBLISHED


def test_a_closed_election_cannot_close_again_or_reopen(school_a):
    election = open_class_election(school_a)
    services.election_close(by=school_a.teacher, election=election)

    assert_refused(
        "not_open", services.election_close, by=school_a.teacher, election=election
    )
    assert_refused(
        "rules_locked", services.election_open, by=school_a.teacher, election=election
    )


def test_a_teacher_cannot_run_a_city_wide_election(school_a):
    assert_refused(
        "city_wide",
        services.election_create,
        by=school_a.teacher,
        school=None,
        kind=ElectionKind.CUSTOM,
        title="Miasto",
        method=Method.PLURALITY,
    )


def test_a_city_coordinator_runs_the_youth_council_with_one_seat_per_school(
    school_a, school_b, city_coordinator
):
    election = services.election_create(
        by=city_coordinator,
        school=None,
        kind=ElectionKind.CITY_YOUTH_COUNCIL,
        title="Młodzieżowa Rada Krakowa",
        schools=[school_a.school, school_b.school],
    )

    contests = list(election.contests.values_list("name", "seats"))
    assert contests == [(school_a.school.name, 1), (school_b.school.name, 1)]
    assert election.electorate.filter(contest__isnull=False).count() == 2


def test_closing_rewrites_the_ballots_so_no_transaction_id_pairs_them_with_voters(
    school_a,
):
    election = open_class_election(school_a, access=BallotAccess.ACCOUNTS)
    first, _ = option_ids(election)
    for pupil in school_a.pupils:
        services.ballot_cast(
            election=election, pupil=pupil, choices=ballot(election, {"mark": first})
        )

    def xmins(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {table}")
            return {row[0] for row in cursor.fetchall()}

    participations = xmins("simulations_voterparticipation")
    assert xmins("simulations_ballotrecord") == participations
    services.election_close(by=school_a.teacher, election=election)

    resealed = xmins("simulations_ballotrecord")
    assert len(resealed) == 1
    assert resealed.isdisjoint(participations)


def test_issuing_codes_after_close_is_refused(school_a):
    election = open_class_election(school_a)
    cast_all(school_a, election, [{"blank": True}])
    services.election_close(by=school_a.teacher, election=election)

    assert_refused(
        "closed",
        services.voting_codes_issue,
        by=school_a.teacher,
        election=election,
        classroom=school_a.classroom,
    )

"""Counting an election from its secret ballots, and recounting it from the
published ballot list."""

import json
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from school_councils import services as school_services
from simulations import selectors, services
from simulations.models import ElectionKind, Method
from simulations.services.ballots import contest_spec
from simulations.services.counting import BallotGroup, count_contest
from simulations.services.tally import MIN_STATION_BALLOTS

from .conftest import cast_all, class_election, open_class_election, option_ids

pytestmark = pytest.mark.django_db


def close(world, election):
    return services.election_close(by=world.teacher, election=election)


def publish(world, election):
    close(world, election)
    return services.election_publish(by=world.teacher, election=election)


def test_a_class_election_is_counted_with_its_winner_and_numbers(school_a):
    election = open_class_election(school_a)
    first, second = option_ids(election)
    cast_all(
        school_a,
        election,
        [{"mark": first}] * 3 + [{"mark": second}] * 2 + [{"blank": True}],
    )
    close(school_a, election)

    (count,) = services.election_tally(election=election).contests

    assert count.result.winners == ["Bystry Bóbr"]
    assert count.votes == {"Bystry Bóbr": 3, "Zwinny Lis": 2}
    assert (count.valid, count.blank, count.spoiled) == (5, 1, 0)


def custom_election(world):
    """A custom election with an STV race and a referendum question."""
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.CUSTOM,
        title="Rada klasowa",
        method=Method.STV,
        seats=2,
        classrooms=[world.classroom],
    )
    stv = election.contests.get()
    for name in ("Ala", "Bartek", "Celina", "Darek"):
        services.option_add(by=world.teacher, contest=stv, name=name)
    question = services.contest_add(
        by=world.teacher,
        election=election,
        name="Czy wycieczka do Wieliczki?",
        method=Method.REFERENDUM,
    )
    return services.election_open(by=world.teacher, election=election), stv, question


def test_the_tally_equals_a_recount_from_the_published_ballot_list(school_a):
    election, stv, question = custom_election(school_a)
    a, b, c, d = stv.options.values_list("pk", flat=True)
    rankings = [[a, b], [a, c], [b, a], [c, d], [d, c], [a], [c, b, a]]
    answers = ["yes", "no", "yes", "yes", "no", "yes", "no"]
    cast_all(
        school_a,
        election,
        [
            {str(stv.pk): {"ranking": r}, str(question.pk): {"answer": x}}
            for r, x in zip(rankings, answers, strict=True)
        ]
        + [{str(stv.pk): {"blank": True}, str(question.pk): {"spoiled": True}}],
    )
    publish(school_a, election)

    published = selectors.published_ballots(election).values(
        "contest_id", "tracker", "status", "choices"
    )
    assert len(published) == 16
    recount = Counter(
        (row["contest_id"], row["status"], json.dumps(row["choices"], sort_keys=True))
        for row in published
    )
    tally = services.election_tally(election=election)
    for contest, count in zip((stv, question), tally.contests, strict=True):
        groups = [
            BallotGroup(status, json.loads(choices), n)
            for (contest_id, status, choices), n in recount.items()
            if contest_id == contest.pk
        ]
        spec = contest_spec(contest, eligible=election.eligible_count)
        again = count_contest(spec, groups)
        assert again.result.to_dict() == count.result.to_dict()
        assert (again.valid, again.blank, again.spoiled) == (
            count.valid,
            count.blank,
            count.spoiled,
        )


def test_the_ballot_list_stays_empty_until_the_results_are_published(school_a):
    election = open_class_election(school_a)
    cast_all(school_a, election, [{"blank": True}])
    close(school_a, election)

    assert list(selectors.published_ballots(election)) == []


def test_a_mock_sejm_is_counted_over_its_constituencies_with_open_lists(
    school_a,
):
    other_class = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="8a",
        grade=8,
        school_year=2026,
    )
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.SEJM,
        title="Wybory do Sejmu w szkole",
        constituencies=[13, 12],
        classrooms=[school_a.classroom, other_class],
    )
    krakow, chrzanow = election.contests.all()
    assert (krakow.seats, chrzanow.seats) == (14, 8)
    ballots = {}
    for contest in (krakow, chrzanow):
        lists = {}
        for party in ("Komitet A", "Komitet B", "Komitet C"):
            lists[party] = services.option_add(
                by=school_a.teacher, contest=contest, name=party
            )
            for number in (1, 2):
                services.option_add(
                    by=school_a.teacher,
                    contest=contest,
                    name=f"{party} kandydat {number}",
                    party_list=lists[party],
                )
        ballots[contest.pk] = lists
    for row in election.electorate.all():
        contest = krakow if row.classroom == school_a.classroom else chrzanow
        services.electorate_assign(by=school_a.teacher, row=row, contest=contest)
    services.election_open(by=school_a.teacher, election=election)

    def vote(contest, party, number):
        party_list = ballots[contest.pk][party]
        candidate = party_list.candidates.get(name=f"{party} kandydat {number}")
        return {str(contest.pk): {"list": party_list.pk, "candidate": candidate.pk}}

    cast_all(
        school_a,
        election,
        [vote(krakow, "Komitet A", 2)] * 8
        + [vote(krakow, "Komitet B", 1)] * 6
        + [vote(krakow, "Komitet C", 1)],
    )
    cast_all(
        school_a,
        election,
        [vote(chrzanow, "Komitet A", 1)] * 3 + [vote(chrzanow, "Komitet B", 1)] * 5,
        classroom=other_class,
    )
    close(school_a, election)

    tally = services.election_tally(election=election)

    # Komitet C has 1 of 23 votes, under 5%: no seat anywhere.
    assert tally.combined.seats == {"Komitet A": 11, "Komitet B": 11, "Komitet C": 0}
    assert tally.contests[0].result.seats["Komitet A"] == 8
    candidates = tally.contests[0].result.steps[-1]["lists"][0]["candidates"]
    assert candidates[0] == {
        "name": "Komitet A kandydat 2",
        "votes": 8,
        "elected": True,
    }


def test_a_presidential_first_round_without_a_majority_leads_to_a_second_round(
    school_a,
):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.PRESIDENT,
        title="Prezydent",
        classrooms=[school_a.classroom],
    )
    contest = election.contests.get()
    for name in ("Ala", "Bartek", "Celina"):
        services.option_add(by=school_a.teacher, contest=contest, name=name)
    services.election_open(by=school_a.teacher, election=election)
    a, b, c = contest.options.values_list("pk", flat=True)
    cast_all(
        school_a,
        election,
        [{"mark": a}] * 4 + [{"mark": b}] * 3 + [{"mark": c}] * 2,
    )
    close(school_a, election)

    second = services.election_second_round_create(
        by=school_a.teacher, election=election
    )

    assert sorted(second.contests.get().options.values_list("name", flat=True)) == [
        "Ala",
        "Bartek",
    ]
    services.election_open(by=school_a.teacher, election=second)
    ala, bartek = (
        second.contests.get().options.order_by("position").values_list("pk", flat=True)
    )
    cast_all(school_a, second, [{"mark": bartek}] * 5 + [{"mark": ala}] * 4)
    close(school_a, second)

    (count,) = services.election_tally(election=second).contests
    assert count.result.winners == ["Bartek"]
    rounds = [step["round"] for step in count.result.steps if step["kind"] == "round"]
    assert rounds == [1, 2]


def test_a_first_round_with_a_majority_winner_has_no_second_round(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.PRESIDENT,
        title="Prezydent",
        classrooms=[school_a.classroom],
    )
    contest = election.contests.get()
    for name in ("Ala", "Bartek"):
        services.option_add(by=school_a.teacher, contest=contest, name=name)
    services.election_open(by=school_a.teacher, election=election)
    cast_all(school_a, election, [{"mark": contest.options.first().pk}] * 3)
    close(school_a, election)

    with pytest.raises(ValidationError) as caught:
        services.election_second_round_create(by=school_a.teacher, election=election)
    assert caught.value.code == "no_second_round"


def test_results_by_class_show_only_classes_with_enough_ballots(school_a):
    small = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="6c",
        grade=6,
        school_year=2026,
    )
    tiny = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="6d",
        grade=6,
        school_year=2026,
    )
    election = class_election(school_a)
    services.electorate_set(
        by=school_a.teacher,
        election=election,
        classrooms=[school_a.classroom, small, tiny],
    )
    services.election_open(by=school_a.teacher, election=election)
    first, second = option_ids(election)
    cast_all(school_a, election, [{"mark": first}] * MIN_STATION_BALLOTS)
    cast_all(school_a, election, [{"mark": second}] * 4, classroom=small)
    cast_all(school_a, election, [{"mark": first}] * 1, classroom=tiny)

    (rows,) = services.station_tally(election=election).by_contest.values()

    # The two small classes are merged: neither is shown on its own.
    assert [row.classroom for row in rows] == [school_a.classroom, None]
    assert rows[1].count.votes == {"Bystry Bóbr": 1, "Zwinny Lis": 4}


def test_a_single_small_class_is_never_left_alone_in_the_merged_row(school_a):
    small = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="6c",
        grade=6,
        school_year=2026,
    )
    election = class_election(school_a)
    services.electorate_set(
        by=school_a.teacher, election=election, classrooms=[school_a.classroom, small]
    )
    services.election_open(by=school_a.teacher, election=election)
    first, _ = option_ids(election)
    cast_all(school_a, election, [{"mark": first}] * (MIN_STATION_BALLOTS + 1))
    cast_all(school_a, election, [{"mark": first}], classroom=small)

    (rows,) = services.station_tally(election=election).by_contest.values()

    assert [row.classroom for row in rows] == [None]

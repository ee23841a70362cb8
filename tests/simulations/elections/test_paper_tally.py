"""Paper protocols are counted with the online ballots, by hand-checked numbers,
and never become ballot rows or tracker-list entries."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from simulations import selectors, services
from simulations.models import BallotRecord
from simulations.services.protocol_rules import Pile

from .conftest import cast_all
from .polling_helpers import (
    custom_election,
    figures,
    list_election,
    open_two_candidates,
    option_map,
)

pytestmark = pytest.mark.django_db


def save(world, election, protocol, *, station=None, name=""):
    return services.paper_protocol_save(
        by=world.teacher,
        contest=election.contests.get(),
        figures=protocol,
        station=station,
        station_name=name,
    )


def test_a_paper_station_and_online_ballots_make_one_plurality_count(school_a):
    election = open_two_candidates(school_a)
    names = option_map(election)
    bystry, zwinny = names["Bystry Bóbr"], names["Zwinny Lis"]
    # Online: Bystry 2, Zwinny 1, one blank.
    cast_all(
        school_a,
        election,
        [{"mark": bystry}, {"mark": bystry}, {"mark": zwinny}, {"blank": True}],
    )
    # Paper: 22 valid (Bystry 10, Zwinny 12), 2 invalid, 1 blank.
    save(
        school_a,
        election,
        figures(
            eligible=30,
            issued=25,
            in_box=25,
            invalid=2,
            blank=1,
            valid=22,
            votes={bystry: 10, zwinny: 12},
        ),
        name="Sala gimnastyczna",
    )

    (count,) = services.election_tally(election=election).contests

    assert count.votes == {"Bystry Bóbr": 12, "Zwinny Lis": 13}
    assert (count.valid, count.blank, count.spoiled) == (25, 2, 2)
    assert count.result.winners == ["Zwinny Lis"]
    assert BallotRecord.objects.count() == 4


def test_paper_voters_count_in_the_turnout(school_a):
    election = open_two_candidates(school_a)
    names = option_map(election)
    cast_all(school_a, election, [{"mark": names["Zwinny Lis"]}])
    save(
        school_a,
        election,
        figures(
            eligible=30,
            issued=20,
            in_box=20,
            valid=20,
            votes={names["Bystry Bóbr"]: 20, names["Zwinny Lis"]: 0},
        ),
        name="Sala gimnastyczna",
    )

    turnout = selectors.election_turnout(election)

    # The class: 1 online voter; the named station: 20 of its 30.
    assert turnout.voted == 21
    assert turnout.eligible == election.eligible_count + 30
    assert turnout.by_station == {"Sala gimnastyczna": (20, 30)}
    assert turnout.by_classroom == {school_a.classroom.pk: 1}


def test_a_class_paper_protocol_counts_in_the_classs_results(school_a):
    election = open_two_candidates(school_a)
    names = option_map(election)
    save(
        school_a,
        election,
        figures(
            eligible=2,
            issued=2,
            in_box=2,
            valid=2,
            votes={names["Bystry Bóbr"]: 2, names["Zwinny Lis"]: 0},
        ),
        station=school_a.classroom,
    )

    stations = services.station_tally(election=election).by_contest
    (row,) = stations[election.contests.get().pk]

    # Two ballots are too few to show a class on its own: merged, still counted.
    assert row.classroom is None
    assert row.count.votes == {"Bystry Bóbr": 2, "Zwinny Lis": 0}
    assert selectors.election_turnout(election).by_classroom == {
        school_a.classroom.pk: 2
    }


def test_block_vote_marks_on_paper_count_with_the_right_number_of_ballots(school_a):
    election = custom_election(
        school_a, method="block", seats=2, names=["Ala", "Ola", "Ela"]
    )
    ids = option_map(election)
    # Online: {Ala, Ola}, {Ela}.
    cast_all(
        school_a,
        election,
        [{"marks": [ids["Ala"], ids["Ola"]]}, {"marks": [ids["Ela"]]}],
    )
    # Paper: 10 valid ballots, 8 marks for Ala, 3 for Ola, 7 for Ela.
    save(
        school_a,
        election,
        figures(
            eligible=12,
            issued=12,
            in_box=12,
            blank=2,
            valid=10,
            votes={ids["Ala"]: 8, ids["Ola"]: 3, ids["Ela"]: 7},
        ),
        name="Biblioteka",
    )

    (count,) = services.election_tally(election=election).contests

    assert count.votes == {"Ala": 9, "Ola": 4, "Ela": 8}
    assert (count.valid, count.blank) == (12, 2)
    assert count.result.details["valid_ballots"] == 12
    assert sorted(count.result.winners) == ["Ala", "Ela"]


def test_list_votes_on_paper_count_for_lists_and_candidates(school_a):
    election = list_election(
        school_a, {"Lista A": ["Ala", "Ola"], "Lista B": ["Ela"]}, seats=3
    )
    contest = election.contests.get()
    ids = {o.name: o.pk for o in contest.options.all()}
    save(
        school_a,
        election,
        figures(
            eligible=20,
            issued=20,
            in_box=20,
            valid=20,
            votes={
                ids["Lista A"]: 14,
                ids["Ala"]: 9,
                ids["Ola"]: 5,
                ids["Lista B"]: 6,
                ids["Ela"]: 6,
            },
        ),
        name="Aula",
    )

    (count,) = services.election_tally(election=election).contests

    # D'Hondt, 3 seats: A 14, 7, 4.67; B 6 → A 2, B 1.
    assert count.votes == {"Lista A": 14, "Lista B": 6}
    assert count.candidate_votes["Lista A"] == {"Ala": 9, "Ola": 5}
    assert count.result.seats == {"Lista A": 2, "Lista B": 1}
    assert sorted(count.result.winners) == ["Ala", "Ela", "Ola"]


def test_ranked_piles_on_paper_are_counted_as_whole_ballots(school_a):
    election = custom_election(school_a, method="irv", names=["Ala", "Ola", "Ela"])
    ids = option_map(election)
    # Paper: 4 × Ala>Ola, 3 × Ola>Ala, 1 × Ela>Ola; online: 1 × Ela>Ola.
    cast_all(school_a, election, [{"ranking": [ids["Ela"], ids["Ola"]]}])
    save(
        school_a,
        election,
        figures(
            eligible=8,
            issued=8,
            in_box=8,
            valid=8,
            piles=[
                Pile((ids["Ala"], ids["Ola"]), 4),
                Pile((ids["Ola"], ids["Ala"]), 3),
                Pile((ids["Ela"], ids["Ola"]), 1),
            ],
        ),
        name="Aula",
    )

    (count,) = services.election_tally(election=election).contests

    # First preferences Ala 4, Ola 3, Ela 2 of 9: no majority. Ela is out and
    # both her ballots go to Ola: Ola 5, Ala 4, and 5 of 9 is a majority. Had
    # the piles been counted by first marks only, Ala would have won.
    assert count.votes == {"Ala": 4, "Ola": 3, "Ela": 2}
    assert count.valid == 9
    assert count.result.winners == ["Ola"]


def test_the_published_page_says_what_came_from_paper(school_a):
    election = open_two_candidates(school_a)
    names = option_map(election)
    cast_all(school_a, election, [{"mark": names["Zwinny Lis"]}])
    save(
        school_a,
        election,
        figures(
            eligible=5,
            issued=5,
            in_box=5,
            valid=5,
            votes={names["Bystry Bóbr"]: 3, names["Zwinny Lis"]: 2},
        ),
        name="Sala gimnastyczna",
    )
    services.election_close(by=school_a.teacher, election=election)
    services.election_publish(by=school_a.teacher, election=election)

    with translation.override("en"):
        page = Client().get(
            reverse("results_public", args=[election.public_id]),
            HTTP_ACCEPT_LANGUAGE="en",
            headers={"cookie": "django_language=en"},
        )

    text = page.content.decode()
    assert "Votes from paper ballots" in text
    assert "Sala gimnastyczna" in text
    # Only the online ballot is in the tracker list.
    assert page.context["ballot_page"].paginator.count == 1

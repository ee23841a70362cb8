"""The control rules of a paper protocol, one by one, with the message each gives.

The checks are pure (``services.protocol_rules``); the messages come from the
service, so these tests go through ``paper_protocol_save`` and check that a
refused protocol writes nothing.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from simulations import services
from simulations.models import PaperProtocol, PaperProtocolRevision
from simulations.services.protocol_rules import (
    Pile,
    check_protocol,
    spread_marks,
)
from simulations.services.rules import BallotSpec

from .polling_helpers import (
    custom_election,
    figures,
    list_election,
    open_two_candidates,
    option_map,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(world, election, protocol, **station):
    """Saves ``protocol`` at a named station; returns the messages per field."""
    contest = election.contests.get()
    with pytest.raises(ValidationError) as caught:
        services.paper_protocol_save(
            by=world.teacher,
            contest=contest,
            figures=protocol,
            station_name=station.get("name", "Gym"),
        )
    assert PaperProtocol.objects.count() == 0
    assert PaperProtocolRevision.objects.count() == 0
    return caught.value.message_dict


@pytest.fixture
def election(school_a):
    return open_two_candidates(school_a)


def consistent(election, **changes):
    a, b = option_map(election).values()
    values = {
        "eligible": 30,
        "issued": 25,
        "in_box": 25,
        "invalid": 2,
        "blank": 1,
        "valid": 22,
        "votes": {a: 10, b: 12},
    }
    return figures(**{**values, **changes})


def test_a_consistent_protocol_is_saved_with_its_first_revision(school_a, election):
    protocol = services.paper_protocol_save(
        by=school_a.teacher,
        contest=election.contests.get(),
        figures=consistent(election),
        station_name="  Sala   gimnastyczna ",
    )

    assert protocol.station_name == "Sala gimnastyczna"
    assert (protocol.in_box, protocol.valid) == (25, 22)
    (revision,) = protocol.revisions.all()
    assert revision.number == 1
    assert revision.saved_by == school_a.teacher
    assert revision.figures["valid"] == 22


def test_no_figure_may_be_negative(school_a, election):
    errors = refusal(school_a, election, consistent(election, invalid=-1))

    assert errors == {"invalid": ["Cannot be negative."]}


def test_a_negative_vote_is_refused_on_its_own_field(school_a, election):
    a, b = option_map(election).values()
    errors = refusal(school_a, election, consistent(election, votes={a: -1, b: 23}))

    assert errors == {f"option-{a}": ["Cannot be negative."]}


def test_more_ballots_issued_than_voters_entitled_is_refused(school_a, election):
    errors = refusal(school_a, election, consistent(election, eligible=24))

    assert errors == {
        "issued": ["More ballots issued than voters entitled to vote (24)."]
    }


def test_more_ballots_in_the_box_than_issued_is_refused(school_a, election):
    a, b = option_map(election).values()
    protocol = consistent(election, in_box=26, valid=23, votes={a: 11, b: 12})

    errors = refusal(school_a, election, protocol)

    assert errors == {
        "in_box": ["More ballots in the box than were issued (25): count again."]
    }


def test_fewer_ballots_in_the_box_than_issued_need_an_explanation(school_a, election):
    a, b = option_map(election).values()
    short = consistent(election, in_box=24, valid=21, votes={a: 10, b: 11})

    errors = refusal(school_a, election, short)

    assert errors == {
        "note": [
            "1 issued ballot is not in the box: explain the difference in the remarks."
        ]
    }
    explained = consistent(
        election,
        in_box=24,
        valid=21,
        votes={a: 10, b: 11},
        note="One pupil took the ballot home.",
    )
    services.paper_protocol_save(
        by=school_a.teacher,
        contest=election.contests.get(),
        figures=explained,
        station_name="Gym",
    )
    assert PaperProtocol.objects.get().note == "One pupil took the ballot home."


def test_valid_invalid_and_blank_must_make_the_ballots_in_the_box(school_a, election):
    errors = refusal(school_a, election, consistent(election, blank=2))

    assert errors == {
        "valid": [
            "Valid, invalid and blank ballots make 26 together, but 25 ballots "
            "were found in the box."
        ]
    }


def test_votes_per_candidate_must_add_up_to_the_valid_votes(school_a, election):
    a, b = option_map(election).values()

    errors = refusal(school_a, election, consistent(election, votes={a: 10, b: 11}))

    assert errors == {
        "votes": ["The votes add up to 21, but there are 22 valid votes."]
    }


def test_a_vote_for_someone_not_on_the_ballot_is_refused(school_a, election):
    a, b = option_map(election).values()
    errors = refusal(
        school_a, election, consistent(election, votes={a: 10, b: 12, 999999: 0})
    )

    assert errors == {"votes": ["A vote is for an option that is not on this ballot."]}


def test_every_broken_rule_is_reported_at_once(school_a, election):
    a, b = option_map(election).values()
    errors = refusal(
        school_a,
        election,
        consistent(election, eligible=20, blank=5, votes={a: 1, b: 1}),
    )

    assert set(errors) == {"issued", "valid", "votes"}


def test_a_lists_votes_must_equal_its_candidates_votes(school_a):
    election = list_election(school_a, {"Lista A": ["Ala", "Ola"], "Lista B": ["Ela"]})
    contest = election.contests.get()
    ids = {o.name: o.pk for o in contest.options.all()}
    protocol = figures(
        eligible=20,
        issued=20,
        in_box=20,
        valid=20,
        votes={
            ids["Lista A"]: 12,
            ids["Ala"]: 7,
            ids["Ola"]: 4,
            ids["Lista B"]: 8,
            ids["Ela"]: 8,
        },
    )

    errors = refusal(school_a, election, protocol)

    assert errors == {
        f"option-{ids['Lista A']}": [
            "The list's votes (12) must equal the sum of its candidates' votes (11)."
        ]
    }


def test_a_block_vote_allows_at_most_seats_marks_per_valid_ballot(school_a):
    election = custom_election(
        school_a, method="block", seats=2, names=["Ala", "Ola", "Ela"]
    )
    ids = option_map(election)
    too_many = figures(
        eligible=10,
        issued=10,
        in_box=10,
        valid=10,
        votes={ids["Ala"]: 9, ids["Ola"]: 8, ids["Ela"]: 4},
    )
    too_few = figures(
        eligible=10, issued=10, in_box=10, valid=10, votes={ids["Ala"]: 9}
    )
    twice = figures(eligible=10, issued=10, in_box=10, valid=10, votes={ids["Ala"]: 11})

    assert refusal(school_a, election, too_many) == {
        "votes": ["21 marks are more than the valid ballots can hold (20)."]
    }
    assert refusal(school_a, election, too_few) == {
        "votes": [
            "Fewer marks than valid ballots (10): every valid ballot marks someone."
        ]
    }
    assert refusal(school_a, election, twice)[f"option-{ids['Ala']}"] == [
        "More marks than valid ballots (10): a ballot marks a name once."
    ]


def test_ranked_piles_must_be_real_ballots_and_add_up(school_a):
    election = custom_election(school_a, method="irv", names=["Ala", "Ola", "Ela"])
    ids = option_map(election)
    repeated = Pile((ids["Ala"], ids["Ala"]), 3)
    protocol = figures(
        eligible=10,
        issued=10,
        in_box=10,
        valid=10,
        piles=[Pile((ids["Ola"], ids["Ala"]), 6), repeated],
    )

    errors = refusal(school_a, election, protocol)

    assert errors == {
        "piles": [
            "Line 2: an option is marked or ranked twice.",
            "The votes add up to 9, but there are 10 valid votes.",
        ]
    }


def test_a_referendum_protocol_counts_yes_and_no(school_a):
    spec = BallotSpec(method="referendum")
    assert (
        check_protocol(
            spec,
            figures(eligible=5, issued=5, in_box=5, valid=5, votes={"yes": 3, "no": 2}),
        )
        == []
    )
    (problem,) = check_protocol(
        spec, figures(eligible=5, issued=5, in_box=5, valid=5, votes={"yes": 3})
    )
    assert problem.code == "votes_differ"


@given(
    marks=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8),
    ballots=st.integers(min_value=1, max_value=40),
    seats=st.integers(min_value=1, max_value=8),
)
def test_spread_marks_rebuilds_the_marks_on_exactly_the_valid_ballots(
    marks, ballots, seats
):
    totals = dict(enumerate(marks))
    total = sum(marks)
    if max(marks) > ballots or not ballots <= total <= seats * ballots:
        return  # not a consistent protocol: the rules refuse it first
    spread = spread_marks(totals, ballots)

    assert sum(spread.values()) == ballots
    rebuilt = dict.fromkeys(totals, 0)
    for ballot, count in spread.items():
        assert 1 <= len(ballot) <= seats
        for option in ballot:
            rebuilt[option] += count
    assert rebuilt == totals

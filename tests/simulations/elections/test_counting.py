"""The pure core: ballot shapes per method and counting grouped ballots.

No database: a contest is a ``ContestSpec`` and its ballots ``BallotGroup`` rows,
as the tally hands them over.
"""

from dataclasses import replace
from fractions import Fraction

import pytest

from simulations.services.counting import (
    NO_VALID_VOTES,
    BallotGroup,
    ContestSpec,
    count_contest,
    count_list_preset,
    tally_votes,
)
from simulations.services.rules import (
    METHOD_RULES,
    BallotShapeError,
    BallotSpec,
    check_ballot,
)

PEOPLE = {1: "Ala", 2: "Bartek", 3: "Celina", 4: "Darek"}


def spec(method, seats=1, **extra):
    return ContestSpec(
        name="Test",
        method=method,
        seats=seats,
        labels=extra.pop("labels", PEOPLE),
        candidates=extra.pop("candidates", list(PEOPLE)),
        **extra,
    )


def valid(count, **choices):
    return BallotGroup("valid", choices, count)


# Ballot shapes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "raw", "canonical"),
    [
        ("plurality", {"mark": 2}, {"mark": 2}),
        ("block", {"marks": [3, 1]}, {"marks": [1, 3]}),
        ("approval", {"marks": [4, 2, 1]}, {"marks": [1, 2, 4]}),
        ("stv", {"ranking": [3, 1, 2]}, {"ranking": [3, 1, 2]}),
        ("referendum", {"answer": "no"}, {"answer": "no"}),
    ],
)
def test_a_fitting_ballot_is_valid_and_put_in_canonical_form(method, raw, canonical):
    ballot_spec = BallotSpec(method=method, seats=2, candidates=frozenset(PEOPLE))
    assert check_ballot(ballot_spec, raw) == ("valid", canonical)


@pytest.mark.parametrize(
    ("method", "raw", "code"),
    [
        ("plurality", {"mark": 9}, "unknown_option"),
        ("plurality", {"marks": [1]}, "wrong_shape"),
        ("block", {"marks": [1, 2, 3]}, "too_many_marks"),
        ("approval", {"marks": [1, 1]}, "repeated_option"),
        ("approval", {"marks": []}, "no_mark"),
        ("irv", {"ranking": [1, 2, 1]}, "repeated_option"),
        ("irv", {"spoiled": True}, "spoiled_not_allowed"),
        ("referendum", {"answer": "maybe"}, "bad_answer"),
        ("plurality", {"blank": "yes"}, "unknown_key"),
        ("plurality", None, "not_an_object"),
    ],
)
def test_a_ballot_that_does_not_fit_says_why(method, raw, code):
    ballot_spec = BallotSpec(method=method, seats=2, candidates=frozenset(PEOPLE))
    with pytest.raises(BallotShapeError) as caught:
        check_ballot(ballot_spec, raw)
    assert caught.value.code == code


def test_a_list_ballot_marks_one_candidate_on_the_list_it_names():
    ballot_spec = BallotSpec(
        method="dhondt", lists={10: frozenset({1, 2}), 20: frozenset({3})}
    )

    assert check_ballot(ballot_spec, {"list": 10, "candidate": 2})[1] == {
        "list": 10,
        "candidate": 2,
    }
    with pytest.raises(BallotShapeError) as caught:
        check_ballot(ballot_spec, {"list": 10, "candidate": 3})
    assert caught.value.code == "candidate_not_on_list"


def test_every_method_accepts_a_blank_ballot():
    for method in METHOD_RULES:
        ballot_spec = BallotSpec(method=method, candidates=frozenset(PEOPLE))
        assert check_ballot(ballot_spec, {"blank": True}) == ("blank", {})


# Counting --------------------------------------------------------------------------


def test_plurality_counts_marks_and_keeps_blank_and_spoiled_apart():
    groups = [
        valid(3, mark=1),
        valid(2, mark=2),
        BallotGroup("blank", {}, 4),
        BallotGroup("spoiled", {}, 1),
    ]

    count = count_contest(spec("plurality"), groups)

    assert count.result.winners == ["Ala"]
    assert (count.valid, count.blank, count.spoiled) == (5, 4, 1)
    assert count.votes == {"Ala": 3, "Bartek": 2, "Celina": 0, "Darek": 0}


def test_a_contest_with_only_blank_ballots_has_no_result_and_says_so():
    count = count_contest(spec("plurality"), [BallotGroup("blank", {}, 3)])
    assert count.result is None
    assert count.problem == NO_VALID_VOTES


def test_block_vote_elects_the_most_marked_up_to_the_seats():
    groups = [valid(4, marks=[1, 2]), valid(3, marks=[2, 3]), valid(1, marks=[4])]

    count = count_contest(spec("block", seats=2), groups)

    assert count.result.winners == ["Bartek", "Ala"]
    assert count.votes["Bartek"] == 7


def test_stv_counts_rankings_and_shows_its_stages():
    groups = [
        valid(6, ranking=[1, 2]),
        valid(4, ranking=[2, 1]),
        valid(3, ranking=[3, 4]),
        valid(2, ranking=[4, 3]),
    ]

    count = count_contest(spec("stv", seats=2), groups)

    assert set(count.result.winners) == {"Ala", "Celina"}
    assert any(step["kind"] == "stage" for step in count.result.steps)
    assert count.votes == {"Ala": 6, "Bartek": 4, "Celina": 3, "Darek": 2}


def test_irv_transfers_the_eliminated_candidates_ballots():
    groups = [valid(4, ranking=[1]), valid(3, ranking=[2]), valid(2, ranking=[3, 2])]

    count = count_contest(spec("irv"), groups)

    assert count.result.winners == ["Bartek"]


def test_the_tie_lot_is_seeded_by_the_contest_so_a_recount_draws_the_same():
    groups = [valid(2, mark=1), valid(2, mark=2)]
    first = count_contest(spec("plurality", seed=7), groups)
    again = count_contest(spec("plurality", seed=7), groups)

    assert first.result.winners == again.result.winners
    assert first.result.ties[0].seed == 7


def test_a_referendum_counts_yes_no_blank_and_spoiled_against_the_quorum():
    groups = [
        valid(30, answer="yes"),
        valid(10, answer="no"),
        BallotGroup("blank", {}, 5),
        BallotGroup("spoiled", {}, 5),
    ]
    referendum = spec("referendum", labels={}, candidates=[], quorum="national")

    binding = count_contest(replace(referendum, eligible=90), groups)
    not_binding = count_contest(replace(referendum, eligible=100), groups)

    assert binding.result.winners == ["yes"]
    assert binding.result.details["took_part"] == 50
    assert not_binding.result.details["binding"] is False


LISTS = {10: "Lista A", 11: "Ala", 12: "Bartek", 20: "Lista B", 21: "Celina"}


def list_spec(**extra):
    return ContestSpec(
        name=extra.pop("name", "Okręg 1"),
        method="dhondt",
        seats=extra.pop("seats", 3),
        labels=LISTS,
        lists={10: [11, 12], 20: [21]},
        kinds={10: "party", 20: "party"},
        **extra,
    )


def test_list_seats_go_to_the_candidates_with_the_most_votes_on_each_list():
    groups = [
        valid(5, list=10, candidate=12),
        valid(2, list=10, candidate=11),
        valid(3, list=20, candidate=21),
    ]

    count = count_contest(list_spec(), groups)

    assert count.result.seats == {"Lista A": 2, "Lista B": 1}
    assert count.result.winners == ["Bartek", "Ala", "Celina"]
    assert count.candidate_votes["Lista A"] == {"Ala": 2, "Bartek": 5}
    kinds = [step["kind"] for step in count.result.steps]
    assert kinds == ["quotient_table", "seat_order", "candidates"]


def test_a_list_under_the_threshold_gets_no_seat():
    groups = [valid(96, list=10, candidate=11), valid(4, list=20, candidate=21)]

    count = count_contest(list_spec(threshold=Fraction(5, 100)), groups)

    assert count.result.seats == {"Lista A": 3, "Lista B": 0}


def test_a_mock_sejm_applies_the_threshold_over_all_its_constituencies():
    krakow = list_spec(name="13. Kraków", seats=14)
    chrzanow = list_spec(name="12. Chrzanów", seats=8)
    counts = [
        tally_votes(
            krakow, [valid(60, list=10, candidate=11), valid(2, list=20, candidate=21)]
        ),
        tally_votes(
            chrzanow,
            [valid(30, list=10, candidate=12), valid(3, list=20, candidate=21)],
        ),
    ]

    result = count_list_preset("sejm", counts, seed=1)

    assert result.seats == {"Lista A": 22, "Lista B": 0}
    assert result.steps[0]["kind"] == "threshold"
    assert counts[0].result.seats == {"Lista A": 14, "Lista B": 0}
    # Two candidates cannot fill fourteen seats: the rest stay unfilled.
    (row,) = counts[0].result.steps[-1]["lists"]
    assert row["unfilled"] == 12


def test_a_mock_european_parliament_shares_the_house_nationally_then_by_list():
    krakow = list_spec(name="10. Kraków", seats=53)
    counts = [
        tally_votes(
            krakow, [valid(70, list=10, candidate=11), valid(30, list=20, candidate=21)]
        )
    ]

    result = count_list_preset("european_parliament", counts)

    assert result.seats == {"Lista A": 37, "Lista B": 16}
    assert counts[0].result.seats == {"Lista A": 37, "Lista B": 16}

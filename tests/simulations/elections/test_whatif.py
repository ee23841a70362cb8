"""What if: the same ballots under other methods, with exact numbers on
hand-built ballots, the methods a ballot cannot be counted by, and the
differences in words."""

from fractions import Fraction

import pytest

from simulations.services.counting import BallotGroup, ContestSpec
from simulations.services.whatif import (
    NOT_RANKED,
    ONE_MARK,
    ONE_QUESTION,
    contest_whatifs,
    list_whatif,
    people_whatif,
)

LISTS = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E"}
# Seven seats; 46, 26, 16, 8 and 4 votes (100 in all).
LIST_VOTES = {1: 46, 2: 26, 3: 16, 4: 8, 5: 4}


def list_spec(method="dhondt", threshold=None):
    labels = {**LISTS, **{10 + k: f"{name} 1" for k, name in LISTS.items()}}
    return ContestSpec(
        name="Sejmik",
        method=method,
        seats=7,
        labels=labels,
        lists={k: [10 + k] for k in LISTS},
        threshold=threshold,
        seed=3,
    )


def list_groups():
    return [
        BallotGroup("valid", {"list": k, "candidate": 10 + k}, n)
        for k, n in LIST_VOTES.items()
    ] + [BallotGroup("blank", {}, 2)]


def seats_by(whatif):
    return {v.key: v.seats for v in whatif.variants}


def test_lists_are_counted_by_three_methods_with_and_without_a_threshold():
    whatif = list_whatif([list_spec()], [list_groups()])

    assert seats_by(whatif) == {
        "dhondt": {"A": 4, "B": 2, "C": 1, "D": 0, "E": 0},
        "dhondt+threshold": {"A": 4, "B": 2, "C": 1, "D": 0, "E": 0},
        "sainte_lague": {"A": 3, "B": 2, "C": 1, "D": 1, "E": 0},
        "sainte_lague+threshold": {"A": 3, "B": 2, "C": 1, "D": 1, "E": 0},
        "hare_niemeyer": {"A": 3, "B": 2, "C": 1, "D": 1, "E": 0},
        "hare_niemeyer+threshold": {"A": 3, "B": 2, "C": 1, "D": 1, "E": 0},
    }


def test_the_rule_used_is_marked_and_only_lists_whose_seats_change_are_named():
    whatif = list_whatif([list_spec()], [list_groups()])

    assert whatif.baseline.key == "dhondt"
    differences = dict(whatif.seat_differences())
    assert sorted(differences) == ["A", "D"]
    assert [n for _v, n in differences["D"]] == [0, 0, 1, 1, 1, 1]


def test_a_threshold_of_ten_per_cent_takes_d_out_of_the_count():
    whatif = list_whatif([list_spec(threshold=Fraction(1, 10))], [list_groups()])

    seats = seats_by(whatif)
    assert whatif.baseline.key == "dhondt+threshold"
    # 86 votes of A, B and C share 7 seats: 46/86 of 7 is 3.74, 26/86 is 2.12.
    assert seats["hare_niemeyer+threshold"] == {"A": 4, "B": 2, "C": 1, "D": 0, "E": 0}
    assert seats["sainte_lague+threshold"] == {"A": 4, "B": 2, "C": 1, "D": 0, "E": 0}


def ranked_spec(method="irv"):
    return ContestSpec(
        name="Przewodniczący",
        method=method,
        labels={1: "Ala", 2: "Bartek", 3: "Celina"},
        candidates=[1, 2, 3],
        seed=1,
    )


RANKINGS = [([1, 2, 3], 4), ([2, 3, 1], 3), ([3, 2, 1], 2)]


def ranked_groups():
    return [BallotGroup("valid", {"ranking": r}, n) for r, n in RANKINGS]


def test_rankings_are_counted_by_every_single_winner_method():
    whatif = people_whatif(ranked_spec(), ranked_groups())

    winners = {v.method: v.winners for v in whatif.variants}
    # Ala has the most first choices (4 of 9); Celina's 2 go to Bartek, who
    # also beats Ala head to head, 5 to 4.
    assert winners == {
        "plurality": ["Ala"],
        "two_round": ["Bartek"],
        "irv": ["Bartek"],
        "schulze": ["Bartek"],
        "borda": ["Bartek"],
    }
    assert [v.method for v in whatif.winner_differences()] == ["plurality"]
    assert [u.method for u in whatif.unavailable] == ["approval"]


def test_a_one_mark_ballot_cannot_be_ranked_and_the_reason_is_given():
    spec = ContestSpec(
        name="Klasa",
        method="plurality",
        labels={1: "Ala", 2: "Bartek", 3: "Celina"},
        candidates=[1, 2, 3],
    )
    groups = [
        BallotGroup("valid", {"mark": 1}, 3),
        BallotGroup("valid", {"mark": 2}, 2),
        BallotGroup("valid", {"mark": 3}, 1),
        BallotGroup("spoiled", {}, 1),
    ]

    whatif = people_whatif(spec, groups)

    assert [v.method for v in whatif.variants] == ["plurality", "two_round"]
    assert whatif.variants[0].winners == ["Ala"]
    two_round = whatif.variants[1]
    assert two_round.winners == []
    assert two_round.result.details["finalists"] == ["Ala", "Bartek"]
    assert {(u.method, u.reason) for u in whatif.unavailable} == {
        ("irv", ONE_MARK),
        ("schulze", ONE_MARK),
        ("borda", ONE_MARK),
    }


def test_marks_for_a_council_are_counted_by_block_vote_and_pav_but_not_stv():
    spec = ContestSpec(
        name="Samorząd",
        method="block",
        seats=2,
        labels={1: "Ala", 2: "Bartek", 3: "Celina"},
        candidates=[1, 2, 3],
    )
    groups = [
        BallotGroup("valid", {"marks": [1, 2]}, 6),
        BallotGroup("valid", {"marks": [1]}, 1),
        BallotGroup("valid", {"marks": [3]}, 5),
    ]

    whatif = people_whatif(spec, groups)

    winners = {v.method: sorted(v.winners) for v in whatif.variants}
    # Block vote: Ala 7 marks, Bartek 6, Celina 5. PAV elects Ala first; then
    # the six ballots that marked her count half for Bartek (3), less than
    # Celina's 5.
    assert winners == {"block": ["Ala", "Bartek"], "pav": ["Ala", "Celina"]}
    assert [(u.method, u.reason) for u in whatif.unavailable] == [("stv", NOT_RANKED)]


def test_a_referendum_has_one_way_of_counting():
    spec = ContestSpec(name="Referendum", method="referendum", quorum="none")

    whatif = people_whatif(spec, [BallotGroup("valid", {"answer": "yes"}, 3)])

    assert whatif.variants == []
    assert [u.reason for u in whatif.unavailable] == [ONE_QUESTION]


def test_a_mock_sejm_is_counted_as_a_whole_with_the_preset_thresholds():
    krakow = ContestSpec(
        name="13. Kraków",
        method="dhondt",
        seats=14,
        labels={1: "A", 2: "B", 3: "C", 11: "A 1", 12: "B 1", 13: "C 1"},
        lists={1: [11], 2: [12], 3: [13]},
    )
    chrzanow = ContestSpec(
        name="12. Chrzanów",
        method="dhondt",
        seats=8,
        labels={4: "A", 5: "B", 6: "C", 14: "A 1", 15: "B 1", 16: "C 1"},
        lists={4: [14], 5: [15], 6: [16]},
    )
    groups = {
        100: [
            BallotGroup("valid", {"list": 1, "candidate": 11}, 10),
            BallotGroup("valid", {"list": 2, "candidate": 12}, 8),
            BallotGroup("valid", {"list": 3, "candidate": 13}, 2),
        ],
        200: [
            BallotGroup("valid", {"list": 4, "candidate": 14}, 20),
            BallotGroup("valid", {"list": 5, "candidate": 15}, 20),
        ],
    }

    (whatif,) = contest_whatifs([krakow, chrzanow], groups, [100, 200], preset="sejm")

    seats = seats_by(whatif)
    # C has 2 of 60 votes (3.3%): under the Sejm's 5% it wins nothing, though
    # its 2 of 20 votes in Kraków would win a seat there (quotients 10/5, 8/4
    # and 2/1 all take seats 8 to 10 of 14). Chrzanów splits 4 and 4.
    assert whatif.baseline.key == "dhondt+threshold"
    assert seats["dhondt+threshold"] == {"A": 12, "B": 10, "C": 0}
    assert seats["dhondt"] == {"A": 11, "B": 10, "C": 1}
    assert whatif.seats == 22


@pytest.mark.parametrize("method", ["dhondt", "irv"])
def test_no_valid_ballots_give_a_problem_not_a_crash(method):
    spec = list_spec() if method == "dhondt" else ranked_spec()
    (whatif,) = contest_whatifs([spec], {1: [BallotGroup("blank", {}, 2)]}, [1])

    assert whatif.variants
    assert {v.problem for v in whatif.variants} == {"no_valid_votes"}

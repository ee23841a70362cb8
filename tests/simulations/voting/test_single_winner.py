"""Single-winner methods against hand-checked and published examples, and the
errors a user sees for bad input."""

import json

import pytest

from simulations.voting.ballots import (
    ApprovalBallot,
    RankedBallot,
    SingleMarkBallot,
    first_preferences,
)
from simulations.voting.base import Lot, VotingError
from simulations.voting.single import (
    JSON_METHODS,
    approval,
    borda,
    instant_runoff,
    plurality,
    schulze,
    two_round,
    two_round_from_rankings,
)


def ranked(*rows):
    """Rankings written as ("ABC", count), one letter per candidate."""
    return [RankedBallot(tuple(letters), count) for letters, count in rows]


def marks(**votes):
    return [SingleMarkBallot(name, count) for name, count in votes.items()]


# The capital of Tennessee (Wikipedia, "Instant-runoff voting" and "Borda count"):
# 100 voters, as per cent of the state living near each city.
TENNESSEE = [
    RankedBallot(("Memphis", "Nashville", "Chattanooga", "Knoxville"), 42),
    RankedBallot(("Nashville", "Chattanooga", "Knoxville", "Memphis"), 26),
    RankedBallot(("Chattanooga", "Knoxville", "Nashville", "Memphis"), 15),
    RankedBallot(("Knoxville", "Chattanooga", "Nashville", "Memphis"), 17),
]

# Markus Schulze's example of 45 voters and 5 candidates (Wikipedia, "Schulze
# method", example 1), with its published matrices d and p.
SCHULZE_45 = ranked(
    ("ACBED", 5),
    ("ADECB", 5),
    ("BEDAC", 8),
    ("CABED", 3),
    ("CAEBD", 7),
    ("CBADE", 2),
    ("DCEBA", 7),
    ("EBADC", 8),
)
SCHULZE_D = {
    "A": {"B": 20, "C": 26, "D": 30, "E": 22},
    "B": {"A": 25, "C": 16, "D": 33, "E": 18},
    "C": {"A": 19, "B": 29, "D": 17, "E": 24},
    "D": {"A": 15, "B": 12, "C": 28, "E": 14},
    "E": {"A": 23, "B": 27, "C": 21, "D": 31},
}
SCHULZE_P = {
    "A": {"B": 28, "C": 28, "D": 30, "E": 24},
    "B": {"A": 25, "C": 28, "D": 33, "E": 24},
    "C": {"A": 25, "B": 29, "D": 29, "E": 24},
    "D": {"A": 25, "B": 28, "C": 28, "E": 24},
    "E": {"A": 25, "B": 28, "C": 28, "D": 31},
}


def steps_of(result, kind):
    return [step for step in result.steps if step["kind"] == kind]


# Plurality and approval


def test_plurality_elects_the_candidate_with_the_most_votes():
    result = plurality(first_preferences(TENNESSEE))

    assert result.winners == ["Memphis"]
    assert result.steps[0]["percent"]["Memphis"] == 42
    assert result.ties == []


def test_plurality_tie_goes_to_a_seeded_lot_that_is_recorded_and_repeatable():
    ballots = marks(Ala=3, Bartek=3, Cezary=1)

    first = plurality(ballots, lot=Lot(7))
    again = plurality(list(reversed(ballots)), lot=Lot(7))

    assert first.winners == again.winners
    assert first.winners[0] in {"Ala", "Bartek"}
    (tie,) = first.ties
    assert (tie.between, tie.rule, tie.seed) == (["Ala", "Bartek"], "lot", 7)


def test_a_candidate_nobody_voted_for_still_appears_in_the_tally():
    result = plurality(marks(Ala=2), candidates=["Ala", "Bartek"])

    assert result.steps[0]["votes"] == {"Ala": 2, "Bartek": 0}


def test_approval_elects_the_candidate_most_voters_accept():
    ballots = [
        ApprovalBallot(frozenset({"Ala", "Bartek"}), 4),
        ApprovalBallot(frozenset({"Bartek"}), 3),
        ApprovalBallot(frozenset({"Cezary"}), 5),
    ]

    result = approval(ballots)

    assert result.winners == ["Bartek"]
    assert result.steps[0]["votes"] == {"Ala": 4, "Bartek": 7, "Cezary": 5}
    assert result.steps[0]["percent"]["Bartek"] == pytest.approx(58.333, abs=1e-3)


# Two-round majority


def test_more_than_half_of_the_valid_votes_wins_in_round_one():
    result = two_round(marks(Ala=6, Bartek=3, Cezary=2))

    assert result.winners == ["Ala"]
    assert result.details["status"] == "elected_in_round_1"
    assert len(steps_of(result, "round")) == 1


def test_exactly_half_is_not_enough_and_the_top_two_go_to_a_second_round():
    result = two_round(marks(Ala=5, Bartek=3, Cezary=2))

    assert result.winners == []
    assert result.details["status"] == "runoff_needed"
    assert result.details["finalists"] == ["Ala", "Bartek"]


def test_second_round_ballots_decide_between_the_two_finalists():
    result = two_round(marks(Ala=5, Bartek=3, Cezary=2), runoff=marks(Ala=4, Bartek=6))

    assert result.winners == ["Bartek"]
    second = steps_of(result, "round")[1]
    assert second["votes"] == {"Ala": 4, "Bartek": 6}
    assert second["percent"] == {"Ala": 40, "Bartek": 60}


def test_a_second_round_vote_for_an_eliminated_candidate_is_refused():
    with pytest.raises(VotingError, match="'Cezary' is not in the second round"):
        two_round(marks(Ala=5, Bartek=3, Cezary=2), runoff=marks(Cezary=1))


def test_second_round_ballots_are_refused_when_round_one_elected_someone():
    with pytest.raises(VotingError, match="no second round"):
        two_round(marks(Ala=6, Bartek=3), runoff=marks(Ala=1))


def test_two_round_from_rankings_reads_the_second_round_from_the_rankings():
    result = two_round_from_rankings(TENNESSEE)

    assert result.details["finalists"] == ["Memphis", "Nashville"]
    second = steps_of(result, "round")[1]
    assert second["votes"] == {"Memphis": 42, "Nashville": 58}
    assert result.winners == ["Nashville"]


def test_rankings_that_name_neither_finalist_stay_home_in_round_two():
    result = two_round_from_rankings(ranked(("AC", 4), ("BA", 3), ("C", 2)))

    second = steps_of(result, "round")[1]
    assert second["votes"] == {"A": 4, "B": 3}
    assert second["abstained"] == 2


def test_a_tied_second_round_goes_to_more_first_round_votes():
    result = two_round(marks(Ala=4, Bartek=3, Cezary=2), runoff=marks(Ala=5, Bartek=5))

    assert result.winners == ["Ala"]
    assert "first round" in result.ties[0].rule


# Instant-runoff


def test_irv_elects_knoxville_in_the_tennessee_example_round_by_round():
    result = instant_runoff(TENNESSEE)

    rounds = steps_of(result, "round")
    assert [r["tallies"] for r in rounds] == [
        {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17},
        {"Memphis": 42, "Nashville": 26, "Knoxville": 32},
        {"Memphis": 42, "Knoxville": 58},
    ]
    assert [r.get("eliminated") for r in rounds] == ["Chattanooga", "Nashville", None]
    assert rounds[0]["transfers"] == {"Knoxville": 15}
    assert result.winners == ["Knoxville"]


def test_irv_majority_is_counted_among_ballots_still_in_play():
    ballots = ranked(("A", 4), ("B", 3), ("CB", 1), ("D", 2))

    result = instant_runoff(ballots)

    third = steps_of(result, "round")[2]
    assert (third["exhausted"], third["active"], third["majority"]) == (2, 8, 5)
    assert third["tallies"] == {"A": 4, "B": 4}
    assert third["eliminated"] == "B"
    assert result.winners == ["A"]


def test_irv_tie_for_fewest_goes_to_fewer_votes_in_the_latest_round_they_differed():
    # Round 1: W 4, X 8, Y 10, Z 5. W goes, its ballots to X: X 12, Y 10, Z 5.
    # Z goes, two ballots to Y: X 12, Y 12. Round 2 had Y below X, so Y goes,
    # although round 1 had X below Y.
    ballots = ranked(("Y", 10), ("X", 8), ("ZY", 2), ("Z", 3), ("WX", 4))

    result = instant_runoff(ballots)

    rounds = steps_of(result, "round")
    assert rounds[2]["tallies"] == {"Y": 12, "X": 12}
    assert rounds[2]["eliminated"] == "Y"
    (tie,) = result.ties
    assert tie.between == ["X", "Y"]
    assert tie.chosen == ["Y"]
    assert result.winners == ["X"]


# Borda


def test_borda_points_match_the_published_tennessee_totals():
    result = borda(TENNESSEE)

    assert steps_of(result, "points")[0]["points"] == {
        "Memphis": 126,
        "Nashville": 194,
        "Chattanooga": 173,
        "Knoxville": 107,
    }
    assert steps_of(result, "points_scheme")[0]["points_by_place"] == [3, 2, 1, 0]
    assert result.winners == ["Nashville"]


def test_borda_gives_the_names_a_truncated_ranking_leaves_out_no_points():
    result = borda(ranked(("A", 1), ("BC", 1)), candidates=["A", "B", "C", "D"])

    assert steps_of(result, "points")[0]["points"] == {"A": 3, "B": 3, "C": 2, "D": 0}
    assert len(result.ties) == 1


# Condorcet and Schulze


def test_schulze_reproduces_the_published_45_voter_example():
    result = schulze(SCHULZE_45)

    assert steps_of(result, "pairwise_preferences")[0]["matrix"] == SCHULZE_D
    assert steps_of(result, "strongest_paths")[0]["matrix"] == SCHULZE_P
    assert steps_of(result, "condorcet")[0]["winner"] is None
    assert result.details["ranking"] == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.winners == ["E"]


def test_schulze_names_the_condorcet_winner_when_there_is_one():
    result = schulze(TENNESSEE)

    assert steps_of(result, "condorcet")[0]["winner"] == "Nashville"
    assert result.winners == ["Nashville"]


# JSON input


def payload(method, **extra):
    ballots = {
        "plurality": [{"choice": "A", "count": 3}, {"choice": "B"}],
        "approval": [{"approval": ["A", "B"], "count": 2}, {"approval": ["B"]}],
    }.get(method, [{"ranking": ["A", "B"], "count": 3}, {"ranking": ["B", "A"]}])
    return {"method": method, "ballots": ballots, **extra}


@pytest.mark.parametrize("method", sorted(JSON_METHODS))
def test_every_json_method_returns_a_result_that_serialises(method):
    result = JSON_METHODS[method](payload(method))

    data = json.loads(json.dumps(result.to_dict()))
    assert data["winners"] in (["A"], ["B"])
    assert data["steps"]


def test_two_round_json_takes_single_marks_and_a_runoff():
    data = {
        "method": "two_round",
        "ballots": [
            {"choice": "A", "count": 4},
            {"choice": "B", "count": 3},
            {"choice": "C"},
        ],
        "runoff": [{"choice": "B", "count": 2}],
        "candidates": ["A", "B", "C"],
        "seed": 3,
    }

    assert JSON_METHODS["two_round"](data).winners == ["B"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (payload("irv", candidates=["A"]), r"ballots\[0\]: 'B' is not one of"),
        (
            {"ballots": [{"ranking": ["A", "B", "A"]}]},
            r"ballots\[0\]: 'A' appears twice in the ranking",
        ),
        ({"ballots": [{"ranking": ["A"], "count": -1}]}, r"ballots\[0\]: count must"),
        ({"ballots": [{"ranking": ["A"], "count": 1.5}]}, "count must be a whole"),
        ({"ballots": [{"ranking": ["A"], "count": "2"}]}, "count must be a whole"),
        ({"ballots": [{"ranking": ["A"], "count": True}]}, "count must be a whole"),
        ({"ballots": [{"ranking": []}]}, "must name at least one candidate"),
        ({"ballots": [{"rank": ["A"]}]}, r"ballots\[0\]: the key 'ranking' is missing"),
        (
            {"ballots": [{"ranking": ["A"], "weight": 2}]},
            r"ballots\[0\]: unknown key 'weight'",
        ),
        ({"ballots": {"ranking": ["A"]}}, "'ballots' must be a list"),
        ({"ballot": []}, "the key 'ballots' is missing"),
        ({"ballots": [], "seats": 2}, "unknown key 'seats'"),
        ({"ballots": [{"ranking": ["A"], "count": 0}]}, "no valid votes"),
        ({"ballots": [{"ranking": ["A"]}], "seed": "x"}, "'seed' must be a whole"),
        ({"ballots": [{"ranking": ["A"]}], "candidates": ["A", "A"]}, "twice"),
    ],
)
def test_bad_ranked_input_is_refused_with_a_message_naming_the_fault(data, message):
    with pytest.raises(VotingError, match=message):
        JSON_METHODS["irv"](data)


@pytest.mark.parametrize(
    ("method", "data", "message"),
    [
        ("plurality", {"ballots": [{"choice": ""}]}, "non-empty name"),
        ("plurality", {"ballots": [{"choice": ["A"]}]}, "non-empty name"),
        ("approval", {"ballots": [{"approval": []}]}, "at least one candidate"),
        ("approval", {"ballots": [{"approval": ["A", "A"]}]}, "appears twice"),
        (
            "two_round",
            {"ballots": [{"ranking": ["A"]}], "runoff": [{"choice": "A"}]},
            "'runoff' goes with single-mark ballots",
        ),
        ("two_round", {"ballots": [{"choice": "A"}], "runoff": 3}, "'runoff' must be"),
        ("schulze", "not an object", "must be a JSON object"),
    ],
)
def test_bad_input_for_other_shapes_is_refused(method, data, message):
    with pytest.raises(VotingError, match=message):
        JSON_METHODS[method](data)

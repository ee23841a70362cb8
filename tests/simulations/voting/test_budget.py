"""Participatory budgets on hand-checked examples: greedy by points and by approvals,
the Method of Equal Shares and its completions, ties, JSON input and .pb files."""

import json
from fractions import Fraction

import pytest

from simulations.voting import budget
from simulations.voting.ballots import ApprovalBallot, RankedBallot
from simulations.voting.base import Lot, VotingError
from simulations.voting.budget import (
    JSON_METHODS,
    count_points,
    greedy_approval,
    greedy_score,
    method_of_equal_shares,
    read_pabulib_election,
)


def rankings(table: dict[str, int]) -> list[RankedBallot]:
    """Returns ranked ballots from ``{"A B C": voters}``."""
    return [RankedBallot(tuple(key.split()), count) for key, count in table.items()]


def approvals(table: dict[str, int]) -> list[ApprovalBallot]:
    """Returns approval ballots from ``{"A B": voters}``."""
    return [
        ApprovalBallot(frozenset(key.split()), count) for key, count in table.items()
    ]


def steps(result, kind):
    return [step for step in result.steps if step["kind"] == kind]


# Greedy by points (Kraków) ----------------------------------------------------

# Points: A 3+3+3 = 9, B 2+2+3 = 7, C 1+1+2 = 4, D 1+2 = 3.
KRAKOW_LIKE = rankings({"A B C": 2, "B C D": 1, "A D": 1})
KRAKOW_COSTS = {"A": 60, "B": 50, "C": 40, "D": 10}


def test_points_are_three_two_and_one_by_place():
    points = count_points(KRAKOW_COSTS, [(b.ranking, b.count) for b in KRAKOW_LIKE])
    assert points == {"A": 9, "B": 7, "C": 4, "D": 3}


def test_greedy_by_points_skips_a_project_that_no_longer_fits():
    result = greedy_score(KRAKOW_LIKE, budget=100, costs=KRAKOW_COSTS)
    # A (60) leaves 40; B (50) does not fit and is skipped; C (40) takes the rest.
    assert result.winners == ["A", "C"]
    assert [(s["kind"], s["project"], s["money"]) for s in result.steps[1:]] == [
        ("fund", "A", 40),
        ("skip", "B", 40),
        ("fund", "C", 0),
        ("skip", "D", 0),
    ]
    assert result.details["spent"] == 100
    assert result.details["left"] == 0


def test_greedy_result_opens_with_the_points_table():
    table = greedy_score(KRAKOW_LIKE, budget=100, costs=KRAKOW_COSTS).steps[0]
    assert table["kind"] == "ranking"
    assert [(row["project"], row["score"]) for row in table["projects"]] == [
        ("A", 9),
        ("B", 7),
        ("C", 4),
        ("D", 3),
    ]


def test_greedy_counts_voters_with_a_funded_project():
    ballots = rankings({"A": 2, "B": 5, "D": 1})
    result = greedy_score(ballots, budget=60, costs=KRAKOW_COSTS)
    # B (15 points) is funded and 10 is left for D; A (6 points) no longer fits.
    assert result.winners == ["B", "D"]
    assert result.details["voters"] == 8
    assert result.details["voters_with_funded_project"] == 6


def test_equal_points_go_to_the_project_more_voters_named():
    # P: 3 points from one first choice; Q: 2 + 1 points from two voters.
    ballots = rankings({"P R": 1, "R Q": 1, "R S Q": 1})
    costs = {"P": 50, "Q": 50, "R": 10, "S": 40}
    result = greedy_score(ballots, budget=100, costs=costs)
    assert result.winners == ["R", "Q", "S"]
    [tie] = result.ties
    assert (tie.between, tie.chosen, tie.rule) == (
        ["P", "Q"],
        ["Q"],
        "more voters named it",
    )


def test_a_tie_between_projects_that_cannot_both_matter_is_not_recorded():
    ballots = rankings({"A": 1, "B": 1})
    result = greedy_score(ballots, budget=60, costs={"A": 60, "B": 70})
    assert result.winners == ["A"]
    assert result.ties == []


def test_points_scheme_is_a_parameter():
    ballots = rankings({"A B": 1, "B": 1})
    costs = {"A": 10, "B": 10}
    assert greedy_score(ballots, budget=10, costs=costs).winners == ["B"]
    only_first = greedy_score(ballots, budget=10, costs=costs, points=[1, 1])
    assert only_first.details["scores"] == {"A": 1, "B": 2}
    assert greedy_score(ballots, budget=10, costs=costs, points=[5, 0]).winners == ["B"]


def test_a_project_without_points_is_never_funded():
    result = greedy_score(rankings({"A": 1}), budget=100, costs={"A": 10, "B": 5})
    assert result.winners == ["A"]
    assert steps(result, "skip")[0]["reason"] == "no points"


def test_points_must_cover_the_longest_ranking():
    with pytest.raises(VotingError, match="ranks 3 projects but only 2 point values"):
        greedy_score(KRAKOW_LIKE, budget=100, costs=KRAKOW_COSTS, points=[2, 1])


# Greedy by approvals ----------------------------------------------------------


def test_equal_approvals_go_to_the_cheaper_project_then_to_the_lot():
    ballots = approvals({"X": 1, "Y": 1, "Z": 1})
    costs = {"X": 5, "Y": 4, "Z": 5}
    result = greedy_approval(ballots, budget=10, costs=costs, lot=Lot(7))
    cheaper, lot = result.ties
    assert (cheaper.chosen, cheaper.rule) == (["Y"], "lower cost")
    assert (lot.between, lot.rule, lot.seed) == (["X", "Z"], "lot", 7)
    assert result.winners == ["Y", *lot.chosen]
    # Anyone can draw the lot again from what the result records.
    again = Lot(lot.seed).draw(lot.between, context=lot.context)
    assert again.chosen == lot.chosen


def test_greedy_approval_is_exhaustive():
    ballots = approvals({"A B": 3, "A": 1, "C": 2, "D": 1})
    costs = {"A": 70, "B": 50, "C": 30, "D": 25}
    result = greedy_approval(ballots, budget=100, costs=costs)
    # A (4 votes, 70) leaves 30: B (3 votes, 50) is skipped, C (2, 30) fits.
    assert result.winners == ["A", "C"]
    assert result.details["left"] == 0


# Method of Equal Shares -------------------------------------------------------

# Two voters approve A and B, one approves C: 100 each at 300.
SHARED = approvals({"A B": 2, "C": 1})
SHARED_COSTS = {"A": 200, "B": 100, "C": 100}


def test_equal_shares_buys_with_supporters_money_only():
    result = method_of_equal_shares(
        SHARED, budget=300, costs=SHARED_COSTS, completion="none"
    )
    # A and B both have 2 effective votes (200/100 and 100/50): B is cheaper. The
    # A-B voters then hold 50 each, too little for A; C's voter buys C alone.
    assert result.winners == ["B", "C"]
    assert result.details["spent"] == 200
    assert result.details["left"] == 100
    assert result.details["per_voter_budget"] == 100


def test_equal_shares_rounds_show_rho_and_each_groups_money():
    result = method_of_equal_shares(
        SHARED, budget=300, costs=SHARED_COSTS, completion="none"
    )
    [groups] = steps(result, "voter_groups")
    assert groups["groups"] == [
        {"group": "G1", "approves": ["A", "B"], "voters": 2},
        {"group": "G2", "approves": ["C"], "voters": 1},
    ]
    first, second = steps(result, "round")
    assert (first["project"], first["rho"], first["effective_votes"]) == ("B", 50, 2)
    assert first["candidates"] == {"A": 2, "B": 2, "C": 1}
    assert first["budgets"] == {"G1": 50, "G2": 100}
    assert (second["project"], second["rho"], second["effective_votes"]) == (
        "C",
        100,
        1,
    )
    assert second["candidates"] == {"A": "unaffordable", "C": 1}
    assert second["budgets"] == {"G1": 50, "G2": 0}
    [tie] = result.ties
    assert (tie.between, tie.chosen, tie.rule) == (["A", "B"], ["B"], "lower cost")


def test_add1_raises_the_share_until_the_next_outcome_would_exceed_the_budget():
    result = method_of_equal_shares(SHARED, budget=300, costs=SHARED_COSTS)
    [add1] = steps(result, "add1")
    # From 100 per voter the A-B voters can afford A after B only at 150, where
    # B, A and C would cost 400: the count keeps the share 149.
    assert [t["per_voter_budget"] for t in add1["tries"]] == list(range(100, 151))
    assert add1["tries"][-1]["cost"] == 400
    assert all(t["cost"] == 200 for t in add1["tries"][:-1])
    assert result.details["per_voter_budget"] == 149
    assert result.winners == ["B", "C"]


# Projects A 20, B 60, C 40; one voter each for C and B, one for A and B; 80 to
# share, 80/3 each. The completions choose different winners.
VARIANTS = approvals({"C": 1, "B": 1, "A B": 1})
VARIANT_COSTS = {"A": 20, "B": 60, "C": 40}


def test_without_completion_only_what_single_shares_afford_is_bought():
    result = method_of_equal_shares(
        VARIANTS, budget=80, costs=VARIANT_COSTS, completion="none"
    )
    # B needs 60 from two voters holding 80/3 each; C needs 40 from one.
    assert result.winners == ["A"]
    assert result.details["per_voter_budget"] == Fraction(80, 3)


def test_add1_keeps_the_last_outcome_within_the_budget():
    result = method_of_equal_shares(
        VARIANTS, budget=80, costs=VARIANT_COSTS, completion="add1"
    )
    # From 30 per voter B (2 effective votes) comes first and leaves the A-B voter
    # too little for A. At 40 + 2/3, C's voter can buy C too: 100 > 80, so the
    # count keeps 39 + 2/3 per voter and B alone.
    assert result.winners == ["B"]
    assert result.details["per_voter_budget"] == Fraction(119, 3)
    assert steps(result, "add1")[0]["tries"][-1]["cost"] == 100


def test_add1_greedy_spends_what_add1_left_by_approvals():
    result = method_of_equal_shares(
        VARIANTS, budget=80, costs=VARIANT_COSTS, completion="add1_greedy"
    )
    assert result.winners == ["B", "A"]
    completion = [s for s in result.steps if s.get("stage") == "greedy_completion"]
    assert [(s["kind"], s["project"]) for s in completion] == [
        ("fund", "A"),
        ("skip", "C"),
    ]
    assert result.details["left"] == 0


def test_add1_stops_once_every_supported_project_is_bought():
    ballots = approvals({"A": 1, "B": 1})
    costs = {"A": 10, "B": 20, "Nobody": 5}
    result = method_of_equal_shares(ballots, budget=100, costs=costs)
    [add1] = steps(result, "add1")
    assert len(add1["tries"]) == 1
    assert add1["stop"] == "every project with a supporter is funded"
    assert result.winners == ["A", "B"]


def test_add1_refuses_to_raise_the_share_without_end(monkeypatch):
    monkeypatch.setattr(budget, "ADD1_MAX_RUNS", 50)
    ballots = approvals({"A": 1})
    with pytest.raises(VotingError, match="did not settle in 50 runs"):
        method_of_equal_shares(ballots, budget=1, costs={"A": 1_000_000})


def test_project_nobody_approved_is_not_bought_even_by_the_greedy_completion():
    ballots = approvals({"A": 1})
    result = method_of_equal_shares(
        ballots, budget=100, costs={"A": 10, "B": 5}, completion="add1_greedy"
    )
    assert result.winners == ["A"]


def test_equal_shares_is_the_same_with_plain_fractions(monkeypatch):
    fast = method_of_equal_shares(VARIANTS, budget=80, costs=VARIANT_COSTS)
    monkeypatch.setattr(budget, "_rational", Fraction)
    plain = method_of_equal_shares(VARIANTS, budget=80, costs=VARIANT_COSTS)
    assert plain.to_dict() == fast.to_dict()


def test_every_result_is_json_ready():
    results = [
        greedy_score(KRAKOW_LIKE, budget=100, costs=KRAKOW_COSTS),
        greedy_approval(SHARED, budget=300, costs=SHARED_COSTS, lot=Lot(3)),
        method_of_equal_shares(VARIANTS, budget=80, costs=VARIANT_COSTS),
    ]
    for result in results:
        data = result.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["winners"]


# Errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("costs", "message"),
    [
        ({"A": 0}, "the cost of 'A' must be above 0"),
        ({"A": "ten"}, "the cost of 'A' must be a number"),
        ({}, "there are no projects"),
    ],
)
def test_bad_costs_are_refused(costs, message):
    with pytest.raises(VotingError, match=message):
        greedy_approval(approvals({"A": 1}), budget=10, costs=costs)


def test_negative_budget_is_refused():
    with pytest.raises(VotingError, match="the budget must be at least 0"):
        method_of_equal_shares(approvals({"A": 1}), budget=-1, costs={"A": 1})


def test_ballot_naming_an_unknown_project_is_refused():
    with pytest.raises(VotingError, match="'Z' is not one of the candidates"):
        greedy_approval(approvals({"Z": 1}), budget=10, costs={"A": 1})


def test_count_without_votes_is_refused():
    with pytest.raises(VotingError, match="there are no votes to count"):
        greedy_approval(approvals({"A": 0}), budget=10, costs={"A": 1})


def test_unknown_completion_is_refused():
    with pytest.raises(VotingError, match="unknown completion 'add2'"):
        method_of_equal_shares(SHARED, budget=1, costs=SHARED_COSTS, completion="add2")


def test_ballots_of_the_wrong_shape_are_refused():
    with pytest.raises(VotingError, match="ballot 0 must be a RankedBallot"):
        greedy_score(SHARED, budget=300, costs=SHARED_COSTS)


# JSON input ---------------------------------------------------------------------


def test_greedy_score_from_json():
    data = {
        "method": "greedy_score",
        "budget": 100,
        "projects": {"P1": 60, "P2": 50, "P3": 40},
        "ballots": [
            {"ranking": ["P1", "P2", "P3"], "count": 2},
            {"ranking": ["P3", "P2", "P1"]},
        ],
        "points": [3, 2, 1],
    }
    result = JSON_METHODS["greedy_score"](data)
    # P1 7 points, P2 6, P3 5: P1 leaves 40, P2 is skipped, P3 fits.
    assert result.to_dict()["winners"] == ["P1", "P3"]
    assert result.details["scores"] == {"P1": 7, "P2": 6, "P3": 5}
    json.dumps(result.to_dict())


def test_mes_from_json_with_each_completion():
    data = {
        "method": "mes",
        "budget": 80,
        "projects": VARIANT_COSTS,
        "ballots": [
            {"approval": ["C"]},
            {"approval": ["B"], "count": 1},
            {"approval": ["A", "B"]},
        ],
    }
    winners = {
        completion: JSON_METHODS["mes"]({**data, "completion": completion}).winners
        for completion in ("none", "add1", "add1_greedy")
    }
    assert winners == {"none": ["A"], "add1": ["B"], "add1_greedy": ["B", "A"]}
    assert JSON_METHODS["mes"](data).details["completion"] == "add1"


def test_greedy_approval_from_json_reads_decimal_money_exactly():
    data = {
        "method": "greedy_approval",
        "budget": 10.5,
        "projects": {"A": 5.25, "B": 5.25, "C": 1},
        "ballots": [{"approval": ["A", "B"], "count": 3}, {"approval": ["C"]}],
    }
    result = JSON_METHODS["greedy_approval"](data)
    assert result.winners == ["A", "B"]
    assert result.details["left"] == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"budget": -5}, "'budget': the budget must be at least 0"),
        ({"budget": "lots"}, "'budget': the budget must be a number"),
        ({"projects": {"P1": 0}}, "'projects': the cost of 'P1' must be above 0"),
        ({"projects": ["P1"]}, "'projects': the projects must map names to costs"),
        ({"ballots": [{"ranking": ["P9"]}]}, r"ballots\[0\]: 'P9' is not one of"),
        ({"ballots": [{"approval": ["P1"]}]}, r"ballots\[0\]: the key 'ranking'"),
        ({"points": [3, 2]}, "'points': a ballot ranks 3 projects but only 2"),
        ({"points": "321"}, "'points': the points must be a list"),
        ({"seat": 1}, "unknown key 'seat'"),
        ({"seed": "x"}, "'seed' must be a whole number"),
    ],
)
def test_bad_json_names_the_key_at_fault(change, message):
    data = {
        "method": "greedy_score",
        "budget": 100,
        "projects": {"P1": 60, "P2": 50, "P3": 40},
        "ballots": [{"ranking": ["P1", "P2", "P3"]}],
        **change,
    }
    with pytest.raises(VotingError, match=message):
        JSON_METHODS["greedy_score"](data)


def test_missing_key_is_named():
    with pytest.raises(VotingError, match="the key 'budget' is missing"):
        JSON_METHODS["mes"]({"method": "mes", "projects": {"A": 1}, "ballots": []})


def test_unknown_completion_in_json_is_named():
    data = {
        "budget": 10,
        "projects": {"A": 1},
        "ballots": [{"approval": ["A"]}],
        "completion": "add2",
    }
    with pytest.raises(VotingError, match="'completion' must be one of"):
        JSON_METHODS["mes"](data)


# Pabulib files ------------------------------------------------------------------

APPROVAL_PB = """META
key;value
description;Class 7b garden
budget;80
vote_type;approval
rule;equalshares/add1
PROJECTS
project_id;cost;name;selected
A;20;Bird boxes;0
B;60;Benches;1
C;40;Herbs;0
VOTES
voter_id;vote
1;C
2;B
3;A,B
"""


def write(tmp_path, text, name="election.pb"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pb_file_is_counted_by_its_own_rule(tmp_path):
    result = read_pabulib_election(write(tmp_path, APPROVAL_PB))
    assert result.method == "mes"
    assert result.winners == ["B"]
    assert result.details["completion"] == "add1"
    assert result.details["pabulib"]["selected"] == ["B"]


@pytest.mark.parametrize(
    ("method", "winners"),
    [
        ("equalshares", ["A"]),
        ("equalshares/add1_greedy", ["B", "A"]),
        ("greedy", ["B", "A"]),
        ("greedy_approval", ["B", "A"]),
    ],
)
def test_pb_file_can_be_counted_by_another_rule(tmp_path, method, winners):
    assert (
        read_pabulib_election(write(tmp_path, APPROVAL_PB), method).winners == winners
    )


def test_ordinal_pb_file_counts_points_from_max_length_down(tmp_path):
    text = APPROVAL_PB.replace("vote_type;approval", "vote_type;ordinal\nmax_length;3")
    text = text.replace("rule;equalshares/add1", "rule;greedy")
    text = text.replace("3;A,B", "3;A,C,B")
    result = read_pabulib_election(write(tmp_path, text))
    # A 3 points; B 3 + 1; C 3 + 2.
    assert result.details["scores"] == {"A": 3, "B": 4, "C": 5}
    assert result.details["points"] == [3, 2, 1]
    assert result.winners == ["C", "A"]


def test_cumulative_pb_file_counts_the_ballots_points(tmp_path):
    text = APPROVAL_PB.replace("vote_type;approval", "vote_type;cumulative")
    text = text.replace("rule;equalshares/add1", "rule;greedy")
    text = text.replace("voter_id;vote\n1;C\n2;B\n3;A,B", "voter_id;vote;points\n")
    text += "1;C;5\n2;B;2\n3;A,B;4,1\n"
    result = read_pabulib_election(write(tmp_path, text))
    assert result.details["scores"] == {"A": 4, "B": 3, "C": 5}
    assert result.winners == ["C", "A"]


def test_equal_shares_on_an_ordinal_file_is_refused(tmp_path):
    text = APPROVAL_PB.replace("vote_type;approval", "vote_type;ordinal")
    with pytest.raises(VotingError, match="needs approval ballots, not ordinal"):
        read_pabulib_election(write(tmp_path, text))


def test_equal_shares_on_a_pb_file_without_votes_is_refused(tmp_path):
    text = APPROVAL_PB.split("VOTES")[0] + "VOTES\nvoter_id;vote\n"
    with pytest.raises(VotingError, match="there are no votes to count"):
        read_pabulib_election(write(tmp_path, text))


def test_unknown_method_for_a_pb_file_is_refused(tmp_path):
    with pytest.raises(VotingError, match="unknown method 'borda'"):
        read_pabulib_election(write(tmp_path, APPROVAL_PB), "borda")

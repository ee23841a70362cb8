"""Committee methods: single transferable vote under the Scottish rules, checked
stage by stage against a published example and hand counts, then block vote and
sequential PAV."""

import json
from fractions import Fraction

import pytest

from simulations.voting.ballots import ApprovalBallot, RankedBallot
from simulations.voting.base import Lot, VotingError
from simulations.voting.ranked import JSON_METHODS, block_vote, pav, stv


def ranked(*rows):
    """Rankings written as ("ABC", count), one letter per candidate."""
    return [RankedBallot(tuple(letters), count) for letters, count in rows]


def approvals(*rows):
    return [ApprovalBallot(frozenset(letters), count) for letters, count in rows]


def stages(result):
    return [step for step in result.steps if step["kind"] == "stage"]


def votes(text):
    """Exact votes from a decimal written as on a Scottish result sheet."""
    return Fraction(text)


# The food election of the Wikipedia article "Single transferable vote": 20
# guests, 3 dishes to choose, Droop quota 6, with its published rounds.
FOOD = [
    RankedBallot(("Oranges",), 4),
    RankedBallot(("Pears", "Oranges"), 2),
    RankedBallot(("Chocolate", "Strawberries"), 8),
    RankedBallot(("Chocolate", "Sweets"), 4),
    RankedBallot(("Strawberries",), 1),
    RankedBallot(("Sweets",), 1),
]


def test_food_election_reproduces_the_published_rounds():
    result = stv(FOOD, 3)

    assert result.details["quota"] == 6
    assert [s["tallies"] for s in stages(result)][:3] == [
        {"Oranges": 4, "Pears": 2, "Chocolate": 12, "Strawberries": 1, "Sweets": 1},
        {"Oranges": 4, "Pears": 2, "Chocolate": 6, "Strawberries": 5, "Sweets": 3},
        {"Oranges": 6, "Pears": 0, "Chocolate": 6, "Strawberries": 5, "Sweets": 3},
    ]
    assert [(s["action"], s["candidate"]) for s in stages(result)] == [
        ("first_preferences", None),
        ("surplus", "Chocolate"),
        ("exclusion", "Pears"),
        ("exclusion", "Sweets"),
    ]
    assert stages(result)[1]["transfers"] == {"Strawberries": 4, "Sweets": 2}
    assert result.winners == ["Chocolate", "Oranges", "Strawberries"]


def test_last_seat_is_filled_when_continuing_candidates_equal_vacancies():
    result = stv(FOOD, 3)

    last = result.steps[-1]
    assert last["kind"] == "last_vacancies"
    assert last["vacancies"] == 1
    assert last["elected"] == ["Strawberries"]


def test_surplus_transfer_values_are_truncated_to_five_decimal_places():
    # 25 ballots, 2 seats: quota 25 // 3 + 1 = 9. A has 13 and a surplus of 4;
    # each of A's papers passes on at 4 / 13 = 0.307692..., kept as 0.30769.
    # B gets 7 x 0.30769 = 2.15383, C 5 x 0.30769 = 1.53845, the paper naming
    # A alone is exhausted with 0.30769, and 4 - 3.99997 = 0.00003 is lost.
    ballots = ranked(("AB", 7), ("AC", 5), ("A", 1), ("B", 3), ("C", 4), ("D", 5))

    result = stv(ballots, 2)

    surplus = stages(result)[1]
    assert surplus["transfer_value"] == votes("0.30769")
    assert surplus["transfers"] == {"B": votes("2.15383"), "C": votes("1.53845")}
    assert surplus["exhausted_now"] == votes("0.30769")
    assert surplus["rounding_loss_now"] == votes("0.00003")
    assert surplus["tallies"] == {
        "A": 9,
        "B": votes("5.15383"),
        "C": votes("5.53845"),
        "D": 5,
    }
    assert [s["candidate"] for s in stages(result)[2:]] == ["D", "B"]
    assert result.winners == ["A", "C"]


def test_a_transferred_paper_passes_on_a_surplus_at_its_reduced_value():
    # 20 ballots, 3 seats: quota 6. A's surplus of 6 halves its 12 papers, so B
    # reaches 3 + 8 x 0.5 = 7 and is elected with a surplus of 1. B's own papers
    # pass on at 1 x 1 / 7 = 0.14285, those from A at 1 x 0.5 / 7 = 0.07142.
    ballots = ranked(("ABC", 8), ("A", 4), ("B", 3), ("C", 2), ("D", 3))

    result = stv(ballots, 3)

    second_surplus = stages(result)[2]
    assert second_surplus["candidate"] == "B"
    assert second_surplus["transfers"] == {"C": 8 * votes("0.07142")}
    assert second_surplus["exhausted_now"] == 3 * votes("0.14285")
    assert second_surplus["rounding_loss_now"] == votes("0.00009")
    assert result.winners == ["A", "B", "D"]


def test_every_stage_accounts_for_all_the_valid_ballots():
    ballots = ranked(("ABC", 8), ("A", 4), ("B", 3), ("C", 2), ("D", 3))

    result = stv(ballots, 3)

    for stage in stages(result):
        held = sum(stage["tallies"].values())
        assert held + stage["exhausted"] + stage["rounding_loss"] == 20


def test_exclusion_tie_goes_to_fewer_votes_at_the_most_recent_earlier_stage():
    # Stage 1: Y 10, X 8, Z 5, W 4. W goes to X (stage 2: X 12, Y 10); Z sends
    # two papers to Y (stage 3: X 12, Y 12). Stage 2 had Y lower, so Y is
    # excluded, although stage 1 had X lower (rule 51(2)(a)).
    ballots = ranked(("Y", 10), ("X", 8), ("ZY", 2), ("Z", 3), ("WX", 4))

    result = stv(ballots, 1)

    assert stages(result)[2]["tallies"]["X"] == stages(result)[2]["tallies"]["Y"]
    assert stages(result)[3]["candidate"] == "Y"
    (tie,) = result.ties
    assert tie.chosen == ["Y"]
    assert "rule 51(2)" in tie.rule
    assert result.winners == ["X"]


def test_candidates_level_at_every_stage_are_separated_by_a_seeded_lot():
    ballots = ranked(("A", 5), ("B", 2), ("C", 2))

    first = stv(ballots, 2, lot=Lot(11))
    again = stv(list(reversed(ballots)), 2, candidates=["A", "B", "C"], lot=Lot(11))

    (tie,) = first.ties
    assert tie.rule == "lot"
    assert tie.seed == 11
    assert tie.between == ["B", "C"]
    assert first.winners == again.winners


def test_everyone_is_elected_when_there_are_no_more_candidates_than_seats():
    result = stv(ranked(("AB", 3), ("B", 1)), 3)

    assert result.winners == ["A", "B"]
    assert result.details["unfilled"] == 1


def test_stv_json_input_gives_a_serialisable_result():
    data = {
        "method": "stv",
        "seats": 3,
        "ballots": [
            {"ranking": list(ballot.ranking), "count": ballot.count} for ballot in FOOD
        ],
    }

    result = JSON_METHODS["stv"](data)

    output = json.loads(json.dumps(result.to_dict()))
    assert output["winners"] == ["Chocolate", "Oranges", "Strawberries"]
    assert output["steps"][2]["transfers"] == {"Strawberries": 4, "Sweets": 2}


@pytest.mark.parametrize(
    ("seats", "message"),
    [(0, "at least 1"), (1.5, "at least 1"), ("3", "at least 1"), (None, "at least 1")],
)
def test_seats_must_be_a_whole_number_of_at_least_one(seats, message):
    data = {"seats": seats, "ballots": [{"ranking": ["A"]}]}

    with pytest.raises(VotingError, match=f"'seats' must be .*{message}"):
        JSON_METHODS["stv"](data)


def test_committee_input_without_seats_names_the_missing_key():
    with pytest.raises(VotingError, match="the key 'seats' is missing"):
        JSON_METHODS["block"]({"ballots": [{"approval": ["A"]}]})


# Block vote


def test_block_vote_elects_the_candidates_marked_most_often():
    ballots = approvals(("AB", 5), ("BC", 4), ("CD", 2), ("D", 1))

    result = block_vote(ballots, 2)

    assert result.steps[1]["votes"] == {"A": 5, "B": 9, "C": 6, "D": 3}
    assert result.winners == ["B", "C"]


def test_a_ballot_with_more_marks_than_seats_is_invalid_and_counted_apart():
    ballots = approvals(("AB", 5), ("ABC", 3), ("C", 4))

    result = block_vote(ballots, 2)

    assert result.details["invalid_ballots"] == 3
    assert result.steps[1]["votes"] == {"A": 5, "B": 5, "C": 4}


def test_block_vote_tie_for_the_last_seat_is_drawn_by_lot():
    result = block_vote(approvals(("A", 5), ("B", 3), ("C", 3)), 2, lot=Lot(4))

    assert result.winners[0] == "A"
    (tie,) = result.ties
    assert tie.between == ["B", "C"]
    assert tie.chosen == result.winners[1:]


def test_block_vote_with_only_invalid_ballots_is_refused():
    with pytest.raises(VotingError, match="no valid ballots"):
        block_vote(approvals(("ABC", 2)), 2)


# Sequential PAV


def test_pav_gives_the_second_seat_to_voters_not_yet_represented():
    # Approval voting would elect A and B; PAV halves the weight of the A voters
    # once A is elected: B scores 6 / 2 = 3 and C scores 4.
    ballots = approvals(("AB", 6), ("A", 1), ("C", 4))

    result = pav(ballots, 2)

    assert [r["scores"] for r in result.steps] == [
        {"A": 7, "B": 6, "C": 4},
        {"B": 3, "C": 4},
    ]
    assert result.winners == ["A", "C"]
    assert result.details["pav_score"] == 11


def test_pav_shares_seats_in_proportion_to_group_sizes():
    ballots = approvals(("ABC", 61), ("DEF", 30))

    result = pav(ballots, 3)

    first, second, third = result.winners
    assert {first, second} < set("ABC")
    assert third in set("DEF")
    last_scores = set(result.steps[2]["scores"].values())
    assert last_scores == {Fraction(61, 3), 30}


def test_pav_and_block_json_inputs_are_counted():
    ballots = [{"approval": ["A", "B"], "count": 3}, {"approval": ["C"], "count": 2}]

    for method in ("pav", "block"):
        data = {"method": method, "seats": 2, "ballots": ballots, "seed": 1}
        result = JSON_METHODS[method](data)
        assert json.dumps(result.to_dict())
        assert len(result.winners) == 2

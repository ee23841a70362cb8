"""Yes/no referendums with the national and local turnout quorums."""

import json
from fractions import Fraction

import pytest

from simulations.voting.base import VotingError
from simulations.voting.referendum import (
    JSON_METHODS,
    LOCAL_QUORUM,
    NATIONAL_QUORUM,
    Quorum,
    referendum,
)


def count(data):
    return JSON_METHODS["referendum"]({"method": "referendum", **data})


def test_national_referendum_with_exactly_half_taking_part_does_not_bind():
    result = referendum(eligible=1000, yes=400, no=100, quorum=NATIONAL_QUORUM)

    assert result.details["binding"] is False
    assert result.details["decision"] is None
    assert result.winners == []


def test_national_referendum_binds_once_more_than_half_take_part():
    result = referendum(eligible=1000, yes=400, no=101, quorum=NATIONAL_QUORUM)

    assert result.details["binding"] is True
    assert result.winners == ["yes"]


def test_local_referendum_with_exactly_thirty_percent_taking_part_is_valid():
    result = referendum(eligible=1000, yes=100, no=200, quorum=LOCAL_QUORUM)

    assert result.details["turnout"] == Fraction(3, 10)
    assert result.details["binding"] is True
    assert result.winners == ["no"]


def test_local_referendum_one_voter_short_of_thirty_percent_is_not_binding():
    result = referendum(eligible=1000, yes=199, no=100, quorum=LOCAL_QUORUM)

    assert result.details["binding"] is False
    assert result.winners == []


def test_blank_and_invalid_ballots_count_for_turnout_but_not_for_the_shares():
    result = referendum(eligible=100, yes=30, no=10, blank=6, invalid=5)

    assert result.details["took_part"] == 51
    assert result.details["binding"] is True
    assert result.details["yes_share"] == Fraction(3, 4)
    assert result.details["no_share"] == Fraction(1, 4)
    answers = result.steps[2]
    assert (answers["yes_percent"], answers["no_percent"]) == (75, 25)


def test_level_yes_and_no_bind_but_decide_nothing():
    result = referendum(eligible=100, yes=30, no=30)

    assert result.details["binding"] is True
    assert result.details["decision"] is None
    assert result.winners == []


def test_steps_show_turnout_quorum_answers_and_decision_with_the_law():
    result = referendum(eligible=200, yes=90, no=60, quorum=LOCAL_QUORUM)

    assert [step["kind"] for step in result.steps] == [
        "turnout",
        "quorum",
        "answers",
        "decision",
    ]
    assert result.steps[0]["percent"] == 75
    assert result.steps[1]["required_percent"] == 30
    assert "art. 55" in result.steps[1]["source"]


def test_json_example_counts_and_serialises():
    result = count({"eligible": 1000, "yes": 400, "no": 300, "quorum": 0.5})

    data = json.loads(json.dumps(result.to_dict()))
    assert data["winners"] == ["yes"]
    assert data["details"]["turnout"] == 0.7
    assert data["details"]["yes_share"] == pytest.approx(4 / 7)


def test_json_share_alone_means_more_than_that_share_must_take_part():
    half = count({"eligible": 1000, "yes": 300, "no": 200, "quorum": 0.5})

    assert half.details["binding"] is False


def test_json_share_with_at_least_rule_reads_the_decimal_exactly():
    data = {"eligible": 10, "yes": 2, "no": 1, "quorum": 0.3}

    result = count({**data, "quorum_rule": "at_least"})

    assert result.details["quorum"] == Fraction(3, 10)
    assert result.details["binding"] is True


@pytest.mark.parametrize(
    ("name", "quorum"), [("national", NATIONAL_QUORUM), ("local", LOCAL_QUORUM)]
)
def test_json_names_the_quorums_of_polish_law(name, quorum):
    result = count({"eligible": 10, "yes": 3, "no": 0, "quorum": name})

    assert result.details["quorum"] == quorum.share
    assert result.details["quorum_source"] == quorum.source


def test_json_without_quorum_uses_the_national_rule():
    result = count({"eligible": 10, "yes": 3, "no": 2})

    assert result.details["quorum_source"] == NATIONAL_QUORUM.source
    assert result.details["binding"] is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"eligible": 10, "yes": 8, "no": 3}, "11 took part but only 10 are eligible"),
        ({"eligible": 10, "yes": -1, "no": 3}, "'yes' must be a whole number"),
        ({"eligible": 0, "yes": 0, "no": 0}, "'eligible' must be a whole number"),
        ({"eligible": 10, "yes": 1.5, "no": 3}, "'yes' must be a whole number"),
        ({"eligible": 10, "yes": 1}, "the key 'no' is missing"),
        ({"eligible": 10, "yes": 1, "no": 1, "turnout": 2}, "unknown key 'turnout'"),
        ({"eligible": 10, "yes": 1, "no": 1, "quorum": "city"}, "'quorum' must be"),
        ({"eligible": 10, "yes": 1, "no": 1, "quorum": 1.5}, "between 0 and 1"),
        ({"eligible": 10, "yes": 1, "no": 1, "quorum": True}, "'quorum' must be"),
        (
            {"eligible": 10, "yes": 1, "no": 1, "quorum": 0.5, "quorum_rule": "over"},
            "'quorum_rule' must be",
        ),
        (
            {
                "eligible": 10,
                "yes": 1,
                "no": 1,
                "quorum": "local",
                "quorum_rule": "at_least",
            },
            "'quorum_rule' goes only with a share",
        ),
    ],
)
def test_bad_referendum_input_is_refused_with_a_clear_message(data, message):
    with pytest.raises(VotingError, match=message):
        count(data)


def test_a_quorum_outside_zero_to_one_cannot_be_built():
    with pytest.raises(VotingError, match="between 0 and 1"):
        Quorum(Fraction(3, 2), strict=False)

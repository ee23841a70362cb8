"""Party-list methods on hand-checked examples: quotients, ties, thresholds, errors."""

import json
from fractions import Fraction

import pytest

from simulations.voting.base import Lot, VotingError
from simulations.voting.lists import (
    JSON_METHODS,
    Constituency,
    Thresholds,
    apportion_constituencies,
    dhondt,
    hare_niemeyer,
    modified_sainte_lague,
    sainte_lague,
)

# Hołubiec and Mercik, "Techniki i tajniki głosowania" (1992): 8 seats.
TEXTBOOK = {"A": 370, "B": 300, "C": 530}
# The usual comparison of methods (Wikipedia, "D'Hondt method"): 8 seats.
FOUR_PARTIES = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}
SEJM_THRESHOLDS = Thresholds({"party": Fraction(5, 100), "coalition": Fraction(8, 100)})


def step(result, kind):
    return next(s for s in result.steps if s["kind"] == kind)


# D'Hondt ----------------------------------------------------------------------


def test_dhondt_gives_the_textbook_seats():
    assert dhondt(TEXTBOOK, 8).seats == {"A": 2, "B": 2, "C": 4}


def test_dhondt_seats_are_won_in_the_order_of_the_largest_quotients():
    order = step(dhondt(TEXTBOOK, 8), "seat_order")["order"]
    assert [seat["list"] for seat in order] == ["C", "A", "B", "C", "A", "C", "B", "C"]
    assert [seat["divisor"] for seat in order] == [1, 1, 1, 2, 2, 3, 2, 4]
    assert order[3]["quotient"] == 265


def test_quotient_table_numbers_each_seat_winning_quotient():
    table = step(dhondt(TEXTBOOK, 8), "quotient_table")
    assert table["divisors"] == [1, 2, 3, 4, 5, 6, 7, 8]
    row_c = next(row for row in table["rows"] if row["list"] == "C")
    assert row_c["quotients"][:4] == [530, 265, pytest.approx(176.667, abs=1e-3), 132.5]
    assert row_c["seat_numbers"][:5] == [1, 4, 6, 8, None]


def test_seat_order_shows_the_quotient_that_just_missed_a_seat():
    next_in_line = step(dhondt(TEXTBOOK, 8), "seat_order")["next_in_line"]
    assert next_in_line == [
        {"list": "A", "divisor": 3, "quotient": pytest.approx(123.333, abs=1e-3)}
    ]


def test_dhondt_favours_the_largest_list_more_than_sainte_lague():
    assert dhondt(FOUR_PARTIES, 8).seats == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert sainte_lague(FOUR_PARTIES, 8).seats == {"A": 3, "B": 3, "C": 1, "D": 1}


def test_sainte_lague_divides_by_odd_numbers():
    table = step(sainte_lague(FOUR_PARTIES, 4), "quotient_table")
    assert table["divisors"] == [1, 3, 5, 7]


def test_modified_sainte_lague_starts_with_one_point_four():
    table = step(modified_sainte_lague(FOUR_PARTIES, 4), "quotient_table")
    assert table["divisors"] == [1.4, 3, 5, 7]


def test_modified_sainte_lague_sees_an_exact_tie_for_the_last_seat():
    # A's fourth quotient 100000 / 7 equals D's first, 20000 / 1.4.
    result = modified_sainte_lague(FOUR_PARTIES, 8)
    assert result.seats == {"A": 4, "B": 3, "C": 1, "D": 0}
    [tie] = result.ties
    assert (tie.between, tie.chosen) == (["A", "D"], ["A"])


def test_a_list_without_votes_wins_no_seat():
    assert dhondt({"A": 10, "B": 0}, 3).seats == {"A": 3, "B": 0}


def test_no_seats_to_fill_gives_everyone_nothing():
    assert dhondt(TEXTBOOK, 0).seats == {"A": 0, "B": 0, "C": 0}


# Hare-Niemeyer ----------------------------------------------------------------

LARGEST_REMAINDER = {
    "A": 47_000,
    "B": 16_000,
    "C": 15_800,
    "D": 12_000,
    "E": 6_100,
    "F": 3_100,
}


def test_hare_niemeyer_gives_whole_quotas_then_the_largest_remainders():
    result = hare_niemeyer(LARGEST_REMAINDER, 10)
    assert result.seats == {"A": 5, "B": 2, "C": 1, "D": 1, "E": 1, "F": 0}
    assert step(result, "quotas")["extra_seats_in_order"] == ["A", "E", "B"]


def test_hare_niemeyer_step_shows_quota_whole_part_and_remainder():
    rows = step(hare_niemeyer(LARGEST_REMAINDER, 10), "quotas")["rows"]
    assert rows[0] == {
        "list": "A",
        "votes": 47_000,
        "quota": Fraction(47, 10),
        "whole": 4,
        "remainder": Fraction(7, 10),
        "extra_seat": True,
        "seats": 5,
    }


def test_hare_niemeyer_can_take_a_seat_away_when_the_house_grows():
    # The Alabama paradox: one more seat in the house, one fewer for D and E.
    votes = {"A": 1500, "B": 1500, "C": 900, "D": 500, "E": 500, "F": 200}
    assert hare_niemeyer(votes, 25).seats["D"] == 3
    assert hare_niemeyer(votes, 26).seats["D"] == 2


# Ties (Electoral Code art. 232 § 2) -------------------------------------------


def test_tie_for_the_last_seat_goes_to_the_list_with_more_votes():
    result = dhondt({"A": 300, "B": 150}, 2)
    assert result.seats == {"A": 2, "B": 0}
    [tie] = result.ties
    assert tie.rule == "more votes for the list (Electoral Code art. 232 § 2)"
    assert tie.seed is None


def test_equal_votes_go_to_the_list_ahead_in_more_polling_districts():
    districts = {"A": [300, 200, 100], "B": [100, 250, 250]}
    result = dhondt({"A": 600, "B": 600}, 1, districts=districts)
    assert result.seats == {"A": 0, "B": 1}
    [tie] = result.ties
    assert "polling districts" in tie.rule
    assert "232 § 2" in tie.rule


def test_equal_votes_without_district_figures_go_to_a_lot_that_says_so():
    result = dhondt({"A": 600, "B": 600}, 1, lot=Lot(7))
    [tie] = result.ties
    assert tie.seed == 7
    assert "no figures for polling districts" in tie.rule
    assert "lot" in tie.rule
    assert sum(result.seats.values()) == 1


def test_the_same_seed_draws_the_same_lot_and_other_seeds_can_differ():
    def winner(seed):
        seats = dhondt({"A": 600, "B": 600}, 1, lot=Lot(seed)).seats
        return max(seats, key=seats.get)

    assert winner(3) == winner(3)
    assert {winner(seed) for seed in range(30)} == {"A", "B"}


def test_lot_is_drawn_only_among_lists_still_tied_after_the_district_rule():
    districts = {"A": [200, 200, 200], "B": [300, 100, 200], "C": [100, 300, 200]}
    result = dhondt({"A": 600, "B": 600, "C": 600}, 1, districts=districts)
    [tie] = result.ties
    assert tie.between == ["A", "B", "C"]
    assert tie.chosen in (["B"], ["C"])
    assert tie.seed == 0


def test_lists_tied_with_seats_enough_for_all_win_without_a_tie_break():
    result = dhondt({"A": 100, "B": 100}, 2)
    assert result.seats == {"A": 1, "B": 1}
    assert result.ties == []


def test_hare_niemeyer_breaks_equal_remainders_by_votes():
    result = hare_niemeyer({"A": 5, "B": 3, "C": 3, "D": 1}, 3)
    assert result.seats == {"A": 1, "B": 1, "C": 1, "D": 0}
    result = hare_niemeyer({"A": 2, "B": 1, "C": 1}, 2)
    [tie] = result.ties
    assert tie.between == ["B", "C"]


# Thresholds (Electoral Code art. 196-197) -------------------------------------


def test_a_coalition_needs_eight_percent_where_a_party_needs_five():
    votes = {"Big": 860, "Party": 70, "Coalition": 70}
    result = dhondt(
        votes, 15, thresholds=SEJM_THRESHOLDS, kinds={"Coalition": "coalition"}
    )
    assert result.seats == {"Big": 14, "Party": 1, "Coalition": 0}
    statuses = {
        row["list"]: row["status"] for row in step(result, "threshold")["lists"]
    }
    assert statuses == {"Big": "passed", "Party": "passed", "Coalition": "excluded"}


def test_exactly_five_percent_is_enough():
    result = dhondt({"A": 95, "B": 5}, 100, thresholds=SEJM_THRESHOLDS)
    assert result.seats["B"] > 0
    result = dhondt({"A": 9501, "B": 499}, 100, thresholds=SEJM_THRESHOLDS)
    assert result.seats["B"] == 0


def test_an_exempt_minority_list_takes_part_below_the_threshold():
    thresholds = Thresholds(SEJM_THRESHOLDS.by_kind, exempt=frozenset({"M"}))
    result = dhondt(
        {"A": 500, "B": 480, "M": 20},
        50,
        thresholds=thresholds,
        kinds={"M": "minority"},
    )
    assert result.seats["M"] == 1
    row = step(result, "threshold")["lists"][2]
    assert row == {
        "list": "M",
        "list_kind": "minority",
        "votes": 20,
        "share": Fraction(2, 100),
        "required": Fraction(5, 100),
        "status": "exempt",
    }


def test_lists_under_the_threshold_stay_out_of_the_quotient_table():
    result = dhondt({**TEXTBOOK, "D": 12}, 8, thresholds=SEJM_THRESHOLDS)
    table = step(result, "quotient_table")
    assert [row["list"] for row in table["rows"]] == ["A", "B", "C"]
    assert result.seats == {"A": 2, "B": 2, "C": 4, "D": 0}


def test_threshold_is_counted_nationally_and_applied_in_every_constituency():
    constituencies = [
        Constituency("1", 5, {"A": 500, "B": 300, "X": 200}),
        Constituency("2", 5, {"A": 5000, "B": 4000, "X": 100}),
    ]
    result = apportion_constituencies(constituencies, thresholds=SEJM_THRESHOLDS)
    # X has 20% in constituency 1 but under 3% in the country.
    assert result.details["constituencies"]["1"] == {"A": 3, "B": 2, "X": 0}
    assert result.seats == {"A": 6, "B": 4, "X": 0}
    assert [s["kind"] for s in result.steps] == [
        "threshold",
        "constituency",
        "constituency",
        "totals",
    ]


def test_a_list_standing_in_one_constituency_only_counts_there():
    constituencies = [
        Constituency("north", 3, {"A": 300, "B": 200}),
        Constituency("south", 2, {"A": 100, "C": 300}),
    ]
    result = apportion_constituencies(constituencies)
    assert result.details["constituencies"] == {
        "north": {"A": 2, "B": 1},
        "south": {"A": 0, "C": 2},
    }


def test_no_list_reaching_the_threshold_is_an_error():
    votes = {f"L{i}": 1 for i in range(25)}
    with pytest.raises(VotingError, match="no list reaches the threshold"):
        dhondt(votes, 5, thresholds=SEJM_THRESHOLDS)


# Errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ({"A": -1}, "votes for 'A'"),
        ({"A": 1.5}, "votes for 'A'"),
        ({"A": True}, "votes for 'A'"),
        ({"": 3}, "non-empty names"),
        ({}, "there are no lists"),
        ({"A": 0, "B": 0}, "no list has any votes"),
    ],
)
def test_votes_that_cannot_be_counted_are_refused_with_the_reason(votes, message):
    with pytest.raises(VotingError, match=message):
        dhondt(votes, 3)


def test_a_negative_number_of_seats_is_refused():
    with pytest.raises(VotingError, match="number of seats"):
        sainte_lague(TEXTBOOK, -1)


def test_an_unknown_kind_of_list_is_refused():
    with pytest.raises(VotingError, match="kind of 'A'"):
        dhondt(TEXTBOOK, 3, thresholds=SEJM_THRESHOLDS, kinds={"A": "alliance"})


def test_district_figures_must_cover_the_same_districts():
    with pytest.raises(VotingError, match="same polling districts"):
        dhondt({"A": 5, "B": 5}, 1, districts={"A": [5], "B": [2, 3]})


# JSON -------------------------------------------------------------------------


def test_json_methods_cover_the_four_list_methods():
    assert set(JSON_METHODS) == {
        "dhondt",
        "sainte_lague",
        "modified_sainte_lague",
        "hare_niemeyer",
    }


@pytest.mark.parametrize("method", sorted(JSON_METHODS))
def test_json_election_gives_seats_for_every_list_as_json(method):
    election = {
        "method": method,
        "seats": 10,
        "votes": {"A": 1000, "B": 500, "C": 300, "M": 20},
        "threshold": 0.05,
        "kinds": {"C": "coalition"},
        "exempt": ["M"],
    }
    data = json.loads(json.dumps(JSON_METHODS[method](election).to_dict()))
    assert set(data["seats"]) == {"A", "B", "C", "M"}
    assert sum(data["seats"].values()) == 10
    assert data["steps"][0]["kind"] == "threshold"


def test_json_threshold_can_differ_by_kind_of_list():
    election = {
        "seats": 10,
        "votes": {"A": 900, "B": 70, "C": 70},
        "threshold": {"party": 0.05, "coalition": 0.08},
        "kinds": {"C": "coalition"},
    }
    result = JSON_METHODS["sainte_lague"](election)
    assert result.seats["C"] == 0
    assert result.seats["B"] == 1


def test_json_coalition_threshold_sets_the_coalition_share_alone():
    election = {
        "seats": 10,
        "votes": {"A": 900, "B": 70, "C": 70},
        "threshold": 0.05,
        "coalition_threshold": 0.08,
        "kinds": {"C": "coalition"},
    }
    assert JSON_METHODS["dhondt"](election).seats["C"] == 0


def test_json_seed_draws_a_lot_anyone_can_draw_again():
    election = {"seats": 1, "votes": {"A": 5, "B": 5}, "seed": 42}
    result = JSON_METHODS["dhondt"](election)
    assert result.to_dict()["ties"][0]["seed"] == 42


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seats": -2}, "'seats'"),
        ({"votes": [1, 2]}, "'votes' must be an object"),
        ({"threshold": 5}, "'threshold' must be a share from 0 up to 1"),
        ({"threshold": "5%"}, "'threshold' must be a number"),
        ({"threshold": {"alliance": 0.1}}, "unknown kinds"),
        ({"kinds": {"Z": "party"}}, "kinds names 'Z'"),
        ({"kinds": {"A": "alliance"}}, "kind of 'A'"),
        ({"threshold": 0.05, "exempt": ["Z"]}, "'exempt' names 'Z'"),
        ({"exempt": ["A"]}, "'exempt' needs a 'threshold'"),
        ({"seed": "x"}, "'seed'"),
        ({"districts": {"Z": [1]}}, "districts names 'Z'"),
        ({"sets": 3}, r"unknown key\(s\) \['sets'\]"),
    ],
)
def test_json_errors_name_the_key_at_fault(change, message):
    election = {"seats": 3, "votes": {"A": 10, "B": 5}, **change}
    with pytest.raises(VotingError, match=message):
        JSON_METHODS["dhondt"](election)


@pytest.mark.parametrize("key", ["seats", "votes"])
def test_json_election_missing_a_required_key_names_it(key):
    election = {"seats": 3, "votes": {"A": 10, "B": 5}}
    del election[key]
    with pytest.raises(VotingError, match=f"the key '{key}' is missing"):
        JSON_METHODS["hare_niemeyer"](election)

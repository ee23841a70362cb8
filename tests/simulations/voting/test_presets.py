"""The Polish presets: their data matches the law and the sources, and they run."""

import json
from fractions import Fraction

import pytest

from simulations.voting.base import Lot, VotingError
from simulations.voting.pkw import (
    parse_constituency_results,
    read_seats_per_constituency,
)
from simulations.voting.presets import (
    EUROPEAN_PARLIAMENT,
    KRAKOW_COUNCIL,
    PRESETS,
    PRESIDENT,
    SEJM,
    SENATE,
    run_european_parliament,
    run_krakow_council,
    run_sejm,
    run_senate,
)


def test_presets_list_the_five_polish_systems():
    assert set(PRESETS) == {
        "sejm",
        "senate",
        "president",
        "krakow_council",
        "european_parliament",
    }


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS)
def test_every_preset_cites_where_its_rule_is_written(preset):
    assert "art. " in preset.citation


def test_sejm_seats_embedded_in_the_preset_match_the_published_table(shared_data):
    published = read_seats_per_constituency(
        shared_data / "sejm" / "seats_per_constituency.csv"
    )
    assert [(c.number, c.name, c.seats) for c in SEJM.constituencies] == [
        (c.number, c.town, c.seats) for c in published
    ]


def test_sejm_has_460_seats_in_41_constituencies_of_at_least_7():
    seats = [c.seats for c in SEJM.constituencies]
    assert (len(seats), sum(seats), min(seats)) == (41, 460, 7)
    assert SEJM.seats == 460


def test_sejm_thresholds_are_5_percent_for_parties_8_for_coalitions():
    assert SEJM.thresholds == {"party": Fraction(1, 20), "coalition": Fraction(2, 25)}
    assert SEJM.exempt_kinds == {"minority"}


def test_senate_has_100_single_member_constituencies():
    assert [c.seats for c in SENATE.constituencies] == [1] * 100
    assert SENATE.method == "plurality"


def test_president_is_one_seat_won_in_two_rounds():
    assert (PRESIDENT.seats, PRESIDENT.method) == (1, "two_round")
    assert "Constitution art. 127" in PRESIDENT.citation
    assert "more than half" in PRESIDENT.notes


def test_krakow_council_has_43_seats_in_7_constituencies():
    seats = [c.seats for c in KRAKOW_COUNCIL.constituencies]
    assert seats == [7, 6, 6, 6, 6, 6, 6]
    assert KRAKOW_COUNCIL.seats == sum(seats) == 43


def test_european_parliament_has_13_constituencies_without_fixed_seats():
    assert len(EUROPEAN_PARLIAMENT.constituencies) == 13
    assert {c.seats for c in EUROPEAN_PARLIAMENT.constituencies} == {None}
    assert EUROPEAN_PARLIAMENT.seats == 53


def small_sejm_file(rows):
    header = (
        "Nr okręgu;Liczba głosów ważnych oddanych łącznie na wszystkie listy;"
        "Komitet Wyborczy A;Koalicyjny Komitet Wyborczy B;Komitet Wyborczy C"
    )
    return parse_constituency_results("\n".join([header, *rows]))


def test_sejm_gives_0_seats_to_a_committee_with_no_list_anywhere():
    results = small_sejm_file(f"{n};100;60;40;" for n in range(1, 42))
    seats = run_sejm(results).seats
    assert seats["Komitet Wyborczy C"] == 0
    assert seats["Komitet Wyborczy A"] + seats["Koalicyjny Komitet Wyborczy B"] == 460


def test_sejm_needs_all_41_constituencies():
    results = small_sejm_file(f"{n};100;60;40;" for n in range(1, 41))
    with pytest.raises(VotingError, match=r"no votes for constituencies \[41\]"):
        run_sejm(results)


# Kraków city council ----------------------------------------------------------


def krakow_votes():
    votes = {
        number: {"KO": 9000 + 300 * number, "PiS": 6000 - 100 * number, "KdM": 3500}
        for number in range(1, 8)
    }
    votes[1]["Stare Miasto First"] = 4000  # strong in one place, under 5% city-wide
    return votes


def test_krakow_council_fills_43_seats_constituency_by_constituency():
    result = run_krakow_council(krakow_votes())
    assert sum(result.seats.values()) == 43
    filled = {
        int(number): sum(seats.values())
        for number, seats in result.details["constituencies"].items()
    }
    assert filled == {c.number: c.seats for c in KRAKOW_COUNCIL.constituencies}


def test_krakow_threshold_is_counted_over_the_whole_city():
    result = run_krakow_council(krakow_votes())
    assert result.seats["Stare Miasto First"] == 0
    assert result.details["constituencies"]["1"]["Stare Miasto First"] == 0


def test_krakow_council_needs_votes_from_all_seven_constituencies():
    votes = krakow_votes()
    del votes[7]
    with pytest.raises(VotingError, match=r"no votes for constituencies \[7\]"):
        run_krakow_council(votes)


def test_krakow_council_refuses_a_constituency_it_does_not_have():
    with pytest.raises(VotingError, match=r"has no constituencies \[8\]"):
        run_krakow_council({**krakow_votes(), 8: {"KO": 1}})


# Senate -----------------------------------------------------------------------


def test_senate_elects_the_candidate_with_the_most_votes_in_each_constituency():
    result = run_senate(
        {1: {"Nowak": 51_000, "Kowalska": 60_000}, 2: {"Wiśniewski": 9}}
    )
    assert result.winners == ["Kowalska", "Wiśniewski"]
    assert result.details["winners"] == {1: "Kowalska", 2: "Wiśniewski"}


def test_senate_tie_goes_to_a_seeded_lot_and_says_so():
    result = run_senate({33: {"Nowak": 500, "Kowalska": 500}}, lot=Lot(5))
    [tie] = result.ties
    assert tie.seed == 5
    assert "art. 273 § 2" in tie.rule
    assert result.winners == tie.chosen


def test_senate_refuses_a_constituency_beyond_100():
    with pytest.raises(VotingError, match=r"no constituencies \[101\]"):
        run_senate({101: {"Nowak": 1}})


# European Parliament ----------------------------------------------------------


def european_votes():
    return {
        n: {"P": 1000 + 100 * n, "Q": 800 + 50 * n, "R": 300 + 10 * n, "S": 20}
        for n in range(1, 14)
    }


def test_european_parliament_shares_53_seats_nationally_by_dhondt():
    result = run_european_parliament(european_votes())
    assert sum(result.seats.values()) == 53
    assert result.seats["S"] == 0
    assert [step["kind"] for step in result.steps[:3]] == [
        "threshold",
        "quotient_table",
        "seat_order",
    ]


def test_european_parliament_seats_can_be_52_as_in_2019():
    assert sum(run_european_parliament(european_votes(), seats=52).seats.values()) == 52


def test_each_committees_seats_go_to_its_lists_by_largest_remainder():
    result = run_european_parliament(european_votes())
    by_place = result.details["constituency_seats"]
    for committee in ("P", "Q", "R"):
        assert sum(by_place[n][committee] for n in by_place) == result.seats[committee]
    share = next(s for s in result.steps if s.get("committee") == "P")
    [quotas] = share["steps"]
    first = quotas["rows"][0]
    assert first["quota"] == Fraction(1100 * result.seats["P"], 22_100)


def test_european_parliament_result_can_be_written_as_json():
    data = json.loads(json.dumps(run_european_parliament(european_votes()).to_dict()))
    assert set(data["details"]["constituency_seats"]) == {str(n) for n in range(1, 14)}

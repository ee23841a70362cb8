"""The Sejm preset on the PKW's own files gives the official seat totals.

Official totals (PKW): 2011 PO 207, PiS 157, Ruch Palikota 40, PSL 28, SLD 27,
German Minority 1; 2015 PiS 235, PO 138, Kukiz'15 42, Nowoczesna 28, PSL 16, German
Minority 1; 2019 PiS 235, KO 134, SLD 49, PSL 30, Konfederacja 11, German Minority
1; 2023 PiS 194, KO 157, Trzecia Droga 65, Lewica 26, Konfederacja 18. Every other
committee won no seat. Names are spelt (and cut short) as in each year's file.
"""

import json

import pytest

from simulations.voting import lists
from simulations.voting.pkw import read_constituency_results
from simulations.voting.presets import SEJM, read_pkw_election, run_sejm

OFFICIAL_SEATS = {
    2011: {
        "Komitet Wyborczy Nasz Dom Polska-Samoobrona Andrzeja Leppera": 0,
        "Komitet Wyborczy Nowa Prawica - Janusza Korwin-Mikke": 0,
        "Komitet Wyborczy Platforma Obywatelska RP": 207,
        "Komitet Wyborczy Polska Jest Najważniejsz": 0,
        "Komitet Wyborczy Polska Partia Pracy - Sierpień 8": 0,
        "Komitet Wyborczy Polskie Stronnictwo Ludowe": 28,
        "Komitet Wyborczy Prawica": 0,
        "Komitet Wyborczy Prawo i Sprawiedliwoś": 157,
        "Komitet Wyborczy Ruch Palikota": 40,
        "Komitet Wyborczy Sojusz Lewicy Demokratycznej": 27,
        "Komitet Wyborczy Wyborców Mniejszość Niemie": 1,
    },
    2015: {
        "Komitet Wyborczy Prawo i Sprawiedliwość": 235,
        "Komitet Wyborczy Platforma Obywatelska RP": 138,
        "Komitet Wyborczy Partia Razem": 0,
        "Komitet Wyborczy KORWiN": 0,
        "Komitet Wyborczy Polskie Stronnictwo Ludowe": 16,
        "Koalicyjny Komitet Wyborczy Zjednoczona Lewica SLD+TR+PPS+UP+Zieloni": 0,
        "Komitet Wyborczy Wyborców „Kukiz'15\"": 42,
        "Komitet Wyborczy Nowoczesna Ryszarda Petru": 28,
        "Komitet Wyborczy Wyborców JOW Bezpartyjn": 0,
        "Komitet Wyborczy Wyborców Zbigniewa Stonog": 0,
        "Komitet Wyborczy Wyborców Ruch Społeczny Rzeczypospolitej Polski": 0,
        "Komitet Wyborczy Wyborców Zjednoczeni dla Ślą": 0,
        "Komitet Wyborczy Samoobrona": 0,
        "Komitet Wyborczy Wyborców Grzegorza Brauna „Szczęść": 0,
        "Komitet Wyborczy Kongres Nowej Prawicy": 0,
        "Komitet Wyborczy Wyborców Mniejszość Niemiecka": 1,
        "Komitet Wyborczy Wyborców Obywatele do Parlamentu": 0,
    },
    2019: {
        "KOALICYJNY KOMITET WYBORCZY KOALICJA OBYWATELSKA PO .N IPL ZIELONI": 134,
        "KOMITET WYBORCZY AKCJA ZAWIEDZIONYCH EMERYTÓW RENCISTÓW": 0,
        "KOMITET WYBORCZY KONFEDERACJA WOLNOŚĆ I NIEPODLEGŁOŚĆ": 11,
        "KOMITET WYBORCZY POLSKIE STRONNICTWO LUDOWE": 30,
        "KOMITET WYBORCZY PRAWICA": 0,
        "KOMITET WYBORCZY PRAWO I SPRAWIEDLIWOŚĆ": 235,
        "KOMITET WYBORCZY SKUTECZNI PIOTRA LIROYA-MARCA": 0,
        "KOMITET WYBORCZY SOJUSZ LEWICY DEMOKRATYCZNEJ": 49,
        "KOMITET WYBORCZY WYBORCÓW KOALICJA BEZPARTYJNI I SAMORZĄDOWCY": 0,
        "KOMITET WYBORCZY WYBORCÓW MNIEJSZOŚĆ NIEMIECKA": 1,
    },
    2023: {
        "KOMITET WYBORCZY BEZPARTYJNI SAMORZĄDOWCY": 0,
        (
            "KOALICYJNY KOMITET WYBORCZY TRZECIA DROGA POLSKA 2050 SZYMONA "
            "HOŁOWNI - POLSKIE STRONNICTWO LUDOWE"
        ): 65,
        "KOMITET WYBORCZY NOWA LEWICA": 26,
        "KOMITET WYBORCZY PRAWO I SPRAWIEDLIWOŚĆ": 194,
        "KOMITET WYBORCZY KONFEDERACJA WOLNOŚĆ I NIEPODLEGŁOŚĆ": 18,
        "KOALICYJNY KOMITET WYBORCZY KOALICJA OBYWATELSKA PO .N IPL ZIELONI": 157,
        "KOMITET WYBORCZY POLSKA JEST JEDNA": 0,
        "KOMITET WYBORCZY WYBORCÓW RUCHU DOBROBYTU I POKOJU": 0,
        "KOMITET WYBORCZY NORMALNY KRAJ": 0,
        "KOMITET WYBORCZY ANTYPARTIA": 0,
        "KOMITET WYBORCZY RUCH NAPRAWY POLSKI": 0,
        "KOMITET WYBORCZY WYBORCÓW MNIEJSZOŚĆ NIEMIECKA": 0,
    },
}
UNITED_LEFT = "Koalicyjny Komitet Wyborczy Zjednoczona Lewica SLD+TR+PPS+UP+Zieloni"
OPOLE = "21"


def sejm_file(shared_data, year):
    return shared_data / "sejm" / f"sejm{year}_constituency_results.csv"


@pytest.fixture(scope="module", params=sorted(OFFICIAL_SEATS))
def year_result(request, shared_data):
    return request.param, read_pkw_election(sejm_file(shared_data, request.param))


def test_sejm_preset_gives_the_official_seats_of_every_committee(year_result):
    year, result = year_result
    assert result.seats == OFFICIAL_SEATS[year]


def test_every_constituency_fills_exactly_its_own_seats(year_result):
    _, result = year_result
    filled = {
        int(name): sum(seats.values())
        for name, seats in result.details["constituencies"].items()
    }
    assert filled == SEJM.seats_by_constituency()


def test_sejm_result_can_be_written_as_json(year_result):
    _, result = year_result
    data = json.loads(json.dumps(result.to_dict()))
    assert sum(data["seats"].values()) == 460
    assert data["ties"] == []


def threshold_row(result, name):
    rows = result.steps[0]["lists"]
    return next(row for row in rows if row["list"] == name)


def test_united_left_coalition_over_five_but_under_eight_percent_gets_nothing(
    shared_data,
):
    result = read_pkw_election(sejm_file(shared_data, 2015))
    row = threshold_row(result, UNITED_LEFT)
    assert row["list_kind"] == "coalition"
    assert 0.05 < row["share"] < 0.08
    assert row["status"] == "excluded"
    assert result.seats[UNITED_LEFT] == 0


def test_a_party_just_over_five_percent_takes_part_in_2015(shared_data):
    result = read_pkw_election(sejm_file(shared_data, 2015))
    psl = "Komitet Wyborczy Polskie Stronnictwo Ludowe"
    row = threshold_row(result, psl)
    assert 0.05 < row["share"] < 0.06
    assert row["status"] == "passed"
    assert result.seats[psl] == 16


@pytest.mark.parametrize("year", [2011, 2015, 2019])
def test_german_minority_wins_its_seat_in_opole_below_the_threshold(shared_data, year):
    result = read_pkw_election(sejm_file(shared_data, year))
    minority = next(
        row["list"]
        for row in result.steps[0]["lists"]
        if row["list_kind"] == "minority"
    )
    assert threshold_row(result, minority)["status"] == "exempt"
    assert threshold_row(result, minority)["share"] < 0.01
    assert result.details["constituencies"][OPOLE][minority] == 1


def test_german_minority_stays_exempt_but_wins_no_seat_in_2023(shared_data):
    result = read_pkw_election(sejm_file(shared_data, 2023))
    minority = "KOMITET WYBORCZY WYBORCÓW MNIEJSZOŚĆ NIEMIECKA"
    assert threshold_row(result, minority)["status"] == "exempt"
    assert result.details["constituencies"][OPOLE][minority] == 0


def test_running_the_preset_twice_on_one_reading_gives_the_same_count(shared_data):
    results = read_constituency_results(sejm_file(shared_data, 2023))
    assert run_sejm(results).to_dict() == run_sejm(results).to_dict()


def test_the_list_methods_entry_for_csv_files_runs_the_sejm_preset(shared_data):
    result = lists.read_pkw_election(sejm_file(shared_data, 2019))
    assert result.seats == OFFICIAL_SEATS[2019]

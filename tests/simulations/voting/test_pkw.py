"""Reading the PKW's per-constituency Sejm results, whatever the year's format."""

import pytest

from simulations.voting.base import FileFormatError
from simulations.voting.pkw import (
    classify_committee,
    parse_constituency_results,
    read_constituency_results,
    read_seats_per_constituency,
    short_name,
)

YEARS = (2011, 2015, 2019, 2023)
HEADER = (
    "Nr okręgu;Liczba głosów ważnych oddanych łącznie na wszystkie listy kandydatów;"
    "KOMITET WYBORCZY A;KOALICYJNY KOMITET WYBORCZY B"
)


def sejm_file(shared_data, year):
    return shared_data / "sejm" / f"sejm{year}_constituency_results.csv"


@pytest.fixture(scope="module", params=YEARS)
def results(request, shared_data):
    return read_constituency_results(sejm_file(shared_data, request.param))


def test_every_year_has_41_constituencies_numbered_1_to_41(results):
    assert [c.number for c in results.constituencies] == list(range(1, 42))


def test_constituency_votes_add_up_to_its_valid_votes(results):
    for constituency in results.constituencies:
        assert sum(constituency.votes.values()) == constituency.valid_votes


def test_every_year_has_one_german_minority_committee(results):
    minority = [c for c in results.committees if c.kind == "minority"]
    assert len(minority) == 1


def test_committee_names_lose_the_2015_list_numbers(shared_data):
    results = read_constituency_results(sejm_file(shared_data, 2015))
    names = [c.name for c in results.committees]
    assert names[0] == "Komitet Wyborczy Prawo i Sprawiedliwość"
    assert not any(name[0].isdigit() for name in names)


def test_byte_order_mark_of_2023_is_not_part_of_the_first_header(shared_data):
    results = read_constituency_results(sejm_file(shared_data, 2023))
    assert results.constituencies[0].number == 1
    assert results.constituencies[0].valid_votes == 501_870


def test_2011_commas_and_trailing_blank_lines_are_read(shared_data):
    results = read_constituency_results(sejm_file(shared_data, 2011))
    assert len(results.committees) == 11
    assert len(results.constituencies) == 41
    assert results.total_valid() == sum(results.national_totals().values())


def test_a_dash_or_an_empty_cell_means_the_committee_had_no_list_there(shared_data):
    results = read_constituency_results(sejm_file(shared_data, 2015))
    first = results.constituencies[0]
    assert "Komitet Wyborczy Wyborców Mniejszość Niemiecka" not in first.votes
    assert first.votes["Komitet Wyborczy Prawo i Sprawiedliwość"] == 127_370


def test_coalitions_are_the_committees_named_koalicyjny(shared_data):
    coalitions = {
        year: sorted(
            c.short_name
            for c in read_constituency_results(sejm_file(shared_data, year)).committees
            if c.kind == "coalition"
        )
        for year in YEARS
    }
    assert coalitions == {
        2011: [],
        2015: ["Zjednoczona Lewica SLD+TR+PPS+UP+Zieloni"],
        2019: ["KOALICJA OBYWATELSKA PO .N IPL ZIELONI"],
        2023: [
            "KOALICJA OBYWATELSKA PO .N IPL ZIELONI",
            "TRZECIA DROGA POLSKA 2050 SZYMONA HOŁOWNI - POLSKIE STRONNICTWO LUDOWE",
        ],
    }


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Komitet Wyborczy Prawo i Sprawiedliwość", "party"),
        ("KOALICYJNY KOMITET WYBORCZY KOALICJA OBYWATELSKA", "coalition"),
        ("Komitet Wyborczy Wyborców Mniejszość Niemie", "minority"),
        ("KOMITET WYBORCZY WYBORCÓW MNIEJSZOŚĆ NIEMIECKA", "minority"),
        ("Komitet Wyborczy Wyborców „Kukiz'15\"", "party"),
    ],
)
def test_committees_are_classified_by_name(name, kind):
    assert classify_committee(name) == kind


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Komitet Wyborczy Prawo i Sprawiedliwość", "Prawo i Sprawiedliwość"),
        ("Komitet Wyborczy Wyborców „Kukiz'15\"", "Kukiz'15"),
        ("KOMITET WYBORCZY WYBORCÓW MNIEJSZOŚĆ NIEMIECKA", "MNIEJSZOŚĆ NIEMIECKA"),
        ("Koalicyjny Komitet Wyborczy Zjednoczona Lewica", "Zjednoczona Lewica"),
    ],
)
def test_short_name_is_the_text_after_komitet_wyborczy(name, short):
    assert short_name(name) == short


def test_seats_per_constituency_add_up_to_460(shared_data):
    seats = read_seats_per_constituency(
        shared_data / "sejm" / "seats_per_constituency.csv"
    )
    assert len(seats) == 41
    assert sum(c.seats for c in seats) == 460
    assert (seats[12].town, seats[12].seats) == ("Kraków", 14)


# Malformed files --------------------------------------------------------------


def parse(*rows):
    return parse_constituency_results("\n".join((HEADER, *rows)), source="test.csv")


def test_a_well_formed_small_file_is_read():
    results = parse("1;30;20;10", "2;5;-;5")
    assert results.national_totals() == {
        "KOMITET WYBORCZY A": 20,
        "KOALICYJNY KOMITET WYBORCZY B": 15,
    }


def test_a_vote_count_that_is_not_a_number_names_line_and_column():
    with pytest.raises(FileFormatError) as error:
        parse("1;30;20;10", "2;15;1O;5")
    assert error.value.line == 3
    assert error.value.column == "KOMITET WYBORCZY A"
    assert "'1O' is not a whole number" in str(error.value)


def test_a_row_with_too_few_fields_names_its_line():
    with pytest.raises(
        FileFormatError, match="line 2: 3 fields where the header has 4"
    ):
        parse("1;30;20")


def test_votes_that_do_not_add_up_to_the_valid_votes_are_refused():
    with pytest.raises(FileFormatError) as error:
        parse("1;31;20;10")
    assert error.value.line == 2
    assert "wszystkie listy" in error.value.column


def test_a_constituency_twice_is_refused():
    with pytest.raises(FileFormatError, match="line 3: constituency 1 appears twice"):
        parse("1;30;20;10", "1;30;20;10")


def test_a_missing_constituency_number_column_is_named():
    text = "Siedziba;Liczba głosów ważnych oddanych łącznie na wszystkie listy;KW A\n"
    with pytest.raises(FileFormatError, match="line 1: no constituency number column"):
        parse_constituency_results(text)


def test_a_missing_valid_votes_column_is_named():
    with pytest.raises(FileFormatError, match="no column of valid votes"):
        parse_constituency_results("Nr okręgu;Komitet Wyborczy A\n1;5\n")


def test_a_file_without_committee_columns_is_refused():
    text = "Nr okręgu;Liczba głosów ważnych oddanych na wszystkie listy\n1;5\n"
    with pytest.raises(FileFormatError, match="no committee columns"):
        parse_constituency_results(text)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="empty"):
        read_constituency_results(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin2.csv"
    path.write_bytes(HEADER.encode("iso-8859-2"))
    with pytest.raises(FileFormatError, match="not UTF-8"):
        read_constituency_results(path)


def test_a_seats_file_with_a_bad_number_names_line_and_column(tmp_path):
    path = tmp_path / "seats.csv"
    path.write_text(
        "constituency;seats;seat_town\n1;twelve;Legnica\n", encoding="utf-8"
    )
    with pytest.raises(FileFormatError, match="line 2, column 'seats'"):
        read_seats_per_constituency(path)

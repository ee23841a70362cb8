"""The pabulib reader and writer: real files, quoting, exact numbers, clear errors."""

from fractions import Fraction

import pytest

from simulations.voting.base import FileFormatError, VotingError
from simulations.voting.pabulib import (
    Ballot,
    Instance,
    Project,
    format_number,
    format_pabulib,
    parse_number,
    parse_pabulib,
    read_pabulib,
    write_pabulib,
)

PB_FILES = [
    "poland_krakow_2020_.pb",
    "poland_krakow_2020_podgorze.pb",
    "poland_wieliczka_2023_green-budget.pb",
]

SMALL = "\n".join(
    [
        "META",
        "key;value",
        'description;"School budget; class 7b"',
        "budget;1000.50",
        "vote_type;approval",
        "rule;greedy",
        "PROJECTS",
        "project_id;cost;votes;name;category",
        'p1;600;2;"Benches ""for everyone""";culture,sport',
        "p2;400.25;1;Garden;",
        "VOTES",
        "voter_id;vote;age",
        "v1;p1,p2;13",
        "v2;p1;",
        "",
    ]
)


def test_small_file_reads_into_plain_data():
    instance, ballots = parse_pabulib(SMALL)
    assert instance.meta["description"] == "School budget; class 7b"
    assert instance.budget == Fraction("1000.50")
    assert instance.vote_type == "approval"
    assert instance.projects["p1"] == Project(
        "p1", 600, 'Benches "for everyone"', {"votes": "2", "category": "culture,sport"}
    )
    assert instance.projects["p2"].cost == Fraction("400.25")
    assert ballots == [
        Ballot("v1", ("p1", "p2"), extra={"age": "13"}),
        Ballot("v2", ("p1",), extra={"age": ""}),
    ]
    assert ballots[0].approved == {"p1", "p2"}


@pytest.mark.parametrize("name", PB_FILES)
def test_real_file_reads_writes_and_reads_back_the_same(shared_data, tmp_path, name):
    instance, ballots = read_pabulib(shared_data / "pb" / name)
    write_pabulib(instance, ballots, tmp_path / name)
    assert read_pabulib(tmp_path / name) == (instance, ballots)


def test_krakow_file_keeps_every_voter_with_id_and_district(shared_data):
    instance, ballots = read_pabulib(shared_data / "pb" / "poland_krakow_2020_.pb")
    assert instance.vote_type == "ordinal"
    assert instance.budget == 6_400_000
    assert len(instance.projects) == 97
    assert len(ballots) == 42_280
    first = ballots[0]
    assert first.voter_id == "E1069318"
    assert first.ranking == ("98", "8", "134")
    assert first.extra == {"voting_method": "internet", "district": "BIEŻANÓW-PROKOCIM"}


def test_wieliczka_file_keeps_the_selected_column(shared_data):
    path = shared_data / "pb" / "poland_wieliczka_2023_green-budget.pb"
    instance, ballots = read_pabulib(path)
    selected = [p for p in instance.projects.values() if p.extra["selected"] == "1"]
    assert len(selected) == 30
    assert sum(project.cost for project in selected) == 995_079
    assert len(ballots) == 6586


def test_small_file_round_trips_through_text():
    instance, ballots = parse_pabulib(SMALL)
    assert parse_pabulib(format_pabulib(instance, ballots)) == (instance, ballots)


def test_writer_quotes_fields_with_semicolons_and_quotes():
    text = format_pabulib(*parse_pabulib(SMALL))
    assert 'description;"School budget; class 7b"' in text
    assert 'p1;600;"Benches ""for everyone""";2;culture,sport' in text


def test_writer_spells_a_changed_budget_as_a_decimal():
    instance, ballots = parse_pabulib(SMALL)
    instance.budget = Fraction(2001, 4)
    text = format_pabulib(instance, ballots)
    assert "budget;500.25" in text
    assert parse_pabulib(text)[0].budget == Fraction("500.25")


def test_cumulative_ballots_keep_their_points():
    text = SMALL.replace("vote_type;approval", "vote_type;cumulative")
    text = text.replace("voter_id;vote;age", "voter_id;vote;points;age")
    text = text.replace("v1;p1,p2;13", "v1;p1,p2;3,1.5;13")
    text = text.replace("v2;p1;", "v2;p1;2;")
    instance, ballots = parse_pabulib(text)
    assert ballots[0].scores == {"p1": 3, "p2": Fraction(3, 2)}
    assert parse_pabulib(format_pabulib(instance, ballots)) == (instance, ballots)


def test_byte_order_mark_and_blank_lines_are_ignored():
    instance, _ = parse_pabulib("\ufeff" + SMALL.replace("PROJECTS", "\nPROJECTS"))
    assert list(instance.projects) == ["p1", "p2"]


def test_decimal_comma_in_a_cost_is_read_as_a_point():
    instance, _ = parse_pabulib(SMALL.replace("p2;400.25", "p2;400,25"))
    assert instance.projects["p2"].cost == Fraction("400.25")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("p2;400.25", "p2;lots", "line 10, column 'cost': 'lots' is not a number"),
        ("p2;400.25", "p2;-5", "line 10, column 'cost': -5 is below 0"),
        ("v1;p1,p2;13", "v1;p1,p9;13", "line 13, column 'vote': unknown project 'p9'"),
        ("v1;p1,p2;13", "v1;p1,p1;13", "line 13, column 'vote': a project is named"),
        ("v2;p1;", "v1;p1;", "line 14, column 'voter_id': voter 'v1' appears twice"),
        ("v2;p1;", "v2;p1", "line 14: expected 3 fields"),
        ("p2;400.25;1", "p1;400.25;1", "line 10, column 'project_id': project 'p1'"),
        ("vote_type;approval", "vote_type;secret", "line 7: unknown vote_type"),
        ("budget;1000.50\n", "", "line 6: META lacks the key 'budget'"),
        ("voter_id;vote;age", "voter_id;ballot;age", "line 12: the VOTES header lacks"),
        ("PROJECTS", "VOTES", "line 7: section VOTES found where PROJECTS"),
        ('"School budget; class 7b"', '"School budget', "line 3"),
    ],
)
def test_malformed_file_names_the_line_and_column(old, new, message):
    with pytest.raises(FileFormatError, match="^" + message.replace("(", r"\(")):
        parse_pabulib(SMALL.replace(old, new, 1))


def test_file_without_votes_section_is_refused():
    with pytest.raises(FileFormatError, match="ends before its VOTES section"):
        parse_pabulib(SMALL.split("VOTES")[0])


def test_file_must_start_with_meta():
    with pytest.raises(FileFormatError, match=r"^line 1: the file must start with"):
        parse_pabulib("hello;world\n")


def test_points_must_match_the_projects_of_a_scoring_ballot():
    text = SMALL.replace("vote_type;approval", "vote_type;scoring")
    text = text.replace("voter_id;vote;age", "voter_id;vote;points;age")
    text = text.replace("v1;p1,p2;13", "v1;p1,p2;3;13").replace("v2;p1;", "v2;p1;1;")
    with pytest.raises(FileFormatError, match="column 'points': 1 points for 2"):
        parse_pabulib(text)


def test_numbers_are_read_exactly():
    assert parse_number("1280000") == 1_280_000
    assert parse_number("0.1") == Fraction(1, 10)
    assert parse_number("-2.50") == Fraction(-5, 2)
    with pytest.raises(ValueError, match="not a number"):
        parse_number("1e6")


def test_numbers_are_written_exactly_or_not_at_all():
    assert format_number(Fraction(1, 8)) == "0.125"
    assert format_number(Fraction(-5, 2)) == "-2.5"
    assert format_number(7) == "7"
    tiny = Fraction(1, 2**40)
    assert format_number(tiny) == "0.0000000000009094947017729282379150390625"
    assert parse_number(format_number(tiny)) == tiny
    with pytest.raises(VotingError, match="no exact decimal form"):
        format_number(Fraction(1, 3))


def test_writer_refuses_a_project_id_with_a_comma():
    instance = Instance({"budget": "10", "vote_type": "approval"}, {}, 10)
    instance.projects["a,b"] = Project("a,b", 5)
    with pytest.raises(VotingError, match="has a comma"):
        format_pabulib(instance, [])

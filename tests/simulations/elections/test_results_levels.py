"""Results by class, school and the whole city, with the small-unit rule; the
turnout chart; and the results by level in the API."""

import pytest
from django.test import Client
from django.urls import reverse

from school_councils import services as school_services
from simulations import services
from simulations.models import ElectionKind, Method
from simulations.services.levels import (
    available_levels,
    level_tally,
    merge_small,
)

from .conftest import cast_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sizes", "shown", "merged"),
    [
        ({"a": 5, "b": 6}, ["a", "b"], []),
        # One small unit cannot be merged alone: the next smallest joins it.
        ({"a": 2, "b": 5, "c": 6}, ["c"], ["a", "b"]),
        ({"a": 3, "b": 3, "c": 9}, ["c"], ["a", "b"]),
        ({"a": 1, "b": 1}, [], ["a", "b"]),
        ({"a": 4}, [], ["a"]),
    ],
)
def test_small_units_are_merged_into_a_row_of_two_or_more(sizes, shown, merged):
    assert merge_small(sizes) == (shown, merged)


def second_class(world, name="8a"):
    return school_services.classroom_create(
        by=world.teacher, school=world.school, name=name, grade=8, school_year=2026
    )


def cast(world, by, election, classroom, marks):
    """Casts one ballot per option id in ``marks`` from ``classroom``."""
    missing = len(marks) - classroom.pupils.count()
    if missing > 0:
        school_services.pupils_generate(
            by=world.teacher, classroom=classroom, count=missing
        )
    slips = services.voting_codes_issue(by=by, election=election, classroom=classroom)
    contest = str(election.contests.get().pk)
    for slip, mark in zip(slips, marks, strict=False):
        services.ballot_cast(
            election=election, code=slip.code, choices={contest: {"mark": mark}}
        )


@pytest.fixture
def city_election(school_a, school_b, city_coordinator):
    """A city-wide vote in three classes of two schools, closed: 7b of school A
    Ala 4, Bartek 1; 8a of school A Bartek 2; 7b of school B Ala 1, Bartek 5."""
    eighth = second_class(school_a)
    election = services.election_create(
        by=city_coordinator,
        school=None,
        kind=ElectionKind.CUSTOM,
        title="Miejskie głosowanie",
        method=Method.PLURALITY,
        classrooms=[school_a.classroom, eighth, school_b.classroom],
    )
    contest = election.contests.get()
    ala, bartek = (
        services.option_add(by=city_coordinator, contest=contest, name=name).pk
        for name in ("Ala", "Bartek")
    )
    services.election_open(by=city_coordinator, election=election)
    by = city_coordinator
    cast(school_a, by, election, school_a.classroom, [ala] * 4 + [bartek])
    cast(school_a, by, election, eighth, [bartek] * 2)
    cast(school_b, by, election, school_b.classroom, [ala] + [bartek] * 5)
    services.election_close(by=city_coordinator, election=election)
    return election


def table(tally):
    ((_contest, rows),) = tally.tables
    return [(row.label, row.count.total, row.count.votes) for row in rows]


def test_a_city_wide_vote_has_class_school_and_city_levels(city_election):
    assert available_levels(city_election) == ["class", "school", "city"]


def test_by_class_the_two_small_classes_are_counted_together(city_election):
    rows = table(level_tally(election=city_election, level="class"))

    assert rows == [
        ("7b", 6, {"Ala": 1, "Bartek": 5}),
        (None, 7, {"Ala": 4, "Bartek": 3}),
    ]


def test_by_school_each_school_with_five_ballots_stands_alone(city_election):
    rows = table(level_tally(election=city_election, level="school"))

    assert rows == [
        ("Szkoła Podstawowa A", 7, {"Ala": 4, "Bartek": 3}),
        ("Szkoła Podstawowa B", 6, {"Ala": 1, "Bartek": 5}),
    ]


def test_the_city_level_adds_everything_up(city_election):
    rows = table(level_tally(election=city_election, level="city"))

    assert rows == [("Miejskie głosowanie", 13, {"Ala": 5, "Bartek": 8})]


def test_the_results_page_switches_level_and_marks_the_current_one(
    city_election, city_coordinator
):
    client = Client(headers={"accept-language": "en"})
    client.force_login(city_coordinator)
    address = reverse("election_results", args=[city_election.pk])

    html = client.get(address, {"level": "school"}).content.decode()

    assert '<a href="?level=school#levels" aria-current="page">By school</a>' in html
    assert '<a href="?level=city#levels">The whole city</a>' in html
    assert '<th scope="row">Szkoła Podstawowa B</th>' in html
    # An unknown level falls back to the first one.
    html = client.get(address, {"level": "galaxy"}).content.decode()
    assert '<a href="?level=class#levels" aria-current="page">By class</a>' in html
    assert "Other classes together" in html


def test_the_turnout_chart_shows_every_class_against_its_size(
    city_election, city_coordinator
):
    client = Client(headers={"accept-language": "en"})
    client.force_login(city_coordinator)

    html = client.get(reverse("election_results", args=[city_election.pk])).content
    html = html.decode()

    assert 'aria-labelledby="turnout-chart-title turnout-chart-desc"' in html
    # School B's 7b: six voted of six pupils.
    assert '<th scope="row">7b (Szkoła Podstawowa B)</th><td>6</td><td>6</td>' in html


def test_the_api_gives_results_by_level(city_election, city_coordinator):
    client = Client()
    client.force_login(city_coordinator)
    address = f"/api/elections/{city_election.pk}/results/levels/"

    data = client.get(address, {"level": "school"}).json()
    wrong = client.get(address, {"level": "constituency"})

    assert data["levels"] == ["class", "school", "city"]
    rows = data["tables"][0]["rows"]
    assert [(r["label"], r["ballots"], r["votes"]) for r in rows] == [
        ("Szkoła Podstawowa A", 7, {"Ala": 4, "Bartek": 3}),
        ("Szkoła Podstawowa B", 6, {"Ala": 1, "Bartek": 5}),
    ]
    assert wrong.status_code == 400


def test_results_by_level_are_refused_while_voting_is_open(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CLASS_REPRESENTATIVE,
        title="Klasa",
        classrooms=[school_a.classroom],
    )
    contest = election.contests.get()
    for pupil in school_a.pupils:
        candidacy = services.candidacy_submit(
            by=school_a.teacher, contest=contest, pupil=pupil
        )
        services.candidacy_approve(by=school_a.teacher, candidacy=candidacy)
    services.election_open(by=school_a.teacher, election=election)
    client = Client()
    client.force_login(school_a.teacher)

    response = client.get(f"/api/elections/{election.pk}/results/levels/")

    assert response.status_code == 409


def test_the_openapi_schema_lists_results_by_level_and_what_if(school_a):
    client = Client()
    client.force_login(school_a.teacher)

    schema = client.get("/api/schema/?format=json").json()

    levels = schema["paths"]["/api/elections/{id}/results/levels/"]["get"]
    assert [p["name"] for p in levels["parameters"] if p["in"] == "query"] == ["level"]
    assert "/api/elections/{id}/results/what-if/" in schema["paths"]
    assert "WhatIfs" in schema["components"]["schemas"]


def test_a_mock_sejm_in_two_constituencies_has_constituency_and_city_levels(
    school_a,
):
    eighth = second_class(school_a)
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.SEJM,
        title="Sejm",
        constituencies=[13, 12],
        classrooms=[school_a.classroom, eighth],
    )
    krakow, chrzanow = election.contests.all()
    lists = {}
    for contest in (krakow, chrzanow):
        for name in ("Alfa", "Beta"):
            party = services.option_add(by=school_a.teacher, contest=contest, name=name)
            candidate = services.option_add(
                by=school_a.teacher, contest=contest, name=f"{name} 1", party_list=party
            )
            lists[(contest.pk, name)] = {
                str(contest.pk): {"list": party.pk, "candidate": candidate.pk}
            }
    for row in election.electorate.all():
        target = krakow if row.classroom == school_a.classroom else chrzanow
        services.electorate_assign(by=school_a.teacher, row=row, contest=target)
    services.election_open(by=school_a.teacher, election=election)
    cast_all(
        school_a,
        election,
        [lists[(krakow.pk, "Alfa")]] * 3 + [lists[(krakow.pk, "Beta")]],
    )
    cast_all(school_a, election, [lists[(chrzanow.pk, "Beta")]] * 2, classroom=eighth)
    services.election_close(by=school_a.teacher, election=election)

    by_constituency = table(level_tally(election=election, level="constituency"))
    city = table(level_tally(election=election, level="city"))

    assert available_levels(election) == ["class", "constituency", "city"]
    assert by_constituency == [
        ("13. Kraków", 4, {"Alfa": 3, "Beta": 1}),
        ("12. Chrzanów", 2, {"Alfa": 0, "Beta": 2}),
    ]
    assert city == [("Sejm", 6, {"Alfa": 3, "Beta": 3})]

"""Seat hemicycles and turnout bars: one marker per seat, each list with its own
colour and shape, a legend and a table with the same numbers."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from simulations import services
from simulations.models import ElectionKind
from simulations.views.charts import (
    hemicycle,
    rows_for,
    seat_positions,
    turnout_chart,
)

from .conftest import cast_all


@pytest.mark.parametrize("seats", [1, 2, 5, 14, 43, 100, 460])
def test_every_seat_gets_its_own_place_on_the_half_disc(seats):
    points, size = seat_positions(seats)

    assert len(points) == seats
    assert len(set(points)) == seats
    assert all(y >= -1e-9 and x * x + y * y <= 1 + 1e-9 for x, y in points)
    assert size > 0


def test_the_sejm_gets_ten_rows_and_a_class_council_one():
    assert (rows_for(460), rows_for(14), rows_for(3)) == (10, 2, 1)


def test_lists_get_seats_in_order_with_distinct_shapes_and_colours():
    chart = hemicycle({"Alfa": 2, "Beta": 5, "Gamma": 0, "Delta": 1})

    parties = [(p.name, p.seats, p.shape) for p in chart["parties"]]
    assert parties == [
        ("Beta", 5, "circle"),
        ("Alfa", 2, "square"),
        ("Delta", 1, "diamond"),
    ]
    assert len({p.colour for p in chart["parties"]}) == 3
    assert (chart["total"], chart["majority"]) == (8, 5)
    assert sum(len(p.seat_list) for p in chart["parties"]) == 8


def test_no_seat_no_hemicycle():
    assert hemicycle({"Alfa": 0}) is None


def test_coordinates_are_written_with_a_dot_whatever_the_language():
    chart = hemicycle({"Alfa": 3})

    for party in chart["parties"]:
        for seat in party.seat_list:
            assert re.fullmatch(r"-?\d+\.\d", seat.x)
            assert "," not in seat.path


def test_turnout_bars_are_as_long_as_the_share_that_voted():
    chart = turnout_chart([("All", 15, 20), ("7b", 0, 0), ("8a", 10, 10)])

    assert [(b.width, round(b.percent)) for b in chart["bars"]] == [
        (225, 75),
        (0, 0),
        (300, 100),
    ]


@pytest.mark.django_db
def test_a_mock_sejm_page_draws_its_fourteen_seats_with_a_legend(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.SEJM,
        title="Sejm",
        constituencies=[13],
        classrooms=[school_a.classroom],
    )
    contest = election.contests.get()
    bodies = []
    for name, count in (("Alfa", 5), ("Beta", 2)):
        party = services.option_add(by=school_a.teacher, contest=contest, name=name)
        candidate = services.option_add(
            by=school_a.teacher, contest=contest, name=f"{name} 1", party_list=party
        )
        bodies += [{"list": party.pk, "candidate": candidate.pk}] * count
    services.election_open(by=school_a.teacher, election=election)
    cast_all(school_a, election, bodies)
    services.election_close(by=school_a.teacher, election=election)
    services.election_publish(by=school_a.teacher, election=election)

    html = (
        Client(headers={"accept-language": "en"})
        .get(reverse("results_public", args=[election.public_id]))
        .content.decode()
    )

    # D'Hondt, 14 seats, 5 to 2 votes: the 14th seat goes at 0.5 (5/10 and
    # 2/4), the next quotient is 5/11: Alfa 10, Beta 4.
    seats = html.split('id="seats-combined-title"')[1].split("</svg>")[0]
    assert seats.count("<path d=") == 14
    assert "<title>Alfa: 10</title>" in seats
    assert "<title>Beta: 4</title>" in seats
    assert "14 seats; a majority is 8." in html
    assert 'class="legend"' in html

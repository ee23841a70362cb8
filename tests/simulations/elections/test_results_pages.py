"""Published results explain the count: the numbers as bars and as a table, every
step of the method (STV stages, quotient tables, thresholds, referendum quorum),
the ties and how they were settled, results by class, and the ballot list."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from school_councils import services as school_services
from simulations import services
from simulations.models import ElectionKind, Method

from .conftest import cast_all, open_class_election, option_ids

pytestmark = pytest.mark.django_db


def published_page(world, election, **params):
    services.election_close(by=world.teacher, election=election)
    services.election_publish(by=world.teacher, election=election)
    client = Client(headers={"accept-language": "en"})
    response = client.get(reverse("results_public", args=[election.public_id]), params)
    assert response.status_code == 200
    return response.content.decode()


def custom(world, method, seats=1, names=("Ala", "Bartek", "Celina", "Darek")):
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.CUSTOM,
        title=f"Test {method}",
        method=method,
        seats=seats,
        classrooms=[world.classroom],
    )
    contest = election.contests.get()
    for name in names:
        services.option_add(by=world.teacher, contest=contest, name=name)
    services.election_open(by=world.teacher, election=election)
    return election, list(contest.options.values_list("pk", flat=True))


def test_stv_results_show_the_stages_as_a_table(school_a):
    election, (a, b, c, d) = custom(school_a, Method.STV, seats=2)
    cast_all(
        school_a,
        election,
        [{"ranking": [a, b]}] * 4 + [{"ranking": [c, d]}] * 3 + [{"ranking": [d, b]}],
    )

    html = published_page(school_a, election)

    assert "Stage 1" in html
    assert "first preferences" in html
    assert "Quota: 3 votes" in html


def test_a_class_election_shows_an_accessible_chart_with_a_table(school_a):
    election = open_class_election(school_a)
    first, second = option_ids(election)
    cast_all(school_a, election, [{"mark": first}] * 3 + [{"mark": second}])

    html = published_page(school_a, election)

    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby=', html)
    assert "<desc" in html
    assert re.search(
        r"<th scope=\"row\">Bystry Bóbr</th><td>3</td><td>75[.,]0%</td>", html
    )


@pytest.mark.parametrize(
    "method", [Method.IRV, Method.BORDA, Method.SCHULZE, Method.APPROVAL, Method.PAV]
)
def test_every_method_renders_its_steps(school_a, method):
    election, (a, b, c, d) = custom(school_a, method, seats=2)
    shape = "marks" if method in (Method.APPROVAL, Method.PAV) else "ranking"
    cast_all(
        school_a,
        election,
        [{shape: [a, b]}] * 3 + [{shape: [c, b]}] * 2 + [{shape: [d]}],
    )

    html = published_page(school_a, election)

    assert "How it was counted, step by step" in html
    assert "Elected" in html


def test_a_tie_shows_its_lot_and_seed(school_a):
    election = open_class_election(school_a)
    first, second = option_ids(election)
    cast_all(school_a, election, [{"mark": first}, {"mark": second}])

    html = published_page(school_a, election)

    seed = election.contests.get().seed
    assert f"Lot drawn with seed {seed}" in html


def test_a_party_list_contest_shows_the_quotient_table_and_the_candidates(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CUSTOM,
        title="Rada uczniowska z listami",
        method=Method.DHONDT,
        seats=3,
        classrooms=[school_a.classroom],
    )
    contest = election.contests.get()
    votes = []
    for party, count in (("Lista Zielonych", 5), ("Lista Sportu", 3)):
        party_list = services.option_add(
            by=school_a.teacher, contest=contest, name=party
        )
        candidate = services.option_add(
            by=school_a.teacher,
            contest=contest,
            name=f"Lider {party}",
            party_list=party_list,
        )
        votes += [{"list": party_list.pk, "candidate": candidate.pk}] * count
    services.election_open(by=school_a.teacher, election=election)
    cast_all(school_a, election, votes)

    html = published_page(school_a, election)

    assert "Quotient table" in html
    assert "<strong>5 [1]</strong>" in html
    assert "Seats to candidates" in html
    assert "Lista Zielonych: Lider Lista Zielonych" in html


def test_a_referendum_shows_the_quorum_and_the_decision(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.REFERENDUM,
        title="Czy mundurki?",
        quorum="local",
        classrooms=[school_a.classroom],
    )
    services.election_open(by=school_a.teacher, election=election)
    cast_all(
        school_a, election, [{"answer": "yes"}, {"answer": "no"}, {"answer": "yes"}]
    )

    html = published_page(school_a, election)

    assert "The turnout quorum is met" in html
    assert "Decision:</strong> yes" in html


def test_a_mock_sejm_shows_the_threshold_and_each_constituency(school_a):
    other = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="8a",
        grade=8,
        school_year=2026,
    )
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.SEJM,
        title="Sejm",
        constituencies=[13, 12],
        classrooms=[school_a.classroom, other],
    )
    krakow, chrzanow = election.contests.all()
    choice = {}
    for contest in (krakow, chrzanow):
        for party in ("KW Alfa", "KW Beta"):
            party_list = services.option_add(
                by=school_a.teacher, contest=contest, name=party
            )
            candidate = services.option_add(
                by=school_a.teacher,
                contest=contest,
                name=f"{party} 1",
                party_list=party_list,
            )
            choice[(contest.pk, party)] = {
                str(contest.pk): {"list": party_list.pk, "candidate": candidate.pk}
            }
    for row in election.electorate.all():
        target = krakow if row.classroom == school_a.classroom else chrzanow
        services.electorate_assign(by=school_a.teacher, row=row, contest=target)
    services.election_open(by=school_a.teacher, election=election)
    cast_all(school_a, election, [choice[(krakow.pk, "KW Alfa")]] * 5)
    cast_all(
        school_a, election, [choice[(chrzanow.pk, "KW Beta")]] * 4, classroom=other
    )

    html = published_page(school_a, election)

    assert "Seats in the whole election" in html
    assert "Threshold" in html
    assert "Constituency 13. Kraków: 14 seats" in html

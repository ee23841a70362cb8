"""The projector view: one contest per screen in large type, links (and keys)
to move between screens, nothing before the results are out."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import services

from .conftest import cast_all, open_class_election, option_ids

pytestmark = pytest.mark.django_db


def english():
    return Client(headers={"accept-language": "en"})


def published(world):
    election = open_class_election(world)
    first, second = option_ids(election)
    cast_all(world, election, [{"mark": first}] * 3 + [{"mark": second}])
    services.election_close(by=world.teacher, election=election)
    services.election_publish(by=world.teacher, election=election)
    return election


def test_the_projector_shows_one_contest_with_its_winner(school_a):
    election = published(school_a)

    response = english().get(
        reverse("results_public_projector", args=[election.public_id, 1])
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert '<body class="projector">' in html
    assert "screen 1 of 1" in html
    assert "Elected:</strong> Bystry Bóbr" in html
    assert 'id="projector-heading" tabindex="-1"' in html
    assert 'rel="next"' not in html
    assert "js/simulations/projector.js" in html


def test_screens_beyond_the_last_are_404(school_a):
    election = published(school_a)

    for number in (0, 2):
        address = reverse("results_public_projector", args=[election.public_id, number])
        assert english().get(address).status_code == 404


def test_a_mock_sejm_ends_with_the_seats_of_the_whole_election(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind="sejm",
        title="Sejm",
        constituencies=[13],
        classrooms=[school_a.classroom],
    )
    contest = election.contests.get()
    party = services.option_add(by=school_a.teacher, contest=contest, name="Alfa")
    candidate = services.option_add(
        by=school_a.teacher, contest=contest, name="Alfa 1", party_list=party
    )
    services.election_open(by=school_a.teacher, election=election)
    cast_all(school_a, election, [{"list": party.pk, "candidate": candidate.pk}])
    services.election_close(by=school_a.teacher, election=election)
    services.election_publish(by=school_a.teacher, election=election)

    first = english().get(
        reverse("results_public_projector", args=[election.public_id, 1])
    )
    last = english().get(
        reverse("results_public_projector", args=[election.public_id, 2])
    )

    next_link = reverse("results_public_projector", args=[election.public_id, 2])
    assert f'rel="next" href="{next_link}"' in first.content.decode()
    html = last.content.decode()
    assert "Seats in the whole election" in html
    assert 'rel="prev"' in html
    assert "<title>Alfa: 14</title>" in html


def test_nothing_is_projected_before_publication(school_a):
    election = open_class_election(school_a)
    address = reverse("results_public_projector", args=[election.public_id, 1])
    staff = english()
    staff.force_login(school_a.teacher)

    assert english().get(address).status_code == 404
    services.election_close(by=school_a.teacher, election=election)
    # Closed but not published (an embargo may hold it): still nothing public.
    assert english().get(address).status_code == 404
    staff_address = reverse("election_results_projector", args=[election.pk, 1])
    assert staff.get(staff_address).status_code == 200


def test_the_staff_projector_waits_for_voting_to_close(school_a):
    election = open_class_election(school_a)
    staff = english()
    staff.force_login(school_a.teacher)

    address = reverse("election_results_projector", args=[election.pk, 1])

    assert staff.get(address).status_code == 404

"""The second round of a mock presidential election, from its page."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import services
from simulations.models import Election, ElectionKind

from .conftest import cast_all

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def first_round(world, marks):
    """A closed presidential first round; ``marks`` are the candidates' indexes
    marked by each voter."""
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind=ElectionKind.PRESIDENT,
        title="Prezydent",
        classrooms=[world.classroom],
    )
    contest = election.contests.get()
    options = [
        services.option_add(by=world.teacher, contest=contest, name=name)
        for name in ("Anna", "Bartek", "Celina")
    ]
    services.election_open(by=world.teacher, election=election)
    cast_all(world, election, [{"mark": options[i].pk} for i in marks])
    return services.election_close(by=world.teacher, election=election)


def test_the_page_explains_the_rule_with_its_articles(school_a):
    election = first_round(school_a, [0, 1, 2])

    text = client_for(school_a.teacher).get(
        reverse("election_second_round", args=[election.pk])
    )

    content = text.content.decode()
    assert "art. 293" in content
    assert "Constitution art. 127" in content
    assert "fourteen days later" in content


def test_without_a_majority_the_button_creates_the_second_round(school_a):
    election = first_round(school_a, [0, 0, 1, 1, 1, 2])
    client = client_for(school_a.teacher)
    address = reverse("election_second_round", args=[election.pk])

    page = client.get(address)
    assert page.context["first"]["finalists"] == ["Bartek", "Anna"]
    response = client.post(address)

    second = Election.objects.get(first_round=election)
    assert response.url == reverse("election_setup", args=[second.pk])
    assert sorted(second.contests.get().options.values_list("name", flat=True)) == [
        "Anna",
        "Bartek",
    ]
    assert [r.classroom for r in second.electorate.all()] == [school_a.classroom]
    again = client.get(address)
    assert again.context["second"] == second


def test_with_a_majority_there_is_no_button_and_a_post_is_refused(school_a):
    election = first_round(school_a, [0, 0, 0, 1])
    client = client_for(school_a.teacher)
    address = reverse("election_second_round", args=[election.pk])

    page = client.get(address)
    assert "there is no second round" in page.content.decode()
    assert "Create the second round" not in page.content.decode()
    refused = client.post(address, follow=True)

    assert "already has a winner" in refused.content.decode()
    assert not Election.objects.filter(first_round=election).exists()


def test_an_open_first_round_has_no_second_round_yet(school_a):
    election = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.PRESIDENT,
        title="Prezydent",
        classrooms=[school_a.classroom],
    )
    client = client_for(school_a.teacher)
    address = reverse("election_second_round", args=[election.pk])

    assert "must close" in client.get(address).content.decode()
    assert "must close" in client.post(address, follow=True).content.decode()
    assert Election.objects.count() == 1


def test_only_a_presidential_first_round_has_the_page(school_a):
    council = services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.STUDENT_COUNCIL,
        title="Samorząd",
        classrooms=[school_a.classroom],
    )

    response = client_for(school_a.teacher).get(
        reverse("election_second_round", args=[council.pk])
    )

    assert response.status_code == 404


def test_the_election_page_links_the_second_round(school_a):
    election = first_round(school_a, [0, 1, 2])

    page = client_for(school_a.teacher).get(
        reverse("election_detail", args=[election.pk])
    )

    assert reverse("election_second_round", args=[election.pk]) in (
        page.content.decode()
    )

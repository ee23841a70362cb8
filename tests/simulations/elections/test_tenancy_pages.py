"""Every election page keeps to its school.

For each page of ``simulations.urls.elections`` that takes an object, school B's object is
requested by every role of school A: teachers, coordinators and pupils get 404 (the
object is not theirs to know about), anonymous visitors are sent to sign in, and
school B's own staff and the city coordinator get the page. A test fails when a
page with an object is missing from the matrix, so each new page has to join it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from simulations import services
from simulations.urls import elections as urls
from simulations.models import (
    BallotRecord,
    Candidacy,
    Election,
    Option,
    VotingCode,
)

from .conftest import class_election, open_class_election

pytestmark = pytest.mark.django_db


def draft(world):
    """A draft class election of ``world`` with one approved and one pending
    candidacy."""
    election = class_election(world, pupils=[world.pupils[0]])
    services.candidacy_submit(
        by=world.teacher, contest=election.contests.get(), pupil=world.pupils[1]
    )
    return election


def _election(world):
    return {"pk": draft(world).pk}


def _slips(world):
    return {"pk": draft(world).pk, "classroom_pk": world.classroom.pk}


def _candidacy(world):
    contest = draft(world).contests.get()
    return {"pk": contest.candidacies.get(pupil=world.pupils[1]).pk}


# Every staff page with an object in its URL: (url name, kwargs from a world).
OBJECT_PAGES = [
    ("election_detail", _election),
    ("election_candidates", _election),
    ("election_open", _election),
    ("election_close", _election),
    ("election_publish", _election),
    ("election_results", _election),
    ("election_slips", _slips),
    ("candidacy_approve", _candidacy),
    ("candidacy_withdraw", _candidacy),
]
# Pupils' pages with an object: a pupil of another school gets 404.
PUPIL_OBJECT_PAGES = ["vote_election"]
# Pages whose URL holds something that is not found through a school, and why.
NOT_SCHOOL_OBJECTS = {
    "results_public": "a random public id, and a page only once results are out",
}
STAFF_PAGES = ["election_list", "election_create"]
OPEN_PAGES = {"vote", "vote_cast"}


def patterns(resolver_patterns=None):
    for pattern in resolver_patterns or urls.urlpatterns:
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def takes_arguments(pattern) -> bool:
    return bool(pattern.pattern.converters)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def role_user(world, role):
    return world.pupils[0].user if role == "pupil" else getattr(world, role)


def snapshot(world):
    """What a write to school ``world``'s elections could change."""
    elections = Election.objects.filter(school=world.school)
    return (
        list(elections.order_by("pk").values_list()),
        list(Option.objects.filter(contest__election__in=elections).values_list()),
        list(Candidacy.objects.filter(contest__election__in=elections).values_list()),
        VotingCode.objects.filter(election__in=elections).count(),
        BallotRecord.objects.filter(contest__election__in=elections).count(),
    )


# The matrix keeps up with the URLs ------------------------------------------------


def test_every_page_has_a_name():
    assert [p for p in patterns() if not p.name] == []


def test_every_page_with_an_object_is_in_the_tenancy_matrix():
    with_arguments = {p.name for p in patterns() if takes_arguments(p)}
    listed = (
        {name for name, _ in OBJECT_PAGES}
        | set(PUPIL_OBJECT_PAGES)
        | set(NOT_SCHOOL_OBJECTS)
    )

    assert with_arguments - listed == set(), "add these pages to OBJECT_PAGES"
    assert listed - with_arguments == set(), "these pages no longer exist"


def test_every_page_without_an_object_is_listed_as_staff_or_open():
    without_arguments = {p.name for p in patterns() if not takes_arguments(p)}

    assert without_arguments == set(STAFF_PAGES) | OPEN_PAGES


# Another school's elections -----------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_elections(
    school_a, school_b, role
):
    client = client_for(role_user(school_a, role))

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_no_role_of_a_school_can_change_another_schools_elections(
    school_a, school_b, role
):
    addresses = [reverse(n, kwargs=k(school_b)) for n, k in OBJECT_PAGES]
    before = snapshot(school_b)
    client = client_for(role_user(school_a, role))

    for address in addresses:
        response = client.post(address, {"pupils": [p.pk for p in school_b.pupils]})
        assert response.status_code == 404, (role, address)

    assert snapshot(school_b) == before


def test_an_account_without_a_school_gets_404_for_every_election(school_b, outsider):
    client = client_for(outsider)

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = Client()

    for name, kwargs_for in OBJECT_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        response = client.get(address)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={address}", name


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_the_schools_own_staff_open_every_page(school_b, role):
    client = client_for(getattr(school_b, role))

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 200, name


def test_the_city_coordinator_opens_every_page(school_b, city_coordinator):
    client = client_for(city_coordinator)

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 200, name


# Pupils' pages ------------------------------------------------------------------


def test_a_pupil_gets_404_for_another_schools_ballot(school_a, school_b):
    election = open_class_election(school_b, access="accounts")
    client = client_for(school_a.pupils[0].user)

    for name in PUPIL_OBJECT_PAGES:
        address = reverse(name, kwargs={"pk": election.pk})
        assert client.get(address).status_code == 404, name
        assert client.post(address, {}).status_code == 404, name
    assert BallotRecord.objects.count() == 0


def test_a_pupil_of_the_class_opens_their_ballot(school_b):
    election = open_class_election(school_b, access="accounts")
    client = client_for(school_b.pupils[0].user)

    for name in PUPIL_OBJECT_PAGES:
        assert client.get(reverse(name, kwargs={"pk": election.pk})).status_code == 200


def test_pupils_pages_send_others_to_sign_in_or_to_their_dashboard(school_b):
    election = open_class_election(school_b, access="accounts")
    address = reverse("vote_election", kwargs={"pk": election.pk})

    assert Client().get(address).url == reverse("pupil_signin")
    assert client_for(school_b.teacher).get(address).url == reverse("dashboard")


# Public results ---------------------------------------------------------------------


def test_public_results_are_404_for_everyone_until_published(
    school_b, city_coordinator
):
    election = open_class_election(school_b)
    address = reverse("results_public", kwargs={"public_id": election.public_id})

    for user in (None, school_b.teacher, city_coordinator):
        assert client_for(user).get(address).status_code == 404


def test_published_results_are_open_to_anyone_with_the_link(school_b):
    election = open_class_election(school_b)
    services.election_close(by=school_b.teacher, election=election)
    services.election_publish(by=school_b.teacher, election=election)

    address = reverse("results_public", kwargs={"public_id": election.public_id})
    assert Client().get(address).status_code == 200


# Staff pages without an object ------------------------------------------------


def test_pupils_get_404_on_staff_pages(school_a):
    client = client_for(school_a.pupils[0].user)

    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in_from_staff_pages(db):
    client = Client()

    for name in STAFF_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_the_election_list_shows_only_the_users_own_elections(school_a, school_b):
    mine = class_election(school_a, title="Moje wybory")
    class_election(school_b, title="Cudze wybory")

    page = client_for(school_a.teacher).get(reverse("election_list"))

    assert list(page.context["elections"]) == [mine]

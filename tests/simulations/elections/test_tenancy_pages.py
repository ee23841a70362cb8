"""Every election page keeps to its school.

For each page of ``simulations.urls.elections`` that takes an object, school B's
object is requested by every role of school A: teachers, coordinators and pupils get
404 (the object is not theirs to know about), anonymous visitors are sent to sign
in, and school B's own staff and the city coordinator get the page. A test fails when a
page with an object is missing from the matrix, so each new page has to join it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from simulations import services
from simulations.models import (
    BallotRecord,
    Candidacy,
    Contest,
    Election,
    Electorate,
    Option,
    VotingCode,
)
from simulations.urls import elections as urls

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


def _closed(world):
    """A closed class election: results and their files exist only after
    voting closes."""
    election = open_class_election(world)
    services.election_close(by=world.teacher, election=election)
    return {"pk": election.pk}


def _closed_screen(world):
    return {**_closed(world), "number": 1}


def _sejm(world):
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind="sejm",
        title="Sejm",
        classrooms=[world.classroom],
    )
    return {"pk": election.pk}


# Results pages and files (see the results block of the URL module).
RESULT_PAGES = [
    ("election_results_csv", _closed),
    ("election_results_xlsx", _closed),
    ("election_results_protocol", _closed),
    ("election_results_projector", _closed_screen),
    ("election_real_result", _sejm),
]


def _president(world):
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind="president",
        title="Prezydent",
        classrooms=[world.classroom],
    )
    return {"pk": election.pk}


def _contest(world):
    return {"pk": draft(world).contests.get().pk}


def _option(world):
    return {"pk": draft(world).contests.get().options.get().pk}


def _city_part(world):
    """The world's school's contest in a city youth council (which no school
    runs: it has no school and a city coordinator runs it)."""
    election = Election.objects.create(
        kind="city_youth_council", title="Młodzieżowa Rada Krakowa"
    )
    contest = Contest.objects.create(
        election=election, name=world.school.name, method="plurality"
    )
    Electorate.objects.create(election=election, school=world.school, contest=contest)
    return {"pk": contest.pk}


# Setting up, the second round, a school's part of the city youth council and a
# refused candidacy (see the set-up block of the URL module).
SETUP_PAGES = [
    ("election_setup", _election),
    ("contest_setup", _contest),
    ("option_edit", _option),
    ("option_remove", _option),
    ("election_second_round", _president),
    ("city_council_part", _city_part),
    ("candidacy_refuse", _candidacy),
]


def _city_election(world):
    contest = Contest.objects.get(pk=_city_part(world)["pk"])
    return {"pk": contest.election_id}


# City-wide pages with an object: only a city coordinator, whatever the school.
CITY_OBJECT_PAGES = [("city_council_schools", _city_election)]


def _pupil_contest(world):
    """A contest of a draft nobody stands in yet."""
    return {"pk": class_election(world, pupils=[]).contests.get().pk}


def _pupil_candidacy(world):
    """The first pupil's pending candidacy."""
    contest = Contest.objects.get(pk=_pupil_contest(world)["pk"])
    candidacy = services.candidacy_submit(
        by=world.pupils[0].user, contest=contest, pupil=world.pupils[0]
    )
    return {"pk": candidacy.pk}


# Pupils' pages whose object is not an open election: (url name, kwargs).
PUPIL_CANDIDACY_PAGES = [
    ("candidacy_stand", _pupil_contest),
    ("candidacy_withdraw_mine", _pupil_candidacy),
]
PUPIL_PAGES = ["candidacy_home"]

# Every staff page with an object in its URL: (url name, kwargs from a world).
OBJECT_PAGES = [
    *SETUP_PAGES,
    *RESULT_PAGES,
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
    "election_new": "a kind of election, not an object",
    "results_public_ballots": "the public results' random id, once published",
    "results_public_projector": "the public results' random id, once published",
}
STAFF_PAGES = [
    "election_list",
    "election_create",
    "election_kinds",
    "city_council_list",
]
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
        | {name for name, _ in PUPIL_CANDIDACY_PAGES}
        | {name for name, _ in CITY_OBJECT_PAGES}
        | set(NOT_SCHOOL_OBJECTS)
    )

    assert with_arguments - listed == set(), "add these pages to OBJECT_PAGES"
    assert listed - with_arguments == set(), "these pages no longer exist"


def test_every_page_without_an_object_is_listed_as_staff_or_open():
    without_arguments = {p.name for p in patterns() if not takes_arguments(p)}

    assert without_arguments == set(STAFF_PAGES) | OPEN_PAGES | set(PUPIL_PAGES)


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


# Set-up pages of the city and pupils' candidacy pages -----------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_city_pages_are_404_for_every_school_role(school_b, role):
    client = client_for(role_user(school_b, role))

    for name, kwargs_for in CITY_OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, (role, name)


def test_city_pages_send_anonymous_visitors_to_sign_in_and_open_for_the_city(
    school_b, city_coordinator
):
    for name, kwargs_for in CITY_OBJECT_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        assert Client().get(address).url == f"{reverse('login')}?next={address}"
        assert client_for(city_coordinator).get(address).status_code == 200


def test_a_pupil_gets_404_for_another_schools_candidacy_pages(school_a, school_b):
    client = client_for(school_a.pupils[0].user)

    for name, kwargs_for in PUPIL_CANDIDACY_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        before = snapshot(school_b)
        assert client.get(address).status_code == 404, name
        assert client.post(address, {"manifesto": "x"}).status_code == 404, name
        assert snapshot(school_b) == before, name


def test_a_pupil_opens_their_own_candidacy_pages(school_b):
    client = client_for(school_b.pupils[0].user)

    for name, kwargs_for in PUPIL_CANDIDACY_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        assert client.get(address).status_code == 200, name
    assert client.get(reverse("candidacy_home")).status_code == 200


def test_candidacy_pages_send_others_to_sign_in_or_to_their_dashboard(school_b):
    for name, kwargs_for in PUPIL_CANDIDACY_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        assert Client().get(address).url == reverse("pupil_signin"), name
        teacher = client_for(school_b.teacher)
        assert teacher.get(address).url == reverse("dashboard"), name

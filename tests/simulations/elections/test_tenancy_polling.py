"""Every polling-station page and socket keeps to its school.

For each page of ``simulations.urls.polling`` (all take an object), school B's
object is requested by every role of school A: teachers, coordinators and pupils
get 404, anonymous visitors are sent to sign in, and school B's own staff and the
city coordinator get the page. The turnout socket refuses the same people with a
close code. A test fails when a route of the URL module, or an election route of
``simulations.routing``, is missing from the matrix, so each new one has to join.
"""

import pytest
import pytest_asyncio
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from simulations import routing, services
from simulations.models import BallotRecord, BoothUnlock, PaperProtocol
from simulations.urls import polling as urls
from tests.quizzes.sockets import (
    close_database_connections,
    connected,
    isolated_channel_layers,
    session_cookie,
)

from .conftest import open_class_election
from .polling_helpers import figures, option_map

pytestmark = pytest.mark.django_db


def opened(world):
    return open_class_election(world)


def protocol(world):
    election = opened(world)
    a, b = option_map(election).values()
    return services.paper_protocol_save(
        by=world.teacher,
        contest=election.contests.get(),
        figures=figures(eligible=4, issued=4, in_box=4, valid=4, votes={a: 3, b: 1}),
        station_name="Sala gimnastyczna",
    )


def _election(world):
    return {"pk": opened(world).pk}


def _contest(world):
    election = opened(world)
    return {"pk": election.pk, "contest_pk": election.contests.get().pk}


def _protocol(world):
    return {"pk": protocol(world).pk}


def _booth(world):
    return {"pk": opened(world).pk, "classroom_pk": world.classroom.pk}


# Every page: (url name, kwargs from a world, status for the school's own staff).
OBJECT_PAGES = [
    ("paper_protocols", _election, 200),
    ("paper_protocol_create", _contest, 200),
    ("paper_protocol_edit", _protocol, 200),
    ("booth", _booth, 200),
    # Unlocking and locking are POSTs; a GET goes back to the booth.
    ("booth_unlock", _booth, 302),
    ("booth_lock", _booth, 302),
    ("turnout_live", _election, 200),
]
# Every election socket (routes under ws/elections/).
SOCKETS = {"ws/elections/<id>/turnout/"}


def patterns(resolver_patterns=None):
    for pattern in resolver_patterns or urls.urlpatterns:
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def role_user(world, role):
    return world.pupils[0].user if role == "pupil" else getattr(world, role)


def snapshot(world):
    """What a write to school ``world``'s polling stations could change."""
    elections = world.school.elections.all()
    return (
        list(
            PaperProtocol.objects.filter(election__in=elections)
            .order_by("pk")
            .values_list()
        ),
        list(
            BoothUnlock.objects.filter(election__in=elections)
            .order_by("pk")
            .values_list()
        ),
        BallotRecord.objects.filter(contest__election__in=elections).count(),
    )


# The matrix keeps up with the URLs ------------------------------------------------


def test_every_page_has_a_name():
    assert [p for p in patterns() if not p.name] == []


def test_every_page_is_in_the_tenancy_matrix():
    names = {p.name for p in patterns()}
    listed = {name for name, _kwargs, _status in OBJECT_PAGES}

    assert names - listed == set(), "add these pages to OBJECT_PAGES"
    assert listed - names == set(), "these pages no longer exist"
    assert all(p.pattern.converters for p in patterns())


def test_every_socket_is_in_the_tenancy_matrix():
    routes = {
        str(p.pattern)
        .removeprefix("^")
        .removesuffix("$")
        .replace("(?P<election_id>[^/]{1,20})", "<id>")
        for p in routing.websocket_urlpatterns
        # Council sittings have sockets of their own, with their own matrix.
        if str(p.pattern).startswith("^ws/elections/")
    }

    assert routes == SOCKETS


# Another school's objects -----------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_pages(
    school_a, school_b, role
):
    client = client_for(role_user(school_a, role))

    for name, kwargs_for, _status in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_no_role_of_a_school_can_change_another_schools_polling(
    school_a, school_b, role
):
    addresses = [reverse(n, kwargs=k(school_b)) for n, k, _s in OBJECT_PAGES]
    election = school_b.school.elections.first()
    field = f"contest-{election.contests.get().pk}"
    before = snapshot(school_b)
    client = client_for(role_user(school_a, role))

    for address in addresses:
        response = client.post(
            address,
            {
                "station_name": "X",
                "eligible": 1,
                "issued": 1,
                "in_box": 1,
                "valid": 1,
                "invalid": 0,
                "blank": 0,
                field: "blank",
            },
        )
        assert response.status_code == 404, (role, address)

    assert snapshot(school_b) == before


def test_an_account_without_a_school_gets_404_everywhere(school_b, outsider):
    client = client_for(outsider)

    for name, kwargs_for, _status in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = Client()

    for name, kwargs_for, _status in OBJECT_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        response = client.get(address)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={address}", name


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_the_schools_own_staff_open_every_page(school_b, role):
    client = client_for(getattr(school_b, role))

    for name, kwargs_for, status in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == status, name


def test_the_city_coordinator_opens_every_page(school_b, city_coordinator):
    client = client_for(city_coordinator)

    for name, kwargs_for, status in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == status, name


def test_a_class_of_another_school_cannot_get_a_booth(school_a, school_b):
    election = opened(school_a)
    address = reverse("booth", args=[election.pk, school_b.classroom.pk])

    assert client_for(school_a.teacher).get(address).status_code == 404


def test_a_contest_of_another_election_is_not_found(school_a):
    mine, other = opened(school_a), opened(school_a)
    address = reverse("paper_protocol_create", args=[mine.pk, other.contests.get().pk])

    assert client_for(school_a.teacher).get(address).status_code == 404


# The turnout socket ---------------------------------------------------------------


@pytest.fixture
def _layers(settings):
    settings.CHANNEL_LAYERS = isolated_channel_layers(settings.REDIS_URL)


@pytest_asyncio.fixture
async def _closing():
    yield
    await close_database_connections()


@pytest.fixture
def socket_cookies(school_a, school_b, city_coordinator):
    def cookie(user):
        return session_cookie(user) if user is not None else None

    users = {
        "teacher-a": school_a.teacher,
        "coordinator-a": school_a.coordinator,
        "pupil-a": school_a.pupils[0].user,
        "teacher-b": school_b.teacher,
        "coordinator-b": school_b.coordinator,
        "city": city_coordinator,
        "anonymous": None,
    }
    return {name: cookie(user) for name, user in users.items()}


@pytest.fixture
def election_b(school_b):
    return opened(school_b)


async def _outcome(election, cookie):
    headers = [cookie] if cookie else []
    async with connected(f"/ws/elections/{election.pk}/turnout/", *headers) as ws:
        first = await ws.receive()
        if first["type"] == "turnout":
            return "turnout"
        return await ws.closed()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_layers", "_closing")
async def test_the_turnout_socket_keeps_to_its_school(election_b, socket_cookies):
    expected = {
        "teacher-a": 4404,
        "coordinator-a": 4404,
        "pupil-a": 4404,
        "anonymous": 4401,
        "teacher-b": "turnout",
        "coordinator-b": "turnout",
        "city": "turnout",
    }

    outcomes = {
        name: await _outcome(election_b, cookie)
        for name, cookie in socket_cookies.items()
    }

    assert outcomes == expected

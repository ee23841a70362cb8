"""Every page that takes an object keeps to its school.

For each such page of ``school_councils.urls``, school B's object is requested by
every role of school A: teachers, coordinators and pupils get 404 (the object is not
theirs to know about), anonymous visitors are sent to sign in, and the city
coordinator gets the page. A test fails when a page with an object is missing from
the matrix, so each new endpoint has to join it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from school_councils import services, urls
from school_councils.models import Classroom, Invitation, Membership, Pupil

pytestmark = pytest.mark.django_db


def _classroom(world):
    return {"pk": world.classroom.pk}


def _pupil(world):
    return {"pk": world.pupils[0].pk}


def _school(world):
    return {"pk": world.school.pk}


def _membership(world):
    return {"pk": Membership.objects.get(user=world.teacher).pk}


def _council_of(world):
    """The world's student council, with its first pupil seated (made once)."""
    import datetime

    from school_councils import councils
    from school_councils.models import Council

    council = Council.objects.filter(school=world.school).first()
    if council is None:
        council = councils.council_create(
            by=world.coordinator,
            kind="student_council",
            name="Samorząd",
            school=world.school,
            statutory_seats=5,
            term_start=datetime.date(2026, 9, 1),
            term_end=datetime.date(2027, 6, 30),
        )
        councils.seat_add(by=world.coordinator, council=council, pupil=world.pupils[0])
    return council


def _council(world):
    return {"pk": _council_of(world).pk}


def _seat(world):
    return {"pk": _council_of(world).seats.get().pk}


# Every page with an object in its URL: (url name, kwargs from a school's world).
OBJECT_PAGES = [
    ("classroom_detail", _classroom),
    ("pupils_add", _classroom),
    ("pupils_generate", _classroom),
    ("classroom_cards", _classroom),
    ("classroom_teachers", _classroom),
    ("pupil_move", _pupil),
    ("pupil_remove", _pupil),
    ("pupil_code", _pupil),
    ("school_detail", _school),
    ("school_invite", _school),
    ("membership_remove", _membership),
    ("council_detail", _council),
    ("council_seat_add", _council),
    ("council_seats_from_election", _council),
    ("council_club_add", _council),
    ("council_seat_edit", _seat),
]

# Pages whose URL holds something that is not a school's object, and why.
NOT_SCHOOL_OBJECTS = {
    "invitation_accept": "a one-time secret token, valid for whoever holds it",
}

# Pages without an object that only staff may open.
STAFF_PAGES = ["dashboard", "classroom_create", "city_overview", "council_create"]
# Pages without an object that anyone may open (the council list shows each
# signed-in user their own councils).
OPEN_PAGES = {"pupil_signin", "pupil_home", "council_list"}


def patterns(resolver_patterns=None):
    """Yields every URL pattern of ``school_councils.urls``, includes too."""
    for pattern in resolver_patterns or urls.urlpatterns:
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def takes_arguments(pattern) -> bool:
    return bool(pattern.pattern.converters) or "(?P<" in str(pattern.pattern)


def url(name, kwargs_for, world):
    return reverse(name, kwargs=kwargs_for(world))


def snapshot(world):
    """What a write to school ``world`` could change."""
    school = world.school
    return (
        list(
            Pupil.objects.filter(classroom__school=school)
            .order_by("pk")
            .values_list("pk", "classroom_id", "pseudonym", "code_hash")
        ),
        list(Classroom.objects.filter(school=school).order_by("pk").values_list()),
        list(world.classroom.teachers.order_by("pk").values_list("pk", flat=True)),
        list(Membership.objects.filter(school=school).order_by("pk").values_list()),
        Invitation.objects.filter(school=school).count(),
    )


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def role_user(world, role):
    return world.pupils[0].user if role == "pupil" else getattr(world, role)


# The matrix keeps up with the URLs ------------------------------------------------


def test_every_page_has_a_name():
    assert [p for p in patterns() if not p.name] == []


def test_every_page_with_an_object_is_in_the_tenancy_matrix():
    with_arguments = {p.name for p in patterns() if takes_arguments(p)}
    listed = {name for name, _ in OBJECT_PAGES} | set(NOT_SCHOOL_OBJECTS)

    assert with_arguments - listed == set(), "add these pages to OBJECT_PAGES"
    assert listed - with_arguments == set(), "these pages no longer exist"


def test_every_page_without_an_object_is_listed_as_staff_or_open():
    without_arguments = {p.name for p in patterns() if not takes_arguments(p)}

    assert without_arguments == set(STAFF_PAGES) | OPEN_PAGES


# Another school's objects -----------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_objects(
    school_a, school_b, role
):
    client = client_for(role_user(school_a, role))

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(url(name, kwargs_for, school_b))
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_no_role_of_a_school_can_change_another_schools_objects(
    school_a, school_b, role
):
    services.pupil_codes_issue(by=school_b.teacher, pupils=school_b.pupils)
    before = snapshot(school_b)
    client = client_for(role_user(school_a, role))

    for name, kwargs_for in OBJECT_PAGES:
        response = client.post(url(name, kwargs_for, school_b), {})
        assert response.status_code == 404, (role, name)

    assert snapshot(school_b) == before


def test_an_account_without_a_school_gets_404_for_every_object(school_b, outsider):
    client = client_for(outsider)

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(url(name, kwargs_for, school_b))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = Client()

    for name, kwargs_for in OBJECT_PAGES:
        address = url(name, kwargs_for, school_b)
        response = client.get(address)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={address}", name


def test_the_city_coordinator_opens_every_page(school_b, city_coordinator):
    client = client_for(city_coordinator)

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(url(name, kwargs_for, school_b))
        assert response.status_code == 200, name


def test_the_schools_own_coordinator_opens_every_page(school_b):
    client = client_for(school_b.coordinator)

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(url(name, kwargs_for, school_b))
        assert response.status_code == 200, name


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

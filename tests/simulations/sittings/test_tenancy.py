"""Every sitting page, action and register keeps to its council's school.

For each route of ``simulations.urls.councils``, school B's object is requested by
every role of school A (teacher, coordinator, a pupil on A's council): 404, and
nothing of B changes; anonymous visitors are sent to sign in; B's coordinator
and the city coordinator open it. A test fails when a route is missing here.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from simulations.models import Attendance, Motion, Resolution, Sitting, Vote
from simulations.services import sittings as services
from simulations.urls import councils as council_urls

from .conftest import open_sitting, student_council, vote_all

pytestmark = pytest.mark.django_db


def built(world):
    """School ``world``'s council with a sitting in which a motion was adopted."""
    sitting = Sitting.objects.filter(council__school=world.school).first()
    if sitting is None:
        cw = open_sitting(student_council(world, members=3, seats=3))
        draft = services.motion_add(
            by=cw.chair, sitting=cw.sitting, title="Uchwała", text="Tekst."
        )
        vote = services.vote_open(by=cw.chair, kind="open", motion=draft)
        vote_all(cw, vote, ["for", "for", "for"])
        services.vote_close(by=cw.chair, vote=vote)
        sitting = cw.sitting
    return sitting


def _council(world):
    return {"council_pk": built(world).council_id}


def _sitting(world):
    return {"pk": built(world).pk}


def _resolution(world):
    return {"pk": Resolution.objects.get(sitting=built(world)).pk}


GET_PAGES = [
    ("sitting_create", _council),
    ("resolution_register", _council),
    ("sitting_chair", _sitting),
    ("sitting_member", _sitting),
    ("sitting_projector", _sitting),
    ("sitting_live", _sitting),
    ("sitting_state", _sitting),
    ("sitting_minutes", _sitting),
    ("resolution_detail", _resolution),
]
# Actions: posted, with the form a real client would send.
POST_PAGES = [
    ("sitting_act", _sitting, {"action": "close"}),
    ("sitting_member_act", _sitting, {"action": "absent"}),
]


def snapshot(world):
    sitting = built(world)
    return (
        list(Sitting.objects.filter(pk=sitting.pk).values_list("state", "seq")),
        list(Motion.objects.filter(sitting=sitting).values_list("state")),
        list(Vote.objects.filter(sitting=sitting).values_list("is_open", "passed")),
        Attendance.objects.filter(sitting=sitting).count(),
    )


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def users_of(world):
    built(world)
    return {
        "teacher": world.teacher,
        "coordinator": world.coordinator,
        "pupil": world.pupils[0].user,
    }


def test_every_route_is_in_the_matrix():
    names = {p.name for p in council_urls.urlpatterns if isinstance(p, URLPattern)}
    listed = {name for name, *_ in GET_PAGES} | {name for name, *_ in POST_PAGES}
    assert names == listed


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_sittings(
    school_a, school_b, role
):
    client = client_for(users_of(school_a)[role])
    before = snapshot(school_b)

    for name, kwargs_for in GET_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, (role, name)
    for name, kwargs_for, data in POST_PAGES:
        response = client.post(reverse(name, kwargs=kwargs_for(school_b)), data)
        assert response.status_code == 404, (role, name)

    assert snapshot(school_b) == before


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = Client()
    for name, kwargs_for in GET_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        response = client.get(address)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={address}", name
    for name, kwargs_for, data in POST_PAGES:
        response = client.post(reverse(name, kwargs=kwargs_for(school_b)), data)
        assert response.status_code == 302, name


@pytest.mark.parametrize("who", ["coordinator", "city"])
def test_the_schools_coordinator_and_the_city_open_every_page(
    school_b, city_coordinator, who
):
    user = school_b.coordinator if who == "coordinator" else city_coordinator
    client = client_for(user)
    for name, kwargs_for in GET_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 200, name


def test_a_member_of_the_council_follows_but_does_not_chair(school_b):
    sitting = built(school_b)
    member = school_b.pupils[1].user
    client = client_for(member)
    client.cookies["django_language"] = "en"
    chair_page = client.get(reverse("sitting_chair", args=[sitting.pk]))
    assert chair_page.status_code == 302
    assert chair_page.url == reverse("sitting_member", args=[sitting.pk])
    refused = client.post(
        reverse("sitting_act", args=[sitting.pk]), {"action": "close"}, follow=True
    )
    assert "Only the chair runs the sitting." in refused.content.decode()
    assert Sitting.objects.get(pk=sitting.pk).state == "open"

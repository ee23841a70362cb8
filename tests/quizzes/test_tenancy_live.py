"""Every live-game page keeps to its school.

For each page of ``quizzes.urls.live`` that takes an object, school B's object is
requested by every role of school A: teachers, coordinators and pupils get 404 (the
object is not theirs to know about), anonymous visitors are sent to sign in, and
school B's own staff and the city coordinator get the page. A test fails when a
page with an object is missing from the matrix, so each new page has to join it.
"""

import pytest
from django.urls import URLPattern, URLResolver, reverse

from quizzes.models import LiveSession, Quiz
from quizzes.urls import live as urls
from tests.quizzes.factories import make_quiz, start
from tests.quizzes.live_pages import client_for, lesson_with_quiz, make_library_quiz

pytestmark = pytest.mark.django_db


def _quiz(world):
    return {"quiz_pk": make_quiz(world, title="Cudzy quiz").pk}


def _session(world):
    return {"pk": start(world).pk}


# Every staff page with an object in its URL: (url name, kwargs from a world).
OBJECT_PAGES = [
    ("live_session_start", _quiz),
    ("live_session_host", _session),
    ("live_session_results", _session),
]
# Pages whose URL holds something that is not found through a school, and why.
NOT_SCHOOL_OBJECTS = {
    "live_session_start_from_lesson": (
        "a published lesson, open to all; the game runs on a copy of its library "
        "quiz in the teacher's own school"
    ),
}
STAFF_PAGES: list[str] = []
OPEN_PAGES = {"live_play"}


def patterns(resolver_patterns=None):
    for pattern in resolver_patterns or urls.urlpatterns:
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def takes_arguments(pattern) -> bool:
    return bool(pattern.pattern.converters)


def role_user(world, role):
    return world.pupils[0].user if role == "pupil" else getattr(world, role)


def snapshot(world):
    """What a write to school ``world``'s games could change."""
    sessions = LiveSession.objects.filter(quiz__school=world.school)
    return (
        list(sessions.order_by("pk").values_list()),
        Quiz.objects.count(),
        LiveSession.objects.count(),
    )


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


# Another school's games -----------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_games(
    school_a, school_b, role
):
    client = client_for(role_user(school_a, role))

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_no_role_of_a_school_can_start_or_change_another_schools_games(
    school_a, school_b, role
):
    addresses = [reverse(n, kwargs=k(school_b)) for n, k in OBJECT_PAGES]
    before = snapshot(school_b)
    client = client_for(role_user(school_a, role))

    for address in addresses:
        response = client.post(address, {"with_settings": "1"})
        assert response.status_code == 404, (role, address)

    assert snapshot(school_b) == before


def test_an_account_without_a_school_gets_404_for_every_game(school_b, outsider):
    client = client_for(outsider)

    for name, kwargs_for in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = client_for(None)

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


def test_a_private_quiz_of_a_colleague_cannot_be_started(school_b):
    quiz = make_quiz(school_b, visibility="private")
    address = reverse("live_session_start", args=[quiz.pk])

    response = client_for(school_b.coordinator).post(address, {})

    assert response.status_code == 404
    assert not LiveSession.objects.exists()


# Starting from a lesson ------------------------------------------------------------


def test_only_staff_of_a_school_start_a_game_from_a_lesson(school_a, outsider):
    lesson, block_id = lesson_with_quiz(make_library_quiz())
    address = reverse("live_session_start_from_lesson", args=[lesson.pk, block_id])

    anonymous = client_for(None).get(address)
    assert anonymous.url == f"{reverse('login')}?next={address}"
    for user in (school_a.pupils[0].user, outsider):
        assert client_for(user).get(address).status_code == 404
        assert client_for(user).post(address, {}).status_code == 404
    assert not Quiz.objects.exists()
    assert client_for(school_a.teacher).get(address).status_code == 200


def test_a_copy_from_a_lesson_never_lands_in_another_schools_class(school_a, school_b):
    lesson, block_id = lesson_with_quiz(make_library_quiz())
    address = reverse("live_session_start_from_lesson", args=[lesson.pk, block_id])

    response = client_for(school_a.teacher).post(
        address, {"with_settings": "1", "classroom": school_b.classroom.pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["classroom"]
    assert not Quiz.objects.filter(school=school_b.school).exists()
    assert not LiveSession.objects.exists()


# The join page ---------------------------------------------------------------------


def test_the_join_page_is_open_to_every_role(school_a, city_coordinator):
    users = [None, school_a.pupils[0].user, school_a.teacher, city_coordinator]

    for user in users:
        assert client_for(user).get(reverse("live_play")).status_code == 200

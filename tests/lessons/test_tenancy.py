"""Every lessons page and API endpoint that takes an object keeps to its school.

Another school's assignment or class is a 404 for every role of a school; the
city coordinator reaches every school. A test fails when a URL of the lessons app
(a Django pattern or a route of a lesson page) is missing from the matrix.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from rest_framework.test import APIClient

from lessons import services, urls
from lessons.models import LessonAssignment, LessonIndexPage, LessonPage
from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return make_lesson(slug="demokracja")


@pytest.fixture
def foreign_assignment(school_b, lesson):
    (assignment,) = services.lesson_assign(
        by=school_b.teacher, lesson=lesson, classrooms=[school_b.classroom]
    )
    return assignment


# Pages with an object of a school: (name, address built from school B's assignment).
OBJECT_PAGES = {
    "lesson_assignment_taught": lambda a: reverse(
        "lesson_assignment_taught", args=[a.pk]
    ),
}
# Routes of the lesson pages and why they hold no school's object.
PAGE_ROUTES = {
    (LessonPage, "index_route"): "the lesson itself, public",
    (LessonPage, "print"): "the lesson itself, public",
    (LessonPage, "assign"): "classes come in the form, checked below",
    (LessonIndexPage, "index_route"): "every lesson of a language, public",
    (LessonIndexPage, "search"): "public search",
}
# API endpoints with an object: (route name, method, address for school B's).
API_ENDPOINTS = {
    "lessonassignment-detail": ("get", lambda a: f"/api/lesson-assignments/{a.pk}/"),
    "lessonassignment-taught": (
        "post",
        lambda a: f"/api/lesson-assignments/{a.pk}/taught/",
    ),
}


def role_user(world, role):
    return world.pupils[0].user if role == "pupil" else getattr(world, role)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# The matrix keeps up with the URLs ----------------------------------------------


def test_every_lessons_url_is_in_the_tenancy_matrix():
    patterns = {p.name for p in urls.urlpatterns if isinstance(p, URLPattern)}

    assert patterns == set(OBJECT_PAGES)


def test_every_route_of_a_lesson_page_is_in_the_tenancy_matrix():
    routes = {
        (model, name)
        for model in (LessonPage, LessonIndexPage)
        for name in {p.name for p in model().get_subpage_urls()}
    }

    assert routes == set(PAGE_ROUTES)


def test_every_api_endpoint_with_an_object_is_in_the_tenancy_matrix():
    from rest_framework.routers import DefaultRouter

    from lessons import api

    router = DefaultRouter()
    api.register(router)
    named = {url.name for url in router.urls if "pk" in str(url.pattern)}

    assert named == set(API_ENDPOINTS)


# Another school's objects --------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_gets_404_for_another_schools_assignment(
    school_a, foreign_assignment, role
):
    client = client_for(role_user(school_a, role))

    for name, address in OBJECT_PAGES.items():
        assert client.get(address(foreign_assignment)).status_code == 404, name
        assert client.post(address(foreign_assignment)).status_code == 404, name

    foreign_assignment.refresh_from_db()
    assert foreign_assignment.taught_at is None


def test_an_account_without_a_school_gets_404(outsider, foreign_assignment):
    client = client_for(outsider)

    for name, address in OBJECT_PAGES.items():
        assert client.get(address(foreign_assignment)).status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(foreign_assignment):
    for name, address in OBJECT_PAGES.items():
        response = Client().get(address(foreign_assignment))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_the_city_coordinator_and_the_schools_own_staff_open_the_pages(
    school_b, city_coordinator, foreign_assignment
):
    for user in (city_coordinator, school_b.teacher, school_b.coordinator):
        client = client_for(user)
        for name, address in OBJECT_PAGES.items():
            assert client.get(address(foreign_assignment)).status_code == 200, name


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_assigning_to_another_schools_class_is_404(school_a, school_b, lesson, role):
    client = client_for(role_user(school_a, role))

    response = client.post(
        lesson.url + "assign/", {"classrooms": [school_b.classroom.pk]}
    )

    assert response.status_code == 404
    assert not LessonAssignment.objects.exists()


# The API ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_staff_get_404_for_another_schools_assignment_in_the_api(
    school_a, foreign_assignment, role
):
    client = APIClient()
    client.force_authenticate(role_user(school_a, role))

    for name, (method, address) in API_ENDPOINTS.items():
        response = getattr(client, method)(address(foreign_assignment))
        assert response.status_code == 404, name
    foreign_assignment.refresh_from_db()
    assert foreign_assignment.taught_at is None


def test_assigning_to_another_schools_class_in_the_api_is_404(
    school_a, school_b, lesson
):
    client = APIClient()
    client.force_authenticate(school_a.teacher)

    response = client.post(
        "/api/lesson-assignments/",
        {"lesson": lesson.pk, "classrooms": [school_b.classroom.pk]},
        format="json",
    )

    assert response.status_code == 404
    assert not LessonAssignment.objects.exists()


def test_pupils_and_anonymous_visitors_cannot_use_the_assignments_api(
    school_a, foreign_assignment
):
    pupil = APIClient()
    pupil.force_authenticate(school_a.pupils[0].user)

    assert pupil.get("/api/lesson-assignments/").status_code == 403
    assert APIClient().get("/api/lesson-assignments/").status_code in (401, 403)


def test_the_city_coordinator_reads_every_schools_assignments(
    city_coordinator, foreign_assignment
):
    client = APIClient()
    client.force_authenticate(city_coordinator)

    response = client.get(f"/api/lesson-assignments/{foreign_assignment.pk}/")

    assert response.status_code == 200

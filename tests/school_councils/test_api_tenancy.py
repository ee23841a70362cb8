"""The REST API shows each user only their own schools' objects (404 otherwise)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api_client(user=None, *, token=False):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and token:
        key = Token.objects.create(user=user).key
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


# Every API endpoint that takes an object: (url, method, payload) built from school B.
def foreign_endpoints(b):
    pupil = b.pupils[0]
    return [
        (f"/api/schools/{b.school.pk}/", "get", None),
        (f"/api/classrooms/{b.classroom.pk}/", "get", None),
        (f"/api/classrooms/{b.classroom.pk}/pupils/", "post", {"generate": 2}),
        (f"/api/pupils/{pupil.pk}/", "get", None),
        (f"/api/pupils/{pupil.pk}/", "delete", None),
        (f"/api/pupils/{pupil.pk}/move/", "post", {"classroom": b.classroom.pk}),
    ]


COVERED = {
    "school-detail",
    "classroom-detail",
    "classroom-pupils",
    "pupil-detail",
    "pupil-move",
}


def test_every_school_endpoint_with_an_object_is_in_the_tenancy_matrix():
    """Each app keeps its own matrix; this one covers what school_councils registers."""
    from rest_framework.routers import DefaultRouter

    from school_councils import api

    router = DefaultRouter()
    api.register(router)
    named = {url.name for url in router.urls if "pk" in str(url.pattern)}
    assert named - COVERED == set(), "add the new endpoints to foreign_endpoints()"


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_staff_get_404_for_every_object_of_another_school(school_a, school_b, role):
    client = api_client(getattr(school_a, role), token=True)
    for url, method, payload in foreign_endpoints(school_b):
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code == 404, (role, method, url)
    assert school_b.classroom.pupils.count() == 2


def test_pupils_cannot_use_the_staff_api(school_a, school_b):
    client = api_client(school_a.pupils[0].user)
    for url, method, payload in foreign_endpoints(school_a):
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code == 403, (method, url)


def test_anonymous_visitors_must_authenticate(school_b):
    client = api_client()
    for url, method, payload in foreign_endpoints(school_b):
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code in (401, 403), (method, url)


def test_city_coordinator_reads_every_school(school_a, school_b, city_coordinator):
    client = api_client(city_coordinator)
    names = {s["name"] for s in client.get("/api/schools/").json()["results"]}
    assert names == {school_a.school.name, school_b.school.name}
    assert client.get(f"/api/classrooms/{school_b.classroom.pk}/").status_code == 200


def test_lists_hold_only_the_users_own_objects(school_a, school_b):
    client = api_client(school_a.teacher, token=True)
    classes = client.get("/api/classrooms/").json()["results"]
    assert [c["id"] for c in classes] == [school_a.classroom.pk]
    pupils = client.get("/api/pupils/").json()["results"]
    assert {p["pseudonym"] for p in pupils} == {"Bystry Bóbr", "Zwinny Lis"}
    assert all(p["classroom"] == school_a.classroom.pk for p in pupils)


def test_a_teacher_cannot_create_a_class_in_another_school(school_a, school_b):
    client = api_client(school_a.teacher)
    response = client.post(
        "/api/classrooms/",
        {"school": school_b.school.pk, "name": "1a", "grade": 1, "school_year": 2026},
        format="json",
    )
    assert response.status_code == 400
    assert "school" in response.json()
    assert not school_b.school.classrooms.filter(name="1a").exists()


def test_a_teacher_creates_a_class_in_their_school_and_teaches_it(school_a):
    client = api_client(school_a.teacher)
    response = client.post(
        "/api/classrooms/",
        {"school": school_a.school.pk, "name": "4c", "grade": 4, "school_year": 2026},
        format="json",
    )
    assert response.status_code == 201, response.json()
    classroom = school_a.school.classrooms.get(name="4c")
    assert school_a.teacher in classroom.teachers.all()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "9z", "grade": 9, "school_year": 2026}, "grade"),
        ({"name": "7b", "grade": 7, "school_year": 2026}, "7b"),
        ({"name": "4c", "grade": "four", "school_year": 2026}, "grade"),
    ],
)
def test_bad_classes_get_a_clear_400(school_a, payload, field):
    client = api_client(school_a.coordinator)
    response = client.post(
        "/api/classrooms/", {"school": school_a.school.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in str(response.json())


def test_adding_pupils_reports_each_bad_line(school_a):
    client = api_client(school_a.teacher)
    response = client.post(
        f"/api/classrooms/{school_a.classroom.pk}/pupils/",
        {"pseudonyms": ["Nowy Orzeł", "Bystry Bóbr", "x" * 41]},
        format="json",
    )
    assert response.status_code == 400
    text = str(response.json())
    assert "Bystry Bóbr" in text
    assert "Line 3" in text or "3" in text
    assert school_a.classroom.pupils.count() == 2


def test_moving_a_pupil_to_another_schools_class_is_404(school_a, school_b):
    client = api_client(school_a.coordinator)
    pupil = school_a.pupils[0]
    response = client.post(
        f"/api/pupils/{pupil.pk}/move/",
        {"classroom": school_b.classroom.pk},
        format="json",
    )
    assert response.status_code == 404
    pupil.refresh_from_db()
    assert pupil.classroom == school_a.classroom


def test_the_openapi_schema_and_its_documentation_page_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/classrooms/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def _all_patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_the_token_endpoint_is_published():
    assert any("auth/token/" in p for p in _all_patterns(get_resolver()))

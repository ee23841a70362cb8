"""A coordinator manages the school's staff and classes; a city coordinator sees every
school."""

import pytest
from django.conf import settings
from django.urls import reverse

from school_councils import services
from school_councils.models import Classroom, Membership, StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def coordinator(client, school_a):
    client.force_login(school_a.coordinator)
    return client


@pytest.fixture
def second_teacher(school_a):
    return services.staff_user_create(
        username="teacher-a2", email="teacher-a2@example.org", school=school_a.school
    )


def page(response) -> str:
    return response.content.decode()


def test_the_school_page_lists_staff_and_every_class(coordinator, school_a):
    response = coordinator.get(reverse("school_detail", args=[school_a.school.pk]))

    assert response.status_code == 200
    assert "teacher-a@example.org" in page(response)
    assert reverse("classroom_detail", args=[school_a.classroom.pk]) in page(response)
    assert response.context["classrooms"].get().pupil_count == 2


def test_the_school_page_lists_invitations_not_accepted_yet(coordinator, school_a):
    services.invitation_create(
        by=school_a.coordinator, school=school_a.school, email="nowa@example.org"
    )

    response = coordinator.get(reverse("school_detail", args=[school_a.school.pk]))

    assert "nowa@example.org" in page(response)


def test_removing_a_teacher_asks_first(coordinator, school_a):
    membership = Membership.objects.get(user=school_a.teacher)

    response = coordinator.get(reverse("membership_remove", args=[membership.pk]))

    assert response.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_removed_teacher_leaves_the_school_and_its_classes(
    coordinator, school_a, client
):
    membership = Membership.objects.get(user=school_a.teacher)

    response = coordinator.post(reverse("membership_remove", args=[membership.pk]))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not school_a.classroom.teachers.filter(pk=school_a.teacher.pk).exists()
    client.force_login(school_a.teacher)
    url = reverse("classroom_detail", args=[school_a.classroom.pk])
    assert client.get(url).status_code == 404


def test_a_coordinator_cannot_remove_themselves(coordinator, school_a):
    membership = Membership.objects.get(user=school_a.coordinator)

    response = coordinator.post(reverse("membership_remove", args=[membership.pk]))

    assert response.status_code == 200
    assert "cannot remove yourself" in page(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_coordinator_sets_who_teaches_a_class(
    coordinator, school_a, second_teacher
):
    url = reverse("classroom_teachers", args=[school_a.classroom.pk])

    response = coordinator.post(url, {"teachers": [second_teacher.pk]})

    assert response.status_code == 302
    assert list(school_a.classroom.teachers.all()) == [second_teacher]


def test_only_the_schools_staff_can_teach_its_classes(coordinator, school_a, school_b):
    url = reverse("classroom_teachers", args=[school_a.classroom.pk])

    response = coordinator.post(url, {"teachers": [school_b.teacher.pk]})

    assert response.status_code == 200
    assert 'id="id_teachers_error"' in page(response)
    assert list(school_a.classroom.teachers.all()) == [school_a.teacher]


def test_a_teacher_cannot_choose_the_teachers_of_their_own_class(client, school_a):
    client.force_login(school_a.teacher)
    url = reverse("classroom_teachers", args=[school_a.classroom.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"teachers": []}).status_code == 404
    assert school_a.classroom.teachers.count() == 1


def test_the_coordinator_creates_a_class_for_the_school(coordinator, school_a):
    url = reverse("classroom_create")
    form = coordinator.get(url, {"school": school_a.school.pk})

    response = coordinator.post(
        url,
        {
            "school": school_a.school.pk,
            "name": "1a",
            "grade": "1",
            "school_year": "2026",
            "language": "uk",
        },
    )

    assert form.status_code == 200
    assert response.status_code == 302
    classroom = Classroom.objects.get(name="1a")
    assert classroom.language == "uk"
    assert not classroom.teachers.exists()


def test_the_coordinator_sees_every_class_of_the_school_on_the_dashboard(
    coordinator, school_a, second_teacher
):
    services.classroom_create(
        by=second_teacher, school=school_a.school, name="3c", grade=3, school_year=2026
    )

    response = coordinator.get(reverse("dashboard"))

    assert {c.name for c in response.context["classrooms"]} == {"7b", "3c"}


def test_the_city_coordinator_sees_every_school_with_counts(
    client, school_a, school_b, city_coordinator
):
    client.force_login(city_coordinator)

    response = client.get(reverse("city_overview"))

    assert response.status_code == 200
    schools = {school.name: school for school in response.context["schools"]}
    assert set(schools) == {school_a.school.name, school_b.school.name}
    counts = schools[school_a.school.name]
    assert (counts.staff_count, counts.classroom_count, counts.pupil_count) == (2, 1, 2)
    assert reverse("school_detail", args=[school_b.school.pk]) in page(response)


def test_the_city_coordinator_opens_any_schools_page(
    client, school_b, city_coordinator
):
    client.force_login(city_coordinator)

    response = client.get(reverse("school_detail", args=[school_b.school.pk]))

    assert response.status_code == 200
    assert "teacher-b@example.org" in page(response)


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_school_staff_do_not_see_the_city_page(client, school_a, role):
    client.force_login(getattr(school_a, role))

    assert client.get(reverse("city_overview")).status_code == 404


def test_only_a_city_coordinator_is_offered_the_coordinator_role(
    client, school_a, city_coordinator
):
    url = reverse("school_invite", args=[school_a.school.pk])
    client.force_login(school_a.coordinator)
    as_coordinator = client.get(url)
    client.force_login(city_coordinator)
    as_city = client.get(url)

    assert f'value="{StaffRole.COORDINATOR}"' not in page(as_coordinator)
    assert f'value="{StaffRole.COORDINATOR}"' in page(as_city)

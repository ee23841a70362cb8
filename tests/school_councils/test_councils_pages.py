"""Council pages as a teacher and a pupil use them: creating a council, seating
members, clear errors for bad input."""

import pytest
from django.test import Client
from django.urls import reverse

from school_councils.models import Council, Seat

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def create(client, world, **overrides):
    data = {
        "kind": "student_council",
        "name": "Samorząd Uczniowski",
        "school": world.school.pk,
        "term_number": 1,
        "term_start": "2026-09-01",
        "term_end": "2027-06-30",
        "statutory_seats": 5,
        "quorum": "1/2",
    }
    data.update(overrides)
    return client.post(reverse("council_create"), data, follow=True)


def test_a_coordinator_creates_a_student_council_and_seats_a_pupil(school_a):
    client = client_for(school_a.coordinator)
    response = create(client, school_a)
    council = Council.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "council_detail", args=[council.pk]
    )
    assert "The council has been created." in response.content.decode()

    response = client.post(
        reverse("council_seat_add", args=[council.pk]),
        {"pupil": school_a.pupils[0].pk, "role": "chair"},
        follow=True,
    )
    assert f"{school_a.pupils[0].pseudonym} now holds a seat." in (
        response.content.decode()
    )
    assert Seat.objects.get().role == "chair"


def test_a_term_that_ends_before_it_starts_is_explained(school_a):
    response = create(client_for(school_a.coordinator), school_a, term_end="2026-01-01")
    assert "The term cannot end before it starts." in response.content.decode()
    assert not Council.objects.exists()


def test_a_second_chair_is_refused_on_the_form(school_a):
    client = client_for(school_a.coordinator)
    create(client, school_a)
    council = Council.objects.get()
    address = reverse("council_seat_add", args=[council.pk])
    client.post(address, {"pupil": school_a.pupils[0].pk, "role": "chair"})
    response = client.post(address, {"pupil": school_a.pupils[1].pk, "role": "chair"})
    assert "The council already has a chair." in response.content.decode()
    assert Seat.objects.count() == 1


def test_a_teacher_cannot_create_the_city_youth_council(school_a):
    response = create(
        client_for(school_a.teacher), school_a, kind="city_youth_council", school=""
    )
    assert "only city coordinators create the city youth council" in (
        response.content.decode()
    )
    assert not Council.objects.exists()


def test_a_pupil_sees_only_the_councils_they_sit_in(school_a):
    client = client_for(school_a.coordinator)
    create(client, school_a)
    council = Council.objects.get()
    client.post(
        reverse("council_seat_add", args=[council.pk]),
        {"pupil": school_a.pupils[0].pk, "role": "member"},
    )
    seated = client_for(school_a.pupils[0].user)
    assert council.name in seated.get(reverse("council_list")).content.decode()
    assert seated.get(reverse("council_detail", args=[council.pk])).status_code == 200
    other = client_for(school_a.pupils[1].user)
    assert council.name not in other.get(reverse("council_list")).content.decode()
    assert other.get(reverse("council_detail", args=[council.pk])).status_code == 404

"""Wagtail's content API serves lessons, images and documents publicly (teacher
notes only to staff); the REST API manages assignments for the user's classes."""

import pytest
from rest_framework.test import APIClient

from lessons import services
from lessons.models import LessonAssignment
from tests.lessons.factories import (
    TEACHER_NOTE,
    make_document,
    make_image,
    make_lesson,
    make_point,
    make_topic,
)

pytestmark = pytest.mark.django_db


def api_client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# Wagtail API v2 ------------------------------------------------------------------


def test_lessons_are_listed_with_their_fields_to_anyone():
    lesson = make_lesson(topics=[make_topic()], points=[make_point()], duration=90)

    response = api_client().get(
        "/api/v2/pages/",
        {"type": "lessons.LessonPage", "fields": "summary,grade_band,duration_minutes"},
    )

    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["id"] == lesson.pk
    assert item["duration_minutes"] == 90
    assert item["grade_band"] == "primary_7_8"


def test_a_lesson_shows_its_topics_curriculum_and_body():
    lesson = make_lesson(topics=[make_topic()], points=[make_point()])

    data = api_client().get(f"/api/v2/pages/{lesson.pk}/").json()

    assert data["topics"] == [{"slug": "democracy", "name": "Demokracja"}]
    assert data["curriculum_points"][0]["code"] == "I.1"
    assert [block["type"] for block in data["body"]] == ["heading", "paragraph"]
    assert data["learning_objectives"][0]["value"] == "Uczeń wie, czym jest demokracja."


def test_teacher_notes_reach_only_staff_through_the_api(school_a):
    lesson = make_lesson()
    address = f"/api/v2/pages/{lesson.pk}/"

    public = api_client().get(address).json()["body"]
    pupil = api_client(school_a.pupils[0].user).get(address).json()["body"]
    teacher = api_client(school_a.teacher).get(address).json()["body"]

    assert TEACHER_NOTE not in str(public)
    assert TEACHER_NOTE not in str(pupil)
    assert TEACHER_NOTE in str(teacher)


def test_the_teachers_hint_reaches_only_staff_through_the_api(school_a):
    lesson = make_lesson(
        body=[
            {
                "type": "discussion_question",
                "value": {
                    "question": "Czy głos jest równy?",
                    "hint": "Pomyśl o progu.",
                },
            }
        ]
    )
    address = f"/api/v2/pages/{lesson.pk}/"

    public = api_client().get(address).json()["body"]
    teacher = api_client(school_a.teacher).get(address).json()["body"]

    assert "Czy głos jest równy?" in str(public)
    assert "Pomyśl o progu." not in str(public)
    assert "Pomyśl o progu." in str(teacher)


def test_drafts_are_not_in_the_api():
    draft = make_lesson(slug="szkic", publish=False)

    assert api_client().get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_images_and_documents_are_in_the_api():
    image = make_image()
    document = make_document()

    images = api_client().get("/api/v2/images/").json()["items"]
    documents = api_client().get("/api/v2/documents/").json()["items"]

    assert [item["id"] for item in images] == [image.pk]
    assert [item["id"] for item in documents] == [document.pk]


# Assignments ---------------------------------------------------------------------


def test_a_teacher_assigns_a_lesson_through_the_api(school_a):
    lesson = make_lesson()

    response = api_client(school_a.teacher).post(
        "/api/lesson-assignments/",
        {"lesson": lesson.pk, "classrooms": [school_a.classroom.pk], "note": "API"},
        format="json",
    )

    assert response.status_code == 201
    (item,) = response.json()
    assert item["lesson"] == lesson.pk
    assert item["lesson_language"] == "pl"
    assert LessonAssignment.objects.get().note == "API"


def test_the_api_lists_only_the_users_classes_assignments(school_a, school_b):
    lesson = make_lesson()
    services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )
    services.lesson_assign(
        by=school_b.teacher, lesson=lesson, classrooms=[school_b.classroom]
    )

    items = api_client(school_a.teacher).get("/api/lesson-assignments/").json()

    assert [item["classroom"] for item in items["results"]] == [school_a.classroom.pk]


def test_marking_taught_through_the_api(school_a):
    (assignment,) = services.lesson_assign(
        by=school_a.teacher, lesson=make_lesson(), classrooms=[school_a.classroom]
    )

    response = api_client(school_a.teacher).post(
        f"/api/lesson-assignments/{assignment.pk}/taught/"
    )

    assert response.status_code == 200
    assert response.json()["taught_at"] is not None


def test_an_assignment_without_classes_is_a_400(school_a):
    response = api_client(school_a.teacher).post(
        "/api/lesson-assignments/",
        {"lesson": make_lesson().pk, "classrooms": []},
        format="json",
    )

    assert response.status_code == 400
    assert "classrooms" in response.json()


def test_the_openapi_schema_has_the_assignments_but_not_wagtails_api(school_a):
    schema = api_client(school_a.teacher).get("/api/schema/?format=json").json()

    assert "/api/lesson-assignments/" in schema["paths"]
    assert "/api/lesson-assignments/{id}/taught/" in schema["paths"]
    assert not [path for path in schema["paths"] if path.startswith("/api/v2/")]

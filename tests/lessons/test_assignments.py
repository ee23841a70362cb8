"""Teachers assign lessons to their classes and mark them taught; pupils find them
in their class's language."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from lessons import selectors, services
from lessons.models import LessonAssignment
from school_councils import services as school_services
from tests.lessons.factories import TEACHER_NOTE, make_lesson, translate

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lesson():
    return make_lesson(title="Co to jest demokracja?", slug="demokracja")


@pytest.fixture
def second_class(school_a):
    return school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="8a",
        grade=8,
        school_year=2026,
    )


# Services ------------------------------------------------------------------------


def test_a_teacher_assigns_a_lesson_to_several_classes(school_a, lesson, second_class):
    assignments = services.lesson_assign(
        by=school_a.teacher,
        lesson=lesson,
        classrooms=[school_a.classroom, second_class],
        note="Przeczytajcie wstęp.",
    )

    assert {a.classroom for a in assignments} == {school_a.classroom, second_class}
    assert all(a.assigned_by == school_a.teacher for a in assignments)


def test_assigning_again_updates_the_assignment_instead_of_duplicating_it(
    school_a, lesson
):
    first = services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )[0]
    again = services.lesson_assign(
        by=school_a.teacher,
        lesson=lesson,
        classrooms=[school_a.classroom],
        note="Nowa notatka",
    )[0]

    assert again.pk == first.pk
    assert LessonAssignment.objects.get().note == "Nowa notatka"


def test_assigning_a_translation_of_an_assigned_lesson_updates_it_too(school_a, lesson):
    ukrainian = translate(lesson, "uk", title="Що таке демократія?")
    services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )

    services.lesson_assign(
        by=school_a.teacher, lesson=ukrainian, classrooms=[school_a.classroom]
    )

    assert LessonAssignment.objects.get().lesson == ukrainian


def test_a_class_of_another_school_is_not_found(school_a, school_b, lesson):
    with pytest.raises(Http404):
        services.lesson_assign(
            by=school_a.teacher,
            lesson=lesson,
            classrooms=[school_a.classroom, school_b.classroom],
        )
    assert not LessonAssignment.objects.exists()


def test_pupils_cannot_assign_lessons(school_a, lesson):
    with pytest.raises(Http404):
        services.lesson_assign(
            by=school_a.pupils[0].user, lesson=lesson, classrooms=[school_a.classroom]
        )


def test_only_published_lessons_can_be_assigned(school_a):
    draft = make_lesson(slug="szkic", publish=False)

    with pytest.raises(ValidationError):
        services.lesson_assign(
            by=school_a.teacher, lesson=draft, classrooms=[school_a.classroom]
        )


def test_at_least_one_class_is_needed(school_a, lesson):
    with pytest.raises(ValidationError):
        services.lesson_assign(by=school_a.teacher, lesson=lesson, classrooms=[])


def test_marking_taught_keeps_the_first_time(school_a, lesson):
    (assignment,) = services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )

    first = services.lesson_mark_taught(by=school_a.teacher, assignment=assignment)
    taught_at = first.taught_at
    again = services.lesson_mark_taught(by=school_a.coordinator, assignment=assignment)

    assert taught_at is not None
    assert again.taught_at == taught_at


def test_another_schools_teacher_cannot_mark_a_lesson_taught(
    school_a, school_b, lesson
):
    (assignment,) = services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )

    with pytest.raises(Http404):
        services.lesson_mark_taught(by=school_b.teacher, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.taught_at is None


# Pages ----------------------------------------------------------------------------


def test_a_lesson_offers_staff_to_assign_it_and_nobody_else(school_a, lesson):
    assign = f'href="{lesson.url}assign/"'

    assert assign in client_for(school_a.teacher).get(lesson.url).content.decode()
    assert assign not in Client().get(lesson.url).content.decode()
    pupil = client_for(school_a.pupils[0].user)
    assert assign not in pupil.get(lesson.url).content.decode()


def test_the_assign_page_lists_only_the_teachers_classes(school_a, school_b, lesson):
    page = client_for(school_a.teacher).get(lesson.url + "assign/").content.decode()

    assert f'value="{school_a.classroom.pk}"' in page
    assert f'value="{school_b.classroom.pk}"' not in page
    assert f'<label for="classroom-{school_a.classroom.pk}">' in page


def test_a_teacher_assigns_from_the_lesson_and_sees_it_on_the_class_page(
    school_a, lesson
):
    client = client_for(school_a.teacher)

    response = client.post(
        lesson.url + "assign/",
        {"classrooms": [school_a.classroom.pk], "date": "2026-12-01", "note": "Wstęp"},
    )

    assert response.status_code == 302
    assert response.url == reverse("classroom_detail", args=[school_a.classroom.pk])
    page = client.get(response.url).content.decode()
    assert "Co to jest demokracja?" in page
    assert "Wstęp" in page
    assignment = LessonAssignment.objects.get()
    assert str(assignment.date) == "2026-12-01"
    assert reverse("lesson_assignment_taught", args=[assignment.pk]) in page


def test_posting_a_class_of_another_school_is_not_found(school_a, school_b, lesson):
    response = client_for(school_a.teacher).post(
        lesson.url + "assign/",
        {"classrooms": [school_a.classroom.pk, school_b.classroom.pk]},
    )

    assert response.status_code == 404
    assert not LessonAssignment.objects.exists()


def test_assigning_without_a_class_explains_the_mistake(school_a, lesson):
    response = client_for(school_a.teacher).post(lesson.url + "assign/", {})

    assert response.status_code == 200
    assert 'id="classrooms-errors"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_and_pupils_get_404(school_a, lesson):
    response = Client().get(lesson.url + "assign/")
    pupil = client_for(school_a.pupils[0].user).get(lesson.url + "assign/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert pupil.status_code == 404


def test_the_class_page_marks_a_lesson_taught(school_a, lesson):
    (assignment,) = services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )
    client = client_for(school_a.teacher)

    response = client.post(reverse("lesson_assignment_taught", args=[assignment.pk]))

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.taught_at is not None
    page = client.get(response.url).content.decode()
    assert reverse("lesson_assignment_taught", args=[assignment.pk]) not in page


# Pupils -----------------------------------------------------------------------------


def test_a_pupil_sees_the_lessons_of_their_class(school_a, lesson):
    services.lesson_assign(
        by=school_a.teacher,
        lesson=lesson,
        classrooms=[school_a.classroom],
        note="Na piątek",
    )

    page = client_for(school_a.pupils[0].user).get(reverse("pupil_home")).content
    page = page.decode()

    assert f'<a href="{lesson.url}" lang="pl">Co to jest demokracja?</a>' in page
    assert "Na piątek" in page


def test_a_pupil_of_another_class_does_not_see_the_lesson(school_a, school_b, lesson):
    services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )

    page = client_for(school_b.pupils[0].user).get(reverse("pupil_home")).content

    assert "Co to jest demokracja?" not in page.decode()


def test_a_pupil_of_a_ukrainian_class_gets_the_ukrainian_translation(school_a, lesson):
    ukrainian = translate(lesson, "uk", title="Що таке демократія?")
    school_a.classroom.language = "uk"
    school_a.classroom.save(update_fields=["language"])
    services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )

    (item,) = selectors.assignments_for_pupil(school_a.pupils[0])

    assert item.lesson == ukrainian
    assert item.url == "/uk/lessons/demokracja/"
    assert not item.fallback


def test_without_a_translation_the_pupil_gets_the_original_with_a_note(
    school_a, lesson
):
    school_a.classroom.language = "en"
    school_a.classroom.save(update_fields=["language"])
    services.lesson_assign(
        by=school_a.teacher, lesson=lesson, classrooms=[school_a.classroom]
    )
    client = client_for(school_a.pupils[0].user)

    (item,) = selectors.assignments_for_pupil(school_a.pupils[0])
    home = client.get(reverse("pupil_home")).content.decode()
    opened = client.get(item.url).content.decode()

    assert item.fallback
    assert item.url == "/en/lessons/demokracja/"
    assert 'class="translation-note"' in home
    assert "This lesson is not translated into English yet" in opened
    assert "Co to jest demokracja?" in opened
    assert TEACHER_NOTE not in opened

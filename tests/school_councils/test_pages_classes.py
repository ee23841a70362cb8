"""A teacher's pages: the dashboard, creating classes, adding, moving and removing
pupils. Bad input gets an error on the field, never a 500."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from school_councils import services
from school_councils.forms import current_school_year
from school_councils.models import Classroom, Pupil, School, SchoolLevel, StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def teacher(client, school_a):
    client.force_login(school_a.teacher)
    return client


def create_class(client, school, **fields):
    data = {
        "school": school.pk,
        "name": "6c",
        "grade": "6",
        "school_year": "2026",
        "language": "pl",
        **fields,
    }
    return client.post(reverse("classroom_create"), data)


def page(response) -> str:
    return response.content.decode()


# The dashboard -----------------------------------------------------------------


def test_the_dashboard_lists_my_classes_with_pupil_counts(teacher, school_a):
    response = teacher.get(reverse("dashboard"))

    assert response.status_code == 200
    assert "Class 7b" in page(response)
    assert "2 pupils" in page(response)
    assert reverse("classroom_detail", args=[school_a.classroom.pk]) in page(response)


def test_the_dashboard_of_a_coordinator_links_to_the_school(client, school_a):
    client.force_login(school_a.coordinator)

    response = client.get(reverse("dashboard"))

    assert reverse("school_detail", args=[school_a.school.pk]) in page(response)


def test_an_account_without_a_school_is_told_how_to_join(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert "not on the staff of any school" in page(response)


# Creating a class --------------------------------------------------------------


def test_a_teacher_creates_a_class_and_teaches_it(teacher, school_a):
    response = create_class(teacher, school_a.school)

    classroom = Classroom.objects.get(name="6c")
    assert response.status_code == 302
    assert response.url == reverse("classroom_detail", args=[classroom.pk])
    assert classroom.school == school_a.school
    assert list(classroom.teachers.all()) == [school_a.teacher]


def test_the_school_year_starts_in_september():
    assert current_school_year(datetime.date(2026, 8, 31)) == 2025
    assert current_school_year(datetime.date(2026, 9, 1)) == 2026
    assert current_school_year(datetime.date(2027, 1, 15)) == 2026


def test_the_form_offers_the_current_school_year(teacher):
    response = teacher.get(reverse("classroom_create"))

    assert response.status_code == 200
    assert f'value="{current_school_year()}"' in page(response)


def test_a_non_numeric_grade_is_an_error_on_the_grade(teacher, school_a):
    response = create_class(teacher, school_a.school, grade="seventh")

    assert response.status_code == 200
    assert "Give the grade as a number" in page(response)
    assert 'aria-describedby="id_grade_helptext id_grade_error"' in page(response)
    assert not Classroom.objects.filter(name="6c").exists()


def test_a_grade_too_high_for_a_secondary_school_is_an_error(client):
    school = School.objects.create(
        name="Liceum", district=5, level=SchoolLevel.SECONDARY
    )
    teacher = services.staff_user_create(
        username="liceum", email="liceum@example.org", school=school
    )
    client.force_login(teacher)

    response = create_class(client, school, grade="7")

    assert response.status_code == 200
    assert "between 1 and 5" in page(response)
    assert 'id="id_grade_error"' in page(response)


def test_a_duplicate_class_name_is_an_error_on_the_name(teacher, school_a):
    response = create_class(teacher, school_a.school, name="7b")

    assert response.status_code == 200
    assert "already has a class 7b" in page(response)
    assert 'id="id_name_error"' in page(response)
    assert Classroom.objects.filter(name="7b", school=school_a.school).count() == 1


def test_a_too_long_class_name_is_an_error(teacher, school_a):
    response = create_class(teacher, school_a.school, name="x" * 21)

    assert response.status_code == 200
    assert 'id="id_name_error"' in page(response)


def test_a_class_cannot_be_created_in_another_school(teacher, school_b):
    response = create_class(teacher, school_b.school)

    assert response.status_code == 200
    assert 'id="id_school_error"' in page(response)
    assert not Classroom.objects.filter(name="6c").exists()


# Adding pupils -----------------------------------------------------------------


def test_a_pasted_list_adds_one_pupil_per_line(teacher, school_a):
    url = reverse("pupils_add", args=[school_a.classroom.pk])

    response = teacher.post(url, {"pseudonyms": "Mądry Sokół\n\n  Szybki   Jeż \n"})

    assert response.status_code == 302
    names = set(school_a.classroom.pupils.values_list("pseudonym", flat=True))
    assert names == {"Bystry Bóbr", "Zwinny Lis", "Mądry Sokół", "Szybki Jeż"}


def test_each_wrong_line_is_named_and_nobody_is_added(teacher, school_a):
    url = reverse("pupils_add", args=[school_a.classroom.pk])
    text = "Mądry Sokół\nBystry Bóbr\n" + "x" * 41

    response = teacher.post(url, {"pseudonyms": text})

    assert response.status_code == 200
    assert "Line 2: Bystry Bóbr is already in this class." in page(response)
    assert "Line 3: a pseudonym has at most 40 characters." in page(response)
    assert 'id="id_pseudonyms_error"' in page(response)
    assert school_a.classroom.pupils.count() == 2


def test_an_empty_paste_is_an_error(teacher, school_a):
    url = reverse("pupils_add", args=[school_a.classroom.pk])

    response = teacher.post(url, {"pseudonyms": "   \n \n"})

    assert response.status_code == 200
    assert "Paste at least one pseudonym" in page(response)
    assert school_a.classroom.pupils.count() == 2


def test_asking_for_n_pupils_adds_n_generated_pseudonyms(teacher, school_a):
    url = reverse("pupils_generate", args=[school_a.classroom.pk])

    response = teacher.post(url, {"count": "5"})

    assert response.status_code == 302
    pupils = school_a.classroom.pupils.all()
    assert pupils.count() == 7
    assert all(" " in pupil.pseudonym for pupil in pupils)


def test_a_class_cannot_grow_past_its_limit(teacher, school_a):
    url = reverse("pupils_generate", args=[school_a.classroom.pk])

    response = teacher.post(url, {"count": str(services.MAX_PUPILS_PER_CLASS - 1)})

    assert response.status_code == 200
    assert "at most 60 pupils" in page(response)
    assert school_a.classroom.pupils.count() == 2


@pytest.mark.parametrize("count", ["five", "0", "-3", ""])
def test_a_count_that_is_not_a_positive_number_is_an_error(teacher, school_a, count):
    url = reverse("pupils_generate", args=[school_a.classroom.pk])

    response = teacher.post(url, {"count": count})

    assert response.status_code == 200
    assert 'id="id_count_error"' in page(response)


# Moving and removing pupils ----------------------------------------------------


@pytest.fixture
def class_7a(school_a):
    return services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="7a",
        grade=7,
        school_year=2026,
    )


def test_a_pupil_moves_to_another_class_of_the_school(teacher, school_a, class_7a):
    pupil = school_a.pupils[0]

    response = teacher.post(
        reverse("pupil_move", args=[pupil.pk]), {"to": str(class_7a.pk)}
    )

    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.classroom == class_7a


def test_the_move_form_offers_only_other_classes_of_the_school(
    teacher, school_a, class_7a
):
    response = teacher.get(reverse("pupil_move", args=[school_a.pupils[0].pk]))

    choices = list(response.context["form"].fields["to"].queryset)
    assert choices == [class_7a]


def test_moving_to_a_class_of_another_school_is_an_error(
    teacher, school_a, school_b, class_7a
):
    pupil = school_a.pupils[0]

    response = teacher.post(
        reverse("pupil_move", args=[pupil.pk]), {"to": str(school_b.classroom.pk)}
    )

    assert response.status_code == 200
    assert "Choose one of the classes of this school." in page(response)
    pupil.refresh_from_db()
    assert pupil.classroom == school_a.classroom


def test_moving_into_a_class_with_the_same_pseudonym_is_an_error(
    teacher, school_a, class_7a
):
    services.pupils_add(
        by=school_a.teacher, classroom=class_7a, pseudonyms_text="Bystry Bóbr"
    )
    pupil = school_a.pupils[0]

    response = teacher.post(
        reverse("pupil_move", args=[pupil.pk]), {"to": str(class_7a.pk)}
    )

    assert response.status_code == 200
    assert "rename the pupil first" in page(response)
    pupil.refresh_from_db()
    assert pupil.classroom == school_a.classroom


def test_removing_a_pupil_asks_first(teacher, school_a):
    pupil = school_a.pupils[0]

    response = teacher.get(reverse("pupil_remove", args=[pupil.pk]))

    assert response.status_code == 200
    assert "cannot be undone" in page(response)
    assert Pupil.objects.filter(pk=pupil.pk).exists()


def test_removing_a_pupil_deletes_them_and_their_account(teacher, school_a):
    pupil = school_a.pupils[0]

    response = teacher.post(reverse("pupil_remove", args=[pupil.pk]))

    assert response.status_code == 302
    assert response.url == reverse("classroom_detail", args=[school_a.classroom.pk])
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    assert not get_user_model().objects.filter(pk=pupil.user_id).exists()


def test_the_class_page_lists_pupils_with_their_card_state(teacher, school_a):
    services.pupil_codes_issue(by=school_a.teacher, pupils=[school_a.pupils[0]])

    response = teacher.get(reverse("classroom_detail", args=[school_a.classroom.pk]))

    assert response.status_code == 200
    assert "Bystry Bóbr" in page(response)
    assert "No card yet" in page(response)
    assert "Issued" in page(response)


def test_a_teacher_of_two_schools_chooses_the_school(teacher, school_a, school_b):
    school_b.school.memberships.create(user=school_a.teacher, role=StaffRole.TEACHER)

    response = teacher.get(reverse("classroom_create"))

    assert '<select name="school"' in page(response)

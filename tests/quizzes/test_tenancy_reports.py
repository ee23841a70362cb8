"""Every quiz report and self-paced page keeps to its school, and pupils to their
class.

For each page of ``quizzes.urls.reports`` that takes an object, school B's
object is requested by every role of school A: teachers, coordinators and pupils
get 404, anonymous visitors are sent to sign in, and school B's own staff and the
city coordinator get the page. Pupils' pages answer 404 to pupils of another
class or school. A test fails when a page is missing from the matrix, so each
new page has to join it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer, ExtendedTime, QuizAssignment
from quizzes.services import selfpaced
from quizzes.urls import reports as urls
from school_councils import services as school_services
from tests.quizzes.factories import make_quiz
from tests.quizzes.selfpaced_world import assign, right

pytestmark = pytest.mark.django_db


def _session(world):
    session = services.live_session_start(by=world.teacher, quiz=make_quiz(world))
    return {"pk": session.pk}


def _session_table(world):
    return {**_session(world), "table": "players"}


def _quiz(world):
    return {"pk": make_quiz(world).pk}


def _assignment(world):
    return {"pk": assign(world).pk}


def _assignment_table(world):
    return {**_assignment(world), "table": "questions"}


# Every staff page with an object: (url name, kwargs from a world, status for
# the school's own staff).
OBJECT_PAGES = [
    ("live_report", _session, 200),
    ("live_report_csv", _session_table, 200),
    ("live_report_xlsx", _session, 200),
    ("quiz_assign", _quiz, 200),
    ("assignment_progress", _assignment, 200),
    ("assignment_extended_time", _assignment, 302),
    ("assignment_report", _assignment, 200),
    ("assignment_report_csv", _assignment_table, 200),
    ("assignment_report_xlsx", _assignment, 200),
]
# Pupils' pages with an assignment: (url name, status for a pupil of the class).
PUPIL_OBJECT_PAGES = [
    ("pupil_quiz", 200),
    ("pupil_quiz_start", 302),
    ("pupil_quiz_answer", 302),
    ("pupil_quiz_next", 302),
]
STAFF_PAGES = ["quiz_reports"]
PUPIL_PAGES = ["pupil_quizzes"]


def patterns(resolver_patterns=None):
    for pattern in resolver_patterns or urls.urlpatterns:
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def takes_arguments(pattern) -> bool:
    return bool(pattern.pattern.converters)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def role_user(world, role):
    return world.pupils[0].user if role == "pupil" else getattr(world, role)


def snapshot(world):
    """What a write to school ``world``'s quizzes could change."""
    assignments = QuizAssignment.objects.filter(classroom__school=world.school)
    return (
        list(assignments.order_by("pk").values_list()),
        list(Attempt.objects.filter(assignment__in=assignments).values_list()),
        AttemptAnswer.objects.filter(attempt__assignment__in=assignments).count(),
        list(ExtendedTime.objects.filter(pupil__in=world.pupils).values_list()),
    )


def other_class(world):
    """A second class of ``world``'s school, with one pupil."""
    classroom = school_services.classroom_create(
        by=world.teacher, school=world.school, name="8a", grade=8, school_year=2026
    )
    (pupil,) = school_services.pupils_add(
        by=world.teacher, classroom=classroom, pseudonyms_text="Mądra Sowa"
    )
    return pupil


# The matrix keeps up with the URLs ------------------------------------------------


def test_every_page_has_a_name():
    assert [p for p in patterns() if not p.name] == []


def test_every_page_with_an_object_is_in_the_tenancy_matrix():
    with_arguments = {p.name for p in patterns() if takes_arguments(p)}
    listed = {name for name, _, _ in OBJECT_PAGES} | {
        name for name, _ in PUPIL_OBJECT_PAGES
    }

    assert with_arguments - listed == set(), "add these pages to OBJECT_PAGES"
    assert listed - with_arguments == set(), "these pages no longer exist"


def test_every_page_without_an_object_is_listed_as_staff_or_pupil():
    without_arguments = {p.name for p in patterns() if not takes_arguments(p)}

    assert without_arguments == set(STAFF_PAGES) | set(PUPIL_PAGES)


# Another school's reports and assignments ------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_pages(
    school_a, school_b, role
):
    client = client_for(role_user(school_a, role))

    for name, kwargs_for, _ok in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_no_role_of_a_school_can_change_another_schools_quizzes(
    school_a, school_b, role
):
    addresses = [reverse(n, kwargs=k(school_b)) for n, k, _ok in OBJECT_PAGES]
    before = snapshot(school_b)
    client = client_for(role_user(school_a, role))

    for address in addresses:
        response = client.post(
            address,
            {
                "classroom": school_b.classroom.pk,
                "deadline": "2030-01-01T10:00",
                "pupil": school_b.pupils[0].pk,
                "multiplier": "2",
            },
        )
        assert response.status_code == 404, (role, address)

    assert snapshot(school_b) == before


def test_an_account_without_a_school_gets_404_for_every_page(school_b, outsider):
    client = client_for(outsider)

    for name, kwargs_for, _ok in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = Client()

    for name, kwargs_for, _ok in OBJECT_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        response = client.get(address)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={address}", name


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_the_schools_own_staff_open_every_page(school_b, role):
    client = client_for(getattr(school_b, role))

    for name, kwargs_for, ok in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == ok, name


def test_the_city_coordinator_opens_every_page(school_b, city_coordinator):
    client = client_for(city_coordinator)

    for name, kwargs_for, ok in OBJECT_PAGES:
        response = client.get(reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == ok, name


def test_a_class_of_another_school_cannot_be_given_a_quiz(school_a, school_b):
    quiz = make_quiz(school_a)

    response = client_for(school_a.teacher).post(
        reverse("quiz_assign", args=[quiz.pk]),
        {"classroom": school_b.classroom.pk, "deadline": "2030-01-01T10:00"},
    )

    assert response.status_code == 404
    assert not QuizAssignment.objects.exists()


def test_extended_time_is_only_for_pupils_of_the_assignments_class(school_a):
    assignment = assign(school_a)
    stranger = other_class(school_a)

    response = client_for(school_a.teacher).post(
        reverse("assignment_extended_time", args=[assignment.pk]),
        {"pupil": stranger.pk, "multiplier": "2"},
    )

    assert response.status_code == 404
    assert not ExtendedTime.objects.exists()


# Pupils' pages ------------------------------------------------------------------


def test_pupils_of_another_school_or_class_get_404(school_a, school_b):
    assignment = assign(school_b)
    strangers = [school_a.pupils[0], other_class(school_b)]

    for pupil in strangers:
        client = client_for(pupil.user)
        for name, _ok in PUPIL_OBJECT_PAGES:
            address = reverse(name, args=[assignment.pk])
            assert client.get(address).status_code == 404, (pupil, name)
            response = client.post(
                address, {"question_index": 0, "choice": right(assignment, 0)}
            )
            assert response.status_code == 404, (pupil, name)
    assert not Attempt.objects.exists()


def test_a_pupil_of_the_class_opens_their_pages(school_b):
    assignment = assign(school_b)
    client = client_for(school_b.pupils[0].user)

    for name, ok in PUPIL_OBJECT_PAGES:
        response = client.get(reverse(name, args=[assignment.pk]))
        assert response.status_code == ok, name
    assert client.get(reverse("pupil_quizzes")).status_code == 200


def test_a_pupil_cannot_answer_for_another_pupils_attempt(school_b):
    assignment = assign(school_b)
    mine, theirs = school_b.pupils
    selfpaced.attempt_start(pupil=theirs, assignment=assignment)

    client_for(mine.user).post(
        reverse("pupil_quiz_answer", args=[assignment.pk]),
        {"question_index": 0, "choice": right(assignment, 0)},
    )

    assert not AttemptAnswer.objects.exists()
    assert Attempt.objects.get().pupil == theirs


def test_pupils_pages_send_others_to_sign_in_or_to_their_dashboard(school_b):
    assignment = assign(school_b)

    for name, _ok in PUPIL_OBJECT_PAGES:
        address = reverse(name, args=[assignment.pk])
        assert Client().get(address).url == reverse("pupil_signin"), name
        assert client_for(school_b.teacher).get(address).url == reverse("dashboard"), (
            name
        )
    for name in PUPIL_PAGES:
        assert Client().get(reverse(name)).url == reverse("pupil_signin")


# Staff pages without an object ------------------------------------------------


def test_pupils_get_404_on_staff_pages(school_a):
    client = client_for(school_a.pupils[0].user)

    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in_from_staff_pages(db):
    for name in STAFF_PAGES:
        response = Client().get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name

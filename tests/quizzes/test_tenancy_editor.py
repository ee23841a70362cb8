"""Every quiz editor page keeps to its school.

For each page of ``quizzes.urls.editor`` that takes an object, school B's object is
requested by every role of school A: teachers, coordinators and pupils get 404 (the
object is not theirs to know about), anonymous visitors are sent to sign in. Inside
school B, the owner opens every page; colleagues open the pages that read or copy a
shared quiz, and get 404 on those that change it. A test fails when a page with an
object is missing from the matrix, so each new page has to join it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from quizzes.models import Choice, LibraryQuiz, Question, Quiz, Visibility
from quizzes.urls import editor as urls

from .factories import make_quiz
from .test_editor_helpers import answers, question_post

pytestmark = pytest.mark.django_db


def _quiz(world):
    return {"pk": make_quiz(world, visibility=Visibility.SCHOOL).pk}


def _question(world):
    quiz = make_quiz(world, visibility=Visibility.SCHOOL)
    return {"pk": quiz.questions.get(position=1).pk}


# Pages that read or copy a quiz: its school's staff open them when it is shared.
READ_PAGES = [
    ("quiz_detail", _quiz, "get"),
    ("quiz_duplicate", _quiz, "get"),
    ("quiz_export_json", _quiz, "get"),
    ("quiz_export_spreadsheet", _quiz, "get"),
]
# Pages that change a quiz: only its owner opens them.
OWNER_PAGES = [
    ("quiz_settings", _quiz, "get"),
    ("quiz_delete", _quiz, "get"),
    ("question_create", _quiz, "get"),
    ("question_edit", _question, "get"),
    ("question_delete", _question, "get"),
    ("question_move", _question, "post"),
]
OBJECT_PAGES = READ_PAGES + OWNER_PAGES
# Pages whose URL holds something that is not found through a school, and why.
NOT_SCHOOL_OBJECTS = {
    "library_quiz_detail": "the public library, the same for every school",
    "library_quiz_duplicate": "the public library; the copy goes to the user's school",
}
STAFF_PAGES = ["quiz_list", "quiz_create", "quiz_import"]


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


def request(client, method, address, data=None):
    return getattr(client, method)(address, data or {})


def snapshot(world):
    """What a write to school ``world``'s quizzes could change."""
    quizzes = Quiz.objects.filter(school=world.school)
    return (
        list(quizzes.order_by("pk").values_list()),
        list(Question.objects.filter(quiz__in=quizzes).order_by("pk").values_list()),
        list(
            Choice.objects.filter(question__quiz__in=quizzes)
            .order_by("pk")
            .values_list()
        ),
    )


# The matrix keeps up with the URLs ------------------------------------------------


def test_every_page_has_a_name():
    assert [p for p in patterns() if not p.name] == []


def test_every_page_with_an_object_is_in_the_tenancy_matrix():
    with_arguments = {p.name for p in patterns() if takes_arguments(p)}
    listed = {name for name, _, _ in OBJECT_PAGES} | set(NOT_SCHOOL_OBJECTS)

    assert with_arguments - listed == set(), "add these pages to OBJECT_PAGES"
    assert listed - with_arguments == set(), "these pages no longer exist"


def test_every_page_without_an_object_is_listed_as_a_staff_page():
    without_arguments = {p.name for p in patterns() if not takes_arguments(p)}

    assert without_arguments == set(STAFF_PAGES)


# Another school's quizzes ---------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_every_role_of_a_school_gets_404_for_another_schools_quizzes(
    school_a, school_b, role
):
    client = client_for(role_user(school_a, role))

    for name, kwargs_for, method in OBJECT_PAGES:
        response = request(client, method, reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, (role, name)


@pytest.mark.parametrize("role", ["teacher", "coordinator", "pupil"])
def test_no_role_of_a_school_can_change_another_schools_quizzes(
    school_a, school_b, role
):
    addresses = [reverse(n, kwargs=k(school_b)) for n, k, _ in OBJECT_PAGES]
    before = snapshot(school_b)
    client = client_for(role_user(school_a, role))
    data = {
        **question_post("single", **answers("A", "B", right=[1])),
        "title": "Taken over",
        "language": "en",
        "visibility": "school",
        "direction": "down",
    }

    for address in addresses:
        response = client.post(address, data)
        assert response.status_code == 404, (role, address)

    assert snapshot(school_b) == before
    assert not Quiz.objects.filter(school=school_a.school).exists()


def test_an_account_without_a_school_gets_404_for_every_quiz(school_b, outsider):
    client = client_for(outsider)

    for name, kwargs_for, method in OBJECT_PAGES:
        response = request(client, method, reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in(school_b):
    client = Client()

    for name, kwargs_for, method in OBJECT_PAGES:
        address = reverse(name, kwargs=kwargs_for(school_b))
        response = request(client, method, address)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={address}", name


# Inside the school -----------------------------------------------------------------


def test_the_owner_opens_every_page(school_b):
    client = client_for(school_b.teacher)

    for name, kwargs_for, method in OBJECT_PAGES:
        response = request(client, method, reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == (302 if method == "post" else 200), name


@pytest.mark.parametrize("role", ["coordinator", "city_coordinator"])
def test_colleagues_read_and_copy_a_shared_quiz_but_never_change_it(
    school_b, city_coordinator, role
):
    user = city_coordinator if role == "city_coordinator" else school_b.coordinator
    client = client_for(user)

    for name, kwargs_for, method in READ_PAGES:
        response = request(client, method, reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 200, name
    for name, kwargs_for, method in OWNER_PAGES:
        response = request(client, method, reverse(name, kwargs=kwargs_for(school_b)))
        assert response.status_code == 404, name


def test_a_colleagues_private_quiz_is_not_found(school_b):
    quiz = make_quiz(school_b, visibility=Visibility.PRIVATE)
    client = client_for(school_b.coordinator)

    for name, _, _ in READ_PAGES:
        assert client.get(reverse(name, args=[quiz.pk])).status_code == 404, name


# Staff pages without an object ---------------------------------------------------


def test_pupils_get_404_on_staff_pages(school_a):
    client = client_for(school_a.pupils[0].user)

    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 404, name


def test_anonymous_visitors_are_sent_to_sign_in_from_staff_pages(db):
    client = Client()

    for name in STAFF_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_the_quiz_list_shows_only_the_users_school(school_a, school_b):
    mine = make_quiz(school_a, title="Moja")
    colleagues = make_quiz(school_a, title="Wspólna", by=school_a.coordinator)
    make_quiz(school_a, title="Prywatna", by=school_a.coordinator, visibility="private")
    make_quiz(school_b, title="Cudza")

    page = client_for(school_a.teacher).get(reverse("quiz_list"))

    assert list(page.context["own"]) == [mine]
    assert list(page.context["shared"]) == [colleagues]


# The library ---------------------------------------------------------------------


def test_library_pages_are_for_staff_only(school_a):
    library_quiz = LibraryQuiz.objects.create(
        title="Konstytucja",
        questions=[("open", {"text": "Co to jest konstytucja?", "time_limit": 30})],
    )

    for name in NOT_SCHOOL_OBJECTS:
        address = reverse(name, args=[library_quiz.pk])
        assert client_for(school_a.pupils[0].user).get(address).status_code == 404
        anonymous = Client().get(address)
        assert anonymous.url == f"{reverse('login')}?next={address}"
        assert client_for(school_a.teacher).get(address).status_code == 200

"""The quiz API shows staff only their schools' quizzes (404 otherwise), keeps pupils
and strangers out, and turns bad imports into 400s with row or field messages."""

import io

import openpyxl
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

from quizzes import api
from quizzes.models import Quiz, Visibility
from quizzes.services.transfer import quiz_export_json
from tests.quizzes.factories import make_quiz

pytestmark = pytest.mark.django_db


def api_client(user=None, *, token=False):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and token:
        key = Token.objects.create(user=user).key
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


# Every quiz API URL that takes an object, built from a quiz of school B.
def foreign_endpoints(quiz):
    return [
        (f"/api/quizzes/{quiz.pk}/", "get"),
        (f"/api/quizzes/{quiz.pk}/export/", "get"),
    ]


COVERED = {"quiz-detail", "quiz-export"}


def test_every_quiz_endpoint_with_an_object_is_in_the_tenancy_matrix():
    router = DefaultRouter()
    api.register(router)
    named = {url.name for url in router.urls if "pk" in str(url.pattern)}
    assert named - COVERED == set(), "add the new endpoints to foreign_endpoints()"


@pytest.mark.parametrize("role", ["teacher", "coordinator"])
def test_staff_get_404_for_every_quiz_of_another_school(school_a, school_b, role):
    quiz = make_quiz(school_b)
    client = api_client(getattr(school_a, role), token=True)
    for url, method in foreign_endpoints(quiz):
        assert getattr(client, method)(url).status_code == 404, (role, url)


def test_a_colleagues_private_quiz_is_not_found(school_a):
    quiz = make_quiz(school_a, visibility=Visibility.PRIVATE)
    client = api_client(school_a.coordinator)
    for url, method in foreign_endpoints(quiz):
        assert getattr(client, method)(url).status_code == 404, url


def test_pupils_cannot_use_the_quiz_api(school_a):
    quiz = make_quiz(school_a)
    client = api_client(school_a.pupils[0].user)
    for url, method in [*foreign_endpoints(quiz), ("/api/quizzes/", "get")]:
        assert getattr(client, method)(url).status_code == 403, url
    assert client.post("/api/quizzes/import/", {}, format="json").status_code == 403


def test_anonymous_visitors_must_authenticate(school_b):
    quiz = make_quiz(school_b)
    client = api_client()
    for url, method in [*foreign_endpoints(quiz), ("/api/quizzes/", "get")]:
        assert getattr(client, method)(url).status_code in (401, 403), url


def test_the_list_holds_only_the_schools_quizzes(school_a, school_b):
    own = make_quiz(school_a)
    make_quiz(school_b)
    client = api_client(school_a.coordinator)
    results = client.get("/api/quizzes/").json()["results"]
    assert [q["id"] for q in results] == [own.pk]
    assert results[0]["question_count"] == 3


def test_a_teacher_reads_their_quiz_with_questions_and_choices(school_a):
    quiz = make_quiz(school_a)
    body = api_client(school_a.teacher).get(f"/api/quizzes/{quiz.pk}/").json()
    assert [q["kind"] for q in body["questions"]] == ["single", "single", "true_false"]
    assert body["questions"][0]["choices"][0] == {
        "position": 0,
        "text": "Sejm",
        "is_correct": True,
    }


def test_an_export_downloads_and_imports_back_as_a_copy(school_a):
    quiz = make_quiz(school_a)
    client = api_client(school_a.teacher)
    response = client.get(f"/api/quizzes/{quiz.pk}/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = response.json()
    created = client.post("/api/quizzes/import/", document, format="json")
    assert created.status_code == 201, created.json()
    copy_ = Quiz.objects.get(pk=created.json()["id"])
    assert quiz_export_json(quiz=copy_) == document


def test_a_bad_import_is_a_400_naming_the_question_and_field(school_a):
    document = quiz_export_json(quiz=make_quiz(school_a))
    document["questions"][1]["time_limit"] = 1000
    before = Quiz.objects.count()
    response = api_client(school_a.teacher).post(
        "/api/quizzes/import/", document, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": ["Question 2, time_limit: The time limit is from 5 to 240 seconds."]
    }
    assert Quiz.objects.count() == before


@pytest.mark.parametrize("body", [[], "text", {"format": "other"}, {"a": [1]}])
def test_any_json_body_gets_an_answer_not_a_crash(school_a, body):
    response = api_client(school_a.teacher).post(
        "/api/quizzes/import/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]


def test_nobody_imports_into_another_school(school_a, school_b):
    document = quiz_export_json(quiz=make_quiz(school_a))
    response = api_client(school_a.teacher).post(
        f"/api/quizzes/import/?school={school_b.school.pk}", document, format="json"
    )
    assert response.status_code == 404
    assert not school_b.school.quizzes.exists()


def upload(client, name, content, **fields):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        "/api/quizzes/import-spreadsheet/",
        {"file": file, "title": "Arkusz", **fields},
        format="multipart",
    )


def test_a_csv_spreadsheet_upload_creates_a_quiz(school_a):
    text = "Question,A1,A2,A3,A4,Time,Correct\nWho?,Sejm,Senate,,,20,1\n"
    response = upload(api_client(school_a.teacher), "quiz.csv", text.encode())
    assert response.status_code == 201, response.json()
    assert response.json()["questions"][0]["kind"] == "single"


def test_an_xlsx_spreadsheet_upload_creates_a_quiz(school_a):
    book = openpyxl.Workbook()
    book.active.append(["Which?", "Sejm", "Senate", "Court", None, 30, "1,2"])
    out = io.BytesIO()
    book.save(out)
    response = upload(api_client(school_a.teacher), "quiz.xlsx", out.getvalue())
    assert response.status_code == 201, response.json()
    assert response.json()["questions"][0]["kind"] == "multiple"


def test_a_bad_spreadsheet_row_is_a_400_naming_the_row(school_a):
    text = "Who?,Sejm,Senate,Court,Bank,20,5\n"
    response = upload(api_client(school_a.teacher), "quiz.csv", text.encode())
    assert response.status_code == 400
    assert response.json() == {
        "errors": ["Row 1: the correct answer 5 is not one of the 4 answers."]
    }
    assert not Quiz.objects.filter(title="Arkusz").exists()


def test_an_upload_without_a_file_is_a_400(school_a):
    response = api_client(school_a.teacher).post(
        "/api/quizzes/import-spreadsheet/", {"title": "X"}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()


def test_the_quiz_endpoints_are_in_the_openapi_schema(school_a):
    schema = api_client(school_a.teacher).get("/api/schema/?format=json").json()
    for path in (
        "/api/quizzes/",
        "/api/quizzes/{id}/",
        "/api/quizzes/{id}/export/",
        "/api/quizzes/import/",
        "/api/quizzes/import-spreadsheet/",
    ):
        assert path in schema["paths"], path

"""The import page turns a JSON export or the spreadsheet template into a quiz, and
shows every problem of a bad file in a table, saving nothing."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.models import Quiz
from quizzes.services.transfer import quiz_export_json

from .factories import make_quiz
from .test_editor_helpers import client_for

pytestmark = pytest.mark.django_db

HEADER = (
    "Question,Answer 1,Answer 2,Answer 3,Answer 4,Time limit (sec),Correct answer(s)\n"
)


def send(client, name, content, **fields):
    data = {"title": "", "language": "en", **fields}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("quiz_import"), data)


def test_a_json_export_becomes_a_new_quiz(school_a):
    document = quiz_export_json(quiz=make_quiz(school_a, title="Original"))
    client = client_for(school_a.teacher)

    response = send(client, "quiz.json", json.dumps(document).encode())

    original, imported = Quiz.objects.order_by("pk")
    assert response.url == reverse("quiz_detail", args=[imported.pk])
    assert imported.questions.count() == 3
    assert (imported.title, imported.owner) == ("Original", school_a.teacher)
    assert imported.pk != original.pk


def test_a_title_given_on_the_page_replaces_the_files(school_a):
    document = quiz_export_json(quiz=make_quiz(school_a, title="Original"))

    send(
        client_for(school_a.teacher),
        "quiz.json",
        json.dumps(document).encode(),
        title="Renamed",
    )

    assert Quiz.objects.filter(title="Renamed").exists()


def test_a_csv_spreadsheet_becomes_a_quiz(school_a):
    content = (HEADER + "Who passes laws?,Sejm,President,,,20,1\n").encode()

    send(client_for(school_a.teacher), "quiz.csv", content, title="From CSV")

    quiz = Quiz.objects.get(title="From CSV")
    assert quiz.questions.get().choices.count() == 2


def test_an_xlsx_spreadsheet_becomes_a_quiz(school_a):
    book = openpyxl.Workbook()
    book.active.append(["Kraków is the capital.", "True", "False", None, None, 10, 2])
    buffer = io.BytesIO()
    book.save(buffer)

    send(client_for(school_a.teacher), "quiz.xlsx", buffer.getvalue(), title="X")

    assert Quiz.objects.get(title="X").questions.get().kind == "true_false"


def test_spreadsheet_rows_with_problems_are_listed_in_a_table(school_a):
    content = (
        HEADER
        + "Good question,A,B,,,20,1\n"
        + "No right answer,A,B,,,20,\n"
        + "Bad number,A,B,,,20,5\n"
        + "Slow,A,B,,,soon,1\n"
    ).encode()

    response = send(client_for(school_a.teacher), "quiz.csv", content, title="Bad")

    assert response.status_code == 200
    problems = response.context["problems"]
    assert [p["where"] for p in problems] == ["Row 3", "Row 4", "Row 5"]
    assert "not one of the 2 answers" in problems[1]["problem"]
    html = response.content.decode()
    assert '<th scope="row">Row 4</th>' in html
    assert "3 problems" in html
    assert not Quiz.objects.exists()


def test_json_questions_with_problems_are_listed_by_question_and_field(school_a):
    document = quiz_export_json(quiz=make_quiz(school_a, title="Original"))
    document["questions"][0]["choices"][0]["correct"] = False
    document["questions"][1]["choices"] = [{"text": "Only one", "correct": True}]

    response = send(
        client_for(school_a.teacher), "quiz.json", json.dumps(document).encode()
    )

    problems = response.context["problems"]
    assert [p["where"] for p in problems] == [
        "Question 1, choices",
        "Question 2, choices",
    ]
    assert problems[0]["problem"] == "Mark exactly one right answer."
    assert Quiz.objects.count() == 1


def test_a_broken_json_file_is_explained(school_a):
    response = send(client_for(school_a.teacher), "quiz.json", b"{not json")

    assert "not valid JSON" in response.context["problems"][0]["problem"]


def test_json_that_is_not_an_export_is_explained(school_a):
    response = send(client_for(school_a.teacher), "quiz.json", b"[1, 2, 3]")

    assert "not a quiz exported" in response.context["problems"][0]["problem"]


def test_a_file_of_another_type_is_refused(school_a):
    response = send(client_for(school_a.teacher), "quiz.pdf", b"%PDF-1.4", title="PDF")

    assert "file" in response.context["form"].errors
    assert not Quiz.objects.exists()


def test_a_damaged_xlsx_is_explained(school_a):
    response = send(
        client_for(school_a.teacher), "quiz.xlsx", b"PK\x03\x04garbage", title="X"
    )

    assert "cannot be read" in response.context["problems"][0]["problem"]


def test_a_file_over_one_megabyte_is_refused(school_a):
    content = (HEADER + "Q,A,B,,,20,1\n").encode() + b" " * 1_000_001

    response = send(client_for(school_a.teacher), "big.csv", content, title="Big")

    assert "at most 1 MB" in " ".join(response.context["form"].errors["file"])


def test_a_spreadsheet_needs_a_title(school_a):
    content = (HEADER + "Q,A,B,,,20,1\n").encode()

    response = send(client_for(school_a.teacher), "quiz.csv", content)

    assert "title" in response.context["form"].errors


def test_a_csv_that_is_not_utf8_is_explained(school_a):
    content = "Pytanie,Tak,Nie,,,20,1\nŻółw?,Tak,Nie,,,20,1\n".encode("cp1250")

    response = send(client_for(school_a.teacher), "quiz.csv", content, title="T")

    assert "UTF-8" in response.context["problems"][0]["problem"]


def test_json_nested_too_deep_is_explained_not_a_server_error(school_a):
    content = b"[" * 100_000 + b"]" * 100_000

    response = send(client_for(school_a.teacher), "deep.json", content)

    assert response.status_code == 200
    assert "not valid JSON" in response.context["problems"][0]["problem"]

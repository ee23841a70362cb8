"""A teacher creates, renames, shares, reorders, copies, exports and deletes quizzes
through the editor pages."""

import io
import json

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.models import LiveSession, Quiz, Visibility
from quizzes.services import editing
from quizzes.services.transfer import quiz_import_spreadsheet

from .factories import add_question, empty_quiz, make_quiz
from .test_editor_helpers import client_for, png_bytes

pytestmark = pytest.mark.django_db


def texts(quiz):
    return list(quiz.questions.order_by("position").values_list("text", flat=True))


def positions(quiz):
    return list(quiz.questions.order_by("position").values_list("position", flat=True))


# Creating and settings ---------------------------------------------------------


def test_a_teacher_creates_a_quiz_in_their_school(school_a):
    response = client_for(school_a.teacher).post(
        reverse("quiz_create"),
        {
            "title": "  Samorząd   uczniowski ",
            "language": "pl",
            "visibility": "private",
        },
    )

    quiz = Quiz.objects.get()
    assert response.url == reverse("quiz_detail", args=[quiz.pk])
    assert (quiz.title, quiz.school, quiz.owner) == (
        "Samorząd uczniowski",
        school_a.school,
        school_a.teacher,
    )
    assert quiz.visibility == Visibility.PRIVATE


def test_an_empty_title_is_a_field_error(school_a):
    response = client_for(school_a.teacher).post(
        reverse("quiz_create"),
        {"title": "   ", "language": "pl", "visibility": "school"},
    )

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Quiz.objects.exists()


def test_an_unknown_language_is_a_field_error(school_a):
    response = client_for(school_a.teacher).post(
        reverse("quiz_create"),
        {"title": "Quiz", "language": "de", "visibility": "school"},
    )

    assert "language" in response.context["form"].errors


def test_someone_in_two_schools_chooses_the_school(school_a, school_b):
    from school_councils.models import Membership, StaffRole

    Membership.objects.create(
        user=school_a.teacher, school=school_b.school, role=StaffRole.TEACHER
    )
    client = client_for(school_a.teacher)

    missing = client.post(
        reverse("quiz_create"), {"title": "Q", "language": "en", "visibility": "school"}
    )
    client.post(
        reverse("quiz_create"),
        {
            "title": "Q",
            "language": "en",
            "visibility": "school",
            "school": school_b.school.pk,
        },
    )

    assert "school" in missing.context["form"].errors
    assert Quiz.objects.get().school == school_b.school


def test_the_owner_renames_and_shares_a_quiz(school_a):
    quiz = make_quiz(school_a, visibility=Visibility.PRIVATE)

    client_for(school_a.teacher).post(
        reverse("quiz_settings", args=[quiz.pk]),
        {"title": "Nowy tytuł", "language": "uk", "visibility": "school"},
    )

    quiz.refresh_from_db()
    assert (quiz.title, quiz.language, quiz.visibility) == (
        "Nowy tytuł",
        "uk",
        Visibility.SCHOOL,
    )


def test_sharing_lets_colleagues_see_a_quiz_and_private_hides_it(school_a):
    quiz = make_quiz(school_a, visibility=Visibility.PRIVATE)
    owner = client_for(school_a.teacher)
    colleague = client_for(school_a.coordinator)
    detail = reverse("quiz_detail", args=[quiz.pk])

    hidden = colleague.get(detail).status_code
    owner.post(
        reverse("quiz_settings", args=[quiz.pk]),
        {"title": quiz.title, "language": "en", "visibility": "school"},
    )
    shared = colleague.get(detail)

    assert hidden == 404
    assert shared.status_code == 200
    assert shared.context["is_owner"] is False
    assert reverse("question_create", args=[quiz.pk]) not in shared.content.decode()


def test_the_service_refuses_a_colleague_changing_a_shared_quiz(school_a):
    from django.http import Http404

    quiz = make_quiz(school_a, visibility=Visibility.SCHOOL)

    with pytest.raises(Http404):
        editing.quiz_update(
            by=school_a.coordinator,
            quiz=quiz,
            title="Mine now",
            language="en",
            visibility="school",
        )


# The quiz page -------------------------------------------------------------------


def test_the_quiz_page_shows_every_kind_of_question(school_a):
    quiz = empty_quiz(school_a)
    add_question(quiz, "single", choices=["A", "B"], correct=[0])
    add_question(quiz, "multiple", choices=["A", "B"], correct=[0, 1])
    add_question(quiz, "true_false", correct=[1])
    add_question(quiz, "type_answer", choices=["Sejm"])
    add_question(quiz, "slider", slider=services.SliderInput(0, 100, 5, 50, 5))
    add_question(quiz, "order", choices=["1", "2"])
    add_question(quiz, "poll", choices=["Yes", "No"])
    add_question(quiz, "word_cloud")
    add_question(quiz, "open")

    page = client_for(school_a.teacher).get(reverse("quiz_detail", args=[quiz.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    for kind in ("single", "multiple", "true_false", "slider", "word_cloud"):
        assert f"A {kind} question" in html
    assert "From 0 to 100 in steps of 5." in html
    assert "(right answer)" in html
    assert page.context["left_out"] == 6


# Reordering -------------------------------------------------------------------


def move(client, question, direction):
    return client.post(
        reverse("question_move", args=[question.pk]), {"direction": direction}
    )


def test_moving_a_question_down_swaps_it_with_the_next(school_a):
    quiz = make_quiz(school_a)
    first = quiz.questions.get(position=0)

    response = move(client_for(school_a.teacher), first, "down")

    assert texts(quiz) == [
        "Who signs laws?",
        "Who passes laws?",
        "Poland has a constitution.",
    ]
    assert response.url.endswith(f"#move-down-{first.pk}")


def test_moving_up_and_at_the_ends_keeps_positions_dense(school_a):
    quiz = make_quiz(school_a)
    client = client_for(school_a.teacher)
    last = quiz.questions.get(position=2)

    move(client, last, "down")
    move(client, last, "up")
    move(client, last, "up")
    move(client, last, "up")

    assert texts(quiz)[0] == "Poland has a constitution."
    assert positions(quiz) == [0, 1, 2]


def test_a_move_that_is_neither_up_nor_down_changes_nothing(school_a):
    quiz = make_quiz(school_a)
    before = texts(quiz)

    response = move(client_for(school_a.teacher), quiz.questions.first(), "sideways")

    assert response.status_code == 302
    assert texts(quiz) == before


def test_deleting_a_question_closes_the_gap(school_a):
    quiz = make_quiz(school_a)
    middle = quiz.questions.get(position=1)
    client = client_for(school_a.teacher)

    confirm = client.get(reverse("question_delete", args=[middle.pk]))
    client.post(reverse("question_delete", args=[middle.pk]))

    assert confirm.status_code == 200
    assert texts(quiz) == ["Who passes laws?", "Poland has a constitution."]
    assert positions(quiz) == [0, 1]


# Deleting a quiz -----------------------------------------------------------------


def test_deleting_asks_first_then_removes_the_quiz(school_a):
    quiz = make_quiz(school_a)
    client = client_for(school_a.teacher)

    confirm = client.get(reverse("quiz_delete", args=[quiz.pk]))
    assert Quiz.objects.filter(pk=quiz.pk).exists()
    response = client.post(reverse("quiz_delete", args=[quiz.pk]))

    assert confirm.status_code == 200
    assert response.url == reverse("quiz_list")
    assert not Quiz.objects.filter(pk=quiz.pk).exists()


def test_a_played_quiz_is_kept_with_an_explanation(school_a):
    quiz = make_quiz(school_a)
    session = services.live_session_start(by=school_a.teacher, quiz=quiz)
    LiveSession.objects.filter(pk=session.pk).update(ended_at=timezone.now())
    client = client_for(school_a.teacher)

    response = client.post(reverse("quiz_delete", args=[quiz.pk]), follow=True)

    assert Quiz.objects.filter(pk=quiz.pk).exists()
    assert "has been played" in response.content.decode()


# Copies ------------------------------------------------------------------------


def test_a_copy_is_deep_private_and_owned_by_whoever_copied_it(
    school_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    quiz = make_quiz(school_a, visibility=Visibility.SCHOOL)
    pictured = quiz.questions.get(position=0)
    pictured.image.save("sejm.png", ContentFile(png_bytes()), save=True)
    pictured.image_alt = "The Sejm building"
    pictured.save()

    response = client_for(school_a.coordinator).post(
        reverse("quiz_duplicate", args=[quiz.pk])
    )

    copy = Quiz.objects.exclude(pk=quiz.pk).get()
    assert response.url == reverse("quiz_detail", args=[copy.pk])
    assert (copy.owner, copy.school, copy.visibility) == (
        school_a.coordinator,
        school_a.school,
        Visibility.PRIVATE,
    )
    assert copy.title == f"{quiz.title} (copy)"
    assert texts(copy) == texts(quiz)
    for original, copied in zip(
        quiz.questions.order_by("position"),
        copy.questions.order_by("position"),
        strict=True,
    ):
        assert copied.pk != original.pk
        assert [(c.text, c.is_correct) for c in copied.choices.all()] == [
            (c.text, c.is_correct) for c in original.choices.all()
        ]
        assert (copied.kind, copied.time_limit, copied.points) == (
            original.kind,
            original.time_limit,
            original.points,
        )
    copied_picture = copy.questions.get(position=0)
    assert copied_picture.image.name != pictured.image.name
    assert copied_picture.image.read() == png_bytes()
    assert copied_picture.image_alt == "The Sejm building"


def test_changing_the_copy_leaves_the_original(school_a):
    quiz = make_quiz(school_a)
    copy = editing.quiz_duplicate(by=school_a.teacher, quiz=quiz)

    services.question_delete(by=school_a.teacher, question=copy.questions.first())

    assert quiz.questions.count() == 3
    assert copy.questions.count() == 2


def test_a_slider_is_copied_with_its_numbers(school_a):
    quiz = empty_quiz(school_a)
    add_question(
        quiz, "slider", slider=services.SliderInput("0", "1", "0.1", "0.3", "0.1")
    )

    copy = editing.quiz_duplicate(by=school_a.teacher, quiz=quiz)

    original, copied = quiz.questions.get(), copy.questions.get()
    for column in editing.SLIDER_COLUMNS:
        assert getattr(copied, column) == getattr(original, column)


def test_a_long_title_still_fits_as_a_copy(school_a):
    quiz = make_quiz(school_a, title="T" * 200)

    copy = editing.quiz_duplicate(by=school_a.teacher, quiz=quiz)

    assert len(copy.title) <= 200
    assert copy.title.endswith("(copy)")


# Exports ------------------------------------------------------------------------


def test_the_json_export_downloads_the_whole_quiz(school_a):
    quiz = make_quiz(school_a, title="Konstytucja RP")

    response = client_for(school_a.teacher).get(
        reverse("quiz_export_json", args=[quiz.pk])
    )

    assert 'filename="konstytucja-rp.json"' in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["format"] == "youth-civics-quiz"
    assert len(document["questions"]) == 3


def test_the_spreadsheet_export_imports_back_to_the_same_questions(school_a):
    quiz = make_quiz(school_a)
    add_question(quiz, "multiple", choices=["Sejm", "Senate", "Court"], correct=[0, 1])
    add_question(quiz, "open")

    response = client_for(school_a.teacher).get(
        reverse("quiz_export_spreadsheet", args=[quiz.pk])
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
            values_only=True
        )
    )
    again = quiz_import_spreadsheet(
        by=school_a.teacher,
        school=school_a.school,
        content=response.content,
        title="Again",
        language="en",
    )

    assert rows[0][0] == "Question"
    assert rows[1] == ("Who passes laws?", "Sejm", "President", "Court", None, 20, "1")
    assert texts(again) == texts(quiz)[:4]
    assert list(again.questions.values_list("kind", flat=True)) == [
        "single",
        "single",
        "true_false",
        "multiple",
    ]


def test_text_that_looks_like_a_formula_stays_text_in_the_spreadsheet(school_a):
    from quizzes.services.spreadsheet import quiz_export_spreadsheet

    quiz = empty_quiz(school_a)
    add_question(quiz, "single", choices=["=1+1", "2"], correct=[1])

    export = quiz_export_spreadsheet(quiz=quiz)
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active

    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=2).value == "=1+1"


def test_someone_in_no_school_is_told_and_cannot_create_a_quiz(outsider):
    client = client_for(outsider)

    page = client.get(reverse("quiz_create"))
    posted = client.post(
        reverse("quiz_create"), {"title": "Q", "language": "en", "visibility": "school"}
    )

    assert "not in one yet" in page.content.decode()
    assert posted.status_code == 404
    assert not Quiz.objects.exists()

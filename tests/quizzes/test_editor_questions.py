"""A teacher writes questions of every kind through the editor's plain forms, and
bad input comes back as a field error, never a 500 and never half a question."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Points, Question, QuestionKind

from .factories import empty_quiz, make_quiz
from .test_editor_helpers import answers, client_for, png_bytes, question_post

pytestmark = pytest.mark.django_db


def add(client, quiz, data):
    return client.post(reverse("question_create", args=[quiz.pk]), data)


def only_question(quiz):
    return quiz.questions.get()


def choice_rows(question):
    return [(c.text, c.is_correct) for c in question.choices.order_by("position")]


# Every kind ---------------------------------------------------------------------


def test_a_single_choice_question_is_saved_with_its_right_answer(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("single", **answers("Sejm", "Senate", "Court", right=[1]))

    response = add(client_for(school_a.teacher), quiz, data)

    assert response.status_code == 302
    question = only_question(quiz)
    assert question.kind == QuestionKind.SINGLE
    assert choice_rows(question) == [
        ("Sejm", True),
        ("Senate", False),
        ("Court", False),
    ]


def test_a_multiple_choice_question_keeps_every_right_answer(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("multiple", **answers("Sejm", "Senate", "Bank", right=[1, 2]))

    add(client_for(school_a.teacher), quiz, data)

    assert choice_rows(only_question(quiz)) == [
        ("Sejm", True),
        ("Senate", True),
        ("Bank", False),
    ]


def test_a_true_false_question_stores_true_and_false_in_the_quizs_language(school_a):
    quiz = empty_quiz(school_a, language="pl")
    data = question_post("true_false", true_false="false")

    add(client_for(school_a.teacher), quiz, data)

    assert choice_rows(only_question(quiz)) == [("Prawda", False), ("Fałsz", True)]


def test_a_type_the_answer_question_accepts_up_to_ten_answers(school_a):
    quiz = empty_quiz(school_a)
    texts = [f"answer {n}" for n in range(1, 11)]
    data = question_post("type_answer", **answers(*texts))

    add(client_for(school_a.teacher), quiz, data)

    question = only_question(quiz)
    assert [text for text, _ in choice_rows(question)] == texts
    assert all(right for _, right in choice_rows(question))


def test_a_slider_question_keeps_its_range_step_value_and_tolerance(school_a):
    quiz = empty_quiz(school_a)
    data = question_post(
        "slider",
        slider_min="0",
        slider_max="460",
        slider_step="1",
        slider_correct="460",
        slider_tolerance="10",
    )

    add(client_for(school_a.teacher), quiz, data)

    question = only_question(quiz)
    assert (question.slider_min, question.slider_max, question.slider_step) == (
        0,
        460,
        1,
    )
    assert (question.slider_correct, question.slider_tolerance) == (460, 10)


def test_put_in_order_keeps_the_items_in_the_order_written(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("order", **answers("1791", "1918", "1989"))

    add(client_for(school_a.teacher), quiz, data)

    assert [t for t, _ in choice_rows(only_question(quiz))] == ["1791", "1918", "1989"]


@pytest.mark.parametrize("kind", ["poll", "word_cloud", "open"])
def test_unscored_kinds_are_saved_without_points_whatever_was_chosen(school_a, kind):
    quiz = empty_quiz(school_a)
    extra = answers("Yes", "No") if kind == "poll" else {}
    data = question_post(kind, points="2000", **extra)

    response = add(client_for(school_a.teacher), quiz, data)

    assert response.status_code == 302
    question = only_question(quiz)
    assert question.points == Points.NONE
    assert question.choices.count() == (2 if kind == "poll" else 0)


def test_a_poll_ignores_right_answer_boxes(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("poll", **answers("Yes", "No", right=[1]))

    add(client_for(school_a.teacher), quiz, data)

    assert choice_rows(only_question(quiz)) == [("Yes", False), ("No", False)]


def test_double_points_and_a_time_limit_are_kept(school_a):
    quiz = empty_quiz(school_a)
    data = question_post(
        "single", points="2000", time_limit="45", **answers("A", "B", right=[2])
    )

    add(client_for(school_a.teacher), quiz, data)

    question = only_question(quiz)
    assert (question.points, question.time_limit) == (2000, 45)


def test_add_and_write_another_opens_a_new_form_of_the_same_kind(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("multiple", add_another="1", **answers("A", "B", right=[1]))

    response = add(client_for(school_a.teacher), quiz, data)

    assert response.url == reverse("question_create", args=[quiz.pk]) + "?kind=multiple"


def test_the_form_page_opens_with_the_kind_asked_for(school_a):
    quiz = empty_quiz(school_a)

    page = client_for(school_a.teacher).get(
        reverse("question_create", args=[quiz.pk]) + "?kind=slider"
    )

    assert page.status_code == 200
    assert page.context["form"]["kind"].value() == "slider"


# Editing -------------------------------------------------------------------------


def test_editing_a_question_changes_it_in_place_and_keeps_surviving_choices(school_a):
    quiz = make_quiz(school_a)
    question = quiz.questions.get(position=0)
    kept = question.choices.get(position=0).pk
    data = question_post(
        "multiple",
        text="Which are chambers?",
        **answers("Sejm", "Senate", right=[1, 2]),
    )

    response = client_for(school_a.teacher).post(
        reverse("question_edit", args=[question.pk]), data
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.text, question.position) == (
        "multiple",
        "Which are chambers?",
        0,
    )
    assert choice_rows(question) == [("Sejm", True), ("Senate", True)]
    assert question.choices.get(position=0).pk == kept


def test_the_edit_form_shows_the_questions_values(school_a):
    quiz = make_quiz(school_a)
    question = quiz.questions.get(position=0)

    page = client_for(school_a.teacher).get(
        reverse("question_edit", args=[question.pk])
    )

    form = page.context["form"]
    assert form["answer_1"].value() == "Sejm"
    assert form["correct_1"].value() is True
    assert form["text"].value() == "Who passes laws?"


def test_a_slider_can_become_a_single_choice_and_loses_its_numbers(school_a):
    quiz = empty_quiz(school_a)
    client = client_for(school_a.teacher)
    add(
        client,
        quiz,
        question_post(
            "slider",
            slider_min="1",
            slider_max="10",
            slider_step="1",
            slider_correct="5",
        ),
    )
    question = only_question(quiz)

    client.post(
        reverse("question_edit", args=[question.pk]),
        question_post("single", **answers("A", "B", right=[1])),
    )

    question.refresh_from_db()
    assert question.kind == "single"
    assert question.slider_min is None
    assert question.choices.count() == 2


# Validation ------------------------------------------------------------------


def refused(response, field):
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    return " ".join(errors[field])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"slider_min": "abc"}, "slider_min"),
        ({"slider_step": "1e999"}, "slider_step"),
        ({"slider_correct": "NaN"}, "slider_correct"),
        ({"slider_max": "123456789012345"}, "slider_max"),
        ({"slider_correct": ""}, "slider_correct"),
    ],
)
def test_bad_slider_numbers_are_field_errors(school_a, fields, field):
    quiz = empty_quiz(school_a)
    base = {
        "slider_min": "0",
        "slider_max": "10",
        "slider_step": "1",
        "slider_correct": "5",
    }
    data = question_post("slider", **{**base, **fields})

    response = add(client_for(school_a.teacher), quiz, data)

    assert refused(response, field)
    assert not quiz.questions.exists()


def test_a_right_value_off_the_steps_is_explained(school_a):
    quiz = empty_quiz(school_a)
    data = question_post(
        "slider", slider_min="0", slider_max="10", slider_step="2", slider_correct="3"
    )

    response = add(client_for(school_a.teacher), quiz, data)

    assert "one of the slider's steps" in refused(response, "slider_min")


@pytest.mark.parametrize(
    ("time_limit", "message"),
    [("3", "greater than or equal to 5"), ("999", "less than or equal to 240")],
)
def test_a_time_limit_out_of_range_is_refused(school_a, time_limit, message):
    quiz = empty_quiz(school_a)
    data = question_post(
        "single", time_limit=time_limit, **answers("A", "B", right=[1])
    )

    response = add(client_for(school_a.teacher), quiz, data)

    assert message in refused(response, "time_limit")


def test_a_time_limit_that_is_not_a_number_is_refused(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("single", time_limit="soon", **answers("A", "B", right=[1]))

    assert refused(add(client_for(school_a.teacher), quiz, data), "time_limit")


def test_points_outside_the_three_choices_are_refused(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("single", points="5000", **answers("A", "B", right=[1]))

    assert refused(add(client_for(school_a.teacher), quiz, data), "points")


def test_more_than_six_choices_are_refused(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("single", **answers(*"ABCDEFG", right=[1]))

    response = add(client_for(school_a.teacher), quiz, data)

    assert "from 2 to 6 answers" in refused(response, "answer_1")
    assert not quiz.questions.exists()


def test_a_single_choice_without_a_right_answer_is_refused(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("single", **answers("A", "B"))

    response = add(client_for(school_a.teacher), quiz, data)

    assert "exactly one right answer" in refused(response, "answer_1")


def test_a_multiple_choice_without_a_right_answer_is_refused(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("multiple", **answers("A", "B", "C"))

    response = add(client_for(school_a.teacher), quiz, data)

    assert "at least one right answer" in refused(response, "answer_1")


def test_a_right_box_on_an_empty_row_is_pointed_out(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("single", **answers("A", "B"), correct_3="on")

    assert "empty" in refused(add(client_for(school_a.teacher), quiz, data), "answer_3")


def test_the_same_answer_twice_is_refused(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("single", **answers("Sejm", " sejm ", right=[1]))

    assert "the same" in refused(
        add(client_for(school_a.teacher), quiz, data), "answer_1"
    )


def test_true_false_needs_the_statement_judged(school_a):
    quiz = empty_quiz(school_a)

    response = add(client_for(school_a.teacher), quiz, question_post("true_false"))

    assert refused(response, "true_false")


def test_an_empty_question_text_is_refused(school_a):
    quiz = empty_quiz(school_a)
    data = question_post("open", text="   ")

    assert refused(add(client_for(school_a.teacher), quiz, data), "text")


def test_an_unknown_kind_is_refused(school_a):
    quiz = empty_quiz(school_a)

    assert refused(
        add(client_for(school_a.teacher), quiz, question_post("essay")), "kind"
    )


# Images ------------------------------------------------------------------------


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_an_image_with_its_description_is_saved(school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    quiz = empty_quiz(school_a)
    data = question_post(
        "open",
        image_alt="Map of Kraków's districts",
        image=upload("map.png", png_bytes()),
    )

    response = add(client_for(school_a.teacher), quiz, data)

    assert response.status_code == 302
    question = only_question(quiz)
    assert question.image.name.endswith(".png")
    assert question.image_alt == "Map of Kraków's districts"


def test_an_image_needs_a_description(school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    quiz = empty_quiz(school_a)
    data = question_post("open", image=upload("map.png", png_bytes()))

    assert refused(add(client_for(school_a.teacher), quiz, data), "image_alt")


def test_an_oversized_image_is_refused(school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    quiz = empty_quiz(school_a)
    padded = png_bytes() + b"\0" * 2_100_000
    data = question_post("open", image_alt="x", image=upload("big.png", padded))

    assert "at most 2 MB" in refused(
        add(client_for(school_a.teacher), quiz, data), "image"
    )
    assert not quiz.questions.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notes.pdf", b"%PDF-1.4 not an image", "application/pdf"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        ("fake.png", b"this is text", "image/png"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(
    school_a, settings, tmp_path, name, content, content_type
):
    settings.MEDIA_ROOT = tmp_path
    quiz = empty_quiz(school_a)
    data = question_post(
        "open", image_alt="x", image=upload(name, content, content_type)
    )

    assert refused(add(client_for(school_a.teacher), quiz, data), "image")


def test_an_image_can_be_removed(school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    quiz = empty_quiz(school_a)
    client = client_for(school_a.teacher)
    add(
        client,
        quiz,
        question_post("open", image_alt="A map", image=upload("m.png", png_bytes())),
    )
    question = only_question(quiz)

    client.post(
        reverse("question_edit", args=[question.pk]),
        question_post("open", image_alt="", remove_image="on"),
    )

    question.refresh_from_db()
    assert not question.image


# Played questions ---------------------------------------------------------------


def test_a_played_question_keeps_its_answers_but_its_wording_can_change(school_a):
    from quizzes import services
    from quizzes.models import Answer

    quiz = make_quiz(school_a)
    session = services.live_session_start(by=school_a.teacher, quiz=quiz)
    question = quiz.questions.get(position=0)
    player = session.players.create(nickname="Lis", token_hash="t" * 64)
    Answer.objects.create(
        player=player, question=question, question_index=0, payload={}, response_ms=1
    )
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    client = client_for(school_a.teacher)
    address = reverse("question_edit", args=[question.pk])

    changed = client.post(
        address, question_post("single", **answers("Sejm", "Court", right=[2]))
    )
    reworded = client.post(
        address,
        question_post(
            "single",
            text="Who passes the laws?",
            time_limit="30",
            **answers("Sejm", "President", "Court", right=[1]),
        ),
    )

    assert "answered in a game" in " ".join(changed.context["form"].non_field_errors())
    assert reworded.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.time_limit) == ("Who passes the laws?", 30)
    assert question.choices.count() == 3


def test_decimal_slider_values_are_kept_exactly(school_a):
    quiz = empty_quiz(school_a)
    data = question_post(
        "slider",
        slider_min="0",
        slider_max="1",
        slider_step="0.25",
        slider_correct="0.75",
        slider_tolerance="0.25",
    )

    add(client_for(school_a.teacher), quiz, data)

    question = Question.objects.get(quiz=quiz)
    assert question.slider_step == Decimal("0.25")
    assert question.slider_correct == Decimal("0.75")


def test_the_edit_form_shows_slider_numbers_as_written(school_a):
    quiz = empty_quiz(school_a)
    client = client_for(school_a.teacher)
    add(
        client,
        quiz,
        question_post(
            "slider",
            slider_min="0",
            slider_max="500",
            slider_step="10",
            slider_correct="460",
            slider_tolerance="0.5",
        ),
    )

    page = client.get(reverse("question_edit", args=[only_question(quiz).pk]))

    html = page.content.decode()
    assert 'name="slider_correct" value="460"' in html
    assert 'name="slider_max" value="500"' in html
    assert 'name="slider_tolerance" value="0.5"' in html


def test_without_javascript_the_form_shows_every_kinds_fields(school_a):
    quiz = empty_quiz(school_a)

    page = client_for(school_a.teacher).get(reverse("question_create", args=[quiz.pk]))

    html = page.content.decode()
    for name in ("answer_10", "true_false", "slider_min", "slider_tolerance", "points"):
        assert f'name="{name}"' in html
    # Only the list of kind hints (read by the script) is hidden on the server.
    assert html.count(" hidden") == 1

"""Teachers write quizzes with every kind of question; bad questions are refused
with a reason; nobody sees another school's quizzes or a colleague's private one."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from quizzes import selectors, services
from quizzes.engine import Kind
from quizzes.models import Question, QuestionKind, Quiz, Visibility
from tests.quizzes.factories import add_question, empty_quiz, make_quiz, start

pytestmark = pytest.mark.django_db


def assert_refused(code, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.messages
    return caught.value.messages[0]


def test_a_teacher_creates_a_quiz_in_their_school(school_a):
    quiz = services.quiz_create(
        by=school_a.teacher,
        school=school_a.school,
        title="  Sejm   i Senat ",
        language="uk",
    )
    assert quiz.title == "Sejm i Senat"
    assert quiz.owner == school_a.teacher
    assert quiz.language == "uk"
    assert quiz.visibility == Visibility.SCHOOL


def test_nobody_creates_a_quiz_in_a_school_they_are_not_in(
    school_a, school_b, outsider
):
    for user in (school_b.teacher, outsider, school_a.pupils[0].user):
        with pytest.raises(Http404):
            services.quiz_create(by=user, school=school_a.school, title="X")


def test_a_quiz_needs_a_title_and_a_known_language(school_a):
    create = services.quiz_create
    assert assert_refused(
        "title", create, by=school_a.teacher, school=school_a.school, title=" "
    )
    assert_refused(
        "title", create, by=school_a.teacher, school=school_a.school, title="x" * 201
    )
    assert_refused(
        "language",
        create,
        by=school_a.teacher,
        school=school_a.school,
        title="X",
        language="de",
    )


def test_the_question_kinds_are_the_engines():
    assert set(QuestionKind.values) == {k.value for k in Kind}


def test_questions_are_numbered_in_the_order_they_are_added(school_a):
    quiz = make_quiz(school_a)
    assert list(quiz.questions.values_list("position", flat=True)) == [0, 1, 2]


def test_single_choice_keeps_its_choices_in_order_with_the_right_one(school_a):
    quiz = empty_quiz(school_a)
    question = add_question(
        quiz, QuestionKind.SINGLE, choices=["A", "B", "C"], correct=[1]
    )
    rows = list(question.choices.values_list("position", "text", "is_correct"))
    assert rows == [(0, "A", False), (1, "B", True), (2, "C", False)]
    spec = question.spec()
    assert spec.kind == Kind.SINGLE
    assert spec.correct == {question.choices.get(text="B").pk}


def test_true_false_gets_its_two_choices_in_the_quizs_language(school_a):
    quiz = empty_quiz(school_a, language="en")
    question = add_question(quiz, QuestionKind.TRUE_FALSE, correct=[1])
    assert list(question.choices.values_list("text", "is_correct")) == [
        ("True", False),
        ("False", True),
    ]


def test_type_the_answer_stores_every_accepted_answer_as_right(school_a):
    question = add_question(
        empty_quiz(school_a), QuestionKind.TYPE_ANSWER, choices=["Wisła", "Vistula"]
    )
    assert question.spec().accepted == ("Wisła", "Vistula")
    assert question.choices.filter(is_correct=False).count() == 0


def test_a_slider_question_keeps_its_scale(school_a):
    question = add_question(
        empty_quiz(school_a),
        QuestionKind.SLIDER,
        slider=services.SliderInput(1900, 2025, 1, 1989, 2),
    )
    slider = question.spec().slider
    assert (slider.minimum, slider.maximum, slider.correct) == (1900, 2025, 1989)
    assert slider.tolerance == Decimal(2)


def test_polls_word_clouds_and_open_answers_give_no_points(school_a):
    quiz = empty_quiz(school_a)
    poll = add_question(quiz, QuestionKind.POLL, choices=["Yes", "No"])
    cloud = add_question(quiz, QuestionKind.WORD_CLOUD)
    assert poll.points == cloud.points == 0
    assert assert_refused(
        "points", add_question, quiz, QuestionKind.OPEN, points=1000
    ).startswith("Polls, word clouds")


@pytest.mark.parametrize(
    ("kind", "fields", "code"),
    [
        (QuestionKind.SINGLE, {"choices": ["A", "B"], "correct": [0, 1]}, "choices"),
        (QuestionKind.SINGLE, {"choices": ["A"], "correct": [0]}, "choices"),
        (QuestionKind.SINGLE, {"choices": ["A", "a"], "correct": [0]}, "choices"),
        (QuestionKind.SINGLE, {"choices": ["A", "B"], "correct": [5]}, "choices"),
        (QuestionKind.SINGLE, {"choices": list("ABCDEFG"), "correct": [0]}, "choices"),
        (QuestionKind.SINGLE, {"choices": ["A", " "], "correct": [0]}, "choices"),
        (QuestionKind.MULTIPLE, {"choices": ["A", "B"], "correct": []}, "choices"),
        (QuestionKind.POLL, {"choices": ["A", "B"], "correct": [0]}, "choices"),
        (QuestionKind.TRUE_FALSE, {"correct": [0, 1]}, "choices"),
        (QuestionKind.TRUE_FALSE, {}, "choices"),
        (QuestionKind.TYPE_ANSWER, {"choices": []}, "choices"),
        (QuestionKind.TYPE_ANSWER, {"choices": ["?!"]}, "choices"),
        (QuestionKind.ORDER, {"choices": ["only one"]}, "choices"),
        (QuestionKind.WORD_CLOUD, {"choices": ["A"]}, "choices"),
        (QuestionKind.SLIDER, {}, "slider"),
        (QuestionKind.SLIDER, {"slider": services.SliderInput(5, 5, 1, 5)}, "slider"),
        (QuestionKind.SLIDER, {"slider": services.SliderInput(0, 10, 3, 3)}, "slider"),
        (QuestionKind.SLIDER, {"slider": services.SliderInput(0, 10, 1, 11)}, "slider"),
        (QuestionKind.SLIDER, {"slider": services.SliderInput(0, 10, 2, 3)}, "slider"),
        (QuestionKind.SLIDER, {"slider": services.SliderInput(0, 10, 0, 3)}, "slider"),
        (
            QuestionKind.SLIDER,
            {"slider": services.SliderInput(0, 1, 1, 0, -1)},
            "slider",
        ),
        (QuestionKind.SLIDER, {"slider": services.SliderInput("x", 1, 1, 0)}, "slider"),
        (
            QuestionKind.SLIDER,
            {"slider": services.SliderInput(0, 10**6, 1, 0)},
            "slider",
        ),
        ("essay", {}, "kind"),
    ],
)
def test_a_question_that_cannot_work_is_refused_with_a_reason(
    school_a, kind, fields, code
):
    quiz = empty_quiz(school_a)
    message = assert_refused(code, add_question, quiz, kind, **fields)
    assert message
    assert quiz.questions.count() == 0


@pytest.mark.parametrize("time_limit", [4, 241, 0, "20"])
def test_the_time_limit_is_from_5_to_240_seconds(school_a, time_limit):
    quiz = empty_quiz(school_a)
    assert_refused(
        "time_limit", add_question, quiz, QuestionKind.OPEN, time_limit=time_limit
    )


def test_points_are_none_standard_or_double(school_a):
    quiz = empty_quiz(school_a)
    assert_refused(
        "points",
        add_question,
        quiz,
        QuestionKind.SINGLE,
        choices=["A", "B"],
        correct=[0],
        points=500,
    )
    double = add_question(
        quiz, QuestionKind.SINGLE, choices=["A", "B"], correct=[0], points=2000
    )
    assert double.points == 2000


def test_a_question_needs_its_text(school_a):
    quiz = empty_quiz(school_a)
    assert (
        assert_refused(
            "text",
            services.question_add,
            by=school_a.teacher,
            quiz=quiz,
            kind=QuestionKind.OPEN,
            text="   ",
        )
        == "Write the question."
    )


def test_the_database_keeps_time_limits_and_points_in_range(school_a):
    quiz = empty_quiz(school_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(
            quiz=quiz,
            position=0,
            kind=QuestionKind.OPEN,
            text="x",
            time_limit=300,
            points=0,
        )


def test_the_database_refuses_points_on_a_poll(school_a):
    quiz = empty_quiz(school_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(
            quiz=quiz, position=0, kind=QuestionKind.POLL, text="x", points=1000
        )


def test_deleting_a_question_moves_the_later_ones_up(school_a):
    quiz = make_quiz(school_a)
    first = quiz.questions.get(position=0)
    services.question_delete(by=school_a.teacher, question=first)
    assert list(quiz.questions.values_list("position", "text")) == [
        (0, "Who signs laws?"),
        (1, "Poland has a constitution."),
    ]


def test_a_quiz_being_played_cannot_be_changed(school_a):
    session = start(school_a)
    message = assert_refused("live", add_question, session.quiz, QuestionKind.OPEN)
    assert "being played" in message


def test_a_played_quiz_cannot_be_deleted_but_a_new_one_can(school_a):
    session = start(school_a)
    session.ended_at = session.created_at
    session.save()
    assert_refused(
        "played", services.quiz_delete, by=school_a.teacher, quiz=session.quiz
    )
    fresh = empty_quiz(school_a)
    services.quiz_delete(by=school_a.teacher, quiz=fresh)
    assert not Quiz.objects.filter(pk=fresh.pk).exists()


def test_only_the_owner_changes_a_quiz(school_a):
    quiz = make_quiz(school_a)
    with pytest.raises(Http404):
        add_question(quiz, QuestionKind.OPEN, by=school_a.coordinator)


def test_staff_see_their_own_and_their_schools_shared_quizzes(
    school_a, school_b, city_coordinator, outsider
):
    shared = make_quiz(school_a, title="Shared")
    private = make_quiz(school_a, title="Mine", visibility=Visibility.PRIVATE)
    other = make_quiz(school_b, title="Elsewhere")

    def titles(user):
        return set(selectors.quizzes_for_user(user).values_list("title", flat=True))

    assert titles(school_a.teacher) == {"Shared", "Mine"}
    assert titles(school_a.coordinator) == {"Shared"}
    assert titles(school_b.teacher) == {"Elsewhere"}
    assert titles(city_coordinator) == {"Shared", "Elsewhere"}
    assert titles(outsider) == set()
    assert titles(school_a.pupils[0].user) == set()
    assert {shared.pk, private.pk, other.pk} == set(
        Quiz.objects.values_list("pk", flat=True)
    )

"""Whatever a pupil's or a teacher's browser posts, the answer is a clear message
and nothing is stored: never a server error, never a lost or doubled answer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizzes.models import Attempt, AttemptAnswer, ExtendedTime, QuestionKind
from quizzes.services import SliderInput, question_add, quiz_create, selfpaced
from tests.quizzes.factories import make_quiz
from tests.quizzes.selfpaced_world import (
    assign,
    client_for,
    freeze,
    question,
    right,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return freeze(monkeypatch)


def started(world, **options):
    assignment = assign(world, **options)
    client = client_for(world.pupils[0].user)
    client.post(reverse("pupil_quiz_start", args=[assignment.pk]))
    return assignment, client


def answer(client, assignment, **data):
    response = client.post(
        reverse("pupil_quiz_answer", args=[assignment.pk]), data, follow=True
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


DOES_NOT_FIT = "This answer does not fit the question."
CLOSED = "This question is closed."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question_index": "0", "choice": "999999"}, DOES_NOT_FIT),
        ({"question_index": "0", "choice": "abc"}, DOES_NOT_FIT),
        ({"question_index": "0", "choice": "1.5"}, DOES_NOT_FIT),
        ({"question_index": "0", "choice": ""}, DOES_NOT_FIT),
        ({"question_index": "0"}, DOES_NOT_FIT),
        ({"question_index": "x", "choice": "1"}, CLOSED),
        ({"question_index": "-1", "choice": "1"}, CLOSED),
        ({"question_index": "2", "choice": "1"}, CLOSED),
        ({"question_index": "99999999999999999999", "choice": "1"}, CLOSED),
        ({"choice": "1"}, CLOSED),
    ],
)
def test_malformed_answers_are_refused_with_a_message(school_a, clock, data, message):
    assignment, client = started(school_a)

    assert answer(client, assignment, **data) == [message]
    assert not AttemptAnswer.objects.exists()
    assert Attempt.objects.get().score == 0


def test_a_choice_of_another_question_does_not_count(school_a, clock):
    assignment, client = started(school_a)

    messages = answer(
        client, assignment, question_index="0", choice=right(assignment, 1)
    )

    assert messages == [DOES_NOT_FIT]
    assert not AttemptAnswer.objects.exists()


def test_the_first_answer_wins(school_a, clock):
    assignment, client = started(school_a)
    choice = right(assignment, 0)

    answer(client, assignment, question_index="0", choice=choice)
    again = answer(client, assignment, question_index="0", choice=choice)

    assert again == [
        "You have already answered this question. Your first answer counts."
    ]
    assert AttemptAnswer.objects.count() == 1
    assert Attempt.objects.get().score == AttemptAnswer.objects.get().points


def test_answering_before_starting_asks_to_start(school_a, clock):
    assignment = assign(school_a)
    client = client_for(school_a.pupils[0].user)

    messages = answer(client, assignment, question_index="0", choice="1")

    assert messages == ["Start the quiz first."]
    assert not Attempt.objects.exists()


def test_answering_a_finished_attempt_is_refused(school_a, clock):
    assignment, client = started(school_a)
    for index in range(3):
        client.post(
            reverse("pupil_quiz_next", args=[assignment.pk]),
            {"question_index": index},
        )

    with pytest.raises(ValidationError) as refused:
        selfpaced.attempt_answer(
            pupil=school_a.pupils[0],
            assignment=assignment,
            question_index=2,
            answer={"choice": right(assignment, 2)},
        )
    assert refused.value.code == "attempt_finished"


def test_next_with_a_bad_index_changes_nothing(school_a, clock):
    assignment, client = started(school_a)

    for value in ("", "x", "5", "-1"):
        response = client.post(
            reverse("pupil_quiz_next", args=[assignment.pk]), {"question_index": value}
        )
        assert response.status_code == 302

    assert Attempt.objects.get().question_index == 0


@pytest.fixture
def every_kind(school_a):
    """A quiz with a multiple-choice, put-in-order, slider and typed question."""
    quiz = quiz_create(by=school_a.teacher, school=school_a.school, title="Kinds")
    add = {"by": school_a.teacher, "quiz": quiz}
    question_add(
        **add,
        kind=QuestionKind.MULTIPLE,
        text="Which are chambers of parliament?",
        choices=["Sejm", "Senat", "Rada"],
        correct=[0, 1],
    )
    question_add(
        **add,
        kind=QuestionKind.ORDER,
        text="Order the steps of a bill",
        choices=["Draft", "Sejm", "Senat"],
    )
    question_add(
        **add,
        kind=QuestionKind.SLIDER,
        text="Year of the constitution?",
        slider=SliderInput(minimum=1900, maximum=2000, step=1, correct=1997),
    )
    question_add(
        **add,
        kind=QuestionKind.TYPE_ANSWER,
        text="Capital of Poland?",
        choices=["Warszawa"],
    )
    return quiz


def next_question(client, assignment, index):
    client.post(
        reverse("pupil_quiz_next", args=[assignment.pk]), {"question_index": index}
    )


def test_every_kind_refuses_malformed_input_then_takes_a_good_one(
    school_a, clock, every_kind
):
    assignment = assign(school_a, quiz=every_kind)
    client = client_for(school_a.pupils[0].user)
    client.post(reverse("pupil_quiz_start", args=[assignment.pk]))
    sejm, senat, rada = question(assignment, 0).choices.values_list("pk", flat=True)
    draft, in_sejm, in_senat = question(assignment, 1).choices.values_list(
        "pk", flat=True
    )
    bad_and_good = [
        (
            [{"choices": ["x"]}, {"choices": []}, {"choices": [sejm, sejm]}],
            {"choices": [sejm, senat]},
        ),
        (
            [
                {f"position-{draft}": "1", f"position-{in_sejm}": "1"},
                {f"position-{draft}": "a"},
                {f"position-{draft}": "1", f"position-{in_sejm}": "2"},
            ],
            {
                f"position-{draft}": "1",
                f"position-{in_sejm}": "2",
                f"position-{in_senat}": "3",
            },
        ),
        (
            [{"value": "abc"}, {"value": "1e999"}, {"value": "nan"}, {"value": "5"}],
            {"value": "1997,4"},
        ),
        ([{"text": ""}, {"text": "   "}, {"text": "x" * 101}], {"text": " warszawa "}),
    ]

    for index, (bad, good) in enumerate(bad_and_good):
        for data in bad:
            data = {"question_index": str(index), **data}
            assert answer(client, assignment, **data) == [DOES_NOT_FIT], data
        assert answer(client, assignment, question_index=str(index), **good) == [
            "Your answer is saved."
        ]
        next_question(client, assignment, index)

    stored = list(AttemptAnswer.objects.order_by("question_index"))
    assert [a.correct for a in stored] == [True, True, True, True]
    assert [a.payload for a in stored] == [
        {"choices": sorted([sejm, senat])},
        {"order": [draft, in_sejm, in_senat]},
        {"value": 1997},
        {"text": "warszawa"},
    ]
    assert rada not in stored[0].payload["choices"]


@pytest.mark.parametrize("value", ["abc", "", "0.5", "3.01", "NaN", "1e10", "-2"])
def test_a_bad_extended_time_is_refused_with_a_message(school_a, value):
    assignment = assign(school_a)

    response = client_for(school_a.teacher).post(
        reverse("assignment_extended_time", args=[assignment.pk]),
        {"pupil": school_a.pupils[0].pk, "multiplier": value},
        follow=True,
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Extended time is from 1 to 3 times the usual time."
    ]
    assert not ExtendedTime.objects.exists()


@pytest.mark.parametrize("pupil", ["", "abc", "999999"])
def test_an_unknown_pupil_for_extended_time_is_not_found(school_a, pupil):
    assignment = assign(school_a)

    response = client_for(school_a.teacher).post(
        reverse("assignment_extended_time", args=[assignment.pk]),
        {"pupil": pupil, "multiplier": "2"},
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"classroom": "abc", "deadline": "2030-01-01T10:00"},
        {"classroom": "", "deadline": "soon"},
        {"deadline": "2030-13-45T99:99"},
    ],
)
def test_a_bad_assignment_form_shows_errors(school_a, data):
    quiz = make_quiz(school_a)

    response = client_for(school_a.teacher).post(
        reverse("quiz_assign", args=[quiz.pk]), data
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Attempt.objects.exists()


def test_a_quiz_without_questions_cannot_be_assigned(school_a):
    quiz = quiz_create(by=school_a.teacher, school=school_a.school, title="Empty")

    response = client_for(school_a.teacher).post(
        reverse("quiz_assign", args=[quiz.pk]),
        {"classroom": school_a.classroom.pk, "deadline": "2030-01-01T10:00"},
    )

    assert response.status_code == 200
    assert "The quiz has no questions yet." in response.content.decode()


def test_every_kind_of_question_is_shown_with_labelled_fields(
    school_a, clock, every_kind
):
    assignment = assign(school_a, quiz=every_kind)
    client = client_for(school_a.pupils[0].user)
    client.post(reverse("pupil_quiz_start", args=[assignment.pk]))
    expected = [
        'type="checkbox" name="choices"',
        'name="position-',
        'type="number" name="value"',
        'type="text" name="text"',
    ]

    for index, field in enumerate(expected):
        page = client.get(reverse("pupil_quiz", args=[assignment.pk]))
        text = page.content.decode()
        assert page.context["stage"] == "question"
        assert field in text, index
        # Every field has its label.
        for choice in page.context["choices"]:
            assert f'for="{"position" if index == 1 else "choice"}-{choice.pk}"' in text
        next_question(client, assignment, index)

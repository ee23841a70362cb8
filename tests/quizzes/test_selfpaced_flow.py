"""A self-paced quiz end to end through the pages, on a frozen clock: a teacher
assigns it, a pupil takes it one question at a time (resuming after a refresh,
answering late, skipping), sees their result and, after the deadline, the right
answers; the teacher follows progress and opens the report."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, AttemptAnswer, QuizAssignment
from quizzes.services import question_delete
from tests.quizzes.factories import make_quiz
from tests.quizzes.selfpaced_world import (
    assign,
    client_for,
    freeze,
    question,
    right,
    wrong,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return freeze(monkeypatch)


def page(client, assignment):
    return client.get(reverse("pupil_quiz", args=[assignment.pk]))


def post(client, name, assignment, **data):
    response = client.post(reverse(name, args=[assignment.pk]), data, follow=True)
    assert response.status_code == 200
    return response


def shown_messages(response):
    return [str(m) for m in response.context["messages"]]


def test_a_teacher_assigns_a_quiz_to_a_class_through_the_page(school_a, clock):
    quiz = make_quiz(school_a)
    teacher = client_for(school_a.teacher)

    response = teacher.post(
        reverse("quiz_assign", args=[quiz.pk]),
        {
            "classroom": school_a.classroom.pk,
            "deadline": "2026-03-02T14:30",
            "show_answers": "on",
            "speed_points": "on",
        },
    )

    assignment = QuizAssignment.objects.get()
    assert response.url == reverse("assignment_progress", args=[assignment.pk])
    # 14:30 in Kraków is 13:30 UTC in March.
    assert assignment.deadline == clock.now.replace(hour=13, minute=30)
    assert assignment.show_answers
    assert assignment.speed_points
    assert not assignment.streaks
    assert assignment.question_ids == list(quiz.questions.values_list("pk", flat=True))


def test_a_deadline_in_the_past_is_refused_on_the_form(school_a, clock):
    quiz = make_quiz(school_a)

    response = client_for(school_a.teacher).post(
        reverse("quiz_assign", args=[quiz.pk]),
        {"classroom": school_a.classroom.pk, "deadline": "2026-03-01T08:00"},
    )

    assert response.status_code == 200
    assert (
        "Choose a deadline in the future."
        in response.context["form"].errors["deadline"]
    )
    assert not QuizAssignment.objects.exists()


def test_a_pupil_takes_the_quiz_question_by_question(school_a, clock):
    assignment = assign(school_a, show_answers=True)
    pupil = client_for(school_a.pupils[0].user)

    listing = pupil.get(reverse("pupil_quizzes"))
    assert assignment.quiz.title in listing.content.decode()
    assert page(pupil, assignment).context["stage"] == "intro"

    post(pupil, "pupil_quiz_start", assignment)
    shown = page(pupil, assignment)
    assert shown.context["stage"] == "question"
    assert shown.context["number"] == 1
    assert shown.context["remaining_ms"] == 20_000

    clock.advance(2)
    saved = post(
        pupil,
        "pupil_quiz_answer",
        assignment,
        question_index=0,
        choice=right(assignment, 0),
    )
    assert "Your answer is saved." in shown_messages(saved)
    assert saved.context["stage"] == "answered"
    first = AttemptAnswer.objects.get()
    # Right after 2 s of 20: (1 - 0.1 / 2) * 1000.
    assert (first.correct, first.points, first.response_ms) == (True, 950, 2000)

    post(pupil, "pupil_quiz_next", assignment, question_index=0)
    clock.advance(25)
    late = post(
        pupil,
        "pupil_quiz_answer",
        assignment,
        question_index=1,
        choice=right(assignment, 1),
    )
    assert shown_messages(late) == ["Time is up: the answer came after the deadline."]
    assert late.context["stage"] == "time_up"

    post(pupil, "pupil_quiz_next", assignment, question_index=1)
    clock.advance(1)
    post(
        pupil,
        "pupil_quiz_answer",
        assignment,
        question_index=2,
        choice=wrong(assignment, 2),
    )
    finished = post(pupil, "pupil_quiz_next", assignment, question_index=2)

    attempt = Attempt.objects.get()
    assert attempt.is_finished
    assert attempt.score == 950
    assert finished.context["right"] == 1
    assert finished.context["waiting_for_deadline"] is True
    assert not finished.context["reveal"]


def test_the_right_answers_show_only_after_the_deadline(school_a, clock):
    assignment = assign(school_a, hours=1, show_answers=True)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)
    post(
        pupil,
        "pupil_quiz_answer",
        assignment,
        question_index=0,
        choice=wrong(assignment, 0),
    )

    clock.advance(3601)
    result = page(pupil, assignment)

    assert result.context["reveal"] is True
    rows = result.context["rows"]
    assert [r["right"] for r in rows] == ["Sejm", "Sejm", "True"]
    assert [r["answer"] for r in rows] == ["President", "", ""]
    assert [r["correct"] for r in rows] == [False, None, None]


def test_without_the_option_the_right_answers_are_never_shown(school_a, clock):
    assignment = assign(school_a, hours=1)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)

    clock.advance(3601)
    result = page(pupil, assignment)

    assert result.context["reveal"] is False
    assert "Sejm" not in result.content.decode()


def test_a_refresh_resumes_the_same_question_on_the_same_clock(school_a, clock):
    assignment = assign(school_a)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)
    post(pupil, "pupil_quiz_next", assignment, question_index=0)
    opened = Attempt.objects.get().question_opened_at

    clock.advance(7)
    again = page(pupil, assignment)
    clock.advance(1)
    and_again = page(pupil, assignment)

    assert again.context["number"] == and_again.context["number"] == 2
    assert again.context["remaining_ms"] == 13_000
    assert and_again.context["remaining_ms"] == 12_000
    assert Attempt.objects.get().question_opened_at == opened


def test_a_second_start_or_a_repeated_next_changes_nothing(school_a, clock):
    assignment = assign(school_a)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)
    clock.advance(3)
    post(pupil, "pupil_quiz_start", assignment)
    post(pupil, "pupil_quiz_next", assignment, question_index=0)
    post(pupil, "pupil_quiz_next", assignment, question_index=0)

    attempt = Attempt.objects.get()
    assert attempt.question_index == 1
    assert attempt.question_opened_at == clock.now


def test_a_streak_earns_its_bonus_and_a_skipped_question_ends_it(school_a, clock):
    assignment = assign(school_a, speed_points=False)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)
    for index in (0, 1):
        post(
            pupil,
            "pupil_quiz_answer",
            assignment,
            question_index=index,
            choice=right(assignment, index),
        )
        post(pupil, "pupil_quiz_next", assignment, question_index=index)

    attempt = Attempt.objects.get()
    assert attempt.score == 1000 + 1000 + 100
    assert attempt.streak == 2

    post(pupil, "pupil_quiz_next", assignment, question_index=2)
    attempt.refresh_from_db()
    assert attempt.streak == 0
    assert attempt.is_finished


def test_the_teacher_follows_who_has_finished(school_a, clock):
    assignment = assign(school_a)
    first, second = (client_for(p.user) for p in school_a.pupils)
    post(first, "pupil_quiz_start", assignment)
    for index in range(3):
        post(first, "pupil_quiz_next", assignment, question_index=index)
    post(second, "pupil_quiz_start", assignment)

    progress = client_for(school_a.teacher).get(
        reverse("assignment_progress", args=[assignment.pk])
    )

    assert (progress.context["finished"], progress.context["started"]) == (1, 1)
    text = progress.content.decode()
    assert "1 of 2 pupils have finished" in text
    assert "In progress: 0 of 3 answered" in text


def test_the_teacher_sees_the_report_of_the_assignment(school_a, clock):
    assignment = assign(school_a)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)
    clock.advance(4)
    post(
        pupil,
        "pupil_quiz_answer",
        assignment,
        question_index=0,
        choice=right(assignment, 0),
    )

    response = client_for(school_a.teacher).get(
        reverse("assignment_report", args=[assignment.pk])
    )

    report = response.context["report"]
    assert [t.name for t in report.takers] == [school_a.pupils[0].pseudonym]
    assert report.questions[0].correct == 1
    assert report.questions[0].shown == 1
    # Questions the pupil has not reached yet count nobody.
    assert [q.shown for q in report.questions[1:]] == [0, 0]
    assert report.questions[0].average_ms == 4000
    assert "<svg" in response.content.decode()


def test_after_the_deadline_nothing_more_is_taken(school_a, clock):
    assignment = assign(school_a, hours=1)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)
    clock.now = assignment.deadline + timedelta(seconds=1)

    late = post(
        pupil,
        "pupil_quiz_answer",
        assignment,
        question_index=0,
        choice=right(assignment, 0),
    )
    assert shown_messages(late) == [
        "The deadline for this quiz has passed: answers are no longer taken."
    ]
    assert not AttemptAnswer.objects.exists()

    latecomer = client_for(school_a.pupils[1].user)
    refused = post(latecomer, "pupil_quiz_start", assignment)
    assert "The deadline for this quiz has passed" in shown_messages(refused)[0]
    assert refused.context["stage"] == "over"
    assert Attempt.objects.count() == 1


def test_a_question_shown_just_before_the_deadline_ends_with_it(school_a, clock):
    assignment = assign(school_a, hours=1)
    pupil = client_for(school_a.pupils[0].user)
    clock.now = assignment.deadline - timedelta(seconds=5)
    post(pupil, "pupil_quiz_start", assignment)

    assert page(pupil, assignment).context["remaining_ms"] == 5000
    clock.advance(6)
    refused = post(
        pupil,
        "pupil_quiz_answer",
        assignment,
        question_index=0,
        choice=right(assignment, 0),
    )
    assert "deadline" in shown_messages(refused)[0]
    assert not AttemptAnswer.objects.exists()


def test_extended_time_gives_a_pupil_longer_and_scores_on_their_time(school_a, clock):
    assignment = assign(school_a)
    teacher = client_for(school_a.teacher)
    slow, usual = school_a.pupils
    teacher.post(
        reverse("assignment_extended_time", args=[assignment.pk]),
        {"pupil": slow.pk, "multiplier": "2"},
    )
    slow_client, usual_client = client_for(slow.user), client_for(usual.user)
    post(slow_client, "pupil_quiz_start", assignment)
    post(usual_client, "pupil_quiz_start", assignment)

    assert page(slow_client, assignment).context["remaining_ms"] == 40_000
    clock.advance(30)
    post(
        slow_client,
        "pupil_quiz_answer",
        assignment,
        question_index=0,
        choice=right(assignment, 0),
    )
    refused = post(
        usual_client,
        "pupil_quiz_answer",
        assignment,
        question_index=0,
        choice=right(assignment, 0),
    )

    answer = AttemptAnswer.objects.get()
    assert answer.attempt.pupil == slow
    # 30 s of the pupil's 40: (1 - 0.75 / 2) * 1000.
    assert answer.points == 625
    assert shown_messages(refused) == [
        "Time is up: the answer came after the deadline."
    ]


def test_extended_time_set_during_a_question_applies_from_the_next(school_a, clock):
    assignment = assign(school_a)
    pupil = school_a.pupils[0]
    client = client_for(pupil.user)
    post(client, "pupil_quiz_start", assignment)

    client_for(school_a.teacher).post(
        reverse("assignment_extended_time", args=[assignment.pk]),
        {"pupil": pupil.pk, "multiplier": "1,5"},
    )

    assert page(client, assignment).context["remaining_ms"] == 20_000
    post(client, "pupil_quiz_next", assignment, question_index=0)
    assert page(client, assignment).context["remaining_ms"] == 30_000


def test_the_pupil_home_page_links_to_the_quizzes(school_a, clock):
    home = client_for(school_a.pupils[0].user).get(reverse("pupil_home"))

    assert reverse("pupil_quizzes") in home.content.decode()


def test_the_clock_is_the_servers(school_a, clock):
    """The page's countdown is only a view: the remaining time comes from the
    server's clock and the stored opening time."""
    assignment = assign(school_a)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)

    assert Attempt.objects.get().question_opened_at == timezone.now()
    clock.advance(19, ms=999)
    assert page(pupil, assignment).context["stage"] == "question"
    clock.advance(ms=2)
    assert page(pupil, assignment).context["stage"] == "time_up"


def test_a_question_deleted_after_assigning_is_passed_over(school_a, clock):
    assignment = assign(school_a)
    pupil = client_for(school_a.pupils[0].user)
    post(pupil, "pupil_quiz_start", assignment)
    question_delete(by=school_a.teacher, question=question(assignment, 1))
    post(pupil, "pupil_quiz_next", assignment, question_index=0)

    gone = page(pupil, assignment)
    assert gone.context["stage"] == "gone"
    refused = post(pupil, "pupil_quiz_answer", assignment, question_index=1, choice="1")
    assert shown_messages(refused) == ["This question is closed."]
    post(pupil, "pupil_quiz_next", assignment, question_index=1)
    assert page(pupil, assignment).context["number"] == 3

    report = client_for(school_a.teacher).get(
        reverse("assignment_report", args=[assignment.pk])
    )
    assert [q.number for q in report.context["report"].questions] == [1, 3]

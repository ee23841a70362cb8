"""Quizzes and live sessions for the tests, built through the services."""

from __future__ import annotations

from quizzes import services
from quizzes.models import Question, QuestionKind


def make_quiz(world, *, title="Konstytucja", language="en", by=None, **options):
    """A quiz of ``world``'s school with two single-choice questions (the first
    choice is right) and a true/false one (true)."""
    owner = by or world.teacher
    quiz = services.quiz_create(
        by=owner, school=world.school, title=title, language=language, **options
    )
    for text in ("Who passes laws?", "Who signs laws?"):
        services.question_add(
            by=owner,
            quiz=quiz,
            kind=QuestionKind.SINGLE,
            text=text,
            choices=["Sejm", "President", "Court"],
            correct=[0],
            time_limit=20,
        )
    services.question_add(
        by=owner,
        quiz=quiz,
        kind=QuestionKind.TRUE_FALSE,
        text="Poland has a constitution.",
        correct=[0],
        time_limit=10,
    )
    return quiz


def empty_quiz(world, *, language="en"):
    return services.quiz_create(
        by=world.teacher, school=world.school, title="Empty", language=language
    )


def add_question(quiz, kind, *, by=None, **fields):
    return services.question_add(
        by=by or quiz.owner, quiz=quiz, kind=kind, text=f"A {kind} question", **fields
    )


def start(world, quiz=None, **options):
    quiz = quiz or make_quiz(world)
    return services.live_session_start(by=world.teacher, quiz=quiz, **options)


def right_choice(session, index):
    """The id of the first right choice of the session's question ``index``."""
    question = Question.objects.get(pk=session.question_ids[index])
    return question.choices.filter(is_correct=True).values_list("pk", flat=True)[0]


def wrong_choice(session, index):
    question = Question.objects.get(pk=session.question_ids[index])
    return question.choices.filter(is_correct=False).values_list("pk", flat=True)[0]

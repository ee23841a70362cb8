"""Shared helpers of the live-game page tests: clients, a library quiz and a
lesson whose body names it."""

from __future__ import annotations

from django.test import Client
from wagtail.models import Locale

from quizzes.models import LibraryQuiz


def client_for(user, language="en"):
    """A client signed in as ``user`` (or anonymous), reading pages in English."""
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def make_library_quiz(title="Konstytucja w pigułce", *, language="pl", live=True):
    quiz = LibraryQuiz(
        title=title,
        description="Trzy pytania o konstytucję.",
        locale=Locale.objects.get(language_code=language),
        live=False,
        questions=[
            (
                "single",
                {
                    "text": "Kto uchwala ustawy?",
                    "time_limit": 20,
                    "points": "1000",
                    "choices": [
                        {"text": "Sejm", "correct": True},
                        {"text": "Prezydent", "correct": False},
                    ],
                },
            ),
            (
                "true_false",
                {
                    "text": "Polska ma konstytucję.",
                    "time_limit": 10,
                    "points": "1000",
                    "answer": "true",
                },
            ),
        ],
    )
    quiz.save()
    if live:
        quiz.save_revision().publish()
        quiz.refresh_from_db()
    return quiz


def lesson_with_quiz(library_quiz, *, publish=True):
    """A published lesson with a live-quiz block; returns (lesson, block id)."""
    from tests.lessons.factories import make_lesson

    lesson = make_lesson(
        body=[
            ("heading", "Sprawdź się"),
            ("live_quiz", {"quiz": library_quiz, "intro": "Quiz na koniec lekcji."}),
        ],
        publish=publish,
    )
    block = next(b for b in lesson.body if b.block_type == "live_quiz")
    return lesson, block.id

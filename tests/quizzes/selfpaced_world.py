"""Self-paced quizzes for the tests: an assignment of the standard test quiz to a
school's class, and a clock that Django's ``timezone.now`` follows."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.utils import timezone

from quizzes.models import Question
from quizzes.services import selfpaced
from tests.quizzes.clock import FakeClock
from tests.quizzes.factories import make_quiz


def freeze(monkeypatch) -> FakeClock:
    """Freezes ``django.utils.timezone.now`` (which the services, the views and
    the session middleware read) on a clock the test moves."""
    fake = FakeClock()
    monkeypatch.setattr(timezone, "now", fake)
    return fake


def assign(world, *, hours=2, quiz=None, **options):
    """Assigns the test quiz (two single-choice questions of 20 s, the first
    choice right, and a true/false one of 10 s, true) to ``world``'s class."""
    quiz = quiz or make_quiz(world)
    return selfpaced.assignment_create(
        by=world.teacher,
        quiz=quiz,
        classroom=world.classroom,
        deadline=timezone.now() + timedelta(hours=hours),
        **options,
    )


def question(assignment, index) -> Question:
    return Question.objects.get(pk=assignment.question_ids[index])


def right(assignment, index) -> int:
    return question(assignment, index).choices.get(is_correct=True).pk


def wrong(assignment, index) -> int:
    return question(assignment, index).choices.filter(is_correct=False).first().pk


def client_for(user) -> Client:
    """A client signed in as ``user`` (None: anonymous), reading English."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client

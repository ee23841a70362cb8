"""Reordering under concurrency, proven on PostgreSQL with real concurrent
connections: however moves interleave, positions stay 0, 1, 2... with no gap, no
duplicate and no server error."""

import pytest
from django.db import connection

from quizzes import services
from quizzes.models import Question
from quizzes.services import editing
from tests.quizzes.test_races import at_once

from .factories import empty_quiz

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture(autouse=True)
def _postgresql():
    # SQLite serialises every write, so a race there proves nothing.
    assert connection.vendor == "postgresql", (
        "Race tests need PostgreSQL: set DATABASE_URL (make test does)."
    )


def test_concurrent_moves_keep_positions_dense(school_a):
    quiz = empty_quiz(school_a)
    for number in range(6):
        services.question_add(
            by=school_a.teacher, quiz=quiz, kind="open", text=f"Question {number}"
        )
    questions = list(quiz.questions.order_by("position"))

    def work(i):
        question = Question.objects.get(pk=questions[i % len(questions)].pk)
        offset = 1 if i % 2 == 0 else -1
        return editing.question_move(
            by=school_a.teacher, question=question, offset=offset
        )

    results = at_once(12, work)

    assert [r for r in results if isinstance(r, Exception)] == []
    positions = sorted(quiz.questions.values_list("position", flat=True))
    assert positions == list(range(6))
    assert quiz.questions.count() == 6

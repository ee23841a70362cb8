"""Races of a pupil's requests in a self-paced quiz, proven on PostgreSQL with real
concurrent connections: one answer per question, scored once; one attempt per
pupil; an answer and a move to the next question never both half-happen."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from quizzes.models import Attempt, AttemptAnswer
from quizzes.services import selfpaced
from tests.quizzes.selfpaced_world import assign, right, wrong

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture(autouse=True)
def _postgresql():
    # SQLite serialises every write, so a race there proves nothing.
    assert connection.vendor == "postgresql", (
        "Race tests need PostgreSQL: set DATABASE_URL (make test does)."
    )


def at_once(count, work):
    """Runs ``work(i)`` in ``count`` threads released together; returns each
    result or the exception it raised."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # The test inspects whatever was raised.
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def codes(results):
    return sorted(r.code for r in results if isinstance(r, ValidationError))


@pytest.mark.parametrize("repeat", range(3))
def test_two_answers_to_one_question_store_exactly_one(school_a, repeat):
    assignment = assign(school_a)
    pupil = school_a.pupils[0]
    selfpaced.attempt_start(pupil=pupil, assignment=assignment)
    # One right and one wrong, so which one won shows in the score.
    choices = [right(assignment, 0), wrong(assignment, 0)]

    results = at_once(
        2,
        lambda i: selfpaced.attempt_answer(
            pupil=pupil,
            assignment=assignment,
            question_index=0,
            answer={"choice": choices[i]},
        ),
    )

    assert codes(results) == ["already_answered"]
    (stored,) = AttemptAnswer.objects.all()
    attempt = Attempt.objects.get()
    assert attempt.score == stored.points + stored.bonus
    assert attempt.streak == (1 if stored.correct else 0)


def test_many_answers_at_once_still_store_one(school_a):
    assignment = assign(school_a)
    pupil = school_a.pupils[0]
    selfpaced.attempt_start(pupil=pupil, assignment=assignment)
    choice = right(assignment, 0)

    results = at_once(
        6,
        lambda i: selfpaced.attempt_answer(
            pupil=pupil,
            assignment=assignment,
            question_index=0,
            answer={"choice": choice},
        ),
    )

    assert codes(results) == ["already_answered"] * 5
    assert AttemptAnswer.objects.count() == 1
    assert Attempt.objects.get().score == AttemptAnswer.objects.get().points


def test_two_starts_at_once_make_one_attempt(school_a):
    assignment = assign(school_a)
    pupil = school_a.pupils[0]

    results = at_once(
        2, lambda i: selfpaced.attempt_start(pupil=pupil, assignment=assignment)
    )

    assert all(isinstance(r, Attempt) for r in results), results
    assert results[0].pk == results[1].pk
    assert Attempt.objects.count() == 1


def test_an_answer_racing_next_is_either_stored_or_refused(school_a):
    assignment = assign(school_a)
    pupil = school_a.pupils[0]
    selfpaced.attempt_start(pupil=pupil, assignment=assignment)
    choice = right(assignment, 0)

    def work(i):
        if i == 0:
            return selfpaced.attempt_answer(
                pupil=pupil,
                assignment=assignment,
                question_index=0,
                answer={"choice": choice},
            )
        return selfpaced.attempt_next(
            pupil=pupil, assignment=assignment, question_index=0
        )

    results = at_once(2, work)

    attempt = Attempt.objects.get()
    assert attempt.question_index == 1
    if isinstance(results[0], ValidationError):
        # Next went first: the question was left unanswered.
        assert results[0].code == "not_open"
        assert not AttemptAnswer.objects.exists()
        assert (attempt.score, attempt.streak) == (0, 0)
    else:
        # The answer went first and counts, streak included.
        stored = AttemptAnswer.objects.get()
        assert attempt.score == stored.points
        assert attempt.streak == 1

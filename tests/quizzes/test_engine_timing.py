"""A question closes when every connected player answered or at the deadline,
whichever comes first; extended time holds it open for those who need it; late
answers are refused by the server's clock."""

from datetime import timedelta

import pytest

from quizzes.engine import Action, AnswerRefused, SessionState, transition
from quizzes.engine.answers import evaluate
from quizzes.engine.timing import (
    close_at,
    is_due,
    personal_deadline,
    response_ms,
    time_allowed_ms,
)
from tests.quizzes import questions
from tests.quizzes.clock import START, FakeClock


def opened(clock, limit=20):
    return transition(
        SessionState(), Action.START, now=clock(), time_limits=[limit]
    ).state


def due(state, clock, *, connected, waiting=(), limit=20):
    return is_due(
        state, clock(), time_limit=limit, connected=connected, waiting=waiting
    )


def test_the_question_closes_as_soon_as_every_connected_player_answered():
    clock = FakeClock()
    state = opened(clock)
    assert due(state, clock, connected=3, waiting=[1.0]) is False
    assert due(state, clock, connected=3, waiting=[]) is True


def test_without_all_answers_the_question_closes_at_the_deadline():
    clock = FakeClock()
    state = opened(clock)
    clock.advance(19.999)
    assert due(state, clock, connected=3, waiting=[1.0, 1.0]) is False
    clock.advance(0.001)
    assert due(state, clock, connected=3, waiting=[1.0, 1.0]) is True


def test_with_nobody_connected_the_question_runs_to_its_deadline():
    clock = FakeClock()
    state = opened(clock)
    assert due(state, clock, connected=0) is False
    clock.advance(20)
    assert due(state, clock, connected=0) is True


def test_a_connected_player_with_extended_time_holds_the_question_open():
    clock = FakeClock()
    state = opened(clock)
    assert close_at(state, time_limit=20, waiting=[1.0, 1.5]) == START + timedelta(
        seconds=30
    )
    clock.advance(25)
    assert due(state, clock, connected=2, waiting=[1.5]) is False
    clock.advance(5)
    assert due(state, clock, connected=2, waiting=[1.5]) is True


def test_a_paused_question_never_closes_by_time():
    clock = FakeClock()
    state = transition(opened(clock), Action.PAUSE, now=clock(), time_limits=[20])
    clock.advance(3600)
    assert due(state.state, clock, connected=1, waiting=[1.0]) is False
    assert due(state.state, clock, connected=1, waiting=[]) is False


def test_a_closed_session_is_never_due():
    assert due(SessionState(), FakeClock(), connected=1) is False


def test_personal_deadlines_and_time_allowed_grow_with_the_multiplier():
    clock = FakeClock()
    state = opened(clock)
    assert personal_deadline(state, time_limit=20, multiplier=2) == START + timedelta(
        seconds=40
    )
    assert personal_deadline(state, time_limit=20) == state.deadline
    assert time_allowed_ms(20, 1.5) == 30_000
    # A multiplier below 1 never shortens anyone's time.
    assert time_allowed_ms(20, 0.5) == 20_000


def test_response_time_is_measured_from_the_opening_in_milliseconds():
    clock = FakeClock()
    state = opened(clock)
    clock.advance(ms=1234)
    assert response_ms(state, clock()) == 1234


def answer(state, clock, raw=None, *, index=0, multiplier=1.0, question=None):
    return evaluate(
        state,
        question or questions.single(),
        raw if raw is not None else {"choice": 1},
        question_index=index,
        now=clock(),
        multiplier=multiplier,
    )


def test_an_answer_at_the_deadline_counts_and_one_after_it_is_refused():
    clock = FakeClock()
    state = opened(clock)
    clock.advance(20)
    assert answer(state, clock).points == 500
    clock.advance(ms=1)
    with pytest.raises(AnswerRefused) as caught:
        answer(state, clock)
    assert caught.value.code == "too_late"


def test_extended_time_accepts_answers_after_everyone_elses_deadline():
    clock = FakeClock()
    state = opened(clock)
    clock.advance(25)
    accepted = answer(state, clock, multiplier=1.5)
    assert accepted.correct is True
    assert accepted.response_ms == 25_000


def test_answers_to_a_paused_or_another_question_are_refused():
    clock = FakeClock()
    state = opened(clock)
    with pytest.raises(AnswerRefused) as wrong_question:
        answer(state, clock, index=1)
    assert wrong_question.value.code == "not_open"
    paused = transition(state, Action.PAUSE, now=clock(), time_limits=[20]).state
    with pytest.raises(AnswerRefused) as during_pause:
        answer(paused, clock)
    assert during_pause.value.code == "paused"


def test_an_answer_is_scored_on_the_servers_clock():
    clock = FakeClock()
    state = opened(clock)
    clock.advance(10)
    scored = answer(state, clock)
    assert (scored.correct, scored.points, scored.response_ms) == (True, 750, 10_000)
    wrong = answer(state, clock, {"choice": 2})
    assert (wrong.correct, wrong.points) == (False, 0)

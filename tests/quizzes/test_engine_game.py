"""Whole games in memory: what the host and the players would see, on a clock the
test moves."""

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.engine import (
    Action,
    AnswerRefused,
    EngineError,
    Game,
    Phase,
    ScoringSettings,
)
from tests.quizzes import questions
from tests.quizzes.clock import FakeClock


def game(*specs, clock=None, **options):
    specs = specs or (questions.single(), questions.single(right=2))
    return Game(list(specs), clock=clock or FakeClock(), **options)


def test_a_full_game_scores_speed_streaks_and_ends_on_the_podium():
    clock = FakeClock()
    quiz = game(questions.single(), questions.single(right=2), clock=clock)
    ala = quiz.join("Ala")
    bob = quiz.join("Bob")
    quiz.control(Action.START)
    quiz.answer(ala.id, {"choice": 1}, question_index=0)  # at once: 1000
    clock.advance(10)
    quiz.answer(bob.id, {"choice": 1}, question_index=0)  # half time: 750
    assert quiz.state.phase == Phase.CLOSED  # everyone answered
    assert (ala.score, bob.score) == (1000, 750)
    quiz.control(Action.NEXT)
    assert [s.nickname for s in quiz.standings()] == ["Ala", "Bob"]
    quiz.control(Action.NEXT)
    clock.advance(ms=400)
    quiz.answer(bob.id, {"choice": 2}, question_index=1)  # 1000 + streak 100
    quiz.answer(ala.id, {"choice": 3}, question_index=1)  # wrong
    assert (ala.score, ala.streak) == (1000, 0)
    assert (bob.score, bob.streak) == (1850, 2)
    quiz.control(Action.NEXT)
    quiz.control(Action.NEXT)
    assert quiz.state.phase == Phase.FINAL
    assert [(s.nickname, s.rank) for s in quiz.standings()] == [("Bob", 1), ("Ala", 2)]


def test_the_question_waits_for_the_deadline_when_someone_has_not_answered():
    clock = FakeClock()
    quiz = game(clock=clock)
    ala = quiz.join("Ala")
    quiz.join("Bob")
    quiz.control(Action.START)
    quiz.answer(ala.id, {"choice": 1}, question_index=0)
    assert quiz.state.phase == Phase.QUESTION
    clock.advance(19)
    assert quiz.tick() is False
    clock.advance(1)
    assert quiz.tick() is True
    assert quiz.state.phase == Phase.CLOSED


def test_a_player_who_disconnects_no_longer_holds_the_question_open():
    quiz = game()
    ala = quiz.join("Ala")
    bob = quiz.join("Bob")
    quiz.control(Action.START)
    quiz.answer(ala.id, {"choice": 1}, question_index=0)
    quiz.set_connected(bob.id, False)
    assert quiz.state.phase == Phase.CLOSED
    assert bob.streak == 0


def test_a_removed_player_cannot_answer_and_leaves_the_standings():
    quiz = game()
    ala = quiz.join("Ala")
    bob = quiz.join("Bob")
    quiz.control(Action.START)
    quiz.remove(bob.id)
    with pytest.raises(AnswerRefused) as caught:
        quiz.answer(bob.id, {"choice": 1}, question_index=0)
    assert caught.value.code == "removed"
    quiz.answer(ala.id, {"choice": 1}, question_index=0)
    assert quiz.state.phase == Phase.CLOSED
    assert [s.nickname for s in quiz.standings()] == ["Ala"]


def test_the_first_answer_counts_and_a_second_is_refused():
    quiz = game()
    ala = quiz.join("Ala")
    quiz.join("Bob")
    quiz.control(Action.START)
    quiz.answer(ala.id, {"choice": 2}, question_index=0)
    with pytest.raises(AnswerRefused) as caught:
        quiz.answer(ala.id, {"choice": 1}, question_index=0)
    assert caught.value.code == "already_answered"
    quiz.control(Action.NEXT)
    assert ala.score == 0


def test_an_answer_to_a_question_that_does_not_exist_is_refused():
    quiz = game()
    ala = quiz.join("Ala")
    quiz.control(Action.START)
    for index in (-1, 2, 99):
        with pytest.raises(AnswerRefused) as caught:
            quiz.answer(ala.id, {"choice": 1}, question_index=index)
        assert caught.value.code == "not_open"


def test_a_skipped_question_scores_nobody_and_keeps_streaks():
    quiz = game(questions.single(), questions.single(), questions.single())
    ala = quiz.join("Ala")
    quiz.join("Bob")
    quiz.control(Action.START)
    quiz.answer(ala.id, {"choice": 1}, question_index=0)
    quiz.control(Action.NEXT)  # Bob had not answered: closes the question
    score, streak = ala.score, ala.streak
    quiz.control(Action.NEXT)
    quiz.control(Action.NEXT)
    quiz.answer(ala.id, {"choice": 1}, question_index=1)
    quiz.control(Action.SKIP)
    assert (ala.score, ala.streak) == (score, streak)
    assert quiz.state.question_index == 2


def test_pause_stops_the_clock_for_scoring_and_for_the_deadline():
    clock = FakeClock()
    quiz = game(clock=clock)
    ala = quiz.join("Ala")
    quiz.join("Bob")
    quiz.control(Action.START)
    clock.advance(10)
    quiz.control(Action.PAUSE)
    with pytest.raises(AnswerRefused) as caught:
        quiz.answer(ala.id, {"choice": 1}, question_index=0)
    assert caught.value.code == "paused"
    clock.advance(300)
    assert quiz.tick() is False
    quiz.control(Action.RESUME)
    scored = quiz.answer(ala.id, {"choice": 1}, question_index=0)
    assert scored.response_ms == 10_000
    assert scored.points == 750
    clock.advance(10)
    assert quiz.tick() is True


def test_extended_time_players_get_their_own_deadline_and_fair_points():
    clock = FakeClock()
    quiz = game(clock=clock)
    ala = quiz.join("Ala")
    zoe = quiz.join("Zoe", multiplier=2.0)
    quiz.control(Action.START)
    quiz.answer(ala.id, {"choice": 1}, question_index=0)
    clock.advance(30)
    assert quiz.tick() is False  # Zoe has 40 s
    scored = quiz.answer(zoe.id, {"choice": 1}, question_index=0)
    assert scored.points == 625  # 30 s of 40 s
    assert quiz.state.phase == Phase.CLOSED


def test_end_now_scores_the_open_question_and_shows_the_podium():
    quiz = game()
    ala = quiz.join("Ala")
    quiz.join("Bob")
    quiz.control(Action.START)
    quiz.answer(ala.id, {"choice": 1}, question_index=0)
    quiz.control(Action.END)
    assert quiz.state.phase == Phase.FINAL
    assert ala.score == 1000


def test_speed_points_off_gives_full_points_whatever_the_time():
    clock = FakeClock()
    quiz = game(clock=clock, settings=ScoringSettings(speed=False, streaks=False))
    ala = quiz.join("Ala")
    quiz.control(Action.START)
    clock.advance(19)
    quiz.answer(ala.id, {"choice": 1}, question_index=0)
    quiz.control(Action.NEXT)
    quiz.control(Action.NEXT)
    quiz.answer(ala.id, {"choice": 2}, question_index=1)
    assert ala.score == 2000  # no streak bonus either


def test_nicknames_are_unique_ignoring_case_and_diacritics():
    quiz = game()
    quiz.join("Żubr")
    with pytest.raises(EngineError) as caught:
        quiz.join("zubr")
    assert caught.value.code == "nickname_taken"


def test_nobody_joins_a_finished_game():
    quiz = game()
    quiz.control(Action.END)
    with pytest.raises(EngineError) as caught:
        quiz.join("Late")
    assert caught.value.code == "finished"


def test_the_distribution_shows_how_the_room_answered():
    quiz = game(questions.poll(choices=(1, 2, 3)))
    players = [quiz.join(name) for name in ("A", "B", "C")]
    quiz.control(Action.START)
    for player, choice in zip(players, (1, 3, 3), strict=True):
        quiz.answer(player.id, {"choice": choice}, question_index=0)
    assert quiz.distribution(0) == {"choices": {"1": 1, "2": 0, "3": 2}}
    assert all(p.score == 0 for p in players)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["answer", "wait", "next", "skip", "pause", "resume"]),
            st.integers(min_value=0, max_value=3),
            st.integers(min_value=0, max_value=25_000),
        ),
        max_size=40,
    )
)
def test_any_sequence_of_moves_keeps_scores_within_what_was_possible(moves):
    clock = FakeClock()
    quiz = game(
        questions.single(points=2000),
        questions.single(),
        questions.typed("x"),
        clock=clock,
    )
    players = [quiz.join(name) for name in ("A", "B", "C", "D")]
    for move, who, ms in moves:
        try:
            if move == "answer":
                index = quiz.state.question_index or 0
                quiz.answer(
                    players[who].id, {"choice": 1, "text": "x"}, question_index=index
                )
            elif move == "wait":
                clock.advance(ms=ms)
                quiz.tick()
            else:
                quiz.control(Action(move))
        except EngineError:
            pass
    ceiling = 2000 + 1000 + 1000 + 100 + 200
    for player in players:
        assert 0 <= player.score <= ceiling
        assert 0 <= player.streak <= 3
        answered = sum(player.id in a for a in quiz.answers.values())
        assert answered <= 3


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys, quizzes.engine, quizzes.engine.game; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'channels')]; "
        "sys.exit(1 if bad else 0)"
    )
    repo = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", code], cwd=repo, check=False)
    assert run.returncode == 0

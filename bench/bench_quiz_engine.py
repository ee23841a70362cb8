"""Times whole live games in the quiz engine, in memory.

A game of 20 questions (single choice, 20 s each) is played by 200 players on a
clock the benchmark moves: each player answers after a seeded random time, right
about two times in three, and the host steps through closed question and
leaderboard to the podium. The engine's work per game (phases, checking, scoring,
streaks, standings after every question) is timed, best of several runs; the
database and sockets are not part of it.

Run from the repository root: ``python bench/bench_quiz_engine.py``.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from _common import print_machine, timings

from quizzes.engine import Action, Game, Kind, Phase, QuestionSpec

PLAYERS = 200
QUESTIONS = 20
RUNS = 5


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def play(seed: int) -> Game:
    rng = random.Random(seed)
    clock = Clock()
    questions = [
        QuestionSpec(Kind.SINGLE, choices=(1, 2, 3, 4), correct=frozenset({1}))
        for _ in range(QUESTIONS)
    ]
    game = Game(questions, clock=clock)
    players = [game.join(f"Player {i}") for i in range(PLAYERS)]
    game.control(Action.START)
    for index in range(QUESTIONS):
        opened = clock.now
        delays = sorted((rng.uniform(0.3, 19), p) for p in players)
        for delay, player in delays:
            clock.now = opened + timedelta(seconds=delay)
            choice = 1 if rng.random() < 2 / 3 else rng.choice((2, 3, 4))
            game.answer(player.id, {"choice": choice}, question_index=index)
        assert game.state.phase == Phase.CLOSED
        game.standings()
        game.control(Action.NEXT)
        game.control(Action.NEXT)
    assert game.state.phase == Phase.FINAL
    return game


def main() -> None:
    seconds, game = timings(lambda: play(2026), RUNS, warmup=1)
    best = min(seconds)
    answers = PLAYERS * QUESTIONS
    print_machine()
    print(f"game: {QUESTIONS} questions x {PLAYERS} players = {answers} answers")
    print(f"best of {RUNS}: {best * 1000:.1f} ms per game")
    print(f"answers checked and scored: {answers / best:,.0f} per second")
    print(f"winner: {game.standings()[0].nickname}, {game.standings()[0].score} points")


if __name__ == "__main__":
    main()

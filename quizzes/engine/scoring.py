"""Points for answers, streak bonuses and the standings.

A right answer earns ``round((1 - (response_time / time_limit) / 2) * points)``:
the question's full points (1000, or 2000 for double points) when answered at once,
falling linearly to half of them at the deadline. Answers within half a second get
the full points, so reading speed, not reflexes, decides. With speed points off,
every right answer earns the full points.

Streak bonus: +100 for each consecutive right answer after the first (the second
in a row earns +100, the third +200...), at most +500. The bonus is not doubled on
double-points questions. A wrong or missing answer to a scored question ends the
streak; questions without points (polls, word clouds, open answers, and questions
set to no points) neither extend nor end it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from quizzes.engine.questions import QuestionSpec

FULL_POINTS_MS = 500
STREAK_STEP = 100
STREAK_CAP = 500


@dataclass(frozen=True)
class ScoringSettings:
    speed: bool = True
    streaks: bool = True


def _round_half_up(value: Fraction) -> int:
    return floor(value + Fraction(1, 2))


def answer_points(
    *,
    points: int,
    correct: bool | None,
    response_ms: int,
    time_limit_ms: int,
    speed: bool = True,
) -> int:
    """Returns the points of one answer, before any streak bonus.

    ``time_limit_ms`` is the time this player had (longer with extended time), so
    the same share of one's own time earns the same points.
    """
    if not correct or points <= 0:
        return 0
    if not speed or response_ms < FULL_POINTS_MS:
        return points
    share = Fraction(min(max(response_ms, 0), time_limit_ms), time_limit_ms)
    return _round_half_up((1 - share / 2) * points)


def streak_bonus(streak: int) -> int:
    """Returns the bonus for a right answer that makes a streak of ``streak``."""
    return min(STREAK_STEP * max(streak - 1, 0), STREAK_CAP)


@dataclass(frozen=True)
class Scored:
    """An answer as checked when it arrived."""

    correct: bool | None
    points: int


@dataclass(frozen=True)
class Settled:
    """What closing a question did to one player."""

    answered: bool
    correct: bool | None
    points: int
    bonus: int
    streak: int

    @property
    def total(self) -> int:
        return self.points + self.bonus


def settle(
    question: QuestionSpec,
    streaks: Mapping[int, int],
    answers: Mapping[int, Scored],
    settings: ScoringSettings,
) -> dict[int, Settled]:
    """Returns, for every player in ``streaks`` (player id to current streak), the
    points, bonus and new streak that closing ``question`` gives them."""
    results = {}
    for player, streak in streaks.items():
        answer = answers.get(player)
        correct = answer.correct if answer else None
        if not question.scored:
            results[player] = Settled(answer is not None, correct, 0, 0, streak)
            continue
        if not correct:
            results[player] = Settled(answer is not None, correct, 0, 0, 0)
            continue
        bonus = streak_bonus(streak + 1) if settings.streaks else 0
        results[player] = Settled(True, True, answer.points, bonus, streak + 1)
    return results


@dataclass(frozen=True)
class Standing:
    player: int
    nickname: str
    score: int
    rank: int


def rank(players: Iterable[tuple[int, str, int]]) -> list[Standing]:
    """Returns the standings of ``(player id, nickname, score)`` entries, best first.

    Equal scores share a rank and the next rank skips (1, 2, 2, 4); within equal
    scores nicknames are in alphabetical order.
    """
    ordered = sorted(players, key=lambda p: (-p[2], p[1].casefold(), p[0]))
    standings: list[Standing] = []
    for position, (player, nickname, score) in enumerate(ordered, start=1):
        same = standings and standings[-1].score == score
        place = standings[-1].rank if same else position
        standings.append(Standing(player, nickname, score, place))
    return standings

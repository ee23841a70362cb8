"""A whole live game in memory, on an injected clock.

:class:`Game` plays the rules of the engine end to end (phases, deadlines, answers,
scoring, streaks, standings) with the same functions the database services call,
so tests and benchmarks can play thousands of games without a server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from quizzes.engine.answers import Evaluated, evaluate
from quizzes.engine.checking import distribution
from quizzes.engine.errors import AnswerRefused, EngineError
from quizzes.engine.phases import Action, Phase, SessionState, Transition, transition
from quizzes.engine.questions import QuestionSpec
from quizzes.engine.scoring import (
    Scored,
    ScoringSettings,
    Settled,
    Standing,
    rank,
    settle,
)
from quizzes.engine.text import normalise
from quizzes.engine.timing import is_due

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Player:
    id: int
    nickname: str
    multiplier: float = 1.0
    connected: bool = True
    removed: bool = False
    score: int = 0
    streak: int = 0


class Game:
    """One live session: ``control()`` for the host, ``answer()`` for players,
    ``tick()`` whenever time may have passed."""

    def __init__(
        self,
        questions: Sequence[QuestionSpec],
        *,
        clock: Clock = system_clock,
        settings: ScoringSettings = ScoringSettings(),  # noqa: B008 - frozen
    ):
        self.questions = list(questions)
        self.clock = clock
        self.settings = settings
        self.state = SessionState()
        self.players: dict[int, Player] = {}
        self.answers: dict[int, dict[int, Evaluated]] = {}
        self.results: dict[int, dict[int, Settled]] = {}

    # Players ----------------------------------------------------------------------

    def join(self, nickname: str, *, multiplier: float = 1.0) -> Player:
        """Adds a player; raises :class:`EngineError` ``nickname_taken`` or
        ``finished``."""
        if self.state.phase == Phase.FINAL:
            raise EngineError("finished")
        key = normalise(nickname)
        if any(normalise(p.nickname) == key for p in self.players.values()):
            raise EngineError("nickname_taken")
        player = Player(len(self.players) + 1, nickname, multiplier)
        self.players[player.id] = player
        return player

    def active_players(self) -> list[Player]:
        return [p for p in self.players.values() if not p.removed]

    def set_connected(self, player_id: int, connected: bool) -> None:
        self.players[player_id].connected = connected
        self.tick()

    def remove(self, player_id: int) -> None:
        self.players[player_id].removed = True
        self.tick()

    # Host -------------------------------------------------------------------------

    def control(self, action: Action, *, seconds: int | None = None) -> Transition:
        """Applies a host control (or ``close``) and settles a question it closes."""
        done = transition(
            self.state,
            action,
            now=self.clock(),
            time_limits=[q.time_limit for q in self.questions],
            seconds=seconds,
        )
        self.state = done.state
        if done.closed is not None and done.scored:
            self._settle(done.closed)
        return done

    def _settle(self, index: int) -> None:
        answers = self.answers.get(index, {})
        results = settle(
            self.questions[index],
            {p.id: p.streak for p in self.active_players()},
            {pid: Scored(a.correct, a.points) for pid, a in answers.items()},
            self.settings,
        )
        for player_id, result in results.items():
            player = self.players[player_id]
            player.score += result.total
            player.streak = result.streak
        self.results[index] = results

    # Players' answers -------------------------------------------------------------

    def answer(self, player_id: int, raw: object, *, question_index: int) -> Evaluated:
        """Takes a player's answer; the first one counts. Raises
        :class:`AnswerRefused` (``removed``, ``already_answered``, ``not_open``,
        ``paused``, ``too_late``, ``invalid_answer``)."""
        player = self.players[player_id]
        if player.removed:
            raise AnswerRefused("removed")
        if not 0 <= question_index < len(self.questions):
            raise AnswerRefused("not_open")
        if player_id in self.answers.get(question_index, {}):
            raise AnswerRefused("already_answered")
        evaluated = evaluate(
            self.state,
            self.questions[question_index],
            raw,
            question_index=question_index,
            now=self.clock(),
            multiplier=player.multiplier,
            settings=self.settings,
        )
        self.answers.setdefault(question_index, {})[player_id] = evaluated
        self.tick()
        return evaluated

    def tick(self) -> bool:
        """Closes the open question if it is due; returns whether it did."""
        if self.state.phase != Phase.QUESTION:
            return False
        question = self.questions[self.state.question_index]
        answered = self.answers.get(self.state.question_index, {})
        connected = [p for p in self.active_players() if p.connected]
        waiting = [p.multiplier for p in connected if p.id not in answered]
        if not is_due(
            self.state,
            self.clock(),
            time_limit=question.time_limit,
            connected=len(connected),
            waiting=waiting,
        ):
            return False
        self.control(Action.CLOSE)
        return True

    # Reading ----------------------------------------------------------------------

    def standings(self) -> list[Standing]:
        return rank((p.id, p.nickname, p.score) for p in self.active_players())

    def distribution(self, index: int) -> dict:
        answers = self.answers.get(index, {}).values()
        return distribution(self.questions[index], (a.answer for a in answers))

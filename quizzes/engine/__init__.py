"""The rules of live quizzes as plain Python: no Django, no database, no sockets.

- :mod:`~quizzes.engine.questions`: question kinds and their data;
- :mod:`~quizzes.engine.checking`: reading and checking answers of every kind;
- :mod:`~quizzes.engine.scoring`: points, streak bonuses, standings;
- :mod:`~quizzes.engine.phases`: the phases and the host's controls;
- :mod:`~quizzes.engine.timing`: deadlines, response times, when a question closes;
- :mod:`~quizzes.engine.answers`: taking one answer;
- :mod:`~quizzes.engine.game`: a whole game in memory on an injected clock.

Time is always passed in (``now``) or read from an injected clock, so tests decide
what time it is.
"""

from quizzes.engine.answers import Evaluated, evaluate
from quizzes.engine.errors import AnswerRefused, EngineError, TransitionError
from quizzes.engine.game import Clock, Game, system_clock
from quizzes.engine.phases import (
    Action,
    Phase,
    SessionState,
    Transition,
    allowed_actions,
    transition,
)
from quizzes.engine.questions import Kind, QuestionSpec, Slider
from quizzes.engine.scoring import Scored, ScoringSettings, Settled, Standing

__all__ = [
    "Action",
    "AnswerRefused",
    "Clock",
    "EngineError",
    "Evaluated",
    "Game",
    "Kind",
    "Phase",
    "QuestionSpec",
    "Scored",
    "ScoringSettings",
    "SessionState",
    "Settled",
    "Slider",
    "Standing",
    "Transition",
    "TransitionError",
    "allowed_actions",
    "evaluate",
    "system_clock",
    "transition",
]

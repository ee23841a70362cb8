"""Quiz content (what teachers write) and live sessions (games being played)."""

from quizzes.models.content import (
    Choice,
    Points,
    Question,
    QuestionKind,
    Quiz,
    Visibility,
)
from quizzes.models.live import Answer, LivePhase, LiveSession, Player

__all__ = [
    "Answer",
    "Choice",
    "LivePhase",
    "LiveSession",
    "Player",
    "Points",
    "Question",
    "QuestionKind",
    "Quiz",
    "Visibility",
]

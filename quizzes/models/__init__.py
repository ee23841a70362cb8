"""Quiz content (what teachers write) and live sessions (games being played)."""

from quizzes.models.content import (
    Choice,
    Points,
    Question,
    QuestionKind,
    Quiz,
    Visibility,
)
from quizzes.models.library import LibraryQuiz
from quizzes.models.live import Answer, LivePhase, LiveSession, Player
from quizzes.models.selfpaced import (
    Attempt,
    AttemptAnswer,
    ExtendedTime,
    QuizAssignment,
)

__all__ = [
    "Answer",
    "Attempt",
    "AttemptAnswer",
    "Choice",
    "ExtendedTime",
    "LibraryQuiz",
    "LivePhase",
    "LiveSession",
    "Player",
    "Points",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizAssignment",
    "Visibility",
]

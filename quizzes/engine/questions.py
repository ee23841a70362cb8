"""Questions as plain data: what the engine needs to check and score an answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    TYPE_ANSWER = "type_answer"
    SLIDER = "slider"
    ORDER = "order"
    POLL = "poll"
    WORD_CLOUD = "word_cloud"
    OPEN = "open"


# Kinds with a right answer; the others collect opinions and never score.
SCORED_KINDS = frozenset(
    {
        Kind.SINGLE,
        Kind.MULTIPLE,
        Kind.TRUE_FALSE,
        Kind.TYPE_ANSWER,
        Kind.SLIDER,
        Kind.ORDER,
    }
)
# Kinds whose answers are free text, shown to the room only once the host approves.
APPROVED_KINDS = frozenset({Kind.WORD_CLOUD, Kind.OPEN})
# Kinds answered by picking one of the choices.
ONE_CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.TRUE_FALSE, Kind.POLL})

MIN_TIME_LIMIT = 5
MAX_TIME_LIMIT = 240
POINTS_NONE = 0
POINTS_STANDARD = 1000
POINTS_DOUBLE = 2000
POINT_VALUES = (POINTS_NONE, POINTS_STANDARD, POINTS_DOUBLE)

# Longest text accepted for each free-text kind, in characters.
TEXT_LIMITS = {Kind.TYPE_ANSWER: 100, Kind.WORD_CLOUD: 40, Kind.OPEN: 250}


@dataclass(frozen=True)
class Slider:
    """A number picked on a slider from ``minimum`` to ``maximum`` by ``step``;
    right when within ``tolerance`` of ``correct``."""

    minimum: Decimal
    maximum: Decimal
    step: Decimal
    correct: Decimal
    tolerance: Decimal = Decimal(0)


@dataclass(frozen=True)
class QuestionSpec:
    """One question. ``choices`` are choice ids in their stored order, which for a
    put-in-order question is the right order; ``correct`` holds the right choice
    ids; ``accepted`` the accepted typed answers."""

    kind: Kind
    time_limit: int = 20
    points: int = POINTS_STANDARD
    choices: tuple[int, ...] = ()
    correct: frozenset[int] = field(default_factory=frozenset)
    accepted: tuple[str, ...] = ()
    slider: Slider | None = None

    @property
    def scored(self) -> bool:
        """Whether the question gives points and counts for streaks."""
        return self.kind in SCORED_KINDS and self.points > 0

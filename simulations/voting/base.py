"""Shared vocabulary of the voting methods: results, steps, ties and errors.

Every method in this package is a plain function that takes plain data and returns
a :class:`Result`. A result carries the outcome (``winners`` or ``seats``) and the
``steps`` that explain it, as JSON-ready dictionaries a page can render and a
teacher can project. Nothing here imports Django.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


class VotingError(ValueError):
    """Input that a voting method cannot count: the message says what is wrong."""


class FileFormatError(VotingError):
    """A malformed input file; the message names the line (and column) at fault."""

    def __init__(
        self, message: str, *, line: int | None = None, column: str | None = None
    ):
        self.line = line
        self.column = column
        where = []
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


def jsonable(value: Any) -> Any:
    """Returns ``value`` with fractions, tuples and sets turned into JSON types.

    A :class:`~fractions.Fraction` that is whole becomes an ``int``; any other becomes
    a ``float`` (exact arithmetic stays inside the methods, the steps are for people).
    """
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    # Numeric types such as gmpy2.mpq or numpy scalars.
    try:
        return jsonable(Fraction(value))
    except (TypeError, ValueError):
        return str(value)


@dataclass
class TieBreak:
    """How a tie between ``between`` was settled.

    ``rule`` names the rule in words a teacher can read (for example
    ``"more votes nationally (Electoral Code art. 232 § 2)"``); ``seed`` is set when the
    tie went to a seeded lot, so anyone can draw it again.
    """

    between: list[str]
    chosen: list[str]
    rule: str
    seed: int | None = None
    context: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "between": list(self.between),
            "chosen": list(self.chosen),
            "rule": self.rule,
        }
        if self.seed is not None:
            data["seed"] = self.seed
        if self.context:
            data["context"] = self.context
        return data


class Lot:
    """A seeded, reproducible lot for ties no rule settles.

    The same seed and the same tied names (in any order) always draw the same result,
    because the names are sorted before the draw.
    """

    def __init__(self, seed: int = 0):
        self.seed = seed

    def draw(self, tied: Iterable[str], k: int = 1, *, context: str = "") -> TieBreak:
        names = sorted(tied)
        if k > len(names):
            raise VotingError("cannot draw more names than are tied")
        rng = random.Random(f"{self.seed}:{context}:{'|'.join(names)}")
        chosen = rng.sample(names, k)
        return TieBreak(
            between=names, chosen=chosen, rule="lot", seed=self.seed, context=context
        )


@dataclass
class Result:
    """The outcome of one count and the steps that explain it.

    ``winners`` is set for methods that elect people or projects (in order of
    election), ``seats`` for apportionment methods (seats per list). ``steps`` is a
    list of dictionaries, each with a ``"kind"`` key naming the step (``"round"``,
    ``"quotient_table"``, ...). ``ties`` records every tie and how it was broken.
    ``details`` holds method-specific totals (quota, budget spent, turnout, ...).
    """

    method: str
    winners: list[str] | None = None
    seats: dict[str, int] | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    ties: list[TieBreak] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"method": self.method}
        if self.winners is not None:
            data["winners"] = list(self.winners)
        if self.seats is not None:
            data["seats"] = dict(self.seats)
        data["details"] = jsonable(self.details)
        data["steps"] = jsonable(self.steps)
        data["ties"] = [t.to_dict() for t in self.ties]
        return data


def check_names(names: Sequence[str], *, what: str = "candidates") -> list[str]:
    """Returns ``names`` as a list after checking they are non-empty and unique."""
    result = list(names)
    if not result:
        raise VotingError(f"there are no {what}")
    seen: set[str] = set()
    for name in result:
        if not isinstance(name, str) or not name:
            raise VotingError(f"{what} must be non-empty names, got {name!r}")
        if name in seen:
            raise VotingError(f"{name!r} appears twice among the {what}")
        seen.add(name)
    return result


def check_count(value: Any, *, what: str) -> int:
    """Returns ``value`` if it is a whole number of at least zero."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise VotingError(f"{what} must be a whole number of at least 0, got {value!r}")
    return value

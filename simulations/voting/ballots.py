"""Ballots as small typed values, and their parsing from the JSON input shapes.

Three shapes cover every method in this package:

- :class:`RankedBallot`: names in order of preference, best first (STV,
  instant-runoff, Borda, Schulze, two-round from rankings). JSON:
  ``{"ranking": ["A", "B"], "count": 12}``.
- :class:`SingleMarkBallot`: one name (plurality, two-round). JSON:
  ``{"choice": "A", "count": 3}``.
- :class:`ApprovalBallot`: the set of names a voter approves (approval, block
  vote, PAV, participatory budgets). JSON: ``{"approval": ["A", "B"], "count": 2}``.

Each ballot carries a ``count``, the number of voters who cast that same ballot, so
a class of thirty stores one line per distinct ballot; ``count`` defaults to 1. A
ballot checks itself when built (no empty ballot, no name twice, a whole count of
at least 0); the ``parse_*`` functions add where in the input the fault is, and
check every name against the list of candidates when one is given.

The ``read_*`` and :func:`check_keys` helpers validate the other keys of an
election's JSON object, naming the key at fault in every message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .base import Lot, VotingError, check_count, check_names


class Ballot(Protocol):
    """What every ballot shape offers: the names it marks and how many cast it."""

    @property
    def names(self) -> tuple[str, ...]: ...

    @property
    def count(self) -> int: ...


def _check_distinct(names: Iterable[Any], *, what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str) or not name:
            raise VotingError(f"a {what} must hold non-empty names, got {name!r}")
        if name in seen:
            raise VotingError(f"{name!r} appears twice in the {what}")
        seen.add(name)


@dataclass(frozen=True, slots=True)
class RankedBallot:
    """A ranking of candidates, best first, cast by ``count`` voters.

    Candidates the ranking leaves out are ranked below all listed ones and level
    with each other.
    """

    ranking: tuple[str, ...]
    count: int = 1

    def __post_init__(self) -> None:
        ranking = tuple(self.ranking)
        object.__setattr__(self, "ranking", ranking)
        if not ranking:
            raise VotingError("a ranking must name at least one candidate")
        _check_distinct(ranking, what="ranking")
        check_count(self.count, what="count")

    @property
    def names(self) -> tuple[str, ...]:
        return self.ranking


@dataclass(frozen=True, slots=True)
class SingleMarkBallot:
    """A ballot with one mark, for ``choice``, cast by ``count`` voters."""

    choice: str
    count: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.choice, str) or not self.choice:
            raise VotingError(f"a choice must be a non-empty name, got {self.choice!r}")
        check_count(self.count, what="count")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.choice,)


@dataclass(frozen=True, slots=True)
class ApprovalBallot:
    """The set of candidates a voter approves, cast by ``count`` voters."""

    approved: frozenset[str]
    count: int = 1

    def __post_init__(self) -> None:
        approved = frozenset(self.approved)
        object.__setattr__(self, "approved", approved)
        if not approved:
            raise VotingError("an approval ballot must name at least one candidate")
        _check_distinct(approved, what="approval ballot")
        check_count(self.count, what="count")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self.approved))


BallotT = TypeVar("BallotT", RankedBallot, SingleMarkBallot, ApprovalBallot)


def total_count(ballots: Iterable[Ballot]) -> int:
    """Returns the number of voters behind ``ballots`` (the sum of their counts)."""
    return sum(ballot.count for ballot in ballots)


def candidate_list(
    ballots: Iterable[Ballot], candidates: Sequence[str] | None = None
) -> list[str]:
    """Returns the candidates of an election, checking the ballots against them.

    With ``candidates`` given, every name on a ballot must be one of them (a
    candidate nobody marked still stands). Without, the candidates are the names
    the ballots mark, in order of first appearance.
    """
    if candidates is not None:
        known = check_names(candidates)
        known_set = set(known)
        for index, ballot in enumerate(ballots):
            for name in ballot.names:
                if name not in known_set:
                    raise VotingError(
                        f"ballot {index}: {name!r} is not one of the candidates"
                    )
        return known
    found: dict[str, None] = {}
    for ballot in ballots:
        found.update(dict.fromkeys(ballot.names))
    if not found:
        raise VotingError("there are no candidates: the ballots name nobody")
    return list(found)


def group_rankings(ballots: Iterable[RankedBallot]) -> list[RankedBallot]:
    """Returns the ballots with identical rankings merged into one, counts added.

    Rankings keep the order in which they first appear; rankings cast by nobody
    (count 0) are dropped. Counting by distinct ranking is what makes a count of
    a hundred thousand ballots quick.
    """
    counts: dict[tuple[str, ...], int] = {}
    for ballot in ballots:
        counts[ballot.ranking] = counts.get(ballot.ranking, 0) + ballot.count
    return [RankedBallot(ranking, count) for ranking, count in counts.items() if count]


def first_preferences(ballots: Iterable[RankedBallot]) -> list[SingleMarkBallot]:
    """Returns each ranking as a single mark for its first preference."""
    return [SingleMarkBallot(ballot.ranking[0], ballot.count) for ballot in ballots]


# JSON input


def check_keys(
    data: Any,
    *,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    where: str = "the election",
) -> dict[str, Any]:
    """Returns ``data`` after checking it is an object with exactly these keys.

    A missing required key or an unknown key (often a typo such as ``"seat"``) is
    an error naming the key.
    """
    if not isinstance(data, dict):
        raise VotingError(f"{where} must be a JSON object, got {type(data).__name__}")
    required = list(required)
    allowed = set(required) | set(optional)
    for key in required:
        if key not in data:
            raise VotingError(f"{where}: the key {key!r} is missing")
    for key in data:
        if key not in allowed:
            expected = ", ".join(repr(k) for k in sorted(allowed))
            raise VotingError(f"{where}: unknown key {key!r} (expected {expected})")
    return data


def read_whole_number(data: dict[str, Any], key: str, *, minimum: int = 0) -> int:
    """Returns ``data[key]`` if it is a whole number of at least ``minimum``."""
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise VotingError(
            f"{key!r} must be a whole number of at least {minimum}, got {value!r}"
        )
    return value


def read_seats(data: dict[str, Any]) -> int:
    """Returns the number of seats under ``"seats"``: a whole number of at least 1."""
    return read_whole_number(data, "seats", minimum=1)


def read_candidates(data: dict[str, Any]) -> list[str] | None:
    """Returns the optional ``"candidates"`` list, checked, or ``None``."""
    if "candidates" not in data:
        return None
    value = data["candidates"]
    if not isinstance(value, list):
        raise VotingError(f"'candidates' must be a list of names, got {value!r}")
    try:
        return check_names(value)
    except VotingError as error:
        raise VotingError(f"'candidates': {error}") from None


def read_lot(data: dict[str, Any]) -> Lot:
    """Returns the lot for ties, seeded by the optional ``"seed"`` (default 0)."""
    if "seed" not in data:
        return Lot(0)
    seed = data["seed"]
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise VotingError(f"'seed' must be a whole number, got {seed!r}")
    return Lot(seed)


def _ballot_items(value: Any, key: str, where: str) -> Iterator[tuple[str, dict]]:
    if not isinstance(value, list):
        raise VotingError(f"{where!r} must be a list of ballots, got {value!r}")
    for index, item in enumerate(value):
        place = f"{where}[{index}]"
        check_keys(item, required=[key], optional=["count"], where=place)
        yield place, item


def _parse_ballots(
    value: Any,
    *,
    key: str,
    where: str,
    build: Callable[[Any, int], BallotT],
    candidates: Sequence[str] | None,
) -> list[BallotT]:
    ballots = []
    for place, item in _ballot_items(value, key, where):
        try:
            ballots.append(build(item[key], item.get("count", 1)))
        except VotingError as error:
            raise VotingError(f"{place}: {error}") from None
    if candidates is not None:
        known = set(candidates)
        for index, ballot in enumerate(ballots):
            for name in ballot.names:
                if name not in known:
                    raise VotingError(
                        f"{where}[{index}]: {name!r} is not one of the candidates"
                    )
    return ballots


def _names_list(value: Any, *, what: str) -> list[str]:
    if not isinstance(value, list):
        raise VotingError(f"the {what} must be a list of names, got {value!r}")
    _check_distinct(value, what=what)
    return value


def _ranked(value: Any, count: Any) -> RankedBallot:
    return RankedBallot(tuple(_names_list(value, what="ranking")), count)


def _single_mark(value: Any, count: Any) -> SingleMarkBallot:
    return SingleMarkBallot(value, count)


def _approval(value: Any, count: Any) -> ApprovalBallot:
    return ApprovalBallot(frozenset(_names_list(value, what="approval ballot")), count)


def parse_ranked_ballots(
    value: Any, *, candidates: Sequence[str] | None = None, where: str = "ballots"
) -> list[RankedBallot]:
    """Returns ranked ballots parsed from ``[{"ranking": [...], "count": n}]``."""
    return _parse_ballots(
        value, key="ranking", where=where, build=_ranked, candidates=candidates
    )


def parse_single_mark_ballots(
    value: Any, *, candidates: Sequence[str] | None = None, where: str = "ballots"
) -> list[SingleMarkBallot]:
    """Returns single-mark ballots parsed from ``[{"choice": "A", "count": n}]``."""
    return _parse_ballots(
        value, key="choice", where=where, build=_single_mark, candidates=candidates
    )


def parse_approval_ballots(
    value: Any, *, candidates: Sequence[str] | None = None, where: str = "ballots"
) -> list[ApprovalBallot]:
    """Returns approval ballots parsed from ``[{"approval": [...], "count": n}]``."""
    return _parse_ballots(
        value, key="approval", where=where, build=_approval, candidates=candidates
    )

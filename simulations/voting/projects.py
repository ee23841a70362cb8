"""What every participatory-budget count shares: checked money, projects and
ballots, counts per project, tie rules and the totals of an outcome.

Money is exact: a budget or a cost is an int or a Fraction, and a float is read as
the decimal it prints as.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .ballots import ApprovalBallot, RankedBallot, candidate_list
from .base import Lot, TieBreak, VotingError, check_count, check_names

Number = int | Fraction
# Voters merged by identical ballot: {projects named: number of voters}.
Grouped = dict[tuple[str, ...], int]

KRAKOW_POINTS = (3, 2, 1)


def _exact(value: object, *, what: str) -> Number:
    """Returns ``value`` as an int or a Fraction; a float is read as the decimal it
    prints as (0.1 is one tenth)."""
    if isinstance(value, bool):
        raise VotingError(f"{what} must be a number, got {value!r}")
    if isinstance(value, float) and math.isfinite(value):
        value = Fraction(repr(value))
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, int):
        return value
    raise VotingError(f"{what} must be a number, got {value!r}")


def check_budget(budget: object) -> Number:
    """Returns the budget as an exact number after checking it is at least 0."""
    value = _exact(budget, what="the budget")
    if value < 0:
        raise VotingError(f"the budget must be at least 0, got {value}")
    return value


def check_costs(costs: object) -> dict[str, Number]:
    """Returns ``{project: cost}`` with exact costs after checking each is above 0."""
    if not isinstance(costs, Mapping):
        raise VotingError(f"the projects must map names to costs, got {costs!r}")
    checked = {}
    for name in check_names(list(costs), what="projects"):
        cost = _exact(costs[name], what=f"the cost of {name!r}")
        if cost <= 0:
            raise VotingError(f"the cost of {name!r} must be above 0, got {cost}")
        checked[name] = cost
    return checked


def group_ballots(
    ballots: Sequence[RankedBallot | ApprovalBallot],
    kind: type,
    costs: Mapping[str, Number],
) -> Grouped:
    """Returns the ballots merged by identical choice, after checking each is of
    ``kind`` and names only projects. Approval sets are put in the projects' order,
    so the same set is always the same key; a ranking keeps its order."""
    for index, ballot in enumerate(ballots):
        if not isinstance(ballot, kind):
            raise VotingError(f"ballot {index} must be a {kind.__name__}")
    candidate_list(ballots, list(costs))
    position = {name: index for index, name in enumerate(costs)}
    grouped: Grouped = {}
    for ballot in ballots:
        choice = ballot.names
        if kind is ApprovalBallot:
            choice = tuple(sorted(choice, key=position.__getitem__))
        grouped[choice] = grouped.get(choice, 0) + ballot.count
    grouped = {choice: count for choice, count in grouped.items() if count}
    if not grouped:
        raise VotingError("there are no votes to count")
    return grouped


def check_points(points: object, longest: int) -> tuple[int, ...]:
    """Returns the points scheme after checking it covers a ranking of ``longest``."""
    if isinstance(points, (str, bytes)) or not isinstance(points, Sequence):
        raise VotingError(f"the points must be a list of whole numbers, got {points!r}")
    checked = tuple(check_count(value, what="each point value") for value in points)
    if longest > len(checked):
        raise VotingError(
            f"a ballot ranks {longest} projects but only {len(checked)} point "
            f"values are given ({list(checked)})"
        )
    return checked


def count_points(
    projects: Iterable[str],
    rankings: Iterable[tuple[Sequence[str], int]],
    points: Sequence[Number] = KRAKOW_POINTS,
) -> dict[str, Number]:
    """Returns the points each project got from ``(ranking, voters)`` pairs: a
    ranking gives ``points[0]`` to its first project, ``points[1]`` to its second,
    and so on (3, 2 and 1 in Kraków)."""
    totals: dict[str, Number] = dict.fromkeys(projects, 0)
    for ranking, count in rankings:
        for position, name in enumerate(ranking):
            totals[name] += points[position] * count
    return totals


def count_voters(
    projects: Iterable[str], choices: Iterable[tuple[Iterable[str], int]]
) -> dict[str, int]:
    """Returns how many voters named each project, from ``(projects, voters)``
    pairs: its votes, or its approvals."""
    totals = dict.fromkeys(projects, 0)
    for choice, count in choices:
        for name in choice:
            totals[name] += count
    return totals


def outcome_details(
    budget: Number, costs: Mapping[str, Number], winners: list[str], grouped: Grouped
) -> dict[str, Any]:
    """Returns the totals every outcome reports: ``budget``, ``spent``, ``left``,
    ``voters`` and ``voters_with_funded_project``."""
    spent = sum((costs[name] for name in winners), 0)
    funded = set(winners)
    return {
        "budget": budget,
        "spent": spent,
        "left": budget - spent,
        "voters": sum(grouped.values()),
        "voters_with_funded_project": sum(
            count for choice, count in grouped.items() if funded.intersection(choice)
        ),
    }


@dataclass(frozen=True)
class Rule:
    """A tie-break rule in words, and the key it sorts by (smaller wins)."""

    words: str
    key: Callable[[str], Any]


def break_tie(
    tied: Sequence[str], rules: Sequence[Rule], lot: Lot, context: str
) -> tuple[str, TieBreak]:
    """Returns the project that wins the tie and the record of how it won.

    The rules apply in turn; projects still level after all of them go to a seeded
    lot among themselves, drawn with ``context`` so the same tie always draws alike.
    """
    level = sorted(tied)
    used = []
    for rule in rules:
        best = min(rule.key(name) for name in level)
        kept = [name for name in level if rule.key(name) == best]
        if len(kept) < len(level):
            used.append(rule.words)
            level = kept
        if len(level) == 1:
            words = ", then ".join(used)
            return level[0], TieBreak(sorted(tied), level, words, context=context)
    tie = lot.draw(level, context=context)
    return tie.chosen[0], tie

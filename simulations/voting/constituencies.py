"""Seats for party lists over several constituencies.

The threshold is computed on the national totals and applied in each
constituency; each constituency then shares out its own seats by the chosen
method, and the seats add up to national totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .apportionment import DHONDT, check_votes, count_lists, only_districts
from .base import Lot, Result, VotingError, check_count, check_names
from .list_ties import SEJM_TIE_RULE, TieRule
from .thresholds import Thresholds, lists_taking_part


@dataclass(frozen=True)
class Constituency:
    """One constituency: its seats, the votes per list standing there and,
    optionally, each list's votes per polling district (for the tie rule)."""

    name: str
    seats: int
    votes: Mapping[str, int]
    districts: Mapping[str, Sequence[int]] | None = None


def apportion_constituencies(
    constituencies: Sequence[Constituency],
    *,
    method: str = DHONDT.key,
    thresholds: Thresholds | None = None,
    kinds: Mapping[str, str] | None = None,
    total_valid: int | None = None,
    lot: Lot | None = None,
    tie_rule: TieRule = SEJM_TIE_RULE,
) -> Result:
    """Returns the seats per list over several constituencies, with their steps.

    The threshold is computed on the national totals and applied in each
    constituency (Electoral Code art. 196 § 1: "w skali kraju"); each constituency
    then shares out its own seats. Steps: the threshold, one ``constituency`` step
    per constituency (holding its quotient table and seat order), the totals.
    """
    constituencies = _check_constituencies(constituencies)
    totals = _national_totals(constituencies)
    taking_part, steps = lists_taking_part(
        totals, thresholds, kinds=kinds, total_valid=total_valid
    )
    results = {
        c.name: _count_constituency(c, set(taking_part), method, lot, tie_rule)
        for c in constituencies
    }
    national = _national_seats(totals, results.values())
    steps.extend(_constituency_step(c, results[c.name]) for c in constituencies)
    steps.append({"kind": "totals", "seats": national})
    return Result(
        method=method,
        seats=national,
        steps=steps,
        ties=[tie for result in results.values() for tie in result.ties],
        details={
            "seats_total": sum(c.seats for c in constituencies),
            "votes": totals,
            "constituencies": {name: r.seats for name, r in results.items()},
        },
    )


def _check_constituencies(
    constituencies: Sequence[Constituency],
) -> list[Constituency]:
    checked = list(constituencies)
    check_names([c.name for c in checked], what="constituencies")
    for constituency in checked:
        check_count(constituency.seats, what=f"the seats of {constituency.name!r}")
        check_votes(constituency.votes, what=f"lists in {constituency.name!r}")
    return checked


def _national_totals(constituencies: Sequence[Constituency]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for constituency in constituencies:
        for name, count in constituency.votes.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def _national_seats(
    totals: Mapping[str, int], results: Iterable[Result]
) -> dict[str, int]:
    """Returns the seats per list won over all constituencies."""
    national = dict.fromkeys(totals, 0)
    for result in results:
        for name, won in result.seats.items():
            national[name] += won
    return national


def _count_constituency(
    constituency: Constituency,
    taking_part: set[str],
    method: str,
    lot: Lot | None,
    tie_rule: TieRule,
) -> Result:
    votes = {n: v for n, v in constituency.votes.items() if n in taking_part}
    if not votes:
        raise VotingError(
            f"no list that passed the threshold stands in {constituency.name!r}"
        )
    result = count_lists(
        votes,
        constituency.seats,
        method,
        districts=only_districts(constituency.districts, votes),
        lot=lot,
        tie_rule=tie_rule,
        context=f"constituency {constituency.name}",
    )
    # Lists held back by the threshold stay in, with 0, for charts per place.
    result.seats = {name: result.seats.get(name, 0) for name in constituency.votes}
    return result


def _constituency_step(constituency: Constituency, result: Result) -> dict[str, Any]:
    return {
        "kind": "constituency",
        "constituency": constituency.name,
        "seats": constituency.seats,
        "result": result.seats,
        "steps": result.steps,
    }

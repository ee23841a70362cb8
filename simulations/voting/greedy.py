"""Greedy participatory-budget counts: projects taken by score within the budget.

Kraków counts points: each voter ranks three projects and gives them 3, 2 and 1
points (:func:`greedy_score`); :func:`greedy_approval` counts approvals the same
way. Projects are taken by score, highest first, and one that no longer fits the
money left is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from .ballots import ApprovalBallot, RankedBallot
from .base import Lot, Result, TieBreak
from .projects import (
    KRAKOW_POINTS,
    Grouped,
    Number,
    Rule,
    break_tie,
    check_budget,
    check_costs,
    check_points,
    count_points,
    count_voters,
    group_ballots,
    outcome_details,
)


@dataclass(frozen=True)
class Scoring:
    """What a greedy count ranks by: each project's score, what the score counts
    (``"points"``, ``"votes"``) and the rules for equal scores."""

    score: Mapping[str, Any]
    unit: str
    rules: tuple[Rule, ...]


def fund_by_score(
    names: Iterable[str],
    costs: Mapping[str, Number],
    scoring: Scoring,
    lot: Lot,
    money: Number,
) -> tuple[list[str], list[dict[str, Any]], list[TieBreak]]:
    """Returns the projects funded by score within ``money``, a step for each
    project, and the ties that decided something.

    Projects are taken by score, highest first. One that fits the money left is
    funded; one that does not is skipped and the next one tried, so at the end no
    unfunded project fits. A project without a vote is never funded. Among equal
    scores the rules choose which fitting project comes first; the tie is recorded
    when two or more of them fit, since the order of projects that do not fit
    changes nothing (the money left only shrinks).
    """
    score = scoring.score
    winners, steps, ties = [], [], []
    for _, level in groupby(sorted(names, key=lambda name: -score[name]), score.get):
        level = list(level)
        while fitting := [n for n in level if score[n] > 0 and costs[n] <= money]:
            name = fitting[0]
            if len(fitting) > 1:
                context = f"equal {scoring.unit}"
                name, tie = break_tie(fitting, scoring.rules, lot, context)
                ties.append(tie)
            money -= costs[name]
            winners.append(name)
            level.remove(name)
            steps.append({"kind": "fund", **_line(name, costs, score, money)})
        steps += [_skip(name, costs, scoring, money) for name in level]
    return winners, steps, ties


def _line(
    name: str, costs: Mapping[str, Number], score: Mapping, money: Number
) -> dict[str, Any]:
    return {"project": name, "score": score[name], "cost": costs[name], "money": money}


def _skip(
    name: str, costs: Mapping[str, Number], scoring: Scoring, money: Number
) -> dict[str, Any]:
    reason = "costs more than the money left"
    if scoring.score[name] <= 0:
        reason = f"no {scoring.unit}"
    return {
        "kind": "skip",
        **_line(name, costs, scoring.score, money),
        "reason": reason,
    }


def greedy_count(
    method: str,
    budget: Number,
    costs: dict[str, Number],
    grouped: Grouped,
    scoring: Scoring,
    lot: Lot,
) -> Result:
    """Returns the result of funding every project by ``scoring`` within the
    budget: a ranking step, then a step per project funded or skipped."""
    winners, steps, ties = fund_by_score(costs, costs, scoring, lot, budget)
    table = [{key: step[key] for key in ("project", "score", "cost")} for step in steps]
    details = outcome_details(budget, costs, winners, grouped)
    details["scores"] = dict(scoring.score)
    return Result(
        method=method,
        winners=winners,
        steps=[{"kind": "ranking", "projects": table}, *steps],
        ties=ties,
        details=details,
    )


def points_scoring(
    score: Mapping[str, Any], voters: Mapping[str, int], costs: Mapping[str, Number]
) -> Scoring:
    """Returns ranking by points; equal points go to more voters, then lower cost."""
    rules = (
        Rule("more voters named it", lambda name: -voters[name]),
        Rule("lower cost", costs.__getitem__),
    )
    return Scoring(score, "points", rules)


def approval_scoring(
    approvals: Mapping[str, int], costs: Mapping[str, Number]
) -> Scoring:
    """Returns ranking by approvals; equal approvals go to the lower cost."""
    return Scoring(approvals, "votes", (Rule("lower cost", costs.__getitem__),))


def greedy_score(
    ballots: Sequence[RankedBallot],
    *,
    budget: Number,
    costs: Mapping[str, Number],
    points: Sequence[int] = KRAKOW_POINTS,
    lot: Lot | None = None,
) -> Result:
    """Returns the projects funded by points within the budget, as Kraków counts.

    A ranking gives ``points[0]`` to its first project, ``points[1]`` to the second,
    and so on. Projects are taken by points, highest first; a project that costs
    more than the money left is skipped and the next one tried, so no unfunded
    project fits the money left at the end. Equal points go to the project more
    voters named, then to the cheaper one, then to the lot. A project without a
    single point is never funded.
    """
    budget = check_budget(budget)
    costs = check_costs(costs)
    grouped = group_ballots(ballots, RankedBallot, costs)
    points = check_points(points, max(map(len, grouped)))
    return greedy_by_points(budget, costs, grouped, points, lot or Lot())


def greedy_by_points(
    budget: Number,
    costs: dict[str, Number],
    grouped: Grouped,
    points: Sequence[int],
    lot: Lot,
) -> Result:
    """Returns :func:`greedy_score` on checked, grouped rankings."""
    score = count_points(costs, grouped.items(), points)
    voters = count_voters(costs, grouped.items())
    scoring = points_scoring(score, voters, costs)
    result = greedy_count("greedy_score", budget, costs, grouped, scoring, lot)
    result.details.update(points=list(points), voters_per_project=voters)
    return result


def greedy_approval(
    ballots: Sequence[ApprovalBallot],
    *,
    budget: Number,
    costs: Mapping[str, Number],
    lot: Lot | None = None,
) -> Result:
    """Returns the projects funded by approvals within the budget.

    Projects are taken by the number of voters approving them, highest first; one
    that costs more than the money left is skipped and the next one tried. Equal
    approvals go to the cheaper project, then to the lot. A project nobody approved
    is never funded.
    """
    budget = check_budget(budget)
    costs = check_costs(costs)
    grouped = group_ballots(ballots, ApprovalBallot, costs)
    return greedy_by_approvals(budget, costs, grouped, lot or Lot())


def greedy_by_approvals(
    budget: Number, costs: dict[str, Number], grouped: Grouped, lot: Lot
) -> Result:
    """Returns :func:`greedy_approval` on checked, grouped approvals."""
    scoring = approval_scoring(count_voters(costs, grouped.items()), costs)
    return greedy_count("greedy_approval", budget, costs, grouped, scoring, lot)

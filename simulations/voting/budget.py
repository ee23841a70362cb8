"""Participatory budgeting: greedy counts within the budget and the Method of Equal
Shares.

In Poland a civic (participatory) budget is a form of public consultation in which the
residents decide part of the municipal spending each year in a direct vote (art. 5a
ust. 3 and 4 of the Act of 8 March 1990 on municipal self-government, "ustawa o
samorządzie gminnym", Dz.U. 1990 nr 16 poz. 95 with later amendments); the city
council's resolution sets how the vote is held and counted (art. 5a ust. 7). Two
counts are in use and both are here:

- greedy by points, as Kraków counts: each voter ranks three projects and gives them
  3, 2 and 1 points; projects are taken by points, and one that no longer fits the
  money left is skipped (:func:`greedy_score`; :func:`greedy_approval` counts
  approvals the same way);
- the Method of Equal Shares (Peters and Skowron), used in Wieliczka in 2023: the
  budget is split equally among the voters and a project is bought only with its own
  supporters' shares (:func:`method_of_equal_shares`).

Each function takes ballots from :mod:`.ballots`, the ``budget``, the projects'
``costs`` and a seeded :class:`~.base.Lot`, and returns a :class:`~.base.Result`
whose ``winners`` are the funded projects in order of funding and whose ``details``
hold ``budget``, ``spent``, ``left`` (``spent + left == budget``), ``voters`` and
``voters_with_funded_project``. Money is exact: ints and fractions. See
``docs/voting/budget.md``.

This module holds :func:`method_of_equal_shares` and the JSON and pabulib
adapters, and re-exports the rest: the greedy counts live in :mod:`.greedy`, the
Method of Equal Shares in :mod:`.equal_shares`, what they share in
:mod:`.projects`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import pabulib
from .ballots import (
    ApprovalBallot,
    check_keys,
    parse_approval_ballots,
    parse_ranked_ballots,
    read_lot,
)
from .base import Lot, Result, VotingError
from .equal_shares import ADD1_MAX_RUNS, COMPLETIONS, count_equal_shares
from .equal_shares import RATIONAL as _rational
from .greedy import (
    greedy_approval,
    greedy_by_approvals,
    greedy_by_points,
    greedy_count,
    greedy_score,
    points_scoring,
)
from .projects import (
    KRAKOW_POINTS,
    Grouped,
    Number,
    check_budget,
    check_costs,
    check_points,
    count_points,
    count_voters,
    group_ballots,
)

__all__ = [
    "ADD1_MAX_RUNS",
    "COMPLETIONS",
    "JSON_METHODS",
    "KRAKOW_POINTS",
    "PABULIB_METHODS",
    "Grouped",
    "Number",
    "check_budget",
    "check_costs",
    "check_points",
    "count_points",
    "count_voters",
    "greedy_approval",
    "greedy_score",
    "method_of_equal_shares",
    "read_pabulib_election",
]


def method_of_equal_shares(
    ballots: Sequence[ApprovalBallot],
    *,
    budget: Number,
    costs: Mapping[str, Number],
    completion: str = "add1",
    lot: Lot | None = None,
) -> Result:
    """Returns the projects bought by the Method of Equal Shares (cost utilities).

    Each voter gets an equal share of the money; round by round, the project with
    the most effective votes is bought by its supporters (see
    :class:`~.equal_shares.EqualShares`), until no project's supporters can pay for
    theirs. Equal effective votes go to the cheaper project, then to the one more
    voters approved, then to the lot.

    ``completion`` chooses the share each voter starts with and what follows:

    - ``"none"``: ``budget / voters``; money the method cannot use stays unspent.
    - ``"add1"``: start at ``budget / voters`` and add 1 per voter while the outcome
      at the next share still fits the budget; stop at the first share whose outcome
      would cost more than the budget and keep the last outcome that fit (or stop
      once every project with a supporter is bought). Nothing else follows; this is
      how Wieliczka counted its 2023 Green Million.
    - ``"add1_greedy"``: ``"add1"``, then the money left funds the remaining
      projects by approvals, as :func:`greedy_approval` does.
    """
    budget = check_budget(budget)
    costs = check_costs(costs)
    grouped = group_ballots(ballots, ApprovalBallot, costs)
    lot = lot or Lot()
    return count_equal_shares(budget, costs, grouped, completion, lot, **_settings())


def _settings() -> dict[str, Any]:
    """Returns the exact number type and the add1 cap for a count.

    They are read from this module on each call, so setting ``_rational`` or
    ``ADD1_MAX_RUNS`` here changes the counts started here.
    """
    return {"rational": _rational, "max_runs": ADD1_MAX_RUNS}


@contextmanager
def _about(key: str) -> Iterator[None]:
    """Prefixes an input error raised inside with the JSON key at fault."""
    try:
        yield
    except VotingError as error:
        raise VotingError(f"{key!r}: {error}") from None


def _read(data: Any, parse: Callable[..., list], extra: Sequence[str] = ()) -> tuple:
    data = check_keys(
        data,
        required=["budget", "projects", "ballots"],
        optional=["method", "seed", *extra],
    )
    with _about("budget"):
        budget = check_budget(data["budget"])
    with _about("projects"):
        costs = check_costs(data["projects"])
    ballots = parse(data["ballots"], candidates=list(costs))
    return data, ballots, budget, costs, read_lot(data)


def _greedy_score_json(data: Any) -> Result:
    data, ballots, budget, costs, lot = _read(data, parse_ranked_ballots, ["points"])
    with _about("points"):
        longest = max((len(ballot.ranking) for ballot in ballots), default=0)
        points = check_points(data.get("points", KRAKOW_POINTS), longest)
    return greedy_score(ballots, budget=budget, costs=costs, points=points, lot=lot)


def _greedy_approval_json(data: Any) -> Result:
    _, ballots, budget, costs, lot = _read(data, parse_approval_ballots)
    return greedy_approval(ballots, budget=budget, costs=costs, lot=lot)


def _mes_json(data: Any) -> Result:
    data, ballots, budget, costs, lot = _read(
        data, parse_approval_ballots, ["completion"]
    )
    completion = data.get("completion", "add1")
    if completion not in COMPLETIONS:
        expected = ", ".join(repr(name) for name in COMPLETIONS)
        raise VotingError(f"'completion' must be one of {expected}, got {completion!r}")
    return method_of_equal_shares(
        ballots, budget=budget, costs=costs, completion=completion, lot=lot
    )


JSON_METHODS: dict[str, Callable[[Any], Result]] = {
    "greedy_score": _greedy_score_json,
    "greedy_approval": _greedy_approval_json,
    "mes": _mes_json,
}


# Method names a .pb file's "rule" (or the caller) may give, and the completion of
# the Method of Equal Shares each means; None is a greedy count.
PABULIB_METHODS = {
    "greedy": None,
    "greedy_score": None,
    "greedy_approval": None,
    "equalshares": "none",
    "equalshares/add1": "add1",
    "equalshares/add1_greedy": "add1_greedy",
    "mes": "add1",
}


def read_pabulib_election(
    path: str | Path, method: str | None = None, *, lot: Lot | None = None
) -> Result:
    """Returns the result of the ``.pb`` election at ``path``.

    ``method`` defaults to the file's ``rule``. ``greedy`` counts points for ordinal
    ballots (``max_length`` points for a first choice down to 1 for the last, so
    3-2-1 in Kraków), the ballots' own points for cumulative and scoring ballots, and
    approvals otherwise; ``equalshares`` is the Method of Equal Shares without
    completion and ``equalshares/add1`` with the add1 completion. ``greedy_score``,
    ``greedy_approval``, ``mes`` (add1) and ``equalshares/add1_greedy`` can be asked
    for by name. ``details["pabulib"]`` names the file's rule and the projects its
    ``selected`` column marks.
    """
    instance, ballots = pabulib.read_pabulib(path)
    method = method or instance.meta.get("rule", "")
    if method not in PABULIB_METHODS:
        known = ", ".join(PABULIB_METHODS)
        raise VotingError(f"unknown method {method!r}; choose one of: {known}")
    budget = check_budget(instance.budget)
    costs = check_costs(pabulib.costs(instance))
    lot = lot or Lot()
    if PABULIB_METHODS[method] is None:
        result = _pabulib_greedy(instance, ballots, method, budget, costs, lot)
    else:
        _require_approvals(instance, "the Method of Equal Shares")
        grouped = pabulib.approval_groups(instance, ballots)
        completion = PABULIB_METHODS[method]
        result = count_equal_shares(
            budget, costs, grouped, completion, lot, **_settings()
        )
    result.details["pabulib"] = {
        "description": instance.meta.get("description", ""),
        "rule": instance.meta.get("rule", ""),
        "vote_type": instance.vote_type,
        "selected": pabulib.selected(instance),
    }
    return result


def _require_approvals(instance: pabulib.Instance, what: str) -> None:
    if instance.vote_type not in pabulib.APPROVAL_VOTE_TYPES:
        raise VotingError(f"{what} needs approval ballots, not {instance.vote_type}")


def _pabulib_greedy(
    instance: pabulib.Instance,
    ballots: list[pabulib.Ballot],
    method: str,
    budget: Number,
    costs: dict[str, Number],
    lot: Lot,
) -> Result:
    vote_type = instance.vote_type
    by_approvals = vote_type in pabulib.APPROVAL_VOTE_TYPES
    if method == "greedy_approval" or (method == "greedy" and by_approvals):
        grouped = pabulib.approval_groups(instance, ballots)
        return greedy_by_approvals(budget, costs, grouped, lot)
    if method == "greedy" and vote_type in pabulib.POINT_VOTE_TYPES:
        grouped = pabulib.approval_groups(instance, ballots)
        score = pabulib.point_totals(instance, ballots)
        scoring = points_scoring(score, count_voters(costs, grouped.items()), costs)
        return greedy_count("greedy_score", budget, costs, grouped, scoring, lot)
    if vote_type != "ordinal":
        raise VotingError(f"greedy by points needs ordinal ballots, not {vote_type}")
    grouped = pabulib.ranking_groups(ballots)
    points = pabulib.ordinal_points(instance, ballots)
    return greedy_by_points(budget, costs, grouped, points, lot)

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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import groupby
from pathlib import Path
from typing import Any

from . import pabulib
from .ballots import (
    ApprovalBallot,
    RankedBallot,
    candidate_list,
    check_keys,
    parse_approval_ballots,
    parse_ranked_ballots,
    read_lot,
)
from .base import Lot, Result, TieBreak, VotingError, check_count, check_names

try:
    # gmpy2's rationals are exact like Fraction and several times faster.
    from gmpy2 import mpq as _rational
except ImportError:  # pragma: no cover - gmpy2 is optional
    _rational = Fraction

Number = int | Fraction
# Voters merged by identical ballot: {projects named: number of voters}.
Grouped = dict[tuple[str, ...], int]

KRAKOW_POINTS = (3, 2, 1)
COMPLETIONS = ("none", "add1", "add1_greedy")
# The add1 completion ends by the time a share pays for the dearest project alone;
# this cap turns absurd input (a budget of 1 for a project of a billion) into an
# error instead of a count that never ends.
ADD1_MAX_RUNS = 100_000


# Checking the input


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


def _grouped(
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


# Counting


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


def _outcome_details(
    budget: Number, costs: Mapping[str, Number], winners: list[str], grouped: Grouped
) -> dict[str, Any]:
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


# Ties and the greedy walk


@dataclass(frozen=True)
class _Rule:
    """A tie-break rule in words, and the key it sorts by (smaller wins)."""

    words: str
    key: Callable[[str], Any]


@dataclass(frozen=True)
class _Scoring:
    """What a greedy count ranks by: each project's score, what the score counts
    (``"points"``, ``"votes"``) and the rules for equal scores."""

    score: Mapping[str, Any]
    unit: str
    rules: tuple[_Rule, ...]


def _break_tie(
    tied: Sequence[str], rules: Sequence[_Rule], lot: Lot, context: str
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


def _fund_by_score(
    names: Iterable[str],
    costs: Mapping[str, Number],
    scoring: _Scoring,
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
                name, tie = _break_tie(fitting, scoring.rules, lot, context)
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
    name: str, costs: Mapping[str, Number], scoring: _Scoring, money: Number
) -> dict[str, Any]:
    reason = "costs more than the money left"
    if scoring.score[name] <= 0:
        reason = f"no {scoring.unit}"
    return {
        "kind": "skip",
        **_line(name, costs, scoring.score, money),
        "reason": reason,
    }


# Greedy


def _greedy(
    method: str,
    budget: Number,
    costs: dict[str, Number],
    grouped: Grouped,
    scoring: _Scoring,
    lot: Lot,
) -> Result:
    winners, steps, ties = _fund_by_score(costs, costs, scoring, lot, budget)
    table = [{key: step[key] for key in ("project", "score", "cost")} for step in steps]
    details = _outcome_details(budget, costs, winners, grouped)
    details["scores"] = dict(scoring.score)
    return Result(
        method=method,
        winners=winners,
        steps=[{"kind": "ranking", "projects": table}, *steps],
        ties=ties,
        details=details,
    )


def _points_scoring(
    score: Mapping[str, Any], voters: Mapping[str, int], costs: Mapping[str, Number]
) -> _Scoring:
    rules = (
        _Rule("more voters named it", lambda name: -voters[name]),
        _Rule("lower cost", costs.__getitem__),
    )
    return _Scoring(score, "points", rules)


def _approval_scoring(
    approvals: Mapping[str, int], costs: Mapping[str, Number]
) -> _Scoring:
    return _Scoring(approvals, "votes", (_Rule("lower cost", costs.__getitem__),))


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
    grouped = _grouped(ballots, RankedBallot, costs)
    points = check_points(points, max(map(len, grouped)))
    return _greedy_points(budget, costs, grouped, points, lot or Lot())


def _greedy_points(
    budget: Number,
    costs: dict[str, Number],
    grouped: Grouped,
    points: Sequence[int],
    lot: Lot,
) -> Result:
    score = count_points(costs, grouped.items(), points)
    voters = count_voters(costs, grouped.items())
    scoring = _points_scoring(score, voters, costs)
    result = _greedy("greedy_score", budget, costs, grouped, scoring, lot)
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
    grouped = _grouped(ballots, ApprovalBallot, costs)
    return _greedy_approvals(budget, costs, grouped, lot or Lot())


def _greedy_approvals(
    budget: Number, costs: dict[str, Number], grouped: Grouped, lot: Lot
) -> Result:
    scoring = _approval_scoring(count_voters(costs, grouped.items()), costs)
    return _greedy("greedy_approval", budget, costs, grouped, scoring, lot)


# Method of Equal Shares


def _plain(value: Any) -> Any:
    """Returns a gmpy2 rational as a Fraction, for results read outside this module."""
    if isinstance(value, (int, Fraction)):
        return value
    return Fraction(int(value.numerator), int(value.denominator))


@dataclass
class _Run:
    """One run of the Method of Equal Shares at a fixed budget per voter."""

    per_voter: Any
    winners: list[str] = field(default_factory=list)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    ties: list[TieBreak] = field(default_factory=list)
    unspent: Any = 0


class _EqualShares:
    """The Method of Equal Shares with cost utilities, for one election.

    Voters with identical ballots form a group and move together: they start with
    the same share and pay the same amounts. A project's supporters pay for it as
    equally as their money allows: each pays ``min(own money, rho)``, with ``rho``
    the smallest payment cap that covers the cost. The project bought next is the
    one with the most effective votes, ``cost / rho``: a project whose supporters can
    split it evenly has as many effective votes as supporters, fewer when some of
    them run short of money. (With cost utilities this is the project with the
    smallest ``rho / cost``, the price per unit of benefit, as on equalshares.net.)
    """

    def __init__(self, costs: dict[str, Number], grouped: Grouped, lot: Lot):
        self.rational = _rational
        self.lot = lot
        self.costs = costs
        self.cost = {name: self.rational(cost) for name, cost in costs.items()}
        self.groups = sorted(grouped.items(), key=lambda item: (-item[1], item[0]))
        self.sizes = [count for _, count in self.groups]
        self.voters = sum(self.sizes)
        self.supporters: dict[str, list[int]] = {name: [] for name in costs}
        for index, (choice, _) in enumerate(self.groups):
            for name in choice:
                self.supporters[name].append(index)
        self.approvals = count_voters(costs, grouped.items())
        self.candidates = [name for name in costs if self.approvals[name]]
        self.rules = (
            _Rule("lower cost", costs.__getitem__),
            _Rule("more approvals", lambda name: -self.approvals[name]),
        )

    def spent(self, winners: Iterable[str]) -> Number:
        return sum((self.costs[name] for name in winners), 0)

    def run(self, per_voter: Number, *, record: bool = False) -> _Run:
        """Returns the projects bought when every voter starts with ``per_voter``.

        With ``record`` every remaining project is priced in every round and the
        rounds are kept; otherwise a project is priced only while it could still win
        (its effective votes never grow, so the last count is an upper bound).
        """
        run = _Run(per_voter)
        budgets = [self.rational(per_voter)] * len(self.groups)
        bounds = {name: self.rational(self.approvals[name]) for name in self.candidates}
        while bounds:
            best, table = self._best(bounds, budgets, price_all=record)
            if not best:
                break
            name, rho = self._choose(best, run)
            del bounds[name]
            self._pay(name, rho, budgets)
            run.winners.append(name)
            if record:
                run.rounds.append(
                    self._round(len(run.winners), name, rho, table, budgets)
                )
        if record:
            pairs = zip(self.sizes, budgets, strict=True)
            run.unspent = sum(size * money for size, money in pairs)
        return run

    def _rho(self, name: str, budgets: list[Any]) -> Any:
        """Returns the payment cap that lets the supporters of ``name`` pay its cost,
        or None when all their money together falls short."""
        order = self.supporters[name]
        order.sort(key=budgets.__getitem__)
        remaining = self.cost[name]
        payers = self.approvals[name]
        sizes = self.sizes
        for group in order:
            money = budgets[group]
            if not money:
                payers -= sizes[group]
            elif remaining <= payers * money:
                return remaining / payers
            else:
                # This group cannot pay the cap: it gives all it has.
                remaining -= sizes[group] * money
                payers -= sizes[group]
        return None

    def _best(
        self, bounds: dict[str, Any], budgets: list[Any], *, price_all: bool
    ) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
        """Returns the projects with the most effective votes (with their ``rho``),
        and the effective votes of every project priced (None: unaffordable).

        A project its supporters cannot pay for is dropped for good: their money only
        shrinks.
        """
        best: list[tuple[str, Any]] = []
        best_votes = None
        table: dict[str, Any] = {}
        for name in sorted(bounds, key=bounds.__getitem__, reverse=True):
            if not price_all and best_votes is not None and bounds[name] < best_votes:
                break
            rho = self._rho(name, budgets)
            if rho is None:
                del bounds[name]
                table[name] = None
                continue
            votes = bounds[name] = table[name] = self.cost[name] / rho
            if best_votes is None or votes > best_votes:
                best, best_votes = [(name, rho)], votes
            elif votes == best_votes:
                best.append((name, rho))
        return best, table

    def _choose(self, best: list[tuple[str, Any]], run: _Run) -> tuple[str, Any]:
        if len(best) == 1:
            return best[0]
        rho = dict(best)
        name, tie = _break_tie(list(rho), self.rules, self.lot, "equal effective votes")
        run.ties.append(tie)
        return name, rho[name]

    def _pay(self, name: str, rho: Any, budgets: list[Any]) -> None:
        zero = self.rational(0)
        for group in self.supporters[name]:
            budgets[group] = budgets[group] - rho if budgets[group] > rho else zero

    def group_label(self, index: int) -> str:
        return f"G{index + 1}"

    def _round(
        self, number: int, name: str, rho: Any, table: dict, budgets: list
    ) -> dict[str, Any]:
        return {
            "kind": "round",
            "round": number,
            "project": name,
            "cost": self.costs[name],
            "supporters": self.approvals[name],
            "rho": _plain(rho),
            "effective_votes": _plain(table[name]),
            "candidates": {
                other: "unaffordable" if votes is None else _plain(votes)
                for other, votes in table.items()
            },
            "budgets": {
                self.group_label(index): _plain(money)
                for index, money in enumerate(budgets)
            },
        }

    def groups_step(self, per_voter: Any) -> dict[str, Any]:
        groups = [
            {"group": self.group_label(index), "approves": list(choice), "voters": size}
            for index, (choice, size) in enumerate(self.groups)
        ]
        return {"kind": "voter_groups", "per_voter_budget": per_voter, "groups": groups}

    def add1(self, budget: Number) -> tuple[Fraction, dict[str, Any]]:
        """Returns the per-voter budget the add1 completion settles on, and its step.

        The share starts at ``budget / voters`` and rises by 1 while the outcome at the
        next share still fits the budget. It stops at the first share whose outcome
        would cost more than the budget, keeping the last one that fit, or once every
        project with a supporter is bought (nothing is left to gain).
        """
        per_voter = Fraction(budget) / self.voters
        winners = self.run(per_voter).winners
        tries = [{"per_voter_budget": per_voter, "cost": self.spent(winners)}]
        reason = "every project with a supporter is funded"
        while len(winners) < len(self.candidates):
            if len(tries) >= ADD1_MAX_RUNS:
                raise VotingError(
                    f"the add1 completion did not settle in {ADD1_MAX_RUNS} runs; "
                    "are the costs far above the budget?"
                )
            following = self.run(per_voter + 1).winners
            cost = self.spent(following)
            tries.append({"per_voter_budget": per_voter + 1, "cost": cost})
            if cost > budget:
                reason = "one more per voter would fund more than the budget"
                break
            per_voter, winners = per_voter + 1, following
        step = {"kind": "add1", "tries": tries, "per_voter_budget": per_voter}
        return per_voter, {**step, "stop": reason}


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
    the most effective votes is bought by its supporters (see :class:`_EqualShares`),
    until no project's supporters can pay for theirs. Equal effective votes go to
    the cheaper project, then to the one more voters approved, then to the lot.

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
    grouped = _grouped(ballots, ApprovalBallot, costs)
    return _equal_shares(budget, costs, grouped, completion, lot or Lot())


def _equal_shares(
    budget: Number,
    costs: dict[str, Number],
    grouped: Grouped,
    completion: str,
    lot: Lot,
) -> Result:
    if completion not in COMPLETIONS:
        expected = ", ".join(COMPLETIONS)
        raise VotingError(f"unknown completion {completion!r}; expected {expected}")
    engine = _EqualShares(costs, grouped, lot)
    if not engine.voters:
        raise VotingError("there are no votes to count")
    steps = []
    per_voter = Fraction(budget) / engine.voters
    if completion != "none":
        per_voter, add1_step = engine.add1(budget)
        steps.append(add1_step)
    run = engine.run(per_voter, record=True)
    steps += [engine.groups_step(per_voter), *run.rounds]
    steps.append({"kind": "stop", "unspent_by_voters": _plain(run.unspent)})
    winners, ties = list(run.winners), list(run.ties)
    if completion == "add1_greedy":
        rest = [name for name in costs if name not in winners]
        scoring = _approval_scoring(engine.approvals, costs)
        money = budget - engine.spent(winners)
        added, more, more_ties = _fund_by_score(rest, costs, scoring, lot, money)
        winners += added
        steps += [{**step, "stage": "greedy_completion"} for step in more]
        ties += more_ties
    details = _outcome_details(budget, costs, winners, grouped)
    details.update(completion=completion, per_voter_budget=per_voter)
    return Result(
        method="mes", winners=winners, steps=steps, ties=ties, details=details
    )


# JSON input


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


# Pabulib files

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
        result = _equal_shares(budget, costs, grouped, PABULIB_METHODS[method], lot)
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
        return _greedy_approvals(budget, costs, grouped, lot)
    if method == "greedy" and vote_type in pabulib.POINT_VOTE_TYPES:
        grouped = pabulib.approval_groups(instance, ballots)
        score = pabulib.point_totals(instance, ballots)
        scoring = _points_scoring(score, count_voters(costs, grouped.items()), costs)
        return _greedy("greedy_score", budget, costs, grouped, scoring, lot)
    if vote_type != "ordinal":
        raise VotingError(f"greedy by points needs ordinal ballots, not {vote_type}")
    grouped = pabulib.ranking_groups(ballots)
    points = pabulib.ordinal_points(instance, ballots)
    return _greedy_points(budget, costs, grouped, points, lot)

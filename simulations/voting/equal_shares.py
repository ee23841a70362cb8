"""The Method of Equal Shares (Peters and Skowron) with cost utilities.

The budget is split equally among the voters and a project is bought only with its
own supporters' shares. The add1 completion raises the share per voter while the
outcome still fits the budget, as Wieliczka counted its 2023 Green Million; the
greedy completion then funds the remaining projects by approvals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .base import Lot, Result, TieBreak, VotingError
from .greedy import approval_scoring, fund_by_score
from .projects import Grouped, Number, Rule, break_tie, count_voters, outcome_details

try:
    # gmpy2's rationals are exact like Fraction and several times faster.
    from gmpy2 import mpq as RATIONAL
except ImportError:  # pragma: no cover - gmpy2 is optional
    RATIONAL = Fraction

COMPLETIONS = ("none", "add1", "add1_greedy")
# The add1 completion ends by the time a share pays for the dearest project alone;
# this cap turns absurd input (a budget of 1 for a project of a billion) into an
# error instead of a count that never ends.
ADD1_MAX_RUNS = 100_000


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


class EqualShares:
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

    def __init__(
        self,
        costs: dict[str, Number],
        grouped: Grouped,
        lot: Lot,
        *,
        rational: Any = RATIONAL,
    ):
        self.rational = rational
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
            Rule("lower cost", costs.__getitem__),
            Rule("more approvals", lambda name: -self.approvals[name]),
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
        name, tie = break_tie(list(rho), self.rules, self.lot, "equal effective votes")
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

    def add1(
        self, budget: Number, *, max_runs: int = ADD1_MAX_RUNS
    ) -> tuple[Fraction, dict[str, Any]]:
        """Returns the per-voter budget the add1 completion settles on, and its step.

        The share starts at ``budget / voters`` and rises by 1 while the outcome at the
        next share still fits the budget. It stops at the first share whose outcome
        would cost more than the budget, keeping the last one that fit, or once every
        project with a supporter is bought (nothing is left to gain). Counting more
        than ``max_runs`` shares is an error.
        """
        per_voter = Fraction(budget) / self.voters
        winners = self.run(per_voter).winners
        tries = [{"per_voter_budget": per_voter, "cost": self.spent(winners)}]
        reason = "every project with a supporter is funded"
        while len(winners) < len(self.candidates):
            if len(tries) >= max_runs:
                raise VotingError(
                    f"the add1 completion did not settle in {max_runs} runs; "
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


def count_equal_shares(
    budget: Number,
    costs: dict[str, Number],
    grouped: Grouped,
    completion: str,
    lot: Lot,
    *,
    rational: Any = RATIONAL,
    max_runs: int = ADD1_MAX_RUNS,
) -> Result:
    """Returns the projects the Method of Equal Shares buys with grouped ballots.

    ``completion`` is one of :data:`COMPLETIONS`, as
    :func:`.budget.method_of_equal_shares` describes; ``rational`` is the exact
    number type the count runs on and ``max_runs`` caps the add1 completion.
    """
    if completion not in COMPLETIONS:
        expected = ", ".join(COMPLETIONS)
        raise VotingError(f"unknown completion {completion!r}; expected {expected}")
    engine = EqualShares(costs, grouped, lot, rational=rational)
    if not engine.voters:
        raise VotingError("there are no votes to count")
    steps = []
    per_voter = Fraction(budget) / engine.voters
    if completion != "none":
        per_voter, add1_step = engine.add1(budget, max_runs=max_runs)
        steps.append(add1_step)
    run = engine.run(per_voter, record=True)
    steps += [engine.groups_step(per_voter), *run.rounds]
    steps.append({"kind": "stop", "unspent_by_voters": _plain(run.unspent)})
    winners, ties = list(run.winners), list(run.ties)
    if completion == "add1_greedy":
        rest = [name for name in costs if name not in winners]
        scoring = approval_scoring(engine.approvals, costs)
        money = budget - engine.spent(winners)
        added, more, more_ties = fund_by_score(rest, costs, scoring, lot, money)
        winners += added
        steps += [{**step, "stage": "greedy_completion"} for step in more]
        ties += more_ties
    details = outcome_details(budget, costs, winners, grouped)
    details.update(completion=completion, per_voter_budget=per_voter)
    return Result(
        method="mes", winners=winners, steps=steps, ties=ties, details=details
    )

"""Multi-winner methods for people: block vote, single transferable vote and
sequential proportional approval voting.

Each function takes ballots from :mod:`.ballots`, the number of ``seats``, an
optional list of candidates and a seeded :class:`~.base.Lot`, and returns a
:class:`~.base.Result` whose ``winners`` lists the elected in order of election.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from .ballots import (
    ApprovalBallot,
    RankedBallot,
    candidate_list,
    check_keys,
    group_rankings,
    parse_approval_ballots,
    parse_ranked_ballots,
    read_candidates,
    read_lot,
    read_seats,
    total_count,
)
from .base import Lot, Result, VotingError
from .single import earlier_round_tiebreak, percentages, prepare, select_top

STV_SOURCE = (
    "Scottish Local Government Elections Order 2007 (SSI 2007/42), "
    "Schedule 1, rules 45-52"
)
# Votes and transfer values are kept to five decimal places, any remainder
# ignored (rule 48(3)): counting in units of 0.00001 keeps the count exact.
SCALE = 100_000

CONTINUING, ELECTED, EXCLUDED = "continuing", "elected", "excluded"


def _check_seats(seats: int) -> None:
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise VotingError(f"seats must be a whole number of at least 1, got {seats!r}")


# Block vote


def block_vote(
    ballots: Sequence[ApprovalBallot],
    seats: int,
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the ``seats`` candidates marked on the most valid ballots.

    Each voter marks up to ``seats`` candidates, as in most student council
    elections; a ballot with more marks is invalid and counted apart
    (``invalid``). Every candidate is elected when there are no more candidates
    than seats. A tie for the last seats goes to a seeded lot.
    """
    _check_seats(seats)
    names = candidate_list(ballots, candidates)
    valid_ballots = [ballot for ballot in ballots if len(ballot.approved) <= seats]
    valid = total_count(valid_ballots)
    invalid = total_count(ballots) - valid
    if valid == 0:
        raise VotingError(
            f"there are no valid ballots: each one marks more than {seats} names"
        )
    votes = dict.fromkeys(names, 0)
    for ballot in valid_ballots:
        for name in ballot.approved:
            votes[name] += ballot.count
    winners, tie = select_top(votes, seats, lot=lot or Lot(), context="last seats")
    return Result(
        method="block",
        winners=winners,
        steps=[
            {
                "kind": "validity",
                "valid": valid,
                "invalid": invalid,
                "max_marks": seats,
            },
            {
                "kind": "tally",
                "votes": votes,
                "percent": percentages(votes, valid),
                "valid": valid,
            },
            {"kind": "elected", "names": winners},
        ],
        ties=[tie] if tie else [],
        details={"seats": seats, "valid_ballots": valid, "invalid_ballots": invalid},
    )


# Single transferable vote, Scottish rules

Parcel = tuple[int, int, int]  # distinct ranking, place on it, value in units


class _ScottishCount:
    """The state of one count under the Scottish STV rules (see :func:`stv`).

    Candidates are numbered in the order of ``names``; rankings are tuples of
    those numbers, each with the number of voters who cast it; the votes are in
    units of 0.00001.
    """

    def __init__(
        self, names: list[str], groups: list[RankedBallot], seats: int, lot: Lot
    ):
        number = {name: index for index, name in enumerate(names)}
        self.names = names
        self.rankings = [tuple(number[n] for n in group.ranking) for group in groups]
        self.counts = [group.count for group in groups]
        self.valid = sum(self.counts)
        self.seats = seats
        self.quota = self.valid // (seats + 1) + 1
        self.lot = lot
        self.state = [CONTINUING] * len(names)
        self.votes = [0] * len(names)
        self.piles: list[list[Parcel]] = [[] for _ in names]
        self.elected: list[int] = []
        self.pending: list[int] = []
        self.exhausted = self.exhausted_papers = self.loss = 0
        self.history: list[dict[str, int]] = []
        self.result = Result(method="stv")

    # The stages

    def run(self) -> Result:
        self.result.steps.append(self._quota_step())
        if len(self.names) <= self.seats:
            self._fill_last_vacancies()
            return self._finish()
        self._first_stage()
        while self.seats > len(self.elected):
            if self._continuing_count() == self.seats - len(self.elected):
                self._fill_last_vacancies()
                break
            if self.pending:
                self._transfer_surplus(self._next_surplus())
            else:
                self._exclude(self._lowest())
        return self._finish()

    def _first_stage(self) -> None:
        """Rule 45: each ballot goes to its first preference at value one."""
        for group, ranking in enumerate(self.rankings):
            self.piles[ranking[0]].append((group, 0, SCALE))
            self.votes[ranking[0]] += self.counts[group] * SCALE
        self._end_stage("first_preferences", None, {})

    def _transfer_surplus(self, candidate: int) -> None:
        """Rules 48 and 49: every paper passes on at (surplus x value) / total."""
        total = self.votes[candidate]
        surplus = total - self.quota * SCALE
        self.pending.remove(candidate)
        pile, self.piles[candidate] = self.piles[candidate], []
        moved = self._move(pile, lambda value: surplus * value // total)
        self.votes[candidate] = self.quota * SCALE
        loss = surplus - sum(moved["transfers"].values()) - moved["exhausted_now"]
        self.loss += loss
        facts = {
            "surplus": Fraction(surplus, SCALE),
            "ratio": Fraction(surplus, total),
            "transfer_value": Fraction(surplus * SCALE // total, SCALE),
            "rounding_loss_now": loss,
            **moved,
        }
        self._end_stage("surplus", candidate, facts)

    def _exclude(self, candidate: int) -> None:
        """Rule 50: every paper of the excluded passes on at its present value."""
        self.state[candidate] = EXCLUDED
        pile, self.piles[candidate] = self.piles[candidate], []
        moved = self._move(pile, lambda value: value)
        self.votes[candidate] = 0
        self._end_stage("exclusion", candidate, {"rounding_loss_now": 0, **moved})

    def _fill_last_vacancies(self) -> None:
        """Rule 52: as many continuing candidates as vacancies are all elected."""
        vacancies = self.seats - len(self.elected)
        chosen = [i for i in range(len(self.names)) if self.state[i] == CONTINUING]
        chosen.sort(key=lambda i: -self.votes[i])
        for index in chosen:
            self.state[index] = ELECTED
            self.elected.append(index)
        self.result.steps.append(
            {
                "kind": "last_vacancies",
                "vacancies": vacancies,
                "elected": [self.names[i] for i in chosen],
                "tallies": self._tallies(),
            }
        )

    # Moving papers

    def _move(self, pile: list[Parcel], revalue: Callable[[int], int]) -> dict:
        """Moves each parcel to its next continuing preference at a new value."""
        gains: dict[int, int] = {}
        exhausted = papers = 0
        values: dict[int, int] = {}
        for group, place, value in pile:
            if value not in values:
                values[value] = revalue(value)
            new = values[value]
            ranking = self.rankings[group]
            place += 1
            while place < len(ranking) and self.state[ranking[place]] != CONTINUING:
                place += 1
            if place == len(ranking):
                exhausted += self.counts[group] * new
                papers += self.counts[group]
                continue
            target = ranking[place]
            self.piles[target].append((group, place, new))
            gains[target] = gains.get(target, 0) + self.counts[group] * new
        for target, gain in gains.items():
            self.votes[target] += gain
        self.exhausted += exhausted
        self.exhausted_papers += papers
        return {
            "transfers": {self.names[t]: gains[t] for t in sorted(gains)},
            "exhausted_now": exhausted,
            "exhausted_papers_now": papers,
        }

    # Choices and ties

    def _next_surplus(self) -> int:
        """Rule 49: the largest surplus first; ties by earlier stages, then lot."""
        top = max(self.votes[i] for i in self.pending)
        tied = [i for i in self.pending if self.votes[i] == top]
        if len(tied) == 1:
            return tied[0]
        return self._break_tie(
            tied,
            lowest=False,
            context=f"order of surpluses at stage {len(self.history) + 1}",
            rule="most votes at the most recent earlier stage where they differed "
            "(rule 49(2))",
        )

    def _lowest(self) -> int:
        """Rules 50(1) and 51: fewest votes; ties by earlier stages, then lot."""
        continuing = [i for i in range(len(self.names)) if self.state[i] == CONTINUING]
        low = min(self.votes[i] for i in continuing)
        tied = [i for i in continuing if self.votes[i] == low]
        if len(tied) == 1:
            return tied[0]
        return self._break_tie(
            tied,
            lowest=True,
            context=f"exclusion at stage {len(self.history) + 1}",
            rule="fewest votes at the most recent earlier stage where they differed "
            "(rule 51(2))",
        )

    def _break_tie(
        self, tied: list[int], *, lowest: bool, context: str, rule: str
    ) -> int:
        tie = earlier_round_tiebreak(
            [self.names[i] for i in tied],
            self.history,
            lowest=lowest,
            lot=self.lot,
            context=context,
            rule=rule,
        )
        self.result.ties.append(tie)
        return self.names.index(tie.chosen[0])

    # Recording

    def _end_stage(self, action: str, candidate: int | None, facts: dict) -> None:
        """Rule 47: whoever now has the quota is elected; the stage is recorded."""
        reached = [
            i
            for i in range(len(self.names))
            if self.state[i] == CONTINUING and self.votes[i] >= self.quota * SCALE
        ]
        reached.sort(key=lambda i: -self.votes[i])
        for index in reached:
            self.state[index] = ELECTED
            self.elected.append(index)
            if self.votes[index] > self.quota * SCALE:
                self.pending.append(index)
        self.history.append(dict(zip(self.names, self.votes, strict=True)))
        self.result.steps.append(
            {
                "kind": "stage",
                "stage": len(self.history),
                "action": action,
                "candidate": None if candidate is None else self.names[candidate],
                **_in_votes(facts),
                "tallies": self._tallies(),
                "elected": [self.names[i] for i in reached],
                "exhausted": Fraction(self.exhausted, SCALE),
                "exhausted_papers": self.exhausted_papers,
                "rounding_loss": Fraction(self.loss, SCALE),
                "status": dict(zip(self.names, self.state, strict=True)),
            }
        )

    def _tallies(self) -> dict[str, Fraction]:
        return {
            name: Fraction(v, SCALE)
            for name, v in zip(self.names, self.votes, strict=True)
        }

    def _continuing_count(self) -> int:
        return self.state.count(CONTINUING)

    def _quota_step(self) -> dict[str, Any]:
        return {
            "kind": "quota",
            "valid_ballots": self.valid,
            "seats": self.seats,
            "quota": self.quota,
            "formula": "valid ballots / (seats + 1), fraction dropped, plus 1",
        }

    def _finish(self) -> Result:
        self.result.winners = [self.names[i] for i in self.elected]
        self.result.details = {
            "rule": STV_SOURCE,
            "quota": self.quota,
            "seats": self.seats,
            "valid_ballots": self.valid,
            "stages": len(self.history),
            "exhausted": Fraction(self.exhausted, SCALE),
            "exhausted_papers": self.exhausted_papers,
            "rounding_loss": Fraction(self.loss, SCALE),
            "unfilled": self.seats - len(self.elected),
        }
        return self.result


def _in_votes(facts: dict[str, Any]) -> dict[str, Any]:
    """Returns ``facts`` with amounts counted in units turned into votes."""
    converted = dict(facts)
    for key in ("exhausted_now", "rounding_loss_now"):
        if key in converted:
            converted[key] = Fraction(converted[key], SCALE)
    if "transfers" in converted:
        converted["transfers"] = {
            name: Fraction(units, SCALE)
            for name, units in converted["transfers"].items()
        }
    return converted


def stv(
    ballots: Sequence[RankedBallot],
    seats: int,
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the candidates elected by single transferable vote, stage by stage.

    The count follows the Scottish Local Government Elections Order 2007 (SSI
    2007/42), Schedule 1, rules 45-52, the weighted inclusive Gregory method:

    - quota = valid ballots / (seats + 1), fraction dropped, plus 1 (rule 46);
    - a candidate whose votes reach the quota is elected (rule 47);
    - the largest surplus is transferred first (rule 49(1)). Every paper the
      elected candidate holds passes to its next continuing preference at
      surplus x (the paper's value) / (the candidate's votes), computed to five
      decimal places with the remainder ignored (rule 48); the candidate keeps
      the quota. What truncation drops is shown as ``rounding_loss``;
    - when no surplus is left, the candidate with the fewest votes is excluded
      and all their papers pass on at their present value (rule 50);
    - ties for the largest surplus or the fewest votes go to the candidate with
      the most (fewest) votes at the most recent earlier stage where the tied
      candidates differed, then to a seeded lot (rules 49(2)-(3), 51);
    - when the continuing candidates are as many as the seats left, they are all
      elected and the count stops (rule 52).

    Papers with no next continuing preference are ``exhausted`` (the Order's
    non-transferable papers). At every stage the tallies, the exhausted votes and
    the rounding loss add up to the valid ballots.
    """
    _check_seats(seats)
    names, _ = prepare(ballots, candidates)
    count = _ScottishCount(names, group_rankings(ballots), seats, lot or Lot())
    return count.run()


# Sequential proportional approval voting


def pav(
    ballots: Sequence[ApprovalBallot],
    seats: int,
    *,
    candidates: Sequence[str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the committee chosen by sequential proportional approval voting.

    Seats are filled one round at a time (T. N. Thiele, 1895; "seq-PAV" in
    M. Lackner and P. Skowron, Multi-Winner Voting with Approval Preferences,
    Springer 2023, section 2.3). In each round a voter who already has ``k`` of
    their approved candidates elected gives ``1 / (k + 1)`` of a vote to each of
    their approved candidates not yet elected; the candidate with the highest
    score is elected. Voters who already have representatives thus weigh less,
    which gives groups seats roughly in proportion to their size. A tie goes to
    a seeded lot.
    """
    _check_seats(seats)
    names, voters = prepare(ballots, candidates)
    lot = lot or Lot()
    groups: dict[frozenset[str], int] = {}
    for ballot in ballots:
        groups[ballot.approved] = groups.get(ballot.approved, 0) + ballot.count
    result = Result(method="pav", winners=[])
    for number in range(1, min(seats, len(names)) + 1):
        scores = _pav_scores(groups, names, result.winners)
        (winner,), tie = select_top(scores, 1, lot=lot, context=f"PAV round {number}")
        result.ties.extend([tie] if tie else [])
        result.winners.append(winner)
        result.steps.append(
            {"kind": "round", "round": number, "scores": scores, "elected": winner}
        )
    result.details = {
        "seats": seats,
        "voters": voters,
        "pav_score": _pav_total(groups, result.winners),
    }
    return result


def _pav_scores(
    groups: dict[frozenset[str], int], names: list[str], elected: list[str]
) -> dict[str, Fraction]:
    scores = {name: Fraction(0) for name in names if name not in elected}
    chosen = set(elected)
    for approved, count in groups.items():
        weight = Fraction(count, 1 + len(approved & chosen))
        for name in approved - chosen:
            scores[name] += weight
    return scores


def _pav_total(groups: dict[frozenset[str], int], elected: list[str]) -> Fraction:
    """Returns the committee's PAV score: each voter scores 1 + 1/2 + ... + 1/k."""
    chosen = set(elected)
    total = Fraction(0)
    for approved, count in groups.items():
        hits = len(approved & chosen)
        total += count * sum(Fraction(1, j) for j in range(1, hits + 1))
    return total


# JSON adapters

_OPTIONAL = ["method", "candidates", "seed"]


def _committee_json(
    method: Callable[..., Result], parse: Callable[..., list]
) -> Callable[[Any], Result]:
    def adapter(data: Any) -> Result:
        data = check_keys(data, required=["seats", "ballots"], optional=_OPTIONAL)
        seats = read_seats(data)
        names = read_candidates(data)
        ballots = parse(data["ballots"], candidates=names)
        return method(ballots, seats, candidates=names, lot=read_lot(data))

    return adapter


JSON_METHODS: dict[str, Callable[[Any], Result]] = {
    "block": _committee_json(block_vote, parse_approval_ballots),
    "stv": _committee_json(stv, parse_ranked_ballots),
    "pav": _committee_json(pav, parse_approval_ballots),
}

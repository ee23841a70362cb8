"""Counting a contest's ballots with simulations.voting: plain Python, no Django.

The database hands the ballots over already grouped (each distinct ballot once,
with how many cast it, see ``services.tally``). Here the groups become the ballot
values of :mod:`simulations.voting`, option ids become names, and the contest's
method counts them. Blank and spoiled ballots are counted apart and never reach a
method, except a referendum's, which reports them itself.

Mock elections with constituencies are counted as a whole by their preset
(:func:`count_list_preset`): thresholds on the totals over every constituency, then
each constituency's seats, then the seats of each list to its candidates with the
most votes, as under the Polish open list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from simulations.services.rules import (
    ANSWER,
    BLANK,
    LIST,
    MARK,
    MARKS,
    RANKING,
    SPOILED,
    VALID,
    BallotSpec,
)
from simulations.voting import Lot, Result, VotingError
from simulations.voting.ballots import ApprovalBallot, RankedBallot, SingleMarkBallot
from simulations.voting.lists import (
    Constituency,
    Thresholds,
    TieRule,
    apply_thresholds,
    apportion,
    apportion_constituencies,
    highest_averages,
    largest_remainder,
)
from simulations.voting.presets import PRESETS
from simulations.voting.ranked import block_vote, pav, stv
from simulations.voting.referendum import (
    LOCAL_QUORUM,
    NATIONAL_QUORUM,
    Quorum,
    referendum,
)
from simulations.voting.single import (
    approval,
    borda,
    instant_runoff,
    plurality,
    schulze,
    select_top,
    two_round,
)

NO_VALID_VOTES = "no_valid_votes"
QUORUMS = {
    "national": NATIONAL_QUORUM,
    "local": LOCAL_QUORUM,
    "none": Quorum(Fraction(0), strict=False, source="no quorum set for this vote"),
}


@dataclass(frozen=True)
class ContestSpec:
    """A contest as the count needs it.

    ``labels`` names every option by id; ``candidates`` are the ids on a ballot that
    has no lists, in ballot order; ``lists`` maps each list id to its candidates in
    list order, and ``kinds`` gives each list's kind (party, coalition, minority).
    """

    name: str
    method: str
    seats: int = 1
    labels: Mapping[int, str] = field(default_factory=dict)
    candidates: Sequence[int] = ()
    lists: Mapping[int, Sequence[int]] = field(default_factory=dict)
    kinds: Mapping[int, str] = field(default_factory=dict)
    threshold: Fraction | None = None
    coalition_threshold: Fraction | None = None
    quorum: str = ""
    eligible: int | None = None
    seed: int = 0

    def ballot_spec(self) -> BallotSpec:
        return BallotSpec(
            method=self.method,
            seats=self.seats,
            candidates=frozenset(self.candidates),
            lists={key: frozenset(value) for key, value in self.lists.items()},
        )

    def names(self, ids: Iterable[int]) -> list[str]:
        return [self.labels[option] for option in ids]


@dataclass(frozen=True)
class BallotGroup:
    """Identical ballots: their status, their choices and how many were cast."""

    status: str
    choices: Mapping[str, Any]
    count: int


@dataclass
class ContestCount:
    """The count of one contest.

    ``votes`` holds the plain numbers a chart shows: marks per candidate,
    approvals, first preferences, votes per list or per answer.
    ``candidate_votes`` holds, for list methods, each list's votes per candidate.
    ``result`` is the method's :class:`~simulations.voting.Result`, or None with
    ``problem`` saying why (``"no_valid_votes"`` or the method's own message).
    """

    spec: ContestSpec
    valid: int = 0
    blank: int = 0
    spoiled: int = 0
    votes: dict[str, int] = field(default_factory=dict)
    candidate_votes: dict[str, dict[str, int]] = field(default_factory=dict)
    result: Result | None = None
    problem: str | None = None

    @property
    def total(self) -> int:
        return self.valid + self.blank + self.spoiled


# Plain numbers ------------------------------------------------------------------


def tally_votes(spec: ContestSpec, groups: Iterable[BallotGroup]) -> ContestCount:
    """Returns the count's plain numbers (no method run): statuses and votes."""
    count = ContestCount(spec=spec, votes=_empty_votes(spec))
    count.candidate_votes = {
        spec.labels[key]: dict.fromkeys(spec.names(members), 0)
        for key, members in spec.lists.items()
    }
    for group in groups:
        if group.status == BLANK:
            count.blank += group.count
        elif group.status == SPOILED:
            count.spoiled += group.count
        else:
            count.valid += group.count
            _add_votes(spec, count, group)
    return count


def _empty_votes(spec: ContestSpec) -> dict[str, int]:
    shape = spec.ballot_spec().rule.shape
    if shape == ANSWER:
        return {"yes": 0, "no": 0}
    if shape == LIST:
        return dict.fromkeys(spec.names(spec.lists), 0)
    return dict.fromkeys(spec.names(spec.candidates), 0)


def _add_votes(spec: ContestSpec, count: ContestCount, group: BallotGroup) -> None:
    choices = group.choices
    if ANSWER in choices:
        count.votes[choices[ANSWER]] += group.count
    elif LIST in choices:
        list_name = spec.labels[choices[LIST]]
        count.votes[list_name] += group.count
        count.candidate_votes[list_name][spec.labels[choices["candidate"]]] += (
            group.count
        )
    else:
        marked = choices.get(MARKS) or choices.get(RANKING, [])[:1]
        for option in marked or [choices[MARK]]:
            count.votes[spec.labels[option]] += group.count


# Running the method --------------------------------------------------------------


def count_contest(
    spec: ContestSpec,
    groups: Iterable[BallotGroup],
    *,
    first_round: tuple[ContestSpec, Sequence[BallotGroup]] | None = None,
) -> ContestCount:
    """Returns the count of one contest, its method run on the valid ballots.

    ``first_round`` gives a presidential second round the first round's contest
    and ballots, so the two-round method explains both rounds.
    """
    groups = list(groups)
    count = tally_votes(spec, groups)
    valid = [group for group in groups if group.status == VALID]
    if not valid and spec.method != "referendum":
        count.problem = NO_VALID_VOTES
        return count
    try:
        count.result = _run(spec, valid, count, first_round)
    except VotingError as error:
        count.problem = str(error)
    return count


def _run(
    spec: ContestSpec,
    valid: list[BallotGroup],
    count: ContestCount,
    first_round: tuple[ContestSpec, Sequence[BallotGroup]] | None,
) -> Result:
    lot = Lot(spec.seed)
    names = spec.names(spec.candidates)
    method = spec.method
    if method == "referendum":
        return _referendum(spec, count)
    if method in LIST_RUNNERS:
        return _lists(spec, count, lot)
    if method == "two_round" and first_round is not None:
        return _second_round(spec, valid, first_round, lot)
    ballots = [BUILD[spec.ballot_spec().rule.shape](spec, group) for group in valid]
    if method in ("block", "stv", "pav"):
        return SEAT_METHODS[method](ballots, spec.seats, candidates=names, lot=lot)
    return SINGLE_METHODS[method](ballots, candidates=names, lot=lot)


def _single_mark(spec: ContestSpec, group: BallotGroup) -> SingleMarkBallot:
    return SingleMarkBallot(spec.labels[group.choices[MARK]], group.count)


def _approvals(spec: ContestSpec, group: BallotGroup) -> ApprovalBallot:
    return ApprovalBallot(frozenset(spec.names(group.choices[MARKS])), group.count)


def _ranked(spec: ContestSpec, group: BallotGroup) -> RankedBallot:
    return RankedBallot(tuple(spec.names(group.choices[RANKING])), group.count)


BUILD = {MARK: _single_mark, MARKS: _approvals, RANKING: _ranked}
SINGLE_METHODS = {
    "plurality": plurality,
    "two_round": two_round,
    "approval": approval,
    "irv": instant_runoff,
    "borda": borda,
    "schulze": schulze,
}
SEAT_METHODS = {"block": block_vote, "stv": stv, "pav": pav}
LIST_RUNNERS = frozenset(
    {"dhondt", "sainte_lague", "modified_sainte_lague", "hare_niemeyer"}
)


def _second_round(
    spec: ContestSpec,
    valid: list[BallotGroup],
    first_round: tuple[ContestSpec, Sequence[BallotGroup]],
    lot: Lot,
) -> Result:
    first_spec, first_groups = first_round
    first = [
        _single_mark(first_spec, group)
        for group in first_groups
        if group.status == VALID
    ]
    runoff = [_single_mark(spec, group) for group in valid]
    return two_round(
        first,
        runoff=runoff,
        candidates=first_spec.names(first_spec.candidates),
        lot=lot,
    )


def _referendum(spec: ContestSpec, count: ContestCount) -> Result:
    eligible = max(spec.eligible or 0, count.total, 1)
    return referendum(
        eligible=eligible,
        yes=count.votes["yes"],
        no=count.votes["no"],
        blank=count.blank,
        invalid=count.spoiled,
        quorum=QUORUMS.get(spec.quorum or "national", NATIONAL_QUORUM),
    )


# Party lists -----------------------------------------------------------------------


def _list_kinds(spec: ContestSpec) -> dict[str, str]:
    return {spec.labels[key]: kind for key, kind in spec.kinds.items() if kind}


def _thresholds(spec: ContestSpec) -> Thresholds | None:
    if spec.threshold is None and spec.coalition_threshold is None:
        return None
    by_kind = {"party": spec.threshold or Fraction(0)}
    by_kind["coalition"] = spec.coalition_threshold or by_kind["party"]
    return Thresholds(by_kind=by_kind)


def _lists(spec: ContestSpec, count: ContestCount, lot: Lot) -> Result:
    kinds = _list_kinds(spec)
    result = apportion(
        count.votes,
        spec.seats,
        method=spec.method,
        thresholds=_thresholds(spec),
        kinds=kinds,
        lot=lot,
    )
    elect_candidates(result, count, lot)
    return result


def elect_candidates(result: Result, count: ContestCount, lot: Lot) -> None:
    """Gives each list's seats to its candidates with the most votes.

    A tie for a list's last seat goes to a seeded lot. A list with fewer
    candidates than seats leaves the rest unfilled. Adds a ``candidates`` step
    and sets ``result.winners``.
    """
    rows, winners = [], []
    for list_name, seats in result.seats.items():
        votes = count.candidate_votes.get(list_name, {})
        if not seats or not votes:
            continue
        elected, tie = select_top(
            votes, seats, lot=lot, context=f"candidates of {list_name}"
        )
        elected = elected[:seats]
        result.ties.extend([tie] if tie else [])
        winners.extend(elected)
        rows.append(_candidates_row(list_name, seats, votes, elected))
    result.steps.append({"kind": "candidates", "lists": rows})
    result.winners = winners


def _candidates_row(
    list_name: str, seats: int, votes: dict[str, int], elected: list[str]
) -> dict[str, Any]:
    order = sorted(votes, key=lambda name: -votes[name])
    return {
        "list": list_name,
        "seats": seats,
        "candidates": [
            {"name": name, "votes": votes[name], "elected": name in elected}
            for name in order
        ],
        "unfilled": max(0, seats - len(elected)),
    }


def count_list_preset(
    preset_key: str, counts: Sequence[ContestCount], *, seed: int = 0
) -> Result:
    """Returns a mock list election counted as a whole by a preset's rules.

    ``counts`` are the constituencies' plain counts (see :func:`tally_votes`);
    each one's ``result`` is set to its share: the seats per list there, the
    constituency's steps, and the candidates elected. Raises
    :class:`~simulations.voting.VotingError` when the rules cannot give a seat.
    """
    preset = PRESETS[preset_key]
    kinds = {}
    for count in counts:
        kinds.update(_list_kinds(count.spec))
    lot = Lot(seed)
    if preset.method == "dhondt_then_hare_niemeyer":
        result = _european_parliament(preset, counts, kinds, lot)
    else:
        result = apportion_constituencies(
            [Constituency(c.spec.name, c.spec.seats, c.votes) for c in counts],
            method=preset.method,
            thresholds=preset.threshold_rule(kinds),
            kinds=kinds,
            lot=lot,
            tie_rule=preset.tie_rule,
        )
    result.details.update(preset=preset.key, citation=preset.citation)
    _share_out(result, counts, lot)
    return result


def _share_out(result: Result, counts: Sequence[ContestCount], lot: Lot) -> None:
    steps = {
        step["constituency"]: step["steps"]
        for step in result.steps
        if step.get("kind") == "constituency"
    }
    winners = []
    for count in counts:
        name = count.spec.name
        seats = result.details["constituencies"][name]
        count.result = Result(
            method=result.method,
            seats=dict(seats),
            steps=list(steps.get(name, [])),
            details={"seats_total": sum(seats.values()), "votes": dict(count.votes)},
        )
        elect_candidates(count.result, count, lot)
        count.problem = None
        winners.extend(count.result.winners)
    result.winners = winners


def _european_parliament(
    preset: Any, counts: Sequence[ContestCount], kinds: dict[str, str], lot: Lot
) -> Result:
    """Art. 335, 356 and 358 over the constituencies given: the threshold and
    D'Hondt on the totals, then each committee's seats to its constituency lists
    by largest remainder."""
    totals: dict[str, int] = {}
    for count in counts:
        for name, votes in count.votes.items():
            totals[name] = totals.get(name, 0) + votes
    qualified, threshold_step = apply_thresholds(
        totals, preset.threshold_rule(kinds), kinds=kinds
    )
    national = highest_averages(
        {name: totals[name] for name in qualified},
        counts[0].spec.seats,
        districts={n: [c.votes.get(n, 0) for c in counts] for n in qualified},
        lot=lot,
        tie_rule=preset.tie_rule,
        context="national",
    )
    result = Result(
        method=preset.method,
        seats={name: national.seats.get(name, 0) for name in totals},
        steps=[threshold_step, *national.steps],
        ties=list(national.ties),
        details={
            "votes": totals,
            "constituencies": {c.spec.name: dict.fromkeys(c.votes, 0) for c in counts},
        },
    )
    for name, won in national.seats.items():
        if won:
            _committee_lists(result, name, won, counts, lot)
    return result


def _committee_lists(
    result: Result, name: str, won: int, counts: Sequence[ContestCount], lot: Lot
) -> None:
    lists = {c.spec.name: c.votes[name] for c in counts if name in c.votes}
    share = largest_remainder(
        lists,
        won,
        lot=lot,
        tie_rule=TieRule("Electoral Code art. 358"),
        context=f"lists of {name}",
    )
    for constituency, seats in share.seats.items():
        result.details["constituencies"][constituency][name] = seats
    result.steps.append(
        {
            "kind": "committee_lists",
            "committee": name,
            "seats": won,
            "steps": share.steps,
        }
    )
    result.ties.extend(share.ties)

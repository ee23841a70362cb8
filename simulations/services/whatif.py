"""What if: the same ballots counted under other methods. Plain Python, no Django.

A class learns most about electoral systems by seeing its own ballots give a
different parliament under Sainte-Laguë, or a different winner under the
instant-runoff. Only what the ballots really say is counted: a one-mark ballot
names no second choice, so it cannot be counted by a ranked method, and a ballot
of marks has no order of preference; such methods are listed as unavailable with
the reason, never guessed.

Party lists are counted by D'Hondt, Sainte-Laguë and Hare-Niemeyer, each with and
without the threshold: the election's own threshold where it has one (the preset's
for mock national and local elections), else 5% for every list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from simulations.services.counting import (
    BUILD,
    BallotGroup,
    ContestSpec,
    tally_votes,
)
from simulations.services.rules import ANSWER, LIST, MARK, MARKS, RANKING, VALID
from simulations.voting import Lot, Result, VotingError
from simulations.voting.ballots import RankedBallot, SingleMarkBallot
from simulations.voting.lists import (
    COALITION,
    MINORITY,
    PARTY,
    Constituency,
    Thresholds,
    apportion,
    apportion_constituencies,
)
from simulations.voting.presets import PRESETS
from simulations.voting.ranked import block_vote, pav, stv
from simulations.voting.single import (
    approval,
    borda,
    instant_runoff,
    plurality,
    schulze,
    two_round,
    two_round_from_rankings,
)

DEFAULT_THRESHOLD = Fraction(5, 100)
LIST_VARIANTS = ("dhondt", "sainte_lague", "hare_niemeyer")
# Reasons a method cannot count a contest's ballots, for the page to explain.
ONE_MARK = "one_mark"
NOT_RANKED = "not_ranked"
NOT_MARKS = "not_marks"
ONE_QUESTION = "one_question"
SEATS = "seats"
WINNERS = "winners"


@dataclass
class Variant:
    """One way of counting: a method, with or without a threshold; ``current``
    when it is the rule the election was really counted by."""

    method: str
    threshold: bool = False
    current: bool = False
    result: Result | None = None
    problem: str | None = None

    @property
    def key(self) -> str:
        return f"{self.method}+threshold" if self.threshold else self.method

    @property
    def seats(self) -> dict[str, int]:
        return dict(self.result.seats or {}) if self.result else {}

    @property
    def winners(self) -> list[str]:
        return list(self.result.winners or []) if self.result else []


@dataclass(frozen=True)
class Unavailable:
    method: str
    reason: str


@dataclass
class WhatIf:
    """The variants of one count (a contest, or a mock election as a whole).

    ``outcome`` is ``"seats"`` (lists) or ``"winners"`` (people); ``votes`` the
    plain numbers every variant starts from.
    """

    name: str
    outcome: str
    votes: dict[str, int]
    seats: int = 1
    variants: list[Variant] = field(default_factory=list)
    unavailable: list[Unavailable] = field(default_factory=list)

    @property
    def baseline(self) -> Variant | None:
        return next((v for v in self.variants if v.current), None)

    def seat_differences(self) -> list[tuple[str, list[tuple[Variant, int]]]]:
        """Returns the lists whose seats differ between variants, each with its
        seats under every variant."""
        rows = []
        for name in self.votes:
            seats = [(v, v.seats.get(name, 0)) for v in self.variants if v.result]
            if len({n for _, n in seats}) > 1:
                rows.append((name, seats))
        return rows

    def winner_differences(self) -> list[Variant]:
        """Returns the variants that elect other people than the real rule."""
        base = self.baseline
        if base is None:
            return []
        return [
            v
            for v in self.variants
            if v.result and not v.current and set(v.winners) != set(base.winners)
        ]


# Lists ---------------------------------------------------------------------------


def _own_thresholds(spec: ContestSpec) -> Thresholds | None:
    if spec.threshold is None and spec.coalition_threshold is None:
        return None
    party = spec.threshold or Fraction(0)
    return Thresholds(
        by_kind={PARTY: party, COALITION: spec.coalition_threshold or party}
    )


def _flat_threshold() -> Thresholds:
    return Thresholds(
        by_kind=dict.fromkeys((PARTY, COALITION, MINORITY), DEFAULT_THRESHOLD)
    )


def _list_kinds(spec: ContestSpec) -> dict[str, str]:
    return {spec.labels[key]: kind for key, kind in spec.kinds.items() if kind}


def list_whatif(
    specs: Sequence[ContestSpec],
    groups: Sequence[Sequence[BallotGroup]],
    *,
    preset: str | None = None,
    name: str = "",
) -> WhatIf:
    """Returns the seats of party lists under each list method, with and without
    the threshold.

    ``specs`` and ``groups`` are the constituencies (one for a plain list
    contest). With several, each keeps its seats and the threshold is on the
    totals, as in the Polish Sejm; a European Parliament preset shares the
    house's seats on the national totals.
    """
    counts = [tally_votes(s, g) for s, g in zip(specs, groups, strict=True)]
    kinds: dict[str, str] = {}
    totals: dict[str, int] = {}
    for count in counts:
        kinds.update(_list_kinds(count.spec))
        for list_name, votes in count.votes.items():
            totals[list_name] = totals.get(list_name, 0) + votes
    rules = PRESETS.get(preset or "")
    own = rules.threshold_rule(kinds) if rules else _own_thresholds(specs[0])
    current_method = "dhondt" if rules else specs[0].method
    national = bool(rules and rules.method == "dhondt_then_hare_niemeyer")
    whatif = WhatIf(name, SEATS, totals, seats=_house(specs, national))
    lot = Lot(specs[0].seed)
    for method in LIST_VARIANTS:
        for threshold in (False, True):
            rule = (own or _flat_threshold()) if threshold else None
            variant = Variant(
                method,
                threshold,
                current=method == current_method and threshold == (own is not None),
            )
            _run_lists(variant, counts, totals, rule, kinds, lot, national)
            whatif.variants.append(variant)
    return whatif


def _house(specs: Sequence[ContestSpec], national: bool) -> int:
    return specs[0].seats if national else sum(s.seats for s in specs)


def _run_lists(variant, counts, totals, rule, kinds, lot, national) -> None:
    if not any(totals.values()):
        variant.problem = "no_valid_votes"
        return
    try:
        if national or len(counts) == 1:
            seats = counts[0].spec.seats
            votes = totals if national else counts[0].votes
            variant.result = apportion(
                votes,
                seats,
                method=variant.method,
                thresholds=rule,
                kinds=kinds,
                lot=lot,
            )
        else:
            variant.result = apportion_constituencies(
                [Constituency(c.spec.name, c.spec.seats, c.votes) for c in counts],
                method=variant.method,
                thresholds=rule,
                kinds=kinds,
                lot=lot,
            )
    except VotingError as error:
        variant.problem = str(error)


# People --------------------------------------------------------------------------


def _first_marks(spec: ContestSpec, group: BallotGroup) -> SingleMarkBallot:
    return SingleMarkBallot(spec.labels[group.choices[RANKING][0]], group.count)


def _ranked(spec: ContestSpec, group: BallotGroup) -> RankedBallot:
    return RankedBallot(tuple(spec.names(group.choices[RANKING])), group.count)


Runner = Callable[..., Result]
# For each ballot shape and number of seats: the methods that can count it, each
# with how a ballot group becomes that method's ballot.
SINGLE_SEAT: dict[str, list[tuple[str, Runner, Callable]]] = {
    MARK: [
        ("plurality", plurality, BUILD[MARK]),
        ("two_round", two_round, BUILD[MARK]),
    ],
    RANKING: [
        ("plurality", plurality, _first_marks),
        ("two_round", two_round_from_rankings, _ranked),
        ("irv", instant_runoff, _ranked),
        ("schulze", schulze, _ranked),
        ("borda", borda, _ranked),
    ],
    MARKS: [("approval", approval, BUILD[MARKS])],
}
MANY_SEATS: dict[str, list[tuple[str, Runner, Callable]]] = {
    MARKS: [("block", block_vote, BUILD[MARKS]), ("pav", pav, BUILD[MARKS])],
    RANKING: [("stv", stv, _ranked)],
}
UNAVAILABLE_SINGLE = {
    MARK: [("irv", ONE_MARK), ("schulze", ONE_MARK), ("borda", ONE_MARK)],
    RANKING: [("approval", NOT_MARKS)],
    MARKS: [
        ("plurality", NOT_RANKED),
        ("irv", NOT_RANKED),
        ("schulze", NOT_RANKED),
        ("borda", NOT_RANKED),
    ],
}
UNAVAILABLE_MANY = {
    MARKS: [("stv", NOT_RANKED)],
    RANKING: [("block", NOT_MARKS), ("pav", NOT_MARKS)],
    MARK: [("stv", ONE_MARK)],
}


def people_whatif(spec: ContestSpec, groups: Sequence[BallotGroup]) -> WhatIf:
    """Returns the winners of a contest between people under every method its
    ballots allow, and the methods they do not allow with the reason."""
    shape = spec.ballot_spec().rule.shape
    count = tally_votes(spec, groups)
    whatif = WhatIf(spec.name, WINNERS, count.votes, seats=spec.seats)
    if shape == ANSWER:
        whatif.unavailable.append(Unavailable("referendum", ONE_QUESTION))
        return whatif
    table = SINGLE_SEAT if spec.seats == 1 else MANY_SEATS
    missing = UNAVAILABLE_SINGLE if spec.seats == 1 else UNAVAILABLE_MANY
    valid = [g for g in groups if g.status == VALID]
    names = spec.names(spec.candidates)
    for method, run, build in table.get(shape, []):
        variant = Variant(method, current=method == spec.method)
        _run_people(variant, run, [build(spec, g) for g in valid], spec, names)
        whatif.variants.append(variant)
    whatif.unavailable.extend(Unavailable(m, r) for m, r in missing.get(shape, []))
    return whatif


def _run_people(variant, run, ballots, spec, names) -> None:
    if not ballots:
        variant.problem = "no_valid_votes"
        return
    lot = Lot(spec.seed)
    try:
        if spec.seats == 1:
            variant.result = run(ballots, candidates=names, lot=lot)
        else:
            variant.result = run(ballots, spec.seats, candidates=names, lot=lot)
    except VotingError as error:
        variant.problem = str(error)


def contest_whatifs(
    specs: Sequence[ContestSpec],
    groups: Mapping[int, Sequence[BallotGroup]],
    keys: Sequence[int],
    *,
    preset: str | None = None,
    title: str = "",
) -> list[WhatIf]:
    """Returns the what-ifs of an election: its list contests as one count when
    it is a mock election with a list preset, else one per contest."""
    shapes = [s.ballot_spec().rule.shape for s in specs]
    if preset and all(shape == LIST for shape in shapes):
        return [
            list_whatif(
                specs, [groups.get(k, []) for k in keys], preset=preset, name=title
            )
        ]
    return [
        list_whatif([spec], [groups.get(key, [])], name=spec.name)
        if shape == LIST
        else people_whatif(spec, groups.get(key, []))
        for spec, key, shape in zip(specs, keys, shapes, strict=True)
    ]

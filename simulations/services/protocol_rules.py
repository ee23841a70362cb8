"""The arithmetic of a polling station's paper protocol: plain Python, no Django.

A protocol's figures must agree with one another the way the control rules of a
Polish ward protocol demand (Electoral Code, chapter 9, and the National Electoral
Commission's guidelines for ward commissions): nothing negative; no more ballots
issued than voters entitled; no more ballots in the box than issued, and a
difference explained in the remarks; valid, invalid and blank adding up to the
ballots in the box; the votes per option adding up to the valid votes; each
list's votes equal to the sum of its candidates' votes.

:func:`check_protocol` returns every problem at once, each naming the field it
belongs to, so a form can show them all. :func:`protocol_groups` turns a
consistent protocol into the grouped ballots the count takes, so paper stations
are counted exactly like online ballots without any ballot rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulations.services.counting import BallotGroup
from simulations.services.rules import (
    ANSWER,
    BLANK,
    LIST,
    MARK,
    MARKS,
    RANKING,
    SPOILED,
    VALID,
    BallotShapeError,
    BallotSpec,
    check_ballot,
)

FIGURES = ("eligible", "issued", "in_box", "invalid", "blank", "valid")
# Methods whose count needs whole ballots, not votes per option: a ranking is
# transferred, and proportional approval weighs each ballot by what it already
# elected. Their protocols list the sorted piles of identical ballots.
PILE_METHODS = frozenset({"irv", "borda", "schulze", "stv", "pav"})


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field it belongs to, a code, and the numbers."""

    field: str
    code: str
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pile:
    """Identical ballots counted together: the options in order, and how many."""

    choices: tuple[int, ...]
    count: int


@dataclass(frozen=True)
class ProtocolFigures:
    """What the commission writes down for one station and one contest.

    ``votes`` maps option ids to votes: candidates; for list methods, lists and
    the candidates on them; for a referendum ``"yes"`` and ``"no"``. ``piles``
    are the sorted ballots of :data:`PILE_METHODS`.
    """

    eligible: int
    issued: int
    in_box: int
    invalid: int
    blank: int
    valid: int
    votes: Mapping[Any, int] = field(default_factory=dict)
    piles: Sequence[Pile] = ()
    note: str = ""


def input_kind(spec: BallotSpec) -> str:
    """Returns how the protocol records votes: ``"piles"`` of whole ballots,
    else by the ballot's shape (mark, marks, list, answer)."""
    if spec.method in PILE_METHODS:
        return "piles"
    return spec.rule.shape


def check_protocol(spec: BallotSpec, figures: ProtocolFigures) -> list[Problem]:
    """Returns every rule the figures break; an empty list means consistent."""
    negative = [
        Problem(name, "negative")
        for name in FIGURES
        if getattr(figures, name) is None or getattr(figures, name) < 0
    ]
    negative += [
        Problem(_vote_field(key), "negative")
        for key, value in figures.votes.items()
        if value is None or value < 0
    ]
    if negative:
        return negative
    return _totals(figures) + _votes(spec, figures)


def _vote_field(key: Any) -> str:
    return f"option-{key}"


def _totals(figures: ProtocolFigures) -> list[Problem]:
    problems = []
    if figures.issued > figures.eligible:
        problems.append(
            Problem("issued", "more_than_eligible", {"eligible": figures.eligible})
        )
    if figures.in_box > figures.issued:
        problems.append(
            Problem("in_box", "more_than_issued", {"issued": figures.issued})
        )
    elif figures.in_box < figures.issued and not figures.note.strip():
        problems.append(
            Problem(
                "note",
                "difference_unexplained",
                {"missing": figures.issued - figures.in_box},
            )
        )
    counted = figures.valid + figures.invalid + figures.blank
    if counted != figures.in_box:
        problems.append(
            Problem(
                "valid",
                "box_does_not_add_up",
                {"in_box": figures.in_box, "counted": counted},
            )
        )
    return problems


def _votes(spec: BallotSpec, figures: ProtocolFigures) -> list[Problem]:
    kind = input_kind(spec)
    if kind == "piles":
        return _piles(spec, figures)
    known = _option_keys(spec, kind)
    unknown = [key for key in figures.votes if key not in known]
    if unknown:
        return [Problem("votes", "unknown_option")]
    votes = {key: figures.votes.get(key, 0) for key in known}
    if kind == LIST:
        return _list_votes(spec, votes, figures.valid)
    if kind == MARKS:
        return _marks_votes(spec, votes, figures.valid)
    total = sum(votes.values())
    if total != figures.valid:
        return [
            Problem("votes", "votes_differ", {"sum": total, "valid": figures.valid})
        ]
    return []


def _option_keys(spec: BallotSpec, kind: str) -> set[Any]:
    if kind == ANSWER:
        return {"yes", "no"}
    if kind == LIST:
        keys = set(spec.lists)
        for candidates in spec.lists.values():
            keys |= set(candidates)
        return keys
    return set(spec.candidates)


def _list_votes(
    spec: BallotSpec, votes: Mapping[Any, int], valid: int
) -> list[Problem]:
    problems = []
    for party_list, candidates in spec.lists.items():
        on_list = sum(votes[c] for c in candidates)
        if on_list != votes[party_list]:
            problems.append(
                Problem(
                    _vote_field(party_list),
                    "list_differs",
                    {"candidates": on_list, "list": votes[party_list]},
                )
            )
    total = sum(votes[key] for key in spec.lists)
    if total != valid:
        problems.append(
            Problem("votes", "votes_differ", {"sum": total, "valid": valid})
        )
    return problems


def _marks_votes(
    spec: BallotSpec, votes: Mapping[Any, int], valid: int
) -> list[Problem]:
    """Each valid ballot marks at least one name, none twice, and a block vote
    at most as many as there are seats."""
    problems = [
        Problem(_vote_field(key), "more_than_valid", {"valid": valid})
        for key, value in votes.items()
        if value > valid
    ]
    marks = sum(votes.values())
    if marks < valid:
        problems.append(Problem("votes", "too_few_marks", {"valid": valid}))
    most = spec.seats if spec.rule.max_marks_is_seats else len(spec.candidates)
    if marks > most * valid:
        problems.append(
            Problem("votes", "too_many_marks", {"most": most * valid, "sum": marks})
        )
    return problems


def _piles(spec: BallotSpec, figures: ProtocolFigures) -> list[Problem]:
    problems = []
    for number, pile in enumerate(figures.piles, start=1):
        if pile.count < 1:
            problems.append(Problem("piles", "pile_count", {"line": number}))
            continue
        try:
            check_ballot(spec, _pile_ballot(spec, pile))
        except BallotShapeError as error:
            problems.append(
                Problem("piles", "pile_invalid", {"line": number, "why": error.code})
            )
    total = sum(pile.count for pile in figures.piles)
    if total != figures.valid:
        problems.append(
            Problem("piles", "votes_differ", {"sum": total, "valid": figures.valid})
        )
    return problems


def _pile_ballot(spec: BallotSpec, pile: Pile) -> dict[str, Any]:
    if spec.rule.shape == RANKING:
        return {RANKING: list(pile.choices)}
    return {MARKS: list(pile.choices)}


# Counting ---------------------------------------------------------------------------


def protocol_groups(spec: BallotSpec, figures: ProtocolFigures) -> list[BallotGroup]:
    """Returns a consistent protocol as grouped ballots for the count.

    Blank and invalid ballots are groups of their own. Votes per option become
    single-choice groups; a block vote's or an approval's marks become ballots
    that give every candidate their marks and make exactly ``valid`` ballots
    (see :func:`spread_marks`), which is all those methods count.
    """
    groups = [
        BallotGroup(BLANK, {}, figures.blank),
        BallotGroup(SPOILED, {}, figures.invalid),
    ]
    kind = input_kind(spec)
    if kind == "piles":
        groups += [
            BallotGroup(
                VALID, check_ballot(spec, _pile_ballot(spec, pile))[1], pile.count
            )
            for pile in figures.piles
        ]
    elif kind == MARKS:
        marks = {key: figures.votes.get(key, 0) for key in sorted(spec.candidates)}
        groups += [
            BallotGroup(VALID, {MARKS: sorted(ballot)}, count)
            for ballot, count in spread_marks(marks, figures.valid).items()
        ]
    else:
        groups += _single_choice_groups(spec, kind, figures.votes)
    return [group for group in groups if group.count]


def _single_choice_groups(
    spec: BallotSpec, kind: str, votes: Mapping[Any, int]
) -> list[BallotGroup]:
    if kind == ANSWER:
        return [
            BallotGroup(VALID, {ANSWER: key}, votes.get(key, 0))
            for key in ("yes", "no")
        ]
    if kind == LIST:
        return [
            BallotGroup(VALID, {"list": party_list, "candidate": c}, votes.get(c, 0))
            for party_list, candidates in spec.lists.items()
            for c in sorted(candidates)
        ]
    return [
        BallotGroup(VALID, {MARK: c}, votes.get(c, 0)) for c in sorted(spec.candidates)
    ]


def spread_marks(marks: Mapping[int, int], ballots: int) -> Counter:
    """Returns ``ballots`` ballots that together hold ``marks`` (marks per option).

    The marks are dealt out in turn, option by option, to ballot 0, 1, 2, …, so
    no ballot gets one option twice (no option has more marks than there are
    ballots) and every ballot gets ⌊total/ballots⌋ or ⌈total/ballots⌉ marks: at
    least one, and no more than a consistent protocol allows. Returns each
    distinct ballot (a frozenset of options) with how many there are.
    """
    dealt: list[list[int]] = [[] for _number in range(ballots)]
    position = 0
    for option, count in marks.items():
        for _mark in range(count):
            dealt[position % ballots].append(option)
            position += 1
    return Counter(frozenset(ballot) for ballot in dealt if ballot)

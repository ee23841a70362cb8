"""Quorum and majorities as Polish councils count them, with the article for each.

A council decides by one of a few majorities. Each is a :class:`MajorityRule`; its
:meth:`~MajorityRule.decide` takes the votes (for, against, abstain), how many members
are present and the statutory number of seats, and returns an :class:`Outcome` that
says whether the motion passed, whether the quorum was there and how many votes for
were needed, so a teacher can show the arithmetic.

The words of the law, and what they mean here:

- *zwykła większość głosów* (simple majority): more votes for than against;
  abstentions do not count either way (u.s.g. art. 14 ust. 1).
- *bezwzględna większość głosów* (absolute majority of those voting): more votes for
  than against and abstentions together, i.e. more than half of the votes cast
  (u.s.g. art. 19 ust. 1).
- *bezwzględna większość ustawowego składu* (absolute majority of the statutory
  seats): more votes for than half of the statutory seats, vacant seats included
  (u.s.g. art. 28aa ust. 9).
- *co najmniej 3/5 (2/3) głosów*: at least three fifths (two thirds) of the votes
  cast, or of the statutory seats where the law says so (u.s.g. art. 28b ust. 4;
  Konstytucja art. 122 ust. 5 and art. 235 ust. 4 for the Sejm).
- The quorum is *co najmniej połowa ustawowego składu*: at least half of the
  statutory seats present (u.s.g. art. 14 ust. 1), unless the council's own rules
  set another fraction.

Two rules hold for every majority: a tie never passes (the chair has no casting
vote: "more for than against" is not met by equal numbers), and nothing passes
without at least one vote for, even when nobody voted against.

u.s.g. is the *ustawa z dnia 8 marca 1990 r. o samorządzie gminnym* (the municipal
self-government act, consolidated text Dz.U. 2024 poz. 609).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class MajorityInputError(ValueError):
    """Numbers that cannot come from one vote (negative, more votes than members)."""


class Basis(StrEnum):
    """What a majority is counted against."""

    #: Votes for against votes against; abstentions left out (simple majority).
    FOR_AND_AGAINST = "for_and_against"
    #: All votes cast: for, against and abstain.
    VOTES_CAST = "votes_cast"
    #: The statutory number of seats, vacant seats included.
    STATUTORY_SEATS = "statutory_seats"


@dataclass(frozen=True)
class MajorityRule:
    """One kind of majority.

    ``share`` is the fraction of the basis the votes for must reach; ``strict``
    says whether they must be *more than* that share (a majority: more than half)
    or *at least* it (a qualified majority: at least three fifths).
    """

    key: str
    share: Fraction
    basis: Basis
    strict: bool
    citation: str
    roll_call: bool = False

    def votes_needed(self, *, against: int, abstain: int, statutory_seats: int) -> int:
        """The smallest number of votes for that passes, given the other votes."""
        if self.basis is Basis.FOR_AND_AGAINST:
            needed = against + 1
        elif self.basis is Basis.STATUTORY_SEATS:
            needed = _smallest_reaching(self.share * statutory_seats, self.strict)
        else:
            # for >(=) share * (for + others)
            #   <=>  for * (1 - share) >(=) share * others
            others = against + abstain
            if self.share >= 1:
                raise MajorityInputError("a share of the votes cast must be below 1")
            needed = _smallest_reaching(
                self.share * others / (1 - self.share), self.strict
            )
        return max(1, needed)

    def decide(
        self,
        *,
        votes_for: int,
        against: int,
        abstain: int,
        present: int,
        statutory_seats: int,
        quorum: Fraction = Fraction(1, 2),
    ) -> Outcome:
        """Whether a motion passed under this rule; checks the numbers first."""
        _check(votes_for, against, abstain, present, statutory_seats, quorum)
        quorum_needed = math.ceil(quorum * statutory_seats)
        quorum_met = present >= quorum_needed
        needed = self.votes_needed(
            against=against, abstain=abstain, statutory_seats=statutory_seats
        )
        return Outcome(
            rule=self,
            votes_for=votes_for,
            against=against,
            abstain=abstain,
            present=present,
            statutory_seats=statutory_seats,
            quorum_needed=quorum_needed,
            quorum_met=quorum_met,
            votes_needed=needed,
            passed=quorum_met and votes_for >= needed,
        )


def _smallest_reaching(bound: Fraction, strict: bool) -> int:
    """The smallest whole number above ``bound`` (strict) or not below it."""
    bound = Fraction(bound)
    if strict:
        return math.floor(bound) + 1
    return math.ceil(bound)


def _check(
    votes_for: int,
    against: int,
    abstain: int,
    present: int,
    statutory_seats: int,
    quorum: Fraction,
) -> None:
    numbers = {
        "votes_for": votes_for,
        "against": against,
        "abstain": abstain,
        "present": present,
        "statutory_seats": statutory_seats,
    }
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise MajorityInputError(f"{name} must be a whole number")
        if value < 0:
            raise MajorityInputError(f"{name} cannot be negative")
    if statutory_seats == 0:
        raise MajorityInputError("a council needs at least one statutory seat")
    if present > statutory_seats:
        raise MajorityInputError("more members present than statutory seats")
    if votes_for + against + abstain > present:
        raise MajorityInputError("more votes cast than members present")
    if not 0 < Fraction(quorum) <= 1:
        raise MajorityInputError("the quorum must be a fraction above 0, at most 1")


@dataclass(frozen=True)
class Outcome:
    """The result of one vote under one rule, with the numbers that decided it."""

    rule: MajorityRule
    votes_for: int
    against: int
    abstain: int
    present: int
    statutory_seats: int
    quorum_needed: int
    quorum_met: bool
    votes_needed: int
    passed: bool

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.against + self.abstain

    def as_dict(self) -> dict:
        return {
            "rule": self.rule.key,
            "citation": self.rule.citation,
            "votes_for": self.votes_for,
            "against": self.against,
            "abstain": self.abstain,
            "votes_cast": self.votes_cast,
            "present": self.present,
            "statutory_seats": self.statutory_seats,
            "quorum_needed": self.quorum_needed,
            "quorum_met": self.quorum_met,
            "votes_needed": self.votes_needed,
            "passed": self.passed,
        }


USG = "u.s.g."
CONSTITUTION = "Konstytucja RP"

SIMPLE = MajorityRule(
    key="simple",
    share=Fraction(1, 2),
    basis=Basis.FOR_AND_AGAINST,
    strict=True,
    citation=f"{USG} art. 14 ust. 1",
)
ABSOLUTE_OF_VOTES = MajorityRule(
    key="absolute_of_votes",
    share=Fraction(1, 2),
    basis=Basis.VOTES_CAST,
    strict=True,
    citation=f"{USG} art. 19 ust. 1",
)
ABSOLUTE_OF_SEATS = MajorityRule(
    key="absolute_of_seats",
    share=Fraction(1, 2),
    basis=Basis.STATUTORY_SEATS,
    strict=True,
    citation=f"{USG} art. 28aa ust. 9",
)
THREE_FIFTHS_OF_SEATS = MajorityRule(
    key="three_fifths_of_seats",
    share=Fraction(3, 5),
    basis=Basis.STATUTORY_SEATS,
    strict=False,
    citation=f"{USG} art. 28b ust. 4",
    roll_call=True,
)
THREE_FIFTHS_OF_VOTES = MajorityRule(
    key="three_fifths_of_votes",
    share=Fraction(3, 5),
    basis=Basis.VOTES_CAST,
    strict=False,
    citation=f"{CONSTITUTION} art. 122 ust. 5",
)
TWO_THIRDS_OF_VOTES = MajorityRule(
    key="two_thirds_of_votes",
    share=Fraction(2, 3),
    basis=Basis.VOTES_CAST,
    strict=False,
    citation=f"{CONSTITUTION} art. 235 ust. 4",
)

RULES: dict[str, MajorityRule] = {
    rule.key: rule
    for rule in (
        SIMPLE,
        ABSOLUTE_OF_VOTES,
        ABSOLUTE_OF_SEATS,
        THREE_FIFTHS_OF_SEATS,
        THREE_FIFTHS_OF_VOTES,
        TWO_THIRDS_OF_VOTES,
    )
}


def quorum_present(
    *, present: int, statutory_seats: int, quorum: Fraction = Fraction(1, 2)
) -> bool:
    """Whether enough members are present to decide (u.s.g. art. 14 ust. 1)."""
    _check(0, 0, 0, present, statutory_seats, quorum)
    return present >= math.ceil(quorum * statutory_seats)

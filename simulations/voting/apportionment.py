"""Seats for party lists in one constituency: highest averages and largest
remainder.

A highest-averages method (D'Hondt, Sainte-Laguë, modified Sainte-Laguë) divides
each list's votes by its divisors and gives the seats to the largest quotients;
Hare-Niemeyer gives each list the whole part of its exact quota, then the seats
left to the largest remainders. Arithmetic is exact: quotients are compared by
cross-multiplying integers, never as floats, so a tie is a real tie, settled by
:func:`.list_ties.settle_tie`. :func:`apportion` applies a threshold first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .base import Lot, Result, TieBreak, VotingError, check_count, check_names
from .list_ties import SEJM_TIE_RULE, TieRule, check_districts, settle_tie, split_at
from .thresholds import Thresholds, lists_taking_part


@dataclass(frozen=True)
class DivisorMethod:
    """A highest-averages method: the divisors a list's votes are divided by.

    The divisor for a list that already holds ``k`` seats is ``1 + step * k``,
    except the first, which is ``first``. Divisors are scaled to integers by the
    denominator of ``first`` so that quotients compare exactly.
    """

    key: str
    title: str
    step: int
    first: Fraction = Fraction(1)

    @property
    def scale(self) -> int:
        return self.first.denominator

    def scaled_divisor(self, held: int) -> int:
        """Returns the divisor for a list holding ``held`` seats, times ``scale``."""
        if held == 0:
            return self.first.numerator
        return (1 + self.step * held) * self.scale

    def divisors(self, count: int) -> list[int]:
        """Returns the first ``count`` divisors, each times ``scale``."""
        return [self.scaled_divisor(k) for k in range(count)]


DHONDT = DivisorMethod("dhondt", "D'Hondt", step=1)
SAINTE_LAGUE = DivisorMethod("sainte_lague", "Sainte-Laguë", step=2)
MODIFIED_SAINTE_LAGUE = DivisorMethod(
    "modified_sainte_lague", "modified Sainte-Laguë", step=2, first=Fraction(7, 5)
)
DIVISOR_METHODS = {m.key: m for m in (DHONDT, SAINTE_LAGUE, MODIFIED_SAINTE_LAGUE)}
HARE_NIEMEYER = "hare_niemeyer"
METHODS = (*DIVISOR_METHODS, HARE_NIEMEYER)


def check_votes(votes: Mapping[str, int], *, what: str = "lists") -> dict[str, int]:
    """Returns ``votes`` as a dict after checking names and whole vote counts."""
    if not isinstance(votes, Mapping):
        raise VotingError(f"votes must map each of the {what} to a number of votes")
    check_names(list(votes), what=what)
    return {
        name: check_count(count, what=f"the votes for {name!r}")
        for name, count in votes.items()
    }


def _display(numerator: int, denominator: int) -> int | float:
    """Returns ``numerator / denominator`` for people: an int when whole."""
    whole, rest = divmod(numerator, denominator)
    return whole if not rest else numerator / denominator


def _best_next(
    votes: Mapping[str, int], held: Mapping[str, int], divisors: Sequence[int]
) -> list[str]:
    """Returns the lists whose next quotient is the largest (several on a tie)."""
    best: list[str] = []
    best_votes, best_divisor = 0, 1
    for name, count in votes.items():
        divisor = divisors[held[name]]
        # Cross-multiplied, so quotients compare exactly.
        lhs, rhs = count * best_divisor, best_votes * divisor
        if not best or lhs > rhs:
            best, best_votes, best_divisor = [name], count, divisor
        elif lhs == rhs:
            best.append(name)
    return best


def _divisor_count(
    votes: dict[str, int],
    seats: int,
    divisors: Sequence[int],
    tie_options: dict[str, Any],
) -> tuple[list[tuple[str, int]], dict[str, int], list[TieBreak]]:
    """Returns the seat order as (list, seats held before) pairs and the ties."""
    held = dict.fromkeys(votes, 0)
    order: list[tuple[str, int]] = []
    ties: list[TieBreak] = []
    while len(order) < seats:
        tied = _best_next(votes, held, divisors)
        remaining = seats - len(order)
        if len(tied) > remaining:
            ties.append(settle_tie(tied, remaining, votes=votes, **tie_options))
            tied = ties[-1].chosen
        for name in sorted(tied, key=lambda name: (-votes[name], name)):
            order.append((name, held[name]))
            held[name] += 1
    return order, held, ties


def _quotient_table(
    votes: dict[str, int],
    method: DivisorMethod,
    divisors: Sequence[int],
    order: list[tuple[str, int]],
) -> dict[str, Any]:
    """Returns the step showing every quotient, seat-winning ones numbered."""
    scale = method.scale
    won = {entry: number for number, entry in enumerate(order, start=1)}
    rows = [
        {
            "list": name,
            "votes": count,
            "quotients": [_display(count * scale, d) for d in divisors],
            "seat_numbers": [won.get((name, k)) for k in range(len(divisors))],
        }
        for name, count in votes.items()
    ]
    return {
        "kind": "quotient_table",
        "method": method.key,
        "divisors": [_display(d, scale) for d in divisors],
        "rows": rows,
    }


def _seat_order(
    votes: dict[str, int],
    scale: int,
    divisors: Sequence[int],
    order: list[tuple[str, int]],
    held: dict[str, int],
) -> dict[str, Any]:
    """Returns the step listing the seats in the order they were won, and the
    quotient next in line (the closest to a seat that did not win one)."""

    def entry(name: str, k: int) -> dict[str, Any]:
        return {
            "list": name,
            "divisor": _display(divisors[k], scale),
            "quotient": _display(votes[name] * scale, divisors[k]),
        }

    runners_up = _best_next(votes, held, divisors)
    return {
        "kind": "seat_order",
        "order": [{"seat": n, **entry(*e)} for n, e in enumerate(order, start=1)],
        "next_in_line": [entry(name, held[name]) for name in runners_up],
    }


def highest_averages(
    votes: Mapping[str, int],
    seats: int,
    *,
    method: str | DivisorMethod = DHONDT,
    districts: Mapping[str, Sequence[int]] | None = None,
    lot: Lot | None = None,
    tie_rule: TieRule = SEJM_TIE_RULE,
    context: str = "",
) -> Result:
    """Returns the seats per list by a highest-averages method, with its steps.

    Each list's votes are divided by the method's divisors; the ``seats`` largest
    quotients win a seat each (Electoral Code art. 232 § 1 for D'Hondt). Steps: the
    quotient table with the winning quotients numbered, then the seats in the
    order they were won and the quotient next in line.
    """
    method = DIVISOR_METHODS[method] if isinstance(method, str) else method
    votes = check_votes(votes)
    seats = check_count(seats, what="the number of seats")
    _require_votes(votes)
    tie_options = {
        "districts": check_districts(districts, votes),
        "lot": lot,
        "rule": tie_rule,
        "context": context,
    }
    divisors = method.divisors(seats + 1)
    order, held, ties = _divisor_count(votes, seats, divisors, tie_options)
    return Result(
        method=method.key,
        seats=held,
        steps=[
            _quotient_table(votes, method, divisors[:seats], order),
            _seat_order(votes, method.scale, divisors, order, held),
        ],
        ties=ties,
        details={"method_title": method.title, "seats_total": seats, "votes": votes},
    )


def _require_votes(votes: Mapping[str, int]) -> None:
    if not any(votes.values()):
        raise VotingError("no list has any votes, so there is nothing to share out")


def largest_remainder(
    votes: Mapping[str, int],
    seats: int,
    *,
    districts: Mapping[str, Sequence[int]] | None = None,
    lot: Lot | None = None,
    tie_rule: TieRule = SEJM_TIE_RULE,
    context: str = "",
) -> Result:
    """Returns the seats per list by the largest remainder (Hare-Niemeyer) method.

    Each list's exact quota is its votes times the seats over all votes; it gets
    the whole part of its quota, and the seats left over go to the largest
    remainders. The step shows every quota, whole part and remainder.
    """
    votes = check_votes(votes)
    seats = check_count(seats, what="the number of seats")
    _require_votes(votes)
    total = sum(votes.values())
    parts = {name: divmod(count * seats, total) for name, count in votes.items()}
    extra, ties = _largest_remainders(
        {name: rest for name, (_, rest) in parts.items()},
        seats - sum(whole for whole, _ in parts.values()),
        votes=votes,
        districts=check_districts(districts, votes),
        lot=lot,
        rule=tie_rule,
        context=context,
    )
    result = {name: whole + (name in extra) for name, (whole, _) in parts.items()}
    step = _quota_step(votes, seats, total, parts, extra)
    return Result(
        method=HARE_NIEMEYER,
        seats=result,
        steps=[step],
        ties=ties,
        details={"method_title": "Hare-Niemeyer", "seats_total": seats, "votes": votes},
    )


def _largest_remainders(
    remainders: dict[str, int], left: int, **tie_options: Any
) -> tuple[list[str], list[TieBreak]]:
    """Returns the lists that win the ``left`` seats by remainder, and the ties."""
    if left == 0:
        return [], []
    ranked = sorted(remainders, key=lambda name: -remainders[name])
    if len(ranked) == left or remainders[ranked[left - 1]] != remainders[ranked[left]]:
        return ranked[:left], []
    above, group, need = split_at(ranked, lambda name: remainders[name], left)
    tie = settle_tie(group, need, **tie_options)
    return above + tie.chosen, [tie]


def _quota_step(
    votes: dict[str, int],
    seats: int,
    total: int,
    parts: dict[str, tuple[int, int]],
    extra: list[str],
) -> dict[str, Any]:
    rows = [
        {
            "list": name,
            "votes": votes[name],
            "quota": Fraction(votes[name] * seats, total),
            "whole": whole,
            "remainder": Fraction(rest, total),
            "extra_seat": name in extra,
            "seats": whole + (name in extra),
        }
        for name, (whole, rest) in parts.items()
    ]
    return {
        "kind": "quotas",
        "total_votes": total,
        "seats": seats,
        "votes_per_seat": Fraction(total, seats) if seats else None,
        "rows": rows,
        "extra_seats_in_order": list(extra),
    }


def count_lists(
    votes: dict[str, int], seats: int, method: str, **options: Any
) -> Result:
    """Returns the seats per list by the method named ``method`` (no threshold)."""
    if method == HARE_NIEMEYER:
        return largest_remainder(votes, seats, **options)
    if method not in DIVISOR_METHODS:
        raise VotingError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    return highest_averages(votes, seats, method=method, **options)


def apportion(
    votes: Mapping[str, int],
    seats: int,
    *,
    method: str = DHONDT.key,
    thresholds: Thresholds | None = None,
    kinds: Mapping[str, str] | None = None,
    districts: Mapping[str, Sequence[int]] | None = None,
    lot: Lot | None = None,
    tie_rule: TieRule = SEJM_TIE_RULE,
) -> Result:
    """Returns the seats per list in one constituency, after any threshold.

    Lists held back by the threshold get 0 seats and stay in ``seats``; the first
    step is then the threshold step, followed by the method's own steps.
    """
    votes = check_votes(votes)
    taking_part, steps = lists_taking_part(votes, thresholds, kinds=kinds)
    result = count_lists(
        {name: votes[name] for name in taking_part},
        seats,
        method,
        districts=only_districts(check_districts(districts, votes), taking_part),
        lot=lot,
        tie_rule=tie_rule,
    )
    result.seats = {name: result.seats.get(name, 0) for name in votes}
    result.steps = steps + result.steps
    result.details["votes"] = votes
    return result


def only_districts(
    districts: Mapping[str, Sequence[int]] | None, names: Collection[str]
) -> dict[str, Sequence[int]] | None:
    """Returns the district votes of the lists in ``names`` (None stays None)."""
    if districts is None:
        return None
    return {name: districts[name] for name in names if name in districts}

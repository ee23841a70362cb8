"""Party-list apportionment: highest averages, largest remainder and thresholds.

Seats go to lists in proportion to their votes, by one of four methods:

- D'Hondt (divisors 1, 2, 3, ...), the method of the Polish Sejm, councils and the
  European Parliament;
- Sainte-Laguë (divisors 1, 3, 5, ...);
- modified Sainte-Laguë (first divisor 1.4, then 3, 5, ...);
- Hare-Niemeyer (largest remainder: whole parts of the exact quotas first, then the
  largest remainders).

Arithmetic is exact: quotients are compared by cross-multiplying integers, never as
floats, so a tie is a real tie. Before the count, lists can be held to a threshold
per kind of list (party, coalition, minority) with exemptions, computed on national
totals and applied in every constituency (Electoral Code art. 196-197).

A tie for the last seat follows the Polish rule (Electoral Code art. 232 § 2): the
list with more votes first, then the list that got more votes in more polling
districts; when the data has no district figures, a seeded lot settles it and the
tie record says so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from .base import Lot, Result, TieBreak, VotingError, check_count, check_names

PARTY = "party"
COALITION = "coalition"
MINORITY = "minority"
KINDS = (PARTY, COALITION, MINORITY)


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


@dataclass(frozen=True)
class TieRule:
    """Where the rule for a tie at the last seat comes from, and what it counts.

    Ties go to the list with more votes, then to the list that got more votes in
    more ``units`` (polling districts for a constituency count, constituencies for
    a national one), then to a seeded lot.
    """

    citation: str = "Electoral Code art. 232 § 2"
    units: str = "polling districts (obwody)"


SEJM_TIE_RULE = TieRule()


@dataclass(frozen=True)
class Constituency:
    """One constituency: its seats, the votes per list standing there and,
    optionally, each list's votes per polling district (for the tie rule)."""

    name: str
    seats: int
    votes: Mapping[str, int]
    districts: Mapping[str, Sequence[int]] | None = None


# Validation -------------------------------------------------------------------


def check_votes(votes: Mapping[str, int], *, what: str = "lists") -> dict[str, int]:
    """Returns ``votes`` as a dict after checking names and whole vote counts."""
    if not isinstance(votes, Mapping):
        raise VotingError(f"votes must map each of the {what} to a number of votes")
    check_names(list(votes), what=what)
    return {
        name: check_count(count, what=f"the votes for {name!r}")
        for name, count in votes.items()
    }


def check_share(value: Any, *, what: str) -> Fraction:
    """Returns ``value`` (a share such as 0.05 for 5%) as an exact fraction."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise VotingError(f"{what} must be a number, got {value!r}")
    # str() keeps 0.05 as 1/20 instead of the nearest binary float.
    share = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if not 0 <= share < 1:
        raise VotingError(
            f"{what} must be a share from 0 up to 1 (0.05 for 5%), got {value!r}"
        )
    return share


def check_kinds(
    kinds: Mapping[str, str] | None, names: Collection[str]
) -> dict[str, str]:
    """Returns the kind of every list, ``"party"`` where ``kinds`` says nothing."""
    kinds = dict(kinds or {})
    for name, kind in kinds.items():
        if name not in names:
            raise VotingError(f"kinds names {name!r}, which is not one of the lists")
        if kind not in KINDS:
            raise VotingError(
                f"the kind of {name!r} must be one of {', '.join(KINDS)}, got {kind!r}"
            )
    return {name: kinds.get(name, PARTY) for name in names}


def check_districts(
    districts: Mapping[str, Sequence[int]] | None, names: Collection[str]
) -> dict[str, list[int]] | None:
    """Returns per-district votes after checking they cover equal districts."""
    if districts is None:
        return None
    checked: dict[str, list[int]] = {}
    for name, counts in districts.items():
        if name not in names:
            raise VotingError(
                f"districts names {name!r}, which is not one of the lists"
            )
        if isinstance(counts, (str, bytes)) or not isinstance(counts, Sequence):
            raise VotingError(f"the district votes of {name!r} must be a list")
        checked[name] = [
            check_count(c, what=f"a district vote count of {name!r}") for c in counts
        ]
    if len({len(c) for c in checked.values()}) > 1:
        raise VotingError("every list needs votes for the same polling districts")
    return checked


# Ties -------------------------------------------------------------------------


def _district_wins(
    group: Sequence[str], districts: Mapping[str, Sequence[int]]
) -> dict[str, int]:
    """Returns, per list, the districts where it beat every other list in ``group``."""
    wins = dict.fromkeys(group, 0)
    for counts in zip(*(districts[name] for name in group), strict=True):
        top = max(counts)
        if counts.count(top) == 1:
            wins[group[counts.index(top)]] += 1
    return wins


def _split_at(
    ranked: list[str], key: Callable[[str], Any], k: int
) -> tuple[list[str], list[str], int]:
    """Splits ``ranked`` (best first by ``key``) around the k-th place.

    Returns the names sure of a place, the group still tied at the boundary and
    how many places that group gets.
    """
    level = key(ranked[k - 1])
    above = [name for name in ranked if key(name) > level]
    group = [name for name in ranked if key(name) == level]
    return above, group, k - len(above)


def settle_tie(
    tied: Sequence[str],
    k: int,
    *,
    votes: Mapping[str, int],
    districts: Mapping[str, Sequence[int]] | None = None,
    lot: Lot | None = None,
    rule: TieRule = SEJM_TIE_RULE,
    context: str = "",
) -> TieBreak:
    """Returns how ``k`` of the ``tied`` lists win the seats they tie for.

    More votes first; among lists with equal votes, the one that got more votes in
    more polling districts; then a seeded lot. The choice is a prefix of one fixed
    order of the tied lists, so a larger ``k`` never drops a list chosen for a
    smaller one.
    """
    ranked = sorted(tied, key=lambda name: (-votes[name], name))
    if votes[ranked[k - 1]] != votes[ranked[k]]:
        return TieBreak(
            between=sorted(tied),
            chosen=ranked[:k],
            rule=f"more votes for the list ({rule.citation})",
            context=context,
        )
    above, group, need = _split_at(ranked, lambda name: votes[name], k)
    chosen, rule_text, seed = _settle_equal_votes(
        group, need, districts, lot or Lot(), rule, context
    )
    return TieBreak(
        between=sorted(tied),
        chosen=above + chosen,
        rule=rule_text,
        seed=seed,
        context=context,
    )


def _settle_equal_votes(
    group: list[str],
    need: int,
    districts: Mapping[str, Sequence[int]] | None,
    lot: Lot,
    rule: TieRule,
    context: str,
) -> tuple[list[str], str, int | None]:
    """Returns the lists chosen among ``group`` (equal votes), the rule and the seed."""
    if districts is None or any(name not in districts for name in group):
        order = lot.draw(group, len(group), context=context).chosen
        text = (
            f"equal votes and no figures for {rule.units} in the data, so a seeded "
            f"lot stands in for the rest of {rule.citation}"
        )
        return order[:need], text, lot.seed
    wins = _district_wins(group, districts)
    ranked = sorted(group, key=lambda name: (-wins[name], name))
    if wins[ranked[need - 1]] != wins[ranked[need]]:
        text = (
            f"equal votes, so more {rule.units} where the list got more votes "
            f"({rule.citation})"
        )
        return ranked[:need], text, None
    above, still, still_need = _split_at(ranked, lambda name: wins[name], need)
    order = lot.draw(still, len(still), context=context).chosen
    text = f"equal votes and as many {rule.units} won, so a seeded lot"
    return above + order[:still_need], text, lot.seed


# Highest averages -------------------------------------------------------------


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


# Largest remainder ------------------------------------------------------------


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
    above, group, need = _split_at(ranked, lambda name: remainders[name], left)
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


# Thresholds -------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """The share of valid votes each kind of list needs to take part in the count.

    ``by_kind`` maps a kind (``"party"``, ``"coalition"``, ``"minority"``) to its
    share; a kind it does not name needs the party share. Lists named in
    ``exempt`` take part whatever their share.
    """

    by_kind: Mapping[str, Fraction]
    exempt: frozenset[str] = frozenset()
    citation: str = ""

    def required(self, kind: str) -> Fraction:
        return self.by_kind.get(kind, self.by_kind.get(PARTY, Fraction(0)))


def apply_thresholds(
    totals: Mapping[str, int],
    thresholds: Thresholds,
    *,
    kinds: Mapping[str, str] | None = None,
    total_valid: int | None = None,
) -> tuple[list[str], dict[str, Any]]:
    """Returns the lists that take part in the count and the threshold step.

    A list passes with at least its kind's share of ``total_valid`` (the valid votes
    for all lists; by default the sum of ``totals``). The step gives each list's
    share, kind and status: ``passed``, ``exempt`` or ``excluded``.
    """
    kinds = check_kinds(kinds, totals)
    total = sum(totals.values()) if total_valid is None else total_valid
    if total <= 0:
        raise VotingError("no valid votes, so no list can reach the threshold")
    rows = [
        _threshold_row(name, count, kinds[name], total, thresholds)
        for name, count in totals.items()
    ]
    qualified = [row["list"] for row in rows if row["status"] != "excluded"]
    if not qualified:
        raise VotingError("no list reaches the threshold, so no seat can be given")
    step = {
        "kind": "threshold",
        "total_valid": total,
        "citation": thresholds.citation,
        "lists": rows,
    }
    return qualified, step


def _threshold_row(
    name: str, count: int, kind: str, total: int, thresholds: Thresholds
) -> dict[str, Any]:
    required = thresholds.required(kind)
    if name in thresholds.exempt:
        status = "exempt"
    elif count * required.denominator >= required.numerator * total:
        status = "passed"
    else:
        status = "excluded"
    return {
        "list": name,
        "list_kind": kind,
        "votes": count,
        "share": Fraction(count, total),
        "required": required,
        "status": status,
    }


# One constituency, or many ----------------------------------------------------


def _count(votes: dict[str, int], seats: int, method: str, **options: Any) -> Result:
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
    steps: list[dict[str, Any]] = []
    taking_part = list(votes)
    if thresholds is not None:
        taking_part, step = apply_thresholds(votes, thresholds, kinds=kinds)
        steps.append(step)
    result = _count(
        {name: votes[name] for name in taking_part},
        seats,
        method,
        districts=_only(check_districts(districts, votes), taking_part),
        lot=lot,
        tie_rule=tie_rule,
    )
    result.seats = {name: result.seats.get(name, 0) for name in votes}
    result.steps = steps + result.steps
    result.details["votes"] = votes
    return result


def _only(
    districts: Mapping[str, Sequence[int]] | None, names: Collection[str]
) -> dict[str, Sequence[int]] | None:
    if districts is None:
        return None
    return {name: districts[name] for name in names if name in districts}


def apportion_constituencies(
    constituencies: Sequence[Constituency],
    *,
    method: str = DHONDT.key,
    thresholds: Thresholds | None = None,
    kinds: Mapping[str, str] | None = None,
    total_valid: int | None = None,
    lot: Lot | None = None,
    tie_rule: TieRule = SEJM_TIE_RULE,
) -> Result:
    """Returns the seats per list over several constituencies, with their steps.

    The threshold is computed on the national totals and applied in each
    constituency (Electoral Code art. 196 § 1: "w skali kraju"); each constituency
    then shares out its own seats. Steps: the threshold, one ``constituency`` step
    per constituency (holding its quotient table and seat order), the totals.
    """
    constituencies = _check_constituencies(constituencies)
    totals = _national_totals(constituencies)
    steps: list[dict[str, Any]] = []
    taking_part = list(totals)
    if thresholds is not None:
        taking_part, step = apply_thresholds(
            totals, thresholds, kinds=kinds, total_valid=total_valid
        )
        steps.append(step)
    results = {
        c.name: _count_constituency(c, set(taking_part), method, lot, tie_rule)
        for c in constituencies
    }
    national = dict.fromkeys(totals, 0)
    for result in results.values():
        for name, won in result.seats.items():
            national[name] += won
    steps.extend(_constituency_step(c, results[c.name]) for c in constituencies)
    steps.append({"kind": "totals", "seats": national})
    return Result(
        method=method,
        seats=national,
        steps=steps,
        ties=[tie for result in results.values() for tie in result.ties],
        details={
            "seats_total": sum(c.seats for c in constituencies),
            "votes": totals,
            "constituencies": {name: r.seats for name, r in results.items()},
        },
    )


def _check_constituencies(
    constituencies: Sequence[Constituency],
) -> list[Constituency]:
    checked = list(constituencies)
    check_names([c.name for c in checked], what="constituencies")
    for constituency in checked:
        check_count(constituency.seats, what=f"the seats of {constituency.name!r}")
        check_votes(constituency.votes, what=f"lists in {constituency.name!r}")
    return checked


def _national_totals(constituencies: Sequence[Constituency]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for constituency in constituencies:
        for name, count in constituency.votes.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def _count_constituency(
    constituency: Constituency,
    taking_part: set[str],
    method: str,
    lot: Lot | None,
    tie_rule: TieRule,
) -> Result:
    votes = {n: v for n, v in constituency.votes.items() if n in taking_part}
    if not votes:
        raise VotingError(
            f"no list that passed the threshold stands in {constituency.name!r}"
        )
    result = _count(
        votes,
        constituency.seats,
        method,
        districts=_only(constituency.districts, votes),
        lot=lot,
        tie_rule=tie_rule,
        context=f"constituency {constituency.name}",
    )
    # Lists held back by the threshold stay in, with 0, for charts per place.
    result.seats = {name: result.seats.get(name, 0) for name in constituency.votes}
    return result


def _constituency_step(constituency: Constituency, result: Result) -> dict[str, Any]:
    return {
        "kind": "constituency",
        "constituency": constituency.name,
        "seats": constituency.seats,
        "result": result.seats,
        "steps": result.steps,
    }


# JSON adapters ----------------------------------------------------------------

JSON_KEYS = {
    "method",
    "seats",
    "votes",
    "threshold",
    "coalition_threshold",
    "kinds",
    "exempt",
    "districts",
    "seed",
    "name",
    "title",
    "description",
}


def _json_thresholds(
    data: Mapping[str, Any], names: Collection[str]
) -> Thresholds | None:
    """Returns the thresholds an election's JSON asks for, or None."""
    raw = data.get("threshold")
    if raw is None and "coalition_threshold" not in data:
        if "exempt" in data:
            raise VotingError("'exempt' needs a 'threshold' to be exempt from")
        return None
    if isinstance(raw, Mapping):
        by_kind = {
            kind: check_share(share, what=f"'threshold' for {kind!r}")
            for kind, share in raw.items()
        }
        if unknown := set(by_kind) - set(KINDS):
            raise VotingError(f"'threshold' names unknown kinds: {sorted(unknown)}")
    else:
        base = check_share(raw if raw is not None else 0, what="'threshold'")
        by_kind = dict.fromkeys(KINDS, base)
    if "coalition_threshold" in data:
        by_kind[COALITION] = check_share(
            data["coalition_threshold"], what="'coalition_threshold'"
        )
    return Thresholds(by_kind=by_kind, exempt=_json_exempt(data, names))


def _json_exempt(data: Mapping[str, Any], names: Collection[str]) -> frozenset[str]:
    exempt = data.get("exempt", [])
    if isinstance(exempt, str) or not isinstance(exempt, Sequence):
        raise VotingError("'exempt' must be a list of list names")
    for name in exempt:
        if name not in names:
            raise VotingError(f"'exempt' names {name!r}, which is not in 'votes'")
    return frozenset(exempt)


def _json_election(data: Mapping[str, Any], method: str) -> Result:
    if not isinstance(data, Mapping):
        raise VotingError("an election must be a JSON object")
    if unknown := set(data) - JSON_KEYS:
        raise VotingError(f"unknown key(s) {sorted(unknown)} for method {method!r}")
    for key in ("seats", "votes"):
        if key not in data:
            raise VotingError(f"the key {key!r} is missing")
    if not isinstance(data["votes"], Mapping):
        raise VotingError("'votes' must be an object mapping each list to its votes")
    votes = check_votes(data["votes"])
    kinds = data.get("kinds")
    if kinds is not None and not isinstance(kinds, Mapping):
        raise VotingError("'kinds' must be an object mapping lists to their kind")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise VotingError(f"'seed' must be a whole number, got {seed!r}")
    return apportion(
        votes,
        check_count(data["seats"], what="'seats'"),
        method=method,
        thresholds=_json_thresholds(data, votes),
        kinds=check_kinds(kinds, votes),
        districts=_json_districts(data),
        lot=Lot(seed),
    )


def _json_districts(data: Mapping[str, Any]) -> Mapping[str, Sequence[int]] | None:
    districts = data.get("districts")
    if districts is not None and not isinstance(districts, Mapping):
        raise VotingError("'districts' must map lists to their votes per district")
    return districts


def _adapter(method: str) -> Callable[[dict], Result]:
    def adapter(data: dict) -> Result:
        return _json_election(data, method)

    adapter.__name__ = f"{method}_from_json"
    adapter.__doc__ = f"Returns the {method} result of one election given as JSON."
    return adapter


JSON_METHODS: dict[str, Callable[[dict], Result]] = {
    method: _adapter(method) for method in METHODS
}


def dhondt(votes: Mapping[str, int], seats: int, **options: Any) -> Result:
    """Returns the seats per list by D'Hondt (divisors 1, 2, 3, ...)."""
    return apportion(votes, seats, method=DHONDT.key, **options)


def sainte_lague(votes: Mapping[str, int], seats: int, **options: Any) -> Result:
    """Returns the seats per list by Sainte-Laguë (divisors 1, 3, 5, ...)."""
    return apportion(votes, seats, method=SAINTE_LAGUE.key, **options)


def modified_sainte_lague(
    votes: Mapping[str, int], seats: int, **options: Any
) -> Result:
    """Returns the seats per list by modified Sainte-Laguë (1.4, 3, 5, ...)."""
    return apportion(votes, seats, method=MODIFIED_SAINTE_LAGUE.key, **options)


def hare_niemeyer(votes: Mapping[str, int], seats: int, **options: Any) -> Result:
    """Returns the seats per list by Hare-Niemeyer (largest remainder)."""
    return apportion(votes, seats, method=HARE_NIEMEYER, **options)


def read_pkw_election(path: str | Path) -> Result:
    """Returns the Sejm preset run on a PKW per-constituency results CSV.

    The command line finds it here with the other list methods; the work is done
    by :func:`simulations.voting.presets.read_pkw_election`.
    """
    # Imported here: the presets module is built on this one.
    from .presets import read_pkw_election as run_sejm_file

    return run_sejm_file(path)

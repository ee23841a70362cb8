"""Electoral thresholds per kind of list, with exemptions.

Before the count, lists can be held to a threshold per kind of list (party,
coalition, minority) with exemptions, computed on national totals and applied in
every constituency (Electoral Code art. 196-197). Shares are exact fractions.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .base import VotingError

PARTY = "party"
COALITION = "coalition"
MINORITY = "minority"
KINDS = (PARTY, COALITION, MINORITY)


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


def lists_taking_part(
    totals: Mapping[str, int],
    thresholds: Thresholds | None,
    *,
    kinds: Mapping[str, str] | None = None,
    total_valid: int | None = None,
) -> tuple[list[str], list[dict[str, Any]]]:
    """Returns the lists that take part in the count and the steps saying why.

    Without ``thresholds`` every list takes part and there is no step; otherwise
    :func:`apply_thresholds` decides and its step is the only one.
    """
    if thresholds is None:
        return list(totals), []
    taking_part, step = apply_thresholds(
        totals, thresholds, kinds=kinds, total_valid=total_valid
    )
    return taking_part, [step]


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

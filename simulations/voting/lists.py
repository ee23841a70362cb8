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

This module holds the method functions, the JSON adapters and the PKW file entry
point, and re-exports the rest: the counts live in :mod:`.apportionment` and
:mod:`.constituencies`, thresholds in :mod:`.thresholds`, the tie rule in
:mod:`.list_ties`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from .apportionment import (
    DHONDT,
    DIVISOR_METHODS,
    HARE_NIEMEYER,
    METHODS,
    MODIFIED_SAINTE_LAGUE,
    SAINTE_LAGUE,
    DivisorMethod,
    apportion,
    check_votes,
    highest_averages,
    largest_remainder,
)
from .ballots import read_lot
from .base import Result, VotingError, check_count
from .constituencies import Constituency, apportion_constituencies
from .list_ties import SEJM_TIE_RULE, TieRule, check_districts, settle_tie
from .thresholds import (
    COALITION,
    KINDS,
    MINORITY,
    PARTY,
    Thresholds,
    apply_thresholds,
    check_kinds,
    check_share,
)

__all__ = [
    "COALITION",
    "DHONDT",
    "DIVISOR_METHODS",
    "HARE_NIEMEYER",
    "JSON_KEYS",
    "JSON_METHODS",
    "KINDS",
    "METHODS",
    "MINORITY",
    "MODIFIED_SAINTE_LAGUE",
    "PARTY",
    "SAINTE_LAGUE",
    "SEJM_TIE_RULE",
    "Constituency",
    "DivisorMethod",
    "Thresholds",
    "TieRule",
    "apply_thresholds",
    "apportion",
    "apportion_constituencies",
    "check_districts",
    "check_kinds",
    "check_share",
    "check_votes",
    "dhondt",
    "hare_niemeyer",
    "highest_averages",
    "largest_remainder",
    "modified_sainte_lague",
    "read_pkw_election",
    "sainte_lague",
    "settle_tie",
]


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
    lot = read_lot(data)
    return apportion(
        votes,
        check_count(data["seats"], what="'seats'"),
        method=method,
        thresholds=_json_thresholds(data, votes),
        kinds=check_kinds(kinds, votes),
        districts=_json_districts(data),
        lot=lot,
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

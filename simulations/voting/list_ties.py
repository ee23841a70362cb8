"""The Polish rule for a tie at the last seat of a party-list count.

A tie for the last seat follows the Electoral Code art. 232 § 2: the list with
more votes first, then the list that got more votes in more polling districts;
when the data has no district figures, a seeded lot settles it and the tie record
says so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .base import Lot, TieBreak, VotingError, check_count


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


def split_at(
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
    above, group, need = split_at(ranked, lambda name: votes[name], k)
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
    above, still, still_need = split_at(ranked, lambda name: wins[name], need)
    order = lot.draw(still, len(still), context=context).chosen
    text = f"equal votes and as many {rule.units} won, so a seeded lot"
    return above + order[:still_need], text, lot.seed

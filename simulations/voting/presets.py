"""The real Polish electoral rules as data, with a function to run each.

A :class:`Preset` says how many seats there are, in which constituencies, by which
method and thresholds, and where the rule is written. ``PRESETS`` lists them for
pages that let a teacher pick one. The functions ``run_*`` count votes under a
preset; :func:`read_pkw_election` runs the Sejm rules on a PKW results file.

Sources: the Electoral Code (Kodeks wyborczy, Dz.U. 2011 nr 21 poz. 112, as amended)
and the Constitution of 2 April 1997.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from .base import Lot, Result, TieBreak, VotingError
from .lists import (
    COALITION,
    DHONDT,
    MINORITY,
    PARTY,
    Constituency,
    Thresholds,
    TieRule,
    apply_thresholds,
    apportion_constituencies,
    check_kinds,
    check_votes,
    highest_averages,
    largest_remainder,
    settle_tie,
)
from .pkw import PkwResults, read_constituency_results


@dataclass(frozen=True)
class PresetConstituency:
    """A constituency of a preset: its number, name and seats (None when the
    seats follow from the votes, as in the European Parliament election)."""

    number: int
    name: str
    seats: int | None


@dataclass(frozen=True)
class Preset:
    """One real electoral system: seats, constituencies, method and thresholds.

    ``thresholds`` maps a kind of list to the share of valid votes it needs
    nationally (or city-wide); lists of a kind in ``exempt_kinds`` need none.
    ``method`` names the count: ``"dhondt"``, ``"plurality"``, ``"two_round"`` or
    ``"dhondt_then_hare_niemeyer"``.
    """

    key: str
    name: str
    seats: int
    constituencies: tuple[PresetConstituency, ...]
    method: str
    citation: str
    thresholds: Mapping[str, Fraction] = field(default_factory=dict)
    exempt_kinds: frozenset[str] = frozenset()
    tie_rule: TieRule = field(default_factory=TieRule)
    notes: str = ""

    def __hash__(self) -> int:
        return hash(self.key)

    def seats_by_constituency(self) -> dict[int, int | None]:
        return {c.number: c.seats for c in self.constituencies}

    def threshold_rule(self, kinds: Mapping[str, str]) -> Thresholds:
        """Returns the thresholds for lists of the given ``kinds``."""
        exempt = {name for name, kind in kinds.items() if kind in self.exempt_kinds}
        return Thresholds(
            by_kind=self.thresholds,
            exempt=frozenset(exempt),
            citation=self.citation,
        )


# Sejm: Electoral Code annex 1, in force for the 2011-2023 elections.
SEJM_SEATS = (
    (1, "Legnica", 12),
    (2, "Wałbrzych", 8),
    (3, "Wrocław", 14),
    (4, "Bydgoszcz", 12),
    (5, "Toruń", 13),
    (6, "Lublin", 15),
    (7, "Chełm", 12),
    (8, "Zielona Góra", 12),
    (9, "Łódź", 10),
    (10, "Piotrków Trybunalski", 9),
    (11, "Sieradz", 12),
    (12, "Chrzanów", 8),
    (13, "Kraków", 14),
    (14, "Nowy Sącz", 10),
    (15, "Tarnów", 9),
    (16, "Płock", 10),
    (17, "Radom", 9),
    (18, "Siedlce", 12),
    (19, "Warszawa", 20),
    (20, "Warszawa (okręg podwarszawski)", 12),
    (21, "Opole", 12),
    (22, "Krosno", 11),
    (23, "Rzeszów", 15),
    (24, "Białystok", 14),
    (25, "Gdańsk", 12),
    (26, "Gdynia", 14),
    (27, "Bielsko-Biała", 9),
    (28, "Częstochowa", 7),
    (29, "Gliwice", 9),
    (30, "Rybnik", 9),
    (31, "Katowice", 12),
    (32, "Sosnowiec", 9),
    (33, "Kielce", 16),
    (34, "Elbląg", 8),
    (35, "Olsztyn", 10),
    (36, "Kalisz", 12),
    (37, "Konin", 9),
    (38, "Piła", 9),
    (39, "Poznań", 10),
    (40, "Koszalin", 8),
    (41, "Szczecin", 12),
)

SEJM = Preset(
    key="sejm",
    name="Sejm of the Republic of Poland",
    seats=460,
    constituencies=tuple(PresetConstituency(*row) for row in SEJM_SEATS),
    method=DHONDT.key,
    thresholds={PARTY: Fraction(5, 100), COALITION: Fraction(8, 100)},
    exempt_kinds=frozenset({MINORITY}),
    tie_rule=TieRule("Electoral Code art. 232 § 2"),
    citation=(
        "Electoral Code art. 196 § 1 (5% of valid votes in the country for a "
        "committee's lists), art. 196 § 2 (8% for a coalition), art. 197 § 1 "
        "(national minority committees may be exempt), art. 232 (D'Hondt in each "
        "constituency; § 2 ties), art. 201-202 and annex 1 (41 constituencies)"
    ),
)

SENATE = Preset(
    key="senate",
    name="Senate of the Republic of Poland",
    seats=100,
    constituencies=tuple(
        PresetConstituency(n, f"Senate constituency {n}", 1) for n in range(1, 101)
    ),
    method="plurality",
    tie_rule=TieRule("Electoral Code art. 273 § 2"),
    citation=(
        "Electoral Code art. 260 § 1 (single-member constituencies), art. 261 § 1 "
        "(one constituency per hundredth of the population), art. 273 § 1 (the "
        "candidate with the most valid votes is elected; § 2 ties)"
    ),
)

PRESIDENT = Preset(
    key="president",
    name="President of the Republic of Poland",
    seats=1,
    constituencies=(PresetConstituency(1, "Poland", 1),),
    method="two_round",
    citation=(
        "Constitution art. 127 ust. 4 (more than half of the valid votes elects; "
        "otherwise a second vote on the fourteenth day), ust. 5-6 (the two "
        "candidates with the most votes in the first round; more votes wins)"
    ),
    notes=(
        "Counted by the two-round method: a candidate with more than half of the "
        "valid votes wins in the first round; otherwise the two with the most "
        "votes meet in a second round, which the one with more votes wins."
    ),
)

# Kraków city council 2024: seven constituencies grouping the city's districts.
# Source: fakt.pl, "Wybory samorządowe 2024. Kandydaci do rad dzielnic w Krakowie",
# listing 43 councillors, 7 in constituency 1 and 6 in each other.
KRAKOW_SEATS = (
    (1, "I Stare Miasto, II Grzegórzki, III Prądnik Czerwony", 7),
    (2, "IV Prądnik Biały, V Krowodrza", 6),
    (3, "VI Bronowice, VII Zwierzyniec, VIII Dębniki", 6),
    (4, "IX Łagiewniki-Borek Fałęcki, X Swoszowice, XI Podgórze Duchackie", 6),
    (5, "XII Bieżanów-Prokocim, XIII Podgórze", 6),
    (6, "XIV Czyżyny, XV Mistrzejowice, XVII Wzgórza Krzesławickie", 6),
    (7, "XVI Bieńczyce, XVIII Nowa Huta", 6),
)

KRAKOW_COUNCIL = Preset(
    key="krakow_council",
    name="Kraków City Council",
    seats=43,
    constituencies=tuple(PresetConstituency(*row) for row in KRAKOW_SEATS),
    method=DHONDT.key,
    thresholds=dict.fromkeys((PARTY, COALITION, MINORITY), Fraction(5, 100)),
    tie_rule=TieRule("Electoral Code art. 444 § 2"),
    citation=(
        "Electoral Code art. 416 § 1 (in a gmina of over 20,000 inhabitants seats "
        "go to lists in proportion to their votes, only to lists with at least 5% "
        "of the valid votes in the gmina), art. 444 (D'Hondt in each constituency; "
        "§ 2 ties)"
    ),
)

# European Parliament: annex 3 of the Code; seats per constituency follow the votes.
EP_CONSTITUENCIES = (
    (1, "Gdańsk"),
    (2, "Bydgoszcz"),
    (3, "Olsztyn"),
    (4, "Warszawa I"),
    (5, "Warszawa II"),
    (6, "Łódź"),
    (7, "Poznań"),
    (8, "Lublin"),
    (9, "Rzeszów"),
    (10, "Kraków"),
    (11, "Katowice"),
    (12, "Wrocław"),
    (13, "Gorzów Wielkopolski"),
)

EUROPEAN_PARLIAMENT = Preset(
    key="european_parliament",
    name="European Parliament (members elected in Poland)",
    seats=53,
    constituencies=tuple(PresetConstituency(n, t, None) for n, t in EP_CONSTITUENCIES),
    method="dhondt_then_hare_niemeyer",
    thresholds=dict.fromkeys((PARTY, COALITION, MINORITY), Fraction(5, 100)),
    tie_rule=TieRule("Electoral Code art. 356 § 2", units="constituencies"),
    citation=(
        "Electoral Code art. 335 (5% of valid votes in the country), art. 356 "
        "(D'Hondt between committees nationally; § 2 ties), art. 358 § 1 (each "
        "committee's seats shared among its constituency lists by largest "
        "remainder), annex 3 (13 constituencies)"
    ),
    notes="52 seats in 2019 (53 once the United Kingdom left), 53 in 2024.",
)

PRESETS: dict[str, Preset] = {
    p.key: p for p in (SEJM, SENATE, PRESIDENT, KRAKOW_COUNCIL, EUROPEAN_PARLIAMENT)
}


# Running the presets ----------------------------------------------------------


def run_sejm(results: PkwResults, *, lot: Lot | None = None) -> Result:
    """Returns the Sejm seats per committee for one election's PKW results.

    The thresholds are checked on the national totals (art. 196-197), then each of
    the 41 constituencies shares out its seats by D'Hondt (art. 232). Committees
    without a seat are listed with 0. ``details`` adds the short committee names,
    the seats per constituency and the citation.
    """
    constituencies = {c.number: c.votes for c in results.constituencies}
    standing = {name for votes in constituencies.values() for name in votes}
    result = _run_lists(
        SEJM,
        constituencies,
        kinds={n: kind for n, kind in results.kinds.items() if n in standing},
        total_valid=results.total_valid(),
        lot=lot,
    )
    result.seats = {c.name: result.seats.get(c.name, 0) for c in results.committees}
    result.details.update(short_names=results.short_names(), source=results.source)
    return result


def read_pkw_election(path: str | Path) -> Result:
    """Returns the Sejm preset run on a PKW per-constituency results CSV."""
    return run_sejm(read_constituency_results(path))


def run_krakow_council(
    votes: Mapping[int, Mapping[str, int]],
    *,
    kinds: Mapping[str, str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the Kraków City Council seats per list.

    ``votes`` maps each of the 7 constituency numbers to the votes per list there.
    Lists need 5% of the valid votes in the whole city (art. 416 § 1); each
    constituency then shares out its seats by D'Hondt (art. 444).
    """
    return _run_lists(KRAKOW_COUNCIL, votes, kinds=kinds or {}, lot=lot)


def _run_lists(
    preset: Preset,
    votes: Mapping[int, Mapping[str, int]],
    *,
    kinds: Mapping[str, str],
    total_valid: int | None = None,
    lot: Lot | None,
) -> Result:
    """Returns ``preset`` (a list system with fixed seats per constituency) run."""
    seats = preset.seats_by_constituency()
    _check_numbers(votes, seats, preset)
    constituencies = [
        Constituency(str(number), seats[number], votes[number]) for number in seats
    ]
    kinds = check_kinds(kinds, {name for c in constituencies for name in c.votes})
    result = apportion_constituencies(
        constituencies,
        method=preset.method,
        thresholds=preset.threshold_rule(kinds),
        kinds=kinds,
        total_valid=total_valid,
        lot=lot,
        tie_rule=preset.tie_rule,
    )
    result.details.update(preset=preset.key, citation=preset.citation)
    return result


def _check_numbers(
    given: Mapping[int, Any], expected: Mapping[int, Any], preset: Preset
) -> None:
    if missing := sorted(set(expected) - set(given)):
        raise VotingError(f"{preset.name}: no votes for constituencies {missing}")
    if unknown := sorted(set(given) - set(expected), key=str):
        raise VotingError(f"{preset.name} has no constituencies {unknown}")


def run_senate(
    votes: Mapping[int, Mapping[str, int]], *, lot: Lot | None = None
) -> Result:
    """Returns the senator elected in each constituency given.

    ``votes`` maps constituency numbers (1-100, any of them) to the votes per
    candidate. The candidate with the most valid votes is elected (art. 273 § 1);
    a tie goes to the rule of art. 273 § 2, here a seeded lot, as the input has no
    figures per polling district.
    """
    numbers = SENATE.seats_by_constituency()
    if unknown := sorted(set(votes) - set(numbers), key=str):
        raise VotingError(f"{SENATE.name} has no constituencies {unknown}")
    steps, ties, winners = [], [], {}
    for number in sorted(votes):
        winner, tie = _plurality(votes[number], number, lot)
        winners[number] = winner
        ties.extend([tie] if tie else [])
        steps.append(
            {
                "kind": "constituency",
                "constituency": number,
                "votes": dict(votes[number]),
                "winner": winner,
            }
        )
    return Result(
        method=SENATE.method,
        winners=list(winners.values()),
        steps=steps,
        ties=ties,
        details={"preset": SENATE.key, "citation": SENATE.citation, "winners": winners},
    )


def _plurality(
    votes: Mapping[str, int], number: int, lot: Lot | None
) -> tuple[str, TieBreak | None]:
    votes = check_votes(votes, what=f"candidates in constituency {number}")
    top = max(votes.values())
    leaders = [name for name, count in votes.items() if count == top]
    if len(leaders) == 1:
        return leaders[0], None
    tie = settle_tie(
        leaders,
        1,
        votes=votes,
        lot=lot,
        rule=SENATE.tie_rule,
        context=f"Senate constituency {number}",
    )
    return tie.chosen[0], tie


def run_european_parliament(
    votes: Mapping[int, Mapping[str, int]],
    *,
    seats: int = EUROPEAN_PARLIAMENT.seats,
    kinds: Mapping[str, str] | None = None,
    lot: Lot | None = None,
) -> Result:
    """Returns the European Parliament seats per committee, and per constituency.

    Committees need 5% of the valid votes in the country (art. 335); D'Hondt then
    shares out ``seats`` (52 or 53) between them nationally (art. 356), and each
    committee's seats go to its 13 constituency lists by largest remainder (art.
    358 § 1). ``details["constituency_seats"]`` gives the seats per constituency.
    """
    preset = EUROPEAN_PARLIAMENT
    _check_numbers(votes, preset.seats_by_constituency(), preset)
    numbers = sorted(votes)
    totals = _totals(votes)
    kinds = check_kinds(kinds, totals)
    qualified, threshold_step = apply_thresholds(
        totals, preset.threshold_rule(kinds), kinds=kinds
    )
    national = highest_averages(
        {name: totals[name] for name in qualified},
        seats,
        # Art. 356 § 2 breaks ties by the constituencies where a committee did better.
        districts={n: [votes[k].get(n, 0) for k in numbers] for n in qualified},
        lot=lot,
        tie_rule=preset.tie_rule,
        context="national",
    )
    per_constituency = {n: dict.fromkeys(votes[n], 0) for n in numbers}
    result = Result(
        method=preset.method,
        seats={name: national.seats.get(name, 0) for name in totals},
        steps=[threshold_step, *national.steps],
        ties=list(national.ties),
        details={
            "preset": preset.key,
            "citation": preset.citation,
            "votes": totals,
            "constituency_seats": per_constituency,
        },
    )
    for name, won in national.seats.items():
        if won:
            _share_among_lists(result, name, won, votes, lot)
    return result


def _totals(votes: Mapping[int, Mapping[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for number in sorted(votes):
        checked = check_votes(votes[number], what=f"lists in constituency {number}")
        for name, count in checked.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def _share_among_lists(
    result: Result,
    name: str,
    won: int,
    votes: Mapping[int, Mapping[str, int]],
    lot: Lot | None,
) -> None:
    """Adds to ``result`` a committee's seats shared among its lists (art. 358)."""
    lists = {str(n): votes[n][name] for n in sorted(votes) if name in votes[n]}
    share = largest_remainder(
        lists,
        won,
        lot=lot,
        tie_rule=TieRule("Electoral Code art. 358"),
        context=f"lists of {name}",
    )
    for number, count in share.seats.items():
        result.details["constituency_seats"][int(number)][name] = count
    result.steps.append(
        {
            "kind": "committee_lists",
            "committee": name,
            "seats": won,
            "steps": share.steps,
        }
    )
    result.ties.extend(share.ties)

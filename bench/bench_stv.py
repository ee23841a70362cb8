"""Times a single transferable vote count of 100,000 ranked ballots.

Twenty candidates from four parties compete for five seats. Each generated voter
(seeded, so every run counts the same ballots) ranks some candidates of their
party, best liked more often first, and may go on to a second and third party:
rankings run from one name to all twenty. The count itself (grouping identical
rankings included) is timed, best of several runs.

Run from the repository root: ``python bench/bench_stv.py``.
"""

from __future__ import annotations

import random

from _common import print_machine, timings

from simulations.voting.ballots import RankedBallot, group_rankings
from simulations.voting.ranked import stv

BALLOTS = 100_000
SEATS = 5
RUNS = 5
PARTIES = {
    "Red": (0.34, [9, 6, 4, 2, 1]),
    "Green": (0.28, [7, 6, 3, 2, 2]),
    "Blue": (0.23, [8, 4, 4, 1, 1]),
    "Gold": (0.15, [5, 5, 3, 2, 1]),
}


def party_ranking(rng: random.Random, party: str) -> list[str]:
    """Returns some of the party's candidates, the popular ones likelier first."""
    weights = PARTIES[party][1]
    # Weighted order without replacement (Efraimidis and Spirakis, 2006).
    keys = {f"{party} {i + 1}": rng.random() ** (1 / w) for i, w in enumerate(weights)}
    order = sorted(keys, key=keys.__getitem__, reverse=True)
    return order[: rng.choice([1, 1, 2, 2, 3, 3, 4, 5])]


def voter(rng: random.Random) -> RankedBallot:
    """Returns one voter's ranking: their party first, then maybe others."""
    parties = list(PARTIES)
    shares = [share for share, _ in PARTIES.values()]
    first = rng.choices(parties, shares)[0]
    others = [party for party in parties if party != first]
    rng.shuffle(others)
    ranking = party_ranking(rng, first)
    for party in others:
        if rng.random() > 0.45:
            break
        ranking += party_ranking(rng, party)
    return RankedBallot(tuple(ranking))


def main() -> None:
    rng = random.Random(2024)
    ballots = [voter(rng) for _ in range(BALLOTS)]
    distinct = len(group_rankings(ballots))
    seconds, result = timings(lambda: stv(ballots, SEATS), RUNS)
    print_machine()
    print(
        f"ballots: {BALLOTS:,} ({distinct:,} distinct rankings), "
        f"candidates: {sum(len(w) for _, w in PARTIES.values())}, seats: {SEATS}"
    )
    print(f"stages: {result.details['stages']}, elected: {', '.join(result.winners)}")
    print(f"stv count: best {min(seconds):.3f} s of {RUNS} runs")


if __name__ == "__main__":
    main()

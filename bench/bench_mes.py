"""Times the Method of Equal Shares on Wieliczka's Green Million 2023 against pabutools.

Both count the 6,586 approval ballots with cost utilities and the add1 completion
as Wieliczka did: the share per voter starts at budget / voters and rises by 1 until
the next outcome would cost more than the budget. pabutools has no such option in
one call, so its ``exhaustion_by_budget_increase`` runs its
``method_of_equal_shares`` with the budget raised by one zloty per voter each time
and ``exhaustive_stop=False``, on the grouped (multi)profile, its faster input.
Both outcomes must be the 30 official winners. Goal: at least 10 times faster.

Also times reading the 1.7 MB Kraków 2020 file. Run from the repository root:
``python bench/bench_mes.py [runs]`` (``--plain`` also times pabutools on the
ungrouped profile, which takes minutes).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from _common import best_of, print_machine, shared_data
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import method_of_equal_shares as pabutools_mes
from pabutools.rules.exhaustion import exhaustion_by_budget_increase

from simulations.voting import pabulib
from simulations.voting.ballots import ApprovalBallot
from simulations.voting.budget import method_of_equal_shares

GOAL = 10
WIELICZKA = "poland_wieliczka_2023_green-budget.pb"
KRAKOW = "poland_krakow_2020_.pb"


def ours(path: Path) -> Callable[[], list[str]]:
    instance, ballots = pabulib.read_pabulib(path)
    approvals = [ApprovalBallot(ballot.approved) for ballot in ballots]
    costs = pabulib.costs(instance)

    def count() -> list[str]:
        result = method_of_equal_shares(
            approvals, budget=instance.budget, costs=costs, completion="add1"
        )
        return result.winners

    return count


def theirs(path: Path, *, grouped: bool) -> Callable[[], list[str]]:
    instance, profile = parse_pabulib(str(path))
    voters = profile.num_ballots()
    if grouped:
        profile = profile.as_multiprofile()

    def count() -> list[str]:
        outcome = exhaustion_by_budget_increase(
            instance,
            profile,
            pabutools_mes,
            {"sat_class": Cost_Sat},
            exhaustive_stop=False,
            budget_step=voters,
        )
        return [project.name for project in outcome]

    return count


def main(runs: int, plain: bool) -> None:
    path = shared_data() / "pb" / WIELICZKA
    official = sorted(pabulib.selected(pabulib.read_pabulib(path)[0]))
    print_machine()
    print(f"Wieliczka 2023: Method of Equal Shares, cost utilities, add1 ({runs} runs)")

    our_time, our_winners = best_of(runs, ours(path))
    their_time, their_winners = best_of(1, theirs(path, grouped=True))
    if sorted(our_winners) != official or sorted(their_winners) != official:
        raise SystemExit("an outcome differs from the 30 official winners")
    ratio = their_time / our_time
    print(f"  simulations.voting.budget    {our_time:8.3f} s (best of {runs})")
    print(f"  pabutools, grouped profile   {their_time:8.3f} s")
    print(f"  ratio                        {ratio:8.1f}x  (goal: at least {GOAL}x)")
    print(f"  same 30 official winners, {len(official)} projects: yes")
    if plain:
        plain_time, plain_winners = best_of(1, theirs(path, grouped=False))
        if sorted(plain_winners) != official:
            raise SystemExit("pabutools on the plain profile differs")
        print(f"  pabutools, plain profile     {plain_time:8.3f} s")

    krakow = shared_data() / "pb" / KRAKOW
    size = krakow.stat().st_size / 1e6
    read_time, _ = best_of(runs, lambda: pabulib.read_pabulib(krakow))
    their_read, _ = best_of(1, lambda: parse_pabulib(str(krakow)))
    print(f"Reading Kraków 2020 ({size:.1f} MB, 42,280 ballots)")
    print(f"  simulations.voting.pabulib   {read_time:8.3f} s (best of {runs})")
    print(f"  pabutools parse_pabulib      {their_read:8.3f} s")
    if ratio < GOAL:
        raise SystemExit(f"slower than the goal: {ratio:.1f}x < {GOAL}x")


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    main(int(arguments[0]) if arguments else 3, "--plain" in sys.argv)

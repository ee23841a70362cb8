"""Times the whole Sejm 2023 count: thresholds and 41 constituencies, with steps.

Run with ``python bench/bench_sejm.py [runs]``. The PKW file is read once; each run
then counts all 460 seats and builds every step (quotient tables, seat order),
as a page showing the result would. Goal: under 5 ms per count.
"""

import statistics
import sys

from _common import print_machine, shared_data, timings

from simulations.voting.pkw import read_constituency_results
from simulations.voting.presets import run_sejm

GOAL_MS = 5.0


def main(runs: int) -> None:
    results = read_constituency_results(
        shared_data() / "sejm" / "sejm2023_constituency_results.csv"
    )
    if sum(run_sejm(results).seats.values()) != 460:
        raise SystemExit("the count does not fill 460 seats")
    timings = time_runs(lambda: run_sejm(results), runs)
    serialised = time_runs(lambda: run_sejm(results).to_dict(), runs)
    median = statistics.median(timings)
    print(f"Sejm 2023, 41 constituencies, 460 seats, with steps: {runs} runs")
    print(f"median {median:.2f} ms, best {min(timings):.2f} ms per allocation")
    print(
        f"with to_dict() for JSON: median {statistics.median(serialised):.2f} ms, "
        f"best {min(serialised):.2f} ms"
    )
    print(f"goal {GOAL_MS:.0f} ms: {'met' if median < GOAL_MS else 'NOT met'}")
    print_machine()


def time_runs(count, runs: int) -> list[float]:
    """Returns the milliseconds of each of ``runs`` calls, after a warm-up."""
    seconds, _ = timings(count, runs, warmup=20)
    return [second * 1000 for second in seconds]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

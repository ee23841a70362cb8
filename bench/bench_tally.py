"""Counting a million ballots: the time of ``election_tally`` on PostgreSQL.

Builds a mock Sejm election (four Małopolska constituencies, seven lists of
twelve candidates each, the preset's thresholds) in the PostgreSQL database
``BENCH_DATABASE_URL`` (each run adds a school to it) through the services,
stores ``--ballots`` ballots (1,000,000 unless told) with COPY, closes the
election through the service (which rewrites every ballot, see
docs/elections.md) and times, ``--runs`` times each:

- ``election_tally``: the count with every step (the goal: under 5 s);
- ``station_tally``: the numbers per class;
- the staff's results page (``/elections/<id>/results/``), rendered in process
  by Django's test client, which adds the levels, what-ifs and charts.

Prints the machine, the versions and the timings, checks that the count adds up
to the ballots stored and that the seats are all given, and writes the figures to
``bench/results/tally.json``. Exits 1 when a check fails; without
``BENCH_DATABASE_URL`` it says so and stops (exit 0).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_elect \\
    python bench/bench_tally.py [--ballots 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import elect_server
from _common import REPO, machine

GOAL_SECONDS = 5.0
RESULTS = REPO / "bench" / "results" / "tally.json"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def timed(work, runs: int) -> tuple[list[float], object]:
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def summary(seconds: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(seconds), 3),
        "best_s": round(min(seconds), 3),
        "runs": [round(s, 3) for s in seconds],
    }


def results_page(world) -> tuple[int, int]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(world.coordinator)
    client.cookies["django_language"] = "en"
    response = client.get(f"/elections/{world.election.pk}/results/")
    return response.status_code, len(response.content)


def checks(world, tally, stored: int) -> dict:
    from simulations.voting.presets import PRESETS

    counted = sum(count.total for count in tally.contests)
    seats = sum(PRESETS["sejm"].seats_by_constituency()[n] for n in CONSTITUENCIES)
    given = sum(tally.combined.seats.values()) if tally.combined else 0
    return {
        "every_ballot_counted": counted == stored,
        "every_seat_given": given == seats and tally.problem is None,
    }


CONSTITUENCIES = ()  # set from elect_ballots once Django is set up


def main() -> int:
    global CONSTITUENCIES
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = elect_server.environment(Path(folder), redis=False)
        elect_server.prepare(env)
        import elect_ballots
        from django.db import connection

        from simulations import services
        from simulations.models import BallotRecord

        CONSTITUENCIES = elect_ballots.CONSTITUENCIES
        world = elect_ballots.build()
        services.election_open(by=world.coordinator, election=world.election)
        start = time.perf_counter()
        elect_ballots.insert(world, args.ballots)
        inserted = time.perf_counter() - start
        start = time.perf_counter()
        world.election = services.election_close(
            by=world.coordinator, election=world.election
        )
        closed = time.perf_counter() - start
        stored = BallotRecord.objects.filter(contest__election=world.election).count()
        tally_s, tally = timed(
            lambda: services.election_tally(election=world.election), args.runs
        )
        station_s, _stations = timed(
            lambda: services.station_tally(election=world.election), args.runs
        )
        page_s, (status, size) = timed(lambda: results_page(world), args.runs)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size(%s))",
                [BallotRecord._meta.db_table],
            )
            table_size = cursor.fetchone()[0]
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "versions": versions(),
            "load_average": elect_server.load_average(),
            "setup": {
                "ballots": stored,
                "constituencies": list(CONSTITUENCIES),
                "lists": len(elect_ballots.LISTS),
                "candidates_per_list": elect_ballots.CANDIDATES_PER_LIST,
                "distinct_ballots": len(elect_ballots.ballot_kinds(world)),
                "ballot_table_size": table_size,
                "insert_s": round(inserted, 1),
                "close_s": round(closed, 1),
            },
            "election_tally": summary(tally_s),
            "station_tally": summary(station_s),
            "results_page": {**summary(page_s), "status": status, "bytes": size},
            "seats": tally.combined.seats if tally.combined else None,
            "checks": checks(world, tally, stored),
        }
    report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.output}")
    return 0 if all(result["checks"].values()) else 1


def versions() -> dict:
    import django

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": elect_server.postgres_version(),
    }


def report(result: dict) -> None:
    setup = result["setup"]
    print(f"machine: {result['machine']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    print(f"load average: {result['load_average']}")
    print(
        f"measured: mock Sejm election, constituencies {setup['constituencies']}, "
        f"{setup['lists']} lists x {setup['candidates_per_list']} candidates, "
        f"{setup['ballots']} ballots ({setup['distinct_ballots']} distinct, "
        f"table {setup['ballot_table_size']}); inserted in {setup['insert_s']} s, "
        f"closed (ballots rewritten) in {setup['close_s']} s"
    )
    for name in ("election_tally", "station_tally", "results_page"):
        figures = result[name]
        print(
            f"{name}: median {figures['median_s']} s, best {figures['best_s']} s "
            f"over {len(figures['runs'])} runs"
        )
    print(f"seats: {result['seats']}")
    for name, ok in result["checks"].items():
        print(f"  {'ok' if ok else 'FAILED'}: {name.replace('_', ' ')}")
    met = result["election_tally"]["median_s"] < GOAL_SECONDS
    print(
        f"goal election_tally under {GOAL_SECONDS:.0f} s: {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    sys.exit(main())

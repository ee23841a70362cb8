"""Casting ballots over HTTP on a real Daphne: ballots per second and latency.

Builds an open student-council election of ``--voters`` pupils (10,000 in 400
classes unless told, one voting code each, issued by the service) in the
PostgreSQL database ``BENCH_DATABASE_URL`` (each run adds a school to it), with
Redis for the cache (database ``BENCH_REDIS_DB``, 14 unless set, cleared).
Starts ``--servers`` Daphne processes (2 unless told; clients are spread over
them as a proxy would) with ``DEBUG`` off, and makes every pupil vote as a phone
does, from ``--clients`` client processes, ``--concurrency`` voters at a time in
all: GET the slip's link ``/vote/?code=``, POST the code with the CSRF token
(the page's script does it), mark the ballot, POST it, read the tracker. A share
of voters (``--double``) posts the ballot twice at once from two connections;
afterwards ``--repeats`` voters post their spent code again. Without
``BENCH_DATABASE_URL`` or ``REDIS_URL`` it says so and stops (exit 0), so ``make
bench`` still runs on a machine without them.

Prints the machine, the versions, ballots per second and the latency of a whole
ballot (three requests) at p50/p95/p99, and checks in the database: ballots =
receipts, spent codes = ballots, every tracker shown is stored once, the marks per
candidate equal the marks the voters made, every second or repeated submission
refused. Writes the figures to ``bench/results/election_cast.json``. Exits 1 when
a check fails.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_elect \\
    REDIS_URL=redis://127.0.0.1:6379/0 python bench/bench_election_cast.py \\
        [--voters 10000] [--classes 400] [--concurrency 40] [--servers 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import elect_client
import elect_server
from _common import REPO, machine

GOAL = 500  # ballots per second
RESULTS = REPO / "bench" / "results" / "election_cast.json"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--classes", type=int, default=400)
    parser.add_argument("--seats", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--servers", type=int, default=2, help="Daphne processes")
    parser.add_argument("--double", type=float, default=0.01)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def cast_everything(args, ports: list[int], codes: list[str]):
    """Runs the voters in client processes; returns the outcomes, the seconds
    and the processor seconds the client processes used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    shares = [codes[n :: args.clients] for n in range(args.clients)]
    start_at = time.time() + 1.0
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(args.clients, mp_context=context) as pool:
        futures = [
            pool.submit(
                elect_client.run_voters,
                ports,
                share,
                concurrency=max(1, args.concurrency // args.clients),
                seats=args.seats,
                double_share=args.double,
                seed=args.seed + number,
                start_at=start_at,
            )
            for number, share in enumerate(shares)
        ]
        outcomes = [outcome for future in futures for outcome in future.result()]
    seconds = time.time() - start_at
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return outcomes, seconds, used


class ProcessorUse:
    """Processor seconds used by the Daphne processes and the database backends
    between ``start()`` and ``stop()``."""

    def __init__(self, daphne_pids: list[int], database: str):
        self.daphne_pids = daphne_pids
        self.database = database

    def _sample(self) -> tuple[float, dict[int, float]]:
        daphne = sum(elect_server.cpu_seconds(pid) for pid in self.daphne_pids)
        backends = {
            pid: elect_server.cpu_seconds(pid)
            for pid in elect_server.database_backends(self.database)
        }
        return daphne, backends

    def start(self) -> None:
        self.daphne, self.backends = self._sample()

    def stop(self) -> dict[str, float]:
        daphne, backends = self._sample()
        database = sum(
            seconds - self.backends.get(pid, 0.0) for pid, seconds in backends.items()
        )
        return {"daphne": daphne - self.daphne, "postgresql": database}


def verify(world, outcomes, repeats) -> dict:
    """Compares what the voters were shown with what the database holds."""
    from simulations import services
    from simulations.models import BallotRecord, VotingCode

    election = world.election
    cast = [o for o in outcomes if o.error is None]
    shown = [tracker for o in cast for tracker in o.trackers]
    stored = list(
        BallotRecord.objects.filter(contest__election=election).values_list(
            "tracker", flat=True
        )
    )
    stored_set = {t.replace("-", "") for t in stored}
    shown_set = {t.replace("-", "") for t in shown}
    spent = VotingCode.objects.filter(election=election, spent=True).count()
    marks = Counter(m for o in cast for m in o.marks)
    tally = services.election_tally(election=election).contests[0]
    labels = tally.spec.labels
    expected = {labels[option]: marks.get(option, 0) for option in labels}
    checks = {
        "ballots_equal_receipts": len(stored) == len(cast) == len(shown),
        "spent_codes_equal_ballots": spent == len(stored),
        "no_tracker_lost_or_unknown": stored_set == shown_set,
        "no_tracker_twice": len(stored_set) == len(stored),
        "marks_equal_the_voters_marks": tally.votes == expected,
        "blank_ballots_equal": tally.blank == sum(o.blank for o in cast),
        "double_posts_refused": all(
            o.double_refused for o in cast if o.double_refused is not None
        ),
        "repeats_refused": all(refused for _status, refused in repeats),
    }
    return {
        "ballots_stored": len(stored),
        "receipts": len(cast),
        "codes_spent": spent,
        "codes_unspent": VotingCode.objects.filter(
            election=election, spent=False
        ).count(),
        "double_posts": sum(o.double_refused is not None for o in outcomes),
        "repeats": len(repeats),
        "repeat_statuses": dict(Counter(str(status) for status, _r in repeats)),
        "checks": checks,
    }


def figures(outcomes, seconds: float) -> dict:
    cast = [o for o in outcomes if o.error is None]
    latencies = [o.seconds * 1000 for o in cast]
    steps = {
        step: round(statistics.median(o.steps[step] for o in cast) * 1000, 1)
        for step in ("get", "code", "cast")
        if cast
    }
    return {
        "seconds": round(seconds, 2),
        "ballots_per_second": round(len(cast) / seconds, 1),
        "requests_per_second": round(3 * len(cast) / seconds, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies, default=0), 1),
        },
        "median_step_ms": steps,
        "errors": dict(Counter(o.error.split(" (")[0] for o in outcomes if o.error)),
    }


def per_ballot(processor: dict[str, float], outcomes) -> dict[str, float]:
    """Returns the processor milliseconds each ballot cost in the servers, the
    database and the clients: what bounds the rate on a machine of N cores at
    about N / (their sum) ballots per second, whatever else runs there."""
    cast = max(1, sum(o.error is None for o in outcomes))
    costs = {name: round(1000 * used / cast, 2) for name, used in processor.items()}
    costs["total"] = round(sum(costs.values()), 2)
    return costs


def versions() -> dict:
    import daphne
    import django
    import twisted

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "daphne": daphne.__version__,
        "twisted": twisted.__version__,
        "postgresql": elect_server.postgres_version(),
        "redis": elect_server.redis_version(),
    }


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = elect_server.environment(Path(folder))
        elect_server.prepare(env)
        import elect_world
        from django.core.cache import cache
        from django.db import connections

        cache.clear()
        started = time.perf_counter()
        world = elect_world.build(
            voters=args.voters, classes=args.classes, seats=args.seats
        )
        built = time.perf_counter() - started
        connections.close_all()
        servers = elect_server.start_daphnes(env, args.servers)
        ports = [port for _process, port in servers]
        use = ProcessorUse(
            [process.pid for process, _port in servers],
            env["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0],
        )
        try:
            load_before = elect_server.load_average()
            use.start()
            outcomes, seconds, client_cpu = cast_everything(args, ports, world.codes)
            processor = {**use.stop(), "clients": client_cpu}
            load_after = elect_server.load_average()
            done = [
                c for c, o in zip(world.codes, outcomes, strict=True) if not o.error
            ]
            repeats = elect_client.run_repeats(ports, done[: args.repeats])
        finally:
            elect_server.stop_daphnes(servers)
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "versions": versions(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "setup": {
                "voters": args.voters,
                "classes": args.classes,
                "seats": args.seats,
                "candidates": elect_world.CANDIDATES,
                "daphne_processes": args.servers,
                "client_processes": args.clients,
                "concurrency": args.concurrency,
                "double_share": args.double,
                "build_seconds": round(built, 1),
                "database_pool_size": os.environ.get("DATABASE_POOL_SIZE", "10"),
            },
            **figures(outcomes, seconds),
            "processor_ms_per_ballot": per_ballot(processor, outcomes),
            "verification": verify(world, outcomes, repeats),
        }
    report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.output}")
    return 0 if all(result["verification"]["checks"].values()) else 1


def report(result: dict) -> None:
    setup, latency = result["setup"], result["latency_ms"]
    print(f"machine: {result['machine']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    print(
        f"load average before {result['load_average_before']}, "
        f"after {result['load_average_after']}"
    )
    print(
        f"measured: {setup['voters']} voters in {setup['classes']} classes, "
        f"{setup['daphne_processes']} Daphne process(es), "
        f"{setup['client_processes']} client processes, "
        f"{setup['concurrency']} voters at a time; each ballot is GET /vote/?code=, "
        "POST /vote/ (code), POST /vote/ballot/ (ballot)"
    )
    print(
        f"{result['ballots_per_second']:.0f} ballots/s "
        f"({result['requests_per_second']:.0f} requests/s) in {result['seconds']} s; "
        f"latency per ballot p50 {latency['p50']} ms, p95 {latency['p95']} ms, "
        f"p99 {latency['p99']} ms; median per step {result['median_step_ms']}"
    )
    print(f"errors: {result['errors'] or 'none'}")
    costs = result["processor_ms_per_ballot"]
    print(
        "processor time per ballot: "
        + ", ".join(f"{name} {ms} ms" for name, ms in costs.items())
        + f" (bound on {os.cpu_count()} free cores: "
        f"{1000 * (os.cpu_count() or 1) / max(costs['total'], 0.01):.0f} ballots/s)"
    )
    check = result["verification"]
    print(
        f"verified: {check['ballots_stored']} ballots stored, {check['receipts']} "
        f"receipts, {check['codes_spent']} codes spent, {check['double_posts']} "
        f"double posts, {check['repeats']} repeats "
        f"(statuses {check['repeat_statuses']})"
    )
    for name, ok in check["checks"].items():
        print(f"  {'ok' if ok else 'FAILED'}: {name.replace('_', ' ')}")
    goal = "met" if result["ballots_per_second"] >= GOAL else "NOT met"
    print(f"goal {GOAL} ballots/s: {goal}")


if __name__ == "__main__":
    sys.exit(main())

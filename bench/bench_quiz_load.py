"""Live-quiz load: many players in one session on real Daphne, Redis and PostgreSQL.

Migrates the empty PostgreSQL database named by ``BENCH_DATABASE_URL`` and uses
the Redis server of ``REDIS_URL`` (channel layer and cache, in Redis database
``BENCH_REDIS_DB``, 13 unless set, which the run flushes). Creates a school, a
teacher, a quiz of single-choice questions and a session through the services,
starts ``--daphne-processes`` Daphne processes (players spread over them, the host
on the first), and drives the game with real WebSocket clients
(``quiz_players.py``, in ``--client-processes`` processes): all players join,
the host starts, every player answers each question at a random moment within
``--answer-window`` seconds of seeing it (a few tap twice), the question closes
once everyone answered, the host shows the leaderboard and opens the next.

Then it plays the same game against a bare ``websockets`` broadcast server
(``quiz_floor.py``: same clients, same message sizes, no database, no channel
layer) as the floor, and prints, and writes as JSON under ``bench/results/``:
the machine and versions, the join time, the question fan-out latency (the
server time carried in ``question_opened`` against the time a client received
it; clients and servers share the clock), the ack latency (answer sent to ack
received), answers lost (acked but not in the database, or never acked) and
doubled (more rows than acks), the CPU time of the servers, and the ratios to
the floor.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_quiz \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
    python bench/bench_quiz_load.py [--players 1000] [--questions 5] \\
        [--daphne-processes 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from _common import REPO, machine
from websockets.asyncio.client import connect

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
GOALS = {"fanout_p95_ms": 500, "ack_p95_ms": 250}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--players", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--daphne-processes", type=int, default=1, choices=(1, 2, 3))
    parser.add_argument(
        "--client-processes",
        type=int,
        default=0,
        help="processes driving the players (default: one per 500 players)",
    )
    parser.add_argument("--answer-window", type=float, default=3.0)
    parser.add_argument(
        "--double-tap",
        type=float,
        default=0.05,
        help="share of answers sent twice at once (the second must be refused)",
    )
    parser.add_argument("--time-limit", type=int, default=20)
    parser.add_argument(
        "--join-concurrency",
        type=int,
        default=10,
        help="players of one client process joining at the same moment",
    )
    parser.add_argument("--pause", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument(
        "--profile",
        metavar="FOLDER",
        help="run each Daphne under cProfile and write its profile here",
    )
    return parser.parse_args()


# Setting up ----------------------------------------------------------------------


def environment() -> dict[str, str] | None:
    database = os.environ.get("BENCH_DATABASE_URL", "")
    redis = os.environ.get("REDIS_URL", "")
    if not database.startswith("postgres") or not redis:
        return None
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    base = redis.rsplit("/", 1)[0]
    redis_db = f"{base}/{os.environ.get('BENCH_REDIS_DB', '13')}"
    env.update(
        DJANGO_SETTINGS_MODULE="youth_civics.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DATABASE_URL=database,
        REDIS_URL=redis_db,
        REDIS_CACHE_URL=redis_db,
        CACHE_KEY_PREFIX="youth-civics-bench",
        # Every player comes from 127.0.0.1: the per-address join limit is for
        # guessing, not for this.
        QUIZ_JOIN_RATE_LIMIT="1000000",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(env: dict[str, str], args: argparse.Namespace) -> dict:
    """Migrates the database, flushes the bench's Redis database and creates the
    school, quiz and session; returns what the clients need."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    os.environ.update(env)
    import django

    django.setup()
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    return _create_game(args)


def _create_game(args: argparse.Namespace) -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from quizzes import services
    from quizzes.models import QuestionKind
    from school_councils import services as school_services
    from school_councils.models import School, SchoolLevel, StaffRole

    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    school = School.objects.create(
        name=f"Szkoła pomiarowa {run}", district=1, level=SchoolLevel.PRIMARY
    )
    teacher = school_services.staff_user_create(
        username=f"bench-{run}",
        email=f"bench-{run}@example.org",
        password="bench-password-1",
        school=school,
        role=StaffRole.TEACHER,
    )
    quiz = services.quiz_create(
        by=teacher, school=school, title="Konstytucja", language="pl"
    )
    for number in range(args.questions):
        services.question_add(
            by=teacher,
            quiz=quiz,
            kind=QuestionKind.SINGLE,
            text=f"Pytanie {number + 1}: kto uchwala ustawy?",
            choices=["Sejm i Senat", "Prezydent", "Trybunał", "Rada Ministrów"],
            correct=[0],
            time_limit=args.time_limit,
        )
    session = services.live_session_start(by=teacher, quiz=quiz)
    store = SessionStore()
    store[SESSION_KEY] = str(teacher.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = teacher.get_session_auth_hash()
    store.create()
    return {
        "session": session.pk,
        "pin": session.pin,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_daphne(env: dict[str, str], port: int, profile: Path | None):
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile / f"daphne-{port}.prof")]
    command += ["-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
    command += ["youth_civics.asgi:application"]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("BENCH_LOG") else subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("Daphne did not start within 60 seconds")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        # SIGINT lets a profiled Daphne write its profile on the way out.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(pids: list[int]) -> float:
    """Returns the user + system CPU seconds the processes have used so far."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            pass
    return total


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# Driving the game ----------------------------------------------------------------


class Host:
    """The teacher's screen: reads every event, waits for the ones it needs."""

    def __init__(self, socket):
        self.socket = socket
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.counts: dict[str, int] = {}
        self.players = 0
        self.gaps = 0
        self.everyone_seen = asyncio.Event()
        self.expected = 0
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        last = 0
        async for text in self.socket:
            message = json.loads(text)
            kind = message["type"]
            self.counts[kind] = self.counts.get(kind, 0) + 1
            if kind == "state":
                last = message["seq"]
                self._seen(len(message["players"]))
            elif kind not in {"ok", "error", "pong", "answer_pending"}:
                if message["seq"] > last + 1:
                    self.gaps += 1  # as a host screen does: ask for everything
                    await self.send({"type": "sync"})
                last = max(last, message["seq"])
            if kind == "player_joined":
                self._seen(message["players"])
            await self.inbox.put(message)

    def _seen(self, players: int) -> None:
        self.players = max(self.players, players)
        if self.expected and self.players >= self.expected:
            self.everyone_seen.set()

    async def send(self, message: dict) -> None:
        await self.socket.send(json.dumps(message))

    async def expect(self, kind: str, timeout: float = 120) -> dict:
        async with asyncio.timeout(timeout):
            while True:
                message = await self.inbox.get()
                if message["type"] == kind:
                    return message
                if message["type"] == "error":
                    raise RuntimeError(f"host refused: {message}")


async def start_clients(config: dict, processes: int, script: str) -> list:
    clients = []
    per = math.ceil(config["players"] / processes)
    for number in range(processes):
        first = number * per
        count = min(per, config["players"] - first)
        if count <= 0:
            break
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(BENCH / script),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            limit=2**28,
        )
        process.stdin.write(
            (json.dumps({**config, "first": first, "count": count}) + "\n").encode()
        )
        await process.stdin.drain()
        clients.append(process)
    return clients


async def read_event(process, event: str) -> dict:
    while True:
        line = await process.stdout.readline()
        if not line:
            raise RuntimeError(f"a client process ended before {event!r}")
        data = json.loads(line)
        if data.get("event") == event:
            return data


def client_config(args, urls: list[str], origin: str) -> dict:
    return {
        "players": args.players,
        "urls": urls,
        "origin": origin,
        "answer_window": args.answer_window,
        "double_tap": args.double_tap,
        "join_concurrency": args.join_concurrency,
        "join_attempts": 5,
        "seed": args.seed,
        "timeout": 120 + args.questions * (args.time_limit + 3 * args.pause + 30),
    }


async def play_on_daphne(args, game: dict, ports: list[int], pids: list[int]):
    base = f"http://127.0.0.1:{ports[0]}"
    host = Host(
        await connect(
            f"ws://127.0.0.1:{ports[0]}/ws/quiz/{game['session']}/host/",
            origin=base,
            additional_headers={"Cookie": game["cookie"], "Accept-Language": "pl"},
            proxy=None,
            max_queue=None,
            ping_interval=None,
        )
    )
    await host.expect("state")
    urls = [f"ws://127.0.0.1:{port}/ws/quiz/{game['pin']}/play/" for port in ports]
    processes = args.client_processes or math.ceil(args.players / 500)
    cpu = {"start": cpu_seconds(pids)}
    clients = await start_clients(
        client_config(args, urls, base), processes, "quiz_players.py"
    )
    host.expected = args.players
    joined = [await read_event(c, "joined") for c in clients]
    # The teacher starts once the projector shows everyone (asking for the whole
    # state now and then, in case an arrival was missed on the way).
    async with asyncio.timeout(600):
        while not host.everyone_seen.is_set():
            try:
                await asyncio.wait_for(host.everyone_seen.wait(), timeout=20)
            except TimeoutError:
                await host.send({"type": "sync"})
    host_saw_everyone = time.time()
    cpu["joined"] = cpu_seconds(pids)
    timeline = await host_game(host, args)
    cpu["played"] = cpu_seconds(pids)
    results = [await read_event(c, "result") for c in clients]
    for client in clients:
        await client.wait()
    host.reader.cancel()
    await host.socket.close()
    return {
        "joined": joined,
        "host_saw_everyone": host_saw_everyone,
        "results": results,
        "timeline": timeline,
        "cpu": cpu,
        "host_messages": host.counts,
        "host_gaps": host.gaps,
    }


async def host_game(host: Host, args) -> list[dict]:
    """Starts the game and leads it to the podium; returns when each question
    opened and closed (the host's clock)."""
    timeline = []
    await host.send({"type": "start"})
    for index in range(args.questions):
        opened = await host.expect("question_opened")
        opened_at = time.time()
        closed = await host.expect("question_closed", timeout=args.time_limit + 60)
        timeline.append(
            {
                "question": index,
                "opened_seen": opened_at,
                "closed_seen": time.time(),
                "answered": closed["answered"],
                "server_opened": opened["timing"]["server_time"],
            }
        )
        await host.send({"type": "next"})
        await host.expect("leaderboard")
        await asyncio.sleep(args.pause)
        await host.send({"type": "next"})
    await host.expect("final")
    return timeline


async def play_on_floor(args, templates: dict) -> dict:
    floor = await asyncio.create_subprocess_exec(
        sys.executable,
        str(BENCH / "quiz_floor.py"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    config = {
        "players": args.players,
        "questions": args.questions,
        "pause": args.pause,
        "templates": templates,
    }
    floor.stdin.write((json.dumps(config) + "\n").encode())
    await floor.stdin.drain()
    port = json.loads(await floor.stdout.readline())["port"]
    cpu = {"start": cpu_seconds([floor.pid])}
    url = f"ws://127.0.0.1:{port}/"
    processes = args.client_processes or math.ceil(args.players / 500)
    clients = await start_clients(
        client_config(args, [url], f"http://127.0.0.1:{port}"),
        processes,
        "quiz_players.py",
    )
    joined = [await read_event(c, "joined") for c in clients]
    cpu["joined"] = cpu_seconds([floor.pid])
    results = [await read_event(c, "result") for c in clients]
    cpu["played"] = cpu_seconds([floor.pid])
    for client in clients:
        await client.wait()
    await floor.stdout.readline()
    floor.terminate()
    await floor.wait()
    return {"joined": joined, "results": results, "cpu": cpu}


def floor_templates(run: dict) -> dict:
    """The player's messages of the real run, for the floor to replay."""
    samples: dict = {}
    for result in run["results"]:
        for kind, message in result["samples"].items():
            samples.setdefault(kind, message)
    samples.setdefault(
        "error",
        {"type": "error", "seq": 0, "code": "already_answered", "message": "x" * 40},
    )
    needed = ("joined", "state", "question_opened", "ack", "question_closed")
    missing = [kind for kind in needed if kind not in samples]
    if missing:
        raise RuntimeError(f"the real run sent no {missing}: no floor to compare")
    samples.setdefault("leaderboard", samples["question_closed"])
    samples.setdefault("final", samples["leaderboard"])
    return samples


# Checking and reporting ----------------------------------------------------------


def check_answers(session_id: int, results: list[dict]) -> dict:
    """Compares what the clients were told with the database, the truth."""
    from django.db.models import Count

    from quizzes.models import Answer

    rows = {
        (row["player_id"], row["question_index"]): row["n"]
        for row in Answer.objects.filter(player__session_id=session_id)
        .values("player_id", "question_index")
        .annotate(n=Count("id"))
    }
    acked = set()
    lost_acked = never_acked = refused = double_acked = 0
    refusals: dict[str, int] = {}
    for result in results:
        for player in result["players"]:
            for question in player["acked"]:
                acked.add((player["player"], question))
                if (player["player"], question) not in rows:
                    lost_acked += 1
            never_acked += sum(1 for _q, tap in player["unacked"] if tap == "a")
            double_acked += len(player["acked_twice"])
            for _question, code, tap in player["refused"]:
                refused += tap == "a"
                label = f"{code} ({'first' if tap == 'a' else 'second'} tap)"
                refusals[label] = refusals.get(label, 0) + 1
    duplicate_rows = sum(n - 1 for n in rows.values() if n > 1)
    rows_without_ack = sum(1 for key in rows if key not in acked)
    return {
        "database_rows": sum(rows.values()),
        "acks": len(acked),
        "lost_acked_not_in_database": lost_acked,
        "lost_never_acked": never_acked,
        "lost": lost_acked + never_acked,
        "doubled_rows": duplicate_rows,
        "rows_without_ack": rows_without_ack,
        "doubled": duplicate_rows + rows_without_ack + double_acked,
        "second_tap_acked": double_acked,
        "refused_first_answers": refused,
        "refusals": refusals,
    }


def percentiles(values: list[float]) -> dict:
    """Returns p50, p95, p99 and the maximum, in milliseconds."""
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def at(share):
        return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]

    return {
        "count": len(ordered),
        "p50": round(at(0.50) * 1000, 1),
        "p95": round(at(0.95) * 1000, 1),
        "p99": round(at(0.99) * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def summarise(run: dict) -> dict:
    results = run["results"]
    joined = run["joined"]
    join_seconds = max(j["finished"] for j in joined) - min(
        j["started"] for j in joined
    )
    messages: dict[str, int] = {}
    for result in results:
        for kind, n in result["messages"].items():
            messages[kind] = messages.get(kind, 0) + n
    cpu = run["cpu"]
    started = min(j["started"] for j in joined)
    settled = run.get("host_saw_everyone")
    return {
        "join_all_seconds": round(join_seconds, 2),
        "host_saw_everyone_seconds": round(settled - started, 2) if settled else None,
        "join_each": percentiles([s for r in results for s in r["join"]]),
        "fanout": percentiles([s for r in results for s in r["fanout"]]),
        "ack": percentiles([s for r in results for s in r["ack"]]),
        "join_failures_retried": sum(r["join_failures"] for r in results),
        "gaps_synced": sum(r["gaps"] for r in results),
        "gaps_at": _merged(r["gap_types"] for r in results),
        "stale_events": sum(r["stale"] for r in results),
        "client_errors": sum(len(r["errors"]) for r in results),
        "timed_out": any(r["timed_out"] for r in results),
        "messages_to_players": messages,
        "server_cpu_seconds": {
            "joining": round(cpu["joined"] - cpu["start"], 2),
            "playing": round(cpu["played"] - cpu["joined"], 2),
        },
    }


def _merged(counts) -> dict:
    total: dict[str, int] = {}
    for count in counts:
        for key, n in count.items():
            total[key] = total.get(key, 0) + n
    return total


def versions() -> dict:
    names = ["Django", "channels", "channels-redis", "daphne", "websockets", "psycopg"]
    found = {"Python": platform.python_version()}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def server_versions() -> dict:
    import redis
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    info = redis.Redis.from_url(settings.REDIS_URL).info("server")
    return {"PostgreSQL": postgres, "Redis": info.get("redis_version")}


def print_report(report: dict) -> None:
    print(f"machine: {report['machine']} ({report['cpus']} CPUs)")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()))
    print(
        f"load average before: {report['load_before']}, after: {report['load_after']}"
    )
    setup = report["setup"]
    print(
        f"measured: {setup['players']} players in one session, "
        f"{setup['questions']} questions, answers within {setup['answer_window']} s "
        f"({setup['double_tap'] * 100:g}% tapped twice), "
        f"{setup['daphne_processes']} Daphne process(es), "
        f"{setup['client_processes']} client process(es), PostgreSQL + Redis "
        f"({report['channel_layer']} channel layer)"
    )
    for name in ("daphne", "floor"):
        figures = report.get(name)
        if not figures:
            continue
        print(f"-- {name}")
        print(
            f"join: all in {figures['join_all_seconds']} s (the host saw everyone "
            f"after {figures['host_saw_everyone_seconds']} s, "
            f"{figures['join_failures_retried']} failed and tried again); each "
            + _ms(figures["join_each"])
        )
        print("question fan-out: " + _ms(figures["fanout"]))
        print("answer ack: " + _ms(figures["ack"]))
        print(
            f"gaps synced: {figures['gaps_synced']} (at {figures['gaps_at']}), "
            f"stale events: {figures['stale_events']}, errors: "
            f"{figures['client_errors']}, timed out: {figures['timed_out']}, "
            f"server CPU s joining/playing: {figures['server_cpu_seconds']}"
        )
        print(f"messages to players: {figures['messages_to_players']}")
    answers = report["answers"]
    print(
        f"answers: {answers['database_rows']} rows, {answers['acks']} acks; "
        f"lost {answers['lost']} (acked but not stored "
        f"{answers['lost_acked_not_in_database']}, never acked "
        f"{answers['lost_never_acked']}); doubled {answers['doubled']}; "
        f"refusals {answers['refusals']}"
    )
    for name, value in report.get("ratios", {}).items():
        print(f"ratio to the floor, {name}: {value}")
    print("goals: " + ", ".join(f"{k} {v}" for k, v in report["goals"].items()))


def _ms(figures: dict) -> str:
    if not figures.get("count"):
        return "none"
    return (
        f"p50 {figures['p50']} ms, p95 {figures['p95']} ms, p99 {figures['p99']} ms, "
        f"max {figures['max']} ms (n={figures['count']})"
    )


def goals(report: dict) -> dict:
    daphne, answers = report["daphne"], report["answers"]
    return {
        "fan-out p95 < 500 ms": daphne["fanout"].get("p95", 1e9)
        < GOALS["fanout_p95_ms"],
        "ack p95 < 250 ms": daphne["ack"].get("p95", 1e9) < GOALS["ack_p95_ms"],
        "none lost": answers["lost"] == 0,
        "none doubled": answers["doubled"] == 0,
        "every answer taken": answers["refused_first_answers"] == 0,
    }


def ratios(daphne: dict, floor: dict) -> dict:
    found = {}
    for part in ("fanout", "ack"):
        for share in ("p50", "p95", "p99"):
            ours, bare = daphne[part].get(share), floor[part].get(share)
            if ours and bare:
                found[f"{part} {share}"] = round(ours / bare, 1)
    return found


def main() -> None:
    args = parse_args()
    env = environment()
    if env is None:
        print(
            "skipped: set BENCH_DATABASE_URL (an empty PostgreSQL database) and "
            "REDIS_URL to measure live quizzes under load"
        )
        return
    load_before = load_average()
    game = prepare(env, args)
    ports = [free_port() for _ in range(args.daphne_processes)]
    profile = Path(args.profile).resolve() if args.profile else None
    if profile:
        profile.mkdir(parents=True, exist_ok=True)
    servers = [start_daphne(env, port, profile) for port in ports]
    try:
        run = asyncio.run(play_on_daphne(args, game, ports, [s.pid for s in servers]))
    finally:
        for server in servers:
            stop(server)
    from django.db import close_old_connections

    close_old_connections()
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "cpus": os.cpu_count(),
        "versions": {**versions(), **server_versions()},
        "load_before": load_before,
        "setup": {
            "players": args.players,
            "questions": args.questions,
            "answer_window": args.answer_window,
            "double_tap": args.double_tap,
            "daphne_processes": args.daphne_processes,
            "client_processes": args.client_processes or math.ceil(args.players / 500),
            "time_limit": args.time_limit,
        },
        "daphne": summarise(run),
        "timeline": run["timeline"],
        "host_messages": run["host_messages"],
        "host_gaps": run["host_gaps"],
        "channel_layer": env.get("REDIS_CHANNEL_LAYER", "core"),
        "answers": check_answers(game["session"], run["results"]),
    }
    if not args.no_floor:
        floor = asyncio.run(play_on_floor(args, floor_templates(run)))
        report["floor"] = summarise(floor)
        report["ratios"] = ratios(report["daphne"], report["floor"])
    report["load_after"] = load_average()
    report["goals"] = goals(report)
    print_report(report)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / (
        f"quiz_load-{stamp}-{args.players}p-{args.daphne_processes}d.json"
    )
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written: {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()

"""The election benchmarks' throwaway site: its settings and its Daphne processes.

The site runs as in production (``DEBUG`` off, static files collected into a
temporary folder and served by WhiteNoise, PostgreSQL with its connection pool,
Redis for the cache and the channel layer), except that it speaks plain HTTP on
127.0.0.1, so the secure-cookie and HTTPS-redirect settings are turned off.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from _common import REPO


def environment(folder: Path, *, redis: bool = True) -> dict[str, str]:
    """Returns the settings of the throwaway site, by environment variables.

    Needs ``BENCH_DATABASE_URL`` (a PostgreSQL database of its own: the bench
    adds a school to it on every run) and, unless ``redis`` is false, ``REDIS_URL``;
    the cache goes to Redis database ``BENCH_REDIS_DB`` (14 unless set), which the
    bench clears.
    """
    database = os.environ.get("BENCH_DATABASE_URL", "")
    if not database.startswith(("postgres://", "postgresql://")):
        skip(
            "needs BENCH_DATABASE_URL, a PostgreSQL database of its own, e.g. "
            "postgres://postgres@127.0.0.1:5432/yc_bench_elect"
        )
    if redis and not os.environ.get("REDIS_URL"):
        skip("needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST") and (redis or not k.startswith("REDIS"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="youth_civics.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database,
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        CACHE_KEY_PREFIX="youth-civics-bench",
        LOG_LEVEL="WARNING",
    )
    if redis:
        base = env["REDIS_URL"].rsplit("/", 1)[0]
        redis_db = os.environ.get("BENCH_REDIS_DB", "14")
        env.update(REDIS_URL=f"{base}/{redis_db}", REDIS_CACHE_URL=f"{base}/{redis_db}")
    return env


def skip(reason: str) -> None:
    """Ends the bench without failing ``make bench`` on a machine that lacks
    PostgreSQL or Redis: these figures mean nothing on SQLite."""
    print(f"skipped: {reason}")
    raise SystemExit(0)


def prepare(env: dict[str, str]) -> None:
    """Migrates the database and collects the static files, then sets Django up
    in this process on the same settings."""
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["collectstatic", "--no-input", "-v", "0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=REPO, env=env, check=True
        )
    os.environ.update(env)
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_daphnes(
    env: dict[str, str], count: int
) -> list[tuple[subprocess.Popen, int]]:
    """Starts ``count`` Daphne processes, each on its own port (as behind a proxy
    that spreads clients over them); returns them with their ports once all
    accept connections."""
    servers = []
    for _number in range(count):
        port = free_port()
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)),
                "youth_civics.asgi:application",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("BENCH_LOG") else subprocess.DEVNULL,
        )
        servers.append((process, port))
    deadline = time.monotonic() + 60
    for process, port in servers:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    stop_daphnes(servers)
                    raise RuntimeError("Daphne did not start in 60 s") from None
                time.sleep(0.2)
    return servers


def stop_daphnes(servers: list[tuple[subprocess.Popen, int]]) -> None:
    for process, _port in servers:
        process.terminate()
    for process, _port in servers:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def redis_version() -> str:
    from django.core.cache import cache

    try:
        return cache._cache.get_client().info()["redis_version"]
    except Exception as error:
        return f"unknown ({type(error).__name__})"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def cpu_seconds(pid: int) -> float:
    """Returns the processor time (user and system) a process has used so far,
    or 0 when it is gone or /proc is missing."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_backends(database: str) -> list[int]:
    """Returns the process ids of the PostgreSQL backends serving ``database`` on
    this machine (empty when the server runs elsewhere)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if command.startswith(b"postgres: ") and f" {database} ".encode() in command:
            pids.append(int(entry.name))
    return pids

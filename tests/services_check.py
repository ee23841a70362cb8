"""``python -m tests.services_check DATABASE_URL REDIS_URL``: are the services up?

The suite needs real PostgreSQL and Redis; this says plainly which one is missing
and how to start it, instead of a page of connection errors.
"""

import sys
from urllib.parse import urlparse

HINTS = {
    "PostgreSQL": (
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
    ),
    "Redis": 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
}


def check_postgres(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, connect_timeout=5, autocommit=True) as conn:
        name = parts.path.lstrip("/")
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def check_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=5).ping()


def main(database_url: str, redis_url: str) -> int:
    failures = []
    for name, check, url in (
        ("PostgreSQL", check_postgres, database_url),
        ("Redis", check_redis, redis_url),
    ):
        try:
            check(url)
        except Exception as exc:
            failures.append(
                f"{name} at {url} is not reachable ({exc}).\n"
                f"  Start it with: {HINTS[name]}"
            )
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

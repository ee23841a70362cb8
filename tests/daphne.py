"""Real Daphne servers for browser tests and multi-process WebSocket tests.

A server runs in its own process on the test database (PostgreSQL: SQLite's
in-memory test database cannot be shared between processes) and the Redis channel
layer, exactly as in production, so what a test sees through it is what a user sees.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of_tests() -> str:
    """Returns a URL of the database the tests are using (after it was created)."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError(
            "Tests with a real Daphne need PostgreSQL: set DATABASE_URL "
            "(make test does)."
        )
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}{host}/{db['NAME']}"


class DaphneServer:
    """``with DaphneServer() as server:`` serves at ``server.url`` for the block."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.settings",
            DEBUG="true",
            DATABASE_URL=database_url_of_tests(),
            LOG_LEVEL="WARNING",
        )
        if not settings.REDIS_URL:
            raise RuntimeError("Tests with a real Daphne need Redis: set REDIS_URL.")
        return env

    def __enter__(self) -> DaphneServer:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "youth_civics.asgi:application",
            ],
            cwd=REPO,
            env=self.environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Daphne exited: {self.process.stderr.read().decode()}"
                )
            try:
                with urllib.request.urlopen(
                    f"{self.url}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"Daphne did not answer on {self.url} within {timeout:g} s")

    def __exit__(self, *exc_info) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

"""A clock the tests move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    """Callable like the engine's clock; ``advance()`` moves time forward."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0, *, ms: int = 0) -> datetime:
        self.now += timedelta(seconds=seconds, milliseconds=ms)
        return self.now

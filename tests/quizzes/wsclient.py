"""A live-quiz client over real WebSockets, following the protocol as a browser
would: it numbers what it receives, asks for the full state when it sees a gap,
and ignores events older than what it knows."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect


class QuizClient:
    def __init__(self, connection):
        self.connection = connection
        self.last_seq = 0
        self.received: list[dict] = []
        self.syncs = 0

    @classmethod
    async def open(cls, base_url: str, path: str, *, cookie: str | None = None):
        """Connects to ``path`` on the server at ``base_url`` (http://host:port)."""
        headers = {"Accept-Language": "en"}
        if cookie:
            headers["Cookie"] = cookie
        connection = await connect(
            base_url.replace("http://", "ws://") + path,
            origin=base_url,
            additional_headers=headers,
            proxy=None,
            open_timeout=15,
        )
        return cls(connection)

    async def close(self) -> None:
        await self.connection.close()

    async def send(self, message: dict) -> None:
        await self.connection.send(json.dumps(message))

    async def _next(self) -> dict | None:
        """Returns the next message to act on, or None for a stale event."""
        message = json.loads(await self.connection.recv())
        self.received.append(message)
        if message["type"] == "state":
            self.last_seq = message["seq"]
            return message
        if message["type"] in {"ack", "error", "pong", "joined", "ok"}:
            return message
        if message["seq"] <= self.last_seq:
            return None
        if message["seq"] > self.last_seq + 1:
            # A gap: something was lost on the way; ask for everything.
            self.syncs += 1
            await self.send({"type": "sync"})
        self.last_seq = message["seq"]
        return message

    async def expect(self, *kinds: str, timeout: float = 20) -> dict:
        """Returns the next message of one of ``kinds``."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self._next()
                if message is not None and message["type"] in kinds:
                    return message

"""WebSocket clients for the consumer tests: the site's real ASGI application,
through origin validation and session authentication, on an isolated prefix of the
Redis channel layer."""

from __future__ import annotations

import asyncio
import json
import uuid
from contextlib import asynccontextmanager

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client

from tests.quizzes.layers import channel_layers

ORIGIN = (b"origin", b"http://127.0.0.1")
# The tests read messages in English, as a browser set to English asks for them.
ENGLISH = (b"accept-language", b"en")


def isolated_channel_layers(redis_url: str | None) -> dict:
    """Channel layers whose group names no other test run shares."""
    return channel_layers(redis_url, f"test-{uuid.uuid4().hex}")


def session_cookie(user) -> tuple[bytes, bytes]:
    """A Cookie header signing ``user`` in (the database session backend)."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())


class Socket:
    """A connected client; ``expect(type)`` skips to the next message of a type."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator
        self.seen: list[dict] = []

    async def send(self, message: dict | str) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        await self.communicator.send_to(text_data=text)

    async def receive(self, timeout: float = 5) -> dict:
        message = await self.communicator.receive_json_from(timeout=timeout)
        self.seen.append(message)
        return message

    async def expect(self, kind: str, timeout: float = 5, **fields) -> dict:
        """Returns the next message of type ``kind`` (with ``fields``), skipping
        others; fails after ``timeout`` seconds."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self.receive(timeout=timeout)
                if message["type"] == kind and all(
                    message.get(k) == v for k, v in fields.items()
                ):
                    return message

    async def closed(self, timeout: float = 5) -> int | None:
        """Reads up to the close; returns its code."""
        async with asyncio.timeout(timeout):
            while True:
                output = await self.communicator.receive_output(timeout=timeout)
                if output["type"] == "websocket.close":
                    return output.get("code")
                if output.get("text"):
                    self.seen.append(json.loads(output["text"]))

    async def silent(self, timeout: float = 0.3) -> bool:
        return await self.communicator.receive_nothing(timeout=timeout)


@asynccontextmanager
async def connected(path: str, *headers: tuple[bytes, bytes], origin=ORIGIN):
    """Opens a socket to ``path``; always disconnects it afterwards."""
    from youth_civics.asgi import application

    sent = [ENGLISH, *headers]
    communicator = WebsocketCommunicator(
        application, path, headers=[origin, *sent] if origin else sent
    )
    try:
        accepted, _ = await communicator.connect(timeout=5)
        yield Socket(communicator) if accepted else None
    finally:
        await communicator.disconnect()


async def close_database_connections() -> None:
    """Closes the connection of the thread that runs the tests' and consumers'
    database calls, so no later test finds it open."""
    await database_sync_to_async(connections.close_all)()

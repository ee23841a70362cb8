"""``/healthz``: can the site serve? Checks the database and the channel layer."""

import asyncio
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

CHECK_TIMEOUT = 3.0


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("the channel layer returned another message")


async def _run(check) -> str | None:
    """Returns None when the check passes, else the reason it failed."""
    try:
        await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT)
    except TimeoutError:
        return f"no answer within {CHECK_TIMEOUT:g} s"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@never_cache
async def healthz(request):
    problems = {
        "database": await _run(sync_to_async(_check_database, thread_sensitive=True)),
        "channel_layer": await _run(_check_channel_layer),
    }
    status = 200 if not any(problems.values()) else 503
    body = {
        "status": "ok" if status == 200 else "unavailable",
        "checks": {name: reason or "ok" for name, reason in problems.items()},
    }
    return JsonResponse(body, status=status)

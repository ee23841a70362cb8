"""Channel-layer settings for tests on Redis (no Django import: settings modules
use it)."""

from __future__ import annotations

# channels-redis waits for messages with a blocking pop of 5 s; redis-py 8 gives
# every socket a default read timeout of 5 s, so an idle consumer's wait can time
# out first and crash it. A longer socket timeout avoids that race (see
# django/channels_redis#422); the project's settings need the same.
SOCKET_TIMEOUT = 15


def channel_layers(redis_url: str | None, prefix: str) -> dict:
    """Channel layers on Redis under ``prefix`` (in memory without Redis)."""
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    host = {"address": redis_url, "socket_timeout": SOCKET_TIMEOUT}
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [host], "prefix": prefix},
        }
    }

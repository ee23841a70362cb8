"""A fixed-window rate limiter on the cache (Redis when configured).

Shared by sign-in, invitations and (later) quiz joins and voting codes: anything a
stranger could try to guess.
"""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """Returns the client's address.

    Behind the reverse proxy (``BEHIND_PROXY``) that is the last address the proxy
    appended to X-Forwarded-For; otherwise the header is ignored, because anyone can
    send it.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.BEHIND_PROXY:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Counts one attempt; returns False once ``limit`` attempts fell in the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # The key expired between add() and incr().
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit

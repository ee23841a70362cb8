"""Typed readers of environment variables for ``settings.py``.

Each reader returns the default when the variable is unset or empty and raises
:class:`~django.core.exceptions.ImproperlyConfigured` naming the variable and the
value it could not read, so a bad deployment fails at start-up, not at the first
request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = _raw(name)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default or ""
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; "
        "use one of true/false, 1/0, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Reads a comma-separated list; blank items are dropped."""
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    path = Path(value) if value is not None else default
    if not path.is_absolute():
        raise ImproperlyConfigured(f"{name}={value!r} must be an absolute path.")
    return path


def env_database(name: str, default: str, *, pool_size: int = 10) -> dict[str, Any]:
    """Reads a database URL (``postgres://...`` or ``sqlite:///...``).

    PostgreSQL gets a connection pool of at most ``pool_size`` connections per
    process. Under ASGI, Django runs sync code in several threads, and persistent
    per-thread connections would pile up until the server refuses new clients; a
    request waits up to 10 s for a pooled connection instead.
    """
    url = _raw(name) or default
    try:
        config = dj_database_url.parse(url)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured(
            f"{name} must point to PostgreSQL (postgres://) or SQLite (sqlite://)."
        )
    config["CONN_MAX_AGE"] = 0
    if engine.endswith("postgresql"):
        pool = {"min_size": 1, "max_size": pool_size, "timeout": 10}
        config.setdefault("OPTIONS", {})["pool"] = pool
    return config


def env_redis_url(name: str) -> str | None:
    value = _raw(name)
    if value is None:
        return None
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"{name}={value!r} must start with redis://, rediss:// or unix://."
        )
    return value

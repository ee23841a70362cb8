"""The live-quiz WebSocket protocol: message schemas, validation, close codes and
the per-connection message budget. No Django import; ``docs/quizzes/protocol.md``
describes every message.

A client message is a JSON object with a ``type`` and the fields its schema lists,
nothing else; it may carry an ``id`` (string or integer), echoed back as
``reply_to`` in the reply.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Any

MAX_FRAME = 4096  # characters of one incoming text frame
ID_MAX = 40

# Close codes: 4000 + the HTTP status that means the same.
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_REMOVED = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_FINISHED = 4410
CLOSE_TOO_BIG = 4413
CLOSE_TOO_MANY = 4429
CLOSE_SERVER_ERROR = 1011

# Refusals that end the connection, and with which code.
CLOSING_CODES = {
    "not_signed_in": CLOSE_NOT_SIGNED_IN,
    "removed": CLOSE_REMOVED,
    "no_such_game": CLOSE_NOT_FOUND,
    "not_found": CLOSE_NOT_FOUND,
    "finished": CLOSE_FINISHED,
    "too_big": CLOSE_TOO_BIG,
    "too_many_attempts": CLOSE_TOO_MANY,
    "too_many_messages": CLOSE_TOO_MANY,
    "server_error": CLOSE_SERVER_ERROR,
}


class ProtocolError(ValueError):
    """A message that does not follow the protocol; ``code`` and ``field`` say how."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Field:
    """One field of a message: its JSON type and limits."""

    kind: str  # "str", "int", "number", "bool", "object"
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None

    def accepts(self, value: Any) -> bool:
        checks = {
            "str": lambda v: isinstance(v, str),
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: (
                isinstance(v, int | float)
                and not isinstance(v, bool)
                and math.isfinite(v)
            ),
            "bool": lambda v: isinstance(v, bool),
            "object": lambda v: isinstance(v, dict),
        }
        if not checks[self.kind](value):
            return False
        if self.max_length is not None and len(value) > self.max_length:
            return False
        if self.minimum is not None and value < self.minimum:
            return False
        return self.maximum is None or value <= self.maximum


PLAYER_MESSAGES: dict[str, dict[str, Field]] = {
    "join": {"nickname": Field("str", required=False, max_length=100)},
    "rejoin": {"token": Field("str", max_length=100)},
    "answer": {
        "question": Field("int", minimum=0, maximum=999),
        "answer": Field("object"),
    },
    "sync": {},
    "ping": {},
}

HOST_MESSAGES: dict[str, dict[str, Field]] = {
    "start": {},
    # What the host's screen showed: a control meant for a phase or question the
    # game has left is not applied (two devices, or a double tap).
    "next": {
        "phase": Field("str", required=False, max_length=12),
        "question": Field("int", required=False, minimum=0, maximum=999),
    },
    "skip": {
        "phase": Field("str", required=False, max_length=12),
        "question": Field("int", required=False, minimum=0, maximum=999),
    },
    "pause": {},
    "resume": {},
    "end": {},
    "add_time": {"seconds": Field("int", minimum=1, maximum=60)},
    "lock": {"locked": Field("bool")},
    "remove": {"player": Field("int", minimum=1)},
    "extend_time": {
        "player": Field("int", minimum=1),
        "multiplier": Field("number", minimum=1, maximum=3),
    },
    "approve": {"answer": Field("int", minimum=1)},
    "sync": {},
    "ping": {},
}

_ID = Field("str", required=False, max_length=ID_MAX)
_NUMERIC_ID = Field("int", required=False, minimum=0, maximum=2**53)


def decode(text: str) -> Any:
    """Returns the JSON value of a text frame; raises ``too_big`` or ``bad_json``."""
    if len(text) > MAX_FRAME:
        raise ProtocolError("too_big")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("bad_json") from None


def validate(message: Any, schemas: dict[str, dict[str, Field]]) -> dict:
    """Returns the message if it follows its type's schema; raises
    :class:`ProtocolError` ``invalid_message`` (naming the field) or
    ``unknown_type``."""
    if not isinstance(message, dict):
        raise ProtocolError("invalid_message")
    kind = message.get("type")
    if not isinstance(kind, str):
        raise ProtocolError("invalid_message", "type")
    if kind not in schemas:
        raise ProtocolError("unknown_type", "type")
    fields = schemas[kind]
    for name, value in message.items():
        if name == "type":
            continue
        if name == "id":
            if not (_ID.accepts(value) or _NUMERIC_ID.accepts(value)):
                raise ProtocolError("invalid_message", "id")
            continue
        if name not in fields or not fields[name].accepts(value):
            raise ProtocolError("invalid_message", name)
    for name, field in fields.items():
        if field.required and name not in message:
            raise ProtocolError("invalid_message", name)
    return message


def reply_id(message: Any) -> str | int | None:
    """Returns the client's ``id`` of a message, if it sent a usable one."""
    if isinstance(message, dict):
        value = message.get("id")
        if _ID.accepts(value) or _NUMERIC_ID.accepts(value):
            return value
    return None


class Budget:
    """A token bucket per connection: ``burst`` messages at once, refilled at
    ``rate`` per second. Messages over budget are dropped; a connection that keeps
    flooding (``limit`` drops in a row) is closed."""

    def __init__(
        self, *, rate: float = 10, burst: int = 20, limit: int = 40, clock=None
    ):
        self.rate = rate
        self.burst = burst
        self.limit = limit
        self.clock = clock or time.monotonic
        self.tokens = float(burst)
        self.updated = self.clock()
        self.dropped = 0

    def take(self) -> bool:
        """Spends one message; returns False when over budget."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.dropped = 0
            return True
        self.dropped += 1
        return False

    @property
    def exhausted(self) -> bool:
        """Whether the connection kept flooding long enough to be closed."""
        return self.dropped >= self.limit

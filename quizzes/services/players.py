"""Players: joining with a PIN and a nickname, rejoining with the device's token,
their sockets, and what the host may do to them.

Nicknames are checked against the word lists (:mod:`quizzes.nicknames`) and are
unique in a game ignoring case and diacritics (a constraint, so concurrent joins
with one nickname let exactly one in). The reconnect token is shown to the device
once and stored only as a SHA-256 hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from quizzes import events, nicknames, payloads, selectors
from quizzes.messages import refusal
from quizzes.models import LiveSession, Player
from quizzes.models.live import PIN_LENGTH
from quizzes.services.live import (
    SESSION_MAX_AGE,
    live_session_close_if_due,
    locked_for_host,
)
from school_councils import pseudonyms
from youth_civics import ratelimit

TOKEN_MAX = 100
_PIN = re.compile(rf"\d{{{PIN_LENGTH}}}")

# Joining from one address: a whole class shares a school's address, so all
# attempts get a generous limit; PINs that lead nowhere (guessing) a strict one.
JOIN_RATE_LIMIT = getattr(settings, "QUIZ_JOIN_RATE_LIMIT", 120)
JOIN_FAILURE_LIMIT = getattr(settings, "QUIZ_JOIN_FAILURE_LIMIT", 20)
JOIN_RATE_WINDOW = getattr(settings, "QUIZ_JOIN_RATE_WINDOW", 60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _blocked_key(client: str) -> str:
    return f"quiz-join-blocked:{client}"


def join_allowed(*, client: str) -> bool:
    """Counts one attempt to reach a game from ``client`` (an address); returns
    False while the address is blocked or over the limit."""
    if cache.get(_blocked_key(client)) is not None:
        return False
    return ratelimit.hit(
        "quiz-join", client, limit=JOIN_RATE_LIMIT, window=JOIN_RATE_WINDOW
    )


def join_failed(*, client: str) -> None:
    """Counts a PIN or token that led nowhere; too many block the address for the
    window."""
    if not ratelimit.hit(
        "quiz-join-failed", client, limit=JOIN_FAILURE_LIMIT, window=JOIN_RATE_WINDOW
    ):
        cache.set(_blocked_key(client), True, timeout=JOIN_RATE_WINDOW)


def session_for_pin(pin: str) -> LiveSession:
    """Returns the running session with this PIN; refuses with ``no_such_game`` or,
    for a game that ended, ``finished``."""
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        raise refusal("no_such_game")
    session = selectors.active_session_for_pin(pin)
    if session is not None:
        return session
    recent = timezone.now() - SESSION_MAX_AGE
    if LiveSession.objects.filter(pin=pin, ended_at__gte=recent).exists():
        raise refusal("finished")
    raise refusal("no_such_game")


def _clean_nickname(nickname: str) -> str | None:
    """Returns the checked nickname, or None for a blank one (one is generated)."""
    if not isinstance(nickname, str) or not nickname.strip():
        return None
    try:
        return nicknames.check(nickname)
    except nicknames.NicknameError as error:
        raise refusal(
            f"nickname_{error.code}",
            min=nicknames.MIN_LENGTH,
            max=nicknames.MAX_LENGTH,
        ) from None


def _generated_nickname(session: LiveSession) -> str:
    taken = set(session.players.values_list("nickname", flat=True))
    (name,) = pseudonyms.generate(1, language=session.quiz.language, taken=taken)
    return name[: nicknames.MAX_LENGTH].strip()


@dataclass(frozen=True)
class Joined:
    """A new player and the reconnect token shown to their device (only once)."""

    player: Player
    token: str


def player_join(*, pin: str, nickname: str) -> Joined:
    """Adds a player to the running game with this PIN.

    The nickname is checked (length, characters, the offensive-word lists) and
    must be unique in the game ignoring case and diacritics; a blank one gets a
    generated pseudonym in the quiz's language.
    """
    session = session_for_pin(pin)
    if session.locked:
        raise refusal("locked")
    chosen = _clean_nickname(nickname)
    for _attempt in range(1 if chosen else 5):
        name = chosen or _generated_nickname(session)
        token = secrets.token_urlsafe(24)
        try:
            with transaction.atomic():
                player = Player.objects.create(
                    session=session,
                    nickname=name,
                    nickname_key=nicknames.key(name),
                    token_hash=token_hash(token),
                )
                _announce_player(session, "player_joined", player, to_player=False)
        except IntegrityError:
            continue  # Someone took the nickname first.
        return Joined(player, token)
    raise refusal("nickname_taken")


def _announce_player(
    session: LiveSession, event_type: str, player: Player, *, to_player: bool = True
) -> None:
    """Tells the hosts (and, unless it is their own arrival, which their socket
    hears in its reply, the player's sockets) about a change to one player."""
    events.publish_to_hosts(
        session.pk,
        event_type,
        lambda: {
            "player": payloads.player_payload(player),
            "players": session.players.filter(removed=False).count(),
        },
        player_id=player.pk if to_player else None,
    )


def player_rejoin(*, token: str, pin: str | None = None) -> Player:
    """Returns the player whose device holds ``token``, with nickname, score and
    streak as they were; refuses a removed player and a finished game."""
    if not isinstance(token, str) or not 0 < len(token) <= TOKEN_MAX:
        raise refusal("no_such_player")
    player = (
        Player.objects.select_related("session__quiz")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if player is None or (pin is not None and player.session.pin != pin):
        raise refusal("no_such_player")
    if player.removed:
        raise refusal("removed")
    if player.session.ended_at is not None:
        raise refusal("finished")
    return player


def player_connected(*, player: Player) -> None:
    """Counts an open socket of the player and tells the hosts."""
    with transaction.atomic():
        Player.objects.filter(pk=player.pk).update(connections=F("connections") + 1)
        _announce_presence(player, connected=True)


def player_disconnected(*, player: Player) -> None:
    """Counts a closed socket; a player with none left no longer holds the open
    question, which may then close."""
    with transaction.atomic():
        Player.objects.filter(pk=player.pk, connections__gt=0).update(
            connections=F("connections") - 1
        )
        _announce_presence(player, connected=None)
    live_session_close_if_due(session_id=player.session_id)


def _announce_presence(player: Player, *, connected: bool | None) -> None:
    def data():
        count = Player.objects.values_list("connections", flat=True).get(pk=player.pk)
        return {"player": player.pk, "connected": connected or count > 0}

    events.publish_to_hosts(player.session_id, "presence", data)


# The host and the players ---------------------------------------------------------


def _player_of(session: LiveSession, player_id: int) -> Player:
    player = session.players.filter(pk=player_id).first()
    if player is None:
        raise refusal("no_such_player_here")
    return player


def player_remove(*, by, session: LiveSession, player_id: int) -> Player:
    """Removes a player: their socket is closed, they cannot rejoin, and they leave
    the standings."""
    with transaction.atomic():
        row = locked_for_host(by, session)
        player = _player_of(row, player_id)
        if not player.removed:
            player.removed = True
            player.save(update_fields=["removed"])
            _announce_player(row, "player_removed", player)
    live_session_close_if_due(session_id=session.pk)
    return player


def player_extend_time(
    *, by, session: LiveSession, player_id: int, multiplier
) -> Player:
    """Gives a player more time on every question (1 to 3 times the usual)."""
    try:
        value = Decimal(str(multiplier)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise refusal("bad_multiplier") from None
    if isinstance(multiplier, bool) or not Decimal(1) <= value <= Decimal(3):
        raise refusal("bad_multiplier")
    with transaction.atomic():
        row = locked_for_host(by, session)
        player = _player_of(row, player_id)
        player.time_multiplier = value
        player.save(update_fields=["time_multiplier"])
        _announce_player(row, "player_updated", player)
    return player

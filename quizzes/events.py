"""Events to a live session's clients, sent only after the transaction commits.

Two numbered streams, both kept on the session row (an atomic update, held until
commit, so two transactions never take the same number):

- ``seq`` numbers the events everyone needs (phases, questions, counts,
  results), sent to the session's group: phones see 1, 2, 3...
- ``host_seq`` numbers every event the hosts get: those above, and the roster
  events (arrivals, presence, removals, extra time) sent to the hosts' group
  only. A thousand arrivals told to a thousand phones would be a million
  deliveries; told to the hosts, a thousand.

An event of the session's group carries both numbers (``seq`` and
``host_seq``); a host's socket shows ``host_seq`` as its ``seq``. Notices to the
hosts and replies to one client are not numbered events: they carry the current
number for information. A roster event about one player also goes, unnumbered,
to that player's own group, so that player's sockets learn of their removal or
extra time.

The channel layer is only transport: when it fails, the change is already in the
database and clients catch up with ``sync``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

from quizzes.models import LiveSession

logger = logging.getLogger(__name__)

# The consumer method that receives group messages (``quiz.event`` → quiz_event).
HANDLER = "quiz.event"


def group_name(session_id: int) -> str:
    """Returns the group of everyone in the session: players and hosts."""
    return f"quiz-{session_id}"


def hosts_group_name(session_id: int) -> str:
    """Returns the group of the session's hosts only."""
    return f"quiz-{session_id}-hosts"


def player_group_name(session_id: int, player_id: int) -> str:
    """Returns the group of one player's sockets (a phone may reconnect, or a
    player may have two tabs open)."""
    return f"quiz-{session_id}-player-{player_id}"


def next_seq(session_id: int) -> tuple[int, int]:
    """Returns the session's next event number and the hosts' next one."""
    LiveSession.objects.filter(pk=session_id).update(
        seq=F("seq") + 1, host_seq=F("host_seq") + 1
    )
    return tuple(LiveSession.objects.values_list("seq", "host_seq").get(pk=session_id))


def next_host_seq(session_id: int) -> int:
    """Returns the hosts' next event number, for an event only hosts are sent."""
    LiveSession.objects.filter(pk=session_id).update(host_seq=F("host_seq") + 1)
    return current_host_seq(session_id)


def current_host_seq(session_id: int) -> int:
    return LiveSession.objects.values_list("host_seq", flat=True).get(pk=session_id)


def publish(session_id: int, event_type: str, data: dict | None = None) -> dict:
    """Numbers an event and sends it to everyone in the session after commit.

    Must run inside the transaction that made the change the event reports.
    """
    with transaction.atomic():
        seq, host_seq = next_seq(session_id)
        event = {"type": event_type, "seq": seq, "host_seq": host_seq, **(data or {})}
        _after_commit(group_name(session_id), event)
    return event


def publish_to_hosts(
    session_id: int,
    event_type: str,
    data: Callable[[], dict],
    *,
    player_id: int | None = None,
) -> dict:
    """Numbers a roster event in the hosts' stream and sends it to the hosts after
    commit; with ``player_id``, also (unnumbered) to that player's sockets.

    ``data`` is called once the number is taken: taking it waits for every
    earlier event's transaction to end, so what ``data`` reads (how many have
    joined) includes them, even when a class joins at once.
    Must run inside the transaction that made the change the event reports.
    """
    with transaction.atomic():
        seq = next_host_seq(session_id)
        event = {"type": event_type, "seq": seq, **data()}
        _after_commit(hosts_group_name(session_id), event)
        if player_id is not None:
            _after_commit(player_group_name(session_id, player_id), event)
    return event


def notify_hosts(session_id: int, event_type: str, data: dict | None = None) -> dict:
    """Sends a notice to the session's hosts only, after commit (not numbered)."""
    notice = {"type": event_type, "seq": current_host_seq(session_id), **(data or {})}
    _after_commit(hosts_group_name(session_id), notice)
    return notice


def _after_commit(group: str, event: dict) -> None:
    transaction.on_commit(lambda: send(group, event))


def send(group: str, event: dict) -> None:
    """Sends ``event`` to ``group`` now; a failing channel layer is logged, never
    raised, since the database already holds what the event reports."""
    try:
        async_to_sync(get_channel_layer().group_send)(
            group, {"type": HANDLER, "event": event}
        )
    except Exception:  # Transport only: clients resync from the database.
        logger.exception("Could not send %s to %s", event.get("type"), group)
